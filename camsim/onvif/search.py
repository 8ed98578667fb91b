# SPDX-License-Identifier: GPL-3.0-or-later
"""The ONVIF recording search service (tse): summary, recordings and event history.

Each channel of an NVR has its own recording; a search scoped to recordings
(``Scope/IncludedRecordings``) covers those, an unscoped one every channel's.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator

from camsim import recordings
from camsim.camera import SimCamera
from camsim.onvif.context import Call, SearchJob, Service, service_url
from camsim.onvif.events import notification_message, topic_matches, topic_prefixes
from camsim.onvif.recording import channel_main, track_descriptions
from camsim.onvif.soap import NS, TSE, TT, Element, invalid_arg, qn
from camsim.onvif.values import (
    bool_arg,
    format_datetime,
    int_arg,
    parse_datetime,
    parse_duration,
    required_text,
    text_arg,
)
from camsim.scene import ascii_label

SERVICE = Service("search_service", NS["tse"])
MAX_PAGE = 1000
MAX_KEEP_ALIVE = 3600.0
MAX_SEARCHES = 32


def recording_information(
    camera: SimCamera, channel: int = 1, tag: str = "RecordingInformation"
) -> Element:
    """The ``tt:RecordingInformation`` of a channel's continuous recording."""
    spec = camera.spec
    earliest, latest = recordings.recording_extent(camera)
    tracks = track_descriptions(camera, channel)
    element = (TSE if tag.startswith("tse:") else TT).named(
        tag.removeprefix("tse:"),
        TT.RecordingToken(recordings.recording_token(camera, channel)),
        TT.Source(
            TT.SourceId(service_url(camera, "device_service")),
            TT.Name(spec.name),
            TT.Location(f"{ascii_label(spec.name)} ({spec.latitude:.5f}, {spec.longitude:.5f})"),
            TT.Description(f"{spec.model} {spec.camera_id} channel {channel}"),
            TT.Address(spec.rtsp_url(channel_main(camera, channel))),
        ),
        TT.EarliestRecording(format_datetime(earliest)),
        TT.LatestRecording(format_datetime(latest)),
        TT.Content("Continuous recording"),
        *(
            TT.Track(
                TT.TrackToken(token),
                TT.TrackType(kind),
                TT.Description(description),
                TT.DataFrom(format_datetime(earliest)),
                TT.DataTo(format_datetime(latest)),
            )
            for token, kind, description in tracks
        ),
        TT.RecordingStatus("Recording"),
    )
    return element


def _check_recording(camera: SimCamera, token: str) -> int:
    """The channel of the recording ``token`` names (an InvalidToken fault if none)."""
    channel = recordings.recording_channel(camera, token)
    if channel is None:
        raise invalid_arg(f"No recording {token}", "ter:InvalidToken")
    return channel


def _in_scope(call: Call) -> list[int]:
    """The channels whose recordings the search Scope includes (all when it names none)."""
    wanted = [
        (r.text or "").strip() for r in call.body.findall("tse:Scope/tt:IncludedRecordings", NS)
    ]
    camera = call.camera
    return [
        channel
        for channel in camera.spec.channels
        if not wanted or recordings.recording_token(camera, channel) in wanted
    ]


def _start_search(call: Call, results: Iterator[tuple[float | None, Element]]) -> Element:
    state, now = call.state, time.time()
    for token, job in list(state.searches.items()):
        if job.expires <= now:
            del state.searches[token]
    while len(state.searches) >= MAX_SEARCHES:
        del state.searches[next(iter(state.searches))]
    keep_alive = min(parse_duration(required_text(call.body, "tse:KeepAliveTime")), MAX_KEEP_ALIVE)
    max_matches = int_arg(call.body, "tse:MaxMatches", -1)
    if max_matches >= 0:
        results = itertools.islice(results, max_matches)
    token = f"search{state.new_id()}"
    state.searches[token] = SearchJob(token, results, keep_alive, now + keep_alive)
    return TSE.SearchToken(token)


def _job(call: Call) -> SearchJob:
    token = required_text(call.body, "tse:SearchToken")
    job = call.state.searches.get(token)
    if job is None or job.expires <= time.time():
        call.state.searches.pop(token, None)
        raise invalid_arg(f"No search {token}", "ter:InvalidToken")
    job.expires = time.time() + job.keep_alive
    return job


def _page(call: Call) -> tuple[SearchJob, list[Element], str]:
    job = _job(call)
    count = int_arg(call.body, "tse:MaxResults", MAX_PAGE)
    if count <= 0:
        raise invalid_arg("MaxResults must be positive")
    batch = job.take(min(count, MAX_PAGE))
    for when, _ in batch:
        if when is not None:
            job.reached = when
    return job, [element for _, element in batch], "Completed" if job.complete else "Searching"


@SERVICE.operation("GetServiceCapabilities")
async def _get_service_capabilities(call: Call) -> Element:
    return TSE.GetServiceCapabilitiesResponse(
        TSE.Capabilities({"MetadataSearch": "false", "GeneralStartEvents": "true"})
    )


@SERVICE.operation("GetRecordingSummary")
async def _get_recording_summary(call: Call) -> Element:
    earliest, latest = recordings.recording_extent(call.camera)
    return TSE.GetRecordingSummaryResponse(
        TSE.Summary(
            TT.DataFrom(format_datetime(earliest)),
            TT.DataUntil(format_datetime(latest)),
            TT.NumberRecordings(str(len(call.camera.spec.channels))),
        )
    )


@SERVICE.operation("GetRecordingInformation")
async def _get_recording_information(call: Call) -> Element:
    channel = _check_recording(call.camera, required_text(call.body, "tse:RecordingToken"))
    return TSE.GetRecordingInformationResponse(
        recording_information(call.camera, channel, "tse:RecordingInformation")
    )


@SERVICE.operation("FindRecordings")
async def _find_recordings(call: Call) -> Element:
    found = [(None, recording_information(call.camera, channel)) for channel in _in_scope(call)]
    return TSE.FindRecordingsResponse(_start_search(call, iter(found)))


@SERVICE.operation("GetRecordingSearchResults")
async def _get_recording_search_results(call: Call) -> Element:
    _, results, state = _page(call)
    return TSE.GetRecordingSearchResultsResponse(TSE.ResultList(TT.SearchState(state), *results))


def _event_result(
    camera: SimCamera, event: recordings.RecordedEvent, start_state: bool, channel: int
) -> Element:
    operation = "Initialized" if start_state else ("Changed" if event.is_property else None)
    holder = notification_message(event.topic, event.utc_time, event.source, event.data, operation)
    holder.tag = qn("tt:Event")
    return TT.Result(
        TT.RecordingToken(recordings.recording_token(camera, channel)),
        TT.TrackToken(event.track),
        TT.Time(format_datetime(event.utc_time)),
        holder,
        TT.StartStateEvent("true" if start_state else "false"),
    )


def _event_results(
    camera: SimCamera,
    start: float,
    end: float,
    prefixes: tuple[str, ...],
    start_state: bool,
    channel: int,
) -> Iterator[tuple[float | None, Element]]:
    if start_state and topic_matches(recordings.TRACK_STATE_TOPIC, prefixes):
        present = recordings.is_recorded(camera, start)
        token = recordings.recording_token(camera, channel)
        state = recordings.RecordedEvent(
            start,
            recordings.TRACK_STATE_TOPIC,
            {"RecordingToken": token, "Track": recordings.VIDEO_TRACK},
            {"IsDataPresent": "true" if present else "false"},
            recordings.VIDEO_TRACK,
            True,
        )
        yield start, _event_result(camera, state, True, channel)
    reverse = end < start
    low, high = (end, start) if reverse else (start, end)
    for event in recordings.iter_events(camera, low, high, reverse=reverse, channel=channel):
        if topic_matches(event.topic, prefixes):
            yield event.utc_time, _event_result(camera, event, False, channel)


@SERVICE.operation("FindEvents")
async def _find_events(call: Call) -> Element:
    start = parse_datetime(required_text(call.body, "tse:StartPoint"))
    raw_end = text_arg(call.body, "tse:EndPoint")
    end = parse_datetime(raw_end) if raw_end else time.time()
    prefixes = topic_prefixes(call.body.findall("tse:SearchFilter/wsnt:TopicExpression", NS))
    start_state = bool_arg(call.body, "tse:IncludeStartState", False)
    # One channel's results after another's (each in time order), as an NVR may answer.
    results: Iterator[tuple[float | None, Element]] = itertools.chain.from_iterable(
        _event_results(call.camera, start, end, prefixes, start_state, channel)
        for channel in _in_scope(call)
    )
    return TSE.FindEventsResponse(_start_search(call, results))


@SERVICE.operation("GetEventSearchResults")
async def _get_event_search_results(call: Call) -> Element:
    _, results, state = _page(call)
    return TSE.GetEventSearchResultsResponse(TSE.ResultList(TT.SearchState(state), *results))


@SERVICE.operation("GetSearchState")
async def _get_search_state(call: Call) -> Element:
    job = _job(call)
    return TSE.GetSearchStateResponse(TSE.State("Completed" if job.complete else "Searching"))


@SERVICE.operation("EndSearch")
async def _end_search(call: Call) -> Element:
    job = _job(call)
    del call.state.searches[job.token]
    reached = job.reached if job.reached is not None else time.time()
    return TSE.EndSearchResponse(TSE.Endpoint(format_datetime(reached)))
