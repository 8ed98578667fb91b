# SPDX-License-Identifier: GPL-3.0-or-later
"""HTTP endpoint for auditors to query the audit trail."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from hub.audit.service import AuditFilter, AuditReach, query
from hub.contracts import AuditPage, UtcOrNaiveDateTimeIn
from hub.deps import Auditor, DbSession, HubDep
from hub.scope.service import scope_of

router = APIRouter(prefix="/api/audit", tags=["audit"])

_Str = Annotated[str | None, Query(max_length=80, pattern=r"^[\w.:@-]+$")]


@router.get("/records")
def records(
    hub: HubDep,
    db: DbSession,
    auditor: Auditor,
    actor: _Str = None,
    action: _Str = None,
    object_type: _Str = None,
    object_id: _Str = None,
    since: UtcOrNaiveDateTimeIn | None = None,
    until: UtcOrNaiveDateTimeIn | None = None,
    after: Annotated[int | None, Query(ge=0, le=2**62)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> AuditPage:
    """Records matching every given filter, oldest first; page with ``after``.

    Audit reading is scoped like everything else: the IOC's auditors read the whole
    trail; an auditor elsewhere reads what the people of the units in their scope did and
    what was done to the cameras in their scope (:class:`AuditReach`).
    """
    flt = AuditFilter(actor, action, object_type, object_id, since, until)
    scope = scope_of(db, auditor, hub.clock.now())
    reach = None if scope.central else AuditReach(scope.territory_ids, scope.domain)
    page = query(db, flt, after, limit, reach)
    # Reading the trail is itself recorded: auditors are audited too.
    detail: dict[str, object] = {k: str(v) for k, v in vars(flt).items() if v is not None}
    detail["scope"] = "all" if reach is None else f"territory:{scope.territory_id}"
    hub.audit.append(db, auditor.actor, "audit.query", detail=detail)
    return page
