# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark: a wall display on X, end to end, as the operators see it.

A ``vwall --display`` wall (:class:`console.display.DisplayController` in a
:class:`widgets.display_window.DisplayWindow`, full screen, real libVLC players) on an X
server (Xvfb 1920×1080×24, started here when ``DISPLAY`` is unset), showing an N×N wall
of sub streams through a ``vwall-hub serve`` child and its media relay, from a simulated
fleet (its own process). The cameras repeat over the cells (``--cameras``, default 4),
as a control room showing a few cameras several times.

Measured in this process (the display's; libVLC decodes in its threads) over
``--seconds``:

- CPU in % of one core, RSS, and the X server's CPU;
- frames per tile per second from libVLC, and painted per tile: mean, slowest, fastest;
  the longest time a tile went without a new picture (a frozen tile shows as seconds);
- UI latency: a mouse click posted to a random tile every 200 ms (it selects the tile),
  to the end of the event loop's pass that repainted it: p50, p95, max;
- the picture's age when painted: the time painted minus the time burned into the frame
  by the simulator (its time bar), p50 and p95, in a phase of its own after the CPU
  figures (reading the bar costs CPU).

Then the floor, in the same run on the same streams straight from the cameras: one
``ffmpeg -threads 1 -rtsp_transport tcp -i RTSP -pix_fmt bgra -f null -`` per tile,
decoding and converting to BGRA, which is what any software display must do at least.
The goals (issue 10 §6): 4×4 display CPU ≤ 1.5× the floor with every tile at the
stream's frame rate; 6×6 and 8×8 UI latency p95 ≤ 50 ms with no frozen tile; age p95 ≤
300 ms.

    .venv/bin/python bench/wall_render.py [--grid 4] [--seconds 30] [--no-floor]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import logging
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

FFMPEG_IN = ["ffmpeg", "-nostdin", "-loglevel", "error", "-threads", "1"]
FFMPEG_OUT = ["-pix_fmt", "bgra", "-f", "null", "-"]
SAMPLE_S = 0.1  # how often painted counts are sampled (frozen-tile resolution)
CLICK_S = 0.2  # how often a click is posted (UI latency)


def start_x(size: str) -> subprocess.Popen[bytes] | None:
    """Start Xvfb on a free display unless ``DISPLAY`` is set; the server (or None)."""
    if os.environ.get("DISPLAY"):
        return None
    if shutil.which("Xvfb") is None:
        sys.exit("wall_render: no DISPLAY and no Xvfb (apt-get install xvfb)")
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", f"{size}x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()
    if not number:
        sys.exit("wall_render: Xvfb did not start")
    os.environ["DISPLAY"] = f":{number}"
    return server


def proc_cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process (children excluded)."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def proc_rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def own_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def x_server_pid() -> int | None:
    """The pid of the X server on ``DISPLAY`` (Xvfb or Xorg), when it runs here."""
    number = os.environ.get("DISPLAY", "").lstrip(":").split(".")[0]
    try:
        with open(f"/tmp/.X{number}-lock") as lock:
            return int(lock.read().strip())
    except (OSError, ValueError):
        return None


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def ffmpeg_floor(urls: list[str], seconds: float) -> tuple[float, float, int]:
    """CPU (% of one core) and RSS (MB) of one ffmpeg per URL decoding to BGRA, and how
    many of them still ran at the end."""
    procs = [
        subprocess.Popen(
            [*FFMPEG_IN, "-rtsp_transport", "tcp", "-i", url, *FFMPEG_OUT],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for url in urls
    ]
    try:
        time.sleep(3.0)  # a benchmark, not a test: let every decoder reach steady state
        cpu0 = {p.pid: proc_cpu_seconds(p.pid) for p in procs if p.poll() is None}
        t0 = time.monotonic()
        time.sleep(seconds)
        alive = [p for p in procs if p.poll() is None and p.pid in cpu0]
        used = sum(proc_cpu_seconds(p.pid) - cpu0[p.pid] for p in alive)
        elapsed = time.monotonic() - t0
        rss = sum(proc_rss_mb(p.pid) for p in alive)
        return used / elapsed * 100, rss, len(alive)
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                proc.kill()


def thread_niceness() -> dict[int, int]:
    """How many of this process's threads run at each niceness (Linux)."""
    counts: Counter[int] = Counter()
    for task in Path("/proc/self/task").iterdir():
        try:
            fields = (task / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the thread ended meanwhile
        counts[int(fields[16])] += 1  # field 19 of stat, counted after the name
    return dict(sorted(counts.items()))


async def until(check: Callable[[], bool], within: float, what: str | Callable[[], str]) -> None:
    deadline = time.monotonic() + within
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError(what if isinstance(what, str) else what())
        await asyncio.sleep(0.1)


async def run(args: argparse.Namespace) -> int:
    import keyring
    from PySide6.QtCore import QEvent, QObject, QPointF, Qt, QTimer
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    from camsim import timecode
    from camsim.process import FleetProcess
    from console.display import DisplayController
    from console.embedded import HUB_DB, _free_port
    from hub.client import HubClient
    from tests.console.conftest import MemoryKeyring
    from tests.console.test_hub_restart import KillableHub, seed_site
    from tests.widgets.frames import to_bgra
    from widgets.display_window import DisplayWindow
    from widgets.player import VideoPlayer
    from widgets.video_tile import TileStatus, VideoTile

    cells = args.grid * args.grid
    keyring.set_keyring(MemoryKeyring())  # never the workstation's own keyring
    fleet = FleetProcess(args.cameras, "--event-period", "0").start()
    try:
        with tempfile.TemporaryDirectory(prefix="vwall-bench-") as tmp:
            data = Path(tmp)
            codes = [str(c["id"]) for c in fleet.cameras]
            order = tuple(codes[i % len(codes)] for i in range(cells))
            db_url = f"sqlite:///{data / 'hub' / HUB_DB}"
            _, _, token = seed_site(db_url, data / "hub", fleet, (args.grid, args.grid), order)
            for name in ("", "httpx", "alembic"):
                logging.getLogger(name).setLevel(logging.WARNING)
            hub = KillableHub(data / "hub", _free_port(), db_url)
            hub.spawn()
            try:
                await until(hub.answers, 60, "hub start")
                window = DisplayWindow(VideoPlayer)
                client = HubClient(hub.url)
                client.token = token
                display = DisplayController(window, client)
                window.show_full_screen()
                started = time.monotonic()
                _ = display.start()

                def tiles() -> list[VideoTile]:
                    return list(window.wall.tiles) if window.wall is not None else []

                def all_playing() -> bool:
                    shown = tiles()
                    return len(shown) == cells and all(
                        t.status is TileStatus.PLAYING for t in shown
                    )

                def not_playing() -> str:
                    shown = tiles()
                    counts = Counter(t.status.value for t in shown)
                    frames = [t.player.frame_count if t.player else 0 for t in shown]
                    lost = [getattr(t.player, "lost_count", 0) if t.player else 0 for t in shown]
                    states = Counter(
                        t.player.state.value if t.player else "no player" for t in shown
                    )
                    return (
                        f"every tile playing ({len(shown)} tiles: {dict(counts)}; "
                        f"cells known {len(display._cells)}, grants {len(display._grants)}, "
                        f"requests under way {len(display._tasks)}; players "
                        f"{dict(states)}; libVLC "
                        f"frames min {min(frames, default=0)} max {max(frames, default=0)}, "
                        f"late/dropped {sum(lost)})"
                    )

                try:
                    await until(all_playing, 90, not_playing)
                except TimeoutError:
                    print(
                        "hub's log, last lines:\n" + "\n".join(hub.stderr_text().splitlines()[-25:])
                    )
                    raise
                first = time.monotonic() - started
                await asyncio.sleep(3.0)  # settle
                shown = tiles()
                players = [t.player for t in shown]

                # -- probes: painted counts, clicks, ages -----------------------------
                samples: list[list[int]] = []
                latencies: list[float] = []
                ages: list[float] = []
                state: dict[str, object] = {"probe": None, "ages": False}
                painted_seq = [0] * cells

                class Watch(QObject):
                    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
                        if event.type() != QEvent.Type.Paint or not isinstance(watched, VideoTile):
                            return False
                        probe = state["probe"]
                        if probe is not None and probe[0] is watched:  # type: ignore[index]
                            state["probe"] = None
                            posted = probe[1]  # type: ignore[index]
                            QTimer.singleShot(
                                0, lambda: latencies.append(time.monotonic() - posted)
                            )
                        if state["ages"] and watched.player is not None:
                            seq = watched.player.sequence
                            if seq != painted_seq[watched.cell]:
                                painted_seq[watched.cell] = seq
                                with watched.player.reading_frame() as image:
                                    at = None if image is None else timecode.read(to_bgra(image))
                                if at is not None:
                                    ages.append(time.time() - at.timestamp())
                        return False

                watch = Watch()
                for tile in shown:
                    tile.installEventFilter(watch)

                def sample() -> None:
                    samples.append([t.painted_frames for t in shown])

                def click() -> None:
                    if state["probe"] is not None:
                        return  # the last one is not painted yet: counted as it ends
                    tile = random.choice(shown)
                    if tile.selected:
                        return
                    centre = QPointF(tile.width() / 2, tile.height() / 2)
                    for kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease):
                        buttons = (
                            Qt.MouseButton.LeftButton
                            if kind is QEvent.Type.MouseButtonPress
                            else Qt.MouseButton.NoButton
                        )
                        QApplication.postEvent(
                            tile,
                            QMouseEvent(
                                kind,
                                centre,
                                tile.mapToGlobal(centre),
                                Qt.MouseButton.LeftButton,
                                buttons,
                                Qt.KeyboardModifier.NoModifier,
                            ),
                        )
                    state["probe"] = (tile, time.monotonic())

                sampler, clicker = QTimer(), QTimer()
                sampler.timeout.connect(sample)
                clicker.timeout.connect(click)
                base_frames = [p.frame_count if p else 0 for p in players]
                base_lost = [p.lost_count if p else 0 for p in players]
                x_pid = x_server_pid()
                x_cpu0 = proc_cpu_seconds(x_pid) if x_pid else 0.0
                cpu0, t0 = own_cpu_seconds(), time.monotonic()
                sample()
                sampler.start(int(SAMPLE_S * 1000))
                clicker.start(int(CLICK_S * 1000))
                await asyncio.sleep(args.seconds)
                sampler.stop()
                clicker.stop()
                sample()
                elapsed = time.monotonic() - t0
                cpu = (own_cpu_seconds() - cpu0) / elapsed * 100
                x_cpu = (proc_cpu_seconds(x_pid) - x_cpu0) / elapsed * 100 if x_pid else None
                rss = proc_rss_mb(os.getpid())
                for player in players:
                    if player:
                        player.poll()
                new = [
                    (p.frame_count - b) / elapsed if p else 0.0
                    for p, b in zip(players, base_frames, strict=True)
                ]
                lost = sum(p.lost_count - b for p, b in zip(players, base_lost, strict=True) if p)
                painted = [(b - a) / elapsed for a, b in zip(samples[0], samples[-1], strict=True)]
                frozen = []
                for cell in range(cells):
                    longest = run_ = 0
                    for before, after in itertools.pairwise(samples):
                        run_ = run_ + 1 if after[cell] == before[cell] else 0
                        longest = max(longest, run_)
                    frozen.append(longest * SAMPLE_S)
                stalled = sum(t.status is not TileStatus.PLAYING for t in shown)

                # -- the age phase ---------------------------------------------------------
                state["ages"] = True
                await asyncio.sleep(args.age_seconds)
                state["ages"] = False
                if args.screenshot:
                    window.grab().save(str(args.screenshot))
                size = window.size()
                print(f"wall {args.grid}x{args.grid} on X at {size.width()}x{size.height()}: "
                      f"{cells} relayed sub streams of {args.cameras} cameras")  # fmt: skip
                print(f"platform                        {QApplication.platformName()}")
                print(f"all tiles playing after         {first:7.2f} s")
                print(f"measured for                    {elapsed:7.1f} s")
                print(f"display CPU (% of one core)     {cpu:7.1f}")
                print(f"display RSS                     {rss:7.1f} MB")
                if x_cpu is not None:
                    print(f"X server CPU (% of one core)    {x_cpu:7.1f}")
                print(f"libVLC frames/tile/s            {statistics.fmean(new):7.2f}")
                print(f"painted frames/tile/s mean      {statistics.fmean(painted):7.2f}")
                print(f"  slowest / fastest tile        {min(painted):7.2f} / {max(painted):.2f}")
                print(f"longest tile without a picture  {max(frozen):7.2f} s")
                print(f"late/dropped by libVLC          {lost:7d}")
                print(f"tiles not playing at the end    {stalled:7d}")
                print(f"threads by niceness             {thread_niceness()}")
                lat_ms = [v * 1000 for v in latencies]
                print(f"UI latency click -> repaint     p50 {percentile(lat_ms, 0.5):.1f} "
                      f"p95 {percentile(lat_ms, 0.95):.1f} max {max(lat_ms, default=0):.1f} ms "
                      f"({len(lat_ms)} clicks)")  # fmt: skip
                age_ms = [v * 1000 for v in ages]
                print(f"picture age when painted        p50 {percentile(age_ms, 0.5):.0f} "
                      f"p95 {percentile(age_ms, 0.95):.0f} ms ({len(age_ms)} frames)")  # fmt: skip
                display.stop()
                if window.wall is not None:
                    window.wall.shutdown()
                await client.aclose()
                window.close()
                if not args.no_floor:
                    urls = [fleet.rtsp_url(code, "sub") for code in order]
                    floor, floor_rss, running = ffmpeg_floor(urls, args.seconds)
                    print(f"floor: {cells} x ffmpeg -threads 1 -pix_fmt bgra from the cameras "
                          f"({running} running at the end)")  # fmt: skip
                    print(f"floor CPU (% of one core)       {floor:7.1f}")
                    print(f"floor RSS (sum)                 {floor_rss:7.1f} MB")
                    print(f"display / floor                 {cpu / floor:7.2f}  (goal <= 1.50)")
            finally:
                hub.stop()
    finally:
        fleet.stop()
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grid", type=int, default=4, help="N for an N×N wall")
    parser.add_argument("--cameras", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--age-seconds", type=float, default=10.0)
    parser.add_argument("--size", default="1920x1080", help="Xvfb screen when started here")
    parser.add_argument("--screenshot", type=Path, help="save the wall as PNG at the end")
    parser.add_argument("--no-floor", action="store_true", help="skip the ffmpeg floor")
    parser.add_argument(
        "--vlc-arg",
        action="append",
        default=[],
        help="an extra libVLC option to compare (repeatable), e.g. --vlc-arg=--clock-jitter=0",
    )
    args = parser.parse_args()
    server = start_x(args.size)
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    try:
        import qasync
        from PySide6.QtWidgets import QApplication

        from i18n.catalog import install_translator
        from widgets import player
        from widgets.player import limit_malloc_arenas

        limit_malloc_arenas()
        if args.vlc_arg:
            player.INSTANCE_ARGS = (*player.INSTANCE_ARGS, *args.vlc_arg)
            print("libVLC options added:", " ".join(args.vlc_arg))
        app = QApplication([])
        install_translator(app, "vi")
        loop = qasync.QEventLoop(app)
        asyncio.set_event_loop(loop)
        with loop:
            return loop.run_until_complete(run(args))
    finally:
        if server is not None:
            server.terminate()
            server.wait(10)


if __name__ == "__main__":
    sys.exit(main())
