# SPDX-License-Identifier: GPL-3.0-or-later
"""Login tickets serve one step and are spent; enrolling or changing a factor ends them
(issue 9 item 1: account takeover through an old enrolment ticket)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from sqlalchemy import select, update

from hub.audit.models import AuditRecord
from hub.auth import totp
from hub.contracts import Role
from hub.db import transaction
from hub.org.models import User
from hub.testing import PASSWORD, LiveHub, Province, add_user, login, seed_province

NEW_PASSWORD = "a brand new passphrase 2026"


def post(live: LiveHub, path: str, body: Any = None, token: str | None = None) -> httpx.Response:
    with live.client(token) as http:
        return http.post(path, json=body)


def me(live: LiveHub, token: str) -> httpx.Response:
    with live.client(token) as http:
        return http.get("/api/auth/me")


def password_step(live: LiveHub, username: str, password: str = PASSWORD) -> dict[str, Any]:
    r = post(live, "/api/auth/login", {"username": username, "password": password})
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def audit(live: LiveHub, action: str) -> list[tuple[str, str | None, Any]]:
    with live.hub.sessions() as s:
        rows = s.execute(
            select(AuditRecord.outcome, AuditRecord.reason, AuditRecord.detail)
            .where(AuditRecord.action == action)
            .order_by(AuditRecord.seq)
        )
        return [(o, r, json.loads(d) if isinstance(d, str) else d) for o, r, d in rows]


def enrol_with(live: LiveHub, ticket: str) -> tuple[str, dict[str, Any]]:
    """Start and confirm an enrolment with a login ticket: (secret, grant)."""
    r = post(live, "/api/auth/mfa/enrol", None, ticket)
    assert r.status_code == 200, r.text
    start = r.json()
    code = totp.code_at(start["secret"], live.clock.now())
    r = post(live, "/api/auth/mfa/enrol/confirm", {"code": code}, start["ticket"])
    assert r.status_code == 200, r.text
    return start["secret"], r.json()


def test_old_enrolment_ticket_cannot_take_the_account_over(
    start_hub: Callable[..., LiveHub],
) -> None:
    # Two hub processes on one database: the attacker talks to the second one, so the
    # tickets' state must come from the database, not from a process's memory.
    live = start_hub()
    other = start_hub()
    province = seed_province(live.hub)
    add_user(live.hub, province, "bob", "districtA", [Role.OPERATOR], enrolled=False)

    attacker = password_step(other, "bob")  # knows the first-login password
    assert attacker["stage"] == "enrol"

    # The real user enrols, then changes the password.
    secret, grant = enrol_with(live, password_step(live, "bob")["ticket"])
    r = post(
        live,
        "/api/auth/password",
        {"current_password": PASSWORD, "new_password": NEW_PASSWORD},
        grant["token"],
    )
    assert r.status_code == 204

    # The old ticket is dead on both processes, for every step.
    for hub in (other, live):
        r = post(hub, "/api/auth/mfa/enrol", None, attacker["ticket"])
        assert r.status_code == 401 and r.json()["code"] == "auth.ticket_invalid"
        r = post(hub, "/api/auth/mfa/enrol/confirm", {"code": "123456"}, attacker["ticket"])
        assert r.status_code == 401 and r.json()["code"] == "auth.ticket_invalid"
    refusals = audit(live, "auth.ticket_refused")
    assert ("denied", "spent_ticket", {"step": "enrol"}) in refusals
    assert ("denied", "spent_ticket", {"step": "enrol_conf"}) in refusals

    # The real user keeps the account: new password and their own authenticator.
    live.clock.advance(seconds=totp.STEP_SECONDS)
    ticket = password_step(live, "bob", NEW_PASSWORD)
    assert ticket["stage"] == "mfa"
    code = totp.code_at(secret, live.clock.now())
    assert post(live, "/api/auth/mfa", {"code": code}, ticket["ticket"]).status_code == 200


def test_an_enrolment_begun_by_someone_else_dies_when_the_user_enrols(
    live: LiveHub, province: Province
) -> None:
    add_user(live.hub, province, "bob", "districtA", [Role.OPERATOR], enrolled=False)
    # The attacker gets as far as a secret of their own, waiting for its confirmation.
    attacker = post(live, "/api/auth/mfa/enrol", None, password_step(live, "bob")["ticket"])
    assert attacker.status_code == 200
    # The real user enrols meanwhile; the attacker's pending secret did not replace theirs.
    secret, grant = enrol_with(live, password_step(live, "bob")["ticket"])
    assert me(live, grant["token"]).json()["mfa_enrolled"] is True

    live.clock.advance(seconds=totp.STEP_SECONDS)
    code = totp.code_at(attacker.json()["secret"], live.clock.now())
    r = post(live, "/api/auth/mfa/enrol/confirm", {"code": code}, attacker.json()["ticket"])
    assert r.status_code == 401 and r.json()["code"] == "auth.ticket_invalid"
    assert me(live, grant["token"]).status_code == 200  # the user's session lives on
    ticket = password_step(live, "bob")["ticket"]
    code = totp.code_at(secret, live.clock.now())
    assert post(live, "/api/auth/mfa", {"code": code}, ticket).status_code == 200


def test_enrolment_refused_for_an_enrolled_account(live: LiveHub, province: Province) -> None:
    uid = add_user(live.hub, province, "bob", "districtA", [Role.OPERATOR], enrolled=False)
    ticket = password_step(live, "bob")["ticket"]
    # The account got an authenticator in a race this ticket did not see (e.g. another
    # hub version): enrolling again is refused, never a new authenticator.
    with transaction(live.hub.sessions) as s:
        s.execute(update(User).where(User.id == uid).values(totp_enrolled=True))
    r = post(live, "/api/auth/mfa/enrol", None, ticket)
    assert r.status_code == 409 and r.json()["code"] == "auth.already_enrolled"
    assert ("denied", "already_enrolled", None) in audit(live, "auth.mfa_enrol")


def test_a_ticket_serves_its_own_step_only(live: LiveHub, province: Province) -> None:
    add_user(live.hub, province, "alice", "districtA", [Role.OPERATOR])
    add_user(live.hub, province, "bob", "districtA", [Role.OPERATOR], enrolled=False)
    mfa_ticket = password_step(live, "alice")["ticket"]
    r = post(live, "/api/auth/mfa/enrol", None, mfa_ticket)
    assert r.status_code == 401 and r.json()["code"] == "auth.ticket_invalid"
    enrol_ticket = password_step(live, "bob")["ticket"]
    for path, body in (
        ("/api/auth/mfa", {"code": "123456"}),
        ("/api/auth/mfa/enrol/confirm", {"code": "123456"}),
    ):
        r = post(live, path, body, enrol_ticket)
        assert r.status_code == 401 and r.json()["code"] == "auth.ticket_invalid"
    # A ticket is no session either way round.
    assert me(live, mfa_ticket).status_code == 401
    start = post(live, "/api/auth/mfa/enrol", None, enrol_ticket).json()
    assert post(live, "/api/auth/mfa", {"code": "123456"}, start["ticket"]).status_code == 401
    # A used MFA ticket is spent.
    live.clock.advance(seconds=totp.STEP_SECONDS)
    code = totp.code_at(province.secrets["alice"], live.clock.now())
    assert post(live, "/api/auth/mfa", {"code": code}, mfa_ticket).status_code == 200
    live.clock.advance(seconds=totp.STEP_SECONDS)
    code = totp.code_at(province.secrets["alice"], live.clock.now())
    assert post(live, "/api/auth/mfa", {"code": code}, mfa_ticket).status_code == 401


def _change_password(live: LiveHub, province: Province, admin: str, token: str) -> None:
    body = {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    assert post(live, "/api/auth/password", body, token).status_code == 204


def _admin_action(path: str, body: Any = None) -> Callable[[LiveHub, Province, str, str], None]:
    def act(live: LiveHub, province: Province, admin: str, _token: str) -> None:
        uid = province.user_ids["carol"]
        assert post(live, f"/api/users/{uid}{path}", body, admin).status_code == 200

    return act


def _regenerate_codes(live: LiveHub, province: Province, admin: str, token: str) -> None:
    live.clock.advance(seconds=totp.STEP_SECONDS)
    code = totp.code_at(province.secrets["carol"], live.clock.now())
    body = {"password": PASSWORD, "code": code}
    assert post(live, "/api/auth/mfa/recovery-codes", body, token).status_code == 200


ENDINGS: dict[str, Callable[[LiveHub, Province, str, str], None]] = {
    "password_change": _change_password,
    "password_reset": _admin_action("/password", {"new_password": "temporary pass 2026"}),
    "mfa_reset": _admin_action("/mfa/reset"),
    "disable": _admin_action("/disable"),
    "recovery_codes": _regenerate_codes,
}


@pytest.mark.parametrize("how", sorted(ENDINGS))
def test_changing_a_factor_ends_every_ticket_and_session(
    live: LiveHub, province: Province, how: str
) -> None:
    add_user(live.hub, province, "root", "districtA", [Role.ADMIN])
    add_user(live.hub, province, "carol", "communeA1", [Role.OPERATOR])
    admin = login(live, province, "root")
    acting = login(live, province, "carol")
    other_session = login(live, province, "carol")
    tickets = [password_step(live, "carol")["ticket"] for _ in range(2)]

    ENDINGS[how](live, province, admin, acting)

    assert me(live, other_session).status_code == 401
    live.clock.advance(seconds=totp.STEP_SECONDS)
    code = totp.code_at(province.secrets["carol"], live.clock.now())
    for ticket in tickets:
        r = post(live, "/api/auth/mfa", {"code": code}, ticket)
        assert r.status_code == 401 and r.json()["code"] == "auth.ticket_invalid"
    # Regenerating one's recovery codes keeps the session that did it; the rest end all.
    expected = 200 if how == "recovery_codes" else 401
    assert me(live, acting).status_code == expected
