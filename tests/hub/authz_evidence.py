# SPDX-License-Identifier: GPL-3.0-or-later
"""Authorization rules of evidence packages (hub/evidence).

The targets are district A cases (see ``authz_cases``). Asking for a package is an
export (the operating unit's ``case.work``); the matrix asks for a raw one, which the
profile makes wait for a second person, so nothing is built from the matrix's stand-in
media. Deciding is ``approval.grant`` on another person's request (the matrix rejects,
nothing is built); fetching belongs to the requester (each actor has a ready package of
their own, its file a stand-in); reading and the key are for anyone who sees the case;
the list of packages waiting for the caller answers every session (empty for anyone who
may decide none).
Who may not approve their own, the refusals before and after a decision, and fetching
twice: tests/hub/evidence.
"""

from __future__ import annotations

import secrets

from hub.cases.models import CaseExport, ExtractionRequest
from hub.contracts import Permission
from hub.db import transaction
from hub.evidence.models import EvidencePackage
from hub.evidence.service import package_dir
from tests.hub.authz import SESSION, Case, Ctx, Rule, static
from tests.hub.authz_cases import _case, _device, _other_requester, _request


def _ask(ctx: Ctx, actor: str, situation: str) -> Case:
    rid = _request(ctx, _other_requester(ctx), status="approved")
    with transaction(ctx.live.hub.sessions) as s:
        request = s.get(ExtractionRequest, rid)
        assert request is not None
        case_id = request.case_id
    return Case(
        f"/api/cases/{case_id}/packages",
        {"request_id": rid, "device_identifier": _device(ctx).identifier, "raw": True},
    )


def _stored(ctx: Ctx, requester: int, status: str) -> tuple[int, int]:
    """A package row of a sent district A case (its export row too); ready ones have a
    stand-in file in the package directory."""
    rid = _request(ctx, _other_requester(ctx), status="approved")
    device = _device(ctx)
    data = secrets.token_bytes(64)
    with transaction(ctx.live.hub.sessions) as s:
        request = s.get(ExtractionRequest, rid)
        assert request is not None
        now = ctx.live.clock.now()
        export = CaseExport(
            case_id=request.case_id,
            request_id=rid,
            device_id=device.id,
            performed_by=requester,
            performed_at=now,
            purpose="Chuyển công an",
        )
        s.add(export)
        s.flush()
        name = f"mx-{secrets.token_hex(6)}.zip"
        row = EvidencePackage(
            case_id=request.case_id,
            export_id=export.id,
            raw=True,
            status=status,
            requested_by=requester,
            requested_unit_id=ctx.province.units["districtA"],
            requested_at=now,
            file_name=name if status == "ready" else None,
            sha256=secrets.token_hex(32) if status == "ready" else None,
            size=len(data) if status == "ready" else None,
        )
        s.add(row)
        s.flush()
        if status == "ready":
            directory = package_dir(ctx.live.hub)
            directory.mkdir(parents=True, exist_ok=True)
            (directory / name).write_bytes(data)
        return request.case_id, row.id


def _decide(ctx: Ctx, actor: str, situation: str) -> Case:
    case_id, package_id = _stored(ctx, _other_requester(ctx), "pending_approval")
    return Case(f"/api/cases/{case_id}/packages/{package_id}/decide", {"verdict": "reject"})


def _file(ctx: Ctx, actor: str, situation: str) -> Case:
    case_id, package_id = _stored(ctx, ctx.province.user_ids[actor], "ready")
    return Case(f"/api/cases/{case_id}/packages/{package_id}/file")


def _one(ctx: Ctx, actor: str, situation: str) -> Case:
    case_id, package_id = _stored(ctx, _other_requester(ctx), "pending_approval")
    return Case(f"/api/cases/{case_id}/packages/{package_id}")


RULES: dict[tuple[str, str], Rule] = {
    ("POST", "/api/cases/{case_id}/packages"): Rule(Permission.CASE_WORK, _ask),
    ("GET", "/api/cases/{case_id}/packages"): Rule(
        SESSION, lambda ctx, actor, sit: Case(f"/api/cases/{_case(ctx, 'sent')}/packages")
    ),
    ("GET", "/api/cases/{case_id}/packages/{package_id}"): Rule(SESSION, _one),
    ("POST", "/api/cases/{case_id}/packages/{package_id}/decide"): Rule(
        Permission.APPROVAL_GRANT, _decide
    ),
    ("GET", "/api/cases/{case_id}/packages/{package_id}/file"): Rule(SESSION, _file),
    ("GET", "/api/evidence/pending"): Rule(SESSION, static("/api/evidence/pending")),
    ("GET", "/api/evidence/key"): Rule(SESSION, static("/api/evidence/key")),
}
