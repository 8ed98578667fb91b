# SPDX-License-Identifier: GPL-3.0-or-later
"""FastAPI dependencies: the hub, the request's transaction, the caller, permissions."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated

from fastapi import Depends, Path, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from hub.auth.principal import Principal
from hub.auth.sessions import authenticate
from hub.context import Hub
from hub.contracts import Permission
from hub.errors import HubError
from hub.scope.service import require_permission

_bearer = HTTPBearer(auto_error=False)


def get_hub(request: Request) -> Hub:
    """The process's hub."""
    hub = request.app.state.hub
    assert isinstance(hub, Hub)
    return hub


HubDep = Annotated[Hub, Depends(get_hub)]


def get_source(request: Request) -> str | None:
    """The client's address, for audit records and per-source throttling."""
    return request.client.host if request.client else None


SourceDep = Annotated[str | None, Depends(get_source)]


def get_db(hub: HubDep) -> Iterator[Session]:
    """One transaction per request: commit on success, roll back on any error.

    A refusal that carries a pending audit record has it written after the rollback,
    in a transaction of its own, so the denial is kept and nothing else is.
    """
    session = hub.sessions()
    try:
        session.begin()
        yield session
        session.commit()
    except HubError as exc:
        if exc.keep_changes:
            session.commit()
        else:
            session.rollback()
        if exc.audit is not None:
            hub.audit.record_now(
                hub.sessions, exc.audit.actor, exc.audit.action, **exc.audit.fields
            )
        raise
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


# "function": the transaction commits (or rolls back and writes the refusal's audit record)
# before the response leaves, so a client never gets a 200 for a write that then failed,
# and its next request always sees its own write.
DbSession = Annotated[Session, Depends(get_db, scope="function")]


def get_bearer(
    creds: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> str:
    """The bearer token of the request."""
    if creds is None or not creds.credentials or len(creds.credentials) > 128:
        raise HubError(401, "auth.required")
    return creds.credentials


BearerToken = Annotated[str, Depends(get_bearer)]


def get_session_principal(
    hub: HubDep, db: DbSession, token: BearerToken, source: SourceDep
) -> Principal:
    """The caller, re-checked now (session alive, account enabled), any password state."""
    return authenticate(db, hub, token, source)


SessionPrincipal = Annotated[Principal, Depends(get_session_principal)]


def get_principal(principal: SessionPrincipal) -> Principal:
    """The caller, who must not owe a password change (TN 10.1 rotation)."""
    if principal.password_change_required:
        raise HubError(403, "auth.password_change_required")
    return principal


CurrentUser = Annotated[Principal, Depends(get_principal)]


def require(permission: Permission) -> Callable[[Principal], Principal]:
    """A dependency admitting only callers holding ``permission``."""

    def _check(principal: CurrentUser) -> Principal:
        require_permission(principal, permission)
        return principal

    _check.__name__ = f"require_{permission.name.lower()}"
    return _check


OrgManager = Annotated[Principal, Depends(require(Permission.ORG_MANAGE))]
UserManager = Annotated[Principal, Depends(require(Permission.USER_MANAGE))]
AccountReviewer = Annotated[Principal, Depends(require(Permission.ACCOUNT_REVIEW))]
ApprovalRecorder = Annotated[Principal, Depends(require(Permission.APPROVAL_GRANT))]
Auditor = Annotated[Principal, Depends(require(Permission.AUDIT_READ))]
Commander = Annotated[Principal, Depends(require(Permission.EMERGENCY_COMMAND))]

# An id in a URL path: out-of-range numbers are a 422, never a database overflow.
PathId = Annotated[int, Path(ge=1, le=2_147_483_647)]
