# SPDX-License-Identifier: GPL-3.0-or-later
"""The device side of the archive: ONVIF recording search and replay URIs.

**Which recording.** A device may hold several recordings: an NVR or encoder records
each channel into its own, and a camera of an NVR's channel must never be shown another
channel's footage. The camera's recording is found the ONVIF way (:func:`find_recording`):
the recording whose recording job (``GetRecordingJobs``) takes its source from one of
the camera's media profiles or its video source, else the one whose configured source
(``GetRecordings``, or the search service's ``FindRecordings`` on a device without
recording control) names them; a device with a single video source records nothing
else, so its (first) recording is the camera's. A device with several video sources
and no recording of this camera's channel is refused: 409
``camera.no_channel_recording``. The token found is kept on the camera
(``cameras.recording_token``) and found again when the device no longer knows it.

The hub asks the camera (Profile G search service, onvif-zeep-async) what that
recording holds: ``GetRecordingInformation`` for its extent, ``FindEvents`` scoped to
it twice — once filtered on ``tns1:RecordingHistory`` for the track state changes
(``IsDataPresent`` false/true: the gaps, complete whatever the range), once for every
event (the timeline's markers, capped); results naming another recording are dropped
(a device that ignores the scope) — and ``GetReplayUri`` for its replay.

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
from hub.catalog.onvif_client import onvif_client
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
    recording_token: str = ""  # the recording searched (the camera's channel's)


@dataclass(frozen=True)
class ChannelRecording:
    """Which of its device's recordings is a camera's: what the camera is on the device.

    Attributes:
        camera_id: the camera.
        channel: its video source token (``""``: not said, a device's first or only).
        profiles: its media profile tokens, main first (``""`` ones left out).
        known: the recording token found before (``""``: none yet).
    """

    camera_id: int
    channel: str
    profiles: tuple[str, ...]
    known: str = ""

    @property
    def tokens(self) -> tuple[str, ...]:
        """The tokens that name this camera on its device, the preferred first."""
        named = (*self.profiles[:1], self.channel, *self.profiles[1:])
        return tuple(dict.fromkeys(t for t in named if t))


@dataclass(frozen=True)
class Replay:
    """A recording's replay URI (without credentials) and the recording it replays."""

    uri: str
    recording_token: str


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
    camera = onvif_client(device.onvif_url, device.username, device.password)
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
    token = await search.FindEvents({"KeepAliveTime": KEEP_ALIVE, **request})
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


def match_recording(
    wanted: tuple[str, ...],
    jobs: list[tuple[str, list[str]]],
    sources: list[tuple[str, list[str]]],
) -> str | None:
    """The recording that records one of the ``wanted`` tokens (a camera's profiles or
    video source, preferred first), as the device says: by a recording job's sources,
    else by a recording's configured source. ``None`` when none does.

    Args:
        wanted: the camera's tokens, the preferred first (:attr:`ChannelRecording.tokens`).
        jobs: (recording token, source tokens) of each recording job.
        sources: (recording token, source identifiers and names) of each recording.
    """
    for said in (jobs, sources):
        for token in wanted:
            for recording, named in said:
                if recording and token in named:
                    return recording
    return None


def _text(value: Any) -> str:
    return str(value).strip() if value is not None else ""


async def _recordings_and_jobs(
    camera: ONVIFCamera,
) -> tuple[list[str], list[tuple[str, list[str]]], list[tuple[str, list[str]]]]:
    """The device's recording tokens, its jobs' sources and its recordings' sources."""
    try:
        control = await camera.create_recording_service()
        items = list(await control.GetRecordings() or [])
    except Exception:  # no recording control service: the search service's list
        log.debug("GetRecordings failed; reading FindRecordings", exc_info=True)
        items = await _find_recordings(camera)
        control = None
    tokens = [_text(i.RecordingToken) for i in items]
    sources = []
    for item in items:
        source = getattr(getattr(item, "Configuration", None), "Source", None) or getattr(
            item, "Source", None
        )
        named = [_text(getattr(source, part, None)) for part in ("SourceId", "Name")]
        sources.append((_text(item.RecordingToken), [n for n in named if n]))
    jobs: list[tuple[str, list[str]]] = []
    if control is not None:
        try:
            for job in await control.GetRecordingJobs() or []:
                config = job.JobConfiguration
                names = [
                    _text(getattr(src.SourceToken, "Token", None)) for src in config.Source or []
                ]
                jobs.append((_text(config.RecordingToken), [n for n in names if n]))
        except Exception:  # a device without jobs to show: sources only
            log.debug("GetRecordingJobs failed", exc_info=True)
    return tokens, jobs, sources


async def _find_recordings(camera: ONVIFCamera) -> list[Any]:
    search = await camera.create_search_service()
    token = await search.FindRecordings({"Scope": {}, "KeepAliveTime": KEEP_ALIVE})
    try:
        results = await search.GetRecordingSearchResults(
            {"SearchToken": token, "MaxResults": 100, "WaitTime": "PT5S"}
        )
    finally:
        try:
            await search.EndSearch({"SearchToken": token})
        except Exception:
            log.debug("EndSearch failed", exc_info=True)
    return list(results.RecordingInformation or [])


async def _video_sources(camera: ONVIFCamera) -> int | None:
    """How many video sources (channels) the device has; ``None`` when it does not say."""
    try:
        media = await camera.create_media_service()
        return len(await media.GetVideoSources() or [])
    except Exception:
        log.debug("GetVideoSources failed", exc_info=True)
        return None


async def find_recording(
    camera: ONVIFCamera, device: DeviceAccess, channel: ChannelRecording
) -> str:
    """The token of the camera's recording on its device (see the module doc).

    Raises:
        HubError: 409 ``camera.no_recording`` (the device has none),
            ``camera.no_channel_recording`` (none of this camera's channel).
    """
    tokens, jobs, sources = await _recordings_and_jobs(camera)
    tokens = [t for t in tokens if t]
    if not tokens:
        raise HubError(409, "camera.no_recording", {"camera_id": device.camera_id})
    found = match_recording(channel.tokens, jobs, sources)
    if found is not None and found in tokens:
        return found
    count = await _video_sources(camera)
    single = count <= 1 if count is not None else len(tokens) == 1
    if single:
        return tokens[0]  # one video source: whatever it records is this camera's
    log.warning("camera %s: no recording of its channel on the device", device.code)
    raise HubError(
        409,
        "camera.no_channel_recording",
        {"camera_id": device.camera_id, "channel": channel.channel or None},
    )


def _is_unknown_recording(exc: Exception) -> bool:
    """Whether a device fault says it knows no such recording (a token gone stale)."""
    text = f"{getattr(exc, 'message', '')} {getattr(exc, 'code', '')} {exc}"
    return any(word in text for word in ("NoRecording", "InvalidToken", "No recording"))


async def _search(
    device: DeviceAccess,
    channel: ChannelRecording,
    start: float,
    end: float,
    max_markers: int,
) -> RecordingSearch:
    async with onvif_device(device) as camera:
        search = await camera.create_search_service()
        recording = channel.known or await find_recording(camera, device, channel)
        try:
            info = await search.GetRecordingInformation({"RecordingToken": recording})
        except Exception as exc:
            if not channel.known or not _is_unknown_recording(exc):
                raise
            recording = await find_recording(camera, device, channel)  # the token went stale
            info = await search.GetRecordingInformation({"RecordingToken": recording})
        data_from = _unix(info.EarliestRecording) if info.EarliestRecording else None
        data_until = _unix(info.LatestRecording) if info.LatestRecording else None
        out = RecordingSearch(start, end, data_from, data_until, recording_token=recording)
        if data_from is None or data_until is None:
            out.gaps.append((start, end, "before_recordings"))
            return out
        lo, hi = max(start, data_from), min(end, data_until)
        if start < lo:
            out.gaps.append((start, min(lo, end), "before_recordings"))
        if lo >= hi:
            return out
        # The track states (gaps) and the markers are two searches run side by side;
        # markers newest first, so a capped answer loses the oldest ones.
        scope = {"IncludedRecordings": [recording]}
        history, everything = await asyncio.gather(
            _events(
                search,
                {
                    "Scope": scope,
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
                    "Scope": scope,
                    "StartPoint": _moment(hi),
                    "EndPoint": _moment(lo),
                    "SearchFilter": {},
                    "IncludeStartState": False,
                },
                max_markers + 1,
            ),
        )
        # A device that ignores the scope: results of another recording are not ours.
        history = [r for r in history if _of_recording(r, recording)]
        everything = [r for r in everything if _of_recording(r, recording)]
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


def _of_recording(result: Any, recording: str) -> bool:
    said = _text(getattr(result, "RecordingToken", None))
    return not said or said == recording


def _close_piece(out: RecordingSearch, start: float, end: float, present: bool) -> None:
    """Add [start, end) as a recorded range or a gap (nothing for an empty piece)."""
    if end <= start:
        return
    if present:
        out.ranges.append((start, end))
    else:
        out.gaps.append((start, end, "not_recorded"))


async def search_recordings(
    device: DeviceAccess,
    channel: ChannelRecording,
    start: float,
    end: float,
    *,
    wait_seconds: float,
    max_markers: int,
) -> RecordingSearch:
    """What the camera's recording holds in [start, end]: recorded ranges, gaps, markers.

    Raises:
        HubError: 409 ``camera.no_recording`` / ``camera.no_channel_recording``; 502
            ``camera.unreachable`` (no answer) or ``camera.search_failed`` (the device
            answered with a fault), 504 ``camera.timeout``.
    """
    try:
        return await asyncio.wait_for(
            _search(device, channel, start, end, max_markers), wait_seconds
        )
    except HubError:
        raise
    except TimeoutError:
        raise HubError(504, "camera.timeout", {"camera_id": device.camera_id}) from None
    except Exception as exc:
        log.warning("camera %s: recording search failed (%s)", device.code, type(exc).__name__)
        raise HubError(502, "camera.search_failed", {"camera_id": device.camera_id}) from None


_replay_uris: dict[tuple[int, str, str], tuple[float, Replay]] = {}


async def _replay_uri(device: DeviceAccess, channel: ChannelRecording) -> Replay:
    async with onvif_device(device) as camera:
        replay = await camera.create_replay_service()
        setup = {"Stream": "RTP-Unicast", "Transport": {"Protocol": "RTSP"}}
        recording = channel.known or await find_recording(camera, device, channel)
        try:
            uri = await replay.GetReplayUri({"StreamSetup": setup, "RecordingToken": recording})
        except Exception as exc:
            if not channel.known or not _is_unknown_recording(exc):
                raise
            recording = await find_recording(camera, device, channel)  # the token went stale
            uri = await replay.GetReplayUri({"StreamSetup": setup, "RecordingToken": recording})
        return Replay(str(uri), recording)


async def replay_uri(
    device: DeviceAccess, channel: ChannelRecording, *, wait_seconds: float
) -> Replay:
    """The replay URI (without credentials) of the camera's recording, cached a few minutes.

    Raises:
        HubError: 409 ``camera.no_recording`` / ``camera.no_channel_recording``, 502
            ``camera.unreachable`` / ``camera.search_failed``, 504 ``camera.timeout``.
    """
    key = (device.camera_id, device.onvif_url, "|".join((channel.known, *channel.tokens)))
    cached = _replay_uris.get(key)
    if cached is not None and time.monotonic() - cached[0] < REPLAY_URI_SECONDS:
        return cached[1]
    try:
        found = await asyncio.wait_for(_replay_uri(device, channel), wait_seconds)
    except HubError:
        raise
    except TimeoutError:
        raise HubError(504, "camera.timeout", {"camera_id": device.camera_id}) from None
    except Exception as exc:
        log.warning("camera %s: GetReplayUri failed (%s)", device.code, type(exc).__name__)
        raise HubError(502, "camera.search_failed", {"camera_id": device.camera_id}) from None
    _replay_uris[key] = (time.monotonic(), found)
    return found
