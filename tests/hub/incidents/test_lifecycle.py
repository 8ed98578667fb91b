# SPDX-License-Identifier: GPL-3.0-or-later
"""The incident life cycle over HTTP: every step, wrong roles refused and audited, stale
versions, scope (404), folding of a repeating source, forced acknowledgement of critical
incidents, the push to the consoles whose scope covers the incident."""

from __future__ import annotations

from typing import Any

from hub.events import Audience
from hub.incidents.camera_events import EventKind
from hub.incidents.models import CameraEventRow, Incident, IncidentStep
from hub.testing import wait_until
from tests.hub.catalog.common import EventListener
from tests.hub.incidents.common import World, audit_actions


def _only(world: World, user: str, **params: Any) -> dict[str, Any]:
    with world.http(user) as http:
        (row,) = http.get("/api/incidents", params=params).json()
    return dict(row)


def _do(
    world: World, user: str, incident: dict[str, Any], action: str, **body: Any
) -> tuple[int, dict[str, Any]]:
    payload = {"version": incident["version"], **body}
    with world.http(user) as http:
        r = http.post(f"/api/incidents/{incident['id']}/{action}", json=payload)
    return r.status_code, r.json()


def test_the_whole_life_cycle_is_recorded(world: World) -> None:
    assert world.camera_events("a1", EventKind.INTRUSION) == 1
    inc = _only(world, "op_a")
    assert (inc["status"], inc["category"], inc["priority"]) == ("new", "intrusion", "high")
    assert inc["camera_name"] == "Camera a1" and inc["territory_name"] == "Phường Hoàng Văn Thụ"
    assert inc["allowed_actions"][:1] == ["acknowledge"] and "close" not in inc["allowed_actions"]
    status, inc = _do(world, "op_a", inc, "acknowledge")
    assert status == 200 and inc["status"] == "acknowledged" and inc["acknowledged_by"] == "op_a"
    with world.http("op_a") as http:
        names = [
            a["name"]
            for a in http.get("/api/incidents/assignees", params={"incident_id": inc["id"]}).json()
        ]
    assert {"op_a", "op_a2", "sup_a", "op_a1"} <= set(names) and "op_b" not in names
    assert "admin_a" not in names  # an intrusion is not the technical family's
    # An operator takes it for themself, not for a colleague (that is the supervisor's).
    status, body = _do(world, "op_a", inc, "assign", user_id=world.province.user_ids["op_a2"])
    assert (status, body["code"]) == (403, "forbidden")
    status, inc = _do(world, "sup_a", inc, "assign", user_id=world.province.user_ids["op_a2"])
    assert status == 200 and inc["status"] == "assigned" and inc["assignee_name"] == "op_a2"
    status, inc = _do(world, "op_a2", inc, "start")
    assert status == 200 and inc["status"] == "in_progress"
    with world.http("op_a2") as http:
        r = http.post(f"/api/incidents/{inc['id']}/procedure/verify", json={"done": True})
        assert r.status_code == 200
        assert r.json()["procedure"][0] | {"done_at": None} == {
            "key": "verify",
            "text_vi": "Xác minh sự kiện trên hình ảnh trực tiếp",
            "text_en": "Verify the event on live video",
            "done": True,
            "done_by": "op_a2",
            "done_at": None,
        }
        assert (
            http.post(f"/api/incidents/{inc['id']}/procedure/nope", json={"done": True}).status_code
            == 404
        )
        assert (
            http.post(
                f"/api/incidents/{inc['id']}/comments", json={"text": "Đã cử tổ tuần tra"}
            ).status_code
            == 200
        )
        r = http.post(
            f"/api/incidents/{inc['id']}/attachments",
            json={
                "name": "bien-ban.txt",
                "content_type": "text/plain",
                "data_base64": "YmllbiBiYW4=",
            },
        )
        assert r.status_code == 200
    status, inc = _do(world, "op_a2", inc, "resolve", resolution="Người lạ đã rời đi")
    assert status == 200 and inc["status"] == "resolved" and inc["resolved_at"]
    assert "close" not in inc["allowed_actions"]  # an operator does not close
    status, body = _do(world, "op_a2", inc, "close")
    assert (status, body["code"]) == (403, "forbidden")
    status, inc = _do(world, "sup_a", inc, "close")
    assert status == 200 and inc["status"] == "closed" and inc["allowed_actions"] == ["reopen"]
    status, inc = _do(world, "sup_a", inc, "reopen", reason="Tái diễn")
    assert status == 200 and inc["status"] == "acknowledged" and inc["resolution"] is None
    with world.http("op_a") as http:
        detail = http.get(f"/api/incidents/{inc['id']}").json()
        att = detail["attachments"][0]
        got = http.get(f"/api/incidents/{inc['id']}/attachments/{att['id']}")
        assert got.content == b"bien ban" and got.headers["content-disposition"] == "attachment"
    steps = [(s["action"], s["from_status"], s["to_status"]) for s in detail["steps"]]
    assert steps == [
        ("open", None, None),
        ("acknowledge", "new", "acknowledged"),
        ("assign", "acknowledged", "assigned"),
        ("start", "assigned", "in_progress"),
        ("check", None, None),
        ("comment", None, None),
        ("attach", None, None),
        ("resolve", "in_progress", "resolved"),
        ("close", "resolved", "closed"),
        ("reopen", "closed", "acknowledged"),
    ]
    assert len(detail["events"]) == 1 and detail["events"][0]["kind"] == "intrusion"
    done = [a for a, o, _r in audit_actions(world, "incident.") if o == "success"]
    assert done == [
        "incident.open",
        "incident.acknowledge",
        "incident.assign",
        "incident.start",
        "incident.check",
        "incident.comment",
        "incident.attach",
        "incident.resolve",
        "incident.close",
        "incident.reopen",
        "incident.attachment_read",
    ]


def test_every_step_by_a_wrong_role_is_refused_and_audited(world: World) -> None:
    world.camera_events("a1", EventKind.INTRUSION)
    inc = _only(world, "op_a")
    steps: list[tuple[str, dict[str, Any]]] = [
        ("acknowledge", {}),
        ("assign", {"user_id": world.province.user_ids["op_a"]}),
        ("start", {}),
        ("resolve", {"resolution": "x"}),
        ("close", {}),
        ("reopen", {"reason": "x"}),
        ("escalate", {"reason": "x"}),
    ]
    for user in ("aud_a", "admin_a", "none_a"):  # in scope, but no right on an intrusion
        for action, body in steps:
            status, answer = _do(world, user, inc, action, **body)
            assert (status, answer["code"]) == (403, "forbidden"), (user, action, answer)
        with world.http(user) as http:
            for path, body in (
                ("comments", {"text": "x"}),
                ("procedure/verify", {"done": True}),
                ("attachments", {"name": "a", "content_type": "text/plain", "data_base64": "eA=="}),
            ):
                r = http.post(f"/api/incidents/{inc['id']}/{path}", json=body)
                assert r.status_code == 403, (user, path)
            assert http.get(f"/api/incidents/{inc['id']}").status_code == 403
            assert http.get("/api/incidents").json() == []
    denied = [(a, r) for a, o, r in audit_actions(world, "incident.") if o == "denied"]
    assert len(denied) == 3 * (len(steps) + 4)
    assert {a for a, _r in denied} >= {f"incident.{s}" for s, _b in steps}
    assert world.count(IncidentStep) == 1  # the opening: the refusals wrote no step
    # Supervisor-only steps refused to an operator, audited.
    status, inc = _do(world, "op_a", inc, "acknowledge")
    status, inc = _do(world, "op_a", inc, "resolve", resolution="ok")
    status, body = _do(world, "op_a", inc, "close")
    assert (status, body["code"]) == (403, "forbidden")
    assert ("incident.close", "denied", "missing incident.supervise") in audit_actions(
        world, "incident.close"
    )


def test_a_stale_version_and_a_bad_transition_are_conflicts(world: World) -> None:
    world.camera_events("a1", EventKind.INTRUSION)
    inc = _only(world, "op_a")
    status, newer = _do(world, "op_a", inc, "acknowledge")
    assert status == 200 and newer["version"] == inc["version"] + 1
    status, body = _do(world, "op_a2", inc, "start")  # still holding version 1
    assert (status, body["code"]) == (409, "incident.stale")
    assert body["detail"] == {"version": newer["version"]}
    status, body = _do(world, "op_a2", newer, "acknowledge")  # acknowledged already
    assert (status, body["code"]) == (409, "incident.bad_transition")
    status, body = _do(world, "sup_a", newer, "close")  # not resolved
    assert (status, body["code"]) == (409, "incident.bad_transition")
    refused = audit_actions(world, "request.refused")
    assert len(refused) >= 3


def test_scope_hides_incidents_of_other_places(world: World) -> None:
    world.camera_events("a1", EventKind.INTRUSION)
    world.camera_events("b", EventKind.INTRUSION)
    a = _only(world, "op_a")
    b = _only(world, "op_b")
    assert a["camera_id"] == world.cameras["a1"] and b["camera_id"] == world.cameras["b"]
    with world.http("op_b") as http:
        assert http.get(f"/api/incidents/{a['id']}").status_code == 404
        r = http.post(f"/api/incidents/{a['id']}/acknowledge", json={"version": 1})
        assert (r.status_code, r.json()["code"]) == (404, "incident.not_found")
        assert (
            http.get("/api/incidents/assignees", params={"incident_id": a["id"]}).status_code == 404
        )
    # A report without a camera: its unit and the units above see it, others do not; the
    # reporter sees their own report even without any incident right.
    with world.http("none_a") as http:
        r = http.post("/api/incidents", json={"category": "data_leak", "title": "Lộ danh sách"})
        assert r.status_code == 201, r.text
        report = r.json()
        assert report["unit_id"] == world.province.units["districtA"]
        assert report["priority"] == "high" and report["opened_by"] == "none_a"
        assert [i["id"] for i in http.get("/api/incidents").json()] == [report["id"]]
    with world.http("sup_a") as http:
        assert report["id"] in {i["id"] for i in http.get("/api/incidents").json()}
    with world.http("op_a1") as http:  # commune A1 is below district A: not its report
        assert http.get(f"/api/incidents/{report['id']}").status_code == 404
    with world.http("op_b") as http:
        assert http.get(f"/api/incidents/{report['id']}").status_code == 404
        r = http.post(
            "/api/incidents",
            json={"category": "fault", "title": "x", "camera_id": world.cameras["a1"]},
        )
        assert r.status_code == 403  # reports only on cameras one sees


def test_a_repeating_source_folds_and_disabled_rules_open_nothing(world: World) -> None:
    clock = world.live.clock
    assert world.camera_events("a1", EventKind.LINE_CROSSING, n=5) == 5
    assert world.camera_events("a1", EventKind.LINE_CROSSING, key="k1") == 0  # re-delivery
    inc = _only(world, "op_a")
    assert inc["count"] == 5 and inc["category"] == "violation"
    clock.advance(seconds=30)
    world.camera_events("a1", EventKind.LINE_CROSSING, n=2)
    assert _only(world, "op_a")["count"] == 7 and world.count(Incident) == 1
    clock.advance(seconds=61)  # past the rule's 60 s window: a new incident
    world.camera_events("a1", EventKind.LINE_CROSSING)
    assert world.count(Incident) == 2
    # Motion and recording state are stored, but open nothing by default.
    world.camera_events("a1", EventKind.MOTION, n=3)
    world.camera_events("a1", EventKind.RECORDING)
    assert world.count(Incident) == 2 and world.count(CameraEventRow) == 12
    # A rule change applies from then on (audited).
    with world.http("sup_a") as http:
        rules = {r["key"]: r for r in http.get("/api/incident-rules").json()}
        r = http.patch(f"/api/incident-rules/{rules['motion']['id']}", json={"enabled": True})
        assert r.status_code == 200 and r.json()["enabled"] is True
    with world.http("op_a") as http:
        r = http.patch(f"/api/incident-rules/{rules['motion']['id']}", json={"enabled": False})
        assert r.status_code == 403
    world.camera_events("a1", EventKind.MOTION, n=3)
    assert _only(world, "op_a", category="motion")["count"] == 3
    assert [a for a, _o, _r in audit_actions(world, "incident.rule_update")] == [
        "incident.rule_update"
    ]


def test_critical_incidents_need_acknowledging_first(world: World) -> None:
    world.camera_events("a1", EventKind.TAMPERING)
    inc = _only(world, "op_a")
    assert inc["priority"] == "critical" and inc["requires_ack"] is True
    assert inc["allowed_actions"] == ["acknowledge", "escalate", "comment", "check", "attach"]
    for action, body in (
        ("start", {}),
        ("assign", {"user_id": world.province.user_ids["op_a"]}),
        ("resolve", {"resolution": "x"}),
    ):
        status, answer = _do(world, "op_a", inc, action, **body)
        assert (status, answer["code"]) == (409, "incident.ack_required"), action
    status, inc = _do(world, "op_a", inc, "acknowledge")
    assert status == 200 and inc["requires_ack"] is False
    status, inc = _do(world, "op_a", inc, "start")
    assert status == 200 and inc["assignee_name"] == "op_a"
    # Abuse reported by anyone is critical (HCM 10.4, TN 9.4), whatever they asked.
    with world.http("op_a1") as http:
        r = http.post(
            "/api/incidents", json={"category": "abuse", "title": "Xem trộm", "priority": "low"}
        )
        assert r.status_code == 201 and r.json()["priority"] == "critical"
        assert r.json()["requires_ack"] is True
        bad = http.post("/api/incidents", json={"category": "intrusion", "title": "x"})
        assert bad.status_code == 422


def test_incidents_are_pushed_to_the_scope_that_covers_them(world: World) -> None:
    live = world.live
    with (
        EventListener(live, world.tokens["op_a"], "incident") as in_scope,
        EventListener(live, world.tokens["op_b"], "incident") as other,
    ):
        wait_until(lambda: live.hub.events.subscribers() == 2, what="two subscribers")
        world.camera_events("a1", EventKind.INTRUSION)
        opened = in_scope.wait_for(lambda d: d["camera_id"] == world.cameras["a1"])
        assert opened["status"] == "new" and opened["allowed_actions"] == []
        status, _ = _do(world, "op_a", opened, "acknowledge")
        assert status == 200
        updated = in_scope.wait_for(lambda d: d["status"] == "acknowledged")
        assert updated["id"] == opened["id"]
        world.camera_events("b", EventKind.INTRUSION)
        seen = other.wait_for(lambda d: d["camera_id"] == world.cameras["b"])
        assert seen["id"] != opened["id"]
        assert all(d["camera_id"] == world.cameras["b"] for _t, d in other.drain())


def _until_marker(listener: EventListener) -> list[dict[str, Any]]:
    """Everything the listener received before the marker (``id`` 0) sent last."""
    seen: list[dict[str, Any]] = []
    while True:
        _topic, data = listener.events.get(timeout=15)
        if data["id"] == 0:
            return seen
        seen.append(data)


def test_pushes_go_to_those_who_may_work_the_incident_and_its_reporter(world: World) -> None:
    """Scope alone is not enough: an auditor whose scope covers the camera is not told of
    its incidents (they are not his to read) except the one he reported; an administrator
    is told of fault incidents only."""
    live = world.live
    ids = world.province.user_ids
    with (
        EventListener(live, world.tokens["aud_a"], "incident") as auditor,
        EventListener(live, world.tokens["admin_a"], "incident") as admin,
        EventListener(live, world.tokens["op_a"], "incident") as operator,
    ):
        wait_until(lambda: live.hub.events.subscribers() == 3, what="three subscribers")
        world.camera_events("a1", EventKind.INTRUSION)
        intrusion = operator.wait_for(lambda d: d["camera_id"] == world.cameras["a1"])
        with world.http("aud_a") as http:
            r = http.post(
                "/api/incidents",
                json={"category": "fault", "title": "Mất hình", "camera_id": world.cameras["a1"]},
            )
            assert r.status_code == 201, r.text
            fault = r.json()
        operator.wait_for(lambda d: d["id"] == fault["id"])
        # A marker after the incidents: what came before it is all they were told.
        for name in ("aud_a", "admin_a"):
            live.hub.events.publish(
                "incident.marker", {"id": 0}, Audience(users=frozenset({ids[name]}))
            )
        assert [d["id"] for d in _until_marker(auditor)] == [fault["id"]]
        assert [d["id"] for d in _until_marker(admin)] == [fault["id"]]
        assert intrusion["id"] != fault["id"]
