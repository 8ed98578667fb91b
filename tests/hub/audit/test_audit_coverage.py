# SPDX-License-Identifier: GPL-3.0-or-later
"""Every login, logout, data change and permission change leaves an audit record."""

from __future__ import annotations

import threading
from datetime import timedelta

from sqlalchemy import select

from hub.audit.models import AuditRecord
from hub.audit.verify import verify_chain
from hub.contracts import Role
from hub.testing import LiveHub, Province, add_user, login


def actions(live: LiveHub) -> list[str]:
    with live.hub.sessions() as s:
        return list(s.scalars(select(AuditRecord.action).order_by(AuditRecord.seq)))


def test_changes_are_audited(live: LiveHub, province: Province) -> None:
    add_user(live.hub, province, "admin", "ioc", [Role.ADMIN, Role.APPROVER, Role.IOC_LEADER])
    token = login(live, province, "admin")
    with live.client(token) as http:
        t = http.post(
            "/api/territories",
            json={"name": "Xã Y", "level": "commune", "parent_id": province.territories["B"]},
        )
        u = http.post(
            "/api/units",
            json={
                "name": "UBND xã Y",
                "kind": "commune",
                "territory_id": t.json()["id"],
                "leader": "L",
                "it_focal_point": "IT",
            },
        ).json()
        http.patch(f"/api/units/{u['id']}", json={"leader": "L2"})
        user = http.post(
            "/api/users",
            json={
                "username": "yop",
                "display_name": "Y",
                "unit_id": u["id"],
                "roles": ["operator"],
                "password": "yet another passphrase",
            },
        ).json()
        uid = user["id"]
        http.patch(f"/api/users/{uid}", json={"roles": ["operator", "ptz_operator"]})
        for action in ("disable", "enable", "unlock", "review"):
            http.post(f"/api/users/{uid}/{action}")
        http.post(f"/api/users/{uid}/password", json={"new_password": "temporary pass 2026"})
        a = http.post(
            "/api/approvals",
            json={
                "grantee_id": uid,
                "territory_id": province.territories["A"],
                "document_number": "1/GP",
                "document_date": "2026-03-01",
                "approver": "X",
                "purpose": "p",
                "expires_at": (live.clock.now() + timedelta(days=1)).isoformat(),
            },
        )
        http.post(f"/api/approvals/{a.json()['id']}/revoke")
        e = http.post("/api/emergencies", json={"reason": "r", "duration_minutes": 5}).json()
        http.post(f"/api/emergencies/{e['id']}/end")
        http.post("/api/auth/logout")
    seen = set(actions(live))
    for action in (
        "auth.password_ok",
        "auth.login",
        "territory.create",
        "unit.create",
        "unit.update",
        "user.create",
        "user.roles_changed",
        "user.disable",
        "user.enable",
        "user.unlock",
        "user.reviewed",
        "user.password_reset",
        "approval.record",
        "approval.revoke",
        "emergency.raise",
        "emergency.end",
        "auth.logout",
    ):
        assert action in seen, action


def test_concurrent_requests_keep_one_chain(live: LiveHub, province: Province) -> None:
    names = [f"op{i}" for i in range(6)]
    tokens = {}
    for name in names:
        add_user(live.hub, province, name, "districtA", [Role.OPERATOR])
        tokens[name] = login(live, province, name)
    statuses: list[int] = []
    lock = threading.Lock()

    def work(name: str) -> None:
        with live.client(tokens[name]) as http:
            for i in range(8):
                r = http.post(
                    "/api/scope/access",
                    json={
                        "object": {
                            "territory_id": province.territories["A1" if i % 2 else "B1"],
                            "object_type": "camera",
                            "object_id": f"c{i}",
                        },
                        "permission": "image.live",
                    },
                )
                with lock:
                    statuses.append(r.status_code)

    threads = [threading.Thread(target=work, args=(n,)) for n in names]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(set(statuses)) == [200, 403] and len(statuses) == 48
    result = verify_chain(live.hub.engine)
    assert result.ok, result.problem
    assert actions(live).count("access.image.live") == 24
    assert actions(live).count("scope.denied") == 24
