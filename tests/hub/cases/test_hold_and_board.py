# SPDX-License-Identifier: GPL-3.0-or-later
"""Legal hold (TN 12.2): the events of an open case's cameras in its ranges and of the
incident it came from outlive the retention purge, its media are named for any purge of
files; a closed or cancelled case lets them go. The deadline board (due soon, overdue;
both sides) and the incidents that overdue steps raise, once."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select, update

from hub.cases.service import held_sha256s
from hub.cases.upkeep import CaseUpkeep
from hub.db import transaction
from hub.incidents.camera_events import CameraEvent, EventKind
from hub.incidents.ingest import ingest_camera_events
from hub.incidents.models import CameraEventRow, Incident
from hub.incidents.upkeep import purge_events
from hub.testing import wait_until
from tests.hub.cases.common import World, details


def _events(world: World, kind: EventKind, minutes_ago: int, key: str) -> None:
    event = CameraEvent(
        camera_id=world.camera_id,
        topic=f"tns1:RuleEngine/{kind.value}",
        kind=kind,
        occurred_at=world.now() - timedelta(minutes=minutes_ago),
        key=key,
        data={"State": "true"},
    )
    with transaction(world.live.hub.sessions) as s:
        assert ingest_camera_events(world.live.hub, s, [event]) == 1


def _keys(world: World) -> set[str]:
    with transaction(world.live.hub.sessions) as s:
        return {k.split(":")[-1] for k in s.scalars(select(CameraEventRow.dedup_key))}


def test_legal_hold_keeps_media_and_events_from_purge(world: World) -> None:
    w = world
    _events(w, EventKind.MOTION, 30, "inside")  # within the case's last hour
    _events(w, EventKind.MOTION, 180, "outside")
    _events(w, EventKind.INTRUSION, 240, "incident")  # opens an incident
    with transaction(w.live.hub.sessions) as s:
        incident_id = s.scalars(select(Incident.id)).one()
    by_tile = w.open_case()
    earlier = [
        {
            "camera_id": w.camera_id,
            "start": (w.now() - timedelta(hours=5)).isoformat(),
            "end": (w.now() - timedelta(hours=3, minutes=30)).isoformat(),
        }
    ]
    from_incident = w.open_case(origin="incident", incident_id=incident_id, cameras=earlier)
    snap = w.add_snapshot(by_tile["id"])
    with transaction(w.live.hub.sessions) as s:
        s.execute(update(Incident).values(status="closed"))  # only the hold keeps it now
        held = {
            k: r
            for k, r in s.execute(select(CameraEventRow.dedup_key, CameraEventRow.hold_reference))
        }
        assert held_sha256s(s) == {snap["sha256"]}
    assert sorted(v for v in held.values() if v) == [
        f"case:{by_tile['id']}",
        f"case:{from_incident['id']}",
    ]

    w.move_to("2027-02-10T09:00")  # 13 months on: every event is past retention
    with transaction(w.live.hub.sessions) as s:
        result = purge_events(w.live.hub, s)
    assert (result.deleted, result.kept_held) == (1, 2)
    assert _keys(w) == {"inside", "incident"}

    # Cancelling a draft releases what it held; another open case keeps its own.
    w.act("ioc_cw", by_tile["id"], "cancel", {"reason": "Trùng"})
    with transaction(w.live.hub.sessions) as s:
        assert held_sha256s(s) == set()
        result = purge_events(w.live.hub, s)
    assert (result.deleted, result.kept_held) == (1, 1)
    assert _keys(w) == {"incident"}
    assert w.get(from_incident["id"])["held"] is True


def _round(world: World) -> None:
    upkeep = world.live.hub.services["cases"]
    assert isinstance(upkeep, CaseUpkeep)
    done = upkeep.rounds
    upkeep.wake()
    wait_until(lambda: upkeep.rounds > done, what="a case upkeep round")


def _board(world: World, user: str, **params: str) -> list[tuple[int, str, str, str]]:
    with world.http(user) as http:
        r = http.get("/api/cases/board", params=params)
        assert r.status_code == 200, r.text
    return [(i["case_id"], i["kind"], i["state"], i["side"]) for i in r.json()]


def test_the_deadline_board_and_overdue_steps_raise_incidents_once(world: World) -> None:
    w = world
    sent = w.sent_case()  # verify: 1 month (police side)
    soon = w.open_case(detected_at="2025-12-31T09:00:00+07:00")  # transfer due 10 Jan
    late = w.open_case(detected_at="2025-12-19T09:00:00+07:00")  # transfer due 26 Dec
    w.move_to("2026-01-08T09:00")
    assert _board(w, "ioc_cw") == [
        (late["id"], "transfer", "overdue", "ioc"),
        (soon["id"], "transfer", "due_soon", "ioc"),
    ]
    assert _board(w, "ioc_cw", state="overdue") == [(late["id"], "transfer", "overdue", "ioc")]
    assert _board(w, "ward_cw") == []  # the verification is not due soon
    assert _board(w, "ward_cw", state="pending") == [(sent["id"], "verify", "pending", "police")]
    assert _board(w, "ioc_cw", side="police", state="pending") == [
        (sent["id"], "verify", "pending", "police")
    ]
    assert _board(w, "da_cw", state="pending") == []  # sees none of them

    _round(w)
    _round(w)
    (record,) = details(w, "case.overdue")
    assert (record["kind"], record["article"], record["unit_id"]) == (
        "transfer",
        "DH 11.3a",
        w.unit("ioc"),
    )
    with transaction(w.live.hub.sessions) as s:
        assert s.scalar(select(func.count()).select_from(Incident)) == 1
        incident = s.get(Incident, record["incident_id"])
        assert incident is not None and incident.unit_id == w.unit("ioc")
        assert incident.title.startswith("Quá hạn chuyển dữ liệu vi phạm")
    item = w.get(late["id"])
    assert item["overdue"] is True
    (transfer,) = item["deadlines"]
    assert transfer["incident_id"] == record["incident_id"]

    # The police side's step runs out too: an incident for the ward police.
    w.move_to("2026-02-09T09:00")
    _round(w)
    overdue = details(w, "case.overdue")
    assert [(d["kind"], d["unit_id"]) for d in overdue[1:]] == [
        ("transfer", w.unit("ioc")),  # the draft that was due soon
        ("verify", w.unit("wardA1")),
    ]
    assert _board(w, "ward_cw") == [(sent["id"], "verify", "overdue", "police")]
