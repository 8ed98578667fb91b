# SPDX-License-Identifier: GPL-3.0-or-later
"""Files of an incident: attaching one from the workstation, saving a copy of one.

An attachment goes to the hub as one request (the hub bounds its size and keeps it under
its SHA-256); a copy is saved only after its bytes are checked against the hash the hub
recorded, so a file damaged on the way is never taken for the original.
"""

from __future__ import annotations

import asyncio
import hashlib
import mimetypes
import os
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QWidget

from hub.client import HubApiError, HubClient

# Larger files are refused before they are read (the hub's own limit is smaller).
LOCAL_LIMIT_BYTES = 16 * 1024 * 1024

ChooseOpen = Callable[[], str | None]
ChooseSave = Callable[[str], str | None]
Step = Callable[[str, int, Callable[[HubClient, int], Awaitable[Any]]], None]


class IncidentFiles(QObject):
    """Attach and save incident files for the incident controller.

    Args:
        window: the parent of the file dialogs.
        client: the session's hub client now (None when signed out).
        run_step: the controller's way of running a step (busy buttons, refusals,
            refresh of the incident).
        say: shows a message to the operator.
        refusal_text: the operator's words for a hub refusal.
    """

    def __init__(
        self,
        window: QWidget,
        client: Callable[[], HubClient | None],
        run_step: Step,
        say: Callable[[str], None],
        refusal_text: Callable[[HubApiError], str],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.window = window
        self._client = client
        self._run_step = run_step
        self._say = say
        self._refusal_text = refusal_text
        # The file choosers (tests replace them: no modal dialog offscreen).
        self.choose_open: ChooseOpen = self._ask_open
        self.choose_save: ChooseSave = self._ask_save
        self.saved: list[Path] = []  # copies saved in this session, newest last

    def attach(self, incident_id: int) -> None:
        """Ask for a file and attach it to the incident."""
        path = self.choose_open()
        if not path:
            return
        try:
            size = os.path.getsize(path)
            if size > LOCAL_LIMIT_BYTES:
                self._say(self.tr("The file is too large to attach."))
                return
            data = Path(path).read_bytes()
        except OSError:
            self._say(self.tr("The file could not be read."))
            return
        name = Path(path).name
        kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
        self._run_step(
            "attach",
            incident_id,
            lambda c, _version: c.attach_to_incident(incident_id, name, kind, data),
        )

    async def save_copy(self, incident_id: int, attachment_id: int, name: str, sha256: str) -> None:
        """Fetch an attachment, check it against its recorded hash, and save it where the
        operator says."""
        client = self._client()
        if client is None:
            return
        try:
            data = await client.incident_attachment(incident_id, attachment_id)
        except HubApiError as exc:
            self._say(self._refusal_text(exc))
            return
        if hashlib.sha256(data).hexdigest() != sha256:
            self._say(self.tr("The file arrived damaged; it was not saved. Try again."))
            return
        target = self.choose_save(name)
        if not target:
            return
        try:
            await asyncio.to_thread(_write_durably, Path(target), data)
        except OSError:
            self._say(self.tr("The copy could not be written there."))
            return
        self.saved.append(Path(target))
        self._say(self.tr("Saved %1.").replace("%1", target))

    def _ask_open(self) -> str | None:
        path, _ = QFileDialog.getOpenFileName(self.window, self.tr("Attach a file"))
        return path or None

    def _ask_save(self, name: str) -> str | None:
        path, _ = QFileDialog.getSaveFileName(
            self.window, self.tr("Save a copy"), str(Path.home() / name)
        )
        return path or None


def _write_durably(target: Path, data: bytes) -> None:
    with open(target, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
