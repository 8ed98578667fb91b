# SPDX-License-Identifier: GPL-3.0-or-later
"""Login over real HTTP: password, TOTP, recovery codes, lockout, sessions."""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import httpx
import pytest

from hub.auth import totp
from hub.contracts import Role
from hub.testing import PASSWORD, LiveHub, Province, add_user, login, seed_province


def post(live: LiveHub, path: str, body: Any = None, token: str | None = None) -> httpx.Response:
    with live.client(token) as http:
        return http.post(path, json=body)


def get(live: LiveHub, path: str, token: str) -> httpx.Response:
    with live.client(token) as http:
        return http.get(path)


def password_step(live: LiveHub, username: str, password: str = PASSWORD) -> httpx.Response:
    return post(live, "/api/auth/login", {"username": username, "password": password})


def audit_actions(live: LiveHub) -> list[tuple[str, str, str | None]]:
    from sqlalchemy import select

    from hub.audit.models import AuditRecord

    with live.hub.sessions() as s:
        rows = s.execute(
            select(AuditRecord.action, AuditRecord.outcome, AuditRecord.reason).order_by(
                AuditRecord.seq
            )
        )
        return [(a, o, r) for a, o, r in rows]


@pytest.fixture
def alice(live: LiveHub, province: Province) -> str:
    add_user(live.hub, province, "alice", "districtA", [Role.OPERATOR])
    return "alice"


def test_password_then_totp_gives_a_session(live: LiveHub, province: Province, alice: str) -> None:
    token = login(live, province, alice)
    me = get(live, "/api/auth/me", token)
    assert me.status_code == 200 and me.json()["username"] == "alice"
    assert ("auth.login", "success", None) in audit_actions(live)


def test_wrong_password_and_unknown_user_look_the_same(
    live: LiveHub, province: Province, alice: str
) -> None:
    calls: list[str | None] = []
    real_verify = live.hub.passwords.verify

    def counting(stored: str | None, secret: str) -> bool:
        calls.append(stored)
        return real_verify(stored, secret)

    live.hub.passwords.verify = counting  # type: ignore[method-assign]
    wrong = password_step(live, alice, "not the password at all")
    unknown = password_step(live, "nobody", "not the password at all")
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()
    assert wrong.json()["code"] == "auth.login_failed"
    # Both paths ran one full argon2id verification (the unknown one against a dummy hash).
    assert len(calls) == 2 and calls[1] is None
    outcomes = audit_actions(live)
    assert ("auth.login", "failure", "bad_password") in outcomes
    assert ("auth.login", "failure", "unknown_user") in outcomes


def test_wrong_code_is_refused(live: LiveHub, province: Province, alice: str) -> None:
    ticket = password_step(live, alice).json()["ticket"]
    good = totp.code_at(province.secrets[alice], live.clock.now())
    bad = f"{(int(good) + 1) % 1_000_000:06d}"
    r = post(live, "/api/auth/mfa", {"code": bad}, ticket)
    assert r.status_code == 401 and r.json()["code"] == "auth.login_failed"
    assert post(live, "/api/auth/mfa", {"code": good}, ticket).status_code == 200


def test_used_code_cannot_be_reused(live: LiveHub, province: Province, alice: str) -> None:
    code = totp.code_at(province.secrets[alice], live.clock.now())
    t1 = password_step(live, alice).json()["ticket"]
    assert post(live, "/api/auth/mfa", {"code": code}, t1).status_code == 200
    t2 = password_step(live, alice).json()["ticket"]
    assert post(live, "/api/auth/mfa", {"code": code}, t2).status_code == 401
    live.clock.advance(seconds=30)  # one step later, still inside the ±1 window: still refused
    assert post(live, "/api/auth/mfa", {"code": code}, t2).status_code == 401
    fresh = totp.code_at(province.secrets[alice], live.clock.now())
    assert post(live, "/api/auth/mfa", {"code": fresh}, t2).status_code == 200


def test_code_from_adjacent_step_is_accepted_but_not_two_steps(
    live: LiveHub, province: Province, alice: str
) -> None:
    ticket = password_step(live, alice).json()["ticket"]
    secret = province.secrets[alice]
    old = totp.code_at(secret, live.clock.now())
    live.clock.advance(seconds=61)
    assert post(live, "/api/auth/mfa", {"code": old}, ticket).status_code == 401
    previous = totp.code_at(
        secret,
        live.clock.now().replace(microsecond=0) - __import__("datetime").timedelta(seconds=30),
    )
    assert post(live, "/api/auth/mfa", {"code": previous}, ticket).status_code == 200


def test_first_login_enrols_mfa_with_qr_and_recovery_codes(
    live: LiveHub, province: Province
) -> None:
    add_user(live.hub, province, "bob", "districtA", [Role.OPERATOR], enrolled=False)
    challenge = password_step(live, "bob").json()
    assert challenge["stage"] == "enrol"
    ticket = challenge["ticket"]
    # The ticket opens nothing but the MFA steps.
    assert get(live, "/api/auth/me", ticket).status_code == 401
    start = post(live, "/api/auth/mfa/enrol", None, ticket).json()
    assert start["otpauth_uri"].startswith("otpauth://totp/")
    assert start["qr_svg"].lstrip().startswith("<?xml") or "<svg" in start["qr_svg"]
    assert base64.b64decode(start["qr_png_base64"]).startswith(b"\x89PNG")
    # The login ticket was spent on starting: the answer's ticket confirms this secret.
    assert post(live, "/api/auth/mfa/enrol", None, ticket).status_code == 401
    code = totp.code_at(start["secret"], live.clock.now())
    r = post(live, "/api/auth/mfa/enrol/confirm", {"code": code}, ticket)
    assert r.status_code == 401 and r.json()["code"] == "auth.ticket_invalid"
    grant = post(live, "/api/auth/mfa/enrol/confirm", {"code": code}, start["ticket"]).json()
    assert len(grant["recovery_codes"]) == 10 and len(set(grant["recovery_codes"])) == 10
    assert get(live, "/api/auth/me", grant["token"]).json()["mfa_enrolled"] is True
    # Both tickets are spent.
    assert post(live, "/api/auth/mfa/enrol", None, ticket).status_code == 401
    assert (
        post(live, "/api/auth/mfa/enrol/confirm", {"code": code}, start["ticket"]).status_code
        == 401
    )

    # A recovery code replaces the TOTP code once, and only once.
    recovery = grant["recovery_codes"][3]
    for expected in (200, 401):
        t = password_step(live, "bob").json()["ticket"]
        r = post(live, "/api/auth/mfa", {"recovery_code": recovery.upper()}, t)
        assert r.status_code == expected, r.text
    assert ("auth.login", "success", None) in audit_actions(live)


def test_lockout_after_threshold_and_unlock(start_hub: Callable[..., LiveHub]) -> None:
    live = start_hub(lockout_threshold=4, slowdown_free_failures=10)
    province = seed_province(live.hub)
    add_user(live.hub, province, "carol", "districtA", [Role.OPERATOR])
    add_user(live.hub, province, "admin", "ioc", [Role.ADMIN])
    for _ in range(4):
        assert password_step(live, "carol", "wrong wrong wrong").status_code == 401
    # Locked: even the right password fails, with the same answer as a wrong one.
    r = password_step(live, "carol")
    assert r.status_code == 401 and r.json()["code"] == "auth.login_failed"
    assert ("auth.lockout", "success", "4 consecutive failures") in audit_actions(live)
    admin = login(live, province, "admin")
    users = get(live, "/api/users", admin).json()
    carol = next(u for u in users if u["username"] == "carol")
    assert carol["locked"] is True
    assert post(live, f"/api/users/{carol['id']}/unlock", None, admin).status_code == 200
    assert login(live, province, "carol")


def test_slow_down_then_retry_after_waiting(start_hub: Callable[..., LiveHub]) -> None:
    live = start_hub(slowdown_free_failures=2, slowdown_base_seconds=4)
    province = seed_province(live.hub)
    add_user(live.hub, province, "dave", "districtA", [Role.OPERATOR])
    for _ in range(2):
        assert password_step(live, "dave", "wrong wrong wrong").status_code == 401
    r = password_step(live, "dave")
    assert r.status_code == 429 and r.json()["code"] == "auth.throttled"
    assert int(r.headers["Retry-After"]) >= 4
    # Unknown names are throttled the same way (no hint that "dave" exists).
    for _ in range(2):
        password_step(live, "nobody", "wrong wrong wrong")
    assert password_step(live, "nobody").status_code == 429
    live.clock.advance(seconds=5)
    assert login(live, province, "dave")


def test_idle_timeout(live: LiveHub, province: Province, alice: str) -> None:
    token = login(live, province, alice)
    live.clock.advance(minutes=29)
    assert get(live, "/api/auth/me", token).status_code == 200
    live.clock.advance(minutes=31)
    r = get(live, "/api/auth/me", token)
    assert r.status_code == 401 and r.json()["code"] == "auth.session_expired"


@pytest.mark.parametrize("hours", [None, 1])
def test_absolute_lifetime(start_hub: Callable[..., LiveHub], hours: int | None) -> None:
    """An active session ends exactly at its lifetime (12 h by default, or as set)."""
    live = start_hub(**({} if hours is None else {"session_absolute_hours": hours}))
    lifetime = timedelta(hours=live.hub.settings.session_absolute_hours)
    assert lifetime == timedelta(hours=hours or 12)
    province = seed_province(live.hub)
    add_user(live.hub, province, "alice", "districtA", [Role.OPERATOR])
    token = login(live, province, "alice")
    opened = live.clock.now()
    step = timedelta(minutes=20)  # active all day long, never idle 30 min
    last_ok = opened
    while live.clock.now() + step < opened + lifetime:
        live.clock.advance(minutes=20)
        assert get(live, "/api/auth/me", token).status_code == 200, live.clock.now() - opened
        last_ok = live.clock.now()
    assert last_ok >= opened + lifetime - step
    live.clock.advance(seconds=(opened + lifetime - live.clock.now()).total_seconds() - 1)
    assert get(live, "/api/auth/me", token).status_code == 200  # one second before the end
    live.clock.advance(seconds=1)
    r = get(live, "/api/auth/me", token)
    assert r.status_code == 401 and r.json()["code"] == "auth.session_expired"


def test_disabled_account_mid_session(live: LiveHub, province: Province, alice: str) -> None:
    add_user(live.hub, province, "admin", "ioc", [Role.ADMIN])
    token = login(live, province, alice)
    admin = login(live, province, "admin")
    assert get(live, "/api/scope/me", token).status_code == 200
    uid = province.user_ids[alice]
    assert post(live, f"/api/users/{uid}/disable", None, admin).status_code == 200
    r = get(live, "/api/scope/me", token)
    assert r.status_code == 401 and r.json()["code"] == "auth.session_invalid"
    assert password_step(live, alice).status_code == 401
    assert ("user.disable", "success", None) in audit_actions(live)


def test_logout_and_password_change_end_sessions(
    live: LiveHub, province: Province, alice: str
) -> None:
    token = login(live, province, alice)
    assert post(live, "/api/auth/logout", None, token).status_code == 204
    assert get(live, "/api/auth/me", token).status_code == 401

    t1, t2 = login(live, province, alice), login(live, province, alice)
    weak = post(
        live,
        "/api/auth/password",
        {"current_password": PASSWORD, "new_password": "qwertyuiop123"},
        t1,
    )
    assert weak.status_code == 422 and weak.json()["code"] == "password.common"
    short = post(
        live, "/api/auth/password", {"current_password": PASSWORD, "new_password": "short"}, t1
    )
    assert short.json()["code"] == "password.too_short"
    new = "a much longer passphrase 42"
    ok = post(live, "/api/auth/password", {"current_password": PASSWORD, "new_password": new}, t1)
    assert ok.status_code == 204
    assert get(live, "/api/auth/me", t1).status_code == 401
    assert get(live, "/api/auth/me", t2).status_code == 401
    assert login(live, province, alice, new)


def test_admin_password_rotation(live: LiveHub, province: Province) -> None:
    add_user(live.hub, province, "admin", "ioc", [Role.ADMIN])
    live.clock.advance(days=91)
    token = login(live, province, "admin")
    assert get(live, "/api/auth/me", token).json()["password_change_required"] is True
    r = get(live, "/api/users", token)
    assert r.status_code == 403 and r.json()["code"] == "auth.password_change_required"
    new = "rotated passphrase for the IOC 2026"
    assert (
        post(
            live, "/api/auth/password", {"current_password": PASSWORD, "new_password": new}, token
        ).status_code
        == 204
    )
    token = login(live, province, "admin", new)
    assert get(live, "/api/users", token).status_code == 200


def test_garbage_tokens_are_refused(live: LiveHub) -> None:
    for token in ("x", "y" * 500, "' OR 1=1 --"):
        r = get(live, "/api/auth/me", token)
        assert r.status_code == 401
    with live.client() as http:
        assert http.get("/api/auth/me").json()["code"] == "auth.required"


def test_one_source_trying_many_names_is_slowed_down(start_hub: Callable[..., LiveHub]) -> None:
    live = start_hub(source_failure_threshold=3, slowdown_free_failures=50)
    province = seed_province(live.hub)
    add_user(live.hub, province, "erin", "districtA", [Role.OPERATOR])
    for name in ("a1", "b2", "c3"):
        assert password_step(live, name, "guess guess guess").status_code == 401
    r = password_step(live, "erin")
    assert r.status_code == 429 and r.json()["code"] == "auth.throttled"
    live.clock.advance(seconds=2)
    assert login(live, province, "erin")


def test_wrong_current_password_counts_as_a_failure(start_hub: Callable[..., LiveHub]) -> None:
    live = start_hub(slowdown_free_failures=2)
    province = seed_province(live.hub)
    add_user(live.hub, province, "fay", "districtA", [Role.OPERATOR])
    token = login(live, province, "fay")
    body = {"current_password": "guess guess guess", "new_password": "a new passphrase 99"}
    for _ in range(2):
        r = post(live, "/api/auth/password", body, token)
        assert r.status_code == 403 and r.json()["code"] == "auth.wrong_password"
    assert post(live, "/api/auth/password", body, token).status_code == 429
    assert ("auth.password_change", "failure", "bad_password") in audit_actions(live)
