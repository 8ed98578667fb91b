# SPDX-License-Identifier: GPL-3.0-or-later
"""Authorization rules of the archive routes (gathered by test_authz_matrix.py).

The cameras are the simulator's fixed camera (``Ctx.camera``): an allowed caller searches
its recordings over ONVIF (200), gets an archive grant of the stand-in relay after the
device gave its replay URI (201) and a live snapshot ffmpeg took from its RTSP stream
(201); the stored snapshot it reads back is a file written here (200).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from urllib.parse import urlencode

from hub.archive.models import EvidenceSnapshot
from hub.contracts import Permission
from hub.db import transaction
from tests.hub.authz import Case, Ctx, Rule, image_rule, static


def _recordings(ctx: Ctx, actor: str, situation: str) -> Case:
    now = ctx.live.clock.now()
    query = urlencode({"start": (now - timedelta(hours=1)).isoformat(), "end": now.isoformat()})
    return Case(f"/api/cameras/{ctx.camera(situation)}/recordings?{query}")


def _archive_grant(ctx: Ctx, actor: str, situation: str) -> Case:
    start = (ctx.live.clock.now() - timedelta(hours=1)).isoformat()
    return Case(f"/api/cameras/{ctx.camera(situation)}/archive-grants", {"start": start, "rate": 1})


def _snapshot(ctx: Ctx, actor: str, situation: str) -> Case:
    return Case(f"/api/cameras/{ctx.camera(situation)}/snapshots", {"stream": "sub"})


def _stored_snapshot(ctx: Ctx, actor: str, situation: str) -> Case:
    camera_id = ctx.camera(situation)
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


ARCHIVE, SNAPSHOT = Permission.IMAGE_ARCHIVE, Permission.IMAGE_SNAPSHOT

RULES: dict[tuple[str, str], Rule] = {
    ("GET", "/api/archive/limits"): Rule(ARCHIVE, static("/api/archive/limits")),
    ("GET", "/api/cameras/{camera_id}/recordings"): image_rule(ARCHIVE, _recordings),
    ("POST", "/api/cameras/{camera_id}/archive-grants"): image_rule(ARCHIVE, _archive_grant),
    ("POST", "/api/cameras/{camera_id}/snapshots"): image_rule(SNAPSHOT, _snapshot),
    ("GET", "/api/snapshots/{snapshot_id}"): image_rule(SNAPSHOT, _stored_snapshot),
}
