# SPDX-License-Identifier: GPL-3.0-or-later
"""The incident service: unacknowledged incidents escalate to the unit above after their
rule's time (hub clock, as the system, pushed); events past the profile's retention are
purged unless an open incident or a hold keeps them (audited; also the CLI)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from hub.cli import main as cli_main
from hub.db import transaction
from hub.incidents.camera_events import EventKind
from hub.incidents.models import CameraEventRow, Incident
from hub.incidents.upkeep import IncidentUpkeep, months_before
from hub.testing import wait_until
from tests.hub.catalog.common import EventListener
from tests.hub.incidents.common import World, audit_actions, details


def _round(world: World) -> None:
    upkeep = world.live.hub.services["incidents"]
    assert isinstance(upkeep, IncidentUpkeep)
    done = upkeep.rounds
    upkeep.wake()
    wait_until(lambda: upkeep.rounds > done, what="an upkeep round")


def _incident(world: World) -> Incident:
    with transaction(world.live.hub.sessions) as s:
        (row,) = s.scalars(select(Incident))
        return row


def test_unacknowledged_incidents_escalate_after_their_rule_time(world: World) -> None:
    p = world.province
    clock = world.live.clock
    world.camera_events("a1", EventKind.INTRUSION)  # rule: escalate after 10 minutes
    assert _incident(world).unit_id == p.units["communeA1"]
    clock.advance(minutes=9)
    _round(world)
    assert _incident(world).escalation_level == 0
    with EventListener(world.live, world.tokens["op_a"], "incident") as listener:
        wait_until(lambda: world.live.hub.events.subscribers() == 1, what="a subscriber")
        clock.advance(minutes=2)
        _round(world)
        pushed = listener.wait_for(lambda d: d["escalation_level"] == 1)
    row = _incident(world)
    assert (row.escalation_level, row.escalated_to_unit_id) == (1, p.units["districtA"])
    assert pushed["escalated_to_unit_id"] == p.units["districtA"]
    # Still nobody: up again after the same time, to the IOC; then nothing above.
    clock.advance(minutes=11)
    _round(world)
    assert _incident(world).escalated_to_unit_id == p.units["ioc"]
    clock.advance(minutes=11)
    _round(world)
    row = _incident(world)
    assert row.escalation_level == 2 and row.escalate_at is None
    assert [d["automatic"] for d in details(world, "incident.escalate")] == [True, True]
    # An acknowledged incident never escalates.
    world.camera_events("b", EventKind.INTRUSION)
    with world.http("op_b") as http:
        (inc,) = http.get("/api/incidents").json()
        assert (
            http.post(f"/api/incidents/{inc['id']}/acknowledge", json={"version": 1}).status_code
            == 200
        )
    clock.advance(hours=2)
    _round(world)
    with world.http("op_b") as http:
        assert http.get(f"/api/incidents/{inc['id']}").json()["escalation_level"] == 0
    # Escalation by hand goes to the parent unit; a unit below is refused.
    with world.http("sup_a") as http:
        r = http.post("/api/incidents", json={"category": "security_incident", "title": "Dò quét"})
        rep = r.json()
        assert rep["notice_due_at"] is not None  # TN 11.5
        bad = http.post(
            f"/api/incidents/{rep['id']}/escalate",
            json={"version": rep["version"], "reason": "x", "unit_id": p.units["communeA1"]},
        )
        assert (bad.status_code, bad.json()["code"]) == (422, "incident.bad_escalation")
        ok = http.post(
            f"/api/incidents/{rep['id']}/escalate",
            json={"version": rep["version"], "reason": "Cần tỉnh"},
        )
        assert ok.status_code == 200 and ok.json()["escalated_to_unit_id"] == p.units["ioc"]


def test_retention_purges_old_events_but_keeps_open_and_held(world: World) -> None:
    clock = world.live.clock
    world.camera_events("a1", EventKind.INTRUSION, n=2)  # an incident that stays open
    world.camera_events("a1", EventKind.MOTION, n=3)  # no incident
    world.camera_events("b", EventKind.INTRUSION, n=1)  # its incident is closed below
    world.camera_events("b", EventKind.MOTION, n=1)  # held for a case
    with transaction(world.live.hub.sessions) as s:
        closed = s.scalars(select(Incident).where(Incident.camera_id == world.cameras["b"])).one()
        closed.status = "closed"
        held = s.scalars(
            select(CameraEventRow).where(
                CameraEventRow.camera_id == world.cameras["b"], CameraEventRow.kind == "motion"
            )
        ).one()
        held.held, held.hold_reference = True, "HS-12/2026"
    assert world.count(CameraEventRow) == 7
    clock.advance(days=300)  # within 12 months (TN 12.1c): nothing goes
    _round(world)
    assert world.count(CameraEventRow) == 7
    clock.advance(days=70)
    world.camera_events("a1", EventKind.MOTION, n=1)  # a young one stays
    _round(world)
    with transaction(world.live.hub.sessions) as s:
        left = sorted((r.kind, r.held) for r in s.scalars(select(CameraEventRow)))
    assert left == [("intrusion", False), ("intrusion", False), ("motion", False), ("motion", True)]
    last = details(world, "event.purge")[-1]
    assert (last["deleted"], last["kept_open_incident"], last["kept_held"]) == (4, 2, 1)
    assert last["retention_months"] == 12
    # The CLI does the same on demand.
    old = datetime(2001, 1, 1, tzinfo=UTC)  # the CLI counts with the wall clock
    with transaction(world.live.hub.sessions) as s:
        s.execute(update(Incident).values(status="closed"))
        s.execute(update(CameraEventRow).values(held=False, received_at=old))
        s.execute(
            update(CameraEventRow)
            .where(CameraEventRow.kind == "intrusion")
            .values(held=True, hold_reference="HS-13/2026")
        )
    settings = world.live.hub.settings
    argv = ["purge-events", "--db", settings.database_url, "--data-dir", str(settings.data_dir)]
    assert cli_main(argv) == 0
    assert world.count(CameraEventRow) == 2  # the held ones
    assert [a for a, _o, _r in audit_actions(world, "event.purge")][-1] == "event.purge"


def test_months_before() -> None:
    assert months_before(datetime(2026, 3, 31, tzinfo=UTC), 1) == datetime(2026, 2, 28, tzinfo=UTC)
    assert months_before(datetime(2027, 3, 2, tzinfo=UTC), 12) == datetime(2026, 3, 2, tzinfo=UTC)
    assert months_before(datetime(2026, 1, 15, tzinfo=UTC), 12) - timedelta(0) == datetime(
        2025, 1, 15, tzinfo=UTC
    )
