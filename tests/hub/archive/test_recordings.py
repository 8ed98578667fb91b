# SPDX-License-Identifier: GPL-3.0-or-later
"""Recording search and archive depth through the hub, against the simulated fleet."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

from camsim import recordings
from tests.hub.archive.world import ArchiveWorld, audit


def iso(unix_seconds: float) -> str:
    return datetime.fromtimestamp(unix_seconds, UTC).isoformat()


def sim_camera(entry: dict[str, Any]) -> Any:
    """Enough of a SimCamera for camsim.recordings' pure gap functions."""
    spec = SimpleNamespace(index=entry["index"], camera_id=entry["id"])
    return SimpleNamespace(spec=spec, recording_start=entry["recording_start"])


def test_search_returns_recorded_ranges_gaps_and_markers(world: ArchiveWorld) -> None:
    entry, camera_id = world.camera(1)
    sim = sim_camera(entry)
    yesterday = recordings.local_day(time.time()) - 1
    nightly = max(recordings.day_gaps(sim, yesterday), key=lambda g: g.end - g.start)
    start, end = nightly.start - 1800, nightly.end + 1800
    expected_gaps = recordings.gaps_between(sim, start, end)
    with world.client("operator") as http:
        r = http.get(
            f"/api/cameras/{camera_id}/recordings", params={"start": iso(start), "end": iso(end)}
        )
    assert r.status_code == 200, r.text
    body = r.json()
    gaps = [
        (
            datetime.fromisoformat(g["start"]).timestamp(),
            datetime.fromisoformat(g["end"]).timestamp(),
        )
        for g in body["gaps"]
    ]
    assert gaps == [(g.start, g.end) for g in expected_gaps]
    assert all(g["kind"] == "not_recorded" for g in body["gaps"])
    ranges = [
        (
            datetime.fromisoformat(x["start"]).timestamp(),
            datetime.fromisoformat(x["end"]).timestamp(),
        )
        for x in body["ranges"]
    ]
    assert ranges == recordings.recorded_ranges(sim, start, end)
    assert body["markers"], "an hour of recording has analytics events"
    for marker in body["markers"]:
        at = datetime.fromisoformat(marker["at"]).timestamp()
        assert start <= at <= end
        assert not any(g.start <= at < g.end for g in expected_gaps)
    assert body["limit"]["limit_days"] == 7
    [record] = audit(world, "archive.search")
    assert record.object_id == str(camera_id)
    detail = json.loads(record.detail or "{}")
    assert detail["from"] == iso(start) and detail["to"] == iso(end)


def test_depth_clips_the_search_and_refuses_older_grants(world: ArchiveWorld) -> None:
    _entry, camera_id = world.camera(0)
    now = world.live.clock.now()
    with world.client("operator") as http:
        limit = http.get("/api/archive/limits").json()
        assert limit["limit_days"] == 7
        earliest = datetime.fromisoformat(limit["earliest"])
        assert abs((now - timedelta(days=7) - earliest).total_seconds()) < 120
        # A search reaching further back is clipped to the limit.
        r = http.get(
            f"/api/cameras/{camera_id}/recordings",
            params={
                "start": (now - timedelta(days=8)).isoformat(),
                "end": (now - timedelta(days=6, hours=23)).isoformat(),
            },
        )
        assert r.status_code == 200, r.text
        assert datetime.fromisoformat(r.json()["start"]) >= earliest
        # A whole range older than the limit, and a grant starting before it: refused.
        old = now - timedelta(days=8)
        r = http.get(
            f"/api/cameras/{camera_id}/recordings",
            params={"start": old.isoformat(), "end": (old + timedelta(hours=1)).isoformat()},
        )
        assert r.status_code == 403 and r.json()["code"] == "archive.too_old"
        r = http.post(
            f"/api/cameras/{camera_id}/archive-grants",
            json={"start": old.isoformat(), "rate": 1, "stream": "sub"},
        )
        assert r.status_code == 403, r.text
        assert r.json()["code"] == "archive.too_old"
        assert r.json()["detail"]["limit_days"] == 7
    denied = audit(world, "archive.denied")
    assert len(denied) == 2 and all(d.outcome == "denied" for d in denied)
    with world.client("supervisor") as http:
        assert http.get("/api/archive/limits").json()["limit_days"] == 30
        r = http.get(
            f"/api/cameras/{camera_id}/recordings",
            params={"start": old.isoformat(), "end": (old + timedelta(hours=1)).isoformat()},
        )
        assert r.status_code == 200, r.text
    with world.client("ioc_operator") as http:
        assert http.get("/api/archive/limits").json() == {"limit_days": None, "earliest": None}


def test_users_without_the_archive_right_or_scope_are_refused(world: ArchiveWorld) -> None:
    _entry, camera_id = world.camera(0)
    start = datetime.now(UTC) - timedelta(hours=1)
    for user, code in (("auditor", "forbidden"), ("outsider", "scope.out_of_scope")):
        with world.client(user) as http:
            r = http.post(
                f"/api/cameras/{camera_id}/archive-grants",
                json={"start": start.isoformat(), "rate": 1},
            )
            assert r.status_code == 403, r.text
            assert r.json()["code"] == code
            r = http.get(
                f"/api/cameras/{camera_id}/recordings",
                params={"start": start.isoformat(), "end": datetime.now(UTC).isoformat()},
            )
            assert r.status_code == 403
    refused = audit(world, "authz.denied") + audit(world, "scope.denied")
    assert {r.actor for r in refused} >= {"auditor", "outsider"}
    assert not audit(world, "archive.view")


def test_bad_archive_requests_are_clear_errors(world: ArchiveWorld) -> None:
    _entry, camera_id = world.camera(0)
    now = datetime.now(UTC)
    with world.client("operator") as http:
        for body, code in (
            ({"start": (now - timedelta(hours=1)).isoformat(), "rate": 3}, "archive.bad_rate"),
            ({"start": (now + timedelta(hours=1)).isoformat(), "rate": 1}, "archive.in_future"),
            ({"start": "2026-11-27T01:00:00", "rate": 1}, "invalid_input"),  # no zone
        ):
            r = http.post(f"/api/cameras/{camera_id}/archive-grants", json=body)
            assert r.status_code == 422 and r.json()["code"] == code, r.text
        r = http.get(
            f"/api/cameras/{camera_id}/recordings",
            params={"start": now.isoformat(), "end": (now - timedelta(hours=1)).isoformat()},
        )
        assert r.status_code == 422 and r.json()["code"] == "archive.bad_range"
        r = http.get(
            "/api/cameras/999999/recordings",
            params={"start": now.isoformat(), "end": now.isoformat()},
        )
        assert r.status_code in (404, 422)
