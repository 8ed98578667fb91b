# SPDX-License-Identifier: GPL-3.0-or-later
"""Media of a case: clips cut by the hub from the archive (stream copy, content-addressed
by SHA-256, :mod:`hub.archive.clips`) and snapshots (evidence snapshots of
:mod:`hub.archive.snapshots`).

Only the case's operating unit adds media, to a draft, from the case's own cameras and
within their ranges (DH 11.3a: the IOC hands over the violation's data; YB 12.2a: the
operating unit extracts): a case is never a pretext to cut any footage. Each medium is
logged in the extraction log and the personal-data log and stays under legal hold while
the case is open (:func:`hub.cases.service.held_sha256s`). Taking footage *out* is an
export (:mod:`hub.cases.export`), which needs the profile's approval.
"""

from __future__ import annotations

import asyncio
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from hub.archive.clips import cut_clip
from hub.archive.contracts import SnapshotRequest
from hub.archive.models import EvidenceSnapshot
from hub.archive.snapshots import take_snapshot
from hub.auth.principal import Principal
from hub.cases.contracts import CaseAction, CaseMediaOut, ClipIn, MediaKind, SnapshotIn
from hub.cases.handoff import log_capture
from hub.cases.models import CaseCamera, CaseMedia, ViolationCase
from hub.cases.service import TOPIC_UPDATED, Names, add_step, push, step
from hub.catalog.models import Camera
from hub.catalog.service import visible_camera
from hub.clock import as_utc
from hub.context import Hub
from hub.errors import HubError

A = CaseAction


def media_out(row: CaseMedia, names: Names) -> CaseMediaOut:
    """A medium as a contract."""
    return CaseMediaOut(
        id=row.id,
        kind=MediaKind(row.kind),
        camera_id=row.camera_id,
        camera_name=names.camera(row.camera_id),
        start=as_utc(row.start),
        end=as_utc(row.end),
        duration_seconds=row.duration_seconds,
        sha256=row.sha256,
        size=row.size,
        added_by=names.user(row.added_by),
        added_at=as_utc(row.added_at),
        masks=names.masks(row.camera_id) if row.kind == MediaKind.CLIP else [],
    )


def _within(
    session: Session, row: ViolationCase, camera_id: int, start: datetime, end: datetime
) -> None:
    ranges = session.scalars(
        select(CaseCamera).where(CaseCamera.case_id == row.id, CaseCamera.camera_id == camera_id)
    ).all()
    if not ranges:
        raise HubError(422, "case.camera_not_in_case", {"camera_id": camera_id})
    if not any(as_utc(r.start) <= start and end <= as_utc(r.end) for r in ranges):
        raise HubError(422, "case.outside_range", {"camera_id": camera_id})


def _check(
    hub: Hub,
    session: Session,
    principal: Principal,
    case_id: int,
    camera_id: int,
    start: datetime,
    end: datetime,
) -> Camera:
    """The checks before a slow cut (no lock held while the device works)."""
    row, _viewer = step(hub, session, principal, case_id, A.ADD_MEDIA, None)
    camera = visible_camera(hub, session, principal, camera_id)
    _within(session, row, camera_id, start, end)
    return camera


def _store(
    hub: Hub,
    session: Session,
    principal: Principal,
    case_id: int,
    medium: CaseMedia,
) -> CaseMediaOut:
    row, _viewer = step(hub, session, principal, case_id, A.ADD_MEDIA, None)
    medium.case_id = row.id
    medium.added_by = principal.user_id
    medium.added_at = hub.clock.now()
    session.add(medium)
    session.flush()
    log_capture(hub, session, principal, row, medium)
    row.updated_at = hub.clock.now()
    add_step(hub, session, row, principal, f"add_{medium.kind}", None, medium.sha256)
    hub.audit.append(
        session,
        principal.actor,
        "case.add_media",
        object_type="case",
        object_id=row.id,
        detail={
            "media_id": medium.id,
            "kind": medium.kind,
            "camera_id": medium.camera_id,
            "start": as_utc(medium.start).isoformat(),
            "end": as_utc(medium.end).isoformat(),
            "sha256": medium.sha256,
            "size": medium.size,
        },
    )
    push(hub, session, row, TOPIC_UPDATED)
    return media_out(medium, Names(session, [row]))


async def add_clip(
    hub: Hub, session: Session, principal: Principal, case_id: int, req: ClipIn
) -> CaseMediaOut:
    """Cut a clip of a case camera within its range (stream copy) and add it.

    Raises:
        HubError: 404 ``case.not_found``; 403 (right, unit, scope; audited); 409
            ``case.bad_transition`` (not a draft); 422 ``case.camera_not_in_case``,
            ``case.outside_range``; the cutter's errors (``clip.*``, ``camera.*``).
    """
    start, end = as_utc(req.start), as_utc(req.end)

    def check() -> Camera:  # the database in worker threads only, never on the loop
        camera = _check(hub, session, principal, case_id, req.camera_id, start, end)
        session.commit()  # nothing held while the device works (the cut may take seconds)
        return camera

    camera = await asyncio.to_thread(check)
    clip = await cut_clip(hub, session, principal.actor, camera, start, end)
    medium = CaseMedia(
        kind=MediaKind.CLIP.value,
        camera_id=camera.id,
        start=clip.first_frame_at,
        end=clip.last_frame_at,
        duration_seconds=clip.duration,
        sha256=clip.sha256,
        size=clip.size,
        file_name=clip.file_name,
    )
    return await asyncio.to_thread(_store, hub, session, principal, case_id, medium)


async def add_snapshot(
    hub: Hub, session: Session, principal: Principal, case_id: int, req: SnapshotIn
) -> CaseMediaOut:
    """Add an evidence snapshot already taken (``snapshot_id``), or take one from the
    archive at ``at`` (the caller needs ``image.snapshot`` and ``image.archive`` for
    that, as anywhere) — of a case camera within its range.

    Raises:
        HubError: 404 ``case.not_found`` / ``snapshot.not_found``; 403; 409; 422 as
            :func:`add_clip`; the snapshot's errors.
    """
    snapshot_id = req.snapshot_id
    if snapshot_id is None:
        assert req.camera_id is not None and req.at is not None
        camera_id, at = req.camera_id, as_utc(req.at)

        def check() -> None:  # the database in worker threads only, never on the loop
            _check(hub, session, principal, case_id, camera_id, at, at)
            session.commit()

        await asyncio.to_thread(check)
        out = await take_snapshot(hub, session, principal, camera_id, SnapshotRequest(at=at))
        snapshot_id = out.id
    return await asyncio.to_thread(
        _store_snapshot, hub, session, principal, case_id, snapshot_id, req.snapshot_id is None
    )


def _store_snapshot(
    hub: Hub,
    session: Session,
    principal: Principal,
    case_id: int,
    snapshot_id: int,
    checked: bool,
) -> CaseMediaOut:
    """(worker thread) Add an evidence snapshot to the case (``checked``: just taken for
    it, its camera and time checked already)."""
    snap = session.get(EvidenceSnapshot, snapshot_id)
    if snap is None:
        raise HubError(404, "snapshot.not_found")
    if not checked:
        at = as_utc(snap.captured_at)
        _check(hub, session, principal, case_id, snap.camera_id, at, at)
    medium = CaseMedia(
        kind=MediaKind.SNAPSHOT.value,
        camera_id=snap.camera_id,
        start=snap.captured_at,
        end=snap.captured_at,
        duration_seconds=0.0,
        sha256=snap.sha256,
        size=snap.size,
        snapshot_id=snap.id,
    )
    return _store(hub, session, principal, case_id, medium)
