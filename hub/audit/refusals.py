# SPDX-License-Identifier: GPL-3.0-or-later
"""Audit of refused requests, bounded under a flood (``hub.services["refusals"]``).

Refusals that carry their own audit record (``authz.denied``, ``scope.denied``,
``auth.ticket_refused``, failed logins…) are written where they are decided. Every other
refused request — an invalid or expired session, a display token on a user route, a
throttled attempt, someone else's grant or wall (404), a conflict, bad input — is audited
here, from the error handlers, as

- ``auth.refused`` (401, and ``auth.*`` codes such as 429 ``auth.throttled``),
- ``request.invalid`` (400/422: input refused),
- ``request.refused`` (every other 4xx),

with the error code as ``reason`` and the route template (never the client's path),
method and status in ``detail``.

The trail is append-only, so a count cannot be updated in place. Refusals are grouped by
minute (of the hub's clock), source address, actor, action and reason: the first refusal
of a group is written at once (``detail.minute`` names its minute), the others are only
counted, and when the minute is over (checked every ``flush_seconds`` and on each
refusal) or the hub stops, one record per group with ``detail.summary = true`` and
``detail.count`` = the refusals not written on their own (with their routes) closes it.
So every refusal is accounted for, and an attacker spraying invalid tokens adds at most
two records per group and minute. Groups are bounded too: once a minute has
``max_groups`` groups, new sources or actors fold into one overflow group per action and
reason (``source`` empty, ``detail.overflow = true``). Counts not yet written when the
process is killed (not stopped) are lost; the first refusal of each group never is.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select

from hub.audit.service import Actor
from hub.clock import as_utc
from hub.context import Hub

log = logging.getLogger(__name__)

NAME = "refusals"
MAX_GROUPS_PER_MINUTE = 1000
FLUSH_SECONDS = 1.0
_ROUTES_KEPT = 20  # distinct routes listed in a summary (route templates: a finite set)

GroupKey = tuple[datetime, str | None, int | None, str | None, str, str]

# Refusals audited where they are decided without a PendingAudit: failed logins,
# password changes and re-authentications count and audit the failure in their own
# transaction (hub.auth.service.record_login_failure), and a throttled password step is
# audited as a failed ``auth.login``.
AUDITED_CODES = frozenset(
    {"auth.login_failed", "auth.wrong_password", "auth.reauthentication_failed"}
)
AUDITED_ON_ROUTE = frozenset({("/api/auth/login", "auth.throttled")})


def needs_audit(status: int, code: str, route: str | None, audited: bool) -> bool:
    """Whether a refusal still needs a record here (4xx, not audited where raised)."""
    if audited or not 400 <= status < 500:
        return False
    return code not in AUDITED_CODES and (route, code) not in AUDITED_ON_ROUTE


def refusal_action(status: int, code: str) -> str:
    """The audit action of a refusal with ``status`` and error ``code``."""
    if status == 401 or code.startswith("auth."):
        return "auth.refused"
    if status in (400, 422):
        return "request.invalid"
    return "request.refused"


def actor_of(hub: Hub, authorization: str | None, source: str | None) -> Actor:
    """Whose bearer token came with a refused request: a user's session (even an expired
    or revoked one), a display's token or a user's login ticket; else nobody."""
    from hub.auth.models import AuthSession, LoginTicket
    from hub.auth.sessions import token_digest
    from hub.org.models import User
    from hub.walls.models import Display

    scheme, _, token = (authorization or "").partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or len(token) > 128:
        return Actor(None, None, source)
    digest = token_digest(token)
    with hub.sessions() as session, session.begin():
        for model in (AuthSession, LoginTicket):
            row = session.execute(
                select(User.id, User.username)
                .join(model, model.user_id == User.id)
                .where(model.token_hash == digest)
            ).first()
            if row is not None:
                return Actor(row[0], row[1], source)
        display = session.scalar(select(Display.id).where(Display.token_hash == digest))
        if display is not None:
            return Actor(None, f"display:{display}", source)
    return Actor(None, None, source)


@dataclass
class _Group:
    actor: Actor
    overflow: bool
    count: int = 0  # refusals after the first, not written on their own
    routes: Counter[str] = field(default_factory=Counter)


class RefusalAudit:
    """Writes refusal records: the first of a group at once, the rest as a summary."""

    name = NAME

    def __init__(
        self,
        hub: Hub,
        max_groups: int = MAX_GROUPS_PER_MINUTE,
        flush_seconds: float = FLUSH_SECONDS,
    ) -> None:
        self.hub = hub
        self.max_groups = max_groups
        self.flush_seconds = flush_seconds
        self._lock = threading.Lock()
        self._groups: dict[GroupKey, _Group] = {}
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Close finished minutes in the background."""
        self._task = asyncio.create_task(self._loop(), name="refusal-audit")

    async def stop(self) -> None:
        """Write every pending summary (the current minute's too)."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        await asyncio.to_thread(self.flush, True)

    async def _loop(self) -> None:
        while True:
            await asyncio.sleep(self.flush_seconds)
            try:
                await asyncio.to_thread(self.flush)
            except Exception:
                log.exception("cannot write refusal summaries")

    def refused(
        self,
        actor: Actor,
        action: str,
        reason: str,
        detail: dict[str, Any],
    ) -> bool:
        """Account for one refusal; returns whether it was written on its own."""
        minute = _minute(self.hub.clock.now())
        self.flush()
        route = f"{detail.get('method')} {detail.get('route')}"
        with self._lock:
            key: GroupKey = (minute, actor.source, actor.user_id, actor.username, action, reason)
            group = self._groups.get(key)
            overflow = False
            if group is None and sum(1 for k in self._groups if k[0] == minute) >= self.max_groups:
                key = (minute, None, None, None, action, reason)
                group = self._groups.get(key)
                overflow = True
            if group is not None:
                group.count += 1
                group.routes[route] += 1
                return False
            if overflow:
                actor = Actor(None, None, None)
            self._groups[key] = _Group(actor, overflow)
        fields = {**detail, "minute": minute.isoformat()}
        if overflow:
            fields["overflow"] = True
        self._write([(actor, action, reason, fields)])
        return True

    def flush(self, everything: bool = False) -> int:
        """Write the summaries of finished minutes (of all, when ``everything``); returns
        how many were written."""
        current = _minute(self.hub.clock.now())
        with self._lock:
            done = [k for k in self._groups if everything or k[0] < current]
            closed = [(k, self._groups.pop(k)) for k in done]
        records = []
        for (minute, _src, _uid, _name, action, reason), group in closed:
            if group.count == 0:
                continue
            routes = dict(group.routes.most_common(_ROUTES_KEPT))
            detail: dict[str, Any] = {
                "summary": True,
                "minute": minute.isoformat(),
                "count": group.count,
                "routes": routes,
            }
            if group.overflow:
                detail["overflow"] = True
            records.append((group.actor, action, reason, detail))
        self._write(records)
        return len(records)

    def _write(self, records: list[tuple[Actor, str, str, dict[str, Any]]]) -> None:
        if not records:
            return
        hub = self.hub
        with hub.sessions() as session, session.begin():
            for actor, action, reason, detail in records:
                hub.audit.append(
                    session, actor, action, outcome="denied", reason=reason, detail=detail
                )


def _minute(moment: datetime) -> datetime:
    return as_utc(moment).replace(second=0, microsecond=0)


def refusal_audit(hub: Hub) -> RefusalAudit:
    """The ``FACTORIES`` entry."""
    return RefusalAudit(hub)


def audit_refusal(
    hub: Hub,
    authorization: str | None,
    source: str | None,
    status: int,
    code: str,
    detail: dict[str, Any],
    actor: Actor | None = None,
) -> None:
    """Audit one refused request (blocking: call it from a worker thread)."""
    action = refusal_action(status, code)
    who = actor if actor is not None else actor_of(hub, authorization, source)
    service = hub.services.get(NAME)
    if isinstance(service, RefusalAudit):
        service.refused(who, action, code, {**detail, "status": status})
    else:  # no running service (a hub without its lifespan): one record per refusal
        hub.audit.record_now(
            hub.sessions,
            who,
            action,
            outcome="denied",
            reason=code,
            detail={**detail, "status": status},
        )
