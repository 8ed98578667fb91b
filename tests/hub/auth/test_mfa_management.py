# SPDX-License-Identifier: GPL-3.0-or-later
"""Recovery-code regeneration by the user and MFA reset by an administrator, over HTTP."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from hub.auth import totp
from hub.contracts import Role
from hub.testing import PASSWORD, LiveHub, Province, add_user, login


def post(live: LiveHub, path: str, body: Any = None, token: str | None = None) -> httpx.Response:
    with live.client(token) as http:
        return http.post(path, json=body)


def me(live: LiveHub, token: str) -> httpx.Response:
    with live.client(token) as http:
        return http.get("/api/auth/me")


def password_step(live: LiveHub, username: str) -> dict[str, Any]:
    r = post(live, "/api/auth/login", {"username": username, "password": PASSWORD})
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def enrol(live: LiveHub, username: str) -> tuple[str, list[str], str]:
    """First login of an account without MFA: (secret, recovery codes, session token)."""
    challenge = password_step(live, username)
    assert challenge["stage"] == "enrol"
    ticket = challenge["ticket"]
    start = post(live, "/api/auth/mfa/enrol", None, ticket).json()
    secret = start["secret"]
    code = totp.code_at(secret, live.clock.now())
    grant = post(live, "/api/auth/mfa/enrol/confirm", {"code": code}, start["ticket"]).json()
    return secret, grant["recovery_codes"], grant["token"]


def mfa_with_recovery(live: LiveHub, username: str, code: str) -> int:
    ticket = password_step(live, username)["ticket"]
    return post(live, "/api/auth/mfa", {"recovery_code": code}, ticket).status_code


def actions(live: LiveHub) -> list[tuple[str, str, str | None]]:
    from sqlalchemy import select

    from hub.audit.models import AuditRecord

    with live.hub.sessions() as s:
        rows = s.execute(select(AuditRecord.action, AuditRecord.outcome, AuditRecord.reason))
        return [(a, o, r) for a, o, r in rows]


@pytest.fixture
def carol(live: LiveHub, province: Province) -> tuple[str, list[str], str]:
    add_user(live.hub, province, "carol", "districtA", [Role.OPERATOR], enrolled=False)
    return enrol(live, "carol")


def test_regenerated_codes_replace_the_old_ones(
    live: LiveHub, carol: tuple[str, list[str], str]
) -> None:
    secret, old_codes, token = carol
    live.clock.advance(seconds=totp.STEP_SECONDS)  # the enrolment code is spent
    code = totp.code_at(secret, live.clock.now())
    r = post(live, "/api/auth/mfa/recovery-codes", {"password": PASSWORD, "code": code}, token)
    assert r.status_code == 200, r.text
    new_codes = r.json()["codes"]
    assert len(set(new_codes)) == 10 and not set(new_codes) & set(old_codes)
    assert mfa_with_recovery(live, "carol", old_codes[0]) == 401
    assert mfa_with_recovery(live, "carol", new_codes[0]) == 200
    assert ("auth.recovery_codes_regenerated", "success", None) in actions(live)
    # The TOTP code just used cannot be replayed for another regeneration.
    again = post(live, "/api/auth/mfa/recovery-codes", {"password": PASSWORD, "code": code}, token)
    assert again.status_code == 403


@pytest.mark.parametrize("wrong", ["password", "code"])
def test_regeneration_needs_both_factors(
    live: LiveHub, carol: tuple[str, list[str], str], wrong: str
) -> None:
    secret, old_codes, token = carol
    live.clock.advance(seconds=totp.STEP_SECONDS)
    good = totp.code_at(secret, live.clock.now())
    body = {
        "password": "not the password" if wrong == "password" else PASSWORD,
        "code": f"{(int(good) + 1) % 1_000_000:06d}" if wrong == "code" else good,
    }
    r = post(live, "/api/auth/mfa/recovery-codes", body, token)
    assert r.status_code == 403 and r.json()["code"] == "auth.reauthentication_failed"
    reason = "bad_password" if wrong == "password" else "bad_totp"
    assert ("auth.recovery_codes", "failure", reason) in actions(live)
    assert mfa_with_recovery(live, "carol", old_codes[1]) == 200  # nothing was replaced


@pytest.fixture
def admin_token(live: LiveHub, province: Province) -> str:
    add_user(live.hub, province, "root", "districtA", [Role.ADMIN])
    return login(live, province, "root")


def test_admin_reset_forces_a_new_enrolment(
    live: LiveHub, province: Province, admin_token: str
) -> None:
    add_user(live.hub, province, "dave", "communeA1", [Role.OPERATOR], enrolled=False)
    old_secret, old_codes, dave_token = enrol(live, "dave")
    pending = password_step(live, "dave")["ticket"]  # an MFA step begun before the reset
    uid = province.user_ids["dave"]

    r = post(live, f"/api/users/{uid}/mfa/reset", None, admin_token)
    assert r.status_code == 200 and r.json()["mfa_enrolled"] is False
    assert me(live, dave_token).status_code == 401  # every session ended
    live.clock.advance(seconds=totp.STEP_SECONDS)
    old_code = totp.code_at(old_secret, live.clock.now())
    assert post(live, "/api/auth/mfa", {"code": old_code}, pending).status_code == 401
    assert ("user.mfa_reset", "success", None) in actions(live)

    challenge = password_step(live, "dave")
    assert challenge["stage"] == "enrol"  # neither the old app nor old codes help now
    refused = post(live, "/api/auth/mfa", {"recovery_code": old_codes[0]}, challenge["ticket"])
    assert refused.status_code == 401
    new_secret, new_codes, new_token = enrol(live, "dave")
    assert new_secret != old_secret and not set(new_codes) & set(old_codes)
    assert me(live, new_token).json()["mfa_enrolled"] is True


def test_admin_cannot_reset_own_mfa(live: LiveHub, province: Province, admin_token: str) -> None:
    r = post(live, f"/api/users/{province.user_ids['root']}/mfa/reset", None, admin_token)
    assert r.status_code == 409 and r.json()["code"] == "user.cannot_reset_own_mfa"
    assert me(live, admin_token).status_code == 200


def test_reset_outside_scope_is_refused(
    live: LiveHub, province: Province, admin_token: str
) -> None:
    uid = add_user(live.hub, province, "erin", "districtB", [Role.OPERATOR])
    r = post(live, f"/api/users/{uid}/mfa/reset", None, admin_token)
    assert r.status_code == 403
    assert login(live, province, "erin")  # erin's authenticator still works
