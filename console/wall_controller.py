# SPDX-License-Identifier: GPL-3.0-or-later
"""Wall controller: turns the wall's and the tree's intents into hub stream grants.

The wall (``widgets/``) only shows a layout and emits intents; this controller edits the
layout and keeps, for every cell, the grant its tile plays:

- a camera dropped on a tile gets a grant for its sub stream, a tile that becomes large
  (maximised, or a 1×1 wall) a grant for the main stream; the old grant is released only
  once the new stream is playing (make before break);
- a layout change reuses the grants of cameras that only moved; the rest are released;
- grants are renewed well before they expire; a revoked, expired or lost grant is
  replaced; a refusal (403) shows "no permission" on the tile and is not retried;
- TN 6.2: when the hub wants a reason (a central operator opening a dedicated system),
  the operator is asked once per camera (:class:`~console.access_reasons.ReasonBook`,
  shared with the archive and PTZ, forgotten at logout) and the grant asked again with
  it; the tile keeps its reason for its reconnects; a cancel shows "no permission";
- a stall is first handled by the tile itself (it re-plays its URL with back-off); after
  a second stall the controller also fetches a fresh grant, in case the relay changed;
- a hub that stops answering (a network failure, not a refusal) is asked for its health
  every second, not on the grants' growing back-off; its tiles say "reconnecting" (never
  "offline": nobody can tell), and the moment it answers again — that probe, the session's
  health poll, the push stream reopening or any call — every tile asks for a new grant
  at once (the streams may have been the lost hub's: its relay, or outputs it held; the
  old grant is released once the new stream plays) and every waiting tile re-plays at
  once (:meth:`hub_answered`); the same happens at once when the client fails over to
  another hub (:meth:`hub_switched`);
- a camera the hub reports offline shows "offline" on its tiles and gets its stream again
  when it comes back; a clock drifting from the hub's is flagged on its tiles.

The last wall (layout + cameras) is kept on the hub (a :class:`LastWallStore`, the saved
walls' controller) and restored at login (a change the hub could not keep is sent again
when it answers again after an outage); without one, and for the favourites, a local
settings file per hub and user (:class:`WallMemory`).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
import time
import weakref
from collections.abc import Awaitable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

import shiboken6
from platformdirs import user_config_dir
from PySide6.QtCore import QObject, QSettings, QTimer, Signal

from console.access_reasons import GivenReason, ReasonBook, offered_reasons, reason_required
from console.events import EventStream
from hub.catalog.contracts import (
    CameraOut,
    CameraStatus,
    CameraStatusEvent,
    StreamGrantOut,
    StreamKind,
)
from hub.client import HubApiError, HubClient
from hub.contracts import TerritoryOut, UnitOut
from layouts import ChangeKind, Layout, LayoutChange, LayoutError
from layouts.builtin import PRESET_NAMES, preset
from widgets.camera_tree import DRIFT_LIMIT_SECONDS, CameraItem
from widgets.main_window import MainWindow
from widgets.player import DEFAULT_SIZE
from widgets.video_tile import VideoTile

log = logging.getLogger(__name__)

SUB_SIZE = DEFAULT_SIZE
MAIN_SIZE = (1280, 720)  # frames rendered for a large tile (main stream)
TICK_MS = 1000  # how often grants are checked for renewal and failed ones retried
DEFAULT_RENEW_AFTER = 40.0  # seconds, when the grant's lifetime cannot be estimated
RETRY_FIRST = 2.0
RETRY_MAX = 30.0
PROBE_MS = 1000  # how often a hub that stopped answering is asked whether it is back
REMEMBER_MS = 1000  # the last wall is kept on the hub this long after the last change


class WallMemory:
    """The last wall and the favourites of each hub user, in a local INI file.

    Not secret (camera ids and a layout), so not in the keyring. The hub-side saved
    walls (per user, shared per unit) will take over the "last wall" later.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or Path(user_config_dir("vwall")) / "console.ini"
        self._settings = QSettings(str(self.path), QSettings.Format.IniFormat)

    @staticmethod
    def _group(hub_url: str, username: str) -> str:
        return hashlib.sha256(f"{hub_url}\n{username}".encode()).hexdigest()[:16]

    def save_wall(self, hub_url: str, username: str, layout: Layout) -> None:
        """Remember ``layout`` (geometry + cameras) as this user's last wall."""
        self._settings.setValue(f"{self._group(hub_url, username)}/wall", layout.to_json())
        self._settings.sync()

    def last_wall(self, hub_url: str, username: str) -> Layout | None:
        """The user's last wall, None when there is none or it cannot be read."""
        text = self._settings.value(f"{self._group(hub_url, username)}/wall")
        if not isinstance(text, str) or not text:
            return None
        try:
            return Layout.from_json(text)
        except (LayoutError, ValueError):
            log.warning("the remembered wall is unreadable; starting with an empty one")
            return None

    def save_favourites(self, hub_url: str, username: str, camera_ids: list[str]) -> None:
        """Remember the user's favourite cameras."""
        key = f"{self._group(hub_url, username)}/favourites"
        self._settings.setValue(key, json.dumps(camera_ids))
        self._settings.sync()

    def favourites(self, hub_url: str, username: str) -> list[str]:
        """The user's favourite cameras (empty when none)."""
        text = self._settings.value(f"{self._group(hub_url, username)}/favourites")
        try:
            ids = json.loads(text) if isinstance(text, str) else []
        except ValueError:
            return []
        return [str(i) for i in ids] if isinstance(ids, list) else []


@dataclass(eq=False)
class Slot:
    """What one cell plays: a camera's stream and the grant for it (once granted)."""

    camera_id: str
    stream: StreamKind
    grant_id: str | None = None
    url: str = field(default="", repr=False)  # carries the SRT passphrase: never logged
    renew_at: float = 0.0  # monotonic
    retry_at: float = 0.0  # monotonic; a failed grant is asked for again after this
    retry_delay: float = RETRY_FIRST
    busy: bool = False  # a grant or renewal is on its way
    refused: str | None = None  # the hub's code when it refused (not retried)
    offline: bool = False
    previous: Slot | None = None  # the grant still playing until this one plays
    given: GivenReason | None = None  # the TN 6.2 reason its grant was given for
    masks: list[list[tuple[float, float]]] = field(default_factory=list)  # HCM 6.3


def camera_items(
    cameras: list[CameraOut], territories: list[TerritoryOut], units: list[UnitOut]
) -> list[CameraItem]:
    """The tree's records for the hub's cameras (territory path from the province down)."""
    by_id = {t.id: t for t in territories}
    unit_names = {u.id: u.name for u in units}

    def path(territory_id: int) -> tuple[str, ...]:
        names: list[str] = []
        seen: set[int] = set()
        current = by_id.get(territory_id)
        while current is not None and current.id not in seen:
            seen.add(current.id)
            names.append(current.name)
            current = by_id.get(current.parent_id) if current.parent_id is not None else None
        return tuple(reversed(names))

    return [
        CameraItem(
            id=str(c.id),
            code=c.code,
            name=c.name,
            territory_path=path(c.territory_id),
            operating_unit=unit_names.get(c.operating_unit_id, ""),
            domain=c.domain.value if c.domain is not None else "",
            status=c.status.value,
            last_seen=c.last_seen_at,
            clock_offset_seconds=c.clock_offset_seconds,
            has_ptz=c.has_ptz,
        )
        for c in cameras
    ]


class LastWallStore(Protocol):
    """Where the last wall is kept on the hub (``console.walls.WallsController``)."""

    async def restore_last(self) -> bool: ...

    async def remember_last(self) -> bool: ...


class WallController(QObject):
    """Connects one main window's wall and camera tree to the hub (see the module doc).

    Signals:
        camerasLoaded(count): the catalogue was read (count cameras in the tree) and the
            last wall restored.
        loadFailed(code): the catalogue could not be read.
        hubReachable(reachable): the hub stopped answering the wall's calls (False), or
            answers again (True).
    """

    camerasLoaded = Signal(int)
    loadFailed = Signal(str)
    hubReachable = Signal(bool)

    def __init__(
        self,
        window: MainWindow,
        events: EventStream,
        memory: WallMemory | None = None,
        tick_ms: int = TICK_MS,
        parent: QObject | None = None,
        last_wall: LastWallStore | None = None,
        probe_ms: int = PROBE_MS,
    ) -> None:
        super().__init__(parent)
        self.last_wall = last_wall
        self.window = window
        self.wall = window.wall
        self.events = events
        self.memory = memory or WallMemory()
        self.reasons = ReasonBook(window, self._camera_label, parent=self)
        self.client: HubClient | None = None
        self.hub_url = ""
        self.username = ""
        self.cameras: dict[str, CameraItem] = {}
        self._slots: dict[int, Slot] = {}
        self._offline: set[str] = set()
        self._suspended: set[int] = set()  # cells playing something else (the archive)
        self._hooked: weakref.WeakSet[VideoTile] = weakref.WeakSet()
        self._tasks: set[asyncio.Task[Any]] = set()
        self._restoring = False
        self._remembering: asyncio.Future[None] | None = None
        self._unkept = False  # the last change could not be kept on the hub (yet)
        self._timer = QTimer(self)
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(self._tick)
        self.hub_lost = False  # the hub stopped answering (network failure)
        self._probing = False
        self._probe = QTimer(self)  # while the hub is lost: is it back?
        self._probe.setInterval(probe_ms)
        self._probe.timeout.connect(lambda: self._spawn(self._probe_hub()))
        self._remember = QTimer(self)  # a burst of changes is kept on the hub once
        self._remember.setSingleShot(True)
        self._remember.setInterval(REMEMBER_MS)
        self._remember.timeout.connect(self._remember_last)
        wall = self.wall
        wall.cameraDropped.connect(self.drop_camera)
        wall.swapRequested.connect(self.swap)
        wall.streamProfileWanted.connect(lambda _cell, _profile: self.sync())
        wall.reconnectRequested.connect(self._stalled)
        window.camera_tree.cameraActivated.connect(
            lambda camera_id: self.drop_camera(self.wall.selected, camera_id)
        )
        window.camera_tree.favouritesChanged.connect(self._favourites_changed)
        window.layoutRequested.connect(self.set_layout)
        window.customLayoutRequested.connect(self.set_custom_layout)
        window.clearRequested.connect(self.clear)
        events.cameraStatus.connect(self.camera_status)
        events.streamRevoked.connect(self.stream_revoked)
        observe = weakref.WeakMethod(self._on_change)

        def on_change(change: LayoutChange) -> None:
            method = observe()
            if method is not None:
                method(change)

        self._unsubscribe = wall.model.subscribe(on_change)
        self._hook_tiles()

    # -- session ------------------------------------------------------------------------

    def begin(self, client: HubClient, hub_url: str, username: str) -> None:
        """A session started: load the catalogue, restore the last wall, watch grants."""
        self.client, self.hub_url, self.username = client, hub_url, username
        self._timer.start()
        self._spawn(self.load())

    async def end(self) -> None:
        """The session ends: release every grant, empty the wall and the tree."""
        self._timer.stop()
        self._probe.stop()
        self.hub_lost = False  # the next session starts with a hub that answers
        if self._remember.isActive():  # keep the very last change before leaving
            self._remember.stop()
            self._remember_last()
        remembering, self._remembering = self._remembering, None
        if remembering is not None:
            await remembering
        self._remember.stop()  # nothing is sent again after the session
        self._unkept = False
        client, self.client = self.client, None
        self.reasons.forget()
        grants = [g for s in self._slots.values() for g in _grant_ids(s)]
        self._slots.clear()
        for task in list(self._tasks):
            task.cancel()
        if not shiboken6.isValid(self.wall):  # the window went away meanwhile
            await _release_all(client, grants)
            return
        self._restoring = True
        try:
            self.wall.model.clear()
        finally:
            self._restoring = False
        for tile in self.wall.tiles:
            tile.stop()
            tile.set_hub_lost(False)
        self.window.camera_tree.set_cameras([])
        self.cameras = {}
        self._offline.clear()
        await _release_all(client, grants)

    async def load(self) -> None:
        """Read cameras, territories and units; fill the tree; restore the last wall."""
        client = self.client
        if client is None:
            return
        try:
            cameras, territories, units = await asyncio.gather(
                client.list_cameras(), client.territories(), client.units()
            )
        except HubApiError as exc:
            log.warning("camera catalogue not loaded: %s", exc.code)
            self.window.statusBar().showMessage(
                self.tr("The camera list could not be loaded (%1).").replace("%1", exc.code),
                10_000,
            )
            self.loadFailed.emit(exc.code)
            return
        if client is not self.client:
            return
        items = camera_items(cameras, territories, units)
        self.cameras = {c.id: c for c in items}
        self._offline = {c.id for c in items if c.status == CameraStatus.OFFLINE.value}
        tree = self.window.camera_tree
        tree.set_favourites(self.memory.favourites(self.hub_url, self.username))
        tree.set_cameras(items)
        self.wall.set_camera_names({c.id: f"{c.code} {c.name}" for c in items})
        if self.last_wall is not None:
            await self._restore_from_hub(self.last_wall)
        else:
            self.restore_last_wall()
        if client is not self.client:
            return
        self._decorate_tiles()
        self.sync()
        self.camerasLoaded.emit(len(items))

    async def _restore_from_hub(self, store: LastWallStore) -> None:
        self._restoring = True
        try:
            restored = await store.restore_last()
            if restored:  # cameras no longer visible to this user are left out
                model = self.wall.model
                for index, camera_id in enumerate(model.cameras()):
                    if camera_id is not None and camera_id not in self.cameras:
                        model.assign(index, None)
        finally:
            self._restoring = False
        if restored:
            self.window.set_layout_name(self.wall.model.name)

    def restore_last_wall(self) -> None:
        """Put back the user's last wall (cameras no longer visible are left out)."""
        saved = self.memory.last_wall(self.hub_url, self.username)
        if saved is None:
            return
        model = self.wall.model
        self._restoring = True
        try:
            model.reshape(saved.copy())
            model.clear()
            for index, cell in enumerate(saved.cells):
                if cell.camera_id in self.cameras:
                    model.assign(index, cell.camera_id)
        finally:
            self._restoring = False
        self.window.set_layout_name(model.name)

    # -- intents ------------------------------------------------------------------------

    def drop_camera(self, cell: int, camera_id: str) -> None:
        """Show a camera on a cell (a drop, or a double-click in the tree)."""
        if 0 <= cell < len(self.wall.model.cells):
            self.wall.model.assign(cell, camera_id)

    def drop_cameras(self, cell: int, camera_ids: list[str]) -> None:
        """Fill the wall with several cameras (a tree folder) from ``cell`` on."""
        cells = self.wall.model.cells
        for index, camera_id in zip(range(cell, len(cells)), camera_ids, strict=False):
            self.wall.model.assign(index, camera_id)

    def swap(self, a: int, b: int) -> None:
        """Exchange two tiles (their streams move with them)."""
        self.wall.model.swap(a, b)

    def clear(self, cell: int) -> None:
        """Empty a cell (its grant is released), or the whole wall with -1."""
        self.wall.model.clear(None if cell < 0 else cell)

    def set_layout(self, name: str) -> None:
        """Switch to a preset, keeping the cameras in reading order."""
        if name not in PRESET_NAMES:
            return
        self.wall.model.reshape(preset(name))
        self.window.set_layout_name(name)

    def set_custom_layout(self, layout: Layout) -> None:
        """Switch to a layout the operator made, keeping the cameras in reading order."""
        self.wall.model.reshape(layout)
        self.window.set_layout_name(layout.name)

    def suspend(self, cell: int) -> None:
        """Release the live stream of ``cell``: it plays something else (the archive)."""
        self._suspended.add(cell)
        self.sync()

    def resume(self, cell: int) -> None:
        """Give ``cell`` its live stream again."""
        self._suspended.discard(cell)
        self.sync()

    def slot(self, cell: int) -> Slot | None:
        """What a cell plays (tests, later panels)."""
        return self._slots.get(cell)

    # -- pushes ---------------------------------------------------------------------------

    def camera_status(self, event: CameraStatusEvent) -> None:
        """A camera's health changed: tree icon, drift flags, offline tiles."""
        camera_id = str(event.camera_id)
        self.window.camera_tree.update_status(
            camera_id, event.status.value, event.last_seen_at, event.clock_offset_seconds
        )
        camera = self.cameras.get(camera_id)
        if camera is not None:
            self.cameras[camera_id] = replace(
                camera,
                status=event.status.value,
                last_seen=event.last_seen_at,
                clock_offset_seconds=event.clock_offset_seconds,
            )
        if event.status is CameraStatus.OFFLINE:
            self._offline.add(camera_id)
            for cell, slot in self._slots.items():
                if slot.camera_id == camera_id and not slot.offline:
                    self._release_slot(slot)
                    self._slots[cell] = Slot(camera_id, slot.stream, offline=True)
                    self.wall.tile(cell).set_offline()
        elif camera_id in self._offline:
            self._offline.discard(camera_id)
            for cell in [c for c, s in self._slots.items() if s.camera_id == camera_id]:
                del self._slots[cell]
            self.sync()
        self._decorate_tiles()

    def stream_revoked(self, grant_id: str) -> None:
        """The hub ended one of our grants (expiry, relay restart…): ask for a new one."""
        for slot in self._slots.values():
            if slot.previous is not None and slot.previous.grant_id == grant_id:
                slot.previous = None
            if slot.grant_id == grant_id:
                slot.grant_id = None
                if not slot.busy:
                    self._acquire(slot)

    # -- reconciliation ------------------------------------------------------------------

    def sync(self) -> None:
        """Make every cell's grant match its camera and stream profile."""
        if self.client is None or self._restoring:
            return
        wanted: dict[int, tuple[str, StreamKind]] = {}
        for index, cell in enumerate(self.wall.model.cells):
            if cell.camera_id is not None and index not in self._suspended:
                wanted[index] = (cell.camera_id, StreamKind(self.wall.profile_for(index)))
        pool: dict[tuple[str, StreamKind], list[Slot]] = {}
        for index, slot in list(self._slots.items()):
            want = wanted.get(index)
            if want == (slot.camera_id, slot.stream):
                continue
            del self._slots[index]
            if want is not None and want[0] == slot.camera_id and slot.grant_id is not None:
                # Same camera, other stream: keep the old one playing until the new plays.
                fresh = Slot(want[0], want[1], previous=slot)
                self._slots[index] = fresh
                self._acquire(fresh)
                continue
            pool.setdefault((slot.camera_id, slot.stream), []).append(slot)
        for index, (camera_id, stream) in wanted.items():
            if index in self._slots:
                continue
            tile = self.wall.tile(index)
            reusable = [s for s in pool.get((camera_id, stream), []) if s.grant_id]
            if reusable:
                slot = reusable[0]
                pool[(camera_id, stream)].remove(slot)
                self._slots[index] = slot
                tile.play(slot.url, _size(stream), masks=slot.masks)
                continue
            slot = Slot(camera_id, stream)
            self._slots[index] = slot
            if camera_id in self._offline:
                slot.offline = True
                tile.set_offline()
                continue
            self._acquire(slot)
        for slots in pool.values():
            for slot in slots:
                self._release_slot(slot)

    def _cell_of(self, slot: Slot) -> int | None:
        for index, candidate in self._slots.items():
            if candidate is slot:
                return index
        return None

    def _acquire(self, slot: Slot) -> None:
        slot.busy = True
        self._spawn(self._grant(slot))

    async def _grant(self, slot: Slot) -> None:
        client = self.client
        if client is None:
            return
        try:
            camera = int(slot.camera_id)
        except ValueError:  # not a hub camera id
            slot.busy, slot.refused = False, "camera.not_found"
            return
        # A reconnect keeps the tile's own reason; a new tile takes the camera's.
        given = slot.given or self.reasons.remembered(slot.camera_id)
        try:
            try:
                grant = await self._ask_grant(client, camera, slot.stream, given)
            except HubApiError as exc:
                if not reason_required(exc) or given is not None:
                    raise
                given = await self.reasons.obtain(slot.camera_id, offered_reasons(exc))
                if client is not self.client or self._cell_of(slot) is None:
                    slot.busy = False  # the session or the cell moved on while asking
                    return
                if given is None:  # cancelled: "no permission", as without a reason
                    raise
                grant = await self._ask_grant(client, camera, slot.stream, given)
        except HubApiError as exc:
            slot.busy = False
            self._refused(slot, exc)
            return
        slot.busy = False
        slot.given = given
        cell = self._cell_of(slot)
        gone = not shiboken6.isValid(self.wall)  # the window closed while the hub answered
        if gone or cell is None or client is not self.client:  # the cell moved on meanwhile
            with contextlib.suppress(HubApiError):
                await client.release_grant(grant.grant_id)
            return
        slot.grant_id, slot.url, slot.masks = grant.grant_id, grant.url, grant.masks
        slot.renew_at = time.monotonic() + _renew_after(grant.expires_at)
        slot.retry_delay = RETRY_FIRST
        self.wall.tile(cell).play(grant.url, _size(slot.stream), masks=grant.masks)
        if slot.previous is not None:
            self._release_slot(slot.previous)
            slot.previous = None
        self.hub_answered()

    @staticmethod
    async def _ask_grant(
        client: HubClient, camera: int, stream: StreamKind, given: GivenReason | None
    ) -> StreamGrantOut:
        if given is None:
            return await client.grant_stream(camera, stream)
        return await client.grant_stream(camera, stream, given.reason, given.note)

    def _camera_label(self, camera_id: str) -> str:
        camera = self.cameras.get(camera_id)
        return f"{camera.code} {camera.name}" if camera is not None else camera_id

    def _refused(self, slot: Slot, exc: HubApiError) -> None:
        cell = self._cell_of(slot)
        if exc.status in (401, 403) or exc.status == 404:
            log.info("stream of camera %s refused: %s", slot.camera_id, exc.code)
            slot.refused = exc.code
            if slot.previous is not None:
                self._release_slot(slot.previous)
                slot.previous = None
            if cell is not None:
                if exc.status == 404:
                    self.wall.tile(cell).set_offline()
                else:
                    self.wall.tile(cell).set_no_permission()
            return
        # Relay unavailable, network, hub busy: try again with back-off.
        log.info("stream of camera %s not granted yet: %s", slot.camera_id, exc.code)
        slot.retry_at = time.monotonic() + slot.retry_delay
        slot.retry_delay = min(RETRY_MAX, slot.retry_delay * 2)
        if unreachable(exc):
            self._hub_gone()
        else:
            self.hub_answered()  # it refused, so it answers

    async def _renew(self, slot: Slot) -> None:
        client, grant_id = self.client, slot.grant_id
        if client is None or grant_id is None:
            slot.busy = False
            return
        try:
            grant = await client.renew_grant(grant_id)
        except HubApiError as exc:
            slot.busy = False
            if exc.code == "grant.not_found":
                if slot.grant_id == grant_id:  # expired meanwhile: a new grant
                    slot.grant_id = None
                    self._acquire(slot)
            elif exc.status in (401, 403):
                slot.grant_id = None
                self._refused(slot, exc)
            else:
                slot.renew_at = time.monotonic() + RETRY_FIRST
            if unreachable(exc):
                self._hub_gone()
            else:
                self.hub_answered()
            return
        slot.busy = False
        self.hub_answered()
        if slot.grant_id == grant.grant_id:
            slot.renew_at = time.monotonic() + _renew_after(grant.expires_at)

    # -- a hub that stops answering -------------------------------------------------------

    def hub_answered(self) -> None:
        """The hub answers again (the wall's probe, the session's health poll, the push
        stream reopening, any call): ask for a new grant for every tile now, instead of
        waiting on back-offs that grew while it was away.

        Not a renewal: the old grants' streams may have been served by the hub that was
        lost (its relay died with it, or it held their relay outputs), and another hub of
        the database may still renew them for a few seconds. Each old grant is released
        once its tile plays the new one (make before break)."""
        if not self.hub_lost:
            return
        log.info("the hub answers again: renewing the wall's grants now")
        self._probe.stop()
        self._set_hub_lost(False)
        if self._unkept and self.client is not None:  # a change made while it was away
            self._remember.start(REMEMBER_MS)
        for slot in self._slots.values():
            if slot.refused or slot.offline:
                continue
            slot.retry_delay, slot.retry_at = RETRY_FIRST, 0.0
            if slot.grant_id is not None and not slot.busy:
                slot.previous = Slot(
                    slot.camera_id, slot.stream, grant_id=slot.grant_id, previous=slot.previous
                )
                slot.grant_id = None
        self._tick()

    def hub_switched(self) -> None:
        """The client failed over to another hub of the same database: the old hub's relay
        served this wall's streams, so renew (or, refused there, ask again for) every grant
        now, as when a lost hub answers again (:meth:`hub_answered`)."""
        if self.client is None:
            return
        self._set_hub_lost(True)
        self.hub_answered()

    def _hub_gone(self) -> None:
        """A call found no hub (network failure): ask it every second whether it is back."""
        if self.hub_lost or self.client is None:
            return
        log.info("the hub does not answer; asking every %d ms", self._probe.interval())
        self._set_hub_lost(True)
        self._probe.start()

    async def _probe_hub(self) -> None:
        client = self.client
        if client is None or self._probing or not self.hub_lost:
            return
        self._probing = True
        try:
            await client.health()
        except HubApiError as exc:
            if unreachable(exc):
                return
        finally:
            self._probing = False
        if client is self.client:
            self.hub_answered()

    def _set_hub_lost(self, lost: bool) -> None:
        if lost == self.hub_lost:
            return
        self.hub_lost = lost
        if shiboken6.isValid(self.wall):
            for tile in self.wall.tiles:
                tile.set_hub_lost(lost)
        self.hubReachable.emit(not lost)

    def _tick(self) -> None:
        now = time.monotonic()
        for slot in list(self._slots.values()):
            if slot.busy or slot.refused or slot.offline:
                continue
            if slot.grant_id is not None and now >= slot.renew_at:
                slot.busy = True
                self._spawn(self._renew(slot))
            elif slot.grant_id is None and now >= slot.retry_at:
                self._acquire(slot)

    def _stalled(self, cell: int, attempt: int) -> None:
        """A tile stalled again: besides its own re-plays, fetch a fresh grant (2nd, 4th,
        8th … stall) in case the hub moved the stream (relay restart)."""
        slot = self._slots.get(cell)
        power_of_two = attempt & (attempt - 1) == 0
        if slot is None or slot.busy or slot.grant_id is None or attempt < 2 or not power_of_two:
            return
        old = Slot(slot.camera_id, slot.stream, grant_id=slot.grant_id)
        slot.grant_id = None
        slot.previous = old
        self._acquire(slot)

    def _release_slot(self, slot: Slot) -> None:
        client = self.client
        for grant_id in _grant_ids(slot):
            if client is not None:
                self._spawn(_quietly(client.release_grant(grant_id)))
        slot.grant_id, slot.previous = None, None

    # -- layout observation -------------------------------------------------------------

    def _on_change(self, change: LayoutChange) -> None:
        if change.kind is ChangeKind.SWAPPED:
            a, b = change.cells
            slot_a, slot_b = self._slots.pop(a, None), self._slots.pop(b, None)
            if slot_a is not None:
                self._slots[b] = slot_a
            if slot_b is not None:
                self._slots[a] = slot_b
        self._hook_tiles()
        self.window.apply_watermark()
        self._decorate_tiles()
        if not self._restoring and self.client is not None:
            if self.last_wall is not None:
                self._remember.start(REMEMBER_MS)
            else:
                self.memory.save_wall(self.hub_url, self.username, self.wall.model)
        self.sync()

    def _remember_last(self) -> None:
        if self.last_wall is None or self.client is None:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # the console's event loop has ended: nobody to send it
            return
        self._unkept = False
        self._remembering = loop.create_task(self._keep_last(self.last_wall))

    async def _keep_last(self, store: LastWallStore) -> None:
        try:
            kept = await store.remember_last()
        except HubApiError:
            kept = False
        if kept or not shiboken6.isValid(self):
            return
        self._unkept = True  # sent again when the hub answers again

    def _hook_tiles(self) -> None:
        for tile in self.wall.tiles:
            if tile not in self._hooked:
                tile.camerasDropped.connect(self.drop_cameras)
                self._hooked.add(tile)
            if tile.hub_lost != self.hub_lost:
                tile.set_hub_lost(self.hub_lost)

    def _decorate_tiles(self) -> None:
        for tile in self.wall.tiles:
            camera = self.cameras.get(tile.camera_id or "")
            offset = camera.clock_offset_seconds if camera is not None else None
            drift = offset if offset is not None and abs(offset) > DRIFT_LIMIT_SECONDS else None
            if tile.clock_drift != drift:
                tile.set_clock_drift(drift)

    def _favourites_changed(self, camera_ids: list[str]) -> None:
        if self.client is not None:
            self.memory.save_favourites(self.hub_url, self.username, camera_ids)

    def _spawn(self, work: Awaitable[Any]) -> None:
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def shutdown(self) -> None:
        """Stop observing the layout (the window is being discarded)."""
        self._timer.stop()
        self._probe.stop()
        self._remember.stop()
        self._unsubscribe()


def unreachable(exc: HubApiError) -> bool:
    """Whether a failed call found no hub at all (network failure, or a proxy in front of
    it answering for it) rather than an answer from the hub."""
    return exc.status == 0 or (exc.status in (502, 503, 504) and exc.code == "http")


def _grant_ids(slot: Slot) -> list[str]:
    ids = [slot.grant_id] if slot.grant_id else []
    if slot.previous is not None:
        ids += _grant_ids(slot.previous)
    return ids


def _size(stream: StreamKind) -> tuple[int, int]:
    return MAIN_SIZE if stream is StreamKind.MAIN else SUB_SIZE


def _renew_after(expires_at: datetime) -> float:
    """Seconds until a grant should be renewed: a third of its lifetime as seen from here,
    or a safe default when this workstation's clock disagrees too much with the hub's."""
    lifetime = (expires_at - datetime.now(UTC)).total_seconds()
    if 10 <= lifetime <= 86_400:
        return lifetime / 3
    return DEFAULT_RENEW_AFTER


async def _release_all(client: HubClient | None, grant_ids: list[str]) -> None:
    if client is not None:
        for grant_id in grant_ids:
            with contextlib.suppress(HubApiError):
                await client.release_grant(grant_id)


async def _quietly(call: Awaitable[None]) -> None:
    with contextlib.suppress(HubApiError):
        await call
