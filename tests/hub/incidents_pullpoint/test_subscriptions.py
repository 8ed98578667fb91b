# SPDX-License-Identifier: GPL-3.0-or-later
"""The hub's pull-point subscriptions against the simulator: events on demand reach the
sink; a hub restart goes on with the same pull point and gets what the device queued
meanwhile; a device restart is subscribed anew; the readers follow the catalogue."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from datetime import datetime as Datetime

from sqlalchemy import delete

from camsim.process import FleetProcess
from hub.catalog.models import Camera
from hub.catalog.testing import register_fleet
from hub.contracts import Role
from hub.db import transaction
from hub.incidents.camera_events import EventKind, PropertyOperation
from hub.incidents.subscription_models import EventSubscription
from hub.testing import LiveHub, Province, add_user, login, seed_province, wait_until
from tests.hub.incidents_pullpoint.common import EventsHub, emit

Hubs = Callable[..., EventsHub]


@dataclass(frozen=True)
class Row:
    state: str
    address: str | None
    terminates_at: Datetime | None
    failures: int
    last_error: str | None
    last_message_at: Datetime | None


def row(live: LiveHub, camera_id: int) -> Row | None:
    with transaction(live.hub.sessions) as s:
        r = s.get(EventSubscription, camera_id)
        if r is None:
            return None
        return Row(r.state, r.address, r.terminates_at, r.failures, r.last_error, r.last_message_at)


def wait_state(
    live: LiveHub, camera_id: int, state: str, timeout: float = 20.0, error: str | None = None
) -> Row:
    def reached() -> bool:
        current = row(live, camera_id)
        return (
            current is not None
            and current.state == state
            and (error is None or current.last_error == error)
        )

    wait_until(reached, timeout, f"camera {camera_id} subscription {state} ({error})")
    found = row(live, camera_id)
    assert found is not None
    return found


def onboard(live: LiveHub, fleet: FleetProcess, *names: str) -> tuple[Province, dict[str, int]]:
    province = seed_province(live.hub)
    entries = [fleet.camera(n) for n in names]
    return province, register_fleet(live, province, entries)


def test_events_on_demand_reach_the_sink(collecting_hub: Hubs, sim: FleetProcess) -> None:
    running = collecting_hub()
    live, sink = running.live, running.sink
    _, ids = onboard(live, sim, "cam01", "cam02")
    cam = ids["cam01"]
    subscribed = wait_state(live, cam, "active")
    wait_state(live, ids["cam02"], "active")
    assert running.service.following() == set(ids.values())
    assert subscribed.address and subscribed.address.startswith("http://127.0.0.1:")
    assert subscribed.terminates_at is not None and subscribed.last_error is None

    before = datetime.now(UTC)
    plate = {"Plate": "20A-123.45", "VehicleType": "Car", "Colour": "White"}
    emit(sim, "cam01", "motion", data={"IsMotion": "true"})
    emit(sim, "cam01", "line_crossing", data=plate)
    emit(sim, "cam01", "intrusion", data={"IsInside": "true"})
    emit(sim, "cam01", "tampering", data={"State": "true"})
    got = sink.wait_for(cam, 4)
    assert [e.kind for e in got] == [
        EventKind.MOTION,
        EventKind.LINE_CROSSING,
        EventKind.INTRUSION,
        EventKind.TAMPERING,
    ]
    motion, line, _, tamper = got
    assert motion.topic == "tns1:RuleEngine/CellMotionDetector/Motion"
    assert motion.operation is PropertyOperation.CHANGED and motion.active
    assert motion.source == {"VideoSourceConfigurationToken": "vsc_1", "Rule": "motion"}
    assert line.operation is None and line.data == plate
    assert tamper.topic == "tns1:VideoSource/GlobalSceneChange/ImagingService"
    assert tamper.source == {"Source": "vs_1"} and tamper.data == {"State": "true"}
    for event in got:
        assert event.occurred_at.tzinfo is not None and event.occurred_at.utcoffset() == timedelta()
        assert before - timedelta(seconds=2) <= event.occurred_at <= datetime.now(UTC)
        assert len(event.key) == 64
    assert len({e.key for e in got}) == 4
    assert sink.of(ids["cam02"]) == []  # each camera its own subscription
    wait_until(lambda: (r := row(live, cam)) is not None and r.last_message_at is not None)


def test_a_malformed_message_is_skipped_and_the_subscription_goes_on(
    collecting_hub: Hubs, sim: FleetProcess
) -> None:
    running = collecting_hub()
    live, sink, service = running.live, running.sink, running.service
    _, ids = onboard(live, sim, "cam01")
    cam = ids["cam01"]
    wait_state(live, cam, "active")
    emit(sim, "cam01", "motion", data={"IsMotion": "true"}, garbled=True)
    emit(sim, "cam01", "line_crossing", data={"Plate": "20A-999.99"})
    [event] = sink.wait_for(cam, 1)
    assert event.data == {"Plate": "20A-999.99"}
    assert service.malformed == 1
    assert service.subscriptions == 1  # the same pull point still
    emit(sim, "cam01", "motion", data={"IsMotion": "false"})
    assert len(sink.wait_for(cam, 2)) == 2
    current = row(live, cam)
    assert current is not None and current.state == "active" and current.failures == 0


def test_a_hub_restart_goes_on_with_the_same_pull_point(
    collecting_hub: Hubs, sim: FleetProcess
) -> None:
    first = collecting_hub()
    _, ids = onboard(first.live, sim, "cam01")
    cam = ids["cam01"]
    before = wait_state(first.live, cam, "active")
    emit(sim, "cam01", "motion", data={"IsMotion": "true", "ObjectId": "before"})
    first.sink.wait_for(cam, 1)
    first.stop()

    # Queued on the device while no hub reads it.
    for n in range(3):
        emit(sim, "cam01", "line_crossing", data={"ObjectId": str(n)})

    second = collecting_hub()  # the same database
    later = second.sink
    got = later.wait_for(cam, 3)
    assert [e.data["ObjectId"] for e in got] == ["0", "1", "2"]
    assert second.service.subscriptions == 0  # went on, did not subscribe anew
    after = row(second.live, cam)
    assert after is not None and after.address == before.address and after.state == "active"
    emit(sim, "cam01", "motion", data={"IsMotion": "false", "ObjectId": "after"})
    assert later.wait_for(cam, 4)[-1].data["ObjectId"] == "after"
    assert first.sink.of(cam)[0].key not in {e.key for e in got}


def test_a_device_restart_is_subscribed_anew(collecting_hub: Hubs, sim: FleetProcess) -> None:
    running = collecting_hub()
    live, sink, service = running.live, running.sink, running.service
    _, ids = onboard(live, sim, "cam02")
    cam = ids["cam02"]
    wait_state(live, cam, "active")
    assert service.subscriptions == 1

    sim.set_faults("cam02", offline=60)  # the ONVIF side goes away: its pull points too
    failing = wait_state(live, cam, "failing")
    assert failing.last_error in {"unreachable", "timeout"} and failing.failures >= 1
    sim.clear_faults("cam02")  # back, as a new device: it knows no subscription
    wait_until(lambda: service.subscriptions == 2, 30, "a new subscription")
    back = wait_state(live, cam, "active")
    assert back.last_error is None and back.failures == 0
    emit(sim, "cam02", "intrusion", data={"IsInside": "true"})
    [event] = sink.wait_for(cam, 1)
    assert event.kind is EventKind.INTRUSION


def test_readers_follow_the_catalogue(collecting_hub: Hubs, sim: FleetProcess) -> None:
    running = collecting_hub(camera_events_refresh_seconds=3600.0)  # only wakes count
    live, sink, service = running.live, running.sink, running.service
    province, ids = onboard(live, sim, "cam01", "cam02")
    cam, other = ids["cam01"], ids["cam02"]
    wait_state(live, cam, "active")
    add_user(live.hub, province, "admin", "districtA", [Role.ADMIN])
    token = login(live, province, "admin")

    with live.client(token) as http:  # wrong password: the reader restarts and fails
        r = http.patch(f"/api/cameras/{cam}", json={"password": "not-the-password"})
        assert r.status_code == 200, r.text
        # On a busy machine a first attempt may time out before the device says 401.
        failing = wait_state(live, cam, "failing", 40.0, error="auth")
        assert "not-the-password" not in str(failing)
        r = http.patch(f"/api/cameras/{cam}", json={"password": sim.camera("cam01")["password"]})
        assert r.status_code == 200, r.text
    wait_state(live, cam, "active")
    emit(sim, "cam01", "motion", data={"IsMotion": "true"})
    sink.wait_for(cam, 1)

    with transaction(live.hub.sessions) as s:  # the device lost its event service
        camera = s.get(Camera, other)
        assert camera is not None
        camera.has_events = False
    service.wake()
    wait_until(lambda: other not in service.following(), what="reader of cam02 ended")
    gone = wait_state(live, other, "unsupported")
    assert gone.address is None

    with transaction(live.hub.sessions) as s:  # removed from the catalogue
        s.execute(delete(Camera).where(Camera.id == cam))
    service.wake()
    wait_until(lambda: service.following() == set(), what="no reader left")
    assert row(live, cam) is None


def test_a_pull_point_expired_while_the_hub_was_away_is_subscribed_anew(
    collecting_hub: Hubs, sim: FleetProcess
) -> None:
    first = collecting_hub()
    _, ids = onboard(first.live, sim, "cam01")
    cam = ids["cam01"]
    before = wait_state(first.live, cam, "active")
    first.stop()
    with transaction(first.live.hub.sessions) as s:
        stored = s.get(EventSubscription, cam)
        assert stored is not None
        stored.terminates_at = first.live.clock.now() - timedelta(seconds=1)

    second = collecting_hub()

    def renewed() -> bool:
        now = row(second.live, cam)
        return now is not None and now.address != before.address and now.state == "active"

    wait_until(renewed, 20, "a new pull point recorded")
    assert second.service.subscriptions == 1
    emit(sim, "cam01", "motion", data={"IsMotion": "true"})
    second.sink.wait_for(cam, 1)
