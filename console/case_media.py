# SPDX-License-Identifier: GPL-3.0-or-later
"""A case's stored media on this workstation: "Play" and the export to a registered
device, and the register of devices itself.

**Play** plays the *stored* file, the one the hub hashed, not the camera's archive
around it: libVLC cannot send the session token in a header, so the console downloads
the file through the hub (``GET /api/cases/{id}/media/{media_id}``, allowed and audited
there) into a private folder of the user's cache, checks its SHA-256 against the hub's,
and plays that copy in a small window through the libVLC adapter; the copy is removed
when the window closes. Download-then-play is the simple honest path: what is shown is
byte for byte what the hub holds, and nothing is played that the hub did not hand out.

**Export** (:mod:`console.case_export`): the operator chooses the volume, its device's
identifier is read from it, the hub checks it against the register (refused and audited
when not registered: nothing is written), then the files are copied and checked, a
manifest written, and the outcome shown per file and reported to the hub.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from pydantic import ValidationError
from PySide6.QtCore import QCoreApplication, QObject, QStandardPaths, Signal
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from console.case_export import (
    CopyError,
    ExportCopy,
    default_media_dir,
    download,
    error_code,
    volume_identifier,
)
from console.case_rows import request_label
from hub.cases import contracts as cc
from hub.client import HubApiError
from hub.contracts import Permission
from widgets.case_player import MediaPlayerDialog
from widgets.extraction_dialogs import ExportDialog
from widgets.player import TilePlayer, VideoPlayer
from widgets.storage_devices_dialog import DeviceItem, StorageDevicesDialog

if TYPE_CHECKING:
    from console.cases import CasesController

EFFECTIVE = frozenset({cc.ExtractionStatus.APPROVED, cc.ExtractionStatus.FAST})


def choose_directory(parent: QWidget, start: Path) -> Path | None:
    """Ask for a mounted volume (a directory), starting at ``start``."""
    title = QCoreApplication.translate("CaseMediaActions", "Choose the volume of the device")
    chosen = QFileDialog.getExistingDirectory(parent, title, str(start))
    return Path(chosen) if chosen else None


def cache_dir() -> Path:
    """The private folder of downloaded media (the user's cache; only the user reads it)."""
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.CacheLocation)
    return Path(base or Path.home() / ".cache") / "case-media"


class CaseMediaActions(QObject):
    """Play, export and the device register for the case controller.

    ``choose_directory`` and ``read_identifier`` are seams: tests stand a directory in for
    the volume and give its identifier (they cannot mount a device).

    Signals:
        played(int, str): a medium's stored file is on show (media id, local copy).
        exported(int, bool): an export was copied (export id, every file verified).
    """

    played = Signal(int, str)
    exported = Signal(int, bool)

    def __init__(self, cases: CasesController) -> None:
        super().__init__(cases)
        self.cases = cases
        self.choose_directory: Callable[[QWidget, Path], Path | None] = choose_directory
        self.read_identifier: Callable[[Path], str | None] = volume_identifier
        self.cache = cache_dir()
        self.player_factory: Callable[[], TilePlayer] = VideoPlayer
        self.player: MediaPlayerDialog | None = None
        self.last_copy: ExportCopy | None = None
        self.devices_dialog: StorageDevicesDialog | None = None

    # -- play -------------------------------------------------------------------------------

    async def play(self, case_id: int, media_id: int) -> None:
        """Download the stored file (hash checked) and show it in a player window."""
        cases, client = self.cases, self.cases.client
        detail = cases.shown()
        found = [m for m in detail.media if m.id == media_id] if detail else []
        if client is None or detail is None or detail.row.id != case_id or not found:
            return
        medium = found[0]
        self.cache.mkdir(parents=True, exist_ok=True, mode=0o700)
        suffix = ".mp4" if medium.kind == "clip" else ".jpg"
        target = self.cache / f"{medium.sha256[:16]}-{secrets.token_hex(4)}{suffix}"
        cases.say(self.tr("Fetching the stored file from the hub…"))
        try:
            await download(client, case_id, medium.id, medium.sha256, target)
        except (HubApiError, CopyError, OSError) as exc:
            if isinstance(exc, HubApiError):
                cases.refuse("play", exc)
            else:
                cases.say(self.copy_error(error_code(exc)))
            return
        if client is not cases.client or not shiboken6.isValid(cases.window):
            target.unlink(missing_ok=True)
            return
        if self.player is not None and shiboken6.isValid(self.player):
            self.player.close()
        title = f"{detail.row.number} — {medium.camera_name}"
        dialog = MediaPlayerDialog(
            target,
            medium.kind,
            title,
            medium.sha256,
            cases.window,
            self.player_factory,
            masks=medium.masks,
        )
        dialog.closed.connect(lambda: target.unlink(missing_ok=True))
        dialog.finished.connect(lambda _r: target.unlink(missing_ok=True))
        self.player = dialog
        dialog.show()
        self.played.emit(media_id, str(target))

    # -- export -----------------------------------------------------------------------------

    async def ask_export(self, case_id: int) -> None:
        """Export under an approved (or fast) request to the chosen registered device."""
        cases, client = self.cases, self.cases.client
        if client is None:
            return
        try:
            detail, devices = await asyncio.gather(client.case(case_id), client.storage_devices())
        except HubApiError as exc:
            cases.refuse("export", exc)
            return
        requests = [
            (r.id, request_label(r)) for r in detail.extraction_requests if r.status in EFFECTIVE
        ]
        if not requests:
            cases.say(self.tr("Export needs an approved extraction request first."))
            return
        registered = [(d.identifier, d.label) for d in devices if d.revoked_at is None]
        dialog = ExportDialog(requests, registered, cases.window)
        dialog.volumeRequested.connect(lambda: self._choose_volume(dialog))

        def answered(result: int) -> None:
            if result != QDialog.DialogCode.Accepted.value or dialog.volume is None:
                return
            try:
                req = cc.ExportIn(**dialog.answers())
            except ValidationError:
                cases.refuse("export", HubApiError(422, "invalid_input", "error.invalid_input"))
                return
            cases.spawn(self.export(detail, req, Path(dialog.volume)))

        cases.ask(dialog, answered)

    def _choose_volume(self, dialog: ExportDialog) -> None:
        start = default_media_dir()
        chosen = self.choose_directory(dialog, start if start.is_dir() else Path.home())
        if chosen is not None and shiboken6.isValid(dialog):
            dialog.set_volume(str(chosen), self.read_identifier(chosen))

    async def export(self, detail: cc.CaseDetail, req: cc.ExportIn, volume: Path) -> bool:
        """Have the hub check and record the export, then copy it to ``volume``."""
        cases, client = self.cases, self.cases.client
        if client is None:
            return False
        try:
            out = await client.export_case_media(detail.id, req)
        except HubApiError as exc:
            cases.refuse("export", exc)  # nothing is written
            cases.fetch_detail(detail.id)
            return False
        cases.say(self.tr("Copying %1 file(s) to the device…").replace("%1", str(len(out.items))))
        copy = ExportCopy(client, detail, out, volume, self.read_identifier, cases.hub_time.now)
        self.last_copy = copy
        ok = await copy.run()
        if client is not cases.client:
            return ok
        self._show_outcome(copy, ok)
        cases.fetch_detail(detail.id)
        cases.changed.emit("export", detail.id)
        self.exported.emit(out.id, ok)
        return ok

    def _show_outcome(self, copy: ExportCopy, ok: bool) -> None:
        lines = [
            ("✓ " if f.ok else "✗ ")
            + f.file
            + ("" if f.ok else " — " + self.copy_error(f.error or "write_failed"))
            for f in copy.files or []
        ]
        if copy.error is not None:
            lines.insert(0, self.copy_error(copy.error))
        if not copy.reported:
            lines.append(self.tr("The hub could not be told how the copy went."))
        folder = str(copy.folder) if copy.folder else str(copy.volume)
        summary = (
            self.tr("Export copied and verified to %1.").replace("%1", folder)
            if ok
            else self.tr("The export was NOT copied completely.")
        )
        self.cases.say(summary)
        box = QMessageBox(
            QMessageBox.Icon.Information if ok else QMessageBox.Icon.Warning,
            self.tr("Export"),
            summary + "\n\n" + "\n".join(lines),
            QMessageBox.StandardButton.Ok,
            self.cases.window,
        )
        box.setObjectName("exportOutcome")
        self.cases.ask(box, lambda _r: None)

    def copy_error(self, code: str) -> str:
        """What the operator reads for a copy's failure code."""
        texts = {
            "device_changed": self.tr(
                "The device on this volume is not the one the hub checked; nothing was written."
            ),
            "device_removed": self.tr("The device was removed or stopped answering."),
            "disk_full": self.tr("The device is full."),
            "read_only": self.tr("The device is read-only."),
            "hash_mismatch": self.tr(
                "The SHA-256 of the copy differs from the hub's; the copy was removed."
            ),
            "download_failed": self.tr("The hub did not hand out the file."),
        }
        return texts.get(code, self.tr("The file could not be written."))

    # -- the register of devices --------------------------------------------------------------

    def show_devices(self) -> None:
        """The register of storage devices (``storage_device.manage``)."""
        cases = self.cases
        if Permission.STORAGE_DEVICE_MANAGE not in cases.permissions or cases.client is None:
            cases.say(self.tr("Only the technical administration keeps the device register."))
            return
        units = [(u, name) for u, name in cases.units]
        dialog = StorageDevicesDialog(units, cases.window)
        dialog.registerRequested.connect(lambda values: cases.spawn(self._register(values)))
        dialog.revokeRequested.connect(lambda device_id: cases.spawn(self._revoke(device_id)))
        dialog.readVolumeRequested.connect(lambda: self._read_for_register(dialog))
        self.devices_dialog = dialog
        cases.ask(dialog, lambda _r: None)
        cases.spawn(self.load_devices())

    async def load_devices(self) -> None:
        """Fill the register window from the hub."""
        client, dialog = self.cases.client, self.devices_dialog
        if client is None or dialog is None:
            return
        try:
            devices = await client.storage_devices()
        except HubApiError as exc:
            dialog.say(self.cases.texts.refusal(exc))
            return
        if shiboken6.isValid(dialog):
            dialog.set_devices([device_item(d) for d in devices])

    def _read_for_register(self, dialog: StorageDevicesDialog) -> None:
        start = default_media_dir()
        chosen = self.choose_directory(dialog, start if start.is_dir() else Path.home())
        if chosen is not None and shiboken6.isValid(dialog):
            dialog.set_identifier(self.read_identifier(chosen))

    async def _register(self, values: dict[str, object]) -> None:
        client, dialog = self.cases.client, self.devices_dialog
        if client is None or dialog is None:
            return
        try:
            out = await client.register_storage_device(cc.StorageDeviceCreate(**values))  # type: ignore[arg-type]
        except ValidationError:
            dialog.say(self.cases.texts.refusal(HubApiError(422, "invalid_input", "")))
            return
        except HubApiError as exc:
            dialog.say(self.cases.texts.refusal(exc))
            return
        if shiboken6.isValid(dialog):
            dialog.clear_form()
            dialog.say(self.tr("%1 registered.").replace("%1", out.identifier))
        await self.load_devices()

    async def _revoke(self, device_id: int) -> None:
        client, dialog = self.cases.client, self.devices_dialog
        if client is None or dialog is None:
            return
        try:
            out = await client.revoke_storage_device(device_id)
        except HubApiError as exc:
            dialog.say(self.cases.texts.refusal(exc))
            return
        if shiboken6.isValid(dialog):
            dialog.say(self.tr("%1 revoked.").replace("%1", out.identifier))
        await self.load_devices()

    def end(self) -> None:
        """The session ends: close the player (its copy goes) and the register window."""
        for window in (self.player, self.devices_dialog):
            if window is not None and shiboken6.isValid(window):
                window.close()
        self.player = None
        self.devices_dialog = None
        with contextlib.suppress(OSError):
            for left in self.cache.glob("*.part"):
                os.unlink(left)


def device_item(d: cc.StorageDeviceOut) -> DeviceItem:
    """A registered device as the register window lists it."""
    return DeviceItem(
        id=d.id,
        identifier=d.identifier,
        label=d.label,
        owner_unit=d.owner_unit_name,
        asset_number=d.asset_number,
        registered_by=d.registered_by or "",
        registered_at=d.registered_at,
        revoked_at=d.revoked_at,
    )
