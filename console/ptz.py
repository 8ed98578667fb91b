# SPDX-License-Identifier: GPL-3.0-or-later
"""PTZ controller: the pad's intents become hub calls; the hub's answers and pushes
update the pad.

Commands go out one at a time, in order (a stop never overtakes the move it ends), and a
stop drops moves still waiting behind it. While a move is held the controller sends a
heartbeat every ``heartbeat_ms``; the hub stops the camera by itself when heartbeats stop
(crash, network loss), so nothing here has to be perfect for the camera to stop.

Wiring (done by the main window's owner; :func:`create_ptz_dock` does the first two):

- the pad in a dock (``window.add_dock(pad, …)``) and
  ``QApplication.instance().installEventFilter(pad)`` for the PTZ keys (Ctrl+arrows,
  Ctrl+±, Ctrl+Home) wherever the focus is in the console;
- ``controller.set_session(client, username, permissions)`` after login (``None`` at
  logout);
- ``controller.set_camera(camera_id, name, has_ptz)`` when the selected tile changes;
- ``controller.attach_tile(tile)`` to steer from inside the selected video tile;
- ``controller.handle_event(topic, data)`` for each pushed event (add ``"ptz"`` to the
  event stream's topics and connect ``EventStream.received``);
- ``controller.reasons``: the session's TN 6.2 reasons
  (:class:`~console.access_reasons.ReasonBook`): a command the hub refuses for want of a
  reason asks for it (once per camera, shared with live and archive) and is sent again.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QDateTime, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from console.access_reasons import GivenReason, ReasonBook, reason_kwargs
from console.login import async_slot
from hub.client import HubApiError, HubClient
from hub.contracts import Permission
from hub.ptz.contracts import CONTROL_TOPIC, PtzAbsolute, PtzControl, PtzRelative
from widgets.main_window import MainWindow
from widgets.ptz_pad import PtzPad, TileGestures
from widgets.tile_overlay import LOCAL_ZONE

HEARTBEAT_MS = 500
# Click-to-centre / drag: a tile edge is this many generic pan units away at zoom 0 (the
# simulated dome shows about 60° across; 360° is 2 units) and tilt units (about 34° up).
PAN_HALF_VIEW = 30.0 / 180.0
TILT_HALF_VIEW = 17.0 / 45.0
WHEEL_ZOOM_STEP = 0.1

# A command gets the client, the camera and the TN 6.2 reason's keyword arguments.
Command = Callable[[HubClient, int, dict[str, Any]], Awaitable[Any]]


class PtzController(QObject):
    """Drives one :class:`PtzPad` for the selected camera.

    Signals:
        controlChanged(object): the camera's :class:`PtzControl` changed (pushed or answered).
    """

    controlChanged = Signal(object)

    def __init__(
        self, pad: PtzPad, heartbeat_ms: int = HEARTBEAT_MS, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.pad = pad
        self.client: HubClient | None = None
        self.reasons: ReasonBook | None = None
        self.username = ""
        self.camera_id: int | None = None
        self.control: PtzControl | None = None
        self.zoom = 0.0  # last known zoom (for click-to-centre scaling)
        self._queue: deque[tuple[str, int, Command]] = deque()
        self._worker: asyncio.Task[None] | None = None
        self._refreshes: set[asyncio.Future[None]] = set()  # status reads on their way
        self._moving = False
        self._heartbeat = QTimer(self)
        self._heartbeat.setInterval(heartbeat_ms)
        self._heartbeat.timeout.connect(self._beat)
        self._beating = False
        self._sending: str | None = None  # the command on its way to the hub
        self.gestures = TileGestures(self)
        self._tile: QWidget | None = None
        pad.moveRequested.connect(self.move)
        pad.stopRequested.connect(self.stop)
        pad.homeRequested.connect(lambda: self._enqueue("home", lambda c, i, r: c.ptz_home(i, **r)))
        pad.presetGotoRequested.connect(
            lambda token: self._enqueue("goto", lambda c, i, r: c.ptz_goto_preset(i, token, **r))
        )
        pad.presetSaveRequested.connect(self.save_preset)
        pad.presetRenameRequested.connect(self.rename_preset)
        pad.presetDeleteRequested.connect(self.delete_preset)
        self.gestures.centreRequested.connect(self.centre)
        self.gestures.dragRequested.connect(self.drag)
        self.gestures.zoomRequested.connect(self.wheel_zoom)

    # --- wiring --------------------------------------------------------------------

    def set_session(
        self, client: HubClient | None, username: str, permissions: frozenset[Permission]
    ) -> None:
        """The signed-in operator (``None`` client at logout: stop what runs)."""
        if client is None and self._moving:
            self.stop()
        self.client, self.username = client, username
        if shiboken6.isValid(self.pad):  # the window may be gone when the console closes
            self.pad.set_rights(
                Permission.IMAGE_PTZ in permissions, Permission.IMAGE_PTZ_PRESET in permissions
            )

    def set_camera(self, camera_id: int | None, name: str = "", has_ptz: bool = True) -> None:
        """The selected tile's camera; a camera without PTZ disables the pad."""
        if self._moving:
            self.stop()
        self.camera_id = camera_id if has_ptz else None
        self.control = None
        self.pad.set_presets([])  # the previous camera's presets are not this one's
        self.pad.set_holder("")
        self.pad.set_camera(name if self.camera_id is not None else None)
        if self.camera_id is not None:
            self.pad.show_message("")
            QTimer.singleShot(0, self.refresh)

    def attach_tile(self, tile: QWidget | None) -> None:
        """Take the PTZ gestures of ``tile`` (``None`` detaches)."""
        if self._tile is not None:
            self._tile.removeEventFilter(self.gestures)
        self._tile = tile
        if tile is not None:
            tile.installEventFilter(self.gestures)

    def handle_event(self, topic: str, data: dict[str, Any]) -> None:
        """A pushed event; ``ptz.control`` of the selected camera updates the holder."""
        if topic != CONTROL_TOPIC or data.get("camera_id") != self.camera_id:
            return
        control = PtzControl.model_validate(data)
        self._show_control(control)
        if control.holder_username != self.username and self._moving:
            # Someone took over: our move is gone on the hub; stop heartbeating.
            self._moving = False
            self._heartbeat.stop()

    # --- pad intents ---------------------------------------------------------------

    def move(self, pan: float, tilt: float, zoom: float) -> None:
        """Start/change a continuous move and keep it alive with heartbeats."""
        self._moving = True
        self._enqueue("move", lambda c, i, r: c.ptz_move(i, pan, tilt, zoom, **r))
        self._heartbeat.start()

    def stop(self) -> None:
        """Stop now: waiting moves are dropped, the stop goes next."""
        self._moving = False
        self._heartbeat.stop()
        self._queue = deque(item for item in self._queue if item[0] not in ("move", "stop"))
        self._enqueue("stop", lambda c, i, r: c.ptz_stop(i, **r))

    def save_preset(self, name: str) -> None:
        self._enqueue("save", lambda c, i, r: c.ptz_save_preset(i, name, **r), refresh=True)

    def rename_preset(self, token: str, name: str) -> None:
        self._enqueue(
            "rename", lambda c, i, r: c.ptz_rename_preset(i, token, name, **r), refresh=True
        )

    def delete_preset(self, token: str) -> None:
        self._enqueue("delete", lambda c, i, r: c.ptz_delete_preset(i, token, **r), refresh=True)

    def centre(self, x: float, y: float) -> None:
        """Click-to-centre: turn by the clicked point's offset from the centre."""
        scale = 1.0 / (1.0 + 19.0 * self.zoom)  # the view narrows as the dome zooms
        req = PtzRelative(
            pan=_clamp(x * PAN_HALF_VIEW * scale), tilt=_clamp(y * TILT_HALF_VIEW * scale)
        )
        self._enqueue("relative", lambda c, i, r: c.ptz_relative(i, req, **r))

    def drag(self, dx: float, dy: float) -> None:
        """Drag: turn the way the mouse went, by the dragged share of the view."""
        self.centre(dx, dy)

    def wheel_zoom(self, steps: float) -> None:
        """Wheel: zoom in (positive steps) or out."""
        req = PtzRelative(zoom=_clamp(steps * WHEEL_ZOOM_STEP))
        self._enqueue("relative", lambda c, i, r: c.ptz_relative(i, req, **r))

    def go_to(self, pan: float, tilt: float, zoom: float | None = None) -> None:
        """Go to an absolute position."""
        req = PtzAbsolute(pan=pan, tilt=tilt, zoom=zoom)
        self._enqueue("absolute", lambda c, i, r: c.ptz_absolute(i, req, **r))

    # --- sending -------------------------------------------------------------------

    def _enqueue(self, kind: str, command: Command, refresh: bool = False) -> None:
        if self.client is None or self.camera_id is None:
            return
        self._queue.append((kind, self.camera_id, command))
        if refresh:
            self._queue.append(("presets", self.camera_id, _load_presets))
        if self._worker is None or self._worker.done():
            self._worker = asyncio.ensure_future(self._drain())

    async def _drain(self) -> None:
        while self._queue:
            kind, camera_id, command = self._queue.popleft()
            client = self.client
            if client is None:
                self._queue.clear()
                return
            self._sending = kind
            try:
                answer = await self._send(client, camera_id, command)
            except HubApiError as exc:
                self._refused(kind, exc)
                continue
            finally:
                self._sending = None
            if camera_id != self.camera_id or not shiboken6.isValid(self.pad):
                continue  # another camera now, or the window closed (the queue still goes)
            if kind == "presets":
                self.pad.set_presets([(p.token, p.name) for p in answer])
            elif isinstance(answer, PtzControl):
                self._show_control(answer)
                if kind != "move":
                    self.pad.show_message("")

    async def _send(self, client: HubClient, camera_id: int, command: Command) -> Any:
        """One command, with the camera's TN 6.2 reason; asked for when the hub wants one."""
        reasons = self.reasons
        if reasons is None:
            return await command(client, camera_id, {})

        def request(given: GivenReason | None) -> Awaitable[Any]:
            return command(client, camera_id, reason_kwargs(given))

        def wanted() -> bool:
            return self.client is client and self.camera_id == camera_id

        return await reasons.call(str(camera_id), request, wanted)

    def _reason(self, camera_id: int) -> dict[str, Any]:
        """The camera's remembered TN 6.2 reason (never asks: reads and heartbeats)."""
        return reason_kwargs(self.reasons.remembered(str(camera_id)) if self.reasons else None)

    @async_slot()
    async def _beat(self) -> None:
        client, camera_id = self.client, self.camera_id
        if client is None or camera_id is None or not self._moving or self._beating:
            return
        if self._sending == "move" or any(kind == "move" for kind, _, _ in self._queue):
            return  # the move itself is still on its way: it renews the deadline
        self._beating = True
        try:
            await client.ptz_heartbeat(camera_id, **self._reason(camera_id))
        except HubApiError as exc:
            racing = self._sending == "move" or any(k == "move" for k, _, _ in self._queue)
            if exc.code == "ptz.not_moving" and self._moving and not racing:
                self._moving = False
                self._heartbeat.stop()
                if shiboken6.isValid(self.pad):
                    self.pad.show_message(self.tr("The camera was stopped by the hub."))
            elif exc.code != "ptz.rate_limited":
                self._refused("heartbeat", exc)
        finally:
            self._beating = False

    def refresh(self) -> None:
        """Load the selected camera's status and presets (in the background)."""
        task = asyncio.ensure_future(self._refresh())
        self._refreshes.add(task)
        task.add_done_callback(self._refreshes.discard)

    async def _refresh(self) -> None:
        client, camera_id = self.client, self.camera_id
        if client is None or camera_id is None:
            return
        try:
            status = await client.ptz_status(camera_id, **self._reason(camera_id))
            presets = await client.ptz_presets(camera_id, **self._reason(camera_id))
        except HubApiError as exc:
            self._refused("status", exc)
            return
        if camera_id != self.camera_id or not shiboken6.isValid(self.pad):
            return
        if status.position is not None:
            self.zoom = status.position.zoom
        self._show_control(status.control)
        self.pad.set_presets([(p.token, p.name) for p in presets])

    async def aclose(self) -> None:
        """Stop a running move, drop status reads and finish the queue (console closing)."""
        if self._moving:
            self.stop()
        for task in list(self._refreshes):
            task.cancel()
        if self._refreshes:
            await asyncio.wait(list(self._refreshes), timeout=5)
        worker = self._worker
        if worker is not None and not worker.done():
            with contextlib.suppress(Exception):
                await asyncio.wait_for(worker, 5)

    # --- showing -------------------------------------------------------------------

    def _show_control(self, control: PtzControl) -> None:
        shown = self.control
        if (
            shown is not None
            and shown.camera_id == control.camera_id
            and control.version < shown.version
        ):
            return  # an older state than the one shown (a slow answer after a push)
        self.control = control
        self.pad.set_holder(self.holder_text(control))
        self.controlChanged.emit(control)

    def holder_text(self, control: PtzControl) -> str:
        """Who holds control, for the pad's label."""
        if control.holder_username is None:
            return self.tr("Free: nobody controls this camera")
        until = _local_time(control.until)
        if control.holder_username == self.username:
            if control.reserved:
                return self.tr("You have reserved this camera until %1").replace("%1", until)
            return self.tr("You control this camera")
        who = control.holder_display_name or control.holder_username
        if control.reserved:
            return (
                self.tr("Reserved by %1 until %2: %3")
                .replace("%1", who)
                .replace("%2", until)
                .replace("%3", control.reason or "")
            )
        return self.tr("Controlled by %1").replace("%1", who)

    def _refused(self, kind: str, exc: HubApiError) -> None:
        if not shiboken6.isValid(self.pad):  # the window closed while the hub answered
            return
        self.pad.show_message(self.refusal_text(exc))
        detail = exc.detail if isinstance(exc.detail, dict) else None
        if exc.code in ("ptz.locked", "ptz.reserved") and detail is not None:
            with contextlib.suppress(ValueError):
                self._show_control(PtzControl.model_validate(detail))
        if kind == "move" and self._moving:
            self._moving = False
            self._heartbeat.stop()

    def refusal_text(self, exc: HubApiError) -> str:
        """A translated sentence for a hub refusal."""
        detail = exc.detail if isinstance(exc.detail, dict) else {}
        who = str(detail.get("holder_display_name") or detail.get("holder_username") or "")
        code = exc.code
        if code == "ptz.locked":
            return self.tr("%1 is controlling this camera.").replace("%1", who)
        if code == "ptz.reserved":
            return (
                self.tr("%1 has reserved this camera: %2")
                .replace("%1", who)
                .replace("%2", str(detail.get("reason") or ""))
            )
        if code == "ptz.unsupported":
            return self.tr("This camera cannot pan, tilt or zoom.")
        if code == "ptz.rate_limited":
            return self.tr("Too many PTZ commands; wait a moment.")
        if code == "ptz.device_error":
            return self.tr("The camera did not carry out the command. Try again or report it.")
        if code == "ptz.preset_exists":
            return self.tr("A preset with this name already exists.")
        if code == "ptz.preset_not_found":
            return self.tr("This preset no longer exists.")
        if code == "ptz.too_many_presets":
            return self.tr("The camera has no room for another preset.")
        if code == "forbidden":
            return self.tr("You do not have the right to do this.")
        if code == "scope.reason_required":
            return self.tr("This camera of a dedicated system is steered only with a reason.")
        if code.startswith("scope."):
            return self.tr("This camera is outside your scope.")
        if code == "camera.not_found":
            return self.tr("This camera no longer exists.")
        if code == "network":
            return self.tr("The hub cannot be reached.")
        return self.tr("The PTZ command failed (%1).").replace("%1", code)


def create_ptz_dock(window: MainWindow) -> PtzController:
    """A PTZ pad docked on the right of ``window``, its keys active console-wide."""
    pad = PtzPad()
    controller = PtzController(pad, parent=window)
    window.add_dock(pad, QCoreApplication.translate("PtzController", "PTZ"))
    app = QCoreApplication.instance()
    if app is not None:
        app.installEventFilter(pad)
    return controller


async def _load_presets(client: HubClient, camera_id: int, reason: dict[str, Any]) -> Any:
    return await client.ptz_presets(camera_id, **reason)


def _clamp(value: float) -> float:
    return max(-1.0, min(1.0, value))


def _local_time(moment: datetime | None) -> str:
    if moment is None:
        return ""
    stamp = QDateTime.fromMSecsSinceEpoch(int(moment.astimezone(UTC).timestamp() * 1000))
    return stamp.toTimeZone(LOCAL_ZONE).toString("HH:mm:ss")
