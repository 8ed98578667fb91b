# SPDX-License-Identifier: GPL-3.0-or-later
"""Events from edge AI boxes: token per box, schema errors and refusals store nothing,
duplicates are dropped, snapshots are checked and stored by hash, the rules open and
fold incidents."""

from __future__ import annotations

import base64
import hashlib

from hub.incidents.files import file_dir
from hub.incidents.models import CameraEventRow, Incident
from tests.hub.incidents.common import JPEG, World, ai_event, audit_actions

URL = "/api/ingest/ai-events"


def _post(world: World, token: str | None, body: object, path: str = URL) -> tuple[int, dict]:  # type: ignore[type-arg]
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    with world.live.client() as http:
        r = http.post(path, json=body, headers=headers)
    return r.status_code, r.json()


def test_a_box_posts_events_and_duplicates_are_dropped(world: World) -> None:
    _box_id, token = world.enrol_box()
    cam = world.cameras["a1"]
    status, body = _post(
        world, token, ai_event(cam, "e1", snapshot_base64=base64.b64encode(JPEG).decode())
    )
    assert status == 201, body
    assert body["duplicate"] is False and body["id"] and body["incident_id"]
    again, dup = _post(world, token, ai_event(cam, "e1"))
    assert again == 200 and dup == {
        "event_id": "e1",
        "duplicate": True,
        "id": None,
        "incident_id": None,
    }
    assert world.count(CameraEventRow) == 1
    # The picture is kept once, under its SHA-256, and served back.
    digest = hashlib.sha256(JPEG).hexdigest()
    assert (file_dir(world.live.hub) / digest).read_bytes() == JPEG
    with world.http("op_a") as http:
        events = http.get("/api/events/recent", params={"camera_id": cam}).json()
        assert [e["metadata"]["plate"] for e in events] == ["20A-123.45"]
        assert events[0]["source"] == "ai_box" and events[0]["box_name"] == "Hộp AI 1"
        assert events[0]["has_snapshot"] is True
        pic = http.get(f"/api/events/{events[0]['id']}/snapshot")
        assert pic.status_code == 200 and pic.content == JPEG
        assert pic.headers["content-type"] == "image/jpeg"
    with world.http("op_b") as http:  # district B does not see commune A1's camera
        assert http.get("/api/events/recent").json() == []
        assert http.get(f"/api/events/{events[0]['id']}/snapshot").status_code == 403


def test_a_batch_folds_into_one_incident_and_counts_duplicates(world: World) -> None:
    _box, token = world.enrol_box()
    cam = world.cameras["a1"]
    events = [ai_event(cam, f"b{i}") for i in range(20)]
    status, body = _post(world, token, {"events": events}, URL + "/batch")
    assert status == 200, body
    assert body["stored"] == 20 and body["duplicates"] == 0
    assert len({r["incident_id"] for r in body["results"]}) == 1  # one source, one incident
    status, body = _post(
        world, token, {"events": [*events[:5], ai_event(cam, "b99")]}, URL + "/batch"
    )
    assert status == 200 and body["stored"] == 1 and body["duplicates"] == 5
    assert world.count(CameraEventRow) == 21 and world.count(Incident) == 1
    with world.http("op_a") as http:
        (incident,) = http.get("/api/incidents").json()
    assert incident["count"] == 21 and incident["category"] == "violation"
    assert incident["priority"] == "high"


def test_bad_posts_are_refused_and_store_nothing(world: World) -> None:
    _box_id, token = world.enrol_box()
    cam = world.cameras["a1"]
    cam_b = world.cameras["b"]
    big = base64.b64encode(JPEG[:-2] + b"\x00" * (600 * 1024) + b"\xff\xd9").decode()
    cases: list[tuple[str | None, object, int, str]] = [
        (None, ai_event(cam), 401, "auth.required"),
        ("not-a-token", ai_event(cam), 401, "ai_box.token_invalid"),
        (world.tokens["op_a"], ai_event(cam), 401, "ai_box.token_invalid"),  # a user session
        (token, {**ai_event(cam), "occurred_at": "2026-03-02T08:00:00"}, 422, "invalid_input"),
        (token, {**ai_event(cam), "surprise": 1}, 422, "invalid_input"),
        (token, ai_event(cam, metadata={"confidence": 1.5}), 422, "invalid_input"),
        (
            token,
            ai_event(cam, metadata={"extra": {f"k{i}": i for i in range(40)}}),
            422,
            "invalid_input",
        ),
        (token, ai_event(cam, metadata={"extra": {"Bad Key": 1}}), 422, "invalid_input"),
        (token, ai_event(cam, event_id=""), 422, "invalid_input"),
        (token, ai_event(cam, snapshot_base64="!!!"), 422, "event.bad_snapshot"),
        (
            token,
            ai_event(cam, snapshot_base64=base64.b64encode(b"GIF89a...").decode()),
            422,
            "event.bad_snapshot",
        ),
        (token, ai_event(cam, snapshot_base64=big), 413, "event.snapshot_too_large"),
        (token, ai_event(cam_b), 403, "event.camera_not_allowed"),  # not the box's unit's
        (token, ai_event(999_999), 404, "camera.not_found"),
    ]
    for who, body, want, code in cases:
        status, answer = _post(world, who, body)
        assert (status, answer.get("code")) == (want, code), (body, answer)
    # A batch with one bad event stores none of its good ones.
    status, answer = _post(
        world, token, {"events": [ai_event(cam, "ok1"), ai_event(cam_b, "bad")]}, URL + "/batch"
    )
    assert status == 403
    with world.live.client() as http:
        raw = http.post(
            URL,
            content=b"{not json",
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )
    assert raw.status_code == 400
    assert world.count(CameraEventRow) == 0 and world.count(Incident) == 0
    assert (
        not any(file_dir(world.live.hub).glob("*")) if file_dir(world.live.hub).exists() else True
    )
    refusals = audit_actions(world, "auth.refused")
    assert refusals, "refused box tokens are audited"
    assert ("event.ingest", "denied", "camera_not_allowed") in audit_actions(world, "event.ingest")


def test_a_revoked_box_is_refused(world: World) -> None:
    box_id, token = world.enrol_box()
    with world.http("admin_a") as http:
        listed = http.get("/api/ai-boxes").json()
        assert [b["id"] for b in listed] == [box_id] and "token" not in listed[0]
        assert http.post(f"/api/ai-boxes/{box_id}/revoke").json()["revoked_at"]
    status, body = _post(world, token, ai_event(world.cameras["a1"]))
    assert (status, body["code"]) == (401, "ai_box.token_invalid")
    assert world.count(CameraEventRow) == 0
    with world.http("admin_a") as http:  # another district's unit is not the admin's to enrol
        r = http.post(
            "/api/ai-boxes", json={"name": "x", "unit_id": world.province.units["districtB"]}
        )
        assert r.status_code == 403
    with world.http("op_a") as http:
        r = http.post(
            "/api/ai-boxes", json={"name": "x", "unit_id": world.province.units["communeA1"]}
        )
        assert r.status_code == 403
    assert [a for a, _o, _r in audit_actions(world, "ai_box.")] == ["ai_box.enrol", "ai_box.revoke"]
