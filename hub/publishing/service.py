# SPDX-License-Identifier: GPL-3.0-or-later
"""Publishing a case medium for citizens (TN 9.2d, HCM 6.3): the rules around the
detector (:mod:`hub.publishing.detect`) and the renderer (:mod:`hub.publishing.render`).

- **Who.** ``case.publish`` (the IOC shift supervisor), for a case the caller sees, acting
  for the case's operating unit or a unit above it (403 ``forbidden``, reasons
  ``no_publish_right`` / ``wrong_unit``, audited; a case the caller does not see is 404
  ``case.not_found``). Reading the publications of a case is for anyone who sees it.
- **When.** Only once the case is concluded (the police's written conclusion) or closed:
  before that 409 ``publishing.case_not_concluded``, audited — TN 9.2d: nothing is
  published before the official conclusion.
- **What.** A clip or snapshot of the case (404 ``publishing.medium_not_found``); the
  tracks' times inside the medium (422 ``publishing.time_outside``); the rest of the
  input is checked by the contracts (boxes inside the picture, sizes, counts).
- **Recorded.** Every proposal, preview, publication (``publishing.publish`` with the
  tracks, then ``publishing.build`` with the copy's SHA-256), download and refusal is
  audited on the case (so the chain of custody of a later evidence package lists it);
  the publication row keeps the final tracks, the masks painted, both hashes, who, when.
- **The original is never altered:** it is only read, and its SHA-256 is checked
  against the case's record before the copy is made (a mismatch fails the build).

Detection and rendering run after the request's reads are committed, in a worker
thread, with no lock held; their outcome is recorded in a transaction of its own. A
render holds a lease on its row (:mod:`hub.leases`): one cut off by a hub that stopped
is rendered again from the recorded tracks and masks by the publishing upkeep
(:mod:`hub.publishing.upkeep`) of this or another hub process, and after three starts
recorded ``failed`` (``publishing.render_interrupted``).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import cv2
from sqlalchemy import select
from sqlalchemy.orm import Session

from hub.archive.clips import clip_dir
from hub.archive.models import EvidenceSnapshot
from hub.archive.snapshots import snapshot_dir
from hub.audit.service import Actor
from hub.auth.principal import Principal
from hub.cases.contracts import CaseStatus, MediaKind
from hub.cases.models import CaseMedia, ViolationCase
from hub.cases.service import CaseViewer, Names, case_number, visible_case
from hub.clock import as_utc
from hub.context import Hub
from hub.contracts import Permission
from hub.errors import HubError, PendingAudit
from hub.incidents.service import unit_chain
from hub.leases import MAX_ATTEMPTS, Resumable, keep_leased, lease_until, resume
from hub.privacy.service import masks_of
from hub.publishing.contracts import (
    Channel,
    KeyframeIO,
    PreviewIn,
    ProposalIn,
    ProposalOut,
    PublicationIn,
    PublicationOut,
    PublicationStatus,
    TrackIO,
)
from hub.publishing.detect import (
    DetectionError,
    Keyframe,
    Proposal,
    Track,
    face_cascade,
    frame_rate,
    propose_clip,
    propose_image,
)
from hub.publishing.haar import Cascade, CascadeUnavailable
from hub.publishing.models import Publication
from hub.publishing.render import (
    RenderError,
    frame_at,
    process_frame,
    render_clip,
    render_image,
)

P = PublicationStatus
PUBLISHABLE = frozenset({CaseStatus.CONCLUDED.value, CaseStatus.CLOSED.value})
# Detection and re-encoding use every core they get: one at a time per hub process.
_WORK_SLOT = threading.Semaphore(1)
# Slack on a clip's end: containers and decoders disagree by a frame or so.
_END_SLACK_SECONDS = 0.5


def publication_dir(hub: Hub) -> Path:
    """Where published copies are kept."""
    return hub.settings.data_dir / "publications"


# --- who, when, what ------------------------------------------------------------------------


def _denied(
    principal: Principal, action: str, case_id: int, status: int, code: str, detail: dict[str, Any]
) -> HubError:
    """A refusal of a publishing step, audited on the case."""
    return HubError(
        status,
        code,
        detail,
        PendingAudit(
            principal.actor,
            f"publishing.{action}",
            {
                "outcome": "denied",
                "object_type": "case",
                "object_id": case_id,
                "reason": str(detail.get("reason", code)),
                "detail": detail,
            },
        ),
    )


def _publisher(
    hub: Hub, session: Session, principal: Principal, case_id: int, action: str
) -> ViolationCase:
    """The case, if the caller may publish from it now (see the module doc)."""
    viewer = CaseViewer.of(hub, session, principal)
    case = visible_case(session, viewer, case_id)
    if Permission.CASE_PUBLISH not in principal.permissions:
        raise _denied(principal, action, case.id, 403, "forbidden", {"reason": "no_publish_right"})
    # The operating unit's side only: seeing everything (the IOC, an emergency) or the
    # case sitting with one's police unit is no reason to publish it.
    if principal.unit_id not in unit_chain(viewer.parents, case.unit_id):
        raise _denied(principal, action, case.id, 403, "forbidden", {"reason": "wrong_unit"})
    if case.status not in PUBLISHABLE:  # TN 9.2d: only after the written conclusion
        raise _denied(
            principal,
            action,
            case.id,
            409,
            "publishing.case_not_concluded",
            {"status": case.status},
        )
    return case


def _medium(session: Session, case: ViolationCase, medium_id: int) -> CaseMedia:
    row = session.get(CaseMedia, medium_id)
    if row is None or row.case_id != case.id:
        raise HubError(404, "publishing.medium_not_found", {"medium_id": medium_id})
    return row


def _source(hub: Hub, session: Session, medium: CaseMedia) -> Path:
    """The stored original of a medium (500 ``case.media_missing`` when gone)."""
    path: Path | None = None
    if medium.kind == MediaKind.CLIP.value:
        path = clip_dir(hub) / Path(medium.file_name or f"{medium.sha256}.mp4").name
    elif medium.snapshot_id is not None:
        snap = session.get(EvidenceSnapshot, medium.snapshot_id)
        if snap is not None:
            path = snapshot_dir(hub) / Path(snap.file_name).name
    if path is None or not path.is_file():
        raise HubError(500, "case.media_missing", {"media_id": medium.id})
    return path


def _duration(src: Path, kind: str) -> float:
    """A clip's length in seconds as the renderer counts it (frames / frame rate)."""
    if kind != MediaKind.CLIP.value:
        return 0.0
    capture = cv2.VideoCapture(str(src))
    try:
        frames = float(capture.get(cv2.CAP_PROP_FRAME_COUNT) or 0.0)
        return frames / frame_rate(capture) if frames > 0 else 0.0
    finally:
        capture.release()


def _check_times(tracks: list[TrackIO], duration: float, times: Sequence[float] = ()) -> None:
    """422 ``publishing.time_outside`` for a time beyond the medium's end."""
    limit = duration + (_END_SLACK_SECONDS if duration > 0 else 0.0)
    for t in times:
        if t > limit:
            raise HubError(422, "publishing.time_outside", {"t": t, "duration_s": duration})
    for track in tracks:
        last = track.keyframes[-1].t
        if last > limit:
            raise HubError(
                422,
                "publishing.time_outside",
                {"track": track.id, "t": last, "duration_s": duration},
            )


def _tracks(tracks: list[TrackIO]) -> list[Track]:
    return [
        Track(t.id, t.kind.value, [Keyframe(k.t, k.x, k.y, k.w, k.h) for k in t.keyframes])
        for t in tracks
    ]


def _track_io(track: Track) -> TrackIO:
    return TrackIO.model_validate(
        {
            "id": track.id,
            "kind": track.kind,
            "keyframes": [
                KeyframeIO(t=k.t, x=k.x, y=k.y, w=k.w, h=k.h).model_dump() for k in track.keyframes
            ],
        }
    )


def _cascade() -> Cascade | None:
    try:
        return face_cascade()
    except CascadeUnavailable:
        return None


# --- propose, preview -----------------------------------------------------------------------


async def propose(
    hub: Hub, session: Session, principal: Principal, case_id: int, req: ProposalIn
) -> ProposalOut:
    """Faces and plates found on a medium of a concluded case, as tracks (audited
    ``publishing.propose`` with what was found).

    Raises:
        HubError: see the module doc; 500 ``publishing.detection_failed``.
    """
    return await asyncio.to_thread(_propose, hub, session, principal, case_id, req)


def _propose(
    hub: Hub, session: Session, principal: Principal, case_id: int, req: ProposalIn
) -> ProposalOut:
    """(worker thread) :func:`propose`: nothing of it runs on the event loop."""
    case = _publisher(hub, session, principal, case_id, "propose")
    medium = _medium(session, case, req.medium_id)
    src = _source(hub, session, medium)
    kind = medium.kind
    session.commit()  # no transaction (no SQLite write lock) while detecting

    def work() -> tuple[Proposal, bool]:
        cascade = _cascade()
        with _WORK_SLOT:
            if kind == MediaKind.CLIP.value:
                return propose_clip(src, cascade), cascade is not None
            return propose_image(src, cascade), cascade is not None

    try:
        found, faces = work()
    except DetectionError as exc:
        raise HubError(500, "publishing.detection_failed", {"media_id": medium.id}) from exc
    tracks = [_track_io(t) for t in found.tracks if t.keyframes]
    hub.audit.lock_chain(session)
    hub.audit.append(
        session,
        principal.actor,
        "publishing.propose",
        object_type="case",
        object_id=case_id,
        detail={
            "media_id": req.medium_id,
            "faces": sum(1 for t in tracks if t.kind == "face"),
            "plates": sum(1 for t in tracks if t.kind == "plate"),
            "face_detector": faces,
        },
    )
    return ProposalOut(
        medium_id=req.medium_id,
        kind="clip" if kind == MediaKind.CLIP.value else "snapshot",
        width=found.width,
        height=found.height,
        duration_s=found.duration_s,
        tracks=tracks,
    )


async def preview(
    hub: Hub, session: Session, principal: Principal, case_id: int, req: PreviewIn
) -> bytes:
    """The JPEG of the frame at ``req.t`` with the tracks blurred and the masks painted
    (audited ``publishing.preview``).

    Raises:
        HubError: see the module doc; 500 ``publishing.render_failed``.
    """
    return await asyncio.to_thread(_preview, hub, session, principal, case_id, req)


def _preview(
    hub: Hub, session: Session, principal: Principal, case_id: int, req: PreviewIn
) -> bytes:
    """(worker thread) :func:`preview`: nothing of it runs on the event loop."""
    case = _publisher(hub, session, principal, case_id, "preview")
    medium = _medium(session, case, req.medium_id)
    src = _source(hub, session, medium)
    kind = medium.kind
    _check_times(req.tracks, _duration(src, kind), [req.t])
    masks = masks_of(session, medium.camera_id)
    tracks = _tracks(req.tracks)
    hub.audit.lock_chain(session)
    hub.audit.append(
        session,
        principal.actor,
        "publishing.preview",
        object_type="case",
        object_id=case.id,
        detail={"media_id": medium.id, "t": req.t, "tracks": len(tracks)},
    )
    session.commit()

    def work() -> bytes:
        frame, t = frame_at(src, req.t, kind)
        process_frame(frame, tracks, t, masks)
        ok, data = cv2.imencode(".jpg", frame, [cv2.IMWRITE_JPEG_QUALITY, 90])
        if not ok:
            raise RenderError("cannot encode the preview")
        return bytes(data.tobytes())

    try:
        return work()
    except RenderError as exc:
        raise HubError(500, "publishing.render_failed", {"media_id": medium.id}) from exc


# --- publish --------------------------------------------------------------------------------


def _file_sha256(path: Path) -> tuple[str, int]:
    h = hashlib.sha256()
    size = 0
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
            size += len(chunk)
    return h.hexdigest(), size


def _out(row: Publication, names: Names) -> PublicationOut:
    return PublicationOut(
        id=row.id,
        case_id=row.case_id,
        medium_id=row.media_id,
        channel=Channel(row.channel),
        status=P(row.status),
        sha256=row.sha256,
        original_sha256=row.original_sha256,
        published_by=names.user(row.published_by) or "",
        published_at=as_utc(row.published_at),
        tracks=row.track_count,
        note=row.note,
    )


async def publish(
    hub: Hub, session: Session, principal: Principal, case_id: int, req: PublicationIn
) -> PublicationOut:
    """Record the publication and render its copy (see the module doc).

    Raises:
        HubError: see the module doc; 500 ``publishing.render_failed`` (recorded
            ``failed``, audited).
    """

    def record() -> int:  # the database in worker threads, never on the loop
        hub.audit.lock_chain(session)
        case = _publisher(hub, session, principal, case_id, "publish")
        medium = _medium(session, case, req.medium_id)
        src = _source(hub, session, medium)
        _check_times(req.tracks, _duration(src, medium.kind))
        masks = masks_of(session, medium.camera_id)
        tracks_json = [t.model_dump(mode="json") for t in req.tracks]
        row = Publication(
            case_id=case.id,
            media_id=medium.id,
            channel=req.channel.value,
            status=P.BUILDING.value,
            tracks_json=json.dumps(tracks_json, separators=(",", ":")),
            track_count=len(req.tracks),
            masks_json=json.dumps(masks, separators=(",", ":")),
            note=req.note,
            original_sha256=medium.sha256,
            published_by=principal.user_id,
            published_unit_id=principal.unit_id,
            published_at=hub.clock.now(),
            lease_until=lease_until(hub),
            attempts=1,
        )
        session.add(row)
        session.flush()
        hub.audit.append(
            session,
            principal.actor,
            "publishing.publish",
            object_type="case",
            object_id=case.id,
            detail={
                "publication_id": row.id,
                "media_id": medium.id,
                "channel": row.channel,
                "original_sha256": medium.sha256,
                "tracks": tracks_json,
                "masks": len(masks),
            },
        )
        return row.id

    publication_id = await asyncio.to_thread(record)
    await _build(hub, session, principal.actor, publication_id)

    def answer() -> PublicationOut:
        built = session.get(Publication, publication_id)
        assert built is not None
        case = session.get(ViolationCase, built.case_id)
        assert case is not None
        return _out(built, Names(session, [case]))

    return await asyncio.to_thread(answer)


async def _build(hub: Hub, session: Session, actor: Actor, publication_id: int) -> None:
    """Render a publication whose row is ``building`` and leased, from what the row
    recorded (tracks, masks): read, commit, work (the lease renewed meanwhile), record.

    Raises:
        HubError: 500 ``publishing.render_failed`` (recorded ``failed``, audited).
    """

    def prepare() -> tuple[Path | None, str | None, str, str, Path, Any, Any]:
        row = session.get(Publication, publication_id)
        assert row is not None
        case = session.get(ViolationCase, row.case_id)
        medium = session.get(CaseMedia, row.media_id)
        assert case is not None and medium is not None
        failure: str | None = None
        try:
            src: Path | None = _source(hub, session, medium)
        except HubError:
            src, failure = None, "the stored original is missing"
        kind = medium.kind
        expected = row.original_sha256
        suffix = ".mp4" if kind == MediaKind.CLIP.value else ".jpg"
        dst = publication_dir(hub) / f"{case_number(case)}-P{row.id}{suffix}"
        tracks = _tracks([TrackIO.model_validate(t) for t in json.loads(row.tracks_json)])
        masks = [
            [(float(x), float(y)) for x, y in polygon] for polygon in json.loads(row.masks_json)
        ]
        session.commit()  # the request stays recorded whatever follows
        return src, failure, kind, expected, dst, tracks, masks

    # The database in worker threads, never on the loop.
    src, failure, kind, expected, dst, tracks, masks = await asyncio.to_thread(prepare)

    def work() -> tuple[str, int]:
        assert src is not None
        with _WORK_SLOT:
            if _file_sha256(src)[0] != expected:
                raise RenderError("the stored original is not its recorded hash")
            if kind == MediaKind.CLIP.value:
                render_clip(src, dst, tracks, masks)
            else:
                render_image(src, dst, tracks, masks)
            return _file_sha256(dst)

    digest: tuple[str, int] | None = None
    if src is not None:
        try:
            async with keep_leased(hub, Publication, publication_id, P.BUILDING.value):
                digest = await asyncio.to_thread(work)
        except (RenderError, OSError) as exc:
            failure = str(exc)[:300]

    def record() -> None:
        hub.audit.lock_chain(session)
        row = session.get(Publication, publication_id, with_for_update=True, populate_existing=True)
        assert row is not None
        row.lease_until = None
        if digest is None:
            row.status = P.FAILED.value
            row.failure = failure
            hub.audit.append(
                session,
                actor,
                "publishing.build",
                outcome="failed",
                reason="publishing.render_failed",
                object_type="case",
                object_id=row.case_id,
                detail={"publication_id": row.id, "attempt": row.attempts, "error": failure},
            )
            raise HubError(
                500,
                "publishing.render_failed",
                {"publication_id": row.id},
                keep_changes=True,
                audited=True,
            )
        row.status = P.READY.value
        row.built_at = hub.clock.now()
        row.file_name = dst.name
        row.sha256, row.size = digest
        hub.audit.append(
            session,
            actor,
            "publishing.build",
            object_type="case",
            object_id=row.case_id,
            detail={
                "publication_id": row.id,
                "media_id": row.media_id,
                "sha256": row.sha256,
                "size": row.size,
                "original_sha256": row.original_sha256,
                "attempt": row.attempts,
            },
        )

    await asyncio.to_thread(record)


# --- resuming cut-off renders ---------------------------------------------------------------

RESUME_ACTOR = Actor(None, "publishing-renderer", None)


RESUMABLE = Resumable(
    model=Publication,
    status=P.BUILDING.value,
    work=_build,
    actor=RESUME_ACTOR,
    action="publishing.build",
    reason="publishing.render_interrupted",
    failure=f"the render was cut off {MAX_ATTEMPTS} times",
    id_key="publication_id",
)


async def resume_builds(hub: Hub) -> list[int]:
    """Build again the publications whose build was cut off (:func:`hub.leases.resume`)."""
    return await resume(hub, RESUMABLE)


# --- read, fetch ----------------------------------------------------------------------------


def _case(hub: Hub, session: Session, principal: Principal, case_id: int) -> ViolationCase:
    return visible_case(session, CaseViewer.of(hub, session, principal), case_id)


def list_publications(
    hub: Hub, session: Session, principal: Principal, case_id: int
) -> list[PublicationOut]:
    """The publications of a case, oldest first, for anyone who sees the case."""
    case = _case(hub, session, principal, case_id)
    names = Names(session, [case])
    rows = session.scalars(
        select(Publication).where(Publication.case_id == case.id).order_by(Publication.id)
    )
    return [_out(r, names) for r in rows]


def _publication(session: Session, case: ViolationCase, publication_id: int) -> Publication:
    row = session.get(Publication, publication_id)
    if row is None or row.case_id != case.id:
        raise HubError(404, "publishing.not_found")
    return row


def get_publication(
    hub: Hub, session: Session, principal: Principal, case_id: int, publication_id: int
) -> PublicationOut:
    """One publication of a case."""
    case = _case(hub, session, principal, case_id)
    return _out(_publication(session, case, publication_id), Names(session, [case]))


def publication_file(
    hub: Hub, session: Session, principal: Principal, case_id: int, publication_id: int
) -> tuple[Path, str, str, str]:
    """The published copy (path, SHA-256, media type, download name) for a publisher;
    audited ``publishing.download``.

    Raises:
        HubError: 404 ``case.not_found`` / ``publishing.not_found``; 403 ``forbidden``
            (audited); 409 ``publishing.not_ready``; 500 ``publishing.file_missing``.
    """
    hub.audit.lock_chain(session)
    case = _case(hub, session, principal, case_id)
    row = _publication(session, case, publication_id)
    if Permission.CASE_PUBLISH not in principal.permissions:
        raise _denied(
            principal,
            "download",
            case.id,
            403,
            "forbidden",
            {"reason": "no_publish_right", "publication_id": row.id},
        )
    if row.status != P.READY or row.file_name is None or row.sha256 is None:
        raise HubError(409, "publishing.not_ready", {"status": row.status})
    path = publication_dir(hub) / Path(row.file_name).name
    try:
        size = path.stat().st_size
    except OSError:
        size = -1
    if size != row.size:
        raise HubError(500, "publishing.file_missing", {"publication_id": row.id})
    hub.audit.append(
        session,
        principal.actor,
        "publishing.download",
        object_type="case",
        object_id=case.id,
        detail={"publication_id": row.id, "sha256": row.sha256, "channel": row.channel},
    )
    media_type = "video/mp4" if path.suffix == ".mp4" else "image/jpeg"
    return path, row.sha256, media_type, path.name
