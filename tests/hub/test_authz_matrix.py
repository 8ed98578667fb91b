# SPDX-License-Identifier: GPL-3.0-or-later
"""Authorization matrix from the route table: every endpoint × role × scope situation.

Expectations come from the regulations' role table (``test_role_table.ROLE_TABLE``), not
from ``hub.contracts.ROLE_PERMISSIONS``: a wrong grant in the product is not mirrored.
An allowed cell must reach the action and answer its success (2xx): its cameras are the
simulated fleet's devices and its relay a stand-in that opens nothing, so no allowed call
stops at "the camera cannot do that". Camera routes also run the domain and unit
situations (``authz.CAMERA_SITUATIONS``).

Each route must have a declared rule (below, or in a domain's ``authz_<domain>.py``);
a new route without one fails the test.
"""

from __future__ import annotations

import importlib
import json
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import APIRoute
from sqlalchemy import select
from starlette.routing import Route

from camsim.process import FleetProcess
from hub.app import ROUTERS
from hub.audit.models import AuditRecord
from hub.auth import totp
from hub.auth.sessions import open_session
from hub.contracts import Domain, Permission, Role, UnitCreate, UnitKind
from hub.db import transaction
from hub.org import service as org
from hub.org.models import RoleChange, User
from hub.scope.models import AccessApproval, Emergency
from hub.testing import PASSWORD, LiveHub, add_user, login, seed_province
from tests.hub.authz import (
    ACTORS,
    CAMERA_SITUATIONS,
    DOMAIN_SITUATIONS,
    DOMAIN_UNIT,
    PUBLIC,
    SESSION,
    TICKET,
    UNIT,
    Builder,
    Case,
    Ctx,
    Rule,
    actor_name,
    static,
)
from tests.hub.authz_ptz import HELPER, HELPER_ROLES
from tests.hub.authz_streams import install_paper_relay
from tests.hub.test_role_table import permissions_of


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
        user = s.get(User, uid)
        assert user is not None
        token, _ = open_session(s, ctx.live.hub, user, None)
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


def _role_change_in(ctx: Ctx, situation: str) -> int:
    """A pending role change (asked by someone else) of a fresh account in the situation."""
    uid = _user_in(ctx, situation)
    with transaction(ctx.live.hub.sessions) as s:
        row = RoleChange(
            user_id=uid,
            roles_before="",
            roles_after="operator",
            requested_by=ctx.province.user_ids["r_none"],
            requested_at=ctx.live.clock.now(),
            status="pending",
        )
        s.add(row)
        s.flush()
        return row.id


def _role_change_case(suffix: str) -> Builder:
    return lambda ctx, actor, sit: Case(f"/api/role-changes/{_role_change_in(ctx, sit)}{suffix}")


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
    ("GET", "/api/role-changes"): Rule(Permission.USER_MANAGE, static("/api/role-changes")),
    ("GET", "/api/role-changes/{change_id}"): Rule(
        Permission.USER_MANAGE, _role_change_case(""), scoped=True
    ),
    ("POST", "/api/role-changes/{change_id}/confirm"): Rule(
        Permission.USER_MANAGE, _role_change_case("/confirm"), scoped=True
    ),
    ("POST", "/api/role-changes/{change_id}/reject"): Rule(
        Permission.USER_MANAGE, _role_change_case("/reject"), scoped=True
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
    # From the regulations' table (test_role_table.py), never the product's own.
    if rule.need != SESSION and str(rule.need) not in permissions_of(role.value if role else None):
        return 403
    # The IOC leader of the district A group works at the provincial IOC: everything.
    sees_everything = role == Role.IOC_LEADER and situation not in DOMAIN_SITUATIONS
    if not rule.scoped or situation in ("in_scope", "own_domain") or sees_everything:
        return None
    if situation == "with_approval" and rule.approval_extends:
        return None
    if situation == "unit_registered" and rule.unit_extends:
        return None
    return 403  # out of territory, another domain, or a unit that does not count here


@pytest.fixture
def live(start_hub: Callable[..., LiveHub]) -> LiveHub:
    """A hub whose sessions outlast the matrix: every TOTP login moves the test clock
    30 s, and the matrix logs in hundreds of times (idle expiry is tested elsewhere)."""
    return start_hub(session_idle_minutes=7 * 24 * 60, session_absolute_hours=14 * 24)


def _place(ctx: Ctx, name: str, unit: str, roles: list[Role]) -> None:
    add_user(ctx.live.hub, ctx.province, name, unit, roles)
    ctx.placement[name] = (roles, unit)


@pytest.fixture
def ctx(live: LiveHub, camsim_fleet: FleetProcess) -> Iterator[Ctx]:
    """The province, a traffic department, one actor per role in district A (the IOC
    leader at the IOC) and one at the department, all logged in; the simulated fleet for
    cameras and a stand-in relay."""
    province = seed_province(live.hub)
    with transaction(live.hub.sessions) as s:
        for key, kind, territory, parent, domain in (
            ("communeB1", UnitKind.COMMUNE, "B1", "districtB", None),
            (DOMAIN_UNIT, UnitKind.DEPARTMENT, "P", "ioc", Domain.TRAFFIC),
        ):
            req = UnitCreate(
                name=key,
                kind=kind,
                territory_id=province.territories[territory],
                parent_id=province.units[parent],
                domain=domain,
                leader="L",
                it_focal_point="IT",
            )
            province.units[key] = org.create_unit(live.hub, s, None, req).id
    c = Ctx(live, province, camsim_fleet)
    install_paper_relay(live)
    for role in ACTORS:
        roles = [role] if role else []
        _place(
            c,
            actor_name(role, "in_scope"),
            "ioc" if role == Role.IOC_LEADER else "districtA",
            roles,
        )
        _place(c, actor_name(role, "own_domain"), DOMAIN_UNIT, roles)
    _place(c, HELPER, "ioc", HELPER_ROLES)
    with transaction(live.hub.sessions) as s:
        now = live.clock.now()
        for role in ACTORS:
            uid = province.user_ids[actor_name(role, "in_scope")]
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
    for name in c.placement:
        c.tokens[name] = login(live, province, name)
    try:
        yield c
    finally:
        for cleanup in c.cleanups:
            cleanup()


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
    began = time.monotonic()
    with ctx.live.client() as http:
        for (method, path), rule in sorted(RULES.items()):
            for situation in rule.situations:
                for role in ACTORS:
                    actor = actor_name(role, situation)
                    case = rule.build(ctx, actor, situation)
                    token = case.token or ctx.tokens[actor]
                    r = http.request(
                        method,
                        case.path,
                        json=case.body,
                        headers={"Authorization": f"Bearer {token}"},
                    )
                    if case.after is not None:
                        case.after(r)
                    want = expected(rule, role, situation)
                    # Allowed means the action was done: its success, not merely no 401/403.
                    ok = r.is_success if want is None else r.status_code == want
                    if not ok:
                        wrong.append(
                            f"{method} {path} as {actor} ({situation}): want "
                            f"{want or 'success'}, got {r.status_code} {r.text[:160]}"
                        )
                    checked += 1
    assert not wrong, "\n".join(wrong)
    assert checked == sum(len(r.situations) * len(ACTORS) for r in RULES.values())
    _unit_basis_was_recorded(ctx)
    print(f"authorization matrix: {checked} cells in {time.monotonic() - began:.1f} s")


def _unit_basis_was_recorded(ctx: Ctx) -> None:
    """The unit situation's allowed uses were recorded with basis ``unit``; its refusals
    and the other domain's were audited (``scope.denied``)."""
    placed: dict[str, set[str]] = {situation: set() for situation in CAMERA_SITUATIONS}
    for (situation, _kind, _owner), camera_id in ctx.cameras.items():
        placed[situation].add(str(camera_id))
    with transaction(ctx.live.hub.sessions) as s:
        rows = s.execute(
            select(
                AuditRecord.action, AuditRecord.actor, AuditRecord.object_id, AuditRecord.detail
            ).where(AuditRecord.object_type == "camera")
        ).all()
    uses = [
        json.loads(detail or "{}")
        for action, actor, camera, detail in rows
        if action.startswith("access.image.")
        and camera in placed["unit_registered"]
        and (actor or "").startswith("r_")  # not the IOC helper who makes presets
    ]
    assert uses and all(u.get("basis") == "unit" for u in uses), uses[:3]
    for situation in ("unit_registered", "other_domain"):
        denied = [c for a, _, c, _ in rows if a == "scope.denied" and c in placed[situation]]
        assert denied, f"no scope.denied record in {situation}"
