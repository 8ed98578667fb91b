# SPDX-License-Identifier: GPL-3.0-or-later
"""Idle lock: after the profile's idle time without input the console locks and asks the
same user for password + one-time code again.

Input is watched with an event filter on the whole application (every window, dialogs
included). Unlocking is a full login of the same user against the hub (password, then
TOTP or recovery code), so the hub audits it; the wall's own session and grants carry
on, and a session that expired meanwhile is replaced (the new token is remembered as
usual, never the password). The wall keeps
playing under the opaque lock screen (see ``widgets/lock_overlay.py`` for why).
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Callable

import shiboken6
from pydantic import ValidationError
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QWidget

from console.login import async_slot
from console.settings import WorkstationSettings
from hub.client import HubApiError, HubClient
from hub.contracts import LoginStage
from widgets.main_window import MainWindow

log = logging.getLogger(__name__)

DEFAULT_IDLE_MINUTES = 15  # until the hub's profile has been read
_TOTP = re.compile(r"^[0-9]{6}$")
_INPUT = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
    QEvent.Type.TouchUpdate,
}


class IdleLock(QObject):
    """Locks one main window after a period without input and unlocks it with both factors.

    Signals:
        locked(): the lock screen went up.
        unlocked(): the user proved who they are again.
    """

    locked = Signal()
    unlocked = Signal()

    def __init__(
        self,
        window: MainWindow,
        settings: WorkstationSettings,
        parent: QObject | None = None,
        client_factory: Callable[[str], HubClient] = HubClient,
    ) -> None:
        super().__init__(parent)
        self._client_factory = client_factory
        self.window = window
        self.settings = settings
        self.client: HubClient | None = None
        self.hub_url = ""
        self.username = ""
        self.idle_ms = DEFAULT_IDLE_MINUTES * 60_000
        self.hub_minutes: int | None = None  # the profile's period, once read
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.lock)
        self._filtering = False
        self._hidden: list[QWidget] = []
        window.lockRequested.connect(self.lock)
        window.lock_overlay.unlockRequested.connect(self.unlock)

    @property
    def active(self) -> bool:
        """Whether a session is being watched."""
        return self.client is not None

    def begin(self, client: HubClient, hub_url: str, username: str) -> None:
        """Watch for idleness during this session; the period comes from the hub."""
        self.client, self.hub_url, self.username = client, hub_url, username
        app = QCoreApplication.instance()
        if app is not None and not self._filtering:
            app.installEventFilter(self)
            self._filtering = True
        self._timer.start(self.idle_ms)
        QTimer.singleShot(0, self.read_profile)

    def end(self) -> None:
        """Stop watching (logout); the lock screen is removed."""
        self.client = None
        self.hub_minutes = None
        self._timer.stop()
        app = QCoreApplication.instance()
        if app is not None and self._filtering:
            app.removeEventFilter(self)
            self._filtering = False
        if shiboken6.isValid(self.window) and self.window.locked:
            self.window.unlock()
        self._hidden = []  # logged out: the windows they belonged to are done with

    def set_idle_ms(self, milliseconds: int) -> None:
        """Lock after this long without input (the profile's minutes, or a test's)."""
        self.idle_ms = max(1, milliseconds)
        if self._timer.isActive():
            self._timer.start(self.idle_ms)

    @async_slot()
    async def read_profile(self) -> None:
        """Take ``console_idle_lock_minutes`` from the hub's regulation profile."""
        client = self.client
        if client is None:
            return
        try:
            profile = await client.profile()
        except (HubApiError, ValidationError) as exc:
            log.warning("idle-lock period not read (%s); keeping %d ms", exc, self.idle_ms)
            return
        if client is self.client:
            self.hub_minutes = profile.security.console_idle_lock_minutes
            self.set_idle_ms(self.hub_minutes * 60_000)

    def lock(self) -> None:
        """Put the lock screen up now."""
        if self.client is None or self.window.locked:
            return
        self._timer.stop()
        self.window.lock()
        # Other windows of the console (dialogs, panels) must not stay usable either.
        self._hidden = [
            w
            for w in QApplication.topLevelWidgets()
            if w is not self.window and w.isVisible() and not w.isAncestorOf(self.window)
        ]
        for widget in self._hidden:
            widget.hide()
        self.locked.emit()

    @async_slot(str, str)
    async def unlock(self, password: str, code: str) -> None:
        """Log the same user in again; on success the lock screen comes down.

        The proof is a full login on a connection of its own, so the session the wall runs
        on (and the stream grants it holds) carries on untouched; that proof session is
        then logged out. If the wall's session ended meanwhile (idle expiry), the new
        session takes its place.
        """
        client = self.client
        overlay = self.window.lock_overlay
        if client is None:
            return
        verifier = self._client_factory(self.hub_url)
        try:
            challenge = await verifier.login(self.username, password)
            if challenge.stage is LoginStage.ENROL:  # MFA was reset meanwhile
                overlay.refused(self.tr("Your one-time code was reset. Log out and log in again."))
                return
            if _TOTP.match(code):
                grant = await verifier.submit_code(code)
            else:
                grant = await verifier.submit_recovery_code(code)
            try:
                await client.me()
                alive = True
            except HubApiError:
                alive = False
            if alive:
                with contextlib.suppress(HubApiError):
                    await verifier.logout()
        except (HubApiError, ValidationError) as exc:
            overlay.refused(self.message(exc))
            return
        finally:
            await verifier.aclose()
        if client is not self.client:
            return
        if not alive:
            client.token = grant.token
            self.settings.remember(self.hub_url, self.username, grant.token)
        self.window.unlock()
        self._show_hidden()
        self._timer.start(self.idle_ms)
        self.unlocked.emit()

    def _show_hidden(self) -> None:
        for widget in self._hidden:
            if shiboken6.isValid(widget):
                widget.show()
        self._hidden = []

    def message(self, exc: Exception) -> str:
        """The translated reason an unlock failed."""
        if not isinstance(exc, HubApiError):
            return self.tr("Check the values entered.")
        if exc.code == "auth.login_failed":
            return self.tr("Wrong password or one-time code.")
        if exc.code == "auth.throttled":
            wait = exc.detail.get("retry_after") if isinstance(exc.detail, dict) else None
            seconds = str(max(1, round(float(wait)))) if isinstance(wait, int | float) else "?"
            return self.tr("Too many failed attempts. Try again in %1 seconds.").replace(
                "%1", seconds
            )
        if exc.code == "network":
            return self.tr("Cannot reach the hub. Check the network.")
        return self.tr("The hub refused the request (%1).").replace("%1", exc.code)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT and self.client is not None and not self.window.locked:
            self._timer.start(self.idle_ms)
        return False
