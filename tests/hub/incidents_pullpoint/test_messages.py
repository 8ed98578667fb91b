# SPDX-License-Identifier: GPL-3.0-or-later
"""ONVIF notification messages → camera events: topic kinds, times, items, keys, and
what counts as malformed (messages built as the simulator sends them, read as lxml — the
form a device's untyped message takes; the typed form is read in the live tests)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from lxml import etree

from camsim.onvif.events import notification_message
from hub.incidents.camera_events import EventKind, PropertyOperation
from hub.incidents.onvif_events import MalformedMessage, camera_event, topic_kind

T0 = datetime(2026, 3, 2, 1, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("topic", "kind"),
    [
        ("tns1:RuleEngine/CellMotionDetector/Motion", EventKind.MOTION),
        ("tns1:VideoSource/MotionAlarm", EventKind.MOTION),
        ("tns1:RuleEngine/MotionRegionDetector/Motion", EventKind.MOTION),
        ("tns1:RuleEngine/LineDetector/Crossed", EventKind.LINE_CROSSING),
        ("tns1:RuleEngine/FieldDetector/ObjectsInside", EventKind.INTRUSION),
        ("tns1:VideoSource/GlobalSceneChange/ImagingService", EventKind.TAMPERING),
        ("tns1:VideoSource/GlobalSceneChange/AnalyticsService", EventKind.TAMPERING),
        ("tns1:VideoSource/ImageTooBlurry/ImagingService", EventKind.TAMPERING),
        ("tns1:RuleEngine/TamperDetector/Tamper", EventKind.TAMPERING),
        ("tns1:RecordingConfig/JobState", EventKind.RECORDING),
        ("tns1:RecordingHistory/Track/State", EventKind.RECORDING),
        ("ns2:RuleEngine/CellMotionDetector/Motion", EventKind.MOTION),  # another prefix
        (" tns1:ruleengine/linedetector/crossed ", EventKind.LINE_CROSSING),
        ("tns1:Device/tnsaxis:Sensor/PIR", EventKind.OTHER),
        ("tns1:RuleEngine/CellMotionDetectorX/Motion", EventKind.OTHER),
        ("tns1:VideoSource", EventKind.OTHER),
    ],
)
def test_topics_map_to_kinds(topic: str, kind: EventKind) -> None:
    assert topic_kind(topic) is kind


def message(
    topic: str = "tns1:RuleEngine/CellMotionDetector/Motion",
    source: dict[str, str] | None = None,
    data: dict[str, str] | None = None,
    operation: str | None = "Changed",
    **options: Any,
) -> etree._Element:
    element: etree._Element = notification_message(
        topic,
        T0.timestamp(),
        {"VideoSourceConfigurationToken": "vsc_1", "Rule": "r1"} if source is None else source,
        {"IsMotion": "true"} if data is None else data,
        operation,
        **options,
    )
    return element


def tt_message(notification: etree._Element) -> etree._Element:
    found = notification.find(".//{http://www.onvif.org/ver10/schema}Message")
    assert found is not None
    return found


def test_a_message_becomes_a_camera_event() -> None:
    event = camera_event(7, message())
    assert event.camera_id == 7 and event.kind is EventKind.MOTION
    assert event.topic == "tns1:RuleEngine/CellMotionDetector/Motion"
    assert event.occurred_at == T0 and event.occurred_at.tzinfo is UTC
    assert event.source == {"VideoSourceConfigurationToken": "vsc_1", "Rule": "r1"}
    assert event.data == {"IsMotion": "true"}
    assert event.operation is PropertyOperation.CHANGED and event.active
    plain = camera_event(7, message("tns1:RuleEngine/LineDetector/Crossed", operation=None))
    assert plain.operation is None and plain.active


def test_times_are_read_in_utc() -> None:
    notification = message()
    tt_message(notification).set("UtcTime", "2026-03-02T08:00:00.250+07:00")
    event = camera_event(1, notification)
    assert event.occurred_at == T0.replace(microsecond=250000)
    tt_message(notification).set("UtcTime", "2026-03-02T01:00:00")  # no zone: UTC
    assert camera_event(1, notification).occurred_at == T0


def test_the_key_names_one_event() -> None:
    first = camera_event(1, message())
    assert camera_event(1, message()).key == first.key  # re-delivered: same key
    assert len(first.key) == 64 and int(first.key, 16) >= 0
    others = [
        camera_event(2, message()),
        camera_event(1, message(data={"IsMotion": "false"})),
        camera_event(1, message(source={"Rule": "r2"})),
        camera_event(1, message(operation="Initialized")),
        camera_event(1, message("tns1:VideoSource/MotionAlarm")),
    ]
    assert len({first.key, *(e.key for e in others)}) == 6
    # items in another order are the same event
    swapped = message(source={"Rule": "r1", "VideoSourceConfigurationToken": "vsc_1"})
    assert camera_event(1, swapped).key == first.key


def test_an_initialized_state_is_not_active() -> None:
    event = camera_event(1, message(operation="Initialized"))
    assert event.operation is PropertyOperation.INITIALIZED and not event.active


def test_a_scene_change_state_going_back_is_not_active() -> None:
    tamper = "tns1:VideoSource/GlobalSceneChange/ImagingService"
    covered = camera_event(1, message(tamper, {"Source": "vs_1"}, {"State": "true"}))
    cleared = camera_event(1, message(tamper, {"Source": "vs_1"}, {"State": "false"}))
    assert covered.kind is EventKind.TAMPERING and covered.active
    assert not cleared.active
    alarm = camera_event(1, message("tns1:VideoSource/MotionAlarm", {}, {"State": "false"}))
    assert not alarm.active


@pytest.mark.parametrize(
    "spoil",
    [
        lambda n: tt_message(n).attrib.pop("UtcTime"),
        lambda n: tt_message(n).set("UtcTime", "yesterday"),
        lambda n: tt_message(n).set("PropertyOperation", "Exploded"),
        lambda n: setattr(n.find("{http://docs.oasis-open.org/wsn/b-2}Topic"), "text", " "),
        lambda n: setattr(n.find("{http://docs.oasis-open.org/wsn/b-2}Topic"), "text", "x" * 201),
        lambda n: n.find("{http://docs.oasis-open.org/wsn/b-2}Message").remove(tt_message(n)),
    ],
    ids=["no-time", "bad-time", "bad-operation", "no-topic", "long-topic", "no-message"],
)
def test_malformed_messages_are_refused(spoil: Any) -> None:
    notification = message()
    spoil(notification)
    with pytest.raises(MalformedMessage):
        camera_event(1, notification)


def test_oversized_items_are_refused() -> None:
    with pytest.raises(MalformedMessage):
        camera_event(1, message(data={f"Item{n}": "1" for n in range(65)}))
    with pytest.raises(MalformedMessage):
        camera_event(1, message(data={"Plate": "x" * 1025}))
    assert camera_event(1, message(data={"Plate": "x" * 1024})).data["Plate"] == "x" * 1024
