# SPDX-License-Identifier: GPL-3.0-or-later
"""Extraction requests and their approval, per the active profile's
``extraction_approval`` (REQUIREMENTS §4), and TN 9.2 fast extraction.

Who may ask: whoever sees the case and holds ``image.export_request`` (the export
requester finds the footage; TN 9.2, YB 12.2a, DH 12.2c, DB 16.3).
Who decides (``approval.grant``, never the requester, and never the one who endorsed it:
four eyes):

- ``in_scope_rights`` (HCM 7, 10.3) and ``logged_purpose_requester`` (DB 16.3): no prior
  approval; the request is approved as it is made, its purpose and requester logged.
- ``provincial_police_leadership`` (YB 12.2a/b): an approver of a provincial police
  unit; a request from district or commune police (city or ward police units) first
  goes through its own unit leader (an approver of that unit endorses it).
- ``unit_leader_to_higher_police`` (DH 12.2c): ward police ask through their unit leader
  (endorsement) to a police unit above them, whose approver decides; a request from a
  police unit goes to a police unit above it; from elsewhere, to the leadership of the
  case's operating unit.
- ``fast_extraction_commune_chairman`` (TN): an ordinary request is decided by the
  leadership of the case's operating unit (TN 9.1); **fast extraction** (TN 9.2) needs
  none (below).
- A written request of another agency (DH 12.2d, YB 12.2d: content, purpose,
  commitment, the document) is decided by the leadership of the case's operating unit.

Fast extraction (TN 9.2): in an emergency (``emergency`` true), for the listed offences,
on a case of a commune whose cameras the commune manages, operates or uses or was
granted by a written approval, by the commune's chairman (an approver of the commune
unit) or a person he authorised in writing (a recorded
:class:`~hub.cases.models.FastExtractionAuthorisation`); reason and purpose are
mandatory (422 ``extraction.reason_required``, audited). It takes effect at once; the
internal dossier is due within the profile's ``fast_extraction_dossier`` (24 working
hours, office hours) and is flagged when late (``dossier_late``; the case service
audits ``extraction.dossier_late`` and opens an incident).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from hub.auth.principal import Principal
from hub.cases.contracts import (
    ApprovalDecisionIn,
    ApprovalDecisionOut,
    ApprovalStage,
    AuthorisationCreate,
    AuthorisationOut,
    DataType,
    DossierIn,
    ExtractionAction,
    ExtractionKind,
    ExtractionRequestCreate,
    ExtractionRequestOut,
    ExtractionStatus,
    FastExtractionIn,
    FastOffence,
    LogAction,
    Verdict,
    WithdrawIn,
)
from hub.cases.logs import log_extraction, log_personal_data, requester_of
from hub.cases.models import (
    CaseCamera,
    ExtractionDecision,
    ExtractionRequest,
    FastExtractionAuthorisation,
    ViolationCase,
)
from hub.cases.service import (
    OPEN,
    POLICE_KINDS,
    CaseViewer,
    add_step,
    case_number,
    visible_case,
)
from hub.catalog.models import Camera
from hub.catalog.service import Visibility
from hub.clock import as_utc
from hub.context import Hub
from hub.contracts import Permission, UnitKind
from hub.errors import HubError, PendingAudit
from hub.events import Audience, publish_after_commit
from hub.incidents.service import unit_chain, unit_parents
from hub.org.models import OrgUnit, User
from hub.profiles.model import ExtractionApproval
from hub.profiles.store import stored_days
from hub.profiles.working_days import due_at

TOPIC_OPENED = "extraction.opened"
TOPIC_UPDATED = "extraction.updated"

R = ExtractionApproval
ST = ExtractionStatus
X = ExtractionAction
PENDING = (ST.PENDING_ENDORSEMENT.value, ST.PENDING_APPROVAL.value)
# YB 12.2b: district and commune police ask through their unit leader.
LOWER_POLICE = frozenset({UnitKind.CITY_POLICE.value, UnitKind.WARD_POLICE.value})


def _denied(principal: Principal, action: str, request_id: int | None, reason: str) -> HubError:
    return HubError(
        403,
        "forbidden",
        {"reason": reason},
        PendingAudit(
            principal.actor,
            f"extraction.{action}",
            {
                "outcome": "denied",
                "object_type": "extraction_request",
                "object_id": request_id,
                "reason": reason,
            },
        ),
    )


# --- who decides --------------------------------------------------------------------------------


def _kind_of(session: Session, unit_id: int) -> str | None:
    unit = session.get(OrgUnit, unit_id)
    return unit.kind if unit else None


def approver_units(session: Session, row: ExtractionRequest) -> frozenset[int]:
    """The units whose approvers act on the request at its current stage."""
    parents = unit_parents(session)
    if row.status == ST.PENDING_ENDORSEMENT.value:
        return frozenset({row.requester_unit_id})
    case = session.get(ViolationCase, row.case_id)
    case_chain = frozenset(unit_chain(parents, case.unit_id if case else None))
    if row.kind == ExtractionKind.WRITTEN_REQUEST.value:
        return case_chain
    if row.rule == R.PROVINCIAL_POLICE_LEADERSHIP.value:
        stmt = select(OrgUnit.id).where(OrgUnit.kind == UnitKind.PROVINCIAL_POLICE.value)
        return frozenset(session.scalars(stmt))
    if row.rule == R.UNIT_LEADER_TO_HIGHER_POLICE.value:
        if _kind_of(session, row.requester_unit_id) in POLICE_KINDS:
            above = unit_chain(parents, row.requester_unit_id)[1:]
            return frozenset(u for u in above if _kind_of(session, u) in POLICE_KINDS)
        return case_chain
    return case_chain


def _needs_endorsement(session: Session, rule: str, requester_unit_id: int) -> bool:
    kind = _kind_of(session, requester_unit_id)
    if rule == R.PROVINCIAL_POLICE_LEADERSHIP.value:
        return kind in LOWER_POLICE
    if rule == R.UNIT_LEADER_TO_HIGHER_POLICE.value:
        return kind == UnitKind.WARD_POLICE.value
    return False


def _decided_by(session: Session, row: ExtractionRequest) -> set[int]:
    stmt = select(ExtractionDecision.by_id).where(ExtractionDecision.request_id == row.id)
    return set(session.scalars(stmt))


def may_decide(session: Session, principal: Principal, row: ExtractionRequest) -> str | None:
    """Why the caller may not decide the request now (None: they may)."""
    if Permission.APPROVAL_GRANT not in principal.permissions:
        return "no_approval_right"
    if principal.user_id == row.requester_id:
        return "own_request"  # four eyes
    if principal.user_id in _decided_by(session, row):
        return "already_decided"  # the endorser does not approve too
    if principal.unit_id not in approver_units(session, row):
        return "wrong_unit"
    return None


def _fast_right(hub: Hub, session: Session, principal: Principal, unit_id: int) -> int | str | None:
    """TN 9.2a: the commune chairman (``None``), the id of the caller's valid written
    authorisation, or why neither (a string)."""
    if principal.unit_id != unit_id or _kind_of(session, unit_id) != UnitKind.COMMUNE.value:
        return "wrong_unit"
    if Permission.APPROVAL_GRANT in principal.permissions:
        return None
    now = hub.clock.now()
    stmt = select(FastExtractionAuthorisation.id).where(
        FastExtractionAuthorisation.unit_id == unit_id,
        FastExtractionAuthorisation.grantee_id == principal.user_id,
        FastExtractionAuthorisation.revoked_at.is_(None),
        FastExtractionAuthorisation.expires_at > now,
    )
    found = session.scalars(stmt.order_by(FastExtractionAuthorisation.id.desc())).first()
    return int(found) if found is not None else "not_chairman_or_authorised"


# --- output -----------------------------------------------------------------------------------


def dossier_late(hub: Hub, row: ExtractionRequest) -> bool:
    """TN 9.2b: the dossier came (or is still missing) after its deadline."""
    if row.dossier_due_at is None:
        return False
    due = as_utc(row.dossier_due_at)
    if row.dossier_completed_at is not None:
        return as_utc(row.dossier_completed_at) > due
    return hub.clock.now() > due


def allowed(
    hub: Hub, session: Session, principal: Principal, row: ExtractionRequest
) -> list[ExtractionAction]:
    """What the caller may do to the request now."""
    out: list[ExtractionAction] = []
    if row.status in PENDING and may_decide(session, principal, row) is None:
        if row.status == ST.PENDING_ENDORSEMENT.value:
            out.append(X.ENDORSE)
        else:
            out.append(X.APPROVE)
        out.append(X.REJECT)
    if row.status in PENDING and principal.user_id == row.requester_id:
        out.append(X.WITHDRAW)
    dossier_right = principal.user_id == row.requester_id or (
        principal.unit_id == row.requester_unit_id
        and Permission.APPROVAL_GRANT in principal.permissions
    )
    if row.status == ST.FAST.value and row.dossier_completed_at is None and dossier_right:
        out.append(X.COMPLETE_DOSSIER)
    return out


def request_out(
    hub: Hub, session: Session, row: ExtractionRequest, principal: Principal | None = None
) -> ExtractionRequestOut:
    """As a contract; ``allowed_actions`` for ``principal`` (empty without one)."""
    case = session.get(ViolationCase, row.case_id)
    requester = session.get(User, row.requester_id)
    unit = session.get(OrgUnit, row.requester_unit_id)
    decisions = []
    stmt = select(ExtractionDecision).where(ExtractionDecision.request_id == row.id)
    for d in session.scalars(stmt.order_by(ExtractionDecision.id)):
        by = session.get(User, d.by_id)
        by_unit = session.get(OrgUnit, d.by_unit_id)
        decisions.append(
            ApprovalDecisionOut(
                stage=ApprovalStage(d.stage),
                verdict=Verdict(d.verdict),
                by_id=d.by_id,
                by_name=by.display_name if by else "",
                by_unit_name=by_unit.name if by_unit else "",
                at=as_utc(d.at),
                note=d.note,
            )
        )
    return ExtractionRequestOut(
        id=row.id,
        case_id=row.case_id,
        case_number=case_number(case) if case else "",
        kind=ExtractionKind(row.kind),
        rule=ExtractionApproval(row.rule),
        status=ExtractionStatus(row.status),
        purpose=row.purpose,
        content=row.content,
        commitment=row.commitment,
        requester_id=row.requester_id,
        requester_name=requester.display_name if requester else "",
        requester_unit_id=row.requester_unit_id,
        requester_unit_name=unit.name if unit else "",
        requester_agency=row.requester_agency,
        document_number=row.document_number,
        document_date=row.document_date,
        offence=FastOffence(row.offence) if row.offence else None,
        reason=row.reason,
        authorisation_id=row.authorisation_id,
        dossier_due_at=as_utc(row.dossier_due_at) if row.dossier_due_at else None,
        dossier_completed_at=as_utc(row.dossier_completed_at) if row.dossier_completed_at else None,
        dossier_reference=row.dossier_reference,
        dossier_late=dossier_late(hub, row),
        created_at=as_utc(row.created_at),
        decisions=decisions,
        allowed_actions=allowed(hub, session, principal, row) if principal else [],
    )


def push(hub: Hub, session: Session, row: ExtractionRequest, topic: str) -> None:
    """Tell the requester, the approvers who act next and the case's sides."""
    case = session.get(ViolationCase, row.case_id)
    parents = unit_parents(session)
    units = set(approver_units(session, row)) | set(unit_chain(parents, row.requester_unit_id))
    if case is not None:
        units |= set(unit_chain(parents, case.unit_id))
    audience = Audience(
        users=frozenset({row.requester_id}),
        units=frozenset(units),
        requires=frozenset(
            {
                Permission.APPROVAL_GRANT.value,
                Permission.CASE_WORK.value,
                Permission.IMAGE_EXPORT_REQUEST.value,
            }
        ),
    )
    data = request_out(hub, session, row).model_dump(mode="json")
    publish_after_commit(session, hub.events, topic, data, audience)


def requests_of(
    hub: Hub, session: Session, principal: Principal, case: ViolationCase
) -> list[ExtractionRequestOut]:
    """The extraction requests of a case, oldest first."""
    stmt = select(ExtractionRequest).where(ExtractionRequest.case_id == case.id)
    return [
        request_out(hub, session, r, principal)
        for r in session.scalars(stmt.order_by(ExtractionRequest.id))
    ]


def _visible(
    hub: Hub, session: Session, principal: Principal, request_id: int, lock: bool = False
) -> ExtractionRequest:
    row = session.get(ExtractionRequest, request_id, with_for_update=lock)
    if row is None:
        raise HubError(404, "extraction.not_found")
    if row.requester_id == principal.user_id:
        return row
    case = session.get(ViolationCase, row.case_id)
    viewer = CaseViewer.of(hub, session, principal)
    if case is not None and viewer.sees(case):
        return row
    if Permission.APPROVAL_GRANT in principal.permissions and (
        principal.unit_id in approver_units(session, row)
        or principal.user_id in _decided_by(session, row)
    ):
        return row
    raise HubError(404, "extraction.not_found")


def list_requests(
    hub: Hub, session: Session, principal: Principal, pending_for_me: bool, limit: int
) -> list[ExtractionRequestOut]:
    """Requests the caller made, may decide now (``pending_for_me``: only those), or whose
    case they see; newest first."""
    stmt = select(ExtractionRequest).order_by(ExtractionRequest.id.desc())
    if pending_for_me:
        stmt = stmt.where(ExtractionRequest.status.in_(PENDING))
    viewer = CaseViewer.of(hub, session, principal)
    out: list[ExtractionRequestOut] = []
    for row in session.scalars(stmt.limit(5000)):
        mine = may_decide(session, principal, row) is None and row.status in PENDING
        if pending_for_me and not mine:
            continue
        if not mine and row.requester_id != principal.user_id:
            case = session.get(ViolationCase, row.case_id)
            if case is None or not viewer.sees(case):
                continue
        out.append(request_out(hub, session, row, principal))
        if len(out) >= limit:
            break
    return out


# --- asking and deciding ---------------------------------------------------------------------


def _open_case(
    hub: Hub, session: Session, principal: Principal, case_id: int, action: str
) -> ViolationCase:
    hub.audit.lock_chain(session)
    viewer = CaseViewer.of(hub, session, principal)
    case = visible_case(session, viewer, case_id, lock=True)
    if case.status not in OPEN:
        raise HubError(409, "case.bad_transition", {"status": case.status})
    return case


def create_request(
    hub: Hub, session: Session, principal: Principal, case_id: int, req: ExtractionRequestCreate
) -> ExtractionRequestOut:
    """Ask to extract a case's footage (see the module doc for who decides).

    Raises:
        HubError: 404 ``case.not_found``; 403 ``forbidden`` (audited); 409
            ``case.bad_transition`` (the case is closed).
    """
    case = _open_case(hub, session, principal, case_id, "request")
    if Permission.IMAGE_EXPORT_REQUEST not in principal.permissions:
        raise _denied(principal, "request", None, "no_request_right")
    rule = hub.profile.extraction_approval
    now = hub.clock.now()
    row = ExtractionRequest(
        case_id=case.id,
        kind=req.kind.value,
        rule=rule.value,
        status=ST.PENDING_APPROVAL.value,
        purpose=req.purpose,
        content=req.content,
        commitment=req.commitment,
        requester_id=principal.user_id,
        requester_unit_id=principal.unit_id,
        requester_agency=req.requester_agency,
        document_number=req.document_number,
        document_date=req.document_date,
        created_at=now,
        updated_at=now,
    )
    written = req.kind is ExtractionKind.WRITTEN_REQUEST
    if not written and rule in (R.IN_SCOPE_RIGHTS, R.LOGGED_PURPOSE_REQUESTER):
        row.status = ST.APPROVED.value  # HCM 7, DB 16.3: no prior approval, logged
    elif not written and _needs_endorsement(session, rule.value, principal.unit_id):
        row.status = ST.PENDING_ENDORSEMENT.value
    session.add(row)
    session.flush()
    add_step(hub, session, case, principal, "extraction_request", None, req.purpose)
    hub.audit.append(
        session,
        principal.actor,
        "extraction.request",
        object_type="extraction_request",
        object_id=row.id,
        detail={
            "case_id": case.id,
            "kind": row.kind,
            "rule": row.rule,
            "status": row.status,
            "purpose": row.purpose,
            "requester_agency": row.requester_agency,
            "document_number": row.document_number,
        },
    )
    push(hub, session, row, TOPIC_OPENED)
    return request_out(hub, session, row, principal)


def decide(
    hub: Hub, session: Session, principal: Principal, request_id: int, req: ApprovalDecisionIn
) -> ExtractionRequestOut:
    """Endorse (the requester's unit leader) or decide (the approving leadership).

    Raises:
        HubError: 404 ``extraction.not_found``; 403 ``forbidden`` (``no_approval_right``,
            ``own_request``, ``already_decided``, ``wrong_unit``; audited); 409
            ``extraction.bad_transition``.
    """
    hub.audit.lock_chain(session)
    row = _visible(hub, session, principal, request_id, lock=True)
    if row.status not in PENDING:
        raise HubError(409, "extraction.bad_transition", {"status": row.status})
    why = may_decide(session, principal, row)
    if why is not None:
        raise _denied(principal, "decide", row.id, why)
    endorsement = row.status == ST.PENDING_ENDORSEMENT.value
    stage = ApprovalStage.ENDORSEMENT if endorsement else ApprovalStage.APPROVAL
    now = hub.clock.now()
    session.add(
        ExtractionDecision(
            request_id=row.id,
            stage=stage.value,
            verdict=req.verdict.value,
            by_id=principal.user_id,
            by_unit_id=principal.unit_id,
            at=now,
            note=req.note,
        )
    )
    before = row.status
    if req.verdict is Verdict.REJECT:
        row.status = ST.REJECTED.value
    else:
        row.status = ST.PENDING_APPROVAL.value if endorsement else ST.APPROVED.value
    row.updated_at = now
    session.flush()
    hub.audit.append(
        session,
        principal.actor,
        f"extraction.{'endorse' if endorsement else 'decide'}",
        object_type="extraction_request",
        object_id=row.id,
        detail={
            "case_id": row.case_id,
            "verdict": req.verdict.value,
            "from": before,
            "to": row.status,
        },
    )
    push(hub, session, row, TOPIC_UPDATED)
    return request_out(hub, session, row, principal)


def withdraw(
    hub: Hub, session: Session, principal: Principal, request_id: int, req: WithdrawIn
) -> ExtractionRequestOut:
    """The requester withdraws a pending request."""
    hub.audit.lock_chain(session)
    row = _visible(hub, session, principal, request_id, lock=True)
    if row.requester_id != principal.user_id:
        raise _denied(principal, "withdraw", row.id, "not_requester")
    if row.status not in PENDING:
        raise HubError(409, "extraction.bad_transition", {"status": row.status})
    row.status = ST.WITHDRAWN.value
    row.updated_at = hub.clock.now()
    hub.audit.append(
        session,
        principal.actor,
        "extraction.withdraw",
        object_type="extraction_request",
        object_id=row.id,
        detail={"case_id": row.case_id, "reason": req.reason},
    )
    push(hub, session, row, TOPIC_UPDATED)
    return request_out(hub, session, row, principal)


# --- fast extraction (TN 9.2) ------------------------------------------------------------------


def fast_extraction(
    hub: Hub, session: Session, principal: Principal, case_id: int, req: FastExtractionIn
) -> ExtractionRequestOut:
    """TN 9.2: extract in an emergency without prior approval (see the module doc).

    Raises:
        HubError: 422 ``extraction.reason_required``, ``extraction.not_emergency``,
            ``extraction.fast_not_in_profile`` (all audited); 404 ``case.not_found``;
            403 ``forbidden`` (``wrong_unit``, ``not_chairman_or_authorised``,
            ``camera_not_granted``; audited); 409 ``case.bad_transition``.
    """

    def refused(code: str, reason: str) -> HubError:
        return HubError(
            422,
            code,
            {"reason": reason},
            PendingAudit(
                principal.actor,
                "extraction.fast",
                {
                    "outcome": "denied",
                    "object_type": "case",
                    "object_id": case_id,
                    "reason": reason,
                },
            ),
        )

    rule = hub.profile.fast_extraction_dossier
    if hub.profile.extraction_approval is not R.FAST_EXTRACTION_COMMUNE_CHAIRMAN or rule is None:
        raise refused("extraction.fast_not_in_profile", "profile")
    if not req.reason.strip() or not req.purpose.strip():
        raise refused("extraction.reason_required", "reason_and_purpose_required")
    if not req.emergency:
        raise refused("extraction.not_emergency", "not_emergency")
    case = _open_case(hub, session, principal, case_id, "fast")
    right = _fast_right(hub, session, principal, case.unit_id)
    if isinstance(right, str):
        raise _denied(principal, "fast", None, right)
    visibility = Visibility(hub, session, principal)
    camera_ids = [
        c.camera_id
        for c in session.scalars(select(CaseCamera).where(CaseCamera.case_id == case.id))
    ]
    for camera_id in camera_ids:
        camera = session.get(Camera, camera_id)
        if camera is None or not (visibility.by_unit(camera) or visibility.by_approval(camera)):
            raise _denied(principal, "fast", None, "camera_not_granted")
    now = hub.clock.now()
    row = ExtractionRequest(
        case_id=case.id,
        kind=ExtractionKind.FAST.value,
        rule=R.FAST_EXTRACTION_COMMUNE_CHAIRMAN.value,
        status=ST.FAST.value,
        purpose=req.purpose,
        content=f"Trích xuất nhanh: {req.offence.value}",
        commitment=None,
        requester_id=principal.user_id,
        requester_unit_id=principal.unit_id,
        offence=req.offence.value,
        reason=req.reason,
        authorisation_id=right,
        # TN 9.2b: the internal dossier within 24 working hours of the extraction
        dossier_due_at=due_at(hub.profile, now, rule.amount, rule.unit, stored_days(session)),
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    session.flush()
    log_extraction(
        hub,
        session,
        principal,
        case,
        LogAction.FAST_EXTRACTION,
        purpose=req.purpose,
        requester=requester_of(session, principal),
        camera_ids=camera_ids,
        request_id=row.id,
    )
    log_personal_data(
        hub,
        session,
        principal,
        case,
        LogAction.FAST_EXTRACTION,
        req.purpose,
        {DataType.VIDEO, DataType.IMAGE},
    )
    add_step(hub, session, case, principal, "fast_extraction", None, req.reason)
    # TN 9.2b: the non-erasable record of account, time, reason and purpose.
    hub.audit.append(
        session,
        principal.actor,
        "extraction.fast",
        object_type="extraction_request",
        object_id=row.id,
        detail={
            "case_id": case.id,
            "offence": req.offence.value,
            "reason": req.reason,
            "purpose": req.purpose,
            "authorisation_id": right,
            "camera_ids": camera_ids,
            "dossier_due_at": as_utc(row.dossier_due_at).isoformat()
            if row.dossier_due_at
            else None,
        },
    )
    push(hub, session, row, TOPIC_OPENED)
    return request_out(hub, session, row, principal)


def complete_dossier(
    hub: Hub, session: Session, principal: Principal, request_id: int, req: DossierIn
) -> ExtractionRequestOut:
    """TN 9.2b: the internal dossier of a fast extraction is complete (late is kept as
    ``dossier_late``)."""
    hub.audit.lock_chain(session)
    row = _visible(hub, session, principal, request_id, lock=True)
    if X.COMPLETE_DOSSIER not in allowed(hub, session, principal, row):
        if row.status != ST.FAST.value or row.dossier_completed_at is not None:
            raise HubError(409, "extraction.bad_transition", {"status": row.status})
        raise _denied(principal, "dossier", row.id, "wrong_unit")
    row.dossier_completed_at = hub.clock.now()
    row.dossier_reference = req.reference
    row.updated_at = row.dossier_completed_at
    late = dossier_late(hub, row)
    hub.audit.append(
        session,
        principal.actor,
        "extraction.dossier",
        object_type="extraction_request",
        object_id=row.id,
        detail={"case_id": row.case_id, "reference": req.reference, "late": late},
    )
    push(hub, session, row, TOPIC_UPDATED)
    return request_out(hub, session, row, principal)


# --- written authorisations (TN 9.2a) -----------------------------------------------------------


def _authorisation_out(session: Session, row: FastExtractionAuthorisation) -> AuthorisationOut:
    grantee = session.get(User, row.grantee_id)
    granter = session.get(User, row.granted_by)
    return AuthorisationOut(
        id=row.id,
        unit_id=row.unit_id,
        grantee_id=row.grantee_id,
        grantee_name=grantee.display_name if grantee else "",
        granted_by=row.granted_by,
        granted_by_name=granter.display_name if granter else "",
        document_number=row.document_number,
        document_date=row.document_date,
        recorded_at=as_utc(row.recorded_at),
        expires_at=as_utc(row.expires_at),
        revoked_at=as_utc(row.revoked_at) if row.revoked_at else None,
    )


def authorise(
    hub: Hub, session: Session, principal: Principal, req: AuthorisationCreate
) -> AuthorisationOut:
    """The commune chairman (an approver of a commune unit) records his written
    authorisation of a person of the commune (TN 9.2a).

    Raises:
        HubError: 403 ``forbidden`` (``wrong_unit``: not a commune; audited); 422
            ``extraction.bad_grantee`` (not of the commune, or oneself, or expired).
    """
    if _kind_of(session, principal.unit_id) != UnitKind.COMMUNE.value:
        raise _denied(principal, "authorise", None, "wrong_unit")
    grantee = session.get(User, req.grantee_id)
    if grantee is None or grantee.unit_id != principal.unit_id or grantee.id == principal.user_id:
        raise HubError(422, "extraction.bad_grantee", {"grantee_id": req.grantee_id})
    now = hub.clock.now()
    if req.expires_at <= now:
        raise HubError(422, "extraction.bad_grantee", {"reason": "expired"})
    row = FastExtractionAuthorisation(
        unit_id=principal.unit_id,
        grantee_id=grantee.id,
        granted_by=principal.user_id,
        document_number=req.document_number,
        document_date=req.document_date,
        recorded_at=now,
        expires_at=req.expires_at,
    )
    session.add(row)
    session.flush()
    hub.audit.append(
        session,
        principal.actor,
        "extraction.authorise",
        object_type="fast_extraction_authorisation",
        object_id=row.id,
        detail={
            "grantee_id": grantee.id,
            "document_number": req.document_number,
            "document_date": req.document_date.isoformat(),
            "expires_at": as_utc(req.expires_at).isoformat(),
        },
    )
    return _authorisation_out(session, row)


def list_authorisations(hub: Hub, session: Session, principal: Principal) -> list[AuthorisationOut]:
    """The authorisations of the caller's unit (the IOC: all), newest first."""
    stmt = select(FastExtractionAuthorisation).order_by(FastExtractionAuthorisation.id.desc())
    if not CaseViewer.of(hub, session, principal).everything:
        stmt = stmt.where(FastExtractionAuthorisation.unit_id == principal.unit_id)
    return [_authorisation_out(session, r) for r in session.scalars(stmt)]
