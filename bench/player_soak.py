# SPDX-License-Identifier: GPL-3.0-or-later
"""Soak: thousands of play / switch / stop cycles of the console's libVLC players.

What a tile does all day, compressed: each cycle retires a tile's player (closed on a
thread of its own, as :class:`widgets.video_tile.VideoTile` does) and plays the next
stream in a fresh :class:`widgets.player.VideoPlayer`, for a random 20–250 ms. The
streams come from the hub's real media relay (``--transport http``) or, for comparison,
from SRT listeners like the relay used to run (``--transport srt``, ``gst-launch``
``srtsink``). Cycles are a mix of what happens in a control room:

- switch: another camera, live (every 25th waits for a decoded picture, and counts it);
- refused: the relay's address with nothing listening (a relay host that is down);
- wrong: a valid output with a wrong secret (a forged or stale grant);
- revoke: a grant opened, played and closed under the player (revocation mid-stream);
- and every ``--kill-every`` cycles the relay worker is killed (the supervisor restarts it).

The players run in a child process so that an abort inside libVLC is counted instead of
ending the soak: the parent restarts a child for the remaining cycles. Printed per
transport: cycles, aborts (children that died on a signal), hung children, stuck players
(closes that did not finish within 10 s), pictures checked, threads / file descriptors
left over and RSS growth of the player process (after warm-up, all players closed).

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/player_soak.py --cycles 10000
    .venv/bin/python bench/player_soak.py --cycles 2000 --transport srt   # the old input
    .venv/bin/python bench/player_soak.py --cycles 300 --json              # CI's short run
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import gc
import json
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SETTLE_SECONDS = 10.0  # a player whose close takes longer is stuck
HANG_SECONDS = 90.0  # a child that reports no progress this long is hung
CHECK_EVERY = 25  # every n-th switch waits for a decoded picture
PICTURE_SECONDS = 10.0
VERBOSE = "--verbose" in sys.argv


@dataclass
class SoakReport:
    """What one transport's soak counted (the parent adds up its children's)."""

    transport: str
    cycles: int = 0
    aborts: int = 0
    hung: int = 0
    stuck: int = 0
    pictures_checked: int = 0
    pictures_missing: int = 0
    relay_kills: int = 0
    relay_refusals: int = 0  # grants the relay could not open (while it restarted)
    threads_leaked: int = 0
    fds_leaked: int = 0
    rss_growth_mb: float = 0.0
    seconds: float = 0.0
    rss_slope_mb_per_1000: float = 0.0  # least-squares trend of RSS after the warm-up
    ui_ms_p99: float = 0.0  # UI-thread time of one switch (retire + new player + play)
    ui_ms_max: float = 0.0
    scenarios: dict[str, int] = field(default_factory=dict)

    @property
    def clean(self) -> bool:
        """Whether the soak met the goal: nothing crashed, stuck, leaked or went blank."""
        return (
            self.aborts == 0
            and self.hung == 0
            and self.stuck == 0
            and self.pictures_missing == 0
            and self.threads_leaked <= 0
            and self.fds_leaked <= 0
            and self.rss_growth_mb < 50.0
        )


# -- the child: players cycling -------------------------------------------------------


class HttpSources:
    """Streams from the hub's media relay (MPEG-TS over HTTP), one output per camera."""

    def __init__(self, cameras: list[str]) -> None:
        from hub.media import MediaRelay

        self.relay = MediaRelay().start()
        self.urls = []
        for index, rtsp in enumerate(cameras):
            token = secrets.token_urlsafe(24)
            output = self.relay.open_output(f"cam{index}/sub", rtsp, token)
            self.urls.append(output.with_token(token))
        self._cameras = cameras

    def live(self, rng: random.Random) -> str:
        return rng.choice(self.urls)

    def refused(self) -> str:
        return f"http://127.0.0.1:{_free_port(socket.SOCK_STREAM)}/media/out1?token=x{'y' * 20}"

    def wrong(self, rng: random.Random) -> str:
        return rng.choice(self.urls).split("?token=")[0] + "?token=" + secrets.token_urlsafe(24)

    def revocable(self, rng: random.Random) -> tuple[str, Callable[[], None]]:
        index = rng.randrange(len(self._cameras))
        token = secrets.token_urlsafe(24)
        output = self.relay.open_output(f"cam{index}/sub", self._cameras[index], token)
        return output.with_token(token), lambda: self.relay.close_output(output.output_id)

    def kill_relay(self) -> None:
        pid = self.relay.worker_pid
        if pid is not None:
            os.kill(pid, signal.SIGKILL)

    def close(self) -> None:
        self.relay.stop()


class SrtSources:
    """Streams from SRT listeners (``gst-launch-1.0 … srtsink``), as the relay once served."""

    def __init__(self, cameras: list[str]) -> None:
        self._cameras = cameras
        self.passphrase = secrets.token_urlsafe(16)
        self.ports = [_free_port(socket.SOCK_DGRAM) for _ in cameras]
        self.procs: list[subprocess.Popen[bytes] | None] = [None] * len(cameras)
        for index in range(len(cameras)):
            self._start(index)

    def _start(self, index: int) -> None:
        self._stop(index)
        # The device credentials are in this argv: a bench on loopback with simulated
        # cameras only (the product's relay never puts them on a command line).
        self.procs[index] = subprocess.Popen(
            [
                "gst-launch-1.0", "-q", "rtspsrc", f"location={self._cameras[index]}",
                "protocols=tcp", "latency=100", "!", "rtph264depay", "!", "h264parse",
                "config-interval=-1", "!", "mpegtsmux", "!", "srtsink",
                f"uri=srt://127.0.0.1:{self.ports[index]}?mode=listener",
                f"passphrase={self.passphrase}", "wait-for-connection=false",
            ],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip

    def _stop(self, index: int) -> None:
        proc = self.procs[index]
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait(5)
        self.procs[index] = None

    def _url(self, index: int, passphrase: str | None = None) -> str:
        secret = passphrase or self.passphrase
        return f"srt://127.0.0.1:{self.ports[index]}?mode=caller&passphrase={secret}"

    def live(self, rng: random.Random) -> str:
        return self._url(rng.randrange(len(self._cameras)))

    def refused(self) -> str:
        return (
            f"srt://127.0.0.1:{_free_port(socket.SOCK_DGRAM)}?mode=caller&passphrase=x" + "y" * 12
        )

    def wrong(self, rng: random.Random) -> str:
        return self._url(rng.randrange(len(self._cameras)), secrets.token_urlsafe(16))

    def revocable(self, rng: random.Random) -> tuple[str, Callable[[], None]]:
        index = rng.randrange(len(self._cameras))
        return self._url(index), lambda: self._start(index)  # the listener goes away

    def kill_relay(self) -> None:
        for index in range(len(self._cameras)):
            self._start(index)

    def close(self) -> None:
        for index in range(len(self._cameras)):
            self._stop(index)


def _free_port(kind: int) -> int:
    with socket.socket(socket.AF_INET, kind) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _shows(player: Any) -> bool:
    return bool(player.frame_count > 0)


def _slope(samples: list[tuple[int, float]]) -> float:
    """RSS growth in MB per 1000 cycles, by least squares (0 with too few samples)."""
    if len(samples) < 3:
        return 0.0
    n = len(samples)
    mean_x = sum(x for x, _ in samples) / n
    mean_y = sum(y for _, y in samples) / n
    var = sum((x - mean_x) ** 2 for x, _ in samples)
    cov = sum((x - mean_x) * (y - mean_y) for x, y in samples)
    return round(cov / var * 1000, 1) if var else 0.0


def _release_heap() -> None:
    """Collect garbage and hand glibc's free lists back, so both RSS readings (after the
    warm-up, at the end) count what is held, not when the players' own trim last ran."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).malloc_trim(0)


def _threads() -> int:
    return len(os.listdir("/proc/self/task"))


def _fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def _rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def child(config: dict[str, Any]) -> int:
    """Run ``config["cycles"]`` cycles and print progress and the report as JSON lines."""
    from widgets.player import limit_malloc_arenas

    limit_malloc_arenas()  # as the console does, before any thread starts
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    from hub.media import RelayError
    from widgets import player as adapter

    app = QGuiApplication.instance() or QGuiApplication([])
    rng = random.Random(config["seed"])
    sources: HttpSources | SrtSources = (
        HttpSources(config["cameras"])
        if config["transport"] == "http"
        else SrtSources(config["cameras"])
    )
    report = SoakReport(config["transport"])
    tiles: list[adapter.VideoPlayer | None] = [None] * config["tiles"]
    revokes: list[tuple[float, Callable[[], None]]] = []
    baseline: tuple[int, int, float] | None = None
    # libVLC loads its modules and codecs, Qt its fonts, glibc sizes its arenas over the
    # first few hundred switches: growth is measured after a tenth of the run (>= 100).
    warmup = min(max(100, config["cycles"] // 10), config["cycles"] // 3)
    samples: list[tuple[int, float]] = []  # (cycle, RSS MB) after the warm-up
    started = time.monotonic()
    ui_ms: list[float] = []

    def pump(seconds: float, until: Callable[[], bool] = lambda: False) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            app.processEvents()
            for player in tiles:
                if player is not None:
                    player.poll()
            now = time.monotonic()
            for entry in [r for r in revokes if r[0] <= now]:
                revokes.remove(entry)
                entry[1]()
            if until():
                return True
            time.sleep(0.005)
        return until()

    def settle() -> None:
        for index, player in enumerate(tiles):
            if player is not None:
                adapter.retire(player)
                tiles[index] = None
        for _at, revoke in revokes:
            revoke()
        revokes.clear()
        if not adapter.settle(SETTLE_SECONDS):
            report.stuck = adapter.pending_closes()

    try:
        for cycle in range(config["cycles"]):
            tile = cycle % len(tiles)
            roll = rng.random()
            kind = (
                "switch"
                if roll < 0.6
                else "refused"
                if roll < 0.7
                else "wrong"
                if roll < 0.8
                else "revoke"
            )
            if kind == "switch":
                url = sources.live(rng)
            elif kind == "refused":
                url = sources.refused()
            elif kind == "wrong":
                url = sources.wrong(rng)
            else:
                try:
                    url, revoke = sources.revocable(rng)
                except RelayError:  # the hub answers 503 then; the console asks again
                    report.relay_refusals += 1
                    url, revoke = sources.live(rng), lambda: None
                revokes.append((time.monotonic() + rng.uniform(0.05, 0.6), revoke))
            report.scenarios[kind] = report.scenarios.get(kind, 0) + 1
            switch_started = time.perf_counter()
            old = tiles[tile]
            if old is not None:
                adapter.retire(old)
            player = adapter.VideoPlayer()
            tiles[tile] = player
            player.play(url)
            ui_ms.append((time.perf_counter() - switch_started) * 1000)
            if kind == "switch" and report.scenarios[kind] % CHECK_EVERY == 0:
                report.pictures_checked += 1
                if not pump(PICTURE_SECONDS, lambda shown=player: _shows(shown)):
                    report.pictures_missing += 1
            else:
                pump(rng.uniform(0.02, 0.25))
            if config["kill_every"] and cycle % config["kill_every"] == config["kill_every"] // 2:
                sources.kill_relay()
                report.relay_kills += 1
            report.cycles += 1
            if cycle + 1 == warmup:
                settle()
                _release_heap()
                baseline = (_threads(), _fds(), _rss_mb())
            if report.stuck:
                break
            if (cycle + 1) % 50 == 0:
                rss = _rss_mb()
                if cycle + 1 > warmup:
                    samples.append((cycle + 1, rss))
                print(json.dumps({"done": report.cycles, "rss_mb": round(rss)}), flush=True)
        settle()
        _release_heap()
        if baseline is not None:
            report.threads_leaked = _threads() - baseline[0]
            report.fds_leaked = _fds() - baseline[1]
            report.rss_growth_mb = round(_rss_mb() - baseline[2], 1)
    finally:
        sources.close()
    report.seconds = round(time.monotonic() - started, 1)
    report.rss_slope_mb_per_1000 = _slope(samples)
    if ui_ms:
        ordered = sorted(ui_ms)
        report.ui_ms_p99 = round(ordered[int(0.99 * (len(ordered) - 1))], 2)
        report.ui_ms_max = round(ordered[-1], 2)
    print(json.dumps({"report": asdict(report)}), flush=True)
    return 0


# -- the parent: children, aborts, figures ----------------------------------------------


def soak(
    cameras: list[str],
    transport: str,
    cycles: int,
    tiles: int = 4,
    kill_every: int = 1000,
    seed: int = 1,
) -> SoakReport:
    """Run ``cycles`` cycles over ``transport`` in child processes; add up their reports.

    Args:
        cameras: RTSP URLs (with credentials) of simulated cameras' sub streams.
        transport: ``http`` (the relay) or ``srt`` (the old SRT listeners).
        cycles: play/switch/stop cycles in all.
        tiles: players cycling side by side.
        kill_every: kill the relay worker every this many cycles (0: never).
        seed: the random mix of cycles.
    """
    total = SoakReport(transport)
    started = time.monotonic()
    attempt = 0
    while total.cycles + total.aborts + total.hung < cycles and not total.stuck:
        attempt += 1
        config = {
            "cameras": cameras,
            "transport": transport,
            "cycles": cycles - total.cycles - total.aborts - total.hung,
            "tiles": tiles,
            "kill_every": kill_every,
            "seed": seed * 1000 + attempt,
        }
        done, report, how = _run_child(config)
        if report is None:
            total.cycles += done
            if how == "hung":
                total.hung += 1
            else:
                total.aborts += 1
            continue
        counted = ("cycles", "stuck", "pictures_checked", "pictures_missing", "relay_kills")
        for name in (*counted, "relay_refusals"):
            setattr(total, name, getattr(total, name) + report[name])
        for name in ("threads_leaked", "fds_leaked"):
            setattr(total, name, max(getattr(total, name), report[name]))
        total.rss_growth_mb = max(total.rss_growth_mb, report["rss_growth_mb"])
        total.rss_slope_mb_per_1000 = max(
            total.rss_slope_mb_per_1000, report.get("rss_slope_mb_per_1000", 0.0)
        )
        total.ui_ms_p99 = max(total.ui_ms_p99, report.get("ui_ms_p99", 0.0))
        total.ui_ms_max = max(total.ui_ms_max, report.get("ui_ms_max", 0.0))
        for kind, count in report["scenarios"].items():
            total.scenarios[kind] = total.scenarios.get(kind, 0) + count
    total.seconds = round(time.monotonic() - started, 1)
    return total


def _run_child(config: dict[str, Any]) -> tuple[int, dict[str, Any] | None, str]:
    """One child: (cycles done, its report or None, "ok" | "abort" | "hung").

    A child that dies or hangs is described on stderr: its exit status, the end of its
    own stderr (Python's fault handler prints where it was) and, for a hung one, the
    native stacks of all its threads (gdb, where installed).
    """
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONUNBUFFERED": "1",
        "PYTHONFAULTHANDLER": "1",
    }
    log = tempfile.TemporaryFile("w+")  # noqa: SIM115 - read after the child ends
    proc = subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), "--child"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=log,
        env=env,
        text=True,
    )
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(json.dumps(config))  # camera URLs carry credentials: never in argv
    proc.stdin.close()
    state: dict[str, Any] = {"done": 0, "report": None, "last": time.monotonic()}

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            state["last"] = time.monotonic()
            message = json.loads(line) if line.startswith("{") else {}
            state["done"] = int(message.get("done", state["done"]))
            state["report"] = message.get("report", state["report"])
            if VERBOSE and "rss_mb" in message:
                print(
                    f"  {config['transport']}: {message['done']} cycles, "
                    f"RSS {message['rss_mb']} MB",
                    file=sys.stderr,
                    flush=True,
                )

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    how = "ok"
    while proc.poll() is None:
        if time.monotonic() - state["last"] > HANG_SECONDS:
            how = "hung"
            _describe_hang(proc.pid)
            proc.kill()
            proc.wait()
            break
        time.sleep(0.2)
    reader.join(10)
    if how == "ok" and (state["report"] is None or proc.returncode != 0):
        how = "abort"
    if how != "ok":
        log.seek(0)
        tail = log.read()[-4000:]
        print(
            f"  {config['transport']}: child {how} after {state['done']} cycles "
            f"(exit {proc.returncode}); its stderr ends:\n{tail}",
            file=sys.stderr,
            flush=True,
        )
    log.close()
    if how == "ok":
        return state["done"], state["report"], how
    return state["done"], None, how


def _describe_hang(pid: int) -> None:
    """Print the native stacks of a hung child (what libVLC's threads are doing)."""
    if shutil.which("gdb") is None:
        return
    done = subprocess.run(
        ["gdb", "-q", "-batch", "-p", str(pid), "-ex", "thread apply all bt 12"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    print(done.stdout[-6000:], file=sys.stderr, flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cycles", type=int, default=10_000)
    parser.add_argument("--transport", choices=("http", "srt", "both"), default="http")
    parser.add_argument("--tiles", type=int, default=4)
    parser.add_argument("--kill-every", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="print the reports as JSON")
    parser.add_argument("--verbose", action="store_true", help="progress and RSS on stderr")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(json.loads(sys.stdin.read()))

    from camsim.process import FleetProcess

    fleet = FleetProcess(4, "--event-period", "0", "--gop", "1").start()
    try:
        cameras = [fleet.rtsp_url(c["id"], "sub") for c in fleet.cameras]
        transports = ("http", "srt") if args.transport == "both" else (args.transport,)
        reports = [
            soak(cameras, t, args.cycles, args.tiles, args.kill_every, args.seed)
            for t in transports
        ]
    finally:
        fleet.stop()
    for report in reports:
        if args.json:
            print(json.dumps({**asdict(report), "clean": report.clean}))
            continue
        print(
            f"{report.transport}: {report.cycles} cycles in {report.seconds} s "
            f"({args.tiles} tiles); "
            f"aborts {report.aborts}, hung {report.hung}, stuck players {report.stuck}; "
            f"pictures {report.pictures_checked - report.pictures_missing}/"
            f"{report.pictures_checked}; relay kills {report.relay_kills} "
            f"(grants refused meanwhile {report.relay_refusals}); "
            f"threads +{report.threads_leaked}, fds +{report.fds_leaked}, "
            f"RSS +{report.rss_growth_mb} MB after the warm-up "
            f"(trend {report.rss_slope_mb_per_1000} MB per 1000 cycles); "
            f"UI thread per switch p99 {report.ui_ms_p99} ms, "
            f"max {report.ui_ms_max} ms; mix {report.scenarios}; "
            f"{'CLEAN' if report.clean else 'NOT CLEAN'}"
        )
    return 0 if all(r.clean for r in reports) else 1


if __name__ == "__main__":
    sys.exit(main())
