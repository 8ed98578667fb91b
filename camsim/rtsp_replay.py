# SPDX-License-Identifier: GPL-3.0-or-later
"""What a replay asks for: start time and speed, from a URL query or an ONVIF clock range.

``rtsp://host:port/replay?start=2026-11-27T01:02:03Z&scale=4&stream=sub`` — ``start`` is
ISO 8601 (or the ONVIF compact ``20261127T010203Z``, or Unix seconds), ``scale`` the
speed (0 < scale ≤ 64), ``stream`` ``main`` (default) or ``sub``. A start before the
camera's recordings begin is moved to their beginning; a start in the future is refused.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import parse_qs

SECOND = 1_000_000_000  # nanoseconds, as Gst.SECOND
NTP_UNIX_OFFSET = 2_208_988_800  # seconds from 1900-01-01 to 1970-01-01
# Seek positions above this (year 1970 in NTP nanoseconds) are absolute clock times.
NTP_THRESHOLD_NS = NTP_UNIX_OFFSET * SECOND
MAX_SCALE = 64.0
FUTURE_SLACK = 5.0  # seconds a replay may start "in the future" (clock skew)


class ReplayRequestError(ValueError):
    """A replay request the camera refuses (bad syntax or a time in the future)."""


@dataclass(frozen=True)
class ReplayRequest:
    """Where a replay starts (Unix seconds), how fast it runs and which stream it uses."""

    start: float
    scale: float = 1.0
    stream: str = "main"


def parse_time(text: str) -> float:
    """Unix seconds of an ISO 8601 / ONVIF compact UTC time, or of a plain number.

    Args:
        text: ``2026-11-27T01:02:03Z``, ``20261127T010203Z`` (optionally with
            fractional seconds or an offset) or Unix seconds such as ``1795740123.5``.

    Raises:
        ReplayRequestError: the text is not a time.
    """
    text = text.strip()
    try:
        return float(text)
    except ValueError:
        pass
    iso = text.replace("Z", "+00:00").replace("z", "+00:00")
    if len(iso) >= 15 and iso[8] in "Tt" and iso[:8].isdigit():  # compact ONVIF form
        iso = f"{iso[0:4]}-{iso[4:6]}-{iso[6:8]}T{iso[9:11]}:{iso[11:13]}:{iso[13:]}"
    try:
        parsed = datetime.fromisoformat(iso)
    except ValueError as exc:
        raise ReplayRequestError(f"not a time: {text!r}") from exc
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.timestamp()


def parse_replay_query(query: str | None, default_start: float) -> ReplayRequest:
    """The replay a URL query (``start=…&scale=…&stream=…``) asks for, as given.

    Args:
        query: the URL's query string without ``?`` (``None`` when there is none).
        default_start: the start when the query names none.

    Raises:
        ReplayRequestError: a malformed time or scale.
    """
    params = parse_qs(query or "", keep_blank_values=True)
    start = default_start
    scale = 1.0
    stream = params["stream"][0] if params.get("stream") else "main"
    if stream not in ("main", "sub"):
        raise ReplayRequestError(f"no such stream: {stream!r}")
    if params.get("start"):
        start = parse_time(params["start"][0])
    if params.get("scale"):
        try:
            scale = float(params["scale"][0])
        except ValueError as exc:
            raise ReplayRequestError(f"not a scale: {params['scale'][0]!r}") from exc
    if not 0.0 < scale <= MAX_SCALE:
        raise ReplayRequestError(f"scale out of range (0, {MAX_SCALE}]: {scale}")
    return ReplayRequest(start=start, scale=scale, stream=stream)


def ntp_ns_to_unix(ns: int) -> float:
    """Unix seconds of a time in nanoseconds since 1900-01-01."""
    return ns / SECOND - NTP_UNIX_OFFSET


def unix_to_ntp_ns(unix_seconds: float) -> int:
    """Nanoseconds since 1900-01-01 of a Unix time."""
    return round((unix_seconds + NTP_UNIX_OFFSET) * SECOND)


def resolve_replay(
    query: str | None, recording_start: float, now: float | None = None
) -> ReplayRequest:
    """The replay a camera runs for a URL query: checked, and clamped to its recordings.

    Args:
        query: the URL's query string (a control suffix such as ``/stream=0`` is ignored).
        recording_start: Unix time the camera's recordings begin; also the default start.
        now: the current Unix time (default: the clock).

    Raises:
        ReplayRequestError: malformed, or a start in the future.
    """
    now = time.time() if now is None else now
    request = parse_replay_query(strip_control(query), default_start=recording_start)
    if request.start > now + FUTURE_SLACK:
        raise ReplayRequestError("replay start is in the future")
    start = min(max(request.start, recording_start), now)
    return ReplayRequest(start=start, scale=request.scale, stream=request.stream)


def strip_control(query: str | None) -> str | None:
    """A replay URL's query without a control suffix (``…&scale=4/stream=0``)."""
    if not query:
        return query
    return query.split("/", 1)[0]
