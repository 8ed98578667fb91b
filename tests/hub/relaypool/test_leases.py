# SPDX-License-Identifier: GPL-3.0-or-later
"""Lease placement on PostgreSQL: hubs racing for one stream get one host, the least
loaded live host takes a new stream, a dead holder's lease is taken over; and the pool
is refused on SQLite (the embedded hub keeps its own relay)."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from hub.cli import main
from hub.db import make_engine, make_sessionmaker, transaction
from hub.relaypool import leases
from hub.relaypool.host import load_control_secret
from hub.relaypool.leases import HostRef, NoRelayHost
from hub.relaypool.models import RelayHostRow
from hub.settings import Settings
from hub.streams.service import pooled_relay
from hub.testing import LiveHub

TTL, DEAD = 2.0, 1.5
A = HostRef("host-a", "http://127.0.0.1:1", "http://127.0.0.1:2")
B = HostRef("host-b", "http://127.0.0.1:3", "http://127.0.0.1:4")


@pytest.fixture
def sessions(db_url: str) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(db_url)
    try:
        yield make_sessionmaker(engine)
    finally:
        engine.dispose()


def beat(sessions: sessionmaker[Session], host: HostRef, load: int, *sources: str) -> None:
    with transaction(sessions) as s:
        leases.heartbeat(s, host, load=load, sources=sources, lease_seconds=TTL)


def place(sessions: sessionmaker[Session], key: str, avoid: tuple[str, ...] = ()) -> str:
    with transaction(sessions) as s:
        return leases.place(s, key, lease_seconds=TTL, dead_seconds=DEAD, avoid=avoid).host_id


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_racing_hubs_get_one_host_and_a_dead_holder_is_replaced(
    sessions: sessionmaker[Session],
) -> None:
    with pytest.raises(NoRelayHost):
        place(sessions, "cam1/sub")
    beat(sessions, A, 3)
    beat(sessions, B, 1)
    with ThreadPoolExecutor(8) as pool:
        chosen = set(pool.map(lambda _: place(sessions, "cam1/sub"), range(16)))
    assert chosen == {B.host_id}  # the least loaded, once, for every racer
    beat(sessions, B, 1, "cam1/sub")  # B runs the pull and renews its lease
    assert place(sessions, "cam1/sub") == B.host_id
    assert place(sessions, "cam2/sub") == B.host_id  # load 1 + 1 placed < 3
    assert place(sessions, "cam1/sub", avoid=(B.host_id,)) == A.host_id  # B refused a call
    assert place(sessions, "cam1/sub") == A.host_id  # …and the lease stays moved
    # A goes silent (killed): its lease is taken over at once, though not expired.
    beat(sessions, A, 1, "cam1/sub")
    with transaction(sessions) as s:
        s.execute(
            update(RelayHostRow)
            .where(RelayHostRow.id == A.host_id)
            .values(heartbeat_at=leases.db_now(s) - DEAD - 0.1)
        )
    assert place(sessions, "cam1/sub") == B.host_id
    with transaction(sessions) as s:
        assert set(leases.live_hosts(s, DEAD)) == {B.host_id}
        leases.forget_host(s, B.host_id)
        assert leases.lease_holder(s, "cam1/sub") is None


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_the_pool_is_refused_on_sqlite(live: LiveHub) -> None:
    with pytest.raises(RuntimeError, match="PostgreSQL"):
        pooled_relay(live.hub)


def test_a_relay_host_needs_postgresql_and_a_control_secret(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--data-dir", str(tmp_path), "relay"]) == 2
    assert "needs PostgreSQL" in capsys.readouterr().err
    short = tmp_path / "short-secret"
    short.write_text("too short\n")
    secret = load_control_secret(
        Settings(data_dir=tmp_path, relay_control_secret_file=None), create=True
    )
    assert len(secret) >= 32 and (tmp_path / "relay-control-secret").stat().st_mode & 0o077 == 0
    with pytest.raises(RuntimeError, match="shorter than 32"):
        load_control_secret(Settings(data_dir=tmp_path, relay_control_secret_file=short))
