# SPDX-License-Identifier: GPL-3.0-or-later
"""Organisation tree and accounts over HTTP: units, roles, account review."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from hub.contracts import Role
from hub.testing import PASSWORD, LiveHub, Province, add_user, login


@pytest.fixture
def admin(live: LiveHub, province: Province) -> httpx.Client:
    add_user(live.hub, province, "admin", "ioc", [Role.ADMIN, Role.AUDITOR])
    return live.client(login(live, province, "admin"))


def test_units_name_leader_and_it_focal_point(admin: httpx.Client, province: Province) -> None:
    body: dict[str, Any] = {
        "name": "Trung tâm Y tế",
        "kind": "specialised_centre",
        "territory_id": province.territories["P"],
        "parent_id": province.units["ioc"],
        "leader": "BS. Lê C",
        "it_focal_point": "KS. Phạm D",
    }
    r = admin.post("/api/units", json=body)
    assert r.status_code == 422 and r.json()["code"] == "unit.domain_required"
    r = admin.post("/api/units", json={**body, "domain": "health"})
    assert r.status_code == 201
    unit = r.json()
    assert unit["leader"] == "BS. Lê C" and unit["it_focal_point"] == "KS. Phạm D"
    r = admin.post("/api/units", json={**body, "leader": ""})
    assert r.status_code == 422
    r = admin.patch(f"/api/units/{unit['id']}", json={"leader": "BS. Hoàng E"})
    assert r.json()["leader"] == "BS. Hoàng E"


def test_territory_levels(admin: httpx.Client, province: Province) -> None:
    r = admin.post(
        "/api/territories",
        json={"name": "Xã X", "level": "commune", "parent_id": province.territories["A"]},
    )
    assert r.status_code == 201
    r = admin.post(
        "/api/territories",
        json={"name": "Bad", "level": "district", "parent_id": province.territories["A"]},
    )
    assert r.json()["code"] == "territory.bad_level"


def test_role_change_is_a_permission_change_in_the_audit(
    admin: httpx.Client, province: Province
) -> None:
    r = admin.post(
        "/api/users",
        json={
            "username": "newop",
            "display_name": "Op",
            "unit_id": province.units["districtA"],
            "roles": ["operator"],
            "password": "an acceptable passphrase",
        },
    )
    assert r.status_code == 201
    user = r.json()
    assert user["password_change_required"] is True and user["mfa_enrolled"] is False
    assert (
        admin.post(
            "/api/users",
            json={
                "username": "newop",
                "display_name": "Op",
                "unit_id": province.units["districtA"],
                "password": "an acceptable passphrase",
            },
        ).json()["code"]
        == "user.exists"
    )
    r = admin.patch(f"/api/users/{user['id']}", json={"roles": ["operator", "ptz_operator"]})
    assert r.json()["roles"] == ["operator", "ptz_operator"]
    items = admin.get("/api/audit/records", params={"action": "user.roles_changed"}).json()
    assert items["items"][-1]["detail"] == {
        "before": ["operator"],
        "after": ["operator", "ptz_operator"],
    }


def test_account_review_lists(live: LiveHub, province: Province, admin: httpx.Client) -> None:
    uid = add_user(live.hub, province, "sleepy", "districtA", [Role.OPERATOR])
    assert admin.get("/api/users/review").json() == {"due_for_review": [], "unused": []}
    live.clock.advance(days=181)
    token = login(live, province, "admin")
    # Half a year on, the administrator's password is due for rotation first (TN 10.1).
    with live.client(token) as http:
        assert http.get("/api/users/review").json()["code"] == "auth.password_change_required"
        http.post(
            "/api/auth/password",
            json={"current_password": PASSWORD, "new_password": "second passphrase of 2026"},
        )
    token = login(live, province, "admin", "second passphrase of 2026")
    admin.headers["Authorization"] = f"Bearer {token}"
    review = admin.get("/api/users/review").json()
    due = {u["username"] for u in review["due_for_review"]}
    unused = {u["username"] for u in review["unused"]}
    assert "sleepy" in due and "sleepy" in unused and "admin" not in unused
    assert admin.post(f"/api/users/{uid}/review").status_code == 200
    review = admin.get("/api/users/review").json()
    assert "sleepy" not in {u["username"] for u in review["due_for_review"]}
    # Disabling is immediate and takes the account off the lists.
    assert admin.post(f"/api/users/{uid}/disable").json()["disabled"] is True
    assert "sleepy" not in {u["username"] for u in admin.get("/api/users/review").json()["unused"]}
    assert admin.post(f"/api/users/{uid}/enable").json()["disabled"] is False


def test_admin_cannot_disable_themself(admin: httpx.Client, province: Province) -> None:
    r = admin.post(f"/api/users/{province.user_ids['admin']}/disable")
    assert r.status_code == 409 and r.json()["code"] == "user.cannot_disable_self"
