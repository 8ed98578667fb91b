# SPDX-License-Identifier: GPL-3.0-or-later
"""The pool's shared state in PostgreSQL: relay host heartbeats and pull leases.

Every function works in the caller's (short) transaction, in a thread, never on a hub's
event loop. Times come from the database's clock, so hosts with skewed clocks agree.

Lock order: a lease row before a host row (:func:`place` locks the lease, then bumps the
chosen host's load; :func:`heartbeat` renews its leases, then writes its host row), so
the two never wait on each other in a cycle.
"""

from __future__ import annotations

import secrets
import socket
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from hub.media.worker_process import RelayError
from hub.relaypool.models import RelayHostRow, RelayLeaseRow

FORGET_SECONDS = 3600.0  # host rows silent this long are deleted (any host's start does it)


class NoRelayHost(RelayError):
    """No live relay host can take the pull (the grant answers 503)."""


@dataclass(frozen=True)
class HostRef:
    """A relay host as a hub reaches it."""

    host_id: str
    media_url: str
    control_url: str


def new_host_id() -> str:
    """A relay host's id for one run: the machine's name and a random suffix."""
    name = socket.gethostname().split(".")[0][:40] or "relay"
    return f"{name}-{secrets.token_hex(6)}"


def db_now(session: Session) -> float:
    """Seconds since the epoch on the database's clock (the pool's one clock)."""
    return float(
        session.execute(select(func.extract("epoch", func.clock_timestamp()))).scalar_one()
    )


def _ref(row: RelayHostRow) -> HostRef:
    return HostRef(row.id, row.media_url, row.control_url)


def heartbeat(
    session: Session,
    host: HostRef,
    *,
    load: int,
    sources: Iterable[str],
    lease_seconds: float,
    started_at: float | None = None,
) -> float:
    """Renew the leases of the pulls ``host`` runs, then its own row (made if missing).

    Only leases already held by this host are renewed: a lease a hub moved elsewhere
    (it thought this host dead) stays moved. Returns the database time.
    """
    now = db_now(session)
    keys = sorted(set(sources))
    if keys:
        session.execute(
            update(RelayLeaseRow)
            .where(RelayLeaseRow.host_id == host.host_id, RelayLeaseRow.source_key.in_(keys))
            .values(expires_at=now + lease_seconds)
        )
    values = {
        "id": host.host_id,
        "media_url": host.media_url,
        "control_url": host.control_url,
        "started_at": started_at if started_at is not None else now,
        "heartbeat_at": now,
        "load": load,
    }
    session.execute(
        insert(RelayHostRow)
        .values(**values)
        .on_conflict_do_update(
            index_elements=[RelayHostRow.id],
            set_={"heartbeat_at": now, "load": load, "media_url": host.media_url},
        )
    )
    return now


def forget_host(session: Session, host_id: str) -> None:
    """A relay host stopping: its row and leases go at once (hubs move its pulls)."""
    session.execute(delete(RelayLeaseRow).where(RelayLeaseRow.host_id == host_id))
    session.execute(delete(RelayHostRow).where(RelayHostRow.id == host_id))


def forget_silent_hosts(session: Session) -> int:
    """Delete host rows silent for :data:`FORGET_SECONDS` (killed hosts); returns how many."""
    cutoff = db_now(session) - FORGET_SECONDS
    result = session.execute(delete(RelayHostRow).where(RelayHostRow.heartbeat_at < cutoff))
    return int(getattr(result, "rowcount", 0) or 0)


def live_hosts(session: Session, dead_seconds: float) -> dict[str, HostRef]:
    """Every relay host whose heartbeat is younger than ``dead_seconds``."""
    now = db_now(session)
    rows = session.scalars(
        select(RelayHostRow).where(RelayHostRow.heartbeat_at > now - dead_seconds)
    ).all()
    return {row.id: _ref(row) for row in rows}


def place(
    session: Session,
    source_key: str,
    *,
    lease_seconds: float,
    dead_seconds: float,
    avoid: Collection[str] = (),
) -> HostRef:
    """The relay host that pulls ``source_key``: the holder of a live lease, else the
    least loaded live host (not in ``avoid``), which takes the lease.

    The lease row is made with ``INSERT … ON CONFLICT DO NOTHING`` and read ``FOR
    UPDATE``: two hubs placing the same stream at once get the same host.

    Raises:
        NoRelayHost: no live relay host (outside ``avoid``).
    """
    now = db_now(session)
    session.execute(
        insert(RelayLeaseRow)
        .values(source_key=source_key, host_id="", expires_at=0.0)
        .on_conflict_do_nothing()
    )
    lease = session.execute(
        select(RelayLeaseRow)
        .where(RelayLeaseRow.source_key == source_key)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).scalar_one()
    fresh = RelayHostRow.heartbeat_at > now - dead_seconds
    if lease.expires_at > now and lease.host_id and lease.host_id not in avoid:
        holder = session.scalars(
            select(RelayHostRow).where(RelayHostRow.id == lease.host_id, fresh)
        ).first()
        if holder is not None:
            return _ref(holder)
    query = select(RelayHostRow).where(fresh)
    if avoid:
        query = query.where(RelayHostRow.id.not_in(list(avoid)))
    chosen = session.scalars(query.order_by(RelayHostRow.load, RelayHostRow.id)).first()
    if chosen is None:
        raise NoRelayHost("no relay host of the pool is running")
    lease.host_id = chosen.id
    lease.expires_at = now + lease_seconds
    session.flush()
    # The next grant (before the host's next heartbeat) sees this one's weight.
    session.execute(
        update(RelayHostRow).where(RelayHostRow.id == chosen.id).values(load=RelayHostRow.load + 1)
    )
    return _ref(chosen)


def lease_holder(session: Session, source_key: str) -> str | None:
    """The host id holding ``source_key``'s lease, if any (expired or not)."""
    row = session.get(RelayLeaseRow, source_key)
    return row.host_id if row is not None and row.host_id else None


def serving_host(session: Session, source_key: str, dead_seconds: float) -> HostRef | None:
    """The live host holding ``source_key``'s lease (None: no lease, or its host is
    silent; the hub holding the output moves it)."""
    now = db_now(session)
    row = session.scalars(
        select(RelayHostRow)
        .join(RelayLeaseRow, RelayLeaseRow.host_id == RelayHostRow.id)
        .where(
            RelayLeaseRow.source_key == source_key,
            RelayHostRow.heartbeat_at > now - dead_seconds,
        )
    ).first()
    return _ref(row) if row is not None else None
