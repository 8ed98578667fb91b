# SPDX-License-Identifier: GPL-3.0-or-later
"""``vwall --display`` against a real hub, relay and simulated fleet: the display shows
its wall, follows what an operator pushes, and blanks at once when revoked."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import stat
import subprocess
import sys
from collections.abc import Coroutine, Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
import qasync
from keyring.backend import KeyringBackend
from keyring.errors import KeyringError
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from camsim.process import FleetProcess
from console.display import DisplayController, DisplayCredentials, Enrolment
from console.walls import WallsController, content_of, layout_of
from hub.audit.models import AuditRecord
from hub.catalog.contracts import StreamGrantOut, StreamKind
from hub.client import HubApiError, HubClient
from hub.contracts import Role
from hub.db import transaction
from hub.testing import (
    LiveHub,
    Province,
    add_user,
    login,
    seed_province,
    settings_for_tests,
    wait_until,
)
from hub.walls.models import Display
from layouts import PRESET_NAMES, preset
from tests.console.conftest import MemoryKeyring
from tests.hub.walls.helpers import add_camera, enrol, grid, wall_body
from tests.widgets.still_player import StillPlayer
from widgets.display_window import DisplayWindow
from widgets.player import VideoPlayer
from widgets.video_tile import TileStatus
from widgets.wall import WallView
from widgets.walls_dialog import CURRENT_WALL

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
FIRST_FRAME_MS = 20_000


def _finish(qtbot: QtBot, work: Coroutine[Any, Any, Any]) -> None:
    """Run ``work`` on the (already running) qasync loop and wait for it."""
    task = asyncio.ensure_future(work)
    qtbot.waitUntil(task.done, timeout=15_000)
    task.result()


@pytest.fixture
def live(tmp_path: Path) -> Iterator[LiveHub]:
    """A real hub with its media relay (GStreamer worker) on."""
    settings = settings_for_tests(
        f"sqlite:///{tmp_path / 'hub.sqlite3'}", tmp_path / "data", media_relay=True
    )
    hub = LiveHub(settings).start()
    yield hub
    hub.stop()


@pytest.fixture
def site(live: LiveHub, camsim_fleet: FleetProcess) -> dict[str, Any]:
    """Three simulated cameras in commune A1, a wall shared with district A, a display."""
    p: Province = seed_province(live.hub)
    add_user(live.hub, p, "admin", "districtA", [Role.ADMIN])
    add_user(live.hub, p, "operator1", "districtA", [Role.OPERATOR])
    cams = []
    for entry in camsim_fleet.cameras[:3]:
        cams.append(
            add_camera(
                live.hub,
                p,
                name=str(entry["name"]),
                rtsp_sub_url=str(entry["rtsp"]["sub"]),
                rtsp_main_url=str(entry["rtsp"]["main"]),
                credentials=(str(entry["username"]), str(entry["password"])),
            )
        )
    op, admin = login(live, p, "operator1"), login(live, p, "admin")
    with live.client(op) as http:
        r = http.post("/api/walls", json=wall_body("Phòng trực", cams[:2], p.units["districtA"]))
        assert r.status_code == 201, r.text
        wall = r.json()
    display = enrol(live, admin, p.units["districtA"], [wall["id"]])
    return {
        "cams": cams,
        "wall": wall,
        "display": display,
        "op": op,
        "admin": admin,
        "unit_id": p.units["districtA"],
    }


@pytest.fixture
def display(
    qtbot: QtBot, qloop: qasync.QEventLoop, live: LiveHub, site: dict[str, Any]
) -> Iterator[tuple[DisplayWindow, DisplayController]]:
    window = DisplayWindow(VideoPlayer)
    qtbot.addWidget(window)
    client = HubClient(live.url)
    client.token = site["display"]["token"]
    controller = DisplayController(window, client, retry_ms=200)
    window.resize(640, 360)
    window.show()
    QTimer.singleShot(0, controller.start)
    yield window, controller
    controller.stop()
    if window.wall is not None:
        window.wall.shutdown()
    _finish(qtbot, client.aclose())


def _playing(window: DisplayWindow, cells: list[int]) -> bool:
    wall = window.wall
    return wall is not None and all(wall.tile(c).status is TileStatus.PLAYING for c in cells)


def test_display_shows_its_wall_then_the_pushed_one_and_blanks_when_revoked(
    qtbot: QtBot, live: LiveHub, site: dict[str, Any], display: tuple[DisplayWindow, Any]
) -> None:
    window, controller = display
    cams = site["cams"]
    # Its bound wall: the two cameras play real video through display grants.
    qtbot.waitUntil(lambda: _playing(window, [0, 1]), timeout=FIRST_FRAME_MS)
    wall = window.wall
    assert wall is not None and wall.model.rows == 2 and wall.model.cols == 2
    assert [t.camera_id for t in wall.tiles] == [str(cams[0]), str(cams[1]), None, None]

    # An operator pushes another layout with the third camera, pinned to the main stream.
    body = {
        "content": {
            "layout": grid(1, 2, "1x2"),
            "cameras": [{"cell": 1, "camera_id": cams[2], "stream": "main"}],
        },
        "name": "Sự cố",
    }
    with (
        qtbot.waitSignal(controller.wallShown, timeout=10_000) as shown,
        live.client(site["op"]) as http,
    ):
        r = http.post(f"/api/displays/{site['display']['id']}/show", json=body)
        assert r.status_code == 200, r.text
    assert shown.args == ["Sự cố"]
    qtbot.waitUntil(lambda: _playing(window, [1]), timeout=FIRST_FRAME_MS)
    wall = window.wall
    assert wall is not None and (wall.model.rows, wall.model.cols) == (1, 2)
    assert [t.camera_id for t in wall.tiles] == [None, str(cams[2])]
    relay = live.hub.services["relay"]
    held = {(g.camera_id, g.stream.value) for g in relay.grants.grants() if g.owner.display_id}
    assert (cams[2], "main") in held

    # Revoked: the screen blanks at once and says so; the display's grants are gone.
    with live.client(site["admin"]) as http:
        assert http.post(f"/api/displays/{site['display']['id']}/revoke").status_code == 200
    revoked_text = controller.tr("Display revoked — contact the administrator")
    qtbot.waitUntil(lambda: window.message == revoked_text, timeout=5_000)
    assert window.wall is None and controller.is_revoked
    assert not [g for g in relay.grants.grants() if g.owner.display_id]
    # Every view was recorded as the display's, never with the grant's URL.
    with transaction(live.hub.sessions) as db:
        records = db.scalars(
            select(AuditRecord).where(AuditRecord.actor == f"display:{site['display']['id']}")
        ).all()
        actions = {r.action for r in records}
        assert {"access.image.live", "stream.grant", "stream.release"} <= actions
        assert not any("/media/" in json.dumps(r.detail) for r in records)


def test_a_grant_answered_too_late_is_asked_again_while_the_hub_stays_up(
    qtbot: QtBot,
    qloop: qasync.QEventLoop,
    live: LiveHub,
    site: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The hub issued the grant but the answer came after the client gave up (a hub busy
    with a whole wall's grants): the event stream stayed up, so no "hub back" will come;
    the tile asks again by itself and plays."""
    window = DisplayWindow(VideoPlayer)
    qtbot.addWidget(window)
    client = HubClient(live.url)
    client.token = site["display"]["token"]
    real_grant = client.display_grant
    late: list[int] = []

    async def too_late(camera_id: int, stream: StreamKind) -> StreamGrantOut:
        grant = await real_grant(camera_id, stream)
        if not late:
            late.append(camera_id)
            raise HubApiError(0, "network", "error.network")  # the read timed out
        return grant

    monkeypatch.setattr(client, "display_grant", too_late)
    controller = DisplayController(window, client, retry_ms=200)
    window.resize(640, 360)
    window.show()
    QTimer.singleShot(0, controller.start)
    try:
        qtbot.waitUntil(lambda: _playing(window, [0, 1]), timeout=FIRST_FRAME_MS)
        assert late and not controller.hub_lost
    finally:
        controller.stop()
        if window.wall is not None:
            window.wall.shutdown()
        _finish(qtbot, client.aclose())


def test_a_refused_token_blanks_at_start(
    qtbot: QtBot, qloop: qasync.QEventLoop, live: LiveHub
) -> None:
    window = DisplayWindow(VideoPlayer)
    qtbot.addWidget(window)
    client = HubClient(live.url)
    client.token = "not-a-display-token"
    controller = DisplayController(window, client)
    with qtbot.waitSignal(controller.revoked, timeout=5_000):
        QTimer.singleShot(0, controller.start)
    assert window.message == controller.tr("Display revoked — contact the administrator")
    _finish(qtbot, client.aclose())


class BrokenKeyring(KeyringBackend):
    priority = 1

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]

    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringError("no keyring here")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringError("no keyring here")

    def delete_password(self, service: str, username: str) -> None:
        raise KeyringError("no keyring here")


def test_enrolment_token_in_keyring_or_a_0600_file(
    tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    creds = DisplayCredentials(fallback=tmp_path / "display-token.json")
    assert creds.load() is None
    assert creds.store(Enrolment("http://hub:8470", "tok1")) == "keyring"
    assert creds.load() == Enrolment("http://hub:8470", "tok1")
    assert not creds.fallback.exists()
    keyring.set_keyring(BrokenKeyring())
    assert creds.store(Enrolment("http://hub:8470", "tok2")) == str(creds.fallback)
    assert stat.S_IMODE(creds.fallback.stat().st_mode) == 0o600
    assert creds.load() == Enrolment("http://hub:8470", "tok2")


def test_vwall_display_without_enrolment_says_how(tmp_path: Path, memory_keyring: Any) -> None:
    from console.app import main

    creds = DisplayCredentials(fallback=tmp_path / "none.json")
    from console import display

    assert display.main(["--display"], credentials=creds) == 2
    assert display.main(["--display", "--enrol-token", "t"], credentials=creds) == 2
    assert callable(main)


def test_operator_saves_opens_shares_and_pushes_walls(
    qtbot: QtBot, live: LiveHub, site: dict[str, Any], qloop: qasync.QEventLoop
) -> None:
    cams = site["cams"]
    operator_wall = WallView(preset("2x2"), player_factory=StillPlayer)
    qtbot.addWidget(operator_wall)
    client = HubClient(live.url)
    client.token = site["op"]
    walls = WallsController(operator_wall)
    walls.begin(client, site["unit_id"])
    model = operator_wall.model
    model.reshape(preset("1+5"))
    model.assign(0, str(cams[2]))
    model.assign(3, str(cams[0]))

    _finish(qtbot, walls.save("Giao ban", True))
    saved = next(w for w in walls.walls if w.name == "Giao ban")
    assert saved.shared_unit_id == site["unit_id"]
    assert [(c.cell, c.camera_id) for c in saved.cameras] == [(0, cams[2]), (3, cams[0])]
    assert walls.dialog.list.count() == 2  # and the fixture's wall

    # Another layout on the wall, then the saved wall back: geometry and cameras.
    model.reshape(preset("3x3"))
    model.clear()
    with qtbot.waitSignal(walls.opened, timeout=5_000):
        _finish(qtbot, walls.open(saved.id))
    assert model.name == "1+5" and model.cameras()[0] == str(cams[2])
    assert model.cameras()[3] == str(cams[0])

    # Stop sharing; saving the same name again replaces it, never duplicates.
    _finish(qtbot, walls.share(saved.id, False))
    _finish(qtbot, walls.save("Giao ban", False))
    assert [w.name for w in walls.walls].count("Giao ban") == 1

    # The last wall on the hub comes back after a reshape.
    _finish(qtbot, walls.remember_last())
    model.reshape(preset("1"))
    _finish(qtbot, walls.restore_last())
    assert model.name == "1+5" and model.cameras()[3] == str(cams[0])

    # Push the current wall to the display the operator may push to.
    window = DisplayWindow(StillPlayer)
    qtbot.addWidget(window)
    display_client = HubClient(live.url)
    display_client.token = site["display"]["token"]
    controller = DisplayController(window, display_client)
    with qtbot.waitSignal(controller.wallShown, timeout=10_000):
        QTimer.singleShot(0, controller.start)
    _finish(qtbot, walls.refresh())
    assert walls.dialog.display_combo.count() == 1
    with qtbot.waitSignal(controller.wallShown, timeout=10_000):
        _finish(qtbot, walls.push(site["display"]["id"], CURRENT_WALL))
    shown = window.wall
    assert shown is not None and shown.model.name == "1+5"
    assert shown.model.cameras()[0] == str(cams[2])
    qtbot.waitUntil(
        lambda: (
            (player := shown.tile(0).player) is not None
            and isinstance(player, StillPlayer)
            and (player.url or "").startswith("http://")
        ),
        timeout=10_000,
    )
    # Bad input is said, nothing is written: an empty name.
    _finish(qtbot, walls.save("", False))
    assert walls.dialog.error_label.text()
    controller.stop()
    operator_wall.shutdown()
    if window.wall is not None:
        window.wall.shutdown()
    _finish(qtbot, client.aclose())
    _finish(qtbot, display_client.aclose())


@pytest.mark.parametrize("name", PRESET_NAMES)
def test_wall_content_round_trips_for_every_preset(name: str) -> None:
    wall = preset(name)
    for index in range(0, len(wall), 2):
        wall.assign(index, str(10 + index))
    if len(wall) > 1:
        wall.assign(1, "not-a-hub-id")  # left out: the hub knows cameras by number
    content = content_of(wall)
    assert all("camera_id" not in cell for cell in content.layout["cells"])
    back = layout_of(content.layout, content.cameras)
    expected = [None if cam == "not-a-hub-id" else cam for cam in wall.cameras()]
    assert back.cameras() == expected
    assert [(c.row, c.col, c.row_span, c.col_span) for c in back.cells] == [
        (c.row, c.col, c.row_span, c.col_span) for c in wall.cells
    ]


def test_vwall_display_process_enrols_runs_and_stops(
    live: LiveHub, site: dict[str, Any], tmp_path: Path
) -> None:
    """``vwall --display --enrol-token … --hub …`` as a real process: without a keyring the
    token lands in a 0600 file, the display calls the hub, and SIGTERM ends it cleanly."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    token, display_id = site["display"]["token"], site["display"]["id"]
    cmd = [sys.executable, "-m", "console.app", "--display", "--windowed"]
    proc = subprocess.Popen(
        [*cmd, "--enrol-token", token, "--hub", live.url],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:

        def seen() -> bool:
            with transaction(live.hub.sessions) as s:
                row = s.get(Display, display_id)
                return row is not None and row.last_seen_at is not None

        wait_until(seen, timeout=30, what="the display process calling the hub")
        kept = tmp_path / "config" / "vwall" / "display-token.json"
        assert stat.S_IMODE(kept.stat().st_mode) == 0o600
        assert token in kept.read_text()
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, out
    assert "display token kept in" in out and token not in out
