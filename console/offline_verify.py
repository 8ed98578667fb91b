# SPDX-License-Identifier: GPL-3.0-or-later
""" "Verify a package…" from the login window, for an officer whose machine has the
console but no hub (or who has not signed in): the same dialog and the same offline check
as the Cases menu's action (:class:`console.evidence_verify.PackageVerifier`), with no
session behind it — so no trusted key is filled in; the operator pastes the fingerprint
recorded from the hub, or leaves it empty and the dialog says the package is then checked
against its own key only.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDialog, QMenu, QWidget

from console.evidence_verify import PackageVerifier
from widgets.incident_dialogs import open_dialog
from widgets.verify_dialog import VerifyDialog

if TYPE_CHECKING:
    from console.cases import CasesController


class OfflineVerifier(QObject):
    """What :class:`PackageVerifier` uses of a case controller, without a session: the
    window its dialog belongs to, a menu to hold its action, no hub client, and the
    places its dialog opens and its check runs.

    Attributes:
        verifier: the verifier (its ``choose_package`` seam, ``verified`` signal).
    """

    client = None  # never signed in: no hub key to fill in

    def __init__(self, window: QWidget, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.window = window
        self.menu = QMenu(window)  # holds the action; the login window shows a button
        self._tasks: set[asyncio.Future[Any]] = set()
        # PackageVerifier reads only the members above and ask/spawn below.
        self.verifier = PackageVerifier(cast("CasesController", self))

    def show(self) -> VerifyDialog:
        """Open (or raise) the verify dialog, saying what the key field takes here."""
        dialog = self.verifier.show()
        dialog.set_trusted("", self.key_note())
        return dialog

    def key_note(self) -> str:
        """What the trusted key field takes on a machine without a hub."""
        return self.tr(
            "Paste the key fingerprint that the sending hub published (sha256:…). Empty: "
            "the key inside the package is used (the package is shown intact, not who "
            "signed it)."
        )

    def ask(self, dialog: QDialog, answered: Callable[[int], None]) -> None:
        """Open a dialog window-modal, deleted when closed."""
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(answered)
        open_dialog(dialog)

    def spawn(self, work: Awaitable[Any]) -> None:
        """Run a check on the event loop (kept until done)."""
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def end(self) -> None:
        """The application closes: stop a check under way."""
        for task in list(self._tasks):
            task.cancel()
