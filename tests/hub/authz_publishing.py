# SPDX-License-Identifier: GPL-3.0-or-later
"""Authorization rules of publishing case media (hub/publishing).

The targets are concluded district A cases (see ``authz_cases``), each with a snapshot
whose stored picture is a real (small, plain) JPEG, so an allowed proposal, preview or
publication runs the detector and renderer to its success. Proposing, previewing,
publishing and fetching the copy need ``case.publish``; reading the publications is for
anyone who sees the case. Before the conclusion, the wrong unit, bad input:
tests/hub/publishing.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

import cv2
import numpy as np

from hub.archive.models import EvidenceSnapshot
from hub.archive.snapshots import snapshot_dir
from hub.cases.models import CaseMedia
from hub.contracts import Permission
from hub.db import transaction
from hub.publishing.models import Publication
from hub.publishing.service import publication_dir
from tests.hub.authz import SESSION, Case, Ctx, Rule
from tests.hub.authz_cases import _case

PUBLISH = Permission.CASE_PUBLISH


def _picture() -> bytes:
    gradient = np.tile(np.arange(320, dtype=np.uint8)[None, :, None] // 2, (180, 1, 3))
    ok, data = cv2.imencode(".jpg", gradient)
    assert ok
    return bytes(data.tobytes())


def _someone(ctx: Ctx) -> int:
    """An account of the matrix (who took the snapshot, who published)."""
    return ctx.province.user_ids[next(iter(ctx.placement))]


def _concluded(ctx: Ctx) -> tuple[int, int]:
    """A concluded district A case and its snapshot (a stored JPEG)."""
    case_id = _case(ctx, "concluded")
    blob = _picture()
    sha = hashlib.sha256(blob).hexdigest()
    directory = snapshot_dir(ctx.live.hub)
    directory.mkdir(parents=True, exist_ok=True)
    name = f"{secrets.token_hex(8)}.jpg"
    (directory / name).write_bytes(blob)
    with transaction(ctx.live.hub.sessions) as s:
        now = ctx.live.clock.now()
        camera_id = ctx.camera("in_scope")
        snap = EvidenceSnapshot(
            camera_id=camera_id,
            source="archive",
            file_name=name,
            sha256=sha,
            size=len(blob),
            captured_at=now - timedelta(minutes=30),
            taken_by=_someone(ctx),
            created_at=now,
        )
        s.add(snap)
        s.flush()
        medium = CaseMedia(
            case_id=case_id,
            kind="snapshot",
            camera_id=camera_id,
            start=now - timedelta(minutes=30),
            end=now - timedelta(minutes=30),
            duration_seconds=0.0,
            sha256=sha,
            size=len(blob),
            snapshot_id=snap.id,
            added_at=now,
        )
        s.add(medium)
        s.flush()
        return case_id, medium.id


def _stored(ctx: Ctx) -> tuple[int, int]:
    """A ready publication of a concluded case (its file a stand-in)."""
    case_id, media_id = _concluded(ctx)
    data = secrets.token_bytes(64)
    name = f"mx-{secrets.token_hex(6)}.jpg"
    directory = publication_dir(ctx.live.hub)
    directory.mkdir(parents=True, exist_ok=True)
    (directory / name).write_bytes(data)
    with transaction(ctx.live.hub.sessions) as s:
        now = ctx.live.clock.now()
        row = Publication(
            case_id=case_id,
            media_id=media_id,
            channel="city_app",
            status="ready",
            tracks_json="[]",
            track_count=0,
            masks_json="[]",
            note="",
            original_sha256=secrets.token_hex(32),
            published_by=_someone(ctx),
            published_unit_id=ctx.province.units["districtA"],
            published_at=now,
            built_at=now,
            file_name=name,
            sha256=hashlib.sha256(data).hexdigest(),
            size=len(data),
        )
        s.add(row)
        s.flush()
        return case_id, row.id


BOX = {"t": 0.0, "x": 0.1, "y": 0.1, "w": 0.2, "h": 0.2}
TRACKS = [{"id": "m1", "kind": "manual", "keyframes": [BOX]}]


def _propose(ctx: Ctx, actor: str, situation: str) -> Case:
    case_id, media_id = _concluded(ctx)
    return Case(f"/api/cases/{case_id}/publications/proposals", {"medium_id": media_id})


def _preview(ctx: Ctx, actor: str, situation: str) -> Case:
    case_id, media_id = _concluded(ctx)
    body = {"medium_id": media_id, "t": 0.0, "tracks": TRACKS}
    return Case(f"/api/cases/{case_id}/publications/preview", body)


def _publish(ctx: Ctx, actor: str, situation: str) -> Case:
    case_id, media_id = _concluded(ctx)
    body = {"medium_id": media_id, "channel": "city_app", "tracks": TRACKS}
    return Case(f"/api/cases/{case_id}/publications", body)


def _list(ctx: Ctx, actor: str, situation: str) -> Case:
    case_id, _ = _stored(ctx)
    return Case(f"/api/cases/{case_id}/publications")


def _one(ctx: Ctx, actor: str, situation: str) -> Case:
    case_id, publication_id = _stored(ctx)
    return Case(f"/api/cases/{case_id}/publications/{publication_id}")


def _file(ctx: Ctx, actor: str, situation: str) -> Case:
    case_id, publication_id = _stored(ctx)
    return Case(f"/api/cases/{case_id}/publications/{publication_id}/file")


RULES: dict[tuple[str, str], Rule] = {
    ("POST", "/api/cases/{case_id}/publications/proposals"): Rule(PUBLISH, _propose),
    ("POST", "/api/cases/{case_id}/publications/preview"): Rule(PUBLISH, _preview),
    ("POST", "/api/cases/{case_id}/publications"): Rule(PUBLISH, _publish),
    ("GET", "/api/cases/{case_id}/publications"): Rule(SESSION, _list),
    ("GET", "/api/cases/{case_id}/publications/{publication_id}"): Rule(SESSION, _one),
    ("GET", "/api/cases/{case_id}/publications/{publication_id}/file"): Rule(PUBLISH, _file),
}
