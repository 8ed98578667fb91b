# SPDX-License-Identifier: GPL-3.0-or-later
"""``vwall --display``: the wall display mode for a control room's big screens.

No operator logs in: an administrator enrols the display once (``POST /api/displays``)
and the token is given to it once (``vwall --display --enrol-token=TOKEN --hub URL``;
with ``=``, so that a token is never read as an option),
which keeps it in the system keyring — or, on a PC without one, in a file readable by
its owner only (0600). The display starts full screen into its current wall, plays the
tiles through view-only display grants, follows the walls and layouts operators push
(``display.wall``), and blanks at once with a message when its token is revoked (the
hub ends its event stream; the reconnection is refused with 401). When the hub stops
answering (killed, restarted, network), the tiles say "reconnecting" and the event stream
is tried again every second; the moment it reopens every tile that is not playing gets a
fresh grant at once.

``--hub`` may list several hubs of one PostgreSQL (separated by commas, or repeated):
each is checked (``--hub-fingerprint``: one for all or one per hub, in order) and the
list is kept; the display's client fails over between them
(:class:`~hub.client.HubClient`). When it switched, the event stream reopens on the new
hub at once and every tile gets a fresh grant there (the old hub's relay took its
streams with it), without waiting for a stall.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import os
import signal
import sys
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from pathlib import Path

import keyring
from keyring.errors import KeyringError
from platformdirs import user_config_dir
from PySide6.QtCore import QObject, QTimer, Signal

from console.login import async_slot
from console.settings import join_hub_urls
from console.trust import CertificateChanged, HubTrust, HubTrustError
from console.wall_controller import unreachable
from hub.catalog.contracts import StreamKind
from hub.client import HubApiError, HubClient
from hub.walls.contracts import DisplayWallEvent, StreamPreference, WallCamera
from layouts import Layout, LayoutError
from widgets.display_window import DisplayWindow
from widgets.player import TilePlayer, VideoPlayer, set_trust_directory
from widgets.render_path import choose_render_path
from widgets.video_tile import TileStatus

log = logging.getLogger(__name__)

SERVICE = "vwall-display"
_HUB_URL = "hub_url"
_TOKEN = "display_token"
RETRY_MS = 1000  # wait before reconnecting after a network failure
RENEW_MS = 30_000  # grants live 120 s by default: renew well before


@dataclass(frozen=True)
class Enrolment:
    """Where the display's hub is (one URL or a failover list's text) and its token."""

    hub_url: str
    token: str


class DisplayCredentials:
    """The display token in the keyring, or in a 0600 file when there is no keyring."""

    def __init__(self, service: str = SERVICE, fallback: Path | None = None) -> None:
        self.service = service
        self.fallback = fallback or Path(user_config_dir("vwall")) / "display-token.json"

    def store(self, enrolment: Enrolment) -> str:
        """Keep the enrolment; returns where (``keyring`` or the file path)."""
        try:
            keyring.set_password(self.service, _HUB_URL, enrolment.hub_url)
            keyring.set_password(self.service, _TOKEN, enrolment.token)
            return "keyring"
        except KeyringError as exc:
            log.warning("no usable keyring, the token goes to %s: %s", self.fallback, exc)
        self.fallback.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.fallback.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump({"hub_url": enrolment.hub_url, "token": enrolment.token}, f)
        os.chmod(tmp, 0o600)
        tmp.replace(self.fallback)
        return str(self.fallback)

    def load(self) -> Enrolment | None:
        """The kept enrolment, if any (keyring first, then the file)."""
        try:
            url = keyring.get_password(self.service, _HUB_URL)
            token = keyring.get_password(self.service, _TOKEN)
            if url and token:
                return Enrolment(url, token)
        except KeyringError as exc:
            log.warning("no usable keyring: %s", exc)
        try:
            data = json.loads(self.fallback.read_text(encoding="utf-8"))
            return Enrolment(str(data["hub_url"]), str(data["token"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None


class DisplayController(QObject):
    """Drives a :class:`DisplayWindow` from the hub: current wall, pushes, revocation.

    Signals:
        wallShown(name): a wall (or pushed layout) is on screen.
        revoked(): the token was refused; the screen is blank.
    """

    wallShown = Signal(str)
    revoked = Signal()

    def __init__(
        self,
        window: DisplayWindow,
        client: HubClient,
        retry_ms: int = RETRY_MS,
        renew_ms: int = RENEW_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.window = window
        self.client = client
        self.retry_ms = retry_ms
        self.current: DisplayWallEvent | None = None
        self.is_revoked = False
        self._cells: dict[int, WallCamera] = {}
        self._grants: dict[int, str] = {}  # cell -> grant id
        self._generation = 0
        self._follower: asyncio.Task[None] | None = None
        self._tasks: set[asyncio.Future[None]] = set()
        self._pushes = 0  # display.wall events applied
        self.hub_lost = False  # a call found no hub; cleared when the event stream reopens
        self._moved = False  # the client failed over; the stream reopens on the new hub
        self._renew = QTimer(self)
        self._renew.setInterval(renew_ms)
        self._renew.timeout.connect(self.renew_grants)

    # -- life cycle -----------------------------------------------------------------

    @async_slot()
    async def start(self) -> None:
        """Follow the hub: subscribe to pushes, then show the current wall."""
        if self._follower is None and not self.is_revoked:
            self._follower = asyncio.ensure_future(self._follow())
            self._renew.start()

    def stop(self) -> None:
        """Stop following (the application quits)."""
        self._renew.stop()
        if self._follower is not None:
            self._follower.cancel()
            self._follower = None

    async def _follow(self) -> None:
        last_id: int | None = None
        while not self.is_revoked:
            url = self.client.url
            try:
                # Subscribed first, then the current wall is read (``_opened``): a push
                # landing in between is in the stream, never lost.
                async for event_id, topic, data in self.client.display_events(
                    last_id, on_open=self._opened
                ):
                    last_id = event_id if event_id is not None else last_id
                    self._on_event(topic, data)
                # The hub ended the stream (time limit, or revocation): reconnect now; a
                # revoked token is refused with 401 on the way back.
            except HubApiError as exc:
                if exc.status == 401:
                    self.revoke()
                    return
                if unreachable(exc):
                    self._set_hub_lost(True)
                if self.client.url != url:  # failed over: reopen on the new hub now
                    log.warning("display switched from hub %s to hub %s", url, self.client.url)
                    self._moved = True
                    continue
                await asyncio.sleep(self.retry_ms / 1000)

    def _opened(self) -> None:
        if self._moved:  # every stream was the old hub's relay's: all tiles anew
            self._moved = False
            self._hub_back(every_tile=True)
        elif self.hub_lost:
            self._hub_back()
        self._spawn(self._sync_current(self._pushes))

    def _hub_back(self, every_tile: bool = False) -> None:
        """The hub answers again: every tile not playing (``every_tile``: every tile, after
        a failover) asks for a grant now (a restarted hub no longer knows the old ones),
        without waiting for its back-off."""
        self._set_hub_lost(False)
        wall = self.window.wall
        if wall is None:
            return
        for cell in self._cells:
            if every_tile or wall.tile(cell).status is not TileStatus.PLAYING:
                self._play_later(cell)

    def _set_hub_lost(self, lost: bool) -> None:
        self.hub_lost = lost
        wall = self.window.wall
        if wall is not None:
            for tile in wall.tiles:
                tile.set_hub_lost(lost)

    async def _sync_current(self, pushes: int) -> None:
        """Show what the hub says the display shows (at start and after a reconnection)."""
        try:
            me = await self.client.display_me()
        except HubApiError as exc:
            if exc.status == 401:
                self.revoke()
            return
        # A push applied meanwhile is newer than this answer.
        if me.current is not None and pushes == self._pushes and me.current != self.current:
            self.show(me.current)

    def _on_event(self, topic: str, data: object) -> None:
        if topic == "display.wall":
            self._pushes += 1
            try:
                self.show(DisplayWallEvent.model_validate(data))
            except ValueError:
                log.warning("ignoring a malformed display.wall push")
        elif topic == "stream.revoked" and isinstance(data, dict):
            for cell, grant_id in list(self._grants.items()):
                if grant_id == data.get("grant_id"):
                    del self._grants[cell]
                    self._play_later(cell)

    def revoke(self) -> None:
        """Blank at once and say so; nothing plays any more."""
        self.is_revoked = True
        self._renew.stop()
        self._generation += 1
        self._cells, self._grants = {}, {}
        self.window.show_message(self.tr("Display revoked — contact the administrator"))
        self.revoked.emit()

    # -- walls ------------------------------------------------------------------------

    def show(self, shown: DisplayWallEvent) -> None:
        """Put a wall (or pushed layout) on screen and start its tiles."""
        if self.is_revoked:
            return
        try:
            layout = Layout.from_dict(shown.layout)
        except LayoutError:
            log.warning("ignoring a wall with a bad layout")
            return
        cells = {c.cell: c for c in shown.cameras if c.cell < len(layout)}
        for cell, cam in cells.items():
            layout.assign(cell, str(cam.camera_id))
        self._release_all()
        self._generation += 1
        self.current = shown
        self._cells = cells
        wall = self.window.show_wall(layout)
        for tile in wall.tiles:
            tile.set_hub_lost(self.hub_lost)
        wall.reconnectRequested.connect(lambda cell, _attempt: self._play_later(cell))
        wall.streamProfileWanted.connect(self._on_profile)
        for cell in cells:
            self._play_later(cell)
        self.wallShown.emit(shown.name)

    def _on_profile(self, cell: int, _profile: str) -> None:
        cam = self._cells.get(cell)
        if cam is not None and cam.stream is StreamPreference.AUTO:
            self._play_later(cell)

    def _play_later(self, cell: int) -> None:
        self._spawn(self._play(cell, self._generation))

    def _spawn(self, work: Coroutine[object, object, None]) -> None:
        try:
            task = asyncio.ensure_future(work)
        except RuntimeError:  # no event loop any more: the display is shutting down
            work.close()
            return
        self._tasks.add(task)  # a reference, so the task is not collected mid-way
        task.add_done_callback(self._done)

    def _done(self, task: asyncio.Future[None]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and (exc := task.exception()) is not None:
            log.error("display work failed", exc_info=exc)

    @property
    def busy(self) -> bool:
        """Whether grant requests or releases are still under way."""
        return bool(self._tasks)

    def _stream_for(self, cell: int) -> StreamKind:
        cam = self._cells[cell]
        if cam.stream is not StreamPreference.AUTO:
            return StreamKind(cam.stream.value)
        wall = self.window.wall
        return StreamKind(wall.profile_for(cell)) if wall is not None else StreamKind.SUB

    async def _play(self, cell: int, generation: int) -> None:
        cam = self._cells.get(cell)
        if cam is None or generation != self._generation:
            return
        try:
            grant = await self.client.display_grant(cam.camera_id, self._stream_for(cell))
        except HubApiError as exc:
            if generation != self._generation or self.window.wall is None:
                return
            if exc.status == 401:
                self.revoke()
            elif exc.status == 403:
                self.window.wall.tile(cell).set_no_permission()
            elif unreachable(exc):  # "reconnecting"; asked again when the hub is back
                self._set_hub_lost(True)
                # … and after a pause in any case: an answer too slow to wait for (a hub
                # busy with a whole wall's grants) leaves the event stream up, and the
                # tile would wait for a reconnection that never comes.
                self._spawn(self._play_again(cell, generation))
            else:
                self.window.wall.tile(cell).set_offline()
            return
        wall = self.window.wall
        if generation != self._generation or wall is None or self.is_revoked:
            with contextlib.suppress(HubApiError):
                await self.client.display_release_grant(grant.grant_id)
            return
        if self.hub_lost:
            self._set_hub_lost(False)  # it answered
        previous = self._grants.get(cell)
        self._grants[cell] = grant.grant_id
        wall.tile(cell).play(grant.url, masks=grant.masks)
        if previous is not None and previous != grant.grant_id:
            with contextlib.suppress(HubApiError):
                await self.client.display_release_grant(previous)

    async def _play_again(self, cell: int, generation: int) -> None:
        await asyncio.sleep(self.retry_ms / 1000)
        if generation == self._generation and cell not in self._grants and not self.is_revoked:
            await self._play(cell, generation)

    def _release_all(self) -> None:
        grants, self._grants = list(self._grants.values()), {}
        for grant_id in grants:
            self._spawn(self._release(grant_id))

    async def _release(self, grant_id: str) -> None:
        with contextlib.suppress(HubApiError):
            await self.client.display_release_grant(grant_id)

    @async_slot()
    async def renew_grants(self) -> None:
        """Keep the tiles' grants alive; a grant that cannot be renewed is replaced."""
        for cell, grant_id in list(self._grants.items()):
            try:
                await self.client.display_renew_grant(grant_id)
            except HubApiError as exc:
                if exc.status == 401:
                    self.revoke()
                    return
                if self._grants.get(cell) == grant_id:
                    del self._grants[cell]
                    self._play_later(cell)


# -- entry point -----------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="vwall --display",
        description="Wall display mode",
        epilog="enrol once with:  vwall --display --enrol-token=TOKEN --hub URL\n"
        "(write '=': a token is then never read as an option)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--display", action="store_true", help="run as a wall display")
    parser.add_argument(
        "--hub",
        metavar="URL",
        action="append",
        help="hub URL (with --enrol-token); several hubs of one database, separated by "
        "commas or with --hub repeated, are a failover list",
    )
    parser.add_argument(
        "--enrol-token",
        metavar="TOKEN",
        help="keep this display token (write --enrol-token=TOKEN)",
    )
    parser.add_argument(
        "--hub-fingerprint",
        metavar="SHA256",
        help="with --enrol-token: pin the hub's certificate by this SHA-256 fingerprint "
        "(an HTTPS hub whose certificate no trusted CA issued; several hubs: one for all, "
        "or one per hub in order, separated by commas)",
    )
    parser.add_argument("--ca-bundle", type=Path, metavar="FILE", help="trusted CAs (PEM)")
    parser.add_argument("--lang", default="vi", choices=["vi", "en"], help="interface language")
    parser.add_argument("--windowed", action="store_true", help="not full screen")
    parser.add_argument("--log-level", default="INFO")
    return parser


def main(
    argv: list[str] | None = None,
    credentials: DisplayCredentials | None = None,
    player_factory: Callable[[], TilePlayer] = VideoPlayer,
) -> int:
    """Run the display (``vwall --display``); with ``--enrol-token`` keep the token first."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=args.log_level.upper(), format="%(levelname)s %(name)s: %(message)s")
    credentials = credentials or DisplayCredentials()
    trust = HubTrust(ca_bundle=args.ca_bundle)
    if args.enrol_token:
        if not args.hub:
            print("vwall --display: --enrol-token needs --hub URL", file=sys.stderr)
            return 2
        hubs = join_hub_urls(args.hub)
        prints = [p.strip() for p in (args.hub_fingerprint or "").split(",") if p.strip()]
        try:  # a display has nobody to ask: the fingerprint (or a CA) decides
            asyncio.run(trust.check_all(hubs, None, prints))
        except (HubTrustError, OSError, ValueError) as exc:
            print(f"vwall --display: the hub is not trusted: {_trust_reason(exc)}", file=sys.stderr)
            return 2
        where = credentials.store(Enrolment(hubs, args.enrol_token.strip()))
        print(f"vwall --display: display token kept in {where}", flush=True)
    enrolment = credentials.load()
    if enrolment is None:
        print(
            "vwall --display: this display is not enrolled; run "
            "vwall --display --enrol-token=TOKEN --hub URL",
            file=sys.stderr,
        )
        return 2
    from console.app import NO_DISPLAY, has_display

    if not has_display():
        print(NO_DISPLAY, file=sys.stderr)
        return 2
    import qasync
    from PySide6.QtWidgets import QApplication

    from i18n.catalog import install_translator

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    install_translator(app, args.lang)
    choose_render_path()  # GPU or CPU video, once, logged (diagnostics show it)
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: app.quit())
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    set_trust_directory(trust.trust_directory())
    client = trust.client(enrolment.hub_url)
    client.token = enrolment.token
    window = DisplayWindow(player_factory)
    controller = DisplayController(window, client)
    if args.windowed:
        window.show()
    else:
        window.show_full_screen()
    wake = QTimer()  # lets Python run its signal handlers while Qt waits
    wake.start(200)
    wake.timeout.connect(lambda: None)
    QTimer.singleShot(0, controller.start)
    with loop:
        loop.run_forever()
        controller.stop()
        loop.run_until_complete(client.aclose())
    return 0


def _trust_reason(exc: Exception) -> str:
    if isinstance(exc, CertificateChanged):
        return f"its certificate changed ({exc.presented}, pinned {exc.pinned})"
    if isinstance(exc, HubTrustError) and exc.code == "tls.insecure_http":
        return "plain http:// is only for a hub on this computer"
    if isinstance(exc, HubTrustError):
        return f"certificate {exc.presented} (give --hub-fingerprint or --ca-bundle)"
    return str(exc)
