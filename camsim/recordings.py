# SPDX-License-Identifier: GPL-3.0-or-later
"""What a simulated camera has recorded: continuous video with deterministic gaps, and events.

A camera records from ``camera.recording_start`` until now, except during gaps: a
20-minute gap every night at a fixed local time (between 02:00 and 04:40 ICT depending
on the camera) and two or three short ones (30 s to 4 min) at times derived from the
camera id and the day. Its analytics raised an event every minute or so while it was
recording; each event carries vehicle metadata (plate, type, colour, direction, speed).
Everything is a pure function of the camera and the time, so any query is repeatable.

An NVR or encoder (several channels at one address) has one recording per channel, each
with its own token, recording job and replay path (``/replay``, ``/ch2/replay``…); the
channels share the device's gaps and events, their pictures say which channel they are.
"""

from __future__ import annotations

import bisect
import hashlib
import heapq
import math
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from camsim.camera import SimCamera
from camsim.events import TOPICS, EventKind

LOCAL_UTC_OFFSET = 7 * 3600  # Asia/Ho_Chi_Minh (ICT), no daylight saving
DAY = 86400
DAILY_GAP_SECONDS = 20 * 60
VIDEO_TRACK = "VIDEO001"
METADATA_TRACK = "META001"
TRACK_STATE_TOPIC = "tns1:RecordingHistory/Track/State"

VEHICLE_TYPES = (  # (type, weight): motorcycles dominate Vietnamese traffic
    ("Motorcycle", 45),
    ("Car", 33),
    ("Van", 8),
    ("Truck", 8),
    ("Bus", 6),
)
COLOURS = ("White", "Black", "Silver", "Grey", "Red", "Blue", "Yellow", "Green")
DIRECTIONS = ("LeftToRight", "RightToLeft")
PLATE_SERIES = "ABCDEFGHKLMNPSTUVXYZ"
KINDS: tuple[tuple[EventKind, int], ...] = (
    ("line_crossing", 50),
    ("motion", 30),
    ("intrusion", 20),
)


@dataclass(frozen=True)
class Gap:
    """A time range the camera did not record (unix seconds, end exclusive)."""

    start: float
    end: float


@dataclass(frozen=True)
class RecordedEvent:
    """An event in the camera's history, as a recording search returns it."""

    utc_time: float
    topic: str  # "tns1:…" topic expression
    source: Mapping[str, str]
    data: Mapping[str, str]
    track: str
    is_property: bool


def recording_token(camera: SimCamera, channel: int = 1) -> str:
    """The token of a channel's continuous recording: ``rec_cam01``, ``rec_cam01_ch2``…"""
    suffix = "" if channel == 1 else f"_ch{channel}"
    return f"rec_{camera.spec.camera_id}{suffix}"


def job_token(camera: SimCamera, channel: int = 1) -> str:
    """The token of the recording job that records a channel."""
    suffix = "" if channel == 1 else f"_ch{channel}"
    return f"job_{camera.spec.camera_id}{suffix}"


def recording_channel(camera: SimCamera, token: str) -> int | None:
    """The channel whose recording ``token`` names, or None when the device has none."""
    for channel in camera.spec.channels:
        if token == recording_token(camera, channel):
            return channel
    return None


def _digest(*parts: object) -> bytes:
    return hashlib.sha256(":".join(str(p) for p in parts).encode()).digest()


def local_day(unix_seconds: float) -> int:
    """The ICT day number (days since 1970-01-01 local) of an instant."""
    return math.floor((unix_seconds + LOCAL_UTC_OFFSET) / DAY)


def day_gaps(camera: SimCamera, day: int) -> list[Gap]:
    """The gaps of one local day (``day`` counts ICT days since 1970-01-01), sorted.

    Args:
        camera: The camera.
        day: The local day number.

    Returns:
        The nightly 20-minute gap and the day's short gaps, overlaps merged.
    """
    spec = camera.spec
    midnight = day * DAY - LOCAL_UTC_OFFSET
    nightly = midnight + (2 + spec.index % 3) * 3600 + (spec.index * 13 % 40) * 60
    gaps = [Gap(nightly, nightly + DAILY_GAP_SECONDS)]
    digest = _digest(spec.camera_id, "gaps", day)
    for i in range(2 + digest[0] % 2):
        offset = 6 * 3600 + int.from_bytes(digest[1 + 4 * i : 5 + 4 * i], "big") % (17 * 3600)
        length = 30 + digest[20 + i] % 211
        gaps.append(Gap(midnight + offset, midnight + offset + length))
    return _merge(gaps)


def _merge(gaps: list[Gap]) -> list[Gap]:
    merged: list[Gap] = []
    for gap in sorted(gaps, key=lambda g: g.start):
        if merged and gap.start <= merged[-1].end:
            merged[-1] = Gap(merged[-1].start, max(merged[-1].end, gap.end))
        else:
            merged.append(gap)
    return merged


def _gaps_touching(camera: SimCamera, t0: float, t1: float) -> list[Gap]:
    """Whole gaps that overlap [t0, t1] or start at t1 (not clipped)."""
    gaps: list[Gap] = []
    for day in range(local_day(t0) - 1, local_day(t1) + 1):
        gaps.extend(g for g in day_gaps(camera, day) if g.end > t0 and g.start <= t1)
    return _merge(gaps)


def gaps_between(camera: SimCamera, t0: float, t1: float) -> list[Gap]:
    """The gaps inside [t0, t1], clipped to it, in time order."""
    clipped = (Gap(max(g.start, t0), min(g.end, t1)) for g in _gaps_touching(camera, t0, t1))
    return [g for g in clipped if g.start < g.end]


def recorded_ranges(
    camera: SimCamera, t0: float, t1: float, now: float | None = None
) -> list[tuple[float, float]]:
    """The recorded parts of [t0, t1] as (start, end) unix-second pairs, in time order.

    Args:
        camera: The camera.
        t0: Start of the range (unix seconds).
        t1: End of the range (unix seconds).
        now: The present (nothing is recorded after it); the current time by default.

    Returns:
        The ranges between ``camera.recording_start`` and ``now`` that are not gaps.
    """
    now = time.time() if now is None else now
    lo, hi = max(t0, camera.recording_start), min(t1, now)
    if lo >= hi:
        return []
    ranges: list[tuple[float, float]] = []
    cursor = lo
    for gap in gaps_between(camera, lo, hi):
        if gap.start > cursor:
            ranges.append((cursor, gap.start))
        cursor = max(cursor, gap.end)
    if cursor < hi:
        ranges.append((cursor, hi))
    return ranges


def is_recorded(camera: SimCamera, unix_seconds: float, now: float | None = None) -> bool:
    """Whether the camera has video of the instant ``unix_seconds``."""
    now = time.time() if now is None else now
    if not camera.recording_start <= unix_seconds <= now:
        return False
    gaps = _gaps_touching(camera, unix_seconds, unix_seconds)
    return not any(g.start <= unix_seconds < g.end for g in gaps)


def recording_extent(camera: SimCamera, now: float | None = None) -> tuple[float, float]:
    """(earliest, latest) recorded instants: DataFrom and DataUntil of the recording."""
    now = time.time() if now is None else now
    start = camera.recording_start
    first = recorded_ranges(camera, start, min(now, start + 2 * DAY), now)
    last = recorded_ranges(camera, max(start, now - 2 * DAY), now, now)
    if not first or not last:
        return start, start
    return first[0][0], last[-1][1]


def event_period(camera: SimCamera) -> float:
    """Mean seconds between two analytics events in the camera's history (60-90 s)."""
    return 60.0 + 10.0 * (camera.spec.index % 4)


def _pick(weighted: tuple[tuple[str, int], ...], value: int) -> str:
    total = sum(w for _, w in weighted)
    point = value % total
    for name, weight in weighted:
        if point < weight:
            return name
        point -= weight
    return weighted[-1][0]


def analytics_event(
    camera: SimCamera, key: str
) -> tuple[EventKind, dict[str, str], dict[str, str]]:
    """A plausible analytics event (kind, source items, data items) derived from ``key``.

    Args:
        camera: The camera that raises it.
        key: Anything unique per event (a history slot, a live counter).

    Returns:
        The event kind and its Source and Data simple items (plate, vehicle type, …).
    """
    d = _digest(camera.spec.camera_id, "event", key)
    picked = _pick(KINDS, d[0])
    kind = next(name for name, _ in KINDS if name == picked)
    vehicle = _pick(VEHICLE_TYPES, d[1])
    number = int.from_bytes(d[2:5], "big") % 100000
    series = PLATE_SERIES[d[5] % len(PLATE_SERIES)]
    if vehicle == "Motorcycle":
        plate = f"73-{series}{1 + d[6] % 9} {number // 100:03d}.{number % 100:02d}"
    else:
        plate = f"73{series}-{number // 100:03d}.{number % 100:02d}"
    data = {
        "ObjectId": str(int.from_bytes(d[7:10], "big") % 1000000),
        "Plate": plate,
        "VehicleType": vehicle,
        "Colour": COLOURS[d[10] % len(COLOURS)],
        "Direction": DIRECTIONS[d[11] % len(DIRECTIONS)],
        "Speed": str(15 + d[12] % 56),
    }
    if kind == "motion":
        data = {"IsMotion": "true", **data}
    elif kind == "intrusion":
        data = {"IsInside": "true", **data}
    source = {"VideoSourceConfigurationToken": "vsc_1", "Rule": kind}
    return kind, source, data


def _slot_events(
    camera: SimCamera, lo: float, hi: float, gaps: list[Gap], reverse: bool
) -> Iterator[RecordedEvent]:
    period = event_period(camera)
    starts = [g.start for g in gaps]
    first, last = math.floor(lo / period), math.floor(hi / period)
    slots = range(last, first - 1, -1) if reverse else range(first, last + 1)
    for slot in slots:
        d = _digest(camera.spec.camera_id, "slot", slot)
        when = slot * period + (int.from_bytes(d[:4], "big") % 800) / 1000 * period
        if not lo <= when <= hi:
            continue
        i = bisect.bisect_right(starts, when) - 1
        if i >= 0 and when < gaps[i].end:
            continue
        kind, source, data = analytics_event(camera, f"slot{slot}")
        yield RecordedEvent(
            when, TOPICS[kind], source, data, METADATA_TRACK, kind != "line_crossing"
        )


def _gap_events(
    camera: SimCamera, lo: float, hi: float, gaps: list[Gap], channel: int
) -> list[RecordedEvent]:
    source = {"RecordingToken": recording_token(camera, channel), "Track": VIDEO_TRACK}
    events = []
    for gap in gaps:
        for when, present in ((gap.start, "false"), (gap.end, "true")):
            if lo <= when <= hi:
                data = {"IsDataPresent": present}
                events.append(
                    RecordedEvent(when, TRACK_STATE_TOPIC, source, data, VIDEO_TRACK, True)
                )
    return events


def iter_events(
    camera: SimCamera,
    t0: float,
    t1: float,
    now: float | None = None,
    reverse: bool = False,
    include_live: bool = True,
    channel: int = 1,
) -> Iterator[RecordedEvent]:
    """The camera's events in [t0, t1], oldest first (newest first if ``reverse``).

    Args:
        camera: The camera.
        t0: Start of the range (unix seconds).
        t1: End of the range (unix seconds).
        now: The present; the current time by default.
        reverse: Newest first.
        include_live: Also the events published on ``camera.events`` in the range.
        channel: The channel whose recording it is (its token in the Track/State events).

    Yields:
        Analytics events while the camera was recording, the Track/State events of each
        gap (``IsDataPresent`` false at its start, true at its end), and the live ones.
    """
    now = time.time() if now is None else now
    lo, hi = max(t0, camera.recording_start), min(t1, now)
    if lo > hi:
        return
    gaps = _gaps_touching(camera, lo, hi)
    gap_events = sorted(_gap_events(camera, lo, hi, gaps, channel), key=lambda e: e.utc_time)
    live: list[RecordedEvent] = []
    if include_live:
        live = [
            RecordedEvent(
                e.utc_time, e.topic, e.source, e.data, METADATA_TRACK, e.kind != "line_crossing"
            )
            for e in camera.events.since(0, limit=camera.events.keep)
            if lo <= e.utc_time <= hi
        ]
        live.sort(key=lambda e: e.utc_time)
    if reverse:
        gap_events.reverse()
        live.reverse()
    yield from heapq.merge(
        _slot_events(camera, lo, hi, gaps, reverse),
        gap_events,
        live,
        key=lambda e: e.utc_time,
        reverse=reverse,
    )


def events_between(
    camera: SimCamera, t0: float, t1: float, now: float | None = None
) -> list[RecordedEvent]:
    """Every event of the camera in [t0, t1], oldest first (see :func:`iter_events`)."""
    return list(iter_events(camera, t0, t1, now))
