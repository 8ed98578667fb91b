# SPDX-License-Identifier: GPL-3.0-or-later
"""Session controller: one signed-in session of the main window, from login to logout.

It starts and stops the session's parts: the hub's push stream (:class:`EventStream`),
the wall (:class:`WallController`), the PTZ pad, archive timeline and snapshots
(:class:`OperatorPanels`), the saved walls and last wall on the hub
(:class:`WallsController`), the incident queue (:class:`IncidentsController`), the case
work (:class:`CasesController`: deadline board, police inbox, approvals), the idle lock
(:class:`IdleLock`), and the health poll that, with the push stream, keeps the status
bar's hub state current. When the hub answers again after an outage (the poll, the push
stream or the wall's own probe), the wall renews its grants at once and the push stream
reconnects at once (at the latest at the next poll, with an empty wall), instead of on
back-offs that grew while the hub was away.

Several hubs of one PostgreSQL (a failover list as the hub address): the session's
client fails over by itself on a network failure (:class:`~hub.client.HubClient`), and
the session follows at once: the status bar shows the hub the console is on now and a
notice that it switched, the wall renews or asks again for every grant on the new hub
(the old hub's relay took its streams with it), and the push stream reopens there with
its ``Last-Event-ID``. A listed hub whose certificate this workstation does not trust is
never switched to; the status bar says so. What is remembered per hub (the wall's local
memory) is keyed by the list's first URL (:func:`~console.settings.hub_key`).
"""

from __future__ import annotations

import contextlib
import logging

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal

from console.cases import PUSH_PREFIXES, CasesController
from console.events import TOPICS, EventStream
from console.incidents import IncidentsController
from console.lock import IdleLock
from console.login import async_slot
from console.panels import OperatorPanels
from console.privacy import PrivacyController
from console.settings import WorkstationSettings, hub_key
from console.trust import HubTrust
from console.wall_controller import WallController, WallMemory
from console.walls import WallsController
from hub.client import HubApiError, HubClient
from widgets.main_window import MainWindow

log = logging.getLogger(__name__)

POLL_MS = 5000
NOTICE_MS = 30_000  # how long a failover notice stays in the status bar


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
        trust: HubTrust | None = None,
    ) -> None:
        super().__init__(parent)
        self.window = window
        self.settings = settings
        self.client: HubClient | None = None
        self.url = ""  # the hub address logged in to (one URL or a failover list)
        self.notice = ""  # the last failover notice shown
        self._polling = False
        self._unanswered = False  # the last health poll found no hub
        self._timer = QTimer(self)
        self._timer.setInterval(poll_ms)
        self._timer.timeout.connect(self.poll)
        self.events = events or EventStream(
            topics=(*TOPICS, "incident", *PUSH_PREFIXES), parent=self
        )
        # Saved walls (named, shared per unit, pushed to displays) and the last wall, on the hub.
        self.saved_walls = WallsController(window.wall, window)
        window.toolbar.addAction(self.saved_walls.open_action)
        self.walls = WallController(
            window, self.events, memory, parent=self, last_wall=self.saved_walls
        )
        # PTZ pad, archive timeline and snapshots, following the selected tile.
        self.panels = OperatorPanels(window, self.walls, self.events, parent=self)
        # The incident queue: live from the push stream, shown on the wall through the above.
        self.incidents = IncidentsController(
            window, self.walls, self.panels, self.events, parent=self
        )
        # Violation cases: the deadline board, the police inbox, approvals.
        # Privacy masks (HCM 6.3): the camera tree's editor entry for privacy.manage.
        self.privacy = PrivacyController(window.camera_tree, window)
        self.cases = CasesController(
            window, self.walls, self.panels, self.incidents, self.events, parent=self
        )
        self.lock = IdleLock(
            window, settings, parent=self, client_factory=trust.client if trust else HubClient
        )
        self.lock.unlocked.connect(self.incidents.ask_waiting)
        self.events.connectionChanged.connect(self._stream_state)
        self.walls.hubReachable.connect(self._wall_reached_hub)
        self.events.sessionEnded.connect(lambda _code: self.log_out())
        window.logoutRequested.connect(self.log_out)

    def begin(self, client: HubClient, url: str, username: str) -> None:
        """A session started: show the user and start the session's parts."""
        self.client, self.url, self.notice = client, url, ""
        client.on_switch = self._switched
        client.on_refused = self._refused
        self.window.set_user(username)
        self.window.set_hub_state(client.url, True)
        self._timer.start()
        QTimer.singleShot(0, self.poll)
        self.events.start(client)
        self.saved_walls.begin(client, None)
        self.walls.begin(client, hub_key(url), username)
        self.panels.begin(client, username)
        self.incidents.begin(client)
        self.cases.begin(client)
        self.privacy.begin(client)
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
        self.incidents.end()
        self.cases.end()
        self.privacy.end()
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
            self.window.set_hub_state(client.url, connected)
            back, self._unanswered = connected and self._unanswered, not connected
            if connected:
                self.walls.hub_answered()
            if back and not self.events.connected:  # not on the stream's grown back-off
                self.events.start(client)

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
            self.window.set_hub_state(self.client.url, connected)
            if connected:
                self.walls.hub_answered()

    def _wall_reached_hub(self, reachable: bool) -> None:
        """The wall lost the hub or found it again (or moved to another): the status bar
        says so, a push stream waiting on its back-off reconnects now (it resumes from its
        last event), and the archive tiles ask for new grants as the live ones do."""
        client = self.client
        if client is None or not shiboken6.isValid(self.window):
            return
        self.window.set_hub_state(client.url, reachable)
        if reachable:
            self.panels.archive.hub_switched()
        if reachable and not self.events.connected:
            self.events.start(client)

    def _switched(self, old: str, new: str) -> None:
        """The client failed over from ``old`` to ``new`` (another hub of the database)."""
        client = self.client
        if client is None or not shiboken6.isValid(self.window):
            return
        log.warning("the console switched from hub %s to hub %s", old, new)
        self.notice = (
            self.tr("Hub %1 stopped answering: the console switched to hub %2.")
            .replace("%1", old)
            .replace("%2", new)
        )
        self.window.set_hub_state(new, True)
        self.window.statusBar().showMessage(self.notice, NOTICE_MS)
        self.walls.hub_switched()
        # A stream still on the old hub (the switch came from another call) moves now.
        QTimer.singleShot(0, self, lambda: self._follow(client))

    def _follow(self, client: HubClient) -> None:
        if client is self.client and self.events.hub_url != client.url:
            self.events.start(client)

    def _refused(self, url: str, reason: str) -> None:
        """A listed hub answered with a certificate this workstation does not trust."""
        if self.client is None or not shiboken6.isValid(self.window):
            return
        log.warning("hub %s refused on failover (%s)", url, reason)
        self.notice = self.tr(
            "Hub %1 presented a certificate this workstation does not trust: the console "
            "did not switch to it. Ask your administrator to confirm its certificate."
        ).replace("%1", url)
        self.window.statusBar().showMessage(self.notice, NOTICE_MS)
        self.window.set_hub_warning(self.notice)  # stays until a hub answers again

    @async_slot()
    async def log_out(self) -> None:
        """Release the wall's grants, end the session at the hub (if it answers), forget
        the token, go back to login."""
        client = self.client
        if client is None:
            return
        self.incidents.end()
        self.cases.end()
        self.privacy.end()
        await self.panels.end()  # stops a PTZ move, releases archive grants
        await self.walls.end()  # it keeps the last wall and releases grants
        self.end()
        # The hub may be gone or the session already over: log out locally anyway.
        with contextlib.suppress(HubApiError):
            await client.logout()
        self.settings.forget_token()
        self.loggedOut.emit()
