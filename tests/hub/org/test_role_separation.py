# SPDX-License-Identifier: GPL-3.0-or-later
"""Separated privilege families over HTTP (TN 11.1; issue 9 item 2): nobody changes their
own roles or unit, two families in one account only where the profile allows it and
then with a second administrator's confirmation, every change audited before/after."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from hub.audit.models import AuditRecord
from hub.contracts import Role
from hub.testing import LiveHub, Province, add_user, login


def audit(live: LiveHub, action: str) -> list[dict[str, Any]]:
    """The audit records of ``action`` (read from the database: admins are no auditors)."""
    with live.hub.sessions() as s:
        rows = s.execute(
            select(
                AuditRecord.actor,
                AuditRecord.outcome,
                AuditRecord.reason,
                AuditRecord.object_id,
                AuditRecord.detail,
            )
            .where(AuditRecord.action == action)
            .order_by(AuditRecord.seq)
        )
        return [
            {
                "actor": a,
                "outcome": o,
                "reason": r,
                "object_id": i,
                "detail": json.loads(d) if isinstance(d, str) else d,
            }
            for a, o, r, i, d in rows
        ]


def roles_of(client: httpx.Client, uid: int) -> list[str]:
    r = client.get(f"/api/users/{uid}")
    assert r.status_code == 200, r.text
    roles: list[str] = r.json()["roles"]
    return roles


@pytest.fixture
def district_admin(live: LiveHub, province: Province) -> httpx.Client:
    add_user(live.hub, province, "dadmin", "districtA", [Role.ADMIN])
    return live.client(login(live, province, "dadmin"))


@pytest.fixture
def second_admin(live: LiveHub, province: Province) -> httpx.Client:
    add_user(live.hub, province, "iocadmin", "ioc", [Role.ADMIN])
    return live.client(login(live, province, "iocadmin"))


@pytest.fixture
def operator(live: LiveHub, province: Province) -> int:
    return add_user(live.hub, province, "opr", "communeA1", [Role.OPERATOR])


def allow_two_families(live: LiveHub) -> None:
    """A deployment whose profile lets one account hold roles of several families."""
    live.hub.profile = live.hub.profile.model_copy(update={"role_families_combinable": True})


def test_an_administrator_cannot_give_themselves_roles(
    live: LiveHub, province: Province, district_admin: httpx.Client
) -> None:
    own = province.user_ids["dadmin"]
    everything = ["admin", "supervisor", "auditor", "approver"]
    r = district_admin.patch(f"/api/users/{own}", json={"roles": everything})
    assert r.status_code == 403 and r.json()["code"] == "user.cannot_change_own_roles"
    r = district_admin.patch(f"/api/users/{own}", json={"roles": ["admin", "operator"]})
    assert r.status_code == 403 and r.json()["code"] == "user.cannot_change_own_roles"
    r = district_admin.patch(f"/api/users/{own}", json={"unit_id": province.units["communeA1"]})
    assert r.status_code == 403 and r.json()["code"] == "user.cannot_change_own_unit"
    # Nothing changed: still no live video, no audit trail.
    assert district_admin.get("/api/auth/me").json()["roles"] == ["admin"]
    body = {
        "object": {"territory_id": province.territories["A1"], "object_type": "camera"},
        "permission": "image.live",
    }
    assert district_admin.post("/api/scope/access", json=body).status_code == 403
    assert district_admin.get("/api/audit/records").status_code == 403
    # A rename of oneself is no change of rights.
    r = district_admin.patch(f"/api/users/{own}", json={"display_name": "Quản trị A"})
    assert r.status_code == 200
    refused = audit(live, "user.roles_change")
    assert [(x["outcome"], x["reason"]) for x in refused] == [("denied", "own_account")] * 2
    assert refused[0]["detail"] == {"before": ["admin"], "after": sorted(everything)}
    moved = audit(live, "user.unit_change")
    assert [(x["outcome"], x["reason"]) for x in moved] == [("denied", "own_account")]


def test_two_families_are_refused_by_default(
    live: LiveHub, province: Province, district_admin: httpx.Client, operator: int
) -> None:
    assert live.hub.profile.role_families_combinable is False  # TN 11.1
    for roles in (["operator", "auditor"], ["admin", "operator"], ["approver", "operator"]):
        r = district_admin.patch(f"/api/users/{operator}", json={"roles": roles})
        assert r.status_code == 409, r.text
        assert r.json()["code"] == "user.role_families_separated"
        assert roles_of(district_admin, operator) == ["operator"]
    refused = audit(live, "user.roles_change")
    assert len(refused) == 3 and refused[0]["outcome"] == "denied"
    assert refused[0]["detail"]["families"] == ["audit", "image_exploitation"]
    # A new account is no way round it.
    r = district_admin.post(
        "/api/users",
        json={
            "username": "allrounder",
            "display_name": "A",
            "unit_id": province.units["communeA1"],
            "roles": ["operator", "auditor"],
            "password": "an acceptable passphrase",
        },
    )
    assert r.status_code == 409 and r.json()["code"] == "user.role_families_separated"
    # Within one family, or taking roles away, one administrator suffices (audited).
    r = district_admin.patch(f"/api/users/{operator}", json={"roles": ["operator", "supervisor"]})
    assert r.status_code == 200 and r.json()["roles"] == ["operator", "supervisor"]
    r = district_admin.patch(f"/api/users/{operator}", json={"roles": []})
    assert r.status_code == 200 and r.json()["roles"] == []
    changes = [x["detail"] for x in audit(live, "user.roles_changed")]
    assert changes == [
        {"before": ["operator"], "after": ["operator", "supervisor"]},
        {"before": ["operator", "supervisor"], "after": []},
    ]


def test_two_families_need_a_second_administrator(
    live: LiveHub,
    province: Province,
    district_admin: httpx.Client,
    second_admin: httpx.Client,
    operator: int,
) -> None:
    allow_two_families(live)
    r = district_admin.patch(f"/api/users/{operator}", json={"roles": ["auditor", "operator"]})
    assert r.status_code == 202, r.text
    change = r.json()
    assert change["status"] == "pending" and change["roles_after"] == ["auditor", "operator"]
    assert roles_of(district_admin, operator) == ["operator"]  # not yet
    listed = second_admin.get("/api/role-changes", params={"status": "pending"}).json()
    assert [c["id"] for c in listed] == [change["id"]]

    # Never the requester.
    r = district_admin.post(f"/api/role-changes/{change['id']}/confirm")
    assert r.status_code == 403 and r.json()["code"] == "role_change.own_request"
    r = district_admin.post(f"/api/role-changes/{change['id']}/reject")
    assert r.status_code == 403 and r.json()["code"] == "role_change.own_request"
    assert roles_of(district_admin, operator) == ["operator"]

    r = second_admin.post(f"/api/role-changes/{change['id']}/confirm")
    assert r.status_code == 200 and r.json()["status"] == "confirmed"
    assert r.json()["decided_by"] == province.user_ids["iocadmin"]
    assert roles_of(district_admin, operator) == ["auditor", "operator"]
    r = second_admin.post(f"/api/role-changes/{change['id']}/confirm")
    assert r.status_code == 409 and r.json()["code"] == "role_change.not_pending"

    applied = audit(live, "user.roles_changed")[-1]
    assert applied["actor"] == "iocadmin" and applied["object_id"] == str(operator)
    assert applied["detail"] == {
        "before": ["operator"],
        "after": ["auditor", "operator"],
        "role_change_id": change["id"],
        "requested_by": province.user_ids["dadmin"],
        "confirmed_by": province.user_ids["iocadmin"],
    }
    requested = audit(live, "user.role_change_requested")
    assert requested[0]["actor"] == "dadmin"
    assert requested[0]["detail"]["before"] == ["operator"]
    denied = audit(live, "user.role_change_confirm")
    assert [(x["actor"], x["reason"]) for x in denied] == [
        ("dadmin", "requester_cannot_decide"),
        ("iocadmin", "status confirmed"),
    ]


def test_a_second_administrator_may_reject_and_stale_changes_do_not_apply(
    live: LiveHub,
    province: Province,
    district_admin: httpx.Client,
    second_admin: httpx.Client,
    operator: int,
) -> None:
    allow_two_families(live)
    first = district_admin.patch(f"/api/users/{operator}", json={"roles": ["approver", "operator"]})
    r = second_admin.post(f"/api/role-changes/{first.json()['id']}/reject")
    assert r.status_code == 200 and r.json()["status"] == "rejected"
    assert roles_of(district_admin, operator) == ["operator"]
    assert audit(live, "user.role_change_rejected")[0]["actor"] == "iocadmin"

    # A later direct change makes a pending one lapse: it was asked against other roles.
    second = district_admin.patch(f"/api/users/{operator}", json={"roles": ["auditor", "operator"]})
    assert second.status_code == 202
    r = district_admin.patch(f"/api/users/{operator}", json={"roles": ["ptz_operator"]})
    assert r.status_code == 200
    r = second_admin.post(f"/api/role-changes/{second.json()['id']}/confirm")
    assert r.status_code == 409 and r.json()["code"] == "role_change.not_pending"
    assert roles_of(district_admin, operator) == ["ptz_operator"]
    statuses = {c["id"]: c["status"] for c in second_admin.get("/api/role-changes").json()}
    assert statuses == {first.json()["id"]: "rejected", second.json()["id"]: "superseded"}


def test_the_account_itself_never_confirms_and_scope_applies(
    live: LiveHub,
    province: Province,
    district_admin: httpx.Client,
    second_admin: httpx.Client,
) -> None:
    allow_two_families(live)
    # The district administrator asks for the IOC administrator to become an auditor too:
    # the IOC administrator may not confirm a change of their own roles.
    ioc_admin = province.user_ids["iocadmin"]
    r = district_admin.patch(f"/api/users/{ioc_admin}", json={"roles": ["admin", "auditor"]})
    assert r.status_code == 403  # the IOC's account is outside district A's scope
    own = second_admin.patch(f"/api/users/{ioc_admin}", json={"roles": ["admin", "auditor"]})
    assert own.status_code == 403 and own.json()["code"] == "user.cannot_change_own_roles"

    # A new account with two families starts without roles; the roles wait for a second
    # administrator, and an administrator outside the account's scope cannot confirm.
    add_user(live.hub, province, "badmin", "districtB", [Role.ADMIN])
    other_district = live.client(login(live, province, "badmin"))
    r = district_admin.post(
        "/api/users",
        json={
            "username": "lead",
            "display_name": "L",
            "unit_id": province.units["communeA1"],
            "roles": ["operator", "ioc_leader"],
            "password": "an acceptable passphrase",
        },
    )
    assert r.status_code == 201 and r.json()["roles"] == []
    pending = second_admin.get("/api/role-changes", params={"status": "pending"}).json()
    assert [(c["username"], c["roles_after"]) for c in pending] == [
        ("lead", ["ioc_leader", "operator"])
    ]
    r = other_district.post(f"/api/role-changes/{pending[0]['id']}/confirm")
    assert r.status_code == 403 and r.json()["code"] == "scope.out_of_scope"
    assert other_district.get("/api/role-changes").json() == []
    r = second_admin.post(f"/api/role-changes/{pending[0]['id']}/confirm")
    assert r.status_code == 200
    assert roles_of(second_admin, r.json()["user_id"]) == ["ioc_leader", "operator"]


def test_moving_an_account_to_another_unit(
    live: LiveHub,
    province: Province,
    district_admin: httpx.Client,
    second_admin: httpx.Client,
    operator: int,
) -> None:
    r = district_admin.patch(
        f"/api/users/{operator}", json={"unit_id": province.units["districtB"]}
    )
    assert r.status_code == 403 and r.json()["code"] == "scope.out_of_scope"
    r = district_admin.patch(
        f"/api/users/{operator}", json={"unit_id": province.units["districtA"]}
    )
    assert r.status_code == 200 and r.json()["unit_id"] == province.units["districtA"]
    r = second_admin.patch(f"/api/users/{operator}", json={"unit_id": province.units["districtB"]})
    assert r.status_code == 200 and r.json()["unit_id"] == province.units["districtB"]
    moves = [x["detail"] for x in audit(live, "user.unit_changed")]
    assert moves == [
        {"before": province.units["communeA1"], "after": province.units["districtA"]},
        {"before": province.units["districtA"], "after": province.units["districtB"]},
    ]
    # Now out of district A's reach.
    assert district_admin.get(f"/api/users/{operator}").status_code == 403
