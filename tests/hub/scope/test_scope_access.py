# SPDX-License-Identifier: GPL-3.0-or-later
"""Scope over HTTP: territory and domain, approvals, TN 6.2 reasons, emergency command."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import httpx
import pytest

from hub.contracts import Role
from hub.testing import LiveHub, Province, add_user, login


def access(
    live: LiveHub, token: str, territory: int, permission: str = "image.live", **obj: Any
) -> httpx.Response:
    reason = obj.pop("reason", None)
    body: dict[str, Any] = {
        "object": {"territory_id": territory, "object_type": "camera", "object_id": "cam-7", **obj},
        "permission": permission,
    }
    if reason:
        body["reason"] = reason
    with live.client(token) as http:
        return http.post("/api/scope/access", json=body)


AuditLog = Callable[[str], list[dict[str, Any]]]


@pytest.fixture
def audit(live: LiveHub, province: Province) -> AuditLog:
    """Read the audit trail as an auditor would, filtered by action."""
    add_user(live.hub, province, "auditor", "ioc", [Role.AUDITOR])

    def read(action: str) -> list[dict[str, Any]]:
        with live.client(login(live, province, "auditor")) as http:
            page = http.get("/api/audit/records", params={"action": action}).json()
            items: list[dict[str, Any]] = page["items"]
            return items

    return read


def test_district_sees_its_territory_only(
    live: LiveHub, province: Province, audit: AuditLog
) -> None:
    add_user(live.hub, province, "opa", "districtA", [Role.OPERATOR])
    token = login(live, province, "opa")
    t = province.territories
    r = access(live, token, t["A1"])
    assert r.status_code == 200 and r.json()["basis"] == "scope"
    assert access(live, token, t["A"]).status_code == 200
    r = access(live, token, t["B1"])
    assert r.status_code == 403 and r.json()["code"] == "scope.out_of_scope"
    assert access(live, token, t["P"]).status_code == 403
    denied = audit("scope.denied")
    assert denied and denied[-1]["actor"] == "opa" and denied[-1]["outcome"] == "denied"
    granted = audit("access.image.live")
    assert granted[-1]["detail"]["basis"] == "scope"


def test_specialised_centre_sees_its_domain(
    live: LiveHub, province: Province, audit: AuditLog
) -> None:
    add_user(live.hub, province, "doctor", "health", [Role.OPERATOR])
    token = login(live, province, "doctor")
    t = province.territories
    assert access(live, token, t["B1"], domain="health").status_code == 200
    assert access(live, token, t["B1"], domain="traffic").status_code == 403
    assert access(live, token, t["A"]).status_code == 403


def test_provincial_police_see_the_province(
    live: LiveHub, province: Province, audit: AuditLog
) -> None:
    add_user(live.hub, province, "police", "police", [Role.PTZ_OPERATOR])
    token = login(live, province, "police")
    for key in ("P", "A", "B1"):
        r = access(live, token, province.territories[key], "image.ptz", domain="traffic")
        assert r.status_code == 200


def test_privilege_families_never_imply_each_other(
    live: LiveHub, province: Province, audit: AuditLog
) -> None:
    add_user(live.hub, province, "both", "ioc", [Role.OPERATOR, Role.ADMIN])
    add_user(live.hub, province, "face", "ioc", [Role.BIOMETRIC_MATCHER])
    both, face = login(live, province, "both"), login(live, province, "face")
    t = province.territories["A1"]
    assert access(live, both, t, "biometric.match").json()["code"] == "forbidden"
    assert access(live, face, t, "image.live").json()["code"] == "forbidden"
    assert access(live, face, t, "biometric.match").status_code == 200
    assert access(live, both, t, "image.live").status_code == 200


def test_central_operator_needs_a_tn_6_2_reason_for_dedicated_systems(
    live: LiveHub, province: Province, audit: AuditLog
) -> None:
    add_user(live.hub, province, "central", "ioc", [Role.OPERATOR])
    token = login(live, province, "central")
    t = province.territories["B1"]
    r = access(live, token, t)
    assert r.status_code == 200 and r.json()["basis"] == "tier1"
    r = access(live, token, t, dedicated=True)
    assert r.status_code == 403 and r.json()["code"] == "scope.reason_required"
    assert "technical_fault_handling" in r.json()["detail"]["reasons"]
    r = access(live, token, t, dedicated=True, reason="technical_fault_handling")
    assert r.status_code == 200
    rec = audit("access.image.live")[-1]
    assert rec["reason"] == "technical_fault_handling" and rec["detail"]["dedicated"] is True


def _approval(
    live: LiveHub, token: str, grantee: int, territory: int, hours: int = 4
) -> httpx.Response:
    with live.client(token) as http:
        return http.post(
            "/api/approvals",
            json={
                "grantee_id": grantee,
                "territory_id": territory,
                "document_number": "125/CV-CAT",
                "document_date": "2026-03-01",
                "approver": "Giám đốc Công an tỉnh",
                "purpose": "Xác minh vụ việc",
                "expires_at": (live.clock.now() + timedelta(hours=hours)).isoformat(),
            },
        )


def test_out_of_scope_with_written_approval_until_expiry(
    live: LiveHub, province: Province, audit: AuditLog
) -> None:
    opa = add_user(live.hub, province, "opa", "districtA", [Role.OPERATOR])
    add_user(live.hub, province, "boss", "ioc", [Role.APPROVER])
    add_user(live.hub, province, "localboss", "districtA", [Role.APPROVER])
    token, boss = login(live, province, "opa"), login(live, province, "boss")
    b1 = province.territories["B1"]
    assert access(live, token, b1).status_code == 403
    # An approver may approve only what they oversee.
    local = login(live, province, "localboss")
    assert _approval(live, local, opa, b1).json()["code"] == "scope.out_of_scope"
    r = _approval(live, boss, opa, b1)
    assert r.status_code == 201, r.text
    approval = r.json()
    r = access(live, token, b1)
    assert r.status_code == 200
    assert r.json() == {
        "allowed": True,
        "basis": "approval",
        "approval_id": approval["id"],
        "emergency_id": None,
    }
    assert access(live, token, province.territories["B"]).status_code == 403  # only B1
    rec = audit("approval.record")[-1]
    assert rec["detail"]["document_number"] == "125/CV-CAT"
    live.clock.advance(hours=5)
    token = login(live, province, "opa")
    assert access(live, token, b1).status_code == 403
    # A revoked approval stops at once.
    boss = login(live, province, "boss")
    second = _approval(live, boss, opa, b1).json()
    assert access(live, token, b1).status_code == 200
    with live.client(boss) as http:
        assert http.post(f"/api/approvals/{second['id']}/revoke").json()["revoked"] is True
    assert access(live, token, b1).status_code == 403


def test_emergency_command(live: LiveHub, province: Province, audit: AuditLog) -> None:
    add_user(live.hub, province, "leader", "ioc", [Role.IOC_LEADER, Role.PTZ_OPERATOR])
    add_user(live.hub, province, "notioc", "districtA", [Role.IOC_LEADER])
    token = login(live, province, "leader")
    b1 = province.territories["B1"]
    assert access(live, token, b1, "image.ptz", dedicated=True).status_code == 403
    with live.client(login(live, province, "notioc")) as http:
        r = http.post("/api/emergencies", json={"reason": "Lũ quét", "duration_minutes": 90})
        assert r.status_code == 403 and r.json()["code"] == "emergency.not_ioc"
    with live.client(token) as http:
        r = http.post("/api/emergencies", json={"reason": "Lũ quét", "duration_minutes": 90})
        assert r.status_code == 201
        emergency = r.json()
        assert (
            http.post("/api/emergencies", json={"reason": "again", "duration_minutes": 5}).json()[
                "code"
            ]
            == "emergency.active"
        )
        assert [e["id"] for e in http.get("/api/emergencies").json()] == [emergency["id"]]
    r = access(live, token, b1, "image.ptz", dedicated=True)
    assert r.status_code == 200 and r.json()["emergency_id"] == emergency["id"]
    assert audit("access.image.ptz")[-1]["reason"] == ("emergency_ordered_by_provincial_leaders")
    assert audit("emergency.raise")[-1]["reason"] == "Lũ quét"
    live.clock.advance(minutes=91)  # the period ends by itself
    token = login(live, province, "leader")
    assert access(live, token, b1, "image.ptz", dedicated=True).status_code == 403
