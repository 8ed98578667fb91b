# SPDX-License-Identifier: GPL-3.0-or-later
"""What a simulated camera has recorded: ranges, deterministic gaps and event history."""

from __future__ import annotations

import itertools
from datetime import datetime

import pytest

from camsim import recordings
from camsim.camera import CameraSpec, SimCamera
from camsim.scene import VN_TZ

NOW = 1_790_000_000.0  # a fixed "now" (2026-09-21), so every expectation is repeatable
DAY = 86400.0


def make_camera(index: int = 0, days: int = 30) -> SimCamera:
    spec = CameraSpec(
        index=index,
        camera_id=f"cam{index + 1:02d}",
        name=f"Camera {index + 1}",
        kind="dome",
        host="127.0.0.1",
        onvif_port=8000,
        rtsp_port=8001,
        username="admin",
        password="pw",
        recording_days=days,
    )
    return SimCamera(spec, started_at=NOW)


def test_recording_runs_from_start_to_now_minus_gaps() -> None:
    camera = make_camera()
    start = camera.recording_start
    assert start == NOW - 30 * DAY
    ranges = recordings.recorded_ranges(camera, 0, NOW + DAY, now=NOW)
    gaps = recordings.gaps_between(camera, start, NOW)
    assert ranges[0][0] >= start and ranges[-1][1] <= NOW
    recorded = sum(b - a for a, b in ranges)
    missing = sum(g.end - g.start for g in gaps)
    assert recorded + missing == pytest.approx(NOW - start)
    assert 30 * 20 * 60 <= missing < 30 * (20 * 60 + 3 * 240)
    for (_, end), (begin, _) in itertools.pairwise(ranges):
        assert end < begin  # separated by a gap
    assert recordings.recorded_ranges(camera, NOW + 10, NOW + 20, now=NOW) == []
    assert recordings.recorded_ranges(camera, 0, start, now=NOW) == []


def test_every_night_has_a_twenty_minute_gap_at_the_same_local_time() -> None:
    camera = make_camera(index=2)
    first = recordings.local_day(camera.recording_start) + 1
    starts = set()
    for day in range(first, first + 10):
        gaps = recordings.day_gaps(camera, day)
        nightly = [g for g in gaps if g.end - g.start == 20 * 60]
        assert len(nightly) == 1
        local = datetime.fromtimestamp(nightly[0].start, VN_TZ)
        starts.add((local.hour, local.minute))
        short = [g for g in gaps if g not in nightly]
        assert 2 <= len(short) <= 3 and all(30 <= g.end - g.start <= 240 for g in short)
    assert len(starts) == 1
    other = recordings.day_gaps(make_camera(index=1), first)
    assert other != recordings.day_gaps(camera, first)  # cameras differ
    assert recordings.day_gaps(make_camera(index=2), first) == recordings.day_gaps(camera, first)


def test_is_recorded_agrees_with_the_ranges() -> None:
    camera = make_camera()
    t0, t1 = NOW - 2 * DAY, NOW - DAY
    for gap in recordings.gaps_between(camera, t0, t1):
        assert not recordings.is_recorded(camera, gap.start, now=NOW)
        assert not recordings.is_recorded(camera, (gap.start + gap.end) / 2, now=NOW)
        assert recordings.is_recorded(camera, gap.end, now=NOW)
        assert recordings.is_recorded(camera, gap.start - 1, now=NOW)
    assert not recordings.is_recorded(camera, NOW + 1, now=NOW)
    assert not recordings.is_recorded(camera, camera.recording_start - 1, now=NOW)
    earliest, latest = recordings.recording_extent(camera, now=NOW)
    assert recordings.is_recorded(camera, earliest, now=NOW)
    assert latest <= NOW


def test_event_history_is_deterministic_and_carries_vehicle_metadata() -> None:
    camera = make_camera(index=1)
    t0, t1 = NOW - DAY, NOW - DAY + 6 * 3600
    events = recordings.events_between(camera, t0, t1, now=NOW)
    assert events == recordings.events_between(make_camera(index=1), t0, t1, now=NOW)
    analytics = [e for e in events if e.topic != recordings.TRACK_STATE_TOPIC]
    period = recordings.event_period(camera)
    assert len(analytics) > 0.8 * 6 * 3600 / period
    for event in analytics:
        assert t0 <= event.utc_time <= t1
        assert recordings.is_recorded(camera, event.utc_time, now=NOW)
        assert event.data["Plate"].startswith("73")
        assert event.data["VehicleType"] in {name for name, _ in recordings.VEHICLE_TYPES}
        assert event.data["Colour"] in recordings.COLOURS
        assert event.data["Direction"] in recordings.DIRECTIONS
        assert event.data["ObjectId"].isdigit()
    kinds = {e.topic for e in analytics}
    assert len(kinds) == 3
    times = [e.utc_time for e in events]
    assert times == sorted(times)
    backwards = list(recordings.iter_events(camera, t0, t1, now=NOW, reverse=True))
    assert backwards == events[::-1]


def test_gaps_appear_as_track_state_events() -> None:
    camera = make_camera()
    day = recordings.local_day(NOW) - 3
    gaps = recordings.day_gaps(camera, day)
    t0, t1 = gaps[0].start - 60, gaps[-1].end + 60
    states = [
        (e.utc_time, e.data["IsDataPresent"], e.source["Track"])
        for e in recordings.events_between(camera, t0, t1, now=NOW)
        if e.topic == recordings.TRACK_STATE_TOPIC
    ]
    expected = []
    for gap in gaps:
        expected += [(gap.start, "false", "VIDEO001"), (gap.end, "true", "VIDEO001")]
    assert states == expected


def test_live_events_join_the_history() -> None:
    camera = make_camera()
    published = camera.events.publish("intrusion", {"Plate": "73D-246.80"}, utc_time=NOW - 5)
    events = recordings.events_between(camera, NOW - 60, NOW, now=NOW)
    live = [e for e in events if e.data.get("Plate") == "73D-246.80"]
    assert [(e.utc_time, e.topic) for e in live] == [(published.utc_time, published.topic)]
    without = list(recordings.iter_events(camera, NOW - 60, NOW, now=NOW, include_live=False))
    assert len(without) == len(events) - 1


def test_analytics_event_is_plausible() -> None:
    camera = make_camera()
    seen_vehicles = set()
    for n in range(200):
        kind, source, data = recordings.analytics_event(camera, f"k{n}")
        assert source == {"VideoSourceConfigurationToken": "vsc_1", "Rule": kind}
        assert ("IsMotion" in data) == (kind == "motion")
        assert ("IsInside" in data) == (kind == "intrusion")
        seen_vehicles.add(data["VehicleType"])
        if data["VehicleType"] == "Motorcycle":
            assert data["Plate"][:3] == "73-"
        else:
            assert data["Plate"][2].isalpha() and data["Plate"][3] == "-"
        assert 15 <= int(data["Speed"]) <= 70
    assert seen_vehicles == {name for name, _ in recordings.VEHICLE_TYPES}
