# SPDX-License-Identifier: GPL-3.0-or-later
"""Audit reading is scoped (issue 9, item 13): a district auditor reads what the people
of their district did and what was done to their district's cameras; the IOC's auditors
read the whole trail."""

from __future__ import annotations

from typing import Any

from hub.audit.service import Actor
from hub.contracts import Role
from hub.db import transaction
from hub.testing import LiveHub, Province, add_user, login
from tests.hub.walls.helpers import add_camera


def read_all(live: LiveHub, token: str, **params: Any) -> list[dict[str, Any]]:
    """Every record the caller may read, following the pages."""
    out: list[dict[str, Any]] = []
    after = None
    with live.client(token) as http:
        while True:
            query = {"limit": 50, **params, **({"after": after} if after else {})}
            r = http.get("/api/audit/records", params=query)
            assert r.status_code == 200, r.text
            page = r.json()
            out += page["items"]
            after = page["next_after"]
            if after is None:
                return out


def test_a_district_auditor_reads_only_their_district(live: LiveHub, province: Province) -> None:
    p = province
    add_user(live.hub, p, "auditor_ioc", "ioc", [Role.AUDITOR])
    add_user(live.hub, p, "auditor_a", "districtA", [Role.AUDITOR])
    add_user(live.hub, p, "op_a", "districtA", [Role.OPERATOR])
    add_user(live.hub, p, "op_a1", "communeA1", [Role.OPERATOR])  # below district A
    add_user(live.hub, p, "op_b", "districtB", [Role.OPERATOR])
    add_user(live.hub, p, "op_ioc", "ioc", [Role.OPERATOR])
    for name in ("op_a", "op_a1", "op_b", "op_ioc"):
        login(live, p, name)
    with live.client() as http:  # an unknown name from some address: the province's
        http.post("/api/auth/login", json={"username": "ghost", "password": "x" * 12})
    cam_a1 = add_camera(live.hub, p, "A1")
    cam_b = add_camera(live.hub, p, "B")
    ioc = Actor(p.user_ids["op_ioc"], "op_ioc", "10.1.1.1")
    with transaction(live.hub.sessions) as s:  # the IOC opening dedicated cameras
        for cam in (cam_a1, cam_b):
            live.hub.audit.append(
                s, ioc, "access.image.live", object_type="camera", object_id=cam,
                reason="written_request",
            )  # fmt: skip

    district = read_all(live, login(live, p, "auditor_a"))
    actors = {r["actor"] for r in district}
    assert {"op_a", "op_a1", "auditor_a"} <= actors
    assert not actors & {"op_b", "ghost", "auditor_ioc"}
    # The IOC's access to a camera of district A is theirs to see; to district B's is not.
    ioc_seen = [r for r in district if r["actor"] == "op_ioc"]
    assert [(r["action"], r["object_id"]) for r in ioc_seen] == [("access.image.live", str(cam_a1))]
    # A filter cannot reach past the scope either.
    assert read_all(live, login(live, p, "auditor_a"), actor="op_b") == []
    assert read_all(live, login(live, p, "auditor_a"), action="auth.login", actor="ghost") == []

    everything = read_all(live, login(live, p, "auditor_ioc"))
    actors = {r["actor"] for r in everything}
    assert {"op_a", "op_a1", "op_b", "op_ioc", "ghost", "auditor_a"} <= actors
    assert {r["object_id"] for r in everything if r["actor"] == "op_ioc"} >= {
        str(cam_a1),
        str(cam_b),
    }
    # Each reading is audited with the scope it had.
    queries = read_all(live, login(live, p, "auditor_ioc"), action="audit.query")
    scopes = {(r["actor"], r["detail"]["scope"]) for r in queries}
    assert ("auditor_a", f"territory:{p.territories['A']}") in scopes
    assert ("auditor_ioc", "all") in scopes
