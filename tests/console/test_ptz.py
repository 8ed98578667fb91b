# SPDX-License-Identifier: GPL-3.0-or-later
"""PTZ from the console's pad against a real hub and the simulated fleet, on qasync:
the picture moves while a button is held and stops on release; a second operator is
refused and a supervisor takes over (the first console is told by the push stream);
presets round-trip; a console that drops off the network leaves a camera the hub stops."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np
import pytest
import qasync
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDockWidget, QWidget
from pytestqt.qtbot import QtBot

from camsim.probe import grab_frames
from camsim.process import FleetProcess
from console.ptz import PtzController, create_ptz_dock
from hub.client import HubClient
from hub.contracts import ROLE_PERMISSIONS, Role
from hub.testing import LiveHub, Province, add_user, login, seed_province
from tests.hub.ptz.conftest import register_cameras, sim_position
from tests.widgets.still_player import StillPlayer
from widgets.main_window import MainWindow
from widgets.ptz_pad import PtzPad

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
LEFT = Qt.MouseButton.LeftButton


@dataclass
class Console:
    """One operator's pad + controller + hub client."""

    pad: PtzPad
    controller: PtzController
    client: HubClient
    events: asyncio.Task[None] | None = None


@dataclass
class Room:
    live: LiveHub
    province: Province
    fleet: FleetProcess
    cams: dict[str, int]
    consoles: list[Console] = field(default_factory=list)

    def dome(self, n: int) -> tuple[str, int]:
        domes = [c["id"] for c in self.fleet.cameras if c["ptz"]]
        return domes[n], self.cams[domes[n]]


@pytest.fixture
def room(
    qtbot: QtBot, qloop: qasync.QEventLoop, live: LiveHub, camsim_fleet: FleetProcess
) -> Iterator[Room]:
    province = seed_province(live.hub)
    r = Room(live, province, camsim_fleet, register_cameras(live, province, camsim_fleet))
    for name, role in (
        ("op1", Role.PTZ_OPERATOR),
        ("op2", Role.PTZ_OPERATOR),
        ("sup", Role.SUPERVISOR),
    ):
        add_user(live.hub, province, name, "districtA", [role])
    yield r
    for c in r.consoles:
        if c.events is not None:
            c.events.cancel()
        closing = asyncio.ensure_future(c.controller.aclose())
        qtbot.waitUntil(closing.done, timeout=10_000)
        closing = asyncio.ensure_future(c.client.aclose())
        qtbot.waitUntil(closing.done, timeout=10_000)


def open_console(
    qtbot: QtBot, room: Room, user: str, role: Role, camera: int, follow: bool = False
) -> Console:
    """A pad for ``user`` on ``camera``; ``follow`` feeds it the user's push stream."""
    client = HubClient(room.live.url)
    client.token = login(room.live, room.province, user)
    pad = PtzPad()
    qtbot.addWidget(pad)
    controller = PtzController(pad, heartbeat_ms=400)
    controller.set_session(client, user, ROLE_PERMISSIONS[role])
    controller.set_camera(camera, f"Camera {camera}", has_ptz=True)
    pad.show()
    qtbot.waitUntil(lambda: pad.holder_label.text() != "", timeout=10_000)
    console = Console(pad, controller, client)
    if follow:
        opened = asyncio.Event()

        async def pump() -> None:
            async for event in client.events(["ptz.control"], on_open=opened.set):
                controller.handle_event(event.topic, event.data)

        console.events = asyncio.ensure_future(pump())
        qtbot.waitUntil(opened.is_set, timeout=10_000)
    room.consoles.append(console)
    return console


def grab(qtbot: QtBot, room: Room, sim: str) -> np.ndarray:
    """One decoded frame of the dome's sub stream, straight from the simulator (in a
    thread: the Qt loop keeps serving the controller meanwhile)."""
    url = room.fleet.rtsp_url(sim, "sub")
    job = asyncio.ensure_future(asyncio.to_thread(grab_frames, url, 1, 15))
    qtbot.waitUntil(job.done, timeout=20_000)
    return job.result()[0]


def difference(a: np.ndarray, b: np.ndarray) -> float:
    # The burned-in clock and the traffic change anyway: compare the upper half, where the
    # panorama's skyline shifts with pan and tilt but little else moves.
    h = a.shape[0] // 2
    return float(np.mean(np.abs(a[:h].astype(np.int16) - b[:h].astype(np.int16))))


def test_holding_a_direction_moves_the_picture_and_release_stops_it(
    qtbot: QtBot, room: Room
) -> None:
    sim, cam = room.dome(0)
    op = open_console(qtbot, room, "op1", Role.PTZ_OPERATOR, cam)
    assert op.pad.holder_label.text() == op.controller.tr("Free: nobody controls this camera")
    still_a = grab(qtbot, room, sim)
    still_b = grab(qtbot, room, sim)
    before = sim_position(room.fleet, sim)
    op.pad.speed_slider.setValue(60)
    qtbot.mousePress(op.pad.direction_buttons["right"], LEFT)
    qtbot.waitUntil(lambda: sim_position(room.fleet, sim)["moving"], timeout=5_000)
    qtbot.waitUntil(
        lambda: op.pad.holder_label.text() == op.controller.tr("You control this camera"),
        timeout=5_000,
    )
    # Held longer than the hub's 2 s heartbeat deadline: heartbeats keep it turning.
    held_until = time.monotonic() + 2.5
    qtbot.waitUntil(lambda: time.monotonic() > held_until, timeout=5_000)
    assert sim_position(room.fleet, sim)["moving"]
    qtbot.mouseRelease(op.pad.direction_buttons["right"], LEFT)
    qtbot.waitUntil(lambda: not sim_position(room.fleet, sim)["moving"], timeout=3_000)
    after = sim_position(room.fleet, sim)
    turned = (after["pan"] - before["pan"]) % 2.0
    assert 0.7 < turned < 1.1, (before, after)  # ~2.5 s at 60 % speed (0.3 units/s)
    moved = grab(qtbot, room, sim)
    assert difference(moved, still_b) > 3 * max(difference(still_a, still_b), 1.0)


def test_a_second_operator_is_refused_and_a_supervisor_takes_over(qtbot: QtBot, room: Room) -> None:
    sim, cam = room.dome(1)
    first = open_console(qtbot, room, "op1", Role.PTZ_OPERATOR, cam, follow=True)
    second = open_console(qtbot, room, "op2", Role.PTZ_OPERATOR, cam)
    boss = open_console(qtbot, room, "sup", Role.SUPERVISOR, cam)
    qtbot.mousePress(first.pad.direction_buttons["up"], LEFT)
    qtbot.waitUntil(lambda: sim_position(room.fleet, sim)["moving"], timeout=5_000)

    qtbot.mousePress(second.pad.direction_buttons["down"], LEFT)
    refused = second.controller.tr("%1 is controlling this camera.").replace("%1", "op1")
    qtbot.waitUntil(lambda: second.pad.message_label.text() == refused, timeout=5_000)
    qtbot.mouseRelease(second.pad.direction_buttons["down"], LEFT)
    assert second.pad.holder_label.text() == second.controller.tr("Controlled by %1").replace(
        "%1", "op1"
    )

    qtbot.mousePress(boss.pad.direction_buttons["left"], LEFT)
    told = first.controller.tr("Controlled by %1").replace("%1", "sup")
    qtbot.waitUntil(lambda: first.pad.holder_label.text() == told, timeout=5_000)  # pushed
    qtbot.waitUntil(
        lambda: boss.pad.holder_label.text() == boss.controller.tr("You control this camera"),
        timeout=5_000,
    )
    assert sim_position(room.fleet, sim)["moving"]
    qtbot.mouseRelease(boss.pad.direction_buttons["left"], LEFT)
    qtbot.waitUntil(lambda: not sim_position(room.fleet, sim)["moving"], timeout=3_000)
    qtbot.mouseRelease(first.pad.direction_buttons["up"], LEFT)  # its stop is refused
    qtbot.waitUntil(lambda: first.pad.message_label.text() != "", timeout=5_000)
    assert not sim_position(room.fleet, sim)["moving"]


def test_presets_round_trip_from_the_pad(qtbot: QtBot, room: Room) -> None:
    sim, cam = room.dome(2)
    boss = open_console(qtbot, room, "sup", Role.SUPERVISOR, cam)
    pad = boss.pad
    boss.controller.go_to(-0.4, 0.1, 0.0)
    qtbot.waitUntil(lambda: abs(sim_position(room.fleet, sim)["pan"] + 0.4) < 0.01, timeout=10_000)
    pad.preset_name_edit.setText("Chợ Đông Ba")
    qtbot.mouseClick(pad.save_button, LEFT)
    qtbot.waitUntil(lambda: "Chợ Đông Ba" in pad.preset_names(), timeout=10_000)
    qtbot.mouseClick(pad.home_button, LEFT)
    qtbot.waitUntil(lambda: abs(sim_position(room.fleet, sim)["pan"]) < 0.01, timeout=10_000)
    token = next(
        pad.preset_list.item(i).data(Qt.ItemDataRole.UserRole)
        for i in range(pad.preset_list.count())
        if pad.preset_list.item(i).text() == "Chợ Đông Ba"
    )
    pad.select_preset(token)
    qtbot.mouseClick(pad.goto_button, LEFT)
    qtbot.waitUntil(lambda: abs(sim_position(room.fleet, sim)["pan"] + 0.4) < 0.01, timeout=10_000)
    pad.preset_name_edit.setText("Chợ Đông Ba (cổng 2)")
    qtbot.mouseClick(pad.rename_button, LEFT)
    qtbot.waitUntil(lambda: "Chợ Đông Ba (cổng 2)" in pad.preset_names(), timeout=10_000)
    pad.select_preset(token)
    qtbot.mouseClick(pad.delete_button, LEFT)
    qtbot.waitUntil(lambda: "Chợ Đông Ba (cổng 2)" not in pad.preset_names(), timeout=10_000)
    # A second save of an existing name is refused with a translated message.
    pad.preset_name_edit.setText("Trùng")
    qtbot.mouseClick(pad.save_button, LEFT)
    qtbot.waitUntil(lambda: "Trùng" in pad.preset_names(), timeout=10_000)
    qtbot.mouseClick(pad.save_button, LEFT)
    exists = boss.controller.tr("A preset with this name already exists.")
    qtbot.waitUntil(lambda: pad.message_label.text() == exists, timeout=10_000)


def test_a_console_that_drops_off_the_network_leaves_a_camera_the_hub_stops(
    qtbot: QtBot, room: Room
) -> None:
    sim, cam = room.dome(0)
    op = open_console(qtbot, room, "op1", Role.PTZ_OPERATOR, cam)
    qtbot.mousePress(op.pad.direction_buttons["down_left"], LEFT)
    qtbot.waitUntil(lambda: sim_position(room.fleet, sim)["moving"], timeout=5_000)
    # The network goes: every request of this console now fails to connect.
    op.client._http.base_url = "http://127.0.0.1:9"  # simulate the drop
    dropped = time.monotonic()
    qtbot.waitUntil(lambda: not sim_position(room.fleet, sim)["moving"], timeout=5_000)
    assert time.monotonic() - dropped < 2.0 + 0.5  # heartbeat deadline + watchdog tick
    assert op.pad.moving  # the console never released: the hub stopped it
    net = op.controller.tr("The hub cannot be reached.")
    qtbot.waitUntil(lambda: op.pad.message_label.text() == net, timeout=5_000)
    qtbot.mouseRelease(op.pad.direction_buttons["down_left"], LEFT)
    assert not sim_position(room.fleet, sim)["moving"]


def test_ctrl_click_centres_and_the_wheel_zooms_in_the_tile(qtbot: QtBot, room: Room) -> None:
    sim, cam = room.dome(1)
    op = open_console(qtbot, room, "op1", Role.PTZ_OPERATOR, cam)
    tile = QWidget()
    qtbot.addWidget(tile)
    tile.resize(320, 180)
    tile.show()
    op.controller.attach_tile(tile)
    before = sim_position(room.fleet, sim)
    qtbot.mouseClick(tile, LEFT, Qt.KeyboardModifier.ControlModifier, QPoint(320, 90))
    qtbot.waitUntil(
        lambda: (
            not sim_position(room.fleet, sim)["moving"]
            and abs(sim_position(room.fleet, sim)["pan"] - before["pan"]) > 0.01
        ),
        timeout=10_000,
    )
    turned = (sim_position(room.fleet, sim)["pan"] - before["pan"]) % 2.0
    assert 0.05 < turned < 0.3  # right edge: about half the view to the right
    wheel = QWheelEvent(
        QPointF(160, 90),
        QPointF(tile.mapToGlobal(QPoint(160, 90))),
        QPoint(),
        QPoint(0, 240),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    zoom = sim_position(room.fleet, sim)["zoom"]
    QApplication.sendEvent(tile, wheel)
    qtbot.waitUntil(
        lambda: abs(sim_position(room.fleet, sim)["zoom"] - min(1.0, zoom + 0.2)) < 0.01,
        timeout=10_000,
    )
    op.controller.attach_tile(None)


def test_the_dock_takes_ptz_keys_anywhere_in_the_console(qtbot: QtBot) -> None:
    window = MainWindow(player_factory=StillPlayer)
    qtbot.addWidget(window)
    controller = create_ptz_dock(window)
    pad = controller.pad
    try:
        assert any(d.widget() is pad for d in window.findChildren(QDockWidget))
        pad.set_camera("Dome")
        pad.set_rights(True, False)
        got: list[tuple[float, float, float]] = []
        pad.moveRequested.connect(lambda p, t, z: got.append((p, t, z)))
        ctrl = Qt.KeyboardModifier.ControlModifier
        QTest.keyPress(window.wall, Qt.Key.Key_Right, ctrl)
        assert got == [(0.5, 0.0, 0.0)] and pad.moving
        QTest.keyRelease(window.wall, Qt.Key.Key_Right, ctrl)
        assert not pad.moving
        QTest.keyPress(window.wall, Qt.Key.Key_Right)  # a plain arrow stays the wall's
        assert len(got) == 1
    finally:
        QApplication.instance().removeEventFilter(pad)  # type: ignore[union-attr]
        window.wall.shutdown()


def test_an_older_control_state_never_replaces_a_newer_one(qtbot: QtBot) -> None:
    """A console hears of a camera's control twice: pushed, and in the answer to its own
    command. When op1's slow move answer (the state op1 took) arrives after the push of a
    supervisor's takeover, the pad keeps saying who holds the camera now."""
    pad = PtzPad()
    qtbot.addWidget(pad)
    controller = PtzController(pad)
    controller.set_session(None, "op1", ROLE_PERMISSIONS[Role.PTZ_OPERATOR])
    controller.set_camera(7, "Dome 7")

    def state(user: str, version: int) -> dict[str, object]:
        return {"camera_id": 7, "holder_username": user, "holder_user_id": 1, "version": version}

    controller.handle_event("ptz.control", state("sup", 5))
    told = controller.tr("Controlled by %1").replace("%1", "sup")
    assert pad.holder_label.text() == told
    controller.handle_event("ptz.control", state("op1", 4))  # older: ignored
    assert pad.holder_label.text() == told
    controller.handle_event("ptz.control", state("op1", 6))  # newer: shown
    assert pad.holder_label.text() == controller.tr("You control this camera")
    controller.set_camera(8, "Dome 8")  # another camera starts afresh
    controller.handle_event("ptz.control", {"camera_id": 8, "holder_username": "sup", "version": 1})
    assert pad.holder_label.text() == told
