# SPDX-License-Identifier: GPL-3.0-or-later
"""A camera going offline (the real health checker against the simulator) opens one
fault incident with the repair deadline; flaps fold into it; coming back adds a step
and leaves it open for a person to record the repair."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from camsim.process import FleetProcess
from hub.catalog.testing import register_fleet
from hub.db import transaction
from hub.incidents.models import Incident, IncidentStep
from hub.testing import LiveHub, wait_until
from tests.hub.incidents.common import make_world


def _faults(live: LiveHub, camera_id: int) -> list[Incident]:
    with transaction(live.hub.sessions) as s:
        stmt = select(Incident).where(Incident.category == "fault", Incident.camera_id == camera_id)
        return list(s.scalars(stmt))


def _steps(live: LiveHub, incident_id: int) -> list[str]:
    with transaction(live.hub.sessions) as s:
        return list(
            s.scalars(
                select(IncidentStep.action)
                .where(IncidentStep.incident_id == incident_id)
                .order_by(IncidentStep.id)
            )
        )


def test_offline_camera_opens_one_fault_incident(
    start_hub: Callable[..., LiveHub], camsim_faults: FleetProcess
) -> None:
    live = start_hub(
        health_enabled=True,
        health_interval_seconds=0.3,
        health_timeout_seconds=1.0,
        media_relay=False,
        profile="TN",
        session_idle_minutes=7 * 24 * 60,
        session_absolute_hours=14 * 24,
    )
    world = make_world(live)  # its two catalogue cameras have no device: offline faults
    ids = register_fleet(live, world.province, camsim_faults.cameras[:1], probe=False)
    cam = ids["cam01"]
    health = live.hub.services["camera_health"]
    rounds = health.rounds
    wait_until(lambda: health.rounds > rounds + 1, timeout=20, what="health rounds")
    assert _faults(live, cam) == []  # online: nothing to report

    camsim_faults.set_faults("cam01", offline=120)
    wait_until(lambda: len(_faults(live, cam)) == 1, timeout=20, what="a fault incident")
    (fault,) = _faults(live, cam)
    assert fault.camera_id == cam and fault.status == "new" and fault.priority == "medium"
    assert fault.unit_id == world.province.units["communeA1"]  # the operating unit
    assert fault.due_at is not None and fault.due_basis == "TN 15.1: 3 ngày làm việc"
    with world.http("admin_a") as http:  # the technical family sees and works faults
        seen = http.get(f"/api/incidents/{fault.id}").json()
        assert "acknowledge" in seen["allowed_actions"]
        assert seen["procedure"][0]["key"] == "confirm"

    camsim_faults.clear_faults("cam01")
    wait_until(lambda: "camera_online" in _steps(live, fault.id), timeout=20, what="back online")
    camsim_faults.set_faults("cam01", offline=120)
    wait_until(
        lambda: _steps(live, fault.id).count("camera_offline") == 1, timeout=20, what="a flap"
    )
    (again,) = _faults(live, cam)  # folded, not a second incident
    assert again.id == fault.id and again.count == 2 and again.status == "new"
    camsim_faults.clear_faults("cam01")
    wait_until(lambda: _steps(live, fault.id).count("camera_online") == 2, timeout=20, what="up")
    (still,) = _faults(live, cam)
    assert still.status == "new"  # a person records the repair
    assert _steps(live, fault.id)[0] == "open"
