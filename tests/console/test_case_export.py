# SPDX-License-Identifier: GPL-3.0-or-later
"""A case's stored media leaving the hub through the console, against a real hub:

- the export copies each file to the chosen volume (a directory stands in for it; its
  identifier comes through the seam, as tests cannot mount devices), checks it and
  writes a manifest; an unregistered device is refused by the hub and nothing is
  written; a file whose hash does not match, or another device put in meanwhile, is
  said and reported to the hub;
- "Play" downloads the stored clip and plays that file with real libVLC;
- a live tile's "last minutes" are the hub's, though this workstation's clock runs
  months ahead of the hub's (the hub's ManualClock stands in January 2026);
- the tile's right-click menu, the requester's withdraw and dossier buttons, the device
  register window, and the edit form keeping the vehicle type.
"""

from __future__ import annotations

import asyncio
import errno
import hashlib
import json
import shutil
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import qasync
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from console.app import ConsoleApp
from console.case_export import MANIFEST, error_code, mount_point, volume_identifier
from console.settings import WorkstationSettings
from console.wall_controller import WallMemory
from hub.archive.clips import clip_dir
from hub.cases.models import ExtractionRequest
from hub.clock import ManualClock
from hub.contracts import Role
from hub.db import transaction
from hub.testing import PASSWORD, LiveHub, add_user, settings_for_tests
from tests.console.conftest import MemoryKeyring
from tests.console.test_cases import WAIT, CaseSite, Consoles, cases, select
from tests.hub.cases.common import QUIET, START, World, audit_actions, details, make_world
from tests.hub.cases.test_media_download import stored_media
from tests.widgets.frames import to_bgra
from tests.widgets.still_player import StillPlayer
from widgets.case_dialogs import NewCaseDialog
from widgets.extraction_dialogs import DossierDialog, ExportDialog, WithdrawDialog
from widgets.storage_devices_dialog import StorageDevicesDialog
from widgets.tile_overlay import aspect_fit
from widgets.video_tile import TileStatus

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints",
    "This plugin does not support raise",
    "This plugin does not support grabbing the keyboard",  # a popup menu, offscreen
)


@pytest.fixture
def case_site(tmp_path: Path) -> Iterator[CaseSite]:
    """A quiet DH hub whose clock stands on 6 Jan 2026, months behind this machine's."""
    settings = settings_for_tests(
        f"sqlite:///{tmp_path / 'hub.sqlite3'}", tmp_path / "data", profile="DH", **QUIET
    )
    live = LiveHub(settings, ManualClock(START)).start()
    try:
        world = make_world(live)
        add_user(live.hub, world.province, "ioc_desk", "ioc", [Role.OPERATOR, Role.CASE_WORKER])
        yield CaseSite(world)
    finally:
        live.stop()


@pytest.fixture
def consoles(
    qtbot: QtBot,
    qloop: qasync.QEventLoop,
    case_site: CaseSite,
    memory_keyring: MemoryKeyring,
    tmp_path: Path,
) -> Iterator[Consoles]:
    """Start a console (still players on the wall) signed in as a user, cases loaded."""
    started: list[ConsoleApp] = []

    def start(username: str) -> ConsoleApp:
        app = ConsoleApp(
            case_site.live.url,
            WorkstationSettings(),
            player_factory=StillPlayer,
            memory=WallMemory(tmp_path / f"{username}.ini"),
        )
        qtbot.addWidget(app.dialog)
        qtbot.addWidget(app.window)
        app.start()
        started.append(app)
        loaded = [app.session.walls.camerasLoaded, app.session.cases.loaded]
        with qtbot.waitSignals(loaded, timeout=WAIT):
            _ = app.login.log_in(case_site.live.url, username, PASSWORD, case_site.code(username))
        return app

    yield start
    for app in started:
        closing = asyncio.ensure_future(app.aclose())
        qtbot.waitUntil(closing.done, timeout=WAIT)
        if shiboken6.isValid(app.window):
            app.window.wall.shutdown()


def _register(w: World, identifier: str) -> None:
    with w.http("ioc_admin") as http:
        r = http.post(
            "/api/storage-devices",
            json={
                "identifier": identifier,
                "label": "Ổ cứng chuyên dụng",
                "owner_unit_id": w.unit("ioc"),
                "asset_number": "TS-2026-009",
                "state_owned": True,
            },
        )
        assert r.status_code == 201, r.text


def _approved_case(w: World) -> tuple[int, int, int, bytes, bytes]:
    """A sent case with a stored clip and snapshot and an approved extraction request."""
    cid = int(w.open_case()["id"])
    clip_id, snap_id, clip, jpeg = stored_media(w, cid, clip_size=3 << 20)
    w.act("ioc_cw", cid, "send", {"police_unit_id": w.unit("wardA1")})
    with w.http("ioc_req") as http:
        rid = http.post(
            f"/api/cases/{cid}/extraction-requests",
            json={"purpose": "Chuyển công an phường", "content": "Video và ảnh"},
        ).json()["id"]
    with w.http("ioc_appr") as http:
        http.post(f"/api/extraction-requests/{rid}/decide", json={"verdict": "approve"})
    return cid, clip_id, snap_id, clip, jpeg


def _export_form(qtbot: QtBot, app: ConsoleApp, case_id: int) -> ExportDialog:
    controller = cases(app)
    select(qtbot, app, case_id)
    button = controller.board.view.buttons["export"]
    qtbot.waitUntil(lambda: not button.isHidden(), timeout=WAIT)
    before = controller.dialog
    button.click()

    def asked() -> bool:
        shown = controller.dialog
        return shown is not before and isinstance(shown, ExportDialog) and shown.isVisible()

    qtbot.waitUntil(asked, timeout=WAIT)
    form = controller.dialog
    assert isinstance(form, ExportDialog)
    return form


def _volume(app: ConsoleApp, path: Path, *identifiers: str) -> None:
    """Stand ``path`` in for the chosen volume; its identifier(s), read in turn."""
    read = list(identifiers)
    media = cases(app).media
    media.choose_directory = lambda _parent, _start: path
    media.read_identifier = lambda _p: read.pop(0) if len(read) > 1 else read[0]


def test_an_export_is_copied_verified_and_described_on_the_volume(
    qtbot: QtBot, case_site: CaseSite, consoles: Consoles, tmp_path: Path
) -> None:
    w = case_site.world
    cid, clip_id, snap_id, clip, jpeg = _approved_case(w)
    _register(w, "SN-USB-0001")
    ioc = consoles("ioc_desk")
    controller = cases(ioc)
    volume = tmp_path / "USB"
    volume.mkdir()

    # A device nobody registered: the hub refuses, and nothing is written.
    form = _export_form(qtbot, ioc, cid)
    _volume(ioc, volume, "SN-PERSONAL-7")
    form.volume_button.click()
    assert form.device_identifier() == "SN-PERSONAL-7"
    with qtbot.waitSignal(controller.refused, timeout=WAIT) as refused:
        form.ok_button.click()
    assert refused.args == ["export", "case.device_not_registered"]
    assert list(volume.iterdir()) == []

    # The registered device: every file copied, read back, and described.
    form = _export_form(qtbot, ioc, cid)
    _volume(ioc, volume, "SN-USB-0001")
    form.volume_button.click()
    assert "Ổ cứng chuyên dụng" in form.device_label.text()
    with qtbot.waitSignal(controller.media.exported, timeout=30_000) as done:
        form.ok_button.click()
    export_id, ok = done.args
    copy = cases(ioc).media.last_copy
    assert ok is True, (copy.error, copy.files) if copy else None
    copy = controller.media.last_copy
    assert copy is not None and copy.folder is not None and copy.reported
    folder = copy.folder
    assert folder.parent == volume
    number = w.get(cid)["number"]
    clip_file, snap_file = folder / f"{number}-m{clip_id}.mp4", folder / f"{number}-m{snap_id}.jpg"
    assert clip_file.read_bytes() == clip and snap_file.read_bytes() == jpeg
    manifest = json.loads((folder / MANIFEST).read_text())
    assert manifest["case"] == {"id": cid, "number": number}
    assert manifest["export"]["id"] == export_id
    assert manifest["device_identifier"] == "SN-USB-0001"
    assert manifest["performed_by"] == "ioc_desk"
    assert [
        (m["media_id"], m["sha256"], m["written_sha256"], m["ok"]) for m in manifest["media"]
    ] == [
        (clip_id, hashlib.sha256(clip).hexdigest(), hashlib.sha256(clip).hexdigest(), True),
        (snap_id, hashlib.sha256(jpeg).hexdigest(), hashlib.sha256(jpeg).hexdigest(), True),
    ]
    assert not list(folder.glob("*.part"))
    outcome = controller.dialog
    assert isinstance(outcome, QMessageBox) and f"✓ {clip_file.name}" in outcome.text()
    # The hub: both downloads named the export, and the copy was reported as verified.
    fetched = [d for d in details(w, "case.view_media") if d.get("export_id") == export_id]
    assert sorted(d["media_id"] for d in fetched) == [clip_id, snap_id]
    assert audit_actions(w, "case.export_copy") == [("case.export_copy", "success", None)]
    (report,) = details(w, "case.export_copy")
    sha = hashlib.sha256((folder / MANIFEST).read_bytes()).hexdigest()
    assert report["manifest_sha256"] == sha


def test_a_bad_copy_is_said_reported_and_removed(
    qtbot: QtBot,
    case_site: CaseSite,
    consoles: Consoles,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    w = case_site.world
    cid, clip_id, _snap, clip, _jpeg = _approved_case(w)
    _register(w, "SN-USB-0002")
    ioc = consoles("ioc_desk")
    controller = cases(ioc)
    volume = tmp_path / "USB"
    volume.mkdir()

    # Another device put in between the hub's check and the copy: nothing written.
    form = _export_form(qtbot, ioc, cid)
    _volume(ioc, volume, "SN-USB-0002", "SN-OTHER-0003")
    form.volume_button.click()
    with qtbot.waitSignal(controller.media.exported, timeout=WAIT) as done:
        form.ok_button.click()
    assert done.args[1] is False
    assert list(volume.iterdir()) == []
    assert controller.media.copy_error("device_changed") in controller.dialog.text()  # type: ignore[union-attr]

    # A full device (its free space is what cannot be staged here): nothing written.
    real_usage = shutil.disk_usage
    monkeypatch.setattr(
        "console.case_export.shutil.disk_usage", lambda p: real_usage(p)._replace(free=1000)
    )
    form = _export_form(qtbot, ioc, cid)
    _volume(ioc, volume, "SN-USB-0002")
    form.volume_button.click()
    with qtbot.waitSignal(controller.media.exported, timeout=WAIT) as done:
        form.ok_button.click()
    assert done.args[1] is False and list(volume.iterdir()) == []
    assert controller.media.copy_error("disk_full") in controller.dialog.text()  # type: ignore[union-attr]
    monkeypatch.undo()

    # The hub's stored clip altered (same size): the copy's hash differs, it is removed.
    stored = clip_dir(w.live.hub) / f"{hashlib.sha256(clip).hexdigest()}.mp4"
    stored.write_bytes(bytes([clip[0] ^ 1]) + clip[1:])
    form = _export_form(qtbot, ioc, cid)
    _volume(ioc, volume, "SN-USB-0002")
    form.volume_button.click()
    with qtbot.waitSignal(controller.media.exported, timeout=30_000) as done:
        form.ok_button.click()
    assert done.args[1] is False
    copy = controller.media.last_copy
    assert copy is not None and copy.folder is not None and copy.files is not None
    by_id = {f.media_id: f for f in copy.files}
    assert by_id[clip_id].error == "hash_mismatch" and not by_id[clip_id].ok
    assert sorted(p.name for p in copy.folder.iterdir() if p.suffix == ".mp4") == []
    text = controller.dialog.text()  # type: ignore[union-attr]
    assert controller.media.copy_error("hash_mismatch") in text
    assert controller.last_message.endswith(
        controller.media.tr("The export was NOT copied completely.")
    )
    reasons = [r for _a, o, r in audit_actions(w, "case.export_copy") if o == "failed"]
    assert reasons == ["device_changed", "disk_full", "hash_mismatch"]


def test_play_downloads_the_stored_clip_and_plays_it_with_libvlc(
    qtbot: QtBot, case_site: CaseSite, consoles: Consoles, tmp_path: Path
) -> None:
    w = case_site.world
    cid = int(w.open_case()["id"])
    source = tmp_path / "clip.mp4"
    subprocess.run(
        [
            *("ffmpeg", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25"),
            *("-t", "3", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-movflags", "+faststart"),
            str(source),
        ],
        check=True,
        timeout=60,
    )
    clip_id, _snap, _stored, _jpeg = stored_media(w, cid, clip_size=100)
    real = source.read_bytes()
    sha = hashlib.sha256(real).hexdigest()
    (clip_dir(w.live.hub) / f"{sha}.mp4").write_bytes(real)
    with transaction(w.live.hub.sessions) as s:
        from hub.cases.models import CaseMedia
        from hub.privacy.models import PrivacyMask

        row = s.get(CaseMedia, clip_id)
        assert row is not None
        row.sha256, row.size, row.file_name = sha, len(real), f"{sha}.mp4"
        now = w.live.clock.now()
        s.add(  # the left half of the camera's picture is private (HCM 6.3)
            PrivacyMask(
                camera_id=row.camera_id,
                position=0,
                vertices_json=json.dumps([[0.0, 0.0], [0.5, 0.0], [0.5, 1.0], [0.0, 1.0]]),
                created_at=now,
                updated_at=now,
            )
        )
    ioc = consoles("ioc_desk")
    controller = cases(ioc)
    controller.media.cache = tmp_path / "cache"
    select(qtbot, ioc, cid)
    view = controller.board.view
    qtbot.waitUntil(lambda: view.media.topLevelItemCount() == 2, timeout=WAIT)
    view.media.setCurrentItem(view.media.topLevelItem(0))  # type: ignore[arg-type]
    with qtbot.waitSignal(controller.media.played, timeout=WAIT) as played:
        view.play_button.click()
    copy = Path(played.args[1])
    assert played.args[0] == clip_id and hashlib.sha256(copy.read_bytes()).hexdigest() == sha
    player = controller.media.player
    assert player is not None and player.tile is not None
    tile = player.tile
    qtbot.waitUntil(lambda: tile.status is TileStatus.PLAYING, timeout=WAIT)  # real libVLC
    # The clip is stored as the camera sent it: the player paints the camera's mask in.
    qtbot.waitUntil(lambda: tile.painted_frames > 3, timeout=WAIT)
    frame = tile.player.latest_frame() if tile.player else None
    assert frame is not None
    target = aspect_fit(frame.width(), frame.height(), tile.rect())
    shown = to_bgra(tile.grab().toImage())[:, :, :3]
    top, bottom = int(target.top()) + 30, int(target.bottom()) - 10
    middle = int(target.left() + target.width() / 2)
    assert int(shown[top:bottom, int(target.left()) + 4 : middle - 4].max()) == 0
    assert shown[top:bottom, middle + 4 : int(target.right()) - 4].std() > 20
    assert ("case.view_media", "success", None) in audit_actions(w, "case.view_media")
    with w.http("ioc_aud") as http:
        pd = http.get("/api/personal-data-log", params={"case_id": cid}).json()
    assert [e["action"] for e in pd if e["action"] == "view"] == ["view"]
    player.close()
    qtbot.waitUntil(lambda: not copy.exists(), timeout=WAIT)  # the copy goes with the window


def test_a_live_tile_case_takes_the_hubs_last_minutes(
    qtbot: QtBot, case_site: CaseSite, consoles: Consoles
) -> None:
    w = case_site.world
    ioc = consoles("ioc_desk")
    controller = cases(ioc)
    qtbot.waitUntil(lambda: controller.hub_time.measured, timeout=WAIT)
    # This workstation's clock runs months ahead of the hub's.
    assert datetime.now(UTC) - w.now() > timedelta(days=30)
    assert abs((controller.hub_time.now() - w.now()).total_seconds()) < 5
    ioc.session.walls.drop_camera(0, str(w.camera_id))
    ioc.window.wall.select(0)
    qtbot.waitUntil(lambda: ioc.session.panels.selected_camera() is not None, timeout=WAIT)

    # Right click on the tile: its menu, whose "Open case…" opens the form.
    tile = ioc.window.wall.tile(0)
    centre = tile.rect().center()
    event = QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, centre, tile.mapToGlobal(centre), Qt.KeyboardModifier(0)
    )
    QApplication.sendEvent(tile, event)
    menu = controller.tile_menu.menu
    assert menu is not None
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert texts[0] == controller.open_case_action.text() and len(texts) >= 3
    controller.open_case_action.trigger()
    menu.close()
    form = controller.dialog
    assert isinstance(form, NewCaseDialog)
    form.fill("red_light", "Ngã tư", "20A-999.99")
    with qtbot.waitSignal(controller.changed, timeout=WAIT) as opened:
        form.ok_button.click()
    assert opened.args[0] == "open"  # no case.range_in_future
    (span,) = w.get(int(opened.args[1]))["cameras"]
    end = datetime.fromisoformat(span["end"])
    assert timedelta(0) <= w.now() - end < timedelta(seconds=10)


def _own_request(w: World, requester: str, case_id: int, **row: Any) -> int:
    with transaction(w.live.hub.sessions) as s:
        now = w.now()
        values: dict[str, Any] = {
            "case_id": case_id,
            "kind": "standard",
            "rule": "provincial_police_leadership",
            "status": "pending_approval",
            "purpose": "Xử lý vi phạm",
            "content": "Ảnh",
            "requester_id": w.user_id(requester),
            "requester_unit_id": w.unit("ioc"),
            "created_at": now,
            "updated_at": now,
        }
        request = ExtractionRequest(**(values | row))
        s.add(request)
        s.flush()
        return request.id


def test_the_requesters_withdraw_and_dossier_buttons(
    qtbot: QtBot, case_site: CaseSite, consoles: Consoles
) -> None:
    w = case_site.world
    cid = int(w.sent_case()["id"])  # its snapshot has no file: only the requests count
    pending = _own_request(w, "ioc_req", cid)
    fast = _own_request(
        w,
        "ioc_req",
        cid,
        kind="fast",
        rule="fast_extraction_commune_chairman",
        status="fast",
        dossier_due_at=w.now() + timedelta(days=1),
    )
    asker = consoles("ioc_req")
    controller = cases(asker)
    select(qtbot, asker, cid)
    view = controller.board.view
    qtbot.waitUntil(lambda: view.extractions.topLevelItemCount() == 2, timeout=WAIT)
    ids = [view.extractions.topLevelItem(n).data(0, Qt.ItemDataRole.UserRole + 1) for n in range(2)]  # type: ignore[union-attr]
    view.extractions.setCurrentItem(view.extractions.topLevelItem(ids.index(pending)))  # type: ignore[arg-type]
    assert not view.withdraw_button.isHidden() and view.dossier_button.isHidden()
    view.withdraw_button.click()
    dialog = controller.dialog
    assert isinstance(dialog, WithdrawDialog) and not dialog.ok_button.isEnabled()
    dialog.reason_edit.setPlainText("Không cần nữa")
    with qtbot.waitSignal(controller.changed, timeout=WAIT) as done:
        dialog.ok_button.click()
    assert done.args == ["withdraw", cid]

    qtbot.waitUntil(lambda: view.extractions.topLevelItemCount() == 2, timeout=WAIT)
    ids = [view.extractions.topLevelItem(n).data(0, Qt.ItemDataRole.UserRole + 1) for n in range(2)]  # type: ignore[union-attr]
    view.extractions.setCurrentItem(view.extractions.topLevelItem(ids.index(fast)))  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: not view.dossier_button.isHidden(), timeout=WAIT)
    view.dossier_button.click()
    dossier = controller.dialog
    assert isinstance(dossier, DossierDialog)
    dossier.reference_edit.setText("HS-09/2026")
    with qtbot.waitSignal(controller.changed, timeout=WAIT) as done:
        dossier.ok_button.click()
    assert done.args == ["complete_dossier", cid]
    with transaction(w.live.hub.sessions) as s:
        statuses = {r.id: (r.status, r.dossier_reference) for r in s.query(ExtractionRequest)}
    assert statuses[pending][0] == "withdrawn" and statuses[fast][1] == "HS-09/2026"


def test_the_device_register_window(
    qtbot: QtBot, case_site: CaseSite, consoles: Consoles, tmp_path: Path
) -> None:
    w = case_site.world
    admin = consoles("ioc_admin")
    controller = cases(admin)
    qtbot.waitUntil(controller.devices_action.isEnabled, timeout=WAIT)
    _volume(admin, tmp_path, "SN-NEW-0042")
    controller.devices_action.trigger()
    dialog = controller.dialog
    assert isinstance(dialog, StorageDevicesDialog)
    dialog.read_button.click()
    assert dialog.identifier_edit.text() == "SN-NEW-0042"
    dialog.label_edit.setText("Ổ cứng phòng kỹ thuật")
    dialog.asset_edit.setText("TS-2026-042")
    assert not dialog.register_button.isEnabled()  # state-owned must be stated
    dialog.state_box.setChecked(True)
    dialog.register_button.click()
    qtbot.waitUntil(lambda: dialog.list.topLevelItemCount() == 1, timeout=WAIT)
    dialog.list.setCurrentItem(dialog.list.topLevelItem(0))  # type: ignore[arg-type]
    dialog.revoke_button.click()
    qtbot.waitUntil(lambda: not dialog.revoke_button.isEnabled(), timeout=WAIT)
    actions = [a for a, _o, _r in audit_actions(w, "storage_device.")]
    assert actions == ["storage_device.register", "storage_device.revoke"]
    # A case worker has no register window.
    worker = cases(consoles("ioc_desk"))
    assert not worker.devices_action.isEnabled()


def test_the_edit_form_keeps_the_vehicle_type(
    qtbot: QtBot, case_site: CaseSite, consoles: Consoles
) -> None:
    w = case_site.world
    cid = int(w.open_case(vehicle_type="motorbike")["id"])
    ioc = consoles("ioc_desk")
    controller = cases(ioc)
    select(qtbot, ioc, cid)
    controller.ask_edit(cid)
    form = controller.dialog
    assert isinstance(form, NewCaseDialog)
    assert form.values().vehicle_type == "motorbike"
    form.reject()


def test_the_volume_identifier_is_the_disks_serial_else_the_filesystem_uuid(
    tmp_path: Path,
) -> None:
    listing = {
        "blockdevices": [
            {
                "name": "sdb",
                "uuid": None,
                "serial": "4C530001230815104533",
                "mountpoint": None,
                "children": [
                    {
                        "name": "sdb1",
                        "uuid": "1A2B-3C4D",
                        "serial": None,
                        "mountpoint": str(mount_point(tmp_path)),
                    }
                ],
            }
        ]
    }
    assert volume_identifier(tmp_path, lambda _argv: json.dumps(listing)) == "4C530001230815104533"
    listing["blockdevices"][0]["serial"] = None
    assert volume_identifier(tmp_path, lambda _argv: json.dumps(listing)) == "1A2B-3C4D"
    listing["blockdevices"][0]["serial"] = "NOT A SERIAL"  # what the register cannot hold
    assert volume_identifier(tmp_path, lambda _argv: json.dumps(listing)) == "1A2B-3C4D"


def test_what_a_failed_write_is_called() -> None:
    """Device-level failures stop the copy and are named for the operator and the hub."""
    assert error_code(OSError(errno.ENOSPC, "No space left on device")) == "disk_full"
    assert error_code(OSError(errno.ENODEV, "No such device")) == "device_removed"
    assert error_code(OSError(errno.EIO, "Input/output error")) == "device_removed"
    assert error_code(OSError(errno.EROFS, "Read-only file system")) == "read_only"
    assert error_code(OSError(errno.EACCES, "Permission denied")) == "write_failed"
