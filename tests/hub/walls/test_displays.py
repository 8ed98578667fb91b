# SPDX-License-Identifier: GPL-3.0-or-later
"""Wall displays over HTTP: enrolment, the display's own API, operator pushes, revocation,
and the display token refused everywhere else."""

from __future__ import annotations

import json
import queue
import re
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select

from hub.audit.models import AuditRecord
from hub.auth.sessions import token_digest
from hub.contracts import Role
from hub.db import transaction
from hub.testing import LiveHub, Province, add_user, login, seed_province
from hub.walls.models import Display
from tests.hub.authz import PUBLIC, Rule
from tests.hub.test_authz_matrix import RULES, route_table
from tests.hub.walls.helpers import add_camera, display_stream, enrol, grid, wall_body


@pytest.fixture
def live(start_hub: Callable[..., LiveHub]) -> LiveHub:
    return start_hub(media_relay=False)


@pytest.fixture
def province(live: LiveHub) -> Province:
    p = seed_province(live.hub)
    add_user(live.hub, p, "admin_a", "districtA", [Role.ADMIN])
    add_user(live.hub, p, "op_a", "districtA", [Role.OPERATOR])
    add_user(live.hub, p, "op_b", "districtB", [Role.OPERATOR])
    return p


def _next(q: queue.Queue[Any]) -> Any:
    item = q.get(timeout=10)
    return item if item[0] != "status" else q.get(timeout=10)


def _static_body(rule: Rule | None) -> Any:
    """The body a rule's case builder gives when it needs no context (else ``{}``), so a
    route that validates its body before its credentials still reaches the credentials."""
    if rule is None:
        return {}
    try:
        return rule.build(None, "display", "in_scope").body  # type: ignore[arg-type]
    except Exception:
        return {}


def _example(schema: dict[str, Any], components: dict[str, Any]) -> Any:
    """A minimal value satisfying an OpenAPI schema (required fields only)."""
    if "$ref" in schema:
        return _example(components[schema["$ref"].rsplit("/", 1)[-1]], components)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            options = [o for o in schema[key] if o.get("type") != "null"]
            return _example(options[0], components) if options else None
    if "enum" in schema:
        return schema["enum"][0]
    if "default" in schema:
        return schema["default"]
    kind = schema.get("type")
    if kind == "object":
        props = schema.get("properties", {})
        return {k: _example(props[k], components) for k in schema.get("required", [])}
    if kind == "array":
        return [_example(schema["items"], components)] * schema.get("minItems", 0)
    if kind in ("integer", "number"):
        return max(1, schema.get("minimum", 1), schema.get("exclusiveMinimum", 0) + 1)
    if kind == "boolean":
        return False
    if schema.get("format") == "date-time":
        return "2026-03-02T01:00:00Z"
    if schema.get("format") == "date":
        return "2026-03-02"
    return "x" * max(1, schema.get("minLength", 1))


def _schema_body(openapi: dict[str, Any], method: str, path: str) -> Any:
    operation = openapi["paths"].get(path, {}).get(method.lower(), {})
    content = operation.get("requestBody", {}).get("content", {})
    schema = content.get("application/json", {}).get("schema")
    if schema is None:
        return None
    return _example(schema, openapi.get("components", {}).get("schemas", {}))


def _audited(live: LiveHub, action: str) -> list[AuditRecord]:
    with transaction(live.hub.sessions) as s:
        rows = s.scalars(
            select(AuditRecord).where(AuditRecord.action == action).order_by(AuditRecord.seq)
        ).all()
        s.expunge_all()
        return list(rows)


@pytest.fixture
def setup(live: LiveHub, province: Province) -> dict[str, Any]:
    """Two cameras, a wall shared with district A, a display of commune A1 bound to it."""
    cams = [add_camera(live.hub, province) for _ in range(3)]
    op = login(live, province, "op_a")
    with live.client(op) as http:
        r = http.post(
            "/api/walls", json=wall_body("Phòng họp", cams[:2], province.units["districtA"])
        )
        wall = r.json()
    admin = login(live, province, "admin_a")
    display = enrol(live, admin, province.units["communeA1"], [wall["id"]])
    return {"cams": cams, "op": op, "admin": admin, "wall": wall, "display": display}


def test_enrolment_returns_the_token_once_and_keeps_its_hash(
    live: LiveHub, province: Province, setup: dict[str, Any]
) -> None:
    display, token = setup["display"], setup["display"]["token"]
    assert display["wall_ids"] == [setup["wall"]["id"]]
    with transaction(live.hub.sessions) as s:
        row = s.get(Display, display["id"])
        assert row is not None and row.token_hash == token_digest(token)
    with live.client(setup["admin"]) as http:
        listed = http.get("/api/displays").json()
        assert [d["id"] for d in listed] == [display["id"]]
        assert "token" not in listed[0]
    enrolled = _audited(live, "display.enrol")
    assert len(enrolled) == 1 and token not in json.dumps(enrolled[0].detail)
    with live.client(token) as http:
        me = http.get("/api/display/me").json()
    assert me["name"] == "Màn hình 1"
    assert me["current"]["wall_id"] == setup["wall"]["id"]
    assert [c["camera_id"] for c in me["current"]["cameras"]] == setup["cams"][:2]


def test_enrolment_is_refused_out_of_scope_or_with_unshared_walls(
    live: LiveHub, province: Province, setup: dict[str, Any]
) -> None:
    with live.client(setup["op"]) as http:
        private = http.post("/api/walls", json=wall_body("Private", [])).json()
    with live.client(setup["admin"]) as http:
        r = http.post("/api/displays", json={"name": "B", "unit_id": province.units["districtB"]})
        assert (r.status_code, r.json()["code"]) == (403, "scope.out_of_scope")
        r = http.post(
            "/api/displays",
            json={"name": "A", "unit_id": province.units["communeA1"], "wall_ids": [private["id"]]},
        )
        assert (r.status_code, r.json()["code"]) == (422, "display.wall_not_shared")
    with live.client(setup["op"]) as http:
        r = http.post("/api/displays", json={"name": "x", "unit_id": province.units["districtA"]})
        assert r.status_code == 403


def test_operator_pushes_a_wall_and_the_display_follows(
    live: LiveHub, province: Province, setup: dict[str, Any]
) -> None:
    display_id, token = setup["display"]["id"], setup["display"]["token"]
    cams = setup["cams"]
    with display_stream(live, token) as events:
        with live.client(setup["op"]) as http:
            body = {
                "content": {
                    "layout": grid(1, 2, "1x2"),
                    "cameras": [{"cell": 1, "camera_id": cams[2], "stream": "main"}],
                },
                "name": "Sự cố",
            }
            r = http.post(f"/api/displays/{display_id}/show", json=body)
            assert r.status_code == 200, r.text
        topic, data = _next(events)
        assert topic == "display.wall"
        assert data["name"] == "Sự cố" and data["layout"]["cols"] == 2
        assert data["cameras"] == [{"cell": 1, "camera_id": cams[2], "stream": "main"}]
        with live.client(setup["op"]) as http:
            r = http.post(f"/api/displays/{display_id}/show", json={"wall_id": setup["wall"]["id"]})
            assert r.status_code == 200, r.text
        topic, data = _next(events)
        assert (topic, data["wall_id"]) == ("display.wall", setup["wall"]["id"])
        # The owner edits the wall on show: the display follows the new content.
        with live.client(setup["op"]) as http:
            body = wall_body("Phòng họp", [cams[2]], province.units["districtA"])
            assert http.put(f"/api/walls/{setup['wall']['id']}", json=body).status_code == 200
        topic, data = _next(events)
        assert topic == "display.wall"
        assert [c["camera_id"] for c in data["cameras"]] == [cams[2]]
    with live.client(token) as http:
        assert http.get("/api/display/me").json()["current"]["wall_id"] == setup["wall"]["id"]
    # Operators list the displays they may push to: of their scope, not revoked.
    with live.client(setup["op"]) as http:
        assert [d["id"] for d in http.get("/api/displays/targets").json()] == [display_id]
    # An operator of another district may not push to this display.
    with live.client(login(live, province, "op_b")) as http:
        assert http.get("/api/displays/targets").json() == []
        r = http.post(f"/api/displays/{display_id}/show", json={"wall_id": setup["wall"]["id"]})
        assert r.status_code in (403, 404)
    shows = _audited(live, "display.show")
    assert [r.outcome for r in shows] == ["success", "success"]


def test_unsharing_a_wall_unbinds_it_from_the_unit_displays(
    live: LiveHub, province: Province, setup: dict[str, Any]
) -> None:
    wall, token = setup["wall"], setup["display"]["token"]
    with live.client(setup["op"]) as http:
        r = http.put(f"/api/walls/{wall['id']}", json=wall_body(wall["name"], setup["cams"][:2]))
        assert r.status_code == 200 and r.json()["shared_unit_id"] is None
    with live.client(token) as http:
        me = http.get("/api/display/me").json()
        assert me["walls"] == [] and me["current"] is None
        r = http.post("/api/display/grants", json={"camera_id": setup["cams"][0]})
        assert (r.status_code, r.json()["code"]) == (403, "display.camera_not_on_wall")


def test_display_grants_only_for_cameras_on_its_walls(
    live: LiveHub, province: Province, setup: dict[str, Any]
) -> None:
    token, cams = setup["display"]["token"], setup["cams"]
    with live.client(token) as http:
        r = http.post("/api/display/grants", json={"camera_id": cams[2]})
        assert (r.status_code, r.json()["code"]) == (403, "display.camera_not_on_wall")
        # On the wall, in scope: the relay is off in this hub, so no grant but no 403.
        r = http.post("/api/display/grants", json={"camera_id": cams[0]})
        assert (r.status_code, r.json()["code"]) == (503, "media.relay_unavailable")
    denied = _audited(live, "scope.denied")
    assert denied[-1].actor == f"display:{setup['display']['id']}"


def test_revocation_ends_the_stream_at_once_and_the_token(
    live: LiveHub, province: Province, setup: dict[str, Any]
) -> None:
    display_id, token = setup["display"]["id"], setup["display"]["token"]
    with display_stream(live, token) as events:
        assert events.get(timeout=10) == ("status", 200)
        with live.client(setup["admin"]) as http:
            r = http.post(f"/api/displays/{display_id}/revoke")
            assert r.status_code == 200 and r.json()["revoked_at"] is not None
        assert events.get(timeout=10) == ("end", None)
    with live.client(token) as http:
        r = http.get("/api/display/me")
        assert (r.status_code, r.json()["code"]) == (401, "display.token_invalid")
        assert http.get("/api/display/events").status_code == 401
    assert len(_audited(live, "display.revoke")) == 1


def test_a_user_session_is_refused_on_display_routes(
    live: LiveHub, province: Province, setup: dict[str, Any]
) -> None:
    with live.client(setup["op"]) as http:
        for method, path in [
            ("GET", "/api/display/me"),
            ("GET", "/api/display/events"),
            ("POST", "/api/display/grants"),
        ]:
            r = http.request(method, path, json={"camera_id": setup["cams"][0]})
            assert r.status_code == 401, (method, path)


def test_the_display_token_is_refused_on_every_other_route(
    live: LiveHub, province: Province, setup: dict[str, Any]
) -> None:
    """Generic: every (method, path) the hub serves — PTZ, archive, export, user grants,
    walls… — except the display's own and the public ones answers 401 to a display token."""
    token = setup["display"]["token"]
    served = route_table(live.app)
    openapi = live.app.openapi()
    checked = []
    with live.client(token) as http:
        for method, path in sorted(served):
            if path.startswith("/api/display/"):
                continue
            rule = RULES.get((method, path))
            if rule is not None and rule.need == PUBLIC:
                continue
            url, body = re.sub(r"\{[^}]+\}", "1", path), _static_body(rule)
            r = http.request(method, url, json=body)
            if r.status_code == 422:  # validated before credentials: send a valid body
                r = http.request(method, url, json=_schema_body(openapi, method, path))
            assert r.status_code == 401, (method, path, r.status_code, r.text[:200])
            checked.append(path)
    assert "/api/walls" in checked and "/api/displays/{display_id}/show" in checked
    # Whatever other domains serve (PTZ, archive, export, user stream grants) is in the
    # table too: the check walks the live route table, not a list kept by hand.
    assert len(checked) >= 40
