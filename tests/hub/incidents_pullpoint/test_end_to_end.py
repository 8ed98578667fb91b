# SPDX-License-Identifier: GPL-3.0-or-later
"""Simulator events reach the console queue through the hub: an event on demand is
pulled by the hub's own service, stored by the ingest (once, whatever the re-delivery),
turned into an incident by the rules and pushed to the operators of the camera's unit."""

from __future__ import annotations

import json
from collections.abc import Callable

from sqlalchemy import select

from camsim.process import FleetProcess
from hub.catalog.testing import register_fleet
from hub.contracts import Role
from hub.db import transaction
from hub.incidents.camera_events import CameraEvent
from hub.incidents.models import CameraEventRow
from hub.incidents.pullpoint import CameraEventService
from hub.incidents.subscription_models import EventSubscription
from hub.testing import LiveHub, add_user, login, seed_province, wait_until
from tests.hub.catalog.common import EventListener
from tests.hub.incidents_pullpoint.common import emit, fast


def stored(live: LiveHub, camera_id: int) -> list[CameraEventRow]:
    with transaction(live.hub.sessions) as s:
        rows = s.scalars(select(CameraEventRow).where(CameraEventRow.camera_id == camera_id)).all()
        s.expunge_all()
        return list(rows)


def test_simulator_events_reach_the_console_queue_through_the_hub(
    start_hub: Callable[..., LiveHub], sim: FleetProcess
) -> None:
    live = start_hub(**fast())  # the hub's own camera_events service and the ingest
    province = seed_province(live.hub)
    add_user(live.hub, province, "op_a1", "communeA1", [Role.OPERATOR])
    add_user(live.hub, province, "op_b", "districtB", [Role.OPERATOR])
    tokens = {name: login(live, province, name) for name in ("op_a1", "op_b")}
    service = live.hub.services["camera_events"]
    assert isinstance(service, CameraEventService)
    ingest, handed = service.sink, []

    def tap(events: list[CameraEvent]) -> int:  # no camera yet: nothing passed before
        handed.extend(events)
        return ingest(events)

    service.sink = tap

    with (
        EventListener(live, tokens["op_a1"], "incident") as in_scope,
        EventListener(live, tokens["op_b"], "incident") as out_of_scope,
    ):
        wait_until(lambda: live.hub.events.subscribers() == 2, what="two listeners")
        cam = register_fleet(live, province, [sim.camera("cam01")])["cam01"]

        def active() -> bool:
            with transaction(live.hub.sessions) as s:
                row = s.get(EventSubscription, cam)
                return row is not None and row.state == "active"

        wait_until(active, 20, "subscription active")
        emit(sim, "cam01", "tampering", data={"State": "true"})
        opened = in_scope.wait_for(lambda d: d["camera_id"] == cam, timeout=20)
        assert opened["category"] == "tampering" and opened["priority"] == "critical"
        assert opened["status"] == "new" and opened["count"] == 1

        [event] = stored(live, cam)
        assert event.kind == "tampering" and event.source == "onvif"
        assert event.topic == "tns1:VideoSource/GlobalSceneChange/ImagingService"
        assert json.loads(event.metadata_json)["data"] == {"State": "true"}
        assert event.incident_id == opened["id"]
        wait_until(lambda: service.stored == 1, what="the sink's count")  # after its commit

        # The same event handed over again (a pull point re-read) is dropped.
        assert [e.kind.value for e in handed] == ["tampering"]
        assert ingest(handed) == 0
        assert len(stored(live, cam)) == 1
        assert out_of_scope.drain() == []
