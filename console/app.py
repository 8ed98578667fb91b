# SPDX-License-Identifier: GPL-3.0-or-later
"""`vwall`: the operator console's entry point.

``--hub`` takes one hub or a failover list (several hubs of one PostgreSQL, separated by
commas or ``--hub`` repeated): the login window shows the list, the session fails over
between its hubs (:mod:`console.session`), and the list is remembered as typed.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from keyring.errors import KeyringError
from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

from console.embedded import DEMO_PROVINCE, EmbeddedStack, StackRunner
from console.login import LoginController
from console.offline_verify import OfflineVerifier
from console.session import POLL_MS, SessionController
from console.settings import WorkstationSession, WorkstationSettings, join_hub_urls
from console.trust import HubTrust, HubTrustError
from console.wall_controller import WallMemory
from widgets.login_dialog import LoginDialog
from widgets.main_window import MainWindow
from widgets.player import (
    TilePlayer,
    VideoPlayer,
    limit_malloc_arenas,
    pending_closes,
    set_trust_directory,
    settle,
)
from widgets.render_path import choose_render_path

log = logging.getLogger(__name__)

NO_DISPLAY = (
    "vwall: no display. Run it in a desktop session (DISPLAY or WAYLAND_DISPLAY set), "
    "or set QT_QPA_PLATFORM (e.g. offscreen) to run without one."
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="vwall", description="Video-wall operator console")
    parser.add_argument(
        "--hub",
        metavar="URL",
        action="append",
        help="hub to log in to (default: embedded hub); several hubs of one database, "
        "separated by commas or with --hub repeated, are a failover list",
    )
    parser.add_argument("--demo", action="store_true", help="also start simulated cameras")
    parser.add_argument("--cameras", type=int, default=8, help="simulated cameras with --demo")
    parser.add_argument("--data-dir", type=Path, help="embedded hub data (default: user data dir)")
    parser.add_argument("--province", default=DEMO_PROVINCE, help="province of a new embedded hub")
    parser.add_argument("--lang", default="vi", choices=["vi", "en"], help="interface language")
    parser.add_argument("--log-level", default="INFO")
    parser.add_argument(
        "--ca-bundle",
        type=Path,
        metavar="FILE",
        help="PEM file of the certificate authorities that issue control-room hub certificates",
    )
    parser.add_argument(
        "--hub-fingerprint",
        metavar="SHA256",
        help="pin the hub's certificate by its SHA-256 fingerprint (as vwall-hub prints it) "
        "instead of asking at the first login (several hubs: one for all, or one per hub "
        "in the same order, separated by commas)",
    )
    parser.add_argument(
        "--display",
        action="store_true",
        help="run as a wall display (enrol it with --display --enrol-token=TOKEN --hub URL; "
        "more in vwall --display --help)",
    )
    return parser


def has_display() -> bool:
    """Whether Qt has somewhere to show windows."""
    return any(os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def remembered(settings: WorkstationSettings) -> WorkstationSession:
    """The remembered session, or defaults when the workstation has no keyring."""
    try:
        return settings.load()
    except KeyringError:
        return WorkstationSession(hub_url="", username="", token=None)


class ConsoleApp(QObject):
    """Login window → main window → (log out) → login window, against one hub URL or a
    failover list of them."""

    def __init__(
        self,
        hub_url: str,
        settings: WorkstationSettings,
        player_factory: Callable[[], TilePlayer] = VideoPlayer,
        poll_ms: int = POLL_MS,
        memory: WallMemory | None = None,
        trust: HubTrust | None = None,
    ) -> None:
        super().__init__()
        self.settings = settings
        self.trust = trust or HubTrust()
        self.dialog = LoginDialog(hub_url, remembered(settings).username)
        self.login = LoginController(self.dialog, settings, parent=self, trust=self.trust)
        self.window = MainWindow(player_factory)
        self.session = SessionController(
            self.window, settings, poll_ms, parent=self, memory=memory, trust=self.trust
        )
        self.login.loggedIn.connect(self._logged_in)
        self.session.loggedOut.connect(self._logged_out)
        # "Verify a package…" on the login window: no sign-in, no hub needed.
        self.offline_verify = OfflineVerifier(self.dialog, parent=self)
        self.dialog.verifyRequested.connect(self.offline_verify.show)

    def start(self) -> None:
        """Show the login window."""
        self.dialog.show()

    def await_embedded_stack(self, runner: StackRunner, loop: asyncio.AbstractEventLoop) -> None:
        """Keep the login window busy until the embedded hub answers, then point it there."""
        self.dialog.set_busy(True, self.tr("Starting the local hub…"))

        def wait() -> None:
            runner.ready.wait()
            loop.call_soon_threadsafe(self._embedded_ready, runner)

        threading.Thread(target=wait, name="embedded-ready", daemon=True).start()

    def _embedded_ready(self, runner: StackRunner) -> None:
        self.dialog.set_busy(False)
        if runner.error is not None:
            print(f"vwall: the local hub did not start: {runner.error}", file=sys.stderr)
            self.dialog.show_error(
                self.tr("The local hub did not start: %1").replace("%1", str(runner.error))
            )
            return
        _print_stack(runner.stack)
        self.dialog.url_edit.setText(runner.stack.hub_url)

    def _logged_in(self, username: str) -> None:
        assert self.login.client is not None
        url = join_hub_urls(self.dialog.url_edit.text())
        self.session.begin(self.login.client, url, username)
        self.window.show()

    def _logged_out(self) -> None:
        self.login.grant = None
        self.dialog.show_login()
        self.dialog.show()
        self.window.hide()

    async def aclose(self) -> None:
        """Release the wall's grants, stop watching the hub and close the connection."""
        self.offline_verify.end()
        await self.session.aclose()
        await self.login.aclose()


def _print_stack(stack: EmbeddedStack) -> None:
    if stack.init_report:
        print(stack.init_report.rstrip(), flush=True)
    for line in stack.onboard_report.splitlines():
        print(f"vwall: catalogue: {line}", flush=True)
    print(f"vwall: embedded hub at {stack.hub_url}", flush=True)
    for camera in stack.summary():
        print(f"{camera['id']}  {camera['kind']:5}  {camera['onvif']}  {camera['name']}")
    print("vwall: embedded stack running; Ctrl+C stops it.", flush=True)


def main(argv: list[str] | None = None) -> int:
    limit_malloc_arenas()  # before Qt, asyncio or libVLC start a thread
    if "--display" in (sys.argv[1:] if argv is None else argv):  # wall display mode
        from console.display import main as display_main

        return end_process(display_main(argv))
    return end_process(_main(argv))


def end_process(code: int) -> int:
    """Give retired libVLC players a moment to close before the interpreter ends."""
    if not settle(5.0):
        log.error("%d video player(s) did not stop", pending_closes())
        return code or 1
    return code


def _main(argv: list[str] | None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=args.log_level.upper(), format="%(levelname)s %(name)s: %(message)s")
    if not has_display():
        print(NO_DISPLAY, file=sys.stderr)
        return 2
    import qasync

    from i18n.catalog import install_translator

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setQuitOnLastWindowClosed(False)
    install_translator(app, args.lang)
    choose_render_path()  # GPU or CPU video, once, logged (diagnostics show it)
    # Handlers first: a stop request during start-up must still stop the children.
    stopping = threading.Event()

    def request_stop(*_: object) -> None:
        stopping.set()
        app.quit()

    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, request_stop)
    stack = EmbeddedStack(
        demo=args.demo, demo_cameras=args.cameras, data_dir=args.data_dir, province=args.province
    )
    embedded = args.hub is None or args.demo
    # The login window shows at once; the embedded stack starts behind it.
    runner = StackRunner(stack).start() if embedded else None
    try:
        loop = qasync.QEventLoop(app)
        asyncio.set_event_loop(loop)
        trust = HubTrust(ca_bundle=args.ca_bundle)
        # Video comes from the relay with the hub's certificate: libVLC trusts what the
        # workstation trusts (pins and the CA bundle), nothing else.
        set_trust_directory(trust.trust_directory())
        hub_url = join_hub_urls(args.hub) if args.hub and not args.demo else ""
        if hub_url and args.hub_fingerprint:
            prints = [p.strip() for p in args.hub_fingerprint.split(",") if p.strip()]
            try:
                loop.run_until_complete(trust.check_all(hub_url, None, prints))
            except (HubTrustError, OSError, ValueError) as exc:
                print(f"vwall: the hub's certificate was not pinned: {exc!r}", file=sys.stderr)
                return 2
        console = ConsoleApp(hub_url, WorkstationSettings(), trust=trust)
        console.dialog.rejected.connect(app.quit)
        console.window.closed.connect(app.quit)
        if stopping.is_set():
            return 0
        wake = QTimer()  # lets Python run its signal handlers while Qt waits
        wake.start(200)
        wake.timeout.connect(lambda: None)
        console.start()
        if runner is not None:
            console.await_embedded_stack(runner, loop)
        with loop:
            loop.run_forever()
            loop.run_until_complete(console.aclose())
    finally:
        if runner is not None:
            runner.stop()
        else:
            stack.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
