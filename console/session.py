# SPDX-License-Identifier: GPL-3.0-or-later
"""Session controller: keeps the main window's hub state current and logs the user out."""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QObject, QTimer, Signal

from console.login import async_slot
from console.settings import WorkstationSettings
from hub.client import HubApiError, HubClient
from widgets.main_window import MainWindow

POLL_MS = 5000


class SessionController(QObject):
    """Polls the hub's health for the status bar and turns "Log out" into a hub call.

    Signals:
        loggedOut(): the session ended; the token is forgotten.
    """

    loggedOut = Signal()

    def __init__(
        self,
        window: MainWindow,
        settings: WorkstationSettings,
        poll_ms: int = POLL_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.window = window
        self.settings = settings
        self.client: HubClient | None = None
        self.url = ""
        self._polling = False
        self._timer = QTimer(self)
        self._timer.setInterval(poll_ms)
        self._timer.timeout.connect(self.poll)
        window.logoutRequested.connect(self.log_out)

    def begin(self, client: HubClient, url: str, username: str) -> None:
        """A session started: show the user and start watching the hub."""
        self.client, self.url = client, url
        self.window.set_user(username)
        self.window.set_hub_state(url, True)
        self._timer.start()
        QTimer.singleShot(0, self.poll)

    def end(self) -> None:
        """Stop watching the hub (the window is hidden or closing)."""
        self._timer.stop()
        self.client = None

    @async_slot()
    async def poll(self) -> None:
        """Ask the hub whether it is alive; never blocks the event loop."""
        client = self.client
        if client is None or self._polling:
            return
        self._polling = True
        try:
            await client.health()
            connected = True
        except HubApiError:
            connected = False
        finally:
            self._polling = False
        if self.client is client:
            self.window.set_hub_state(self.url, connected)

    @async_slot()
    async def log_out(self) -> None:
        """End the session at the hub (if it answers), forget the token, go back to login."""
        client = self.client
        self.end()
        if client is not None:
            # The hub may be gone or the session already over: log out locally anyway.
            with contextlib.suppress(HubApiError):
                await client.logout()
        self.settings.forget_token()
        self.loggedOut.emit()
