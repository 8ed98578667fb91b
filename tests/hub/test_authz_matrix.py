# SPDX-License-Identifier: GPL-3.0-or-later
"""Authorization matrix from the route table: every endpoint × role × scope situation.

Each route must have a declared rule (below, or in a domain's ``authz_<domain>.py``);
a new route without one fails the test.
"""

from __future__ import annotations

import importlib
import itertools
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import APIRoute
from starlette.routing import Route

from hub.app import ROUTERS
from hub.auth import totp
from hub.auth.sessions import open_session
from hub.contracts import ROLE_PERMISSIONS, Permission, Role
from hub.db import transaction
from hub.org.models import User
from hub.scope.models import AccessApproval, Emergency
from hub.testing import PASSWORD, LiveHub, add_user, login, seed_province
from tests.hub.authz import (
    ACTORS,
    PUBLIC,
    SESSION,
    SITUATIONS,
    TICKET,
    UNIT,
    Builder,
    Case,
    Ctx,
    Rule,
    static,
)


def _clone_session(ctx: Ctx, actor: str, situation: str) -> str:
    """A separate account like the actor, logged in (for routes that end sessions)."""
    roles, unit = ctx.placement[actor]
    name, _ = ctx.fresh_user(unit, roles)
    return login(ctx.live, ctx.province, name)


def _regenerate_codes(ctx: Ctx, actor: str, situation: str) -> Case:
    """A fresh account like the actor, signed in without moving the clock (a TOTP login
    per case would idle out the actors' sessions), proves its password and a TOTP code."""
    roles, unit = ctx.placement[actor]
    name, uid = ctx.fresh_user(unit, roles)
    with transaction(ctx.live.hub.sessions) as s:
        token, _ = open_session(s, ctx.live.hub, s.get(User, uid), None)
    code = totp.code_at(ctx.province.secrets[name], ctx.live.clock.now())
    return Case("/api/auth/mfa/recovery-codes", {"password": PASSWORD, "code": code}, token)


def _user_in(ctx: Ctx, situation: str) -> int:
    return ctx.fresh_user(UNIT[situation])[1]


def _approval_over(ctx: Ctx, situation: str) -> int:
    with transaction(ctx.live.hub.sessions) as s:
        now = ctx.live.clock.now()
        row = AccessApproval(
            grantee_id=ctx.province.user_ids["r_none"],
            territory_id=ctx.territory(situation),
            domain=None,
            document_number="12/QĐ-UBND",
            document_date=now.date(),
            approver="Chủ tịch UBND",
            purpose="matrix",
            expires_at=now + timedelta(days=1),
            recorded_by=ctx.province.user_ids["r_none"],
            recorded_at=now,
        )
        s.add(row)
        s.flush()
        return row.id


def _emergency_of(ctx: Ctx, actor: str) -> int:
    leader = ctx.province.user_ids["r_ioc_leader"]
    with transaction(ctx.live.hub.sessions) as s:
        now = ctx.live.clock.now()
        for e in s.query(Emergency).filter_by(raised_by=leader, ended_at=None):
            e.ended_at = now
        row = Emergency(
            raised_by=leader, reason="matrix", started_at=now, ends_at=now + timedelta(hours=1)
        )
        s.add(row)
        s.flush()
        return row.id


def _end_emergencies(ctx: Ctx) -> None:
    with transaction(ctx.live.hub.sessions) as s:
        for e in s.query(Emergency).filter_by(ended_at=None):
            e.ended_at = ctx.live.clock.now()


def _raise_emergency(ctx: Ctx, actor: str, situation: str) -> Case:
    _end_emergencies(ctx)
    return Case("/api/emergencies", {"reason": "flood", "duration_minutes": 60})


def _user_case(suffix: str, body: Any = None) -> Builder:
    return lambda ctx, actor, sit: Case(f"/api/users/{_user_in(ctx, sit)}{suffix}", body)


BASE_RULES: dict[tuple[str, str], Rule] = {
    ("GET", "/openapi.json"): Rule(PUBLIC, static("/openapi.json")),
    ("GET", "/docs"): Rule(PUBLIC, static("/docs")),
    ("GET", "/docs/oauth2-redirect"): Rule(PUBLIC, static("/docs/oauth2-redirect")),
    ("GET", "/redoc"): Rule(PUBLIC, static("/redoc")),
    ("GET", "/api/health"): Rule(PUBLIC, static("/api/health")),
    ("POST", "/api/auth/login"): Rule(
        PUBLIC,
        lambda ctx, actor, sit: Case("/api/auth/login", {"username": actor, "password": PASSWORD}),
    ),
    ("POST", "/api/auth/mfa"): Rule(TICKET, static("/api/auth/mfa", {"code": "123456"})),
    ("POST", "/api/auth/mfa/enrol"): Rule(TICKET, static("/api/auth/mfa/enrol")),
    ("POST", "/api/auth/mfa/enrol/confirm"): Rule(
        TICKET, static("/api/auth/mfa/enrol/confirm", {"code": "123456"})
    ),
    ("POST", "/api/auth/logout"): Rule(
        SESSION,
        lambda ctx, actor, sit: Case("/api/auth/logout", token=_clone_session(ctx, actor, sit)),
    ),
    ("GET", "/api/auth/me"): Rule(SESSION, static("/api/auth/me")),
    ("POST", "/api/auth/password"): Rule(
        SESSION,
        lambda ctx, actor, sit: Case(
            "/api/auth/password",
            {"current_password": PASSWORD, "new_password": "another long passphrase 7"},
            token=_clone_session(ctx, actor, sit),
        ),
    ),
    ("POST", "/api/auth/mfa/recovery-codes"): Rule(SESSION, _regenerate_codes),
    ("GET", "/api/territories"): Rule(SESSION, static("/api/territories")),
    ("POST", "/api/territories"): Rule(
        Permission.ORG_MANAGE,
        lambda ctx, actor, sit: Case(
            "/api/territories",
            {
                "name": "Phường Mới",
                "level": "commune",
                "parent_id": ctx.province.territories[
                    {"in_scope": "A", "out_of_scope": "B", "with_approval": "B1"}[sit]
                ],
            },
        ),
        scoped=True,
    ),
    ("GET", "/api/units"): Rule(SESSION, static("/api/units")),
    ("GET", "/api/units/{unit_id}"): Rule(
        SESSION, lambda ctx, actor, sit: Case(f"/api/units/{ctx.unit(sit)}")
    ),
    ("POST", "/api/units"): Rule(
        Permission.ORG_MANAGE,
        lambda ctx, actor, sit: Case(
            "/api/units",
            {
                "name": "Tổ mới",
                "kind": "urban_order_team",
                "territory_id": ctx.territory(sit),
                "leader": "L",
                "it_focal_point": "IT",
            },
        ),
        scoped=True,
    ),
    ("PATCH", "/api/units/{unit_id}"): Rule(
        Permission.ORG_MANAGE,
        lambda ctx, actor, sit: Case(f"/api/units/{ctx.unit(sit)}", {"leader": "New leader"}),
        scoped=True,
    ),
    ("GET", "/api/users"): Rule(Permission.USER_MANAGE, static("/api/users")),
    ("POST", "/api/users"): Rule(
        Permission.USER_MANAGE,
        lambda ctx, actor, sit: Case(
            "/api/users",
            {
                "username": f"new{next(ctx.counter)}",
                "display_name": "N",
                "unit_id": ctx.unit(sit),
                "roles": ["operator"],
                "password": "a fine long passphrase",
            },
        ),
        scoped=True,
    ),
    ("GET", "/api/users/review"): Rule(Permission.ACCOUNT_REVIEW, static("/api/users/review")),
    ("GET", "/api/users/{user_id}"): Rule(Permission.USER_MANAGE, _user_case(""), scoped=True),
    ("PATCH", "/api/users/{user_id}"): Rule(
        Permission.USER_MANAGE, _user_case("", {"roles": ["operator"]}), scoped=True
    ),
    ("POST", "/api/users/{user_id}/disable"): Rule(
        Permission.USER_MANAGE, _user_case("/disable"), scoped=True
    ),
    ("POST", "/api/users/{user_id}/enable"): Rule(
        Permission.USER_MANAGE, _user_case("/enable"), scoped=True
    ),
    ("POST", "/api/users/{user_id}/unlock"): Rule(
        Permission.USER_MANAGE, _user_case("/unlock"), scoped=True
    ),
    ("POST", "/api/users/{user_id}/password"): Rule(
        Permission.USER_MANAGE,
        _user_case("/password", {"new_password": "temporary pass 2026"}),
        scoped=True,
    ),
    ("POST", "/api/users/{user_id}/mfa/reset"): Rule(
        Permission.USER_MANAGE, _user_case("/mfa/reset"), scoped=True
    ),
    ("POST", "/api/users/{user_id}/review"): Rule(
        Permission.ACCOUNT_REVIEW, _user_case("/review"), scoped=True
    ),
    ("GET", "/api/scope/me"): Rule(SESSION, static("/api/scope/me")),
    ("POST", "/api/scope/access"): Rule(
        Permission.IMAGE_LIVE,
        lambda ctx, actor, sit: Case(
            "/api/scope/access",
            {
                "object": {
                    "territory_id": ctx.territory(sit),
                    "object_type": "camera",
                    "object_id": "cam-1",
                },
                "permission": "image.live",
            },
        ),
        scoped=True,
        approval_extends=True,
    ),
    ("GET", "/api/approvals"): Rule(Permission.APPROVAL_GRANT, static("/api/approvals")),
    ("POST", "/api/approvals"): Rule(
        Permission.APPROVAL_GRANT,
        lambda ctx, actor, sit: Case(
            "/api/approvals",
            {
                "grantee_id": ctx.province.user_ids["r_none"],
                "territory_id": ctx.territory(sit),
                "document_number": "5/CV",
                "document_date": "2026-03-01",
                "approver": "Giám đốc CA tỉnh",
                "purpose": "điều tra",
                "expires_at": "2026-04-01T00:00:00Z",
            },
        ),
        scoped=True,
    ),
    ("POST", "/api/approvals/{approval_id}/revoke"): Rule(
        Permission.APPROVAL_GRANT,
        lambda ctx, actor, sit: Case(f"/api/approvals/{_approval_over(ctx, sit)}/revoke"),
        scoped=True,
    ),
    ("GET", "/api/emergencies"): Rule(SESSION, static("/api/emergencies")),
    ("POST", "/api/emergencies"): Rule(Permission.EMERGENCY_COMMAND, _raise_emergency),
    ("POST", "/api/emergencies/{emergency_id}/end"): Rule(
        Permission.EMERGENCY_COMMAND,
        lambda ctx, actor, sit: Case(f"/api/emergencies/{_emergency_of(ctx, actor)}/end"),
    ),
    ("GET", "/api/audit/records"): Rule(Permission.AUDIT_READ, static("/api/audit/records")),
    ("GET", "/api/profile"): Rule(SESSION, static("/api/profile")),
    ("GET", "/api/events"): Rule(SESSION, static("/api/events?max_seconds=0")),
}


def _domain_rules() -> dict[tuple[str, str], Rule]:
    """The rules declared next to this file by each domain (``authz_<domain>.py``)."""
    out: dict[tuple[str, str], Rule] = {}
    for path in sorted(Path(__file__).parent.glob("authz_*.py")):
        module = importlib.import_module(f"tests.hub.{path.stem}")
        clash = set(out) & set(module.RULES)
        assert not clash, f"rules declared twice: {sorted(clash)}"
        out.update(module.RULES)
    return out


RULES = {**BASE_RULES, **_domain_rules()}


def route_table(app: Any) -> set[tuple[str, str]]:
    """Every (method, path) the application serves: its own routes, the included
    routers' routes and, as a cross-check, every operation of the OpenAPI description."""
    routes = [*app.routes, *(r for router in ROUTERS for r in router.routes)]
    out = set()
    for route in routes:
        if isinstance(route, APIRoute | Route):
            for method in route.methods or ():
                if method != "HEAD":
                    out.add((method, route.path))
    for path, operations in app.openapi()["paths"].items():
        out |= {(method.upper(), path) for method in operations}
    return out


def expected(rule: Rule, role: Role | None, situation: str) -> int | None:
    """None when allowed, else the refusal status."""
    if rule.need == PUBLIC:
        return None
    if rule.need == TICKET:
        return 401  # a session token is not a login ticket
    if rule.need == SESSION:
        return None
    perms = ROLE_PERMISSIONS[role] if role else frozenset()
    if rule.need not in perms:
        return 403
    sees_everything = role == Role.IOC_LEADER  # placed at the provincial IOC
    if not rule.scoped or situation == "in_scope" or sees_everything:
        return None
    if situation == "with_approval" and rule.approval_extends:
        return None
    return 403


@pytest.fixture
def live(start_hub: Callable[..., LiveHub]) -> LiveHub:
    """A hub whose sessions outlast the matrix: every TOTP login moves the test clock
    30 s, and the matrix logs in hundreds of times (idle expiry is tested elsewhere)."""
    return start_hub(session_idle_minutes=7 * 24 * 60, session_absolute_hours=14 * 24)


@pytest.fixture
def ctx(live: LiveHub) -> Ctx:
    province = seed_province(live.hub)
    from hub.contracts import UnitCreate, UnitKind
    from hub.org import service as org

    with transaction(live.hub.sessions) as s:
        province.units["communeB1"] = org.create_unit(
            live.hub,
            s,
            None,
            UnitCreate(
                name="communeB1",
                kind=UnitKind.COMMUNE,
                territory_id=province.territories["B1"],
                parent_id=province.units["districtB"],
                leader="L",
                it_focal_point="IT",
            ),
        ).id
    c = Ctx(live, province)
    for role in ACTORS:
        name = f"r_{role.value if role else 'none'}"
        unit = "ioc" if role == Role.IOC_LEADER else "districtA"
        add_user(live.hub, province, name, unit, [role] if role else [])
        c.placement[name] = ([role] if role else [], unit)
    with transaction(live.hub.sessions) as s:
        now = live.clock.now()
        for role in ACTORS:
            uid = province.user_ids[f"r_{role.value if role else 'none'}"]
            s.add(
                AccessApproval(
                    grantee_id=uid,
                    territory_id=province.territories["B1"],
                    domain=None,
                    document_number="99/GP",
                    document_date=now.date(),
                    approver="Phó Chủ tịch UBND tỉnh",
                    purpose="matrix",
                    expires_at=now + timedelta(days=30),
                    recorded_by=uid,
                    recorded_at=now,
                )
            )
    for role in ACTORS:
        name = f"r_{role.value if role else 'none'}"
        c.tokens[name] = login(live, province, name)
    return c


def test_every_route_has_a_rule(live: LiveHub) -> None:
    served = route_table(live.app)
    missing = served - set(RULES)
    stale = set(RULES) - served
    assert not missing, f"routes without an authorization rule: {sorted(missing)}"
    assert not stale, f"rules for routes that no longer exist: {sorted(stale)}"


def test_authorization_matrix(ctx: Ctx) -> None:
    served = route_table(ctx.live.app)
    assert served <= set(RULES), sorted(served - set(RULES))
    wrong: list[str] = []
    checked = 0
    with ctx.live.client() as http:
        for (method, path), rule in sorted(RULES.items()):
            for role, situation in itertools.product(ACTORS, SITUATIONS):
                actor = f"r_{role.value if role else 'none'}"
                case = rule.build(ctx, actor, situation)
                token = case.token or ctx.tokens[actor]
                r = http.request(
                    method, case.path, json=case.body, headers={"Authorization": f"Bearer {token}"}
                )
                want = expected(rule, role, situation)
                got_denied = r.status_code in (401, 403)
                if (want is None and got_denied) or (want is not None and r.status_code != want):
                    wrong.append(
                        f"{method} {path} as {actor} ({situation}): want "
                        f"{want or 'allowed'}, got {r.status_code} {r.text[:120]}"
                    )
                if want is None:
                    assert r.status_code < 500, (method, path, actor, r.text)
                checked += 1
    assert not wrong, "\n".join(wrong)
    assert checked == len(RULES) * len(ACTORS) * len(SITUATIONS)
