# SPDX-License-Identifier: GPL-3.0-or-later
"""Session controller: one signed-in session of the main window, from login to logout.

It starts and stops the session's parts: the hub's push stream (:class:`EventStream`),
the wall (:class:`WallController`), the PTZ pad, archive timeline and snapshots
(:class:`OperatorPanels`), the saved walls and last wall on the hub
(:class:`WallsController`), the idle lock (:class:`IdleLock`), and the health poll that,
with the push stream, keeps the status bar's hub state current.
"""

from __future__ import annotations

import contextlib

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal

from console.events import EventStream
from console.lock import IdleLock
from console.login import async_slot
from console.panels import OperatorPanels
from console.settings import WorkstationSettings
from console.wall_controller import WallController, WallMemory
from console.walls import WallsController
from hub.client import HubApiError, HubClient
from widgets.main_window import MainWindow

POLL_MS = 5000


class SessionController(QObject):
    """Runs a session's parts and turns "Log out" (toolbar or lock screen) into a hub call.

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
        memory: WallMemory | None = None,
        events: EventStream | None = None,
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
        self.events = events or EventStream(parent=self)
        # Saved walls (named, shared per unit, pushed to displays) and the last wall, on the hub.
        self.saved_walls = WallsController(window.wall, window)
        window.toolbar.addAction(self.saved_walls.open_action)
        self.walls = WallController(
            window, self.events, memory, parent=self, last_wall=self.saved_walls
        )
        # PTZ pad, archive timeline and snapshots, following the selected tile.
        self.panels = OperatorPanels(window, self.walls, self.events, parent=self)
        self.lock = IdleLock(window, settings, parent=self)
        self.events.connectionChanged.connect(self._stream_state)
        self.events.sessionEnded.connect(lambda _code: self.log_out())
        window.logoutRequested.connect(self.log_out)

    def begin(self, client: HubClient, url: str, username: str) -> None:
        """A session started: show the user and start the session's parts."""
        self.client, self.url = client, url
        self.window.set_user(username)
        self.window.set_hub_state(url, True)
        self._timer.start()
        QTimer.singleShot(0, self.poll)
        self.events.start(client)
        self.saved_walls.begin(client, None)
        self.walls.begin(client, url, username)
        self.panels.begin(client, username)
        self.lock.begin(client, url, username)
        QTimer.singleShot(0, self._read_unit)

    def end(self) -> None:
        """Stop watching the hub (the window is hidden or closing)."""
        self._timer.stop()
        self.events.stop()
        self.lock.end()
        if shiboken6.isValid(self.saved_walls):
            self.saved_walls.end()
        self.client = None

    async def aclose(self) -> None:
        """End the session's parts and release the wall's grants (console closing)."""
        self._timer.stop()
        self.lock.end()
        await self.events.aclose()
        await self.panels.end()  # stops a PTZ move, releases archive grants
        await self.walls.end()  # keeps the last wall on the hub and releases grants
        self.end()

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
    async def _read_unit(self) -> None:
        """The user's unit, which saved walls are shared with."""
        client = self.client
        if client is None:
            return
        try:
            me = await client.me()
        except HubApiError:
            return
        if client is self.client and self.saved_walls.client is client:
            self.saved_walls.unit_id = me.unit_id

    def _stream_state(self, connected: bool) -> None:
        if self.client is not None and shiboken6.isValid(self.window):
            self.window.set_hub_state(self.url, connected)

    @async_slot()
    async def log_out(self) -> None:
        """Release the wall's grants, end the session at the hub (if it answers), forget
        the token, go back to login."""
        client = self.client
        if client is None:
            return
        await self.panels.end()  # stops a PTZ move, releases archive grants
        await self.walls.end()  # it keeps the last wall and releases grants
        self.end()
        # The hub may be gone or the session already over: log out locally anyway.
        with contextlib.suppress(HubApiError):
            await client.logout()
        self.settings.forget_token()
        self.loggedOut.emit()
