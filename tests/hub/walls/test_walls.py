# SPDX-License-Identifier: GPL-3.0-or-later
"""Saved walls over HTTP: CRUD, validation, sharing per unit, the last wall, the audit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select

from hub.audit.models import AuditRecord
from hub.contracts import Role
from hub.db import transaction
from hub.testing import LiveHub, Province, add_user, login, seed_province
from layouts import PRESET_NAMES, Layout, preset
from tests.hub.walls.helpers import add_camera, grid, wall_body


@pytest.fixture
def live(start_hub: Callable[..., LiveHub]) -> LiveHub:
    return start_hub(media_relay=False)


@pytest.fixture
def province(live: LiveHub) -> Province:
    p = seed_province(live.hub)
    add_user(live.hub, p, "op_a", "districtA", [Role.OPERATOR])
    add_user(live.hub, p, "op_a2", "districtA", [Role.OPERATOR])
    add_user(live.hub, p, "op_a1", "communeA1", [Role.OPERATOR])
    add_user(live.hub, p, "op_b", "districtB", [Role.OPERATOR])
    return p


def _actions(live: LiveHub, object_id: int) -> list[tuple[str, str]]:
    with transaction(live.hub.sessions) as s:
        rows = s.scalars(
            select(AuditRecord)
            .where(AuditRecord.object_type == "wall", AuditRecord.object_id == str(object_id))
            .order_by(AuditRecord.seq)
        )
        return [(r.action, r.outcome) for r in rows]


def test_save_list_update_delete_with_audit(live: LiveHub, province: Province) -> None:
    cams = [add_camera(live.hub, province) for _ in range(3)]
    token = login(live, province, "op_a")
    with live.client(token) as http:
        r = http.post("/api/walls", json=wall_body("Cổng chính", cams[:2]))
        assert r.status_code == 201, r.text
        wall = r.json()
        assert wall["editable"] and wall["shared_unit_id"] is None
        assert [c["camera_id"] for c in wall["cameras"]] == cams[:2]
        assert wall["layout"] == grid()

        assert [w["name"] for w in http.get("/api/walls").json()] == ["Cổng chính"]

        body = wall_body("Cổng chính (đêm)", [cams[2]], layout=preset("1+5").to_dict())
        r = http.put(f"/api/walls/{wall['id']}", json=body)
        assert r.status_code == 200, r.text
        assert r.json()["layout"]["name"] == "1+5"
        assert r.json()["cameras"] == [{"cell": 0, "camera_id": cams[2], "stream": "auto"}]

        assert http.delete(f"/api/walls/{wall['id']}").status_code == 204
        assert http.get("/api/walls").json() == []
        assert http.delete(f"/api/walls/{wall['id']}").status_code == 404
    assert _actions(live, wall["id"]) == [
        ("wall.create", "success"),
        ("wall.update", "success"),
        ("wall.delete", "success"),
    ]


@pytest.mark.parametrize(
    ("change", "status", "code"),
    [
        (lambda b: b.update(layout={"rows": 2}), 422, "wall.invalid_layout"),
        (
            lambda b: b.update(layout={"name": "x", "rows": 1, "cols": 1, "cells": []}),
            422,
            "wall.invalid_layout",
        ),
        (lambda b: b["cameras"].append({"cell": 9, "camera_id": 1}), 422, "wall.invalid_cell"),
        (lambda b: b["cameras"].append({"cell": 3, "camera_id": 999}), 422, "wall.unknown_camera"),
        (lambda b: b["cameras"].append({"cell": 0, "camera_id": 1}), 422, "invalid_input"),
        (lambda b: b.update(name=""), 422, "invalid_input"),
        (lambda b: b.update(name="a\x00b"), 422, "invalid_input"),
        (lambda b: b.update(extra=1), 422, "invalid_input"),
    ],
)
def test_bad_walls_are_refused_and_nothing_is_written(
    live: LiveHub,
    province: Province,
    change: Callable[[dict[str, Any]], None],
    status: int,
    code: str,
) -> None:
    cam = add_camera(live.hub, province)
    assert cam == 1
    body = wall_body("Bad", [cam])
    change(body)
    token = login(live, province, "op_a")
    with live.client(token) as http:
        r = http.post("/api/walls", json=body)
        assert (r.status_code, r.json()["code"]) == (status, code), r.text
        assert http.get("/api/walls").json() == []


def test_names_are_unique_per_owner(live: LiveHub, province: Province) -> None:
    a, a2 = login(live, province, "op_a"), login(live, province, "op_a2")
    with live.client(a) as http:
        assert http.post("/api/walls", json=wall_body("Ca đêm", [])).status_code == 201
        r = http.post("/api/walls", json=wall_body("Ca đêm", []))
        assert (r.status_code, r.json()["code"]) == (409, "wall.name_taken")
    with live.client(a2) as http:
        assert http.post("/api/walls", json=wall_body("Ca đêm", [])).status_code == 201


def test_sharing_per_unit(live: LiveHub, province: Province) -> None:
    cam = add_camera(live.hub, province)
    units = province.units
    a, a2 = login(live, province, "op_a"), login(live, province, "op_a2")
    a1, b = login(live, province, "op_a1"), login(live, province, "op_b")
    with live.client(a) as http:
        shared = http.post("/api/walls", json=wall_body("Chung", [cam], units["districtA"]))
        assert shared.status_code == 201, shared.text
        shared_id = shared.json()["id"]
        private = http.post("/api/walls", json=wall_body("Riêng", [cam])).json()
        # Sideways or upwards: refused and audited.
        for unit in ("districtB", "ioc"):
            r = http.post("/api/walls", json=wall_body(f"To {unit}", [], units[unit]))
            assert (r.status_code, r.json()["code"]) == (403, "wall.share_out_of_unit")
        # Down to a commune of the district: allowed.
        down = http.post("/api/walls", json=wall_body("Xuống xã", [], units["communeA1"]))
        assert down.status_code == 201
    # Same unit and the unit below see the shared wall read-only; another district does not.
    with live.client(a2) as http:
        walls = http.get("/api/walls").json()
        assert [(w["name"], w["editable"]) for w in walls] == [("Chung", False)]
        r = http.put(f"/api/walls/{shared_id}", json=wall_body("Hijack", []))
        assert (r.status_code, r.json()["code"]) == (403, "wall.not_owner")
        assert http.delete(f"/api/walls/{shared_id}").status_code == 403
        assert http.delete(f"/api/walls/{private['id']}").status_code == 404
    with live.client(a1) as http:
        assert sorted(w["name"] for w in http.get("/api/walls").json()) == ["Chung", "Xuống xã"]
    with live.client(b) as http:
        assert http.get("/api/walls").json() == []
        assert http.put(f"/api/walls/{shared_id}", json=wall_body("x", [])).status_code == 404
    # Unsharing is a share change: audited.
    with live.client(a) as http:
        r = http.put(f"/api/walls/{shared_id}", json=wall_body("Chung", [cam]))
        assert r.status_code == 200 and r.json()["shared_unit_id"] is None
    with live.client(a2) as http:
        assert http.get("/api/walls").json() == []
    assert _actions(live, shared_id) == [
        ("wall.create", "success"),
        ("wall.share", "success"),
        ("wall.update", "denied"),
        ("wall.delete", "denied"),
        ("wall.update", "success"),
        ("wall.share", "success"),
    ]
    with transaction(live.hub.sessions) as s:
        denied = s.scalars(
            select(AuditRecord).where(
                AuditRecord.action == "wall.share", AuditRecord.outcome == "denied"
            )
        ).all()
        assert len(denied) == 2


def test_last_wall_is_restored_at_the_next_login(live: LiveHub, province: Province) -> None:
    cams = [add_camera(live.hub, province) for _ in range(2)]
    token = login(live, province, "op_a")
    layout = preset("2+8")
    with live.client(token) as http:
        assert http.get("/api/walls/last").json() is None
        saved = http.post("/api/walls", json=wall_body("Saved", cams)).json()
        body = {
            "wall_id": saved["id"],
            "layout": layout.to_dict(),
            "cameras": [{"cell": 7, "camera_id": cams[1], "stream": "main"}],
        }
        r = http.put("/api/walls/last", json=body)
        assert r.status_code == 200, r.text
        http.post("/api/auth/logout")
    with live.client(login(live, province, "op_a")) as http:
        last = http.get("/api/walls/last").json()
        assert last["wall_id"] == saved["id"]
        assert Layout.from_dict(last["layout"]).to_dict() == layout.to_dict()
        assert last["cameras"] == body["cameras"]
        # The saved wall deleted: the last wall still comes back, unlinked.
        assert http.delete(f"/api/walls/{saved['id']}").status_code == 204
        last = http.get("/api/walls/last").json()
        assert last["wall_id"] is None and last["cameras"] == body["cameras"]
        # Someone else's private wall cannot be named as one's last wall.
    with live.client(login(live, province, "op_a2")) as http:
        other = http.post("/api/walls", json=wall_body("Mine", [])).json()
    with live.client(login(live, province, "op_a")) as http:
        r = http.put("/api/walls/last", json={**body, "wall_id": other["id"]})
        assert r.status_code == 404


@pytest.mark.parametrize("name", PRESET_NAMES)
def test_every_preset_round_trips_through_the_hub(
    live: LiveHub, province: Province, name: str
) -> None:
    cam = add_camera(live.hub, province)
    layout = preset(name)
    last = len(layout) - 1
    layout.assign(last, str(cam))
    token = login(live, province, "op_a")
    body = {
        "name": f"Preset {name}",
        "layout": layout.to_dict(),
        "cameras": [{"cell": last, "camera_id": cam}],
    }
    with live.client(token) as http:
        r = http.post("/api/walls", json=body)
        assert r.status_code == 201, r.text
        back = Layout.from_dict(r.json()["layout"])
    for cell in r.json()["cameras"]:
        back.assign(cell["cell"], str(cell["camera_id"]))
    assert back.to_dict() == layout.to_dict()
