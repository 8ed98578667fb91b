# SPDX-License-Identifier: GPL-3.0-or-later
"""The password check (argon2id) holds no transaction and no request thread: reads go on
while it runs, and what changed meanwhile (lock, password) is decided on its state now.

The hub's hasher is replaced by one that waits at a gate the test opens, so "a slow
password check is running" is a condition the test waits for, not a sleep."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor

import httpx
import pytest
from sqlalchemy import select

from hub.audit.models import AuditRecord
from hub.auth.passwords import PasswordHashing
from hub.contracts import Role
from hub.org.models import User
from hub.testing import PASSWORD, LiveHub, Province, add_user, login, seed_province

PROMPT = 5.0  # seconds: a read answering later than this was held behind a password check


class GatedHashing:
    """The hub's hasher, except that ``verify`` waits until the gate opens (the first
    ``hold`` calls only); ``entered`` counts the calls that reached it."""

    def __init__(self, inner: PasswordHashing, hold: int = 1_000_000) -> None:
        self.inner = inner
        self.hold = hold
        self.entered = 0
        self.changed = threading.Condition()
        self.gate = threading.Event()

    def verify(self, stored: str | None, secret: str) -> bool:
        with self.changed:
            self.entered += 1
            held = self.entered <= self.hold
            self.changed.notify_all()
        if held and not self.gate.wait(timeout=60):
            raise TimeoutError("the test never opened the gate")
        return self.inner.verify(stored, secret)

    def hash(self, secret: str) -> str:
        return self.inner.hash(secret)

    def needs_rehash(self, stored: str) -> bool:
        return self.inner.needs_rehash(stored)

    def wait_entered(self, count: int, timeout: float = 10.0) -> None:
        with self.changed:
            if not self.changed.wait_for(lambda: self.entered >= count, timeout=timeout):
                raise TimeoutError(f"{count} password checks never started ({self.entered})")


@pytest.fixture
def gated(live: LiveHub, province: Province) -> Iterator[Callable[..., GatedHashing]]:
    """Install a gated hasher in the live hub (after the province is seeded)."""
    made: list[GatedHashing] = []

    def install(hold: int = 1_000_000) -> GatedHashing:
        inner = live.hub.passwords
        gate = GatedHashing(inner if isinstance(inner, PasswordHashing) else inner.inner, hold)
        live.hub.passwords = gate  # type: ignore[assignment]
        made.append(gate)
        return gate

    yield install
    for gate in made:
        gate.gate.set()  # never leave a request waiting at the gate


def attempt(live: LiveHub, username: str, password: str) -> httpx.Response:
    with live.client() as http:
        return http.post("/api/auth/login", json={"username": username, "password": password})


def audit_reasons(live: LiveHub, action: str) -> list[str | None]:
    with live.hub.sessions() as s:
        return list(
            s.scalars(
                select(AuditRecord.reason)
                .where(AuditRecord.action == action)
                .order_by(AuditRecord.seq)
            )
        )


def test_reads_answer_while_password_checks_run(
    live: LiveHub, province: Province, gated: Callable[..., GatedHashing]
) -> None:
    """45 slow failed logins at once (more than the request thread pool's 40) must not
    hold up a signed-in operator's GET /api/cameras: before, the first one held the
    SQLite write lock while hashing, and all of them held request threads."""
    add_user(live.hub, province, "reader", "communeA1", [Role.OPERATOR])
    token = login(live, province, "reader")
    gate = gated()
    with ThreadPoolExecutor(max_workers=45) as pool:
        tries = [pool.submit(attempt, live, f"ghost{i}", "wrong password!") for i in range(45)]
        gate.wait_entered(1)
        with live.client(token) as http:
            r = http.get("/api/cameras", timeout=PROMPT)
            assert r.status_code == 200
            r = http.get("/api/auth/me", timeout=PROMPT)
            assert r.status_code == 200 and r.json()["username"] == "reader"
        assert not any(f.done() and f.result().status_code == 401 for f in tries)
        gate.gate.set()
        answers = [f.result().status_code for f in tries]
    # Each attempt is refused: checked (401) or, beyond the login queue, at once (429).
    assert set(answers) <= {401, 429} and 401 in answers
    reasons = audit_reasons(live, "auth.login")
    assert reasons.count("unknown_user") == answers.count(401)
    assert reasons.count("busy") == answers.count(429)


def test_account_locked_during_the_check_is_refused(
    live: LiveHub, province: Province, gated: Callable[..., GatedHashing]
) -> None:
    """The right password, but the account is locked while it is being hashed: the
    outcome is recorded on the account as it is now."""
    uid = add_user(live.hub, province, "alice", "districtA", [Role.OPERATOR])
    gate = gated()
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = pool.submit(attempt, live, "alice", PASSWORD)
        gate.wait_entered(1)
        with live.hub.sessions() as s, s.begin():  # before: waited for the login's lock
            user = s.get(User, uid)
            assert user is not None
            user.locked = True
        gate.gate.set()
        r = pending.result()
    assert r.status_code == 401 and r.json()["code"] == "auth.login_failed"
    assert audit_reasons(live, "auth.login")[-1] == "locked"
    assert "auth.password_ok" not in [a for (a,) in _actions(live)]


def test_password_changed_during_the_check_is_checked_again(
    live: LiveHub, province: Province, gated: Callable[..., GatedHashing]
) -> None:
    """The old password matched the hash that was read, but the password changed while
    hashing: the new hash is verified too, and the old password no longer opens."""
    uid = add_user(live.hub, province, "alice", "districtA", [Role.OPERATOR])
    gate = gated(hold=1)
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = pool.submit(attempt, live, "alice", PASSWORD)
        gate.wait_entered(1)
        with live.hub.sessions() as s, s.begin():
            user = s.get(User, uid)
            assert user is not None
            user.password_hash = gate.inner.hash("a brand new passphrase 7")
        gate.gate.set()
        r = pending.result()
    assert r.status_code == 401
    assert gate.entered == 2  # verified again, against the new hash
    assert audit_reasons(live, "auth.login")[-1] == "bad_password"
    with live.hub.sessions() as s:
        user = s.get(User, uid)
        assert user is not None and user.failed_logins == 1


@pytest.mark.parametrize("workers", [4])
def test_concurrent_failures_are_all_counted(
    start_hub: Callable[..., LiveHub], workers: int
) -> None:
    """Failures recorded at the same moment each count once (no lost update of the
    account's counter), and the lockout re-reads it under lock."""
    live = start_hub(login_workers=workers, lockout_threshold=workers)
    province = seed_province(live.hub)
    uid = add_user(live.hub, province, "alice", "districtA", [Role.OPERATOR])
    gate = GatedHashing(live.hub.passwords)
    live.hub.passwords = gate  # type: ignore[assignment]
    try:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            tries: list[Future[httpx.Response]] = [
                pool.submit(attempt, live, "alice", f"wrong password {i}") for i in range(workers)
            ]
            gate.wait_entered(workers)  # all of them between check and record at once
            gate.gate.set()
            assert [f.result().status_code for f in tries] == [401] * workers
    finally:
        gate.gate.set()
    with live.hub.sessions() as s:
        user = s.get(User, uid)
        assert user is not None and user.failed_logins == workers and user.locked
    assert audit_reasons(live, "auth.login").count("bad_password") == workers
    assert len(audit_reasons(live, "auth.lockout")) == 1


def test_a_full_login_queue_refuses_at_once_and_audits(
    start_hub: Callable[..., LiveHub],
) -> None:
    """Beyond the login workers and their queue an attempt is not queued: 429 with
    Retry-After, audited as a failed ``auth.login`` (reason ``busy``)."""
    live = start_hub(login_workers=1, login_queue=0)
    seed_province(live.hub)
    gate = GatedHashing(live.hub.passwords)
    live.hub.passwords = gate  # type: ignore[assignment]
    try:
        with ThreadPoolExecutor(max_workers=1) as pool:
            first = pool.submit(attempt, live, "ghost", "wrong password!")
            gate.wait_entered(1)
            r = attempt(live, "ghost2", "wrong password!")
            assert r.status_code == 429 and r.json()["code"] == "auth.throttled"
            assert "Retry-After" in r.headers
            gate.gate.set()
            assert first.result().status_code == 401
    finally:
        gate.gate.set()
    assert audit_reasons(live, "auth.login") == ["busy", "unknown_user"]


def _actions(live: LiveHub) -> list[tuple[str]]:
    with live.hub.sessions() as s:
        return [(a,) for a in s.scalars(select(AuditRecord.action))]
