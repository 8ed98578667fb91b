# SPDX-License-Identifier: GPL-3.0-or-later
"""The live wall end to end: a real hub with its media relay, the simulated fleet in its
catalogue, the console with real libVLC players, all over loopback.

What the operator sees is read from the tiles' pixels (the simulator burns the time into
every frame).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

import pytest
import qasync
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from camsim.process import FleetProcess
from console.access_reasons import GivenReason
from console.app import ConsoleApp
from console.settings import WorkstationSettings
from console.wall_controller import MAIN_SIZE, SUB_SIZE, WallMemory
from hub.audit.models import AuditRecord
from hub.catalog.contracts import CameraStatus, StreamKind
from hub.catalog.models import Camera
from hub.contracts import AccessReason, Role
from hub.testing import PASSWORD, add_user
from tests.console.conftest import MemoryKeyring
from tests.console.live_site import PLAY_TIMEOUT, LogIn, Site, wait_playing
from tests.widgets.dnd import drop_on
from tests.widgets.still_player import StillPlayer
from widgets.mime import cameras_mime
from widgets.reason_dialog import TECHNICAL_FAULT, WRITTEN_REQUEST, AccessReasonDialog
from widgets.video_tile import TileStatus

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints", "This plugin does not support raise"
)


def audit_rows(site: Site, camera_id: int) -> list[tuple[str, str, str]]:
    with site.live.hub.sessions() as s:
        rows = s.execute(
            select(AuditRecord.action, AuditRecord.outcome, AuditRecord.actor)
            .where(AuditRecord.object_id == str(camera_id))
            .order_by(AuditRecord.seq)
        )
        return [(a, o, str(u)) for a, o, u in rows]


def test_tree_drop_plays_and_maximise_switches_to_main(
    qtbot: QtBot, console: ConsoleApp, site: Site, log_in: LogIn, tmp_path: Path
) -> None:
    log_in("oper")
    window, walls = console.window, console.session.walls
    tree = window.camera_tree
    codes = sorted(row.text(0).split()[0] for row in tree.camera_rows())
    assert codes == sorted(site.cams)  # the simulator's cameras, catalogued in A1
    commune = tree.folder("Thái Nguyên", "TP Thái Nguyên", "Phường Hoàng Văn Thụ")
    assert commune is not None and commune.childCount() == len(site.cams)

    camera_id = str(site.cams["cam01"])
    assert drop_on(window.wall.tile(0), cameras_mime([camera_id]))
    wait_playing(qtbot, console, 0)
    slot = walls.slot(0)
    assert slot is not None and slot.stream is StreamKind.SUB and slot.grant_id
    player = window.wall.tile(0).player
    frame = player.latest_frame() if player else None
    assert frame is not None and (frame.width(), frame.height()) == SUB_SIZE
    window.grab().save(str(tmp_path / "wall.png"))

    # Maximised: the tile switches to the main stream; the sub grant is released.
    sub_grant = slot.grant_id
    window.wall.maximise(0)
    qtbot.waitUntil(
        lambda: (s := walls.slot(0)) is not None and s.stream is StreamKind.MAIN and bool(s.url),
        timeout=PLAY_TIMEOUT,
    )
    wait_playing(qtbot, console, 0)
    player = window.wall.tile(0).player
    qtbot.waitUntil(
        lambda: (
            (f := player.latest_frame() if player else None) is not None
            and (f.width(), f.height()) == MAIN_SIZE
        ),
        timeout=PLAY_TIMEOUT,
    )
    qtbot.waitUntil(lambda: site.relay.grants.get(sub_grant) is None, timeout=5_000)
    actions = [a for a, o, _ in audit_rows(site, int(camera_id)) if o == "success"]
    assert actions.count("stream.grant") == 2 and "stream.release" in actions
    window.wall.restore()
    qtbot.waitUntil(lambda: (s := walls.slot(0)) is not None and s.stream is StreamKind.SUB)

    # A whole folder fills the wall from the tile it is dropped on.
    assert drop_on(window.wall.tile(1), tree.mime_for([commune]))
    cameras = window.wall.model.cameras()
    assert cameras[1:] == [str(site.cams[c]) for c in sorted(site.cams)][:3]
    for cell in range(4):
        wait_playing(qtbot, console, cell)
    window.grab().save(str(tmp_path / "wall4.png"))

    # Log out: grants are released; logging in again restores the wall.
    window.logout_action.trigger()
    qtbot.waitUntil(console.dialog.isVisible, timeout=10_000)
    assert all(c is None for c in window.wall.model.cameras())
    qtbot.waitUntil(lambda: not site.relay.grants.grants(), timeout=5_000)
    log_in("oper")
    assert window.wall.model.cameras() == cameras
    wait_playing(qtbot, console, 0)


def test_a_dropped_stream_reconnects_and_plays_again(
    qtbot: QtBot, console: ConsoleApp, site: Site, log_in: LogIn, camsim_faults: FleetProcess
) -> None:
    log_in("oper")
    window = console.window
    console.session.walls.drop_camera(0, str(site.cams["cam02"]))
    wait_playing(qtbot, console, 0)
    tile = window.wall.tile(0)
    camsim_faults.set_faults("cam02", stream_drop=6)  # seconds without RTSP
    qtbot.waitUntil(lambda: tile.status is TileStatus.RECONNECTING, timeout=PLAY_TIMEOUT)
    assert tile.status_text() == tile.tr("No signal — reconnecting")
    # The stream returns by itself; the relay pulls again, the tile plays again.
    wait_playing(qtbot, console, 0, timeout=30_000)


def test_out_of_scope_user_gets_no_permission_and_the_hub_audits_it(
    qtbot: QtBot, console: ConsoleApp, site: Site, log_in: LogIn
) -> None:
    log_in("outsider")
    window = console.window
    assert window.camera_tree.camera_rows() == []  # A1's cameras are not in district B
    camera_id = site.cams["cam01"]
    console.session.walls.drop_camera(0, str(camera_id))
    tile = window.wall.tile(0)
    qtbot.waitUntil(lambda: tile.status is TileStatus.NO_PERMISSION, timeout=10_000)
    assert tile.status_text() == tile.tr("No permission")
    # The hub wrote the refusal (on the camera's territory, A1) to its audit trail.
    with site.live.hub.sessions() as db:
        denied = db.execute(
            select(AuditRecord.action, AuditRecord.object_type, AuditRecord.object_id).where(
                AuditRecord.outcome == "denied"
            )
        ).all()
    assert ("scope.denied", "territory", str(site.province.territories["A1"])) in denied
    assert not [a for a, o, _ in audit_rows(site, camera_id) if a == "stream.grant"]


def test_pushed_status_revocation_and_clock_drift(
    qtbot: QtBot, console: ConsoleApp, site: Site, log_in: LogIn
) -> None:
    log_in("oper")
    window, walls = console.window, console.session.walls
    camera_id = site.cams["cam03"]
    walls.drop_camera(2, str(camera_id))
    wait_playing(qtbot, console, 2)
    qtbot.waitUntil(lambda: console.session.events.connected, timeout=5_000)
    tile = window.wall.tile(2)

    def push(status: CameraStatus, offset: float | None) -> None:
        data = {
            "camera_id": camera_id,
            "status": status.value,
            "status_detail": None,
            "last_seen_at": None,
            "clock_offset_seconds": offset,
        }
        site.live.hub.events.publish("camera.status", data)

    push(CameraStatus.ONLINE, 12.0)
    qtbot.waitUntil(lambda: tile.clock_drift == 12.0, timeout=5_000)
    assert tile.clock_drift_text() == tile.tr("Camera clock %1 s ahead").replace("%1", "12")
    qtbot.waitUntil(
        lambda: tile.last_overlay is not None and not tile.last_overlay.warning.isEmpty(),
        timeout=5_000,
    )
    push(CameraStatus.OFFLINE, 0.5)
    qtbot.waitUntil(lambda: tile.status is TileStatus.OFFLINE, timeout=5_000)
    assert tile.clock_drift is None
    push(CameraStatus.ONLINE, 0.5)
    wait_playing(qtbot, console, 2)

    # The hub ends the grant (relay restart, expiry…): the controller gets a new one.
    slot = walls.slot(2)
    assert slot is not None and slot.grant_id
    old = slot.grant_id
    site.relay.grants.revoke(old, None, "test")
    qtbot.waitUntil(
        lambda: (s := walls.slot(2)) is not None and s.grant_id not in (None, old),
        timeout=10_000,
    )
    wait_playing(qtbot, console, 2)

    # Renewal (normally at a third of the grant's life): the same grant lives longer.
    slot = walls.slot(2)
    assert slot is not None and slot.grant_id
    grant = site.relay.grants.get(slot.grant_id)
    assert grant is not None
    site.live.clock.advance(seconds=30)
    slot.renew_at = 0.0
    qtbot.waitUntil(
        lambda: (
            (g := site.relay.grants.get(slot.grant_id or "")) is not None
            and g.expires_at > grant.expires_at
        ),
        timeout=5_000,
    )
    # The hub extends the grant before it answers; the console sets the next renewal
    # when the answer arrives, a moment later.
    qtbot.waitUntil(lambda: slot.renew_at > 0, timeout=5_000)
    assert walls.slot(2) is slot


def test_idle_lock_asks_for_password_and_code(
    qtbot: QtBot, console: ConsoleApp, site: Site, log_in: LogIn
) -> None:
    log_in("oper")
    window, lock, walls = console.window, console.session.lock, console.session.walls
    walls.drop_camera(0, str(site.cams["cam04"]))
    wait_playing(qtbot, console, 0)
    slot = walls.slot(0)
    assert slot is not None and slot.grant_id
    grant_id = slot.grant_id
    client = console.login.client
    assert client is not None
    token = client.token
    qtbot.waitUntil(lambda: lock.hub_minutes is not None, timeout=5_000)
    with site.live.client(console.login.client.token if console.login.client else "") as http:
        minutes = http.get("/api/profile").json()["security"]["console_idle_lock_minutes"]
    assert lock.idle_ms == minutes * 60_000  # the hub's profile sets the period
    console.session.saved_walls.show_dialog()  # another window of the console
    dialog = console.session.saved_walls.dialog
    assert dialog.isVisible()
    lock.set_idle_ms(300)  # … which a test cannot wait for
    qtbot.waitUntil(lambda: window.locked, timeout=5_000)
    assert not dialog.isVisible()  # nothing stays usable while locked
    overlay = window.lock_overlay
    overlay.password_edit.setText(PASSWORD)
    overlay.code_edit.setText("000000")
    overlay.unlock_button.click()
    qtbot.waitUntil(lambda: bool(overlay.error_label.text()), timeout=10_000)
    assert overlay.error_label.text() == lock.tr("Wrong password or one-time code.")
    assert window.locked
    lock.set_idle_ms(60_000)
    overlay.password_edit.setText(PASSWORD)
    overlay.code_edit.setText(site.code("oper"))
    with qtbot.waitSignal(lock.unlocked, timeout=10_000):
        overlay.unlock_button.click()
    assert not window.locked
    assert dialog.isVisible()
    dialog.hide()
    # The wall played on underneath, on the same session and grant.
    assert client.token == token and walls.slot(0) is slot and slot.grant_id == grant_id
    assert window.wall.tile(0).status is TileStatus.PLAYING
    with site.live.hub.sessions() as db:
        logins = db.scalars(
            select(AuditRecord.outcome).where(AuditRecord.action == "auth.login")
        ).all()
    assert logins.count("success") == 2  # the login, and the unlock
    # Lock now, then log out from the lock screen.
    window.lock_action.trigger()
    assert window.locked
    overlay.logout_button.click()
    qtbot.waitUntil(console.dialog.isVisible, timeout=10_000)
    assert not window.locked


class IdlePlayer(StillPlayer):
    """A still player that also paints after being stopped (no frame: black)."""

    def reading_frame(self) -> AbstractContextManager[QImage | None]:
        if self._buffers is None:
            return nullcontext(None)
        return super().reading_frame()


@pytest.fixture
def still_console(
    qtbot: QtBot,
    qloop: qasync.QEventLoop,
    site: Site,
    memory_keyring: MemoryKeyring,
    tmp_path: Path,
) -> Iterator[ConsoleApp]:
    """The console with still players: grants are real, no video is decoded."""
    app = ConsoleApp(
        site.live.url,
        WorkstationSettings(),
        player_factory=IdlePlayer,
        memory=WallMemory(tmp_path / "still.ini"),
    )
    qtbot.addWidget(app.dialog)
    qtbot.addWidget(app.window)
    app.start()
    yield app
    closing = asyncio.ensure_future(app.aclose())
    qtbot.waitUntil(closing.done, timeout=10_000)
    if shiboken6.isValid(app.window):
        app.window.wall.shutdown()


def test_swap_reshape_and_clear_move_or_release_grants(
    qtbot: QtBot, still_console: ConsoleApp, site: Site
) -> None:
    console = still_console
    with qtbot.waitSignal(console.session.walls.camerasLoaded, timeout=10_000):
        _ = console.login.log_in(site.live.url, "oper", PASSWORD, site.code("oper"))
    walls, wall = console.session.walls, console.window.wall
    ids = [str(site.cams[c]) for c in ("cam01", "cam02", "cam03")]
    walls.drop_cameras(0, ids)

    def granted() -> dict[int, str]:
        return {
            c: s.grant_id for c in range(len(wall.tiles)) if (s := walls.slot(c)) and s.grant_id
        }

    qtbot.waitUntil(lambda: len(granted()) == 3, timeout=10_000)
    before = granted()
    assert len(site.relay.grants.grants()) == 3
    # A swap moves the streams with the cameras: no new grant.
    walls.swap(0, 1)
    assert granted() == {0: before[1], 1: before[0], 2: before[2]}
    assert [wall.tile(c).player.url for c in (0, 1)] == [  # type: ignore[union-attr]
        walls.slot(0).url,  # type: ignore[union-attr]
        walls.slot(1).url,  # type: ignore[union-attr]
    ]
    # 2×2 → 1+5: cameras keep their order and their grants.
    walls.set_layout("1+5")
    assert console.window.layout_actions["1+5"].isChecked()
    qtbot.waitUntil(lambda: set(granted().values()) == set(before.values()), timeout=5_000)
    assert len(site.relay.grants.grants()) == 3
    # → 1: only the first camera stays, large, on its main stream; the others are released.
    walls.set_layout("1")
    qtbot.waitUntil(
        lambda: (
            (s := walls.slot(0)) is not None
            and s.stream is StreamKind.MAIN
            and bool(s.grant_id)
            and len(site.relay.grants.grants()) == 1
        ),
        timeout=10_000,
    )
    # Clearing the tile releases its grant; the wall is remembered empty.
    walls.clear(0)
    qtbot.waitUntil(lambda: not site.relay.grants.grants(), timeout=5_000)
    assert walls.slot(0) is None
    with site.live.client(console.login.client.token if console.login.client else "") as http:
        # The wall is remembered a moment after each change (debounced): the "1" layout
        # with its camera may be kept first, then the cleared one.
        qtbot.waitUntil(
            lambda: (
                (last := http.get("/api/walls/last").json()) is not None
                and last["layout"]["name"] == "1"
                and last["cameras"] == []
            ),
            timeout=5_000,
        )


# --- TN 6.2: a central operator opens a dedicated system with a reason ---------------


def make_dedicated(site: Site, *sims: str) -> list[int]:
    ids = [site.cams[sim] for sim in sims]
    with site.live.hub.sessions() as s, s.begin():
        for camera_id in ids:
            camera = s.get(Camera, camera_id)
            assert camera is not None
            camera.dedicated = True  # e.g. a police system (TN 6.2)
    return ids


def audit(site: Site, camera_id: int) -> list[tuple[str, str, str | None]]:
    with site.live.hub.sessions() as s:
        rows = s.execute(
            select(AuditRecord.action, AuditRecord.outcome, AuditRecord.reason)
            .where(AuditRecord.object_id == str(camera_id))
            .order_by(AuditRecord.seq)
        )
        return [(a, o, r) for a, o, r in rows]


def open_dialog(qtbot: QtBot, console: ConsoleApp) -> AccessReasonDialog:
    """The reason question, once it is on screen over the main window."""
    found: list[AccessReasonDialog] = []

    def shown() -> bool:
        dialog = console.window.findChild(AccessReasonDialog, "accessReasonDialog")
        if dialog is not None and dialog.isVisible():
            found[:] = [dialog]
            return True
        return False

    qtbot.waitUntil(shown, timeout=10_000)
    return found[0]


def test_a_dedicated_camera_opens_with_a_reason_once_per_camera_per_session(
    qtbot: QtBot, console: ConsoleApp, site: Site, log_in: LogIn
) -> None:
    cam01, cam02 = make_dedicated(site, "cam01", "cam02")
    add_user(site.live.hub, site.province, "iocop", "ioc", [Role.OPERATOR])
    log_in("iocop")
    walls, window = console.session.walls, console.window
    asked: list[str] = []
    walls.reasons.asked.connect(asked.append)

    # The hub wants a reason: the question comes up, the tile waits without playing.
    walls.drop_camera(0, str(cam01))
    dialog = open_dialog(qtbot, console)
    assert dialog.windowModality() is Qt.WindowModality.WindowModal
    assert not dialog.ok_button.isEnabled()  # OK only once a reason is chosen
    assert [b.property("reasonCode") for b in dialog.group.buttons()] == [
        r.value for r in AccessReason
    ]
    assert window.wall.tile(0).status is not TileStatus.PLAYING
    dialog.choose(WRITTEN_REQUEST, "CV 12/CA-PV01")
    dialog.ok_button.click()
    wait_playing(qtbot, console, 0)
    grants = [(a, r) for a, o, r in audit(site, cam01) if a == "stream.grant" and o == "success"]
    assert grants == [("stream.grant", WRITTEN_REQUEST)]

    # A second tile of the same camera is not asked again.
    walls.drop_camera(1, str(cam01))
    wait_playing(qtbot, console, 1)
    assert asked == [str(cam01)]
    assert window.findChild(AccessReasonDialog, "accessReasonDialog") is None
    slot = walls.slot(1)
    assert slot is not None and slot.given == GivenReason(
        AccessReason.COMPETENT_AUTHORITY_WRITTEN_REQUEST, "CV 12/CA-PV01"
    )

    # Cancel: "no permission", as without a reason, and nothing granted.
    walls.drop_camera(2, str(cam02))
    dialog = open_dialog(qtbot, console)
    dialog.reject()
    tile = window.wall.tile(2)
    qtbot.waitUntil(lambda: tile.status is TileStatus.NO_PERMISSION, timeout=10_000)
    assert not [a for a, o, _ in audit(site, cam02) if a == "stream.grant" and o == "success"]
    assert ("scope.denied", "denied") in [(a, o) for a, o, _ in audit(site, cam02)]
    assert len(site.relay.grants.grants()) == 2  # the two tiles of cam01

    # After logout the session's reasons are gone: the restored wall asks again.
    window.logout_action.trigger()
    qtbot.waitUntil(console.dialog.isVisible, timeout=10_000)
    qtbot.waitUntil(lambda: not site.relay.grants.grants(), timeout=5_000)
    asked.clear()
    log_in("iocop")
    dialog = open_dialog(qtbot, console)
    assert asked[0] in (str(cam01), str(cam02))
    dialog.choose(TECHNICAL_FAULT)
    dialog.ok_button.click()
