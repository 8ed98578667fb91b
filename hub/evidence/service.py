# SPDX-License-Identifier: GPL-3.0-or-later
"""Export a case as an evidence package: the rules (who, four-eyes, once) around the
builder (:mod:`hub.evidence.builder`).

A package *is* an export of the case (:func:`hub.cases.export.export`): the same
operating unit, approved extraction request, registered state-owned device and written
consent of another agency, the same extraction and personal-data log entries. On top:

- **Four-eyes** (``profile.raw_export_second_approval``): a package holding the stored
  originals (``raw``) waits (``pending_approval``) until a second person decides: an
  ``approval.grant`` holder of the case's operating unit or a unit above it, never the
  requester (403 ``evidence.own_request``; without the right ``forbidden``
  ``no_approval_right``; another unit ``wrong_unit``; all audited). Until then, and after
  a rejection, the package cannot be fetched (403 ``evidence.approval_required`` /
  ``evidence.rejected``, audited).
- **Once.** A package is fetched once, by its requester (409
  ``evidence.already_collected``, audited, for a second fetch); another copy is another
  package — a new export, recorded, with its own approval.
- Every step is audited on the case (``evidence.package_request``,
  ``evidence.package_decide``, ``evidence.package_build`` with the package's SHA-256,
  ``evidence.package_download``), so the chain of custody of a later package lists it.
- Every step is pushed (``evidence.package``, :func:`push`) to the requester and to whoever
  may decide the package or works on the case, and an approver lists what waits for them
  (:func:`pending_for`), so a raw export does not wait unseen in a case nobody opens.

The slow part (re-encoding the copies, the authority's time-stamp) runs after the
request's rows are committed, in a worker thread, with no lock held; its outcome is
recorded in a transaction of its own (``ready`` with the hashes, or ``failed``).
"""

from __future__ import annotations

import asyncio
import importlib
import json
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from hub.archive.clips import clip_dir
from hub.archive.models import EvidenceSnapshot
from hub.archive.snapshots import snapshot_dir
from hub.audit.models import AuditRecord
from hub.audit.service import Actor, from_us
from hub.auth.principal import Principal
from hub.cases.contracts import ExportIn
from hub.cases.export import export
from hub.cases.models import (
    CaseExport,
    CaseExportItem,
    CaseMedia,
    ExtractionRequest,
    ViolationCase,
)
from hub.cases.service import CaseViewer, Names, case_number, case_out, hold_reference
from hub.cases.service import refuse as case_refuse
from hub.clock import as_utc
from hub.context import Hub
from hub.contracts import Permission
from hub.errors import HubError, PendingAudit
from hub.events import Audience, publish_after_commit
from hub.evidence.builder import BuiltPackage, PackageMedium, PackagePlan, build_package
from hub.evidence.contracts import (
    TOPIC_PACKAGE,
    EvidenceKeyOut,
    PackageDecisionIn,
    PackageIn,
    PackageOut,
    PackageStatus,
    PendingPackageOut,
)
from hub.evidence.manifest import key_fingerprint, public_key_pem
from hub.evidence.models import EvidencePackage
from hub.evidence.render import RenderError
from hub.evidence.signing import (
    Stamp,
    TimeStampUnavailable,
    evidence_key,
    hub_signed,
    rfc3161,
)
from hub.incidents.models import CameraEventRow
from hub.incidents.service import unit_chain, unit_parents
from hub.leases import MAX_ATTEMPTS, Resumable, keep_leased, lease_until, resume

P = PackageStatus
# ffmpeg re-encodes with every core it gets: one package at a time per hub process.
_BUILD_SLOT = threading.Semaphore(1)


def package_dir(hub: Hub) -> Path:
    """Where built packages are kept."""
    return hub.settings.evidence_dir or hub.settings.data_dir / "evidence-packages"


def package_number(case_no: str, package_id: int) -> str:
    """A package's number, e.g. ``VP-2026-000042-G3`` (G: gói)."""
    return f"{case_no}-G{package_id}"


def _out(session: Session, row: EvidencePackage, case: ViolationCase, names: Names) -> PackageOut:
    number = case_number(case)
    return PackageOut(
        id=row.id,
        case_id=row.case_id,
        case_number=number,
        number=package_number(number, row.id),
        export_id=row.export_id,
        raw=row.raw,
        status=P(row.status),
        needs_second_approval=row.decided_at is None and row.status == P.PENDING_APPROVAL,
        requested_by=names.user(row.requested_by) or "",
        requested_at=as_utc(row.requested_at),
        decided_by=names.user(row.decided_by),
        decided_at=as_utc(row.decided_at) if row.decided_at else None,
        decision_note=row.decision_note,
        built_at=as_utc(row.built_at) if row.built_at else None,
        sha256=row.sha256,
        size=row.size,
        manifest_sha256=row.manifest_sha256,
        content_sha256=row.content_sha256,
        key_fingerprint=row.key_fingerprint,
        timestamp_kind=row.timestamp_kind,
        failure=row.failure,
        downloaded_at=as_utc(row.downloaded_at) if row.downloaded_at else None,
    )


def _denied(
    principal: Principal, action: str, case_id: int, code: str, detail: dict[str, Any]
) -> HubError:
    """A refusal of a package step, audited on the case."""
    reason = str(detail.get("reason", code))
    return HubError(
        403,
        code,
        detail,
        PendingAudit(
            principal.actor,
            f"evidence.{action}",
            {
                "outcome": "denied",
                "object_type": "case",
                "object_id": case_id,
                "reason": reason,
                "detail": detail,
            },
        ),
    )


def _package(
    session: Session, viewer: CaseViewer, case_id: int, package_id: int, lock: bool = False
) -> tuple[EvidencePackage, ViolationCase]:
    case = session.get(ViolationCase, case_id)
    if case is None or not viewer.sees(case):
        raise HubError(404, "case.not_found")
    row = session.get(EvidencePackage, package_id, with_for_update=lock)
    if row is None or row.case_id != case.id:
        raise HubError(404, "evidence.package_not_found")
    return row, case


def push(hub: Hub, session: Session, row: EvidencePackage) -> None:
    """Tell of a package's step once the transaction commits: its requester, its decider,
    the case's opener, and the ``approval.grant`` / ``case.work`` /
    ``image.export_request`` holders of the units that see its case (operating, police,
    transferred-from) and of the requester's unit, with the units above them — those who
    may decide it among them."""
    case = session.get(ViolationCase, row.case_id)
    assert case is not None
    parents = unit_parents(session)
    units: set[int] = set()
    for unit_id in (
        case.unit_id,
        case.police_unit_id,
        case.transferred_from_unit_id,
        row.requested_unit_id,
    ):
        units |= set(unit_chain(parents, unit_id))
    users = {u for u in (row.requested_by, row.decided_by, case.opened_by) if u is not None}
    audience = Audience(
        users=frozenset(users),
        units=frozenset(units),
        requires=frozenset(
            {
                Permission.APPROVAL_GRANT.value,
                Permission.CASE_WORK.value,
                Permission.IMAGE_EXPORT_REQUEST.value,
            }
        ),
    )
    data = _out(session, row, case, Names(session, [case])).model_dump(mode="json")
    publish_after_commit(session, hub.events, TOPIC_PACKAGE, data, audience)


# --- request, decide, build ----------------------------------------------------------------


async def request_package(
    hub: Hub, session: Session, principal: Principal, case_id: int, req: PackageIn
) -> PackageOut:
    """Record the export and the package; build it now unless a second person must
    approve it first (see the module doc).

    Raises:
        HubError: those of :func:`hub.cases.export.export`; 500 ``evidence.build_failed``
            / 502 ``evidence.tsa_unavailable`` (recorded ``failed``).
    """

    def record() -> tuple[int, bool]:  # the database in worker threads, never on the loop
        exported = export(
            hub, session, principal, case_id, ExportIn(**req.model_dump(exclude={"raw"}))
        )
        second = req.raw and hub.profile.raw_export_second_approval
        row = EvidencePackage(
            case_id=exported.case_id,
            export_id=exported.id,
            raw=req.raw,
            status=(P.PENDING_APPROVAL if second else P.BUILDING).value,
            requested_by=principal.user_id,
            requested_unit_id=principal.unit_id,
            requested_at=hub.clock.now(),
        )
        if not second:
            row.lease_until, row.attempts = lease_until(hub), 1
        session.add(row)
        session.flush()
        hub.audit.append(
            session,
            principal.actor,
            "evidence.package_request",
            object_type="case",
            object_id=row.case_id,
            detail={
                "package_id": row.id,
                "export_id": row.export_id,
                "raw": row.raw,
                "second_approval": second,
                "media": [m.id for m in exported.items],
            },
        )
        push(hub, session, row)
        return row.id, bool(second)

    package_id, second = await asyncio.to_thread(record)
    if not second:
        await _build(hub, session, principal.actor, package_id)
    return await asyncio.to_thread(_answer, session, package_id)


async def decide(
    hub: Hub,
    session: Session,
    principal: Principal,
    case_id: int,
    package_id: int,
    req: PackageDecisionIn,
) -> PackageOut:
    """A second person approves (and the package is built) or rejects a raw export.

    Raises:
        HubError: 404 ``case.not_found`` / ``evidence.package_not_found``; 403
            ``forbidden`` (``no_approval_right``, ``wrong_unit``),
            ``evidence.own_request`` (all audited); 409 ``evidence.not_pending``.
    """

    def record() -> tuple[int, bool]:  # the database in worker threads, never on the loop
        hub.audit.lock_chain(session)
        viewer = CaseViewer.of(hub, session, principal)
        row, case = _package(session, viewer, case_id, package_id, lock=True)
        if Permission.APPROVAL_GRANT not in principal.permissions:
            raise case_refuse(principal, "package_decide", case.id, "no_approval_right")
        if not viewer.everything and principal.unit_id not in unit_chain(
            viewer.parents, case.unit_id
        ):
            raise case_refuse(principal, "package_decide", case.id, "wrong_unit")
        if row.requested_by == principal.user_id:  # four eyes: never one's own
            raise _denied(
                principal,
                "package_decide",
                case.id,
                "evidence.own_request",
                {"package_id": row.id},
            )
        if row.status != P.PENDING_APPROVAL:
            raise HubError(409, "evidence.not_pending", {"status": row.status})
        approve = req.verdict == "approve"
        row.status = (P.BUILDING if approve else P.REJECTED).value
        row.decided_by = principal.user_id
        row.decided_at = hub.clock.now()
        row.decision_note = req.note or None
        if approve:
            row.lease_until, row.attempts = lease_until(hub), row.attempts + 1
        hub.audit.append(
            session,
            principal.actor,
            "evidence.package_decide",
            object_type="case",
            object_id=case.id,
            detail={"package_id": row.id, "verdict": req.verdict, "requested_by": row.requested_by},
        )
        push(hub, session, row)
        return row.id, approve

    package_id, approve = await asyncio.to_thread(record)
    if approve:
        await _build(hub, session, principal.actor, package_id)
    return await asyncio.to_thread(_answer, session, package_id)


def _answer(session: Session, package_id: int) -> PackageOut:
    row = session.get(EvidencePackage, package_id)
    assert row is not None
    case = session.get(ViolationCase, row.case_id)
    assert case is not None
    return _out(session, row, case, Names(session, [case]))


async def _build(hub: Hub, session: Session, actor: Actor, package_id: int) -> None:
    """Build a package whose row is ``building`` and leased: read, commit, work (the
    lease renewed meanwhile), record."""

    def prepare() -> tuple[Any, Any]:  # the database in worker threads, never on the loop
        row = session.get(EvidencePackage, package_id)
        assert row is not None
        plan = _plan(hub, session, row)
        key = evidence_key(hub.settings)
        session.commit()  # the request (and the decision) stay recorded whatever follows
        return plan, key

    plan, key = await asyncio.to_thread(prepare)
    dst = package_dir(hub) / f"{plan.number}.zip"
    settings = hub.settings
    now = hub.clock.now

    def stamp(manifest: bytes) -> Stamp:
        if settings.evidence_tsa_url:
            return rfc3161(
                settings.evidence_tsa_url, settings.evidence_tsa_timeout_seconds, manifest
            )
        return hub_signed(now(), manifest)

    def work() -> BuiltPackage:
        with _BUILD_SLOT:
            return build_package(plan, key, stamp, dst)

    failure: tuple[int, str, str] | None = None
    built: BuiltPackage | None = None
    try:
        async with keep_leased(hub, EvidencePackage, package_id, P.BUILDING.value):
            built = await asyncio.to_thread(work)
    except TimeStampUnavailable as exc:
        failure = (502, "evidence.tsa_unavailable", f"time-stamp: {exc}")
    except (RenderError, OSError) as exc:
        failure = (500, "evidence.build_failed", str(exc))

    def record() -> None:
        hub.audit.lock_chain(session)
        row = session.get(EvidencePackage, package_id, with_for_update=True, populate_existing=True)
        assert row is not None
        row.lease_until = None
        if built is None:
            assert failure is not None
            row.status = P.FAILED.value
            row.failure = failure[2][:300]
            hub.audit.append(
                session,
                actor,
                "evidence.package_build",
                outcome="failed",
                reason=failure[1],
                object_type="case",
                object_id=row.case_id,
                detail={"package_id": row.id, "attempt": row.attempts, "error": failure[2][:300]},
            )
            push(hub, session, row)
            raise HubError(
                failure[0], failure[1], {"package_id": row.id}, keep_changes=True, audited=True
            )
        row.status = P.READY.value
        row.built_at = hub.clock.now()
        row.file_name = dst.name
        row.sha256 = built.sha256
        row.size = built.size
        row.manifest_sha256 = built.manifest_sha256
        row.content_sha256 = built.content_sha256
        row.key_fingerprint = built.fingerprint
        row.timestamp_kind = str(built.timestamp.get("kind"))
        hub.audit.append(
            session,
            actor,
            "evidence.package_build",
            object_type="case",
            object_id=row.case_id,
            detail={
                "package_id": row.id,
                "attempt": row.attempts,
                "export_id": row.export_id,
                "raw": row.raw,
                "sha256": built.sha256,
                "size": built.size,
                "manifest_sha256": built.manifest_sha256,
                "key_fingerprint": built.fingerprint,
                "timestamp": built.timestamp,
            },
        )
        push(hub, session, row)

    await asyncio.to_thread(record)


RESUME_ACTOR = Actor(None, "evidence-builder", None)


RESUMABLE = Resumable(
    model=EvidencePackage,
    status=P.BUILDING.value,
    work=_build,
    actor=RESUME_ACTOR,
    action="evidence.package_build",
    reason="evidence.build_interrupted",
    failure=f"the build was cut off {MAX_ATTEMPTS} times",
    id_key="package_id",
    announce=push,
)


async def resume_builds(hub: Hub) -> list[int]:
    """Build again the packages whose build was cut off (:func:`hub.leases.resume`)."""
    return await resume(hub, RESUMABLE)


# --- what goes in ---------------------------------------------------------------------------


def _masks(session: Session, camera_id: int) -> list[list[tuple[float, float]]]:
    """The camera's privacy masks, when the privacy domain is installed."""
    try:
        module = importlib.import_module("hub.privacy.service")
    except ImportError:
        return []
    masks_of: Callable[[Session, int], Any] | None = getattr(module, "masks_of", None)
    if masks_of is None:
        return []
    return [[(float(x), float(y)) for x, y in polygon] for polygon in masks_of(session, camera_id)]


def _source(hub: Hub, session: Session, medium: CaseMedia) -> Path:
    if medium.kind == "clip":
        return clip_dir(hub) / Path(medium.file_name or f"{medium.sha256}.mp4").name
    snap = session.get(EvidenceSnapshot, medium.snapshot_id) if medium.snapshot_id else None
    if snap is None:
        raise HubError(500, "case.media_missing", {"media_id": medium.id})
    return snapshot_dir(hub) / Path(snap.file_name).name


def _events(session: Session, case: ViolationCase) -> list[dict[str, Any]]:
    terms = [CameraEventRow.hold_reference == hold_reference(case.id)]
    if case.incident_id is not None:
        terms.append(CameraEventRow.incident_id == case.incident_id)
    rows = session.scalars(
        select(CameraEventRow).where(or_(*terms)).order_by(CameraEventRow.occurred_at)
    )
    return [
        {
            "id": e.id,
            "source": e.source,
            "camera_id": e.camera_id,
            "kind": e.kind,
            "topic": e.topic,
            "occurred_at": as_utc(e.occurred_at).isoformat(),
            "received_at": as_utc(e.received_at).isoformat(),
            "metadata": json.loads(e.metadata_json or "{}"),
            "snapshot_sha256": e.snapshot_sha256,
            "incident_id": e.incident_id,
        }
        for e in rows
    ]


def custody(session: Session, case_id: int) -> list[dict[str, Any]]:
    """The chain of custody: every audit record on the case (its media added, viewed,
    handed over, exported, copied, packaged), oldest first, with the record's hash so
    it can be matched against the hub's audit chain."""
    rows = session.scalars(
        select(AuditRecord)
        .where(AuditRecord.object_type == "case", AuditRecord.object_id == str(case_id))
        .order_by(AuditRecord.seq)
    )
    return [
        {
            "seq": r.seq,
            "time": from_us(r.ts_us).isoformat(),
            "actor": r.actor,
            "actor_id": r.actor_id,
            "source": r.source,
            "action": r.action,
            "outcome": r.outcome,
            "reason": r.reason,
            "detail": json.loads(r.detail) if r.detail else None,
            "record_hash": r.hash,
        }
        for r in rows
    ]


def _plan(hub: Hub, session: Session, row: EvidencePackage) -> PackagePlan:
    case = session.get(ViolationCase, row.case_id)
    assert case is not None
    names = Names(session, [case])
    media = list(
        session.scalars(
            select(CaseMedia)
            .join(CaseExportItem, CaseExportItem.media_id == CaseMedia.id)
            .where(CaseExportItem.export_id == row.export_id)
            .order_by(CaseMedia.id)
        )
    )
    exported = session.get(CaseExport, row.export_id)
    request = session.get(ExtractionRequest, exported.request_id) if exported else None
    case_json = case_out(hub, session, case, names).model_dump(mode="json")
    case_json.pop("allowed_actions", None)
    number = case_number(case)
    tsa_chain = hub.settings.evidence_tsa_chain
    return PackagePlan(
        package_id=row.id,
        number=package_number(number, row.id),
        case_number=number,
        unit_name=names.unit(case.unit_id) or "",
        created_at=hub.clock.now(),
        raw=row.raw,
        requested_by=names.user(row.requested_by) or "",
        approved_by=names.user(row.decided_by),
        purpose=request.purpose if request is not None else "",
        case=case_json,
        events=_events(session, case),
        custody=custody(session, case.id),
        media=[
            PackageMedium(
                media_id=m.id,
                kind=m.kind,
                camera_id=m.camera_id,
                camera_name=names.camera(m.camera_id) or "",
                start=as_utc(m.start),
                end=as_utc(m.end),
                sha256=m.sha256,
                size=m.size,
                source=_source(hub, session, m),
                masks=_masks(session, m.camera_id),
            )
            for m in media
        ],
        tsa_chain=tsa_chain.read_bytes() if hub.settings.evidence_tsa_url and tsa_chain else None,
        tsa_url=hub.settings.evidence_tsa_url or None,
        extra={"export_id": row.export_id},
    )


# --- read, fetch ----------------------------------------------------------------------------


def _reader(hub: Hub, session: Session, principal: Principal, case_id: int) -> CaseViewer:
    viewer = CaseViewer.of(hub, session, principal)
    case = session.get(ViolationCase, case_id)
    if case is None or not viewer.sees(case):
        raise HubError(404, "case.not_found")
    return viewer


def list_packages(
    hub: Hub, session: Session, principal: Principal, case_id: int
) -> list[PackageOut]:
    """The packages of a case, for anyone who sees the case (as its detail)."""
    _reader(hub, session, principal, case_id)
    case = session.get(ViolationCase, case_id)
    assert case is not None
    names = Names(session, [case])
    rows = session.scalars(
        select(EvidencePackage)
        .where(EvidencePackage.case_id == case_id)
        .order_by(EvidencePackage.id)
    )
    return [_out(session, r, case, names) for r in rows]


def pending_for(
    hub: Hub, session: Session, principal: Principal, limit: int
) -> list[PendingPackageOut]:
    """The packages waiting for a second person that the caller may decide (as
    :func:`decide` checks: ``approval.grant``, sees the case, of its operating unit or a
    unit above it, never the requester), oldest first; empty for anyone else."""
    if Permission.APPROVAL_GRANT not in principal.permissions:
        return []
    viewer = CaseViewer.of(hub, session, principal)
    stmt = (
        select(EvidencePackage, ViolationCase)
        .join(ViolationCase, ViolationCase.id == EvidencePackage.case_id)
        .where(
            EvidencePackage.status == P.PENDING_APPROVAL.value,
            EvidencePackage.requested_by != principal.user_id,
        )
        .order_by(EvidencePackage.id)
    )
    found: list[tuple[EvidencePackage, ViolationCase]] = []
    for row, case in session.execute(stmt):
        if not viewer.sees(case):
            continue
        if not viewer.everything and principal.unit_id not in unit_chain(
            viewer.parents, case.unit_id
        ):
            continue
        found.append((row, case))
        if len(found) >= limit:
            break
    names = Names(session, [c for _r, c in found])
    out: list[PendingPackageOut] = []
    for row, case in found:
        exported = session.get(CaseExport, row.export_id)
        request = session.get(ExtractionRequest, exported.request_id) if exported else None
        out.append(
            PendingPackageOut(
                **_out(session, row, case, names).model_dump(),
                requested_unit=names.unit(row.requested_unit_id) or "",
                purpose=request.purpose if request is not None else "",
            )
        )
    return out


def get_package(
    hub: Hub, session: Session, principal: Principal, case_id: int, package_id: int
) -> PackageOut:
    """One package of a case."""
    viewer = _reader(hub, session, principal, case_id)
    row, case = _package(session, viewer, case_id, package_id)
    return _out(session, row, case, Names(session, [case]))


def package_file(
    hub: Hub, session: Session, principal: Principal, case_id: int, package_id: int
) -> tuple[Path, str, str]:
    """The package's ZIP for its requester, once (path, SHA-256, download name); the
    fetch is recorded and audited.

    Raises:
        HubError: 404 ``case.not_found`` / ``evidence.package_not_found`` (also another
            person's package); 403 ``evidence.approval_required`` /
            ``evidence.rejected``, 409 ``evidence.already_collected`` (audited); 409
            ``evidence.not_ready``; 500 ``evidence.package_missing``.
    """
    hub.audit.lock_chain(session)
    viewer = CaseViewer.of(hub, session, principal)
    row, case = _package(session, viewer, case_id, package_id, lock=True)
    if row.requested_by != principal.user_id:
        raise HubError(404, "evidence.package_not_found")
    detail = {"package_id": row.id, "status": row.status}
    if row.status == P.PENDING_APPROVAL:
        raise _denied(principal, "package_download", case.id, "evidence.approval_required", detail)
    if row.status == P.REJECTED:
        raise _denied(principal, "package_download", case.id, "evidence.rejected", detail)
    if row.status != P.READY or row.file_name is None or row.sha256 is None:
        raise HubError(409, "evidence.not_ready", {"status": row.status})
    if row.downloaded_at is not None:  # once: another copy is another recorded export
        raise HubError(
            409,
            "evidence.already_collected",
            {"package_id": row.id, "downloaded_at": as_utc(row.downloaded_at).isoformat()},
            PendingAudit(
                principal.actor,
                "evidence.package_download",
                {
                    "outcome": "denied",
                    "object_type": "case",
                    "object_id": case.id,
                    "reason": "evidence.already_collected",
                    "detail": {"package_id": row.id},
                },
            ),
        )
    path = package_dir(hub) / Path(row.file_name).name
    try:
        size = path.stat().st_size
    except OSError:
        size = -1
    if size != row.size:
        raise HubError(500, "evidence.package_missing", {"package_id": row.id})
    row.downloaded_at = hub.clock.now()
    hub.audit.append(
        session,
        principal.actor,
        "evidence.package_download",
        object_type="case",
        object_id=case.id,
        detail={"package_id": row.id, "export_id": row.export_id, "sha256": row.sha256},
    )
    push(hub, session, row)
    return path, row.sha256, f"{package_number(case_number(case), row.id)}.zip"


def key_out(hub: Hub) -> EvidenceKeyOut:
    """The public half of the evidence signing key and its fingerprint."""
    public = evidence_key(hub.settings).public_key()
    return EvidenceKeyOut(
        public_key_pem=public_key_pem(public).decode("ascii"),
        fingerprint=key_fingerprint(public),
    )
