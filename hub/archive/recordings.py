# SPDX-License-Identifier: GPL-3.0-or-later
"""The device side of the archive: ONVIF recording search and replay URIs.

The hub asks the camera (Profile G search service, onvif-zeep-async) what it recorded:
``GetRecordingSummary`` for the extent, ``FindRecordings`` for the recording token,
``FindEvents`` twice — once filtered on ``tns1:RecordingHistory`` for the track state
changes (``IsDataPresent`` false/true: the gaps, complete whatever the range), once
for every event (the timeline's markers, capped) — and ``GetReplayUri`` for replay.

Times are Unix seconds inside this module; nothing here logs a URL or a credential.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from lxml import etree
from onvif import ONVIFCamera

from hub.catalog.access import DeviceAccess
from hub.errors import HubError

log = logging.getLogger(__name__)

WSNT = "http://docs.oasis-open.org/wsn/b-2"
TOPICS = "http://www.onvif.org/ver10/topics"
CONCRETE_SET = "http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet"
HISTORY_TOPIC = "tns1:RecordingHistory"
TRACK_STATE = "RecordingHistory/Track/State"
PAGE = 1000
KEEP_ALIVE = "PT30S"
REPLAY_URI_SECONDS = 600.0  # a device's replay URI is reused this long (faster seeks)


@dataclass(frozen=True)
class Marker:
    """An event of the recording: time, short topic, label (a plate or "")."""

    at: float
    kind: str
    label: str


@dataclass
class RecordingSearch:
    """What the device recorded in [start, end] (Unix seconds)."""

    start: float
    end: float
    data_from: float | None
    data_until: float | None
    ranges: list[tuple[float, float]] = field(default_factory=list)
    gaps: list[tuple[float, float, str]] = field(default_factory=list)  # (start, end, kind)
    markers: list[Marker] = field(default_factory=list)
    markers_truncated: bool = False


def _unix(value: Any) -> float:
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).timestamp()
    raise TypeError(f"not a time: {type(value).__name__}")


def _moment(unix_seconds: float) -> datetime:
    return datetime.fromtimestamp(unix_seconds, UTC)


def _topic_filter(text: str) -> etree._Element:
    element = etree.Element(f"{{{WSNT}}}TopicExpression", nsmap={"tns1": TOPICS})
    element.set("Dialect", CONCRETE_SET)
    element.text = text
    return element


@asynccontextmanager
async def onvif_device(device: DeviceAccess) -> AsyncIterator[ONVIFCamera]:
    """An ONVIF client of the device with its services found; closed afterwards.

    Raises:
        HubError: 502 ``camera.unreachable`` when the device does not answer.
    """
    camera = ONVIFCamera(device.host, device.onvif_port, device.username, device.password)
    try:
        try:
            await camera.update_xaddrs()
        except Exception as exc:  # zeep, aiohttp, ONVIFError: all mean "no answer"
            log.warning("camera %s: ONVIF unreachable (%s)", device.code, type(exc).__name__)
            raise HubError(502, "camera.unreachable", {"camera_id": device.camera_id}) from None
        yield camera
    finally:
        await camera.close()


def _simple_items(message: Any, part: str) -> dict[str, str]:
    holder = getattr(message, part, None)
    items = getattr(holder, "SimpleItem", None) or []
    return {str(i.Name): str(i.Value) for i in items}


def _topic_of(result: Any) -> str:
    topic = getattr(result.Event.Topic, "_value_1", None) or ""
    text = str(topic).strip()
    return text.split(":", 1)[1] if ":" in text else text


async def _events(search: Any, request: dict[str, Any], limit: int | None) -> list[Any]:
    """All results of one FindEvents (at most ``limit``), paged, the search ended."""
    if limit is not None:
        request = {**request, "MaxMatches": limit}
    token = await search.FindEvents({"Scope": {}, "KeepAliveTime": KEEP_ALIVE, **request})
    found: list[Any] = []
    try:
        while True:
            page = await search.GetEventSearchResults(
                {"SearchToken": token, "MaxResults": PAGE, "WaitTime": "PT5S"}
            )
            found.extend(page.Result or [])
            if page.SearchState == "Completed":
                return found
    finally:
        try:
            await search.EndSearch({"SearchToken": token})
        except Exception:  # the device forgot it already; nothing to release
            log.debug("EndSearch failed", exc_info=True)


async def _search(
    device: DeviceAccess, start: float, end: float, max_markers: int
) -> RecordingSearch:
    async with onvif_device(device) as camera:
        search = await camera.create_search_service()
        summary = await search.GetRecordingSummary()
        data_from = _unix(summary.DataFrom) if summary.DataFrom else None
        data_until = _unix(summary.DataUntil) if summary.DataUntil else None
        out = RecordingSearch(start, end, data_from, data_until)
        if data_from is None or data_until is None or int(summary.NumberRecordings or 0) == 0:
            out.gaps.append((start, end, "before_recordings"))
            return out
        lo, hi = max(start, data_from), min(end, data_until)
        if start < lo:
            out.gaps.append((start, min(lo, end), "before_recordings"))
        if lo >= hi:
            return out
        # The track states (gaps) and the markers are two searches run side by side;
        # markers newest first, so a capped answer loses the oldest ones.
        history, everything = await asyncio.gather(
            _events(
                search,
                {
                    "StartPoint": _moment(lo),
                    "EndPoint": _moment(hi),
                    "SearchFilter": {"_value_1": [_topic_filter(f"{HISTORY_TOPIC}//.")]},
                    "IncludeStartState": True,
                },
                None,
            ),
            _events(
                search,
                {
                    "StartPoint": _moment(hi),
                    "EndPoint": _moment(lo),
                    "SearchFilter": {},
                    "IncludeStartState": False,
                },
                max_markers + 1,
            ),
        )
        present: bool | None = None
        since = lo
        for result in history:
            if not _topic_of(result).startswith(TRACK_STATE):
                continue
            message = result.Event.Message._value_1
            now_present = _simple_items(message, "Data").get("IsDataPresent") == "true"
            at = min(max(_unix(result.Time), lo), hi)
            if present is None:  # the start state
                present, since = now_present, lo
                continue
            if now_present == present:
                continue
            _close_piece(out, since, at, present)
            present, since = now_present, at
        if present is None:  # a device without track states: all recorded
            present = True
        _close_piece(out, since, hi, present)
        for result in everything:
            topic = _topic_of(result)
            if topic.startswith("RecordingHistory"):
                continue
            data = _simple_items(result.Event.Message._value_1, "Data")
            out.markers.append(Marker(_unix(result.Time), topic, data.get("Plate", "")))
        out.markers_truncated = len(everything) > max_markers
        del out.markers[max_markers:]
        out.markers.reverse()
        out.gaps.sort()
        return out


def _close_piece(out: RecordingSearch, start: float, end: float, present: bool) -> None:
    """Add [start, end) as a recorded range or a gap (nothing for an empty piece)."""
    if end <= start:
        return
    if present:
        out.ranges.append((start, end))
    else:
        out.gaps.append((start, end, "not_recorded"))


async def search_recordings(
    device: DeviceAccess, start: float, end: float, *, wait_seconds: float, max_markers: int
) -> RecordingSearch:
    """What ``device`` recorded in [start, end]: recorded ranges, gaps and markers.

    Raises:
        HubError: 502 ``camera.unreachable`` (no answer) or ``camera.search_failed``
            (the device answered with a fault), 504 ``camera.timeout``.
    """
    try:
        return await asyncio.wait_for(_search(device, start, end, max_markers), wait_seconds)
    except HubError:
        raise
    except TimeoutError:
        raise HubError(504, "camera.timeout", {"camera_id": device.camera_id}) from None
    except Exception as exc:
        log.warning("camera %s: recording search failed (%s)", device.code, type(exc).__name__)
        raise HubError(502, "camera.search_failed", {"camera_id": device.camera_id}) from None


_replay_uris: dict[tuple[int, str], tuple[float, str]] = {}


async def _replay_uri(device: DeviceAccess) -> str:
    async with onvif_device(device) as camera:
        search = await camera.create_search_service()
        token = await search.FindRecordings({"Scope": {}, "KeepAliveTime": KEEP_ALIVE})
        try:
            results = await search.GetRecordingSearchResults(
                {"SearchToken": token, "MaxResults": 10, "WaitTime": "PT5S"}
            )
        finally:
            try:
                await search.EndSearch({"SearchToken": token})
            except Exception:
                log.debug("EndSearch failed", exc_info=True)
        infos = list(results.RecordingInformation or [])
        if not infos:
            raise HubError(409, "camera.no_recording", {"camera_id": device.camera_id})
        replay = await camera.create_replay_service()
        setup = {"Stream": "RTP-Unicast", "Transport": {"Protocol": "RTSP"}}
        uri = await replay.GetReplayUri(
            {"StreamSetup": setup, "RecordingToken": infos[0].RecordingToken}
        )
        return str(uri)


async def replay_uri(device: DeviceAccess, *, wait_seconds: float) -> str:
    """The device's ONVIF replay URI (without credentials), cached for a few minutes.

    Raises:
        HubError: 409 ``camera.no_recording``, 502 ``camera.unreachable`` /
            ``camera.search_failed``, 504 ``camera.timeout``.
    """
    key = (device.camera_id, device.onvif_url)
    cached = _replay_uris.get(key)
    if cached is not None and time.monotonic() - cached[0] < REPLAY_URI_SECONDS:
        return cached[1]
    try:
        uri = await asyncio.wait_for(_replay_uri(device), wait_seconds)
    except HubError:
        raise
    except TimeoutError:
        raise HubError(504, "camera.timeout", {"camera_id": device.camera_id}) from None
    except Exception as exc:
        log.warning("camera %s: GetReplayUri failed (%s)", device.code, type(exc).__name__)
        raise HubError(502, "camera.search_failed", {"camera_id": device.camera_id}) from None
    _replay_uris[key] = (time.monotonic(), uri)
    return uri
