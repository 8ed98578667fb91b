# SPDX-License-Identifier: GPL-3.0-or-later
"""HTTP endpoint for auditors to query the audit trail."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query

from hub.audit.service import AuditFilter, query
from hub.contracts import AuditPage
from hub.deps import Auditor, DbSession, HubDep

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
    since: datetime | None = None,
    until: datetime | None = None,
    after: Annotated[int | None, Query(ge=0, le=2**62)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> AuditPage:
    """Records matching every given filter, oldest first; page with ``after``."""
    flt = AuditFilter(actor, action, object_type, object_id, since, until)
    page = query(db, flt, after, limit)
    # Reading the trail is itself recorded: auditors are audited too.
    hub.audit.append(
        db,
        auditor.actor,
        "audit.query",
        detail={k: str(v) for k, v in vars(flt).items() if v is not None},
    )
    return page
