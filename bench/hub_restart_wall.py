# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark: time from a killed hub answering again to every tile of a 4×4 wall moving.

Everything real on loopback: the simulated fleet (its own process), the hub as a
``vwall-hub serve`` child with its media relay (SQLite in a temporary directory), and
either the console (:class:`console.app.ConsoleApp`, logged in through its login window)
or a ``vwall --display`` wall (:class:`console.display.DisplayController`), both with
real libVLC players on Qt's offscreen platform. Once all 16 tiles play, the hub is
killed with SIGKILL (its relay worker dies with it), stays away ``--down`` seconds, and is
started again on the same port and database. The figure is the time from the hub's
first health answer (polled every 20 ms) to every tile showing the simulator's current
time again (the frames' burned-in clock, as the tests read it).

The cameras repeat over the 16 cells (``--cameras``, default 4): 16 grants on that many
relay pulls, as a control room showing a few cameras several times.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/hub_restart_wall.py \\
        [--wall console|display] [--down 20] [--cameras 4] [--runs 1]

Issue 14 measured 22.7 s for a 4×4 display wall before the fix.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import keyring
import qasync
from PySide6.QtWidgets import QApplication

from camsim.process import FleetProcess
from console.app import ConsoleApp
from console.display import DisplayController
from console.embedded import HUB_DB, _free_port
from console.settings import WorkstationSettings
from console.wall_controller import WallMemory
from hub.auth import totp
from hub.client import HubClient
from hub.testing import PASSWORD
from tests.console.conftest import MemoryKeyring
from tests.console.test_hub_restart import KillableHub, seed_site, shows_now
from widgets.display_window import DisplayWindow
from widgets.player import VideoPlayer
from widgets.video_tile import VideoTile

CELLS = 16
POLL = 0.02


async def until(check: Callable[[], bool], within: float, what: str) -> None:
    """Poll ``check`` on the running Qt loop until true; TimeoutError after ``within`` s."""
    deadline = time.monotonic() + within
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        await asyncio.sleep(POLL)


async def console_wall(hub: KillableHub, secret: str, ids: list[str], data: Path) -> ConsoleApp:
    """A console logged in as ``oper`` with ``ids`` on a 4×4 wall."""
    app = ConsoleApp(hub.url, WorkstationSettings(), memory=WallMemory(data / "console.ini"))
    app.window.resize(1920, 1080)
    app.start()
    _ = app.login.log_in(hub.url, "oper", PASSWORD, totp.code_at(secret, datetime.now(UTC)))
    walls = app.session.walls
    await until(lambda: bool(walls.cameras), 30, "console login")
    walls.set_layout("4x4")
    for cell, camera_id in enumerate(ids):
        app.window.wall.model.assign(cell, camera_id)
    return app


async def run(args: argparse.Namespace) -> list[float]:
    keyring.set_keyring(MemoryKeyring())  # never the workstation's own keyring
    fleet = FleetProcess(args.cameras, "--event-period", "0").start()
    samples: list[float] = []
    try:
        with tempfile.TemporaryDirectory(prefix="vwall-bench-") as tmp:
            data = Path(tmp)
            codes = [str(c["id"]) for c in fleet.cameras]
            order = tuple(codes[i % len(codes)] for i in range(CELLS))
            db_url = f"sqlite:///{data / 'hub' / HUB_DB}"
            province, cams, token = seed_site(db_url, data / "hub", fleet, (4, 4), order)
            ids = [str(cams[c]) for c in order]
            for name in ("", "httpx", "alembic"):  # the migrations' log set-up turned them up
                logging.getLogger(name).setLevel(logging.WARNING)
            hub = KillableHub(data / "hub", _free_port(), db_url)
            hub.spawn()
            try:
                await until(hub.answers, 60, "hub start")
                if args.wall == "console":
                    app = await console_wall(hub, province.secrets["oper"], ids, data)

                    def tiles() -> list[VideoTile]:
                        return list(app.window.wall.tiles)
                else:
                    window = DisplayWindow(VideoPlayer)
                    window.resize(1920, 1080)
                    window.show()
                    client = HubClient(hub.url)
                    client.token = token
                    display = DisplayController(window, client)
                    _ = display.start()

                    def tiles() -> list[VideoTile]:
                        return list(window.wall.tiles) if window.wall is not None else []

                def moving() -> bool:
                    shown = tiles()
                    return len(shown) == CELLS and all(shows_now(t) for t in shown)

                await until(moving, 90, "the wall playing")
                for run_no in range(args.runs):
                    hub.kill()
                    await asyncio.sleep(args.down)  # the outage itself
                    hub.spawn()
                    await until(hub.answers, 60, "hub restart")
                    answered = time.monotonic()
                    await until(moving, 120, "the wall playing again")
                    samples.append(time.monotonic() - answered)
                    print(f"run {run_no + 1}: all {CELLS} tiles moving {samples[-1]:.2f} s "
                          f"after the hub answered again", flush=True)  # fmt: skip
                if args.wall == "console":
                    await app.aclose()
                    app.window.wall.shutdown()
                else:
                    display.stop()
                    if window.wall is not None:
                        window.wall.shutdown()
                    await client.aclose()
            finally:
                hub.stop()
    finally:
        fleet.stop()
    return samples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wall", choices=["console", "display"], default="console")
    parser.add_argument("--down", type=float, default=20.0, help="seconds the hub is away")
    parser.add_argument("--cameras", type=int, default=4, help="simulated cameras")
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        samples = loop.run_until_complete(run(args))
    print(
        f"{args.wall} 4x4 wall, {args.cameras} cameras, hub away {args.down:.0f} s: "
        f"time to all tiles moving after the hub answers: "
        f"median {statistics.median(samples):.2f} s, max {max(samples):.2f} s "
        f"({len(samples)} runs)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
