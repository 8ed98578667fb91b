# SPDX-License-Identifier: GPL-3.0-or-later
"""Leases on slow work recorded in a row (an evidence package being built, a copy being
rendered for publishing), so work cut off by a hub that stopped or crashed is picked up
again — by this process after a restart, or by another hub process over the same
database — and never done twice at once.

A row being worked on carries ``lease_until`` (hub clock) and ``attempts``. The worker
renews the lease while it works (:func:`keep_leased`); a row whose lease ran out is
claimed by one process only (:func:`claim`: a conditional UPDATE, so of two processes
racing for it one gets the row and the other nothing) and worked again, up to
:data:`MAX_ATTEMPTS` times, then recorded as failed by the caller.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from hub.audit.service import Actor
from hub.context import Hub
from hub.db import transaction
from hub.errors import HubError

log = logging.getLogger(__name__)

LEASE_SECONDS = 60.0  # how long a claim holds without renewal
MAX_ATTEMPTS = 3  # starts of the same work before it is given up as failed


def lease_until(hub: Hub) -> datetime:
    """The end of a lease taken now."""
    return hub.clock.now() + timedelta(seconds=LEASE_SECONDS)


def _open(model: Any, status: str, now: datetime) -> Any:
    return (model.status == status) & or_(model.lease_until.is_(None), model.lease_until < now)


def expired(session: Session, model: Any, status: str, now: datetime) -> list[int]:
    """Ids of rows in ``status`` whose lease ran out (or that never had one), oldest first."""
    return list(
        session.scalars(select(model.id).where(_open(model, status, now)).order_by(model.id))
    )


def claim(session: Session, hub: Hub, model: Any, row_id: int, status: str) -> bool:
    """Take the lease on a row in ``status`` whose lease ran out; False when another
    process holds it (or took it first) or the row moved on. Counts the attempt."""
    now = hub.clock.now()
    done = session.execute(
        update(model)
        .where(model.id == row_id, _open(model, status, now))
        .values(lease_until=lease_until(hub), attempts=model.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(done, "rowcount", 0) == 1)


def _renew(hub: Hub, model: Any, row_id: int, status: str) -> None:
    with transaction(hub.sessions) as session:
        session.execute(
            update(model)
            .where(model.id == row_id, model.status == status)
            .values(lease_until=lease_until(hub))
            .execution_options(synchronize_session=False)
        )


@contextlib.asynccontextmanager
async def keep_leased(hub: Hub, model: Any, row_id: int, status: str) -> AsyncIterator[None]:
    """Renew the row's lease every third of its length while the block runs."""

    async def renew() -> None:
        while True:
            await asyncio.sleep(LEASE_SECONDS / 3)  # the renewal period, not a wait
            try:
                await asyncio.to_thread(_renew, hub, model, row_id, status)
            except Exception:  # the next renewal tries again; the work goes on
                log.exception("renewing the lease of %s %s failed", model.__tablename__, row_id)

    task = asyncio.create_task(renew(), name=f"lease-{model.__tablename__}-{row_id}")
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


@dataclass(frozen=True)
class Resumable:
    """Work that :func:`resume` picks up again: rows of ``model`` in ``status``, worked by
    ``work(hub, session, actor, row_id)`` (which records its own outcome; a
    :class:`~hub.errors.HubError` it raises is that outcome), given up after
    :data:`MAX_ATTEMPTS` starts with ``failure`` and an audit record ``action`` /
    ``reason`` by ``actor`` (detail keyed ``id_key``), told with ``announce`` if given."""

    model: Any
    status: str
    work: Callable[[Hub, Session, Actor, int], Awaitable[None]]
    actor: Actor
    action: str
    reason: str
    failure: str
    id_key: str
    # Tells of the row's new state once the give-up commits (the push its steps send).
    announce: Callable[[Hub, Session, Any], None] | None = None


async def resume(hub: Hub, what: Resumable) -> list[int]:
    """Work again every row left in ``what.status`` by a worker that stopped (its lease
    ran out: the hub stopped or crashed, here or in another process); after
    :data:`MAX_ATTEMPTS` starts it is recorded ``failed``. Returns the ids this process
    took."""

    def find() -> list[int]:
        with transaction(hub.sessions) as session:
            return expired(session, what.model, what.status, hub.clock.now())

    stale = await asyncio.to_thread(find)  # on SQLite the loop never waits for the lock
    taken = []
    for row_id in stale:
        if await _resume_one(hub, what, row_id):
            taken.append(row_id)
    return taken


async def _resume_one(hub: Hub, what: Resumable, row_id: int) -> bool:
    session = hub.sessions()  # committed by steps, like a request's (hub.deps.get_db)

    def take() -> bool:  # the database in worker threads, never on the loop
        hub.audit.lock_chain(session)
        row = session.get(what.model, row_id)
        if row is None or not claim(session, hub, what.model, row_id, what.status):
            session.rollback()
            return False  # gone, or another process took it
        if row.attempts >= MAX_ATTEMPTS:
            _give_up(hub, session, what, row_id)
            session.commit()
            return False
        return True

    try:
        if not await asyncio.to_thread(take):
            return False
        with contextlib.suppress(HubError):  # the worker recorded its failure
            await what.work(hub, session, what.actor, row_id)
        await asyncio.to_thread(session.commit)
        return True
    except BaseException:
        await asyncio.shield(asyncio.to_thread(session.rollback))
        raise
    finally:
        await asyncio.shield(asyncio.to_thread(session.close))


def _give_up(hub: Hub, session: Session, what: Resumable, row_id: int) -> None:
    row = session.get(what.model, row_id, populate_existing=True)
    assert row is not None
    row.status = "failed"
    row.lease_until = None
    row.failure = what.failure
    hub.audit.append(
        session,
        what.actor,
        what.action,
        outcome="failed",
        reason=what.reason,
        object_type="case",
        object_id=row.case_id,
        detail={what.id_key: row.id, "attempt": row.attempts, "error": row.failure},
    )
    if what.announce is not None:
        what.announce(hub, session, row)
