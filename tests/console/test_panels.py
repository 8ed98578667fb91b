# SPDX-License-Identifier: GPL-3.0-or-later
"""The main window's panels follow the selected tile: PTZ pad, archive timeline, snapshot.

End to end over loopback: the real hub with its relay, the simulated fleet catalogued,
the console's real libVLC tiles; what a tile shows is read from its pixels.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from camsim import timecode
from console.app import ConsoleApp
from hub.archive.models import EvidenceSnapshot
from hub.audit.models import AuditRecord
from hub.contracts import Role
from hub.testing import add_user
from tests.console.live_site import LogIn, Site, wait_playing
from tests.widgets.frames import to_bgra
from widgets.video_tile import TileStatus

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints", "This plugin does not support raise"
)


def shown_at(console: ConsoleApp, cell: int) -> datetime | None:
    """The time burned into the picture the tile has now."""
    player = console.window.wall.tile(cell).player
    frame = player.latest_frame() if player is not None else None
    return None if frame is None else timecode.read(to_bgra(frame))


def test_selected_tile_drives_ptz_archive_and_snapshot(
    qtbot: QtBot, console: ConsoleApp, site: Site, log_in: LogIn
) -> None:
    add_user(site.live.hub, site.province, "chief", "districtA", [Role.SUPERVISOR])
    log_in("chief")
    window, panels = console.window, console.session.panels
    walls = console.session.walls
    camera_id = site.cams["cam01"]  # a dome
    walls.drop_camera(0, str(camera_id))
    wait_playing(qtbot, console, 0)
    window.wall.select(1)
    window.wall.select(0)

    # The PTZ pad steers the selected dome; the supervisor may manage presets.
    qtbot.waitUntil(lambda: panels.ptz.camera_id == camera_id, timeout=5_000)
    qtbot.waitUntil(lambda: panels.ptz.pad.isEnabled(), timeout=5_000)

    # A time chosen on the timeline puts the selected tile into archive playback there:
    # its live grant is released, the badge says "Archive" and the picture shows that time.
    target = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=3)
    panels.binding.archiveWanted.emit(target)
    qtbot.waitUntil(lambda: panels.archive.is_archive(0) and walls.slot(0) is None)
    tile = window.wall.tile(0)
    assert tile.archive_time is not None

    def shows_the_clock() -> bool:
        at, position = shown_at(console, 0), panels.archive.clock.position()
        return (
            tile.status is TileStatus.PLAYING
            and at is not None
            and position is not None
            # The shared clock runs from the first picture: the badge is the picture's time.
            and abs((at - position).total_seconds()) <= 1.0
            and at < datetime.now(UTC) - timedelta(minutes=2)
        )

    seen: list[object] = []

    def shows_the_clock_noted() -> bool:
        at, position = shown_at(console, 0), panels.archive.clock.position()
        seen[:] = [tile.status, at, position, datetime.now(UTC)]
        return shows_the_clock()

    try:
        qtbot.waitUntil(shows_the_clock_noted, timeout=15_000)
    except Exception as exc:
        raise AssertionError(f"tile status, picture time, clock: {seen}") from exc
    qtbot.waitUntil(lambda: tile.last_overlay is not None and not tile.last_overlay.badge.isEmpty())

    # A snapshot of the archive tile is kept by the hub with its hash, time and audit.
    panels.snapshot_action.trigger()
    qtbot.waitUntil(lambda: panels.last_snapshot is not None, timeout=20_000)
    shot = panels.last_snapshot
    assert shot is not None and len(shot.sha256) == 64 and shot.camera_id == camera_id
    assert abs((shot.captured_at - target).total_seconds()) < 60
    with site.live.hub.sessions() as s:
        row = s.get(EvidenceSnapshot, shot.id)
        assert row is not None and row.sha256 == shot.sha256
        actions = s.scalars(
            select(AuditRecord.action).where(AuditRecord.object_id == str(camera_id))
        ).all()
    assert "archive.view" in actions and "snapshot.take" in actions

    # The toolbar toggle switches the selected tile back to live, then to its recordings
    # again at the wall's archive time.
    assert panels.archive_action.isChecked()
    panels.archive_action.trigger()
    qtbot.waitUntil(lambda: not panels.archive.is_archive(0) and walls.slot(0) is not None)
    assert not panels.archive_action.isChecked()
    wait_playing(qtbot, console, 0)
    panels.archive_action.trigger()  # no archive time left: one minute ago
    qtbot.waitUntil(lambda: panels.archive.is_archive(0) and walls.slot(0) is None)

    def follows_the_clock() -> bool:
        at, position = shown_at(console, 0), panels.archive.clock.position()
        return (
            tile.status is TileStatus.PLAYING
            and at is not None
            and position is not None
            and abs((at - position).total_seconds()) <= 1.0
            and at < datetime.now(UTC) - timedelta(seconds=50)
        )

    qtbot.waitUntil(follows_the_clock, timeout=15_000)

    # "Live" on the timeline: the tile gets its live grant back and plays the present.
    panels.timeline.liveRequested.emit()
    qtbot.waitUntil(lambda: not panels.archive.is_archive(0) and walls.slot(0) is not None)
    wait_playing(qtbot, console, 0)
    assert tile.archive_time is None


def test_dropping_a_camera_onto_the_selected_tile_moves_the_panels_to_it(
    qtbot: QtBot, console: ConsoleApp, site: Site, log_in: LogIn
) -> None:
    add_user(site.live.hub, site.province, "chief", "districtA", [Role.SUPERVISOR])
    log_in("chief")
    window, panels, walls = console.window, console.session.panels, console.session.walls
    window.wall.select(0)  # an empty tile is selected: the panels have no camera
    qtbot.waitUntil(lambda: panels.ptz.camera_id is None, timeout=5_000)
    dome = site.cams["cam01"]
    walls.drop_camera(0, str(dome))  # onto the tile that is already selected
    assert window.wall.selected == 0
    qtbot.waitUntil(lambda: panels.ptz.camera_id == dome, timeout=5_000)
    qtbot.waitUntil(lambda: panels.ptz.pad.isEnabled(), timeout=5_000)
    other = next(cam for key, cam in site.cams.items() if cam != dome)
    walls.drop_camera(0, str(other))  # and another camera onto it again
    qtbot.waitUntil(lambda: panels.ptz.camera_id == other, timeout=5_000)
