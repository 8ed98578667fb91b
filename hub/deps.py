# SPDX-License-Identifier: GPL-3.0-or-later
"""FastAPI dependencies: the hub, the request's transaction, the caller, permissions."""

from __future__ import annotations

import asyncio
import functools
import inspect
from collections.abc import Callable, Iterator
from ipaddress import IPv4Network, IPv6Network, ip_address, ip_network
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from hub.auth.principal import Principal
from hub.auth.sessions import authenticate
from hub.catalog.access import stated_reason
from hub.context import Hub
from hub.contracts import AccessReason, Permission
from hub.errors import HubError
from hub.scope.service import require_permission

_bearer = HTTPBearer(auto_error=False)


def get_hub(request: Request) -> Hub:
    """The process's hub."""
    hub = request.app.state.hub
    assert isinstance(hub, Hub)
    return hub


HubDep = Annotated[Hub, Depends(get_hub)]


@functools.cache
def trusted_networks(spec: str) -> tuple[IPv4Network | IPv6Network, ...]:
    """The ``trusted_proxies`` setting as networks (a bare address is a /32 or /128).

    Raises:
        ValueError: an entry is not an address or network.
    """
    return tuple(ip_network(item.strip(), strict=False) for item in spec.split(",") if item.strip())


def client_address(
    peer: str | None, forwarded_for: list[str], trusted: tuple[IPv4Network | IPv6Network, ...]
) -> str | None:
    """The client's address: the peer, unless the peer is a trusted proxy; then the
    right-most ``X-Forwarded-For`` entry that is not itself a trusted proxy (entries to
    its left were written by the client and prove nothing)."""

    def is_trusted(address: str) -> bool:
        try:
            ip = ip_address(address)
        except ValueError:
            return False
        return any(ip in net for net in trusted)

    if peer is None or not trusted or not is_trusted(peer):
        return peer
    hops = [h.strip() for header in forwarded_for for h in header.split(",") if h.strip()]
    for hop in reversed(hops):
        try:
            address = str(ip_address(hop))
        except ValueError:
            return peer  # a malformed hop: believe nothing further left
        if not is_trusted(address):
            return address
    return peer


def get_source(request: Request) -> str | None:
    """The client's address, for audit records and per-source throttling.

    ``X-Forwarded-For`` counts only when the connection comes from a proxy named in the
    ``trusted_proxies`` setting; otherwise anybody could pick the address they are
    throttled and audited under.
    """
    peer = request.client.host if request.client else None
    hub = getattr(request.app.state, "hub", None)
    if not isinstance(hub, Hub) or not hub.settings.trusted_proxies:
        return peer
    trusted = trusted_networks(hub.settings.trusted_proxies)
    return client_address(peer, request.headers.getlist("x-forwarded-for"), trusted)


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


def _end_transactions(sessions: list[Session], exc: Exception | None) -> None:
    """Commit (or, after an error, roll back) the request's transaction, as
    :func:`get_db` would; what is left for it is the refusal's audit record."""
    for session in sessions:
        if exc is None or (isinstance(exc, HubError) and exc.keep_changes):
            session.commit()
        else:
            session.rollback()


def _ending_in_a_thread(call: Callable[..., Any], names: list[str]) -> Callable[..., Any]:
    def sessions(values: dict[str, Any]) -> list[Session]:
        return [v for n in names if isinstance(v := values.get(n), Session)]

    if inspect.iscoroutinefunction(call):

        @functools.wraps(call)
        async def ended_async(**values: Any) -> Any:
            try:
                result = await call(**values)
            except Exception as exc:
                await asyncio.to_thread(_end_transactions, sessions(values), exc)
                raise
            await asyncio.to_thread(_end_transactions, sessions(values), None)
            return result

        return ended_async

    @functools.wraps(call)
    def ended(**values: Any) -> Any:  # runs in the threadpool, as the endpoint did
        try:
            result = call(**values)
        except Exception as exc:
            _end_transactions(sessions(values), exc)
            raise
        _end_transactions(sessions(values), None)
        return result

    return ended


def end_transactions_off_the_loop(router: APIRouter) -> None:
    """Have every route's transaction end as its endpoint returns, in a worker thread —
    not in :func:`get_db`'s exit, which FastAPI schedules from the event loop.

    A transaction holds locks until it ends: row locks, and on PostgreSQL the audit
    chain's advisory lock. Ended from the loop, a request's locks waited for the loop;
    when the loop itself was waiting on one of them (an async route's statement, such as
    the archive search's audit record), neither could go on and the hub hung for good
    (a wall of four grants and a timeline search: tests/console/test_hub_restart.py on
    PostgreSQL). Ended in a thread, the locks go without the loop's help.

    Call it on each router before it is included (the endpoints are wrapped in place,
    once: FastAPI builds the served routes from them).
    """
    for route in router.routes:
        if not isinstance(route, APIRoute) or getattr(route.endpoint, _ENDS, False):
            continue
        names = [d.name for d in route.dependant.dependencies if d.call is get_db and d.name]
        if names:
            wrapped = _ending_in_a_thread(route.endpoint, names)
            setattr(wrapped, _ENDS, True)
            route.endpoint = wrapped
            route.dependant.call = wrapped


_ENDS = "_vwall_ends_transactions"


def get_bearer(
    creds: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> str:
    """The bearer token of the request."""
    if creds is None or not creds.credentials or len(creds.credentials) > 128:
        raise HubError(401, "auth.required")
    return creds.credentials


BearerToken = Annotated[str, Depends(get_bearer)]


def end_check(db: Session) -> None:
    """Commit the caller's check (its session touched) before the endpoint runs.

    A dependency and its endpoint run in two calls to the thread pool. On SQLite every
    transaction holds the database's write lock from its first statement
    (``BEGIN IMMEDIATE``, :func:`hub.db.make_engine`); held across that hop, the lock
    waits for a free thread while the threads wait for the lock: with more requests at
    once than the pool has threads (a 64-tile display wall asking its grants), every
    request stalled for the busy timeout (30 s) and many ended in 500. Ended here, a
    request holds the lock only inside one thread call.
    """
    db.commit()


def get_session_principal(
    hub: HubDep, db: DbSession, token: BearerToken, source: SourceDep
) -> Principal:
    """The caller, re-checked now (session alive, account enabled), any password state."""
    principal = authenticate(db, hub, token, source)
    end_check(db)
    return principal


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


async def state_reason(
    reason: Annotated[AccessReason | None, Query()] = None,
    reason_note: Annotated[str | None, Query(max_length=500)] = None,
) -> None:
    """TN 6.2: take the request's stated reason (query parameters) for :func:`use_camera`.

    Async on purpose: it runs in the request's own task, so the value it sets is the one
    the route's service sees (a thread-pool dependency would set it in a copy).
    """
    if reason_note is not None and any(ord(c) < 32 for c in reason_note):
        raise HubError(422, "invalid_input", {"field": "reason_note"})
    stated_reason.set((reason, reason_note or None) if reason is not None else None)


StatedReason = Depends(state_reason)
