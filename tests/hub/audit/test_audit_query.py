# SPDX-License-Identifier: GPL-3.0-or-later
"""The audit query API: filters and pages, for auditors only."""

from __future__ import annotations

from hub.contracts import Role
from hub.testing import LiveHub, Province, add_user, login


def test_filters_and_pages(live: LiveHub, province: Province) -> None:
    add_user(live.hub, province, "auditor", "ioc", [Role.AUDITOR])
    add_user(live.hub, province, "opa", "districtA", [Role.OPERATOR])
    start = live.clock.now()
    for _ in range(3):
        login(live, province, "opa")
    with live.client() as http:
        http.post("/api/auth/login", json={"username": "opa", "password": "wrong password!"})
    token = login(live, province, "auditor")
    with live.client(token) as http:
        r = http.get("/api/audit/records", params={"actor": "opa", "action": "auth.login"})
        items = r.json()["items"]
        assert [i["outcome"] for i in items] == ["success"] * 3 + ["failure"]
        assert all(i["source"] == "127.0.0.1" for i in items)
        page1 = http.get("/api/audit/records", params={"actor": "opa", "limit": 2}).json()
        assert len(page1["items"]) == 2 and page1["next_after"] is not None
        page2 = http.get(
            "/api/audit/records", params={"actor": "opa", "limit": 2, "after": page1["next_after"]}
        ).json()
        assert page2["items"][0]["seq"] > page1["items"][-1]["seq"]
        late = http.get(
            "/api/audit/records", params={"since": (start.replace(year=2030)).isoformat()}
        ).json()
        assert late["items"] == []
        by_object = http.get(
            "/api/audit/records",
            params={"object_type": "user", "object_id": str(province.user_ids["opa"])},
        ).json()
        assert by_object["items"] and all(
            i["object_id"] == str(province.user_ids["opa"]) for i in by_object["items"]
        )
        bad = http.get("/api/audit/records", params={"actor": "x' OR '1'='1"})
        assert bad.status_code == 422
        assert http.get("/api/audit/records", params={"limit": 100000}).status_code == 422
        reads = http.get("/api/audit/records", params={"action": "audit.query"}).json()
        assert reads["items"] and reads["items"][0]["actor"] == "auditor"
