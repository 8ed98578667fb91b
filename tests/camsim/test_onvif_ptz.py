# SPDX-License-Identifier: GPL-3.0-or-later
"""The simulated dome's ONVIF PTZ service, driven with onvif-zeep-async."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any, TypeVar

import numpy as np
import pytest
import zeep.exceptions
from lxml import etree

from camsim.onvif.server import RunningOnvif

T = TypeVar("T")
Connect = Callable[..., Any]
PROFILE = "profile_main"
GENERIC = "http://www.onvif.org/ver10/tptz"

pytestmark = pytest.mark.usefixtures("onvif_strict")


def run(coro: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(asyncio.wait_for(coro, 60))


def subcodes(error: zeep.exceptions.Fault) -> list[str]:
    return [etree.QName(q).localname for q in error.subcodes or []]


def position(status: Any) -> tuple[float, float, float]:
    return (status.Position.PanTilt.x, status.Position.PanTilt.y, status.Position.Zoom.x)


async def wait_status(ptz: Any, done: Callable[[Any], bool], limit: float = 10.0) -> Any:
    """GetStatus until ``done(status)``; fails after ``limit`` seconds."""
    deadline = time.monotonic() + limit
    while True:
        status = await ptz.GetStatus({"ProfileToken": PROFILE})
        if done(status):
            return status
        assert time.monotonic() < deadline, f"PTZ status never matched: {status}"
        await asyncio.sleep(0.05)


def idle(status: Any) -> bool:
    return bool(status.MoveStatus.PanTilt == "IDLE" and status.MoveStatus.Zoom == "IDLE")


def near(actual: tuple[float, ...], expected: tuple[float, ...], tol: float = 2e-3) -> bool:
    return all(abs(a - e) <= tol for a, e in zip(actual, expected, strict=True))


def point(pan: float, tilt: float, zoom: float) -> dict[str, Any]:
    return {"PanTilt": {"x": pan, "y": tilt}, "Zoom": {"x": zoom}}


def test_node_configuration_and_options(onvif_dome: RunningOnvif, onvif_connect: Connect) -> None:
    async def scenario() -> None:
        async with onvif_connect(onvif_dome) as cam:
            ptz = await cam.create_ptz_service()
            assert (await ptz.GetServiceCapabilities()).EFlip is False
            nodes = await ptz.GetNodes()
            assert [n.token for n in nodes] == ["ptz_node_1"]
            node = await ptz.GetNode({"NodeToken": "ptz_node_1"})
            assert node.MaximumNumberOfPresets == 32 and node.HomeSupported is True
            spaces = node.SupportedPTZSpaces
            absolute = spaces.AbsolutePanTiltPositionSpace[0]
            assert absolute.URI.startswith(GENERIC)
            assert absolute.URI.endswith("/PanTiltSpaces/PositionGenericSpace")
            assert (absolute.XRange.Min, absolute.XRange.Max) == (-1.0, 1.0)
            assert (absolute.YRange.Min, absolute.YRange.Max) == (-1.0, 1.0)
            zoom = spaces.AbsoluteZoomPositionSpace[0]
            assert (zoom.XRange.Min, zoom.XRange.Max) == (0.0, 1.0)
            assert spaces.ContinuousPanTiltVelocitySpace[0].URI.endswith("VelocityGenericSpace")
            assert spaces.PanTiltSpeedSpace[0].XRange.Max == 1.0

            configurations = await ptz.GetConfigurations()
            assert [c.token for c in configurations] == ["ptz_cfg_1"]
            config = await ptz.GetConfiguration({"PTZConfigurationToken": "ptz_cfg_1"})
            assert config.NodeToken == "ptz_node_1"
            assert config.DefaultPTZTimeout == timedelta(seconds=60)
            assert config.PanTiltLimits.Range.XRange.Max == 1.0
            options = await ptz.GetConfigurationOptions({"ConfigurationToken": "ptz_cfg_1"})
            assert options.PTZTimeout.Max == timedelta(seconds=600)
            assert options.Spaces.RelativeZoomTranslationSpace[0].XRange.Min == -1.0
            with pytest.raises(zeep.exceptions.Fault) as caught:
                await ptz.GetNode({"NodeToken": "nope"})
            assert caught.value.code == "env:Sender"

    run(scenario())


def test_continuous_move_moves_until_stop(onvif_dome: RunningOnvif, onvif_connect: Connect) -> None:
    camera = onvif_dome.camera
    before = camera.position()

    async def scenario() -> None:
        async with onvif_connect(onvif_dome) as cam:
            ptz = await cam.create_ptz_service()
            start = await ptz.GetStatus({"ProfileToken": PROFILE})
            assert idle(start) and position(start) == (0.0, 0.0, 0.0)
            await ptz.ContinuousMove(
                {"ProfileToken": PROFILE, "Velocity": {"PanTilt": {"x": 0.5, "y": 0.0}}}
            )
            moving = await wait_status(ptz, lambda s: s.Position.PanTilt.x > 0.05)
            assert moving.MoveStatus.PanTilt == "MOVING"
            assert moving.MoveStatus.Zoom == "IDLE"
            assert moving.UtcTime is not None
            assert camera.position().pan > 0.05  # what the video renders from

            await ptz.Stop({"ProfileToken": PROFILE})
            stopped = await ptz.GetStatus({"ProfileToken": PROFILE})
            assert idle(stopped)
            again = await wait_status(ptz, idle)
            assert position(again) == position(stopped)

            await ptz.ContinuousMove(
                {
                    "ProfileToken": PROFILE,
                    "Velocity": {"PanTilt": {"x": -0.2, "y": 0.1}, "Zoom": {"x": 0.5}},
                }
            )
            await ptz.Stop({"ProfileToken": PROFILE, "PanTilt": False, "Zoom": True})
            status = await wait_status(ptz, lambda s: s.MoveStatus.PanTilt == "MOVING")
            assert status.MoveStatus.Zoom == "IDLE"
            await ptz.Stop({"ProfileToken": PROFILE})

    run(scenario())
    after = camera.position()
    assert after != before
    renderer = camera.renderer(640, 360)
    moment = time.time()
    difference = np.abs(
        renderer.render(moment, before).astype(np.int16) - renderer.render(moment, after)
    )
    assert difference.mean() > 10  # the dome looks somewhere else


def test_continuous_move_stops_at_its_timeout(
    onvif_dome: RunningOnvif, onvif_connect: Connect
) -> None:
    async def scenario() -> None:
        async with onvif_connect(onvif_dome) as cam:
            ptz = await cam.create_ptz_service()
            await ptz.ContinuousMove(
                {
                    "ProfileToken": PROFILE,
                    "Velocity": {"Zoom": {"x": 1.0}},
                    "Timeout": timedelta(seconds=0.3),
                }
            )
            began = time.monotonic()
            status = await wait_status(ptz, idle)
            assert time.monotonic() - began < 3
            assert 0.0 < status.Position.Zoom.x < 0.2  # 0.25 per second for 0.3 s

    run(scenario())


def test_absolute_relative_and_home_moves_land(
    onvif_dome: RunningOnvif, onvif_connect: Connect
) -> None:
    async def scenario() -> None:
        async with onvif_connect(onvif_dome) as cam:
            ptz = await cam.create_ptz_service()
            await ptz.AbsoluteMove(
                {
                    "ProfileToken": PROFILE,
                    "Position": point(0.3, -0.15, 0.1),
                    "Speed": {"PanTilt": {"x": 0.5, "y": 0.5}, "Zoom": {"x": 0.5}},
                }
            )
            moving = await ptz.GetStatus({"ProfileToken": PROFILE})
            assert moving.MoveStatus.PanTilt == "MOVING"
            landed = await wait_status(ptz, idle)
            assert near(position(landed), (0.3, -0.15, 0.1))

            await ptz.RelativeMove(
                {"ProfileToken": PROFILE, "Translation": point(-0.1, 0.05, 0.05)}
            )
            landed = await wait_status(ptz, idle)
            assert near(position(landed), (0.2, -0.1, 0.15))

            await ptz.SetHomePosition({"ProfileToken": PROFILE})
            await ptz.AbsoluteMove({"ProfileToken": PROFILE, "Position": {"Zoom": {"x": 0.0}}})
            landed = await wait_status(ptz, idle)
            assert near(position(landed), (0.2, -0.1, 0.0))  # pan and tilt untouched
            await ptz.GotoHomePosition({"ProfileToken": PROFILE})
            landed = await wait_status(ptz, idle)
            assert near(position(landed), (0.2, -0.1, 0.15))

    run(scenario())


def test_presets_round_trip(onvif_dome: RunningOnvif, onvif_connect: Connect) -> None:
    async def scenario() -> None:
        async with onvif_connect(onvif_dome) as cam:
            ptz = await cam.create_ptz_service()
            await ptz.AbsoluteMove({"ProfileToken": PROFILE, "Position": point(-0.2, 0.1, 0.2)})
            await wait_status(ptz, idle)
            token = await ptz.SetPreset({"ProfileToken": PROFILE, "PresetName": "Cổng <chính>"})
            presets = await ptz.GetPresets({"ProfileToken": PROFILE})
            assert [(p.token, p.Name) for p in presets] == [(token, "Cổng <chính>")]
            stored = presets[0].PTZPosition
            assert near((stored.PanTilt.x, stored.PanTilt.y, stored.Zoom.x), (-0.2, 0.1, 0.2))
            with pytest.raises(zeep.exceptions.Fault) as caught:
                await ptz.SetPreset({"ProfileToken": PROFILE, "PresetName": "Cổng <chính>"})
            assert subcodes(caught.value) == ["InvalidArgVal", "PresetExist"]

            await ptz.AbsoluteMove({"ProfileToken": PROFILE, "Position": point(0.1, -0.1, 0.1)})
            await wait_status(ptz, idle)
            await ptz.GotoPreset({"ProfileToken": PROFILE, "PresetToken": token})
            landed = await wait_status(ptz, idle)
            assert near(position(landed), (-0.2, 0.1, 0.2))

            await ptz.RemovePreset({"ProfileToken": PROFILE, "PresetToken": token})
            assert await ptz.GetPresets({"ProfileToken": PROFILE}) == []
            for call in (ptz.GotoPreset, ptz.RemovePreset):
                with pytest.raises(zeep.exceptions.Fault) as caught:
                    await call({"ProfileToken": PROFILE, "PresetToken": token})
                assert subcodes(caught.value) == ["InvalidArgVal", "NoToken"]

    run(scenario())


def test_bad_ptz_arguments_are_sender_faults(
    onvif_dome: RunningOnvif, onvif_connect: Connect
) -> None:
    async def scenario() -> None:
        async with onvif_connect(onvif_dome) as cam:
            ptz = await cam.create_ptz_service()
            cases: list[tuple[Any, dict[str, Any], list[str]]] = [
                (
                    ptz.ContinuousMove,
                    {"ProfileToken": PROFILE, "Velocity": {"PanTilt": {"x": 2.0, "y": 0.0}}},
                    ["InvalidArgVal", "InvalidVelocity"],
                ),
                (
                    ptz.AbsoluteMove,
                    {"ProfileToken": PROFILE, "Position": point(0.0, 0.0, 1.5)},
                    ["InvalidArgVal", "InvalidPosition"],
                ),
                (
                    ptz.GetStatus,
                    {"ProfileToken": "profile_nope"},
                    ["InvalidArgVal", "NoProfile"],
                ),
            ]
            for call, arguments, expected in cases:
                with pytest.raises(zeep.exceptions.Fault) as caught:
                    await call(arguments)
                assert caught.value.code == "env:Sender"
                assert subcodes(caught.value) == expected
            assert onvif_dome.camera.position() == onvif_dome.camera.position(0.0)

    run(scenario())
