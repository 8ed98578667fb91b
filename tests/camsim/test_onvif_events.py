# SPDX-License-Identifier: GPL-3.0-or-later
"""The simulated camera's events, recording search and replay, driven with onvif-zeep-async."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Coroutine
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import pytest
import zeep.exceptions
from lxml import etree

from camsim import recordings
from camsim.onvif.server import RunningOnvif
from camsim.testing import wait_until

T = TypeVar("T")
Connect = Callable[..., Any]
TT = "http://www.onvif.org/ver10/schema"
WSNT = "http://docs.oasis-open.org/wsn/b-2"
TOPICS = "http://www.onvif.org/ver10/topics"
PULLPOINT = "http://www.onvif.org/ver10/events/wsdl/PullPointSubscription"
CONCRETE_SET = "http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet"
LINE = "tns1:RuleEngine/LineDetector/Crossed"

pytestmark = pytest.mark.usefixtures("onvif_strict")


def run(coro: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(asyncio.wait_for(coro, 60))


def topic_expression(text: str) -> etree._Element:
    element = etree.Element(f"{{{WSNT}}}TopicExpression", nsmap={"tns1": TOPICS})
    element.set("Dialect", CONCRETE_SET)
    element.text = text
    return element


def items(message: Any, part: str) -> dict[str, str]:
    """SimpleItems (Name → Value) of a ``tt:Message``'s Source or Data, as zeep parsed it."""
    return {i.Name: i.Value for i in getattr(message, part).SimpleItem}


def tt_message(notification: Any) -> Any:
    """The ``tt:Message`` inside a NotificationMessage's ``wsnt:Message``."""
    return notification.Message._value_1


def moment(unix_seconds: float) -> datetime:
    return datetime.fromtimestamp(unix_seconds, UTC)


def test_event_properties_describe_the_topics(
    onvif_dome: RunningOnvif, onvif_connect: Connect
) -> None:
    async def scenario() -> None:
        async with onvif_connect(onvif_dome) as cam:
            events = await cam.create_events_service()
            answer = await events.GetEventProperties()
            assert answer.FixedTopicSet is True
            assert CONCRETE_SET in answer.TopicExpressionDialect
            roots = {etree.QName(e).localname: e for e in answer.TopicSet._value_1}
            assert {"RuleEngine", "RecordingHistory"} <= set(roots)
            motion = roots["RuleEngine"].find("CellMotionDetector/Motion")
            assert motion is not None and motion.get(f"{{{WSNT.replace('b-2', 't-1')}}}topic")
            description = motion.find(f"{{{TT}}}MessageDescription")
            assert description is not None and description.get("IsProperty") == "true"
            data = [d.get("Name") for d in description.iterfind(f"{{{TT}}}Data/*")]
            assert {"IsMotion", "Plate", "VehicleType", "Colour", "ObjectId"} <= set(data)
            line = roots["RuleEngine"].find("LineDetector/Crossed")
            assert line is not None
            assert line.find(f"{{{TT}}}MessageDescription").get("IsProperty") == "false"

    run(scenario())


def test_pull_point_long_polls_for_published_events(
    onvif_dome: RunningOnvif, onvif_connect: Connect
) -> None:
    camera = onvif_dome.camera

    async def scenario() -> None:
        async with onvif_connect(onvif_dome) as cam:
            manager = await cam.create_pullpoint_manager(timedelta(seconds=60), lambda: None)
            pullpoint = manager.get_service()
            plate = {"Plate": "73A-123.45", "VehicleType": "Car", "Colour": "Red"}
            loop = asyncio.get_running_loop()
            loop.call_later(0.3, lambda: camera.events.publish("line_crossing", plate))
            began = time.monotonic()
            answer = await pullpoint.PullMessages(
                {"Timeout": timedelta(seconds=20), "MessageLimit": 10}
            )
            assert time.monotonic() - began < 10  # answered when the event came
            assert answer.TerminationTime > answer.CurrentTime
            [notification] = answer.NotificationMessage
            assert notification.Topic._value_1 == LINE
            assert notification.Topic.Dialect == CONCRETE_SET
            message = tt_message(notification)
            assert items(message, "Data") == plate
            assert items(message, "Source")["VideoSourceConfigurationToken"] == "vsc_1"

            for n in range(3):
                camera.events.publish("motion", {"IsMotion": "true", "ObjectId": str(n)})
            first = await pullpoint.PullMessages(
                {"Timeout": timedelta(seconds=5), "MessageLimit": 2}
            )
            rest = await pullpoint.PullMessages(
                {"Timeout": timedelta(seconds=5), "MessageLimit": 2}
            )
            got = [items(tt_message(m), "Data")["ObjectId"] for m in first.NotificationMessage]
            got += [items(tt_message(m), "Data")["ObjectId"] for m in rest.NotificationMessage]
            assert got == ["0", "1", "2"]
            began = time.monotonic()
            empty = await pullpoint.PullMessages(
                {"Timeout": timedelta(seconds=0.3), "MessageLimit": 10}
            )
            assert empty.NotificationMessage == [] and time.monotonic() - began >= 0.3
            await manager.shutdown()  # Unsubscribe
            assert onvif_dome.camera.faults.offline() is False

    run(scenario())


def test_filtered_subscription_renew_and_unsubscribe(
    onvif_dome: RunningOnvif, onvif_connect: Connect
) -> None:
    camera = onvif_dome.camera

    async def scenario() -> None:
        async with onvif_connect(onvif_dome) as cam:
            events = await cam.create_events_service()
            subscription = await events.CreatePullPointSubscription(
                {
                    "Filter": {"_value_1": [topic_expression("tns1:RuleEngine/LineDetector//.")]},
                    "InitialTerminationTime": "PT30S",
                }
            )
            created = subscription.TerminationTime - subscription.CurrentTime
            assert abs(created.total_seconds() - 30) < 2
            address = subscription.SubscriptionReference.Address._value_1
            assert address.startswith(f"{onvif_dome.base_url}/pullpoint/")
            cam.xaddrs[PULLPOINT] = address
            pullpoint = await cam.create_pullpoint_service()
            camera.events.publish("motion", {"IsMotion": "true"})
            camera.events.publish("line_crossing", {"Plate": "73B-555.55"})
            answer = await pullpoint.PullMessages(
                {"Timeout": timedelta(seconds=5), "MessageLimit": 9}
            )
            assert [m.Topic._value_1 for m in answer.NotificationMessage] == [LINE]

            manager = await cam.create_subscription_service("PullPointSubscription")
            renewed = await manager.Renew({"TerminationTime": "PT120S"})
            assert abs((renewed.TerminationTime - renewed.CurrentTime).total_seconds() - 120) < 2
            await manager.Unsubscribe()
            with pytest.raises(zeep.exceptions.Fault) as caught:
                await pullpoint.PullMessages({"Timeout": timedelta(seconds=1), "MessageLimit": 1})
            assert caught.value.code == "env:Sender"

    run(scenario())


def test_camera_raises_events_by_itself(onvif_serve: Callable[..., Any]) -> None:
    with onvif_serve("dome", index=1, event_period=0.1) as server:
        log = server.camera.events
        wait_until(lambda: log.last_seq >= 3, 10, "no background events")
        for event in log.since(0):
            assert event.data["Plate"].startswith("73")
            assert event.data["VehicleType"] and event.data["Colour"]


def test_recording_summary_and_recording_search(
    onvif_dome: RunningOnvif, onvif_connect: Connect
) -> None:
    camera = onvif_dome.camera

    async def scenario() -> None:
        async with onvif_connect(onvif_dome) as cam:
            search = await cam.create_search_service()
            summary = await search.GetRecordingSummary()
            assert summary.NumberRecordings == 1
            start = camera.recording_start
            assert -0.001 <= summary.DataFrom.timestamp() - start < 25 * 60  # maybe a gap first
            assert abs(summary.DataUntil.timestamp() - time.time()) < 30 * 60

            token = await search.FindRecordings({"Scope": {}, "KeepAliveTime": "PT10S"})
            state = await search.GetSearchState({"SearchToken": token})
            assert state in ("Searching", "Completed")
            results = await search.GetRecordingSearchResults(
                {"SearchToken": token, "MaxResults": 10}
            )
            assert results.SearchState == "Completed"
            [info] = results.RecordingInformation
            assert info.RecordingToken == recordings.recording_token(camera)
            assert info.Source.Name == camera.spec.name
            assert info.RecordingStatus == "Recording"
            assert [t.TrackType for t in info.Track] == ["Video", "Metadata"]
            assert info.EarliestRecording == summary.DataFrom
            await search.EndSearch({"SearchToken": token})
            with pytest.raises(zeep.exceptions.Fault):
                await search.GetSearchState({"SearchToken": token})

            again = await search.GetRecordingInformation({"RecordingToken": info.RecordingToken})
            assert again.RecordingToken == info.RecordingToken
            elsewhere = await search.FindRecordings(
                {"Scope": {"IncludedRecordings": ["rec_other"]}, "KeepAliveTime": "PT10S"}
            )
            none = await search.GetRecordingSearchResults({"SearchToken": elsewhere})
            assert none.SearchState == "Completed" and none.RecordingInformation == []

    run(scenario())


async def _all_events(search: Any, request: dict[str, Any]) -> list[Any]:
    token = await search.FindEvents({"Scope": {}, "SearchFilter": {}, **request})
    found: list[Any] = []
    while True:
        page = await search.GetEventSearchResults({"SearchToken": token, "MaxResults": 7})
        found.extend(page.Result)
        if page.SearchState == "Completed":
            break
    await search.EndSearch({"SearchToken": token})
    return found


def test_find_events_returns_the_past(onvif_dome: RunningOnvif, onvif_connect: Connect) -> None:
    camera = onvif_dome.camera
    yesterday = recordings.local_day(time.time()) - 1
    nightly = max(recordings.day_gaps(camera, yesterday), key=lambda g: g.end - g.start)
    start, end = nightly.start - 900, nightly.end + 900
    expected = recordings.events_between(camera, start, end)
    camera.events.publish("intrusion", {"Plate": "73C-777.77"}, utc_time=time.time() - 30)

    async def scenario() -> None:
        async with onvif_connect(onvif_dome) as cam:
            search = await cam.create_search_service()
            common = {"IncludeStartState": True, "KeepAliveTime": "PT10S"}
            forward = await _all_events(
                search, {"StartPoint": moment(start), "EndPoint": moment(end), **common}
            )
            assert forward[0].StartStateEvent is True
            assert len(forward) == len(expected) + 1
            times = [r.Time.timestamp() for r in forward]
            assert times == sorted(times)
            states = []
            for result in forward[1:]:
                assert result.RecordingToken == recordings.recording_token(camera)
                message = tt_message(result.Event)
                topic = result.Event.Topic._value_1
                if topic == recordings.TRACK_STATE_TOPIC:
                    states.append((result.Time.timestamp(), items(message, "Data")))
                else:
                    assert items(message, "Data")["Plate"].startswith("73")
                    assert not nightly.start <= result.Time.timestamp() < nightly.end
            assert states == [
                (nightly.start, {"IsDataPresent": "false"}),
                (nightly.end, {"IsDataPresent": "true"}),
            ]

            backward = await _all_events(
                search,
                {
                    "StartPoint": moment(end),
                    "EndPoint": moment(start),
                    "IncludeStartState": False,
                    "KeepAliveTime": "PT10S",
                },
            )
            assert [r.Time for r in backward] == [r.Time for r in reversed(forward[1:])]

            token = await search.FindEvents(
                {
                    "StartPoint": moment(start),
                    "EndPoint": moment(end),
                    "Scope": {},
                    "SearchFilter": {"_value_1": [topic_expression("tns1:RecordingHistory//.")]},
                    "IncludeStartState": False,
                    "MaxMatches": 1,
                    "KeepAliveTime": "PT10S",
                }
            )
            page = await search.GetEventSearchResults({"SearchToken": token})
            assert page.SearchState == "Completed"
            assert [r.Time.timestamp() for r in page.Result] == [nightly.start]

            recent = await _all_events(
                search,
                {
                    "StartPoint": moment(time.time() - 60),
                    "IncludeStartState": False,
                    "KeepAliveTime": "PT10S",
                },
            )
            plates = [items(tt_message(r.Event), "Data").get("Plate") for r in recent]
            assert "73C-777.77" in plates

    run(scenario())


def test_replay_and_recording_services(onvif_dome: RunningOnvif, onvif_connect: Connect) -> None:
    spec = onvif_dome.camera.spec
    token = recordings.recording_token(onvif_dome.camera)

    async def scenario() -> None:
        async with onvif_connect(onvif_dome) as cam:
            replay = await cam.create_replay_service()
            setup = {"Stream": "RTP-Unicast", "Transport": {"Protocol": "RTSP"}}
            uri = await replay.GetReplayUri({"StreamSetup": setup, "RecordingToken": token})
            assert uri == spec.replay_url
            with pytest.raises(zeep.exceptions.Fault) as caught:
                await replay.GetReplayUri({"StreamSetup": setup, "RecordingToken": "nope"})
            assert caught.value.code == "env:Sender"
            configuration = await replay.GetReplayConfiguration()
            assert configuration.SessionTimeout == timedelta(seconds=60)

            recording = await cam.create_recording_service()
            [item] = await recording.GetRecordings()
            assert item.RecordingToken == token
            assert item.Configuration.MaximumRetentionTime == timedelta(days=spec.recording_days)
            assert [t.TrackToken for t in item.Tracks.Track] == ["VIDEO001", "META001"]

    run(scenario())
