# SPDX-License-Identifier: GPL-3.0-or-later
"""Every refused request leaves an audit record (issue 9, item 9); a flood is summarised
per minute, source, actor and reason, so it cannot grow the trail without bound."""

from __future__ import annotations

import json
import secrets
from typing import Any

import httpx
from sqlalchemy import select

from hub.audit.models import AuditRecord
from hub.audit.refusals import RefusalAudit
from hub.audit.service import Actor
from hub.audit.verify import verify_chain
from hub.auth import totp
from hub.contracts import Role
from hub.testing import PASSWORD, LiveHub, Province, add_user, login, wait_until
from tests.hub.walls.helpers import add_camera, enrol, wall_body

JSON = {"Content-Type": "application/json"}


def records(live: LiveHub, *actions: str) -> list[AuditRecord]:
    with live.hub.sessions() as s:
        rows = s.scalars(
            select(AuditRecord).where(AuditRecord.action.in_(actions)).order_by(AuditRecord.seq)
        ).all()
        s.expunge_all()
        return list(rows)


def detail(record: AuditRecord) -> dict[str, Any]:
    return dict(json.loads(record.detail or "{}"))


def refusals(live: LiveHub) -> RefusalAudit:
    service = live.hub.services["refusals"]
    assert isinstance(service, RefusalAudit)
    return service


def accounted(live: LiveHub, action: str, reason: str) -> int:
    """How many refusals the trail accounts for: first records plus summary counts."""
    return sum(
        detail(r).get("count", 1) if detail(r).get("summary") else 1
        for r in records(live, action)
        if r.reason == reason
    )


def get(live: LiveHub, path: str, token: str | None = None) -> httpx.Response:
    with live.client(token) as http:
        return http.get(path)


def test_refused_sessions_and_tokens_are_audited(live: LiveHub, province: Province) -> None:
    add_user(live.hub, province, "opa", "districtA", [Role.OPERATOR])
    add_user(live.hub, province, "admin_a", "districtA", [Role.ADMIN])
    # No token, an invalid token.
    assert get(live, "/api/cameras").status_code == 401
    assert get(live, "/api/cameras", "not-a-session-token").status_code == 401
    # An expired session: the record names whose it was.
    token = login(live, province, "opa")
    live.clock.advance(minutes=live.hub.settings.session_idle_minutes + 1)
    r = get(live, "/api/walls", token)
    assert (r.status_code, r.json()["code"]) == (401, "auth.session_expired")
    # A display token on a user route.
    admin = login(live, province, "admin_a")
    display = enrol(live, admin, province.units["communeA1"], [])
    r = get(live, "/api/cameras", display["token"])
    assert (r.status_code, r.json()["code"]) == (401, "auth.session_invalid")

    got = [
        (r.actor, r.source, r.reason, r.outcome, detail(r)["route"], detail(r)["status"])
        for r in records(live, "auth.refused")
    ]
    assert got == [
        (None, "127.0.0.1", "auth.required", "denied", "/api/cameras", 401),
        (None, "127.0.0.1", "auth.session_invalid", "denied", "/api/cameras", 401),
        ("opa", "127.0.0.1", "auth.session_expired", "denied", "/api/walls", 401),
        (f"display:{display['id']}", "127.0.0.1", "auth.session_invalid", "denied",
         "/api/cameras", 401),
    ]  # fmt: skip
    assert records(live, "auth.refused")[2].actor_id == province.user_ids["opa"]
    assert "not-a-session-token" not in json.dumps(
        [r.detail for r in records(live, "auth.refused")]
    )


def test_a_refused_ticket_is_audited_once(live: LiveHub, province: Province) -> None:
    with live.client("forged-ticket") as http:
        r = http.post("/api/auth/mfa", json={"code": "123456"})
    assert (r.status_code, r.json()["code"]) == (401, "auth.ticket_invalid")
    assert [r.reason for r in records(live, "auth.ticket_refused")] == ["unknown_ticket"]
    assert records(live, "auth.refused", "request.refused") == []  # not twice


def test_throttled_mfa_attempts_are_audited(live: LiveHub, province: Province) -> None:
    add_user(live.hub, province, "opa", "districtA", [Role.OPERATOR])
    live.clock.advance(seconds=totp.STEP_SECONDS)
    with live.client() as http:
        r = http.post("/api/auth/login", json={"username": "opa", "password": PASSWORD})
        ticket = r.json()["ticket"]
        http.headers["Authorization"] = f"Bearer {ticket}"
        statuses = []
        for _ in range(live.hub.settings.slowdown_free_failures + 2):
            good = totp.code_at(province.secrets["opa"], live.clock.now())
            wrong = f"{(int(good) + 1) % 1_000_000:06d}"
            statuses.append(http.post("/api/auth/mfa", json={"code": wrong}).status_code)
    assert 429 in statuses
    throttled = [r for r in records(live, "auth.refused") if r.reason == "auth.throttled"]
    assert throttled and throttled[0].actor == "opa"
    assert detail(throttled[0])["route"] == "/api/auth/mfa"
    refusals(live).flush(everything=True)
    assert accounted(live, "auth.refused", "auth.throttled") == statuses.count(429)
    # The wrong codes themselves were failed logins, audited as such (not twice).
    assert len([r for r in records(live, "auth.mfa") if r.reason == "bad_totp"]) == (
        statuses.count(401)
    )


def test_someone_else_s_wall_and_grant_are_audited(live: LiveHub, province: Province) -> None:
    add_user(live.hub, province, "opa", "districtA", [Role.OPERATOR])
    add_user(live.hub, province, "opb", "districtB", [Role.OPERATOR])
    cam = add_camera(live.hub, province)
    opa, opb = login(live, province, "opa"), login(live, province, "opb")
    with live.client(opa) as http:
        wall = http.post("/api/walls", json=wall_body("Cổng", [cam])).json()
    with live.client(opb) as http:
        r = http.put(f"/api/walls/{wall['id']}", json=wall_body("Mine", []))
        assert (r.status_code, r.json()["code"]) == (404, "wall.not_found")
        r = http.delete(f"/api/grants/{secrets.token_urlsafe(18)}")
        assert (r.status_code, r.json()["code"]) == (404, "grant.not_found")
    got = [
        (r.actor, r.reason, detail(r)["method"], detail(r)["route"])
        for r in records(live, "request.refused")
    ]
    assert got == [
        ("opb", "wall.not_found", "PUT", "/api/walls/{wall_id}"),
        ("opb", "grant.not_found", "DELETE", "/api/grants/{grant_id}"),
    ]


def test_a_flood_is_summarised_per_minute(live: LiveHub, province: Province) -> None:
    """An attacker spraying invalid tokens: the first refusal of the minute is written at
    once, the rest become one summary record with their count when the minute is over."""
    before = len(records(live, "auth.refused"))
    with live.client() as http:
        for _ in range(60):
            token = secrets.token_urlsafe(32)
            r = http.get("/api/cameras", headers={"Authorization": f"Bearer {token}"})
            assert r.status_code == 401
        r = http.get("/api/walls", headers={"Authorization": "Bearer x"})
    first = records(live, "auth.refused")[before:]
    assert len(first) == 1 and detail(first[0]).get("summary") is None
    live.clock.advance(minutes=1)
    wait_until(lambda: len(records(live, "auth.refused")) == before + 2, 10, "the summary")
    summary = records(live, "auth.refused")[-1]
    assert (summary.source, summary.reason, summary.actor) == (
        "127.0.0.1",
        "auth.session_invalid",
        None,
    )
    assert detail(summary)["summary"] is True and detail(summary)["count"] == 60
    assert detail(summary)["routes"] == {"GET /api/cameras": 59, "GET /api/walls": 1}
    assert detail(summary)["minute"] == detail(first[0])["minute"]
    assert accounted(live, "auth.refused", "auth.session_invalid") == 61
    result = verify_chain(live.hub.engine)
    assert result.ok, result.problem


def test_groups_are_bounded_and_every_refusal_is_counted(live: LiveHub) -> None:
    """Many sources in one minute: past ``max_groups`` they fold into one overflow group
    per action and reason, so the records per minute stay bounded."""
    audit = RefusalAudit(live.hub, max_groups=5)
    detail_ = {"method": "GET", "route": "/api/cameras", "status": 401}
    for i in range(200):
        audit.refused(Actor(None, None, f"10.0.{i // 250}.{i % 250}"), "auth.refused",
                      "auth.session_invalid", detail_)  # fmt: skip
    mine = [r for r in records(live, "auth.refused") if r.source != "127.0.0.1"]
    assert len(mine) == 6  # five sources, then the overflow group's first record
    assert detail(mine[-1])["overflow"] is True and mine[-1].source is None
    assert audit.flush(everything=True) == 1
    total = [r for r in records(live, "auth.refused") if r.source != "127.0.0.1"]
    assert len(total) == 7
    assert sum(detail(r).get("count", 1) for r in total) == 200
    assert detail(total[-1])["count"] == 194 and detail(total[-1])["overflow"] is True


def test_summaries_are_written_when_the_hub_stops(live: LiveHub) -> None:
    with live.client("x") as http:
        for _ in range(3):
            assert http.get("/api/units").status_code == 401
    assert len(records(live, "auth.refused")) == 1
    live.stop()  # the lifespan stops the services: the open minute is summarised
    summary = records(live, "auth.refused")[-1]
    assert detail(summary)["summary"] is True and detail(summary)["count"] == 2


def test_refused_input_and_unknown_routes_are_counted(live: LiveHub) -> None:
    with live.client() as http:
        assert http.get("/api/no-such-route").status_code == 404
        assert http.post("/api/auth/login", content=b"{not", headers=JSON).status_code == 400
    [unknown] = records(live, "request.refused")
    assert (unknown.reason, detail(unknown)["route"]) == ("not_found", None)
    [bad] = records(live, "request.invalid")
    assert (bad.reason, detail(bad)["route"]) == ("malformed_json", "/api/auth/login")
