# SPDX-License-Identifier: GPL-3.0-or-later
"""Login throttling over a sliding window, per client address behind trusted proxies
only, with its state in the database (issue 9, item 7)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
from sqlalchemy import func, select

from hub.audit.models import AuditRecord
from hub.auth.models import LoginFailure
from hub.contracts import Role
from hub.testing import PASSWORD, LiveHub, add_user, login, seed_province


def attempt(
    live: LiveHub, username: str, password: str = "wrong password!", via: str | None = None
) -> httpx.Response:
    headers = {"X-Forwarded-For": via} if via else {}
    with live.client() as http:
        return http.post(
            "/api/auth/login", json={"username": username, "password": password}, headers=headers
        )


def sources(live: LiveHub) -> list[str | None]:
    with live.hub.sessions() as s:
        rows = s.scalars(
            select(AuditRecord.source)
            .where(AuditRecord.action == "auth.login", AuditRecord.outcome == "failure")
            .order_by(AuditRecord.seq)
        )
        return list(rows)


def failure_rows(live: LiveHub, key: str) -> int:
    with live.hub.sessions() as s:
        count = s.scalar(
            select(func.count()).select_from(LoginFailure).where(LoginFailure.key == key)
        )
        return int(count or 0)


def test_old_failures_of_an_address_are_forgotten(start_hub: Callable[..., LiveHub]) -> None:
    # A control room behind one NAT: many typos over a long shift, then one more.
    live = start_hub(source_failure_threshold=5, slowdown_free_failures=50)
    p = seed_province(live.hub)
    add_user(live.hub, p, "alice", "districtA", [Role.OPERATOR])
    for i in range(5):
        assert attempt(live, f"typo{i}").status_code == 401
    r = attempt(live, "alice", PASSWORD)
    assert r.status_code == 429 and r.json()["code"] == "auth.throttled"
    live.clock.advance(minutes=16)  # the window (15 min) slid past all of them
    assert attempt(live, "typo-again").status_code == 401
    assert attempt(live, "alice", PASSWORD).status_code == 200  # nobody waits behind it
    assert failure_rows(live, "ip:127.0.0.1") == 1  # old failures are deleted, not kept
    # A burst inside the window still slows the address down.
    for i in range(4):
        assert attempt(live, f"burst{i}").status_code == 401
    assert attempt(live, "alice", PASSWORD).status_code == 429


def test_forwarded_for_counts_only_from_a_trusted_proxy(start_hub: Callable[..., LiveHub]) -> None:
    # The hub behind a reverse proxy on 127.0.0.1: clients are told apart by the header.
    live = start_hub(
        trusted_proxies="127.0.0.1, 10.9.0.0/16",
        source_failure_threshold=2,
        slowdown_free_failures=50,
    )
    seed_province(live.hub)
    # The client wrote the left-most entry itself; the proxies 10.9.x appended the rest.
    chain = "198.51.100.66, 203.0.113.7, 10.9.1.1"
    assert attempt(live, "u1", via=chain).status_code == 401
    assert attempt(live, "u2", via=chain).status_code == 401
    assert attempt(live, "u3", via=chain).status_code == 429  # 203.0.113.7 is slowed down
    assert attempt(live, "u4", via="203.0.113.8").status_code == 401  # its neighbour is not
    assert sources(live)[:2] == ["203.0.113.7", "203.0.113.7"]
    assert sources(live)[-1] == "203.0.113.8"


def test_forwarded_for_is_ignored_without_a_trusted_proxy(
    start_hub: Callable[..., LiveHub],
) -> None:
    live = start_hub(source_failure_threshold=2, slowdown_free_failures=50)
    seed_province(live.hub)
    assert attempt(live, "u1", via="203.0.113.1").status_code == 401
    assert attempt(live, "u2", via="203.0.113.2").status_code == 401
    # Changing the header does not escape the slow-down of the real peer address.
    assert attempt(live, "u3", via="203.0.113.3").status_code == 429
    assert set(sources(live)) == {"127.0.0.1"}


def test_throttle_state_is_shared_by_hub_processes_on_one_database(
    start_hub: Callable[..., LiveHub],
) -> None:
    first = start_hub(source_failure_threshold=50, slowdown_free_failures=2)
    second = start_hub(source_failure_threshold=50, slowdown_free_failures=2)
    p = seed_province(first.hub)
    add_user(first.hub, p, "bob", "districtA", [Role.OPERATOR])
    assert attempt(first, "bob").status_code == 401
    assert attempt(second, "bob").status_code == 401
    r = attempt(first, "bob", PASSWORD)  # two failures across two hubs: slowed down
    assert r.status_code == 429
    retry: Any = r.json()["detail"]["retry_after"]
    assert 0 < retry <= 1.0
    second.clock.advance(seconds=2)
    first.clock.advance(seconds=2)
    assert login(second, p, "bob")
