# SPDX-License-Identifier: GPL-3.0-or-later
"""Authorization rules of the archive routes (gathered by test_authz_matrix.py).

The matrix has no simulator: its cameras have no recording and no stream, so a caller
who passes the right and scope checks gets a 409 (``camera.no_recording`` /
``camera.stream_unavailable``) instead of a device call, and the snapshot it reads is a
stored file.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from urllib.parse import urlencode

from hub.archive.models import EvidenceSnapshot
from hub.catalog.models import Camera
from hub.contracts import Permission
from hub.db import transaction
from tests.hub.authz import Builder, Case, Ctx, Rule, static


def _camera(ctx: Ctx, situation: str) -> int:
    """A camera without recording or streams in the situation's territory."""
    now = ctx.live.clock.now()
    unit = ctx.unit(situation)
    with transaction(ctx.live.hub.sessions) as s:
        cam = Camera(
            code=f"matrix-{next(ctx.counter)}",
            name="matrix camera",
            onvif_url="http://192.0.2.1/onvif/device_service",
            rtsp_main_url=None,
            rtsp_sub_url=None,
            has_recording=False,
            managing_unit_id=unit,
            operating_unit_id=unit,
            tier="tier_3",
            category="security",
            territory_id=ctx.territory(situation),
            mounting_layer="5_10m",
            created_at=now,
            updated_at=now,
        )
        s.add(cam)
        s.flush()
        return cam.id


def _recordings(ctx: Ctx, actor: str, situation: str) -> Case:
    now = ctx.live.clock.now()
    query = urlencode({"start": (now - timedelta(hours=1)).isoformat(), "end": now.isoformat()})
    return Case(f"/api/cameras/{_camera(ctx, situation)}/recordings?{query}")


def _archive_grant(ctx: Ctx, actor: str, situation: str) -> Case:
    start = (ctx.live.clock.now() - timedelta(hours=1)).isoformat()
    return Case(
        f"/api/cameras/{_camera(ctx, situation)}/archive-grants", {"start": start, "rate": 1}
    )


def _snapshot(ctx: Ctx, actor: str, situation: str) -> Case:
    return Case(f"/api/cameras/{_camera(ctx, situation)}/snapshots", {"stream": "sub"})


def _stored_snapshot(ctx: Ctx, actor: str, situation: str) -> Case:
    camera_id = _camera(ctx, situation)
    data = b"\xff\xd8\xff\xe0matrix" + secrets.token_bytes(8)
    name = f"{secrets.token_hex(16)}.jpg"
    directory = ctx.live.hub.settings.data_dir / "snapshots"
    directory.mkdir(parents=True, exist_ok=True)
    (directory / name).write_bytes(data)
    now = ctx.live.clock.now()
    with transaction(ctx.live.hub.sessions) as s:
        row = EvidenceSnapshot(
            camera_id=camera_id,
            source="live",
            file_name=name,
            sha256=hashlib.sha256(data).hexdigest(),
            size=len(data),
            captured_at=now,
            taken_by=ctx.province.user_ids["r_none"],
            created_at=now,
        )
        s.add(row)
        s.flush()
        return Case(f"/api/snapshots/{row.id}")


def _scoped(need: Permission, build: Builder) -> Rule:
    return Rule(need, build, scoped=True, approval_extends=True)


RULES: dict[tuple[str, str], Rule] = {
    ("GET", "/api/archive/limits"): Rule(Permission.IMAGE_ARCHIVE, static("/api/archive/limits")),
    ("GET", "/api/cameras/{camera_id}/recordings"): _scoped(Permission.IMAGE_ARCHIVE, _recordings),
    ("POST", "/api/cameras/{camera_id}/archive-grants"): _scoped(
        Permission.IMAGE_ARCHIVE, _archive_grant
    ),
    ("POST", "/api/cameras/{camera_id}/snapshots"): _scoped(Permission.IMAGE_SNAPSHOT, _snapshot),
    ("GET", "/api/snapshots/{snapshot_id}"): _scoped(Permission.IMAGE_SNAPSHOT, _stored_snapshot),
}
