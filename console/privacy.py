# SPDX-License-Identifier: GPL-3.0-or-later
"""Privacy masks in the console (HCM 6.3): the camera tree's "Privacy masks…" entry for
users with ``privacy.manage`` opens the mask editor on a current picture of the camera,
and saving replaces the camera's masks on the hub (audited there).

The hub decides: it refuses a camera outside the administrator's own scope and audits
every change; the console only offers the entry to those whose roles carry the right.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget

from hub.client import HubApiError, HubClient
from hub.contracts import ROLE_PERMISSIONS, Permission
from hub.privacy.contracts import PrivacyMaskIn
from widgets.camera_tree import CameraTree
from widgets.privacy_mask_editor import MaskShape, PrivacyMaskEditor

log = logging.getLogger(__name__)


class PrivacyController(QObject):
    """Opens the mask editor from the camera tree and saves through the hub."""

    def __init__(self, tree: CameraTree, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tree = tree
        self.parent_widget = parent
        self.client: HubClient | None = None
        self.editor: PrivacyMaskEditor | None = None
        self._tasks: set[asyncio.Future[Any]] = set()
        tree.privacyMasksRequested.connect(self.open_editor)

    def begin(self, client: HubClient) -> None:
        """A session started: offer the editor if my roles carry ``privacy.manage``."""
        self.client = client
        self._spawn(self._read_rights(client))

    def end(self) -> None:
        """The session ends: no editor, no entry, no pending call."""
        self.client = None
        if shiboken6.isValid(self.tree):
            self.tree.privacy_editable = False
        for task in list(self._tasks):
            task.cancel()
        if self.editor is not None and shiboken6.isValid(self.editor):
            self.editor.reject()
        self.editor = None

    async def _read_rights(self, client: HubClient) -> None:
        try:
            me = await client.me()
        except HubApiError as exc:
            log.warning("rights not read: %s", exc.code)
            return
        if client is not self.client or not shiboken6.isValid(self.tree):
            return
        perms: set[Permission] = set()
        for role in me.roles:
            perms |= ROLE_PERMISSIONS[role]
        self.tree.privacy_editable = Permission.PRIVACY_MANAGE in perms

    def open_editor(self, camera_id: str) -> None:
        """Open the editor for ``camera_id`` (a hub camera id)."""
        if self.client is None or not camera_id.isdigit():
            return
        self._spawn(self._open(self.client, int(camera_id)))

    async def _open(self, client: HubClient, camera_id: int) -> None:
        editor = PrivacyMaskEditor(self._name(camera_id), self.parent_widget)
        self.editor = editor
        editor.saveRequested.connect(
            lambda masks: self._spawn(self._save(client, camera_id, editor, masks))
        )
        editor.show()
        try:
            stored, jpeg = await asyncio.gather(
                client.privacy_masks(camera_id), client.privacy_picture(camera_id)
            )
        except HubApiError as exc:
            if shiboken6.isValid(editor):
                editor.show_error(self.refusal(exc))
                editor.save_button.setEnabled(False)
            return
        if not shiboken6.isValid(editor):
            return
        editor.set_picture(QImage.fromData(jpeg))
        editor.set_masks([(m.id, list(m.vertices)) for m in stored])

    async def _save(
        self, client: HubClient, camera_id: int, editor: PrivacyMaskEditor, masks: list[MaskShape]
    ) -> None:
        body = [PrivacyMaskIn(id=i, vertices=v) for i, v in masks]
        try:
            await client.set_privacy_masks(camera_id, body)
        except HubApiError as exc:
            if shiboken6.isValid(editor):
                editor.show_error(self.refusal(exc))
            return
        if shiboken6.isValid(editor):
            editor.saved()

    def _name(self, camera_id: int) -> str:
        item = self.tree.camera(str(camera_id))
        return f"{item.code} {item.name}" if item is not None else str(camera_id)

    def refusal(self, exc: HubApiError) -> str:
        """The text of a hub refusal."""
        texts = {
            "forbidden": self.tr("You may not change this camera's privacy masks."),
            "scope.out_of_scope": self.tr("This camera is outside your scope."),
            "privacy.degenerate_polygon": self.tr("An area has no surface; draw it again."),
            "privacy.unknown_mask": self.tr("The masks changed meanwhile; open them again."),
            "snapshot.failed": self.tr("The camera's picture could not be read."),
        }
        return texts.get(exc.code, self.tr("The hub refused (%1).").replace("%1", exc.code))

    def _spawn(self, work: Awaitable[Any]) -> None:
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
