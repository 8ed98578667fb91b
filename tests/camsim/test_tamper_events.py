# SPDX-License-Identifier: GPL-3.0-or-later
"""The simulated camera's tampering event (ONVIF global scene change), its description in
GetEventProperties, plain events without PropertyOperation, and a garbled message on
demand over the fleet's control API."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any, TypeVar

import pytest
import requests
from lxml import etree

from camsim.onvif.server import RunningOnvif
from camsim.process import FleetProcess

T = TypeVar("T")
Connect = Callable[..., Any]
TT = "http://www.onvif.org/ver10/schema"
TAMPER = "tns1:VideoSource/GlobalSceneChange/ImagingService"

pytestmark = pytest.mark.usefixtures("onvif_strict")


def run(coro: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(asyncio.wait_for(coro, 60))


def items(message: Any, part: str) -> dict[str, str]:
    return {i.Name: i.Value for i in getattr(message, part).SimpleItem}


def test_tampering_is_described_and_delivered(
    onvif_dome: RunningOnvif, onvif_connect: Connect
) -> None:
    camera = onvif_dome.camera

    async def scenario() -> None:
        async with onvif_connect(onvif_dome) as cam:
            events = await cam.create_events_service()
            answer = await events.GetEventProperties()
            roots = {etree.QName(e).localname: e for e in answer.TopicSet._value_1}
            node = roots["VideoSource"].find("GlobalSceneChange/ImagingService")
            assert node is not None
            description = node.find(f"{{{TT}}}MessageDescription")
            assert description is not None and description.get("IsProperty") == "true"
            source = [s.get("Name") for s in description.iterfind(f"{{{TT}}}Source/*")]
            data = [(d.get("Name"), d.get("Type")) for d in description.iterfind(f"{{{TT}}}Data/*")]
            assert source == ["Source"] and data == [("State", "xs:boolean")]

            manager = await cam.create_pullpoint_manager(timedelta(seconds=60), lambda: None)
            pullpoint = manager.get_service()
            camera.events.publish("tampering", {"State": "true"})
            camera.events.publish("line_crossing", {"Plate": "73A-123.45"})
            answer = await pullpoint.PullMessages(
                {"Timeout": timedelta(seconds=5), "MessageLimit": 10}
            )
            tamper, line = answer.NotificationMessage
            assert tamper.Topic._value_1 == TAMPER
            message = tamper.Message._value_1
            assert message.PropertyOperation == "Changed"
            assert items(message, "Source") == {"Source": "vs_1"}
            assert items(message, "Data") == {"State": "true"}
            # A line crossing is an instant, not a state: no PropertyOperation.
            assert line.Message._value_1.PropertyOperation is None
            await manager.shutdown()

    run(scenario())


def test_events_on_demand_take_tampering_and_garbled(camsim_fleet: FleetProcess) -> None:
    base = f"{camsim_fleet.control_url}/cameras/cam01/events"
    made = requests.post(base, json={"kind": "tampering", "data": {"State": "true"}}, timeout=10)
    assert made.status_code == 200, made.text
    assert made.json()["topic"] == TAMPER
    garbled = requests.post(base, json={"kind": "motion", "garbled": True}, timeout=10)
    assert garbled.status_code == 200
    wrong = requests.post(base, json={"kind": "motion", "garbled": "yes"}, timeout=10)
    assert wrong.status_code == 400 and "garbled" in wrong.json()["error"]


def test_a_garbled_message_has_no_time(onvif_dome: RunningOnvif, onvif_connect: Connect) -> None:
    camera = onvif_dome.camera

    async def scenario() -> None:
        async with onvif_connect(onvif_dome) as cam:
            manager = await cam.create_pullpoint_manager(timedelta(seconds=60), lambda: None)
            camera.events.publish("motion", {"IsMotion": "true"}, garbled=True)
            answer = await manager.get_service().PullMessages(
                {"Timeout": timedelta(seconds=5), "MessageLimit": 10}
            )
            [notification] = answer.NotificationMessage
            assert notification.Message._value_1.UtcTime is None
            await manager.shutdown()

    run(scenario())
