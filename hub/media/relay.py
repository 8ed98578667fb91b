# SPDX-License-Identifier: GPL-3.0-or-later
"""The hub's media relay: a supervised GStreamer worker process that serves stream grants.

Consoles never connect to a camera. :class:`MediaRelay` keeps one worker process
(:mod:`hub.media.relay_worker`) that pulls each camera stream once with the device
credentials and re-serves it, without re-encoding, as MPEG-TS over SRT: one SRT listener
(its own port, its own passphrase) per grant, all grants of a camera stream sharing the
pull. If the worker dies, the supervisor starts a new one and re-opens every grant on the
same port with the same passphrase, so players reconnect by themselves.

The API is synchronous and thread-safe; from asyncio code call it through
``asyncio.to_thread`` (``open_output`` waits for the worker to bind the listener, at most
``request_timeout`` seconds; ``health`` answers within that too). This module imports no
GStreamer: only the worker process does.
"""

from __future__ import annotations

import atexit
import contextlib
import itertools
import logging
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any

from hub.media import protocol
from hub.media.protocol import OutputSpec, SourceSpec, redact, url_secrets
from hub.media.worker_process import RelayError, WorkerDied, WorkerProcess

log = logging.getLogger(__name__)

RESTART_DELAYS = (0.0, 0.5, 1.0, 2.0, 5.0)  # seconds before each successive worker restart
PING_SECONDS = 5.0  # how often the supervisor checks that the worker still answers
STABLE_SECONDS = 30.0  # a worker that ran this long resets the restart back-off


@dataclass(frozen=True)
class RelayOutput:
    """An open grant as the hub sees it: where consoles connect (no passphrase in it)."""

    output_id: str
    source_key: str
    host: str
    port: int
    srt_url: str


@dataclass(frozen=True)
class _Grant:
    output: RelayOutput
    spec: OutputSpec


class MediaRelay:
    """Supervises the relay worker and keeps the table of open grants (outputs)."""

    def __init__(
        self,
        bind_host: str = "127.0.0.1",
        port_range: tuple[int, int] | None = None,
        worker_cmd: Sequence[str] | None = None,
        request_timeout: float = 15.0,
        pbkeylen: int = 32,
    ) -> None:
        """Prepare a relay (call :meth:`start` to run it).

        Args:
            bind_host: address the SRT listeners bind to (and that ``srt_url`` names).
            port_range: inclusive UDP port range for listeners; ``None`` takes free ports.
            worker_cmd: command that runs the worker (default: this Python, ``-m
                hub.media.relay_worker``).
            request_timeout: seconds to wait for the worker's answer to a request.
            pbkeylen: SRT AES key length in bytes (16, 24 or 32).
        """
        if pbkeylen not in protocol.PBKEYLENS:
            raise ValueError(f"pbkeylen must be one of {protocol.PBKEYLENS}")
        self.bind_host = bind_host
        self.port_range = port_range
        self.worker_cmd = list(worker_cmd or [sys.executable, "-m", "hub.media.relay_worker"])
        self.request_timeout = request_timeout
        self.pbkeylen = pbkeylen
        self.restarts = 0
        self._grants: dict[str, _Grant] = {}
        self._secrets: set[str] = set()
        self._ids = itertools.count(1)
        self._ops = threading.RLock()  # serialises open/close/restart
        self._worker: WorkerProcess | None = None
        self._stopping = threading.Event()
        self._monitor: threading.Thread | None = None
        self._last_exit: int | None = None

    # -- lifecycle -------------------------------------------------------------------

    def start(self, timeout: float = 30.0) -> MediaRelay:
        """Start the worker and its supervision; returns ``self``.

        Raises:
            RelayError: the worker did not start within ``timeout`` seconds.
        """
        first: Future[None] = Future()
        with self._ops:
            if self._monitor is not None:
                return self
            self._stopping.clear()
            # Workers are spawned only by this long-lived thread: the worker's parent-death
            # signal fires when the thread that forked it ends, not only the process.
            self._monitor = threading.Thread(
                target=self._supervise, args=(first, timeout), name="relay-supervisor"
            )
            self._monitor.daemon = True
            self._monitor.start()
        try:
            first.result()
        except RelayError:
            self.stop()
            raise
        atexit.register(self.stop)
        return self

    def stop(self) -> None:
        """Close every output and end the worker (also run at interpreter exit)."""
        self._stopping.set()
        with self._ops:
            worker, self._worker = self._worker, None
            self._grants.clear()
        if worker is not None:
            worker.stop()
        monitor, self._monitor = self._monitor, None
        if monitor is not None and monitor is not threading.current_thread():
            monitor.join(10)
        atexit.unregister(self.stop)

    def __enter__(self) -> MediaRelay:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    @property
    def worker_pid(self) -> int | None:
        """The running worker's process id (tests kill it to check supervision)."""
        worker = self._worker
        return worker.pid if worker is not None and worker.alive() else None

    def _spawn(self, timeout: float) -> WorkerProcess:
        worker = WorkerProcess(self.worker_cmd, self._secrets)
        if not worker.ready.wait(timeout):
            worker.stop(timeout=1)
            raise RelayError("the relay worker did not start")
        log.info("relay worker %d started", worker.pid)
        return worker

    def _supervise(self, first: Future[None], timeout: float) -> None:
        try:
            with self._ops:
                self._worker = self._spawn(timeout)
        except RelayError as exc:
            first.set_exception(exc)
            return
        first.set_result(None)
        failures = 0
        while not self._stopping.is_set():
            worker = self._worker
            if worker is None:
                return
            code = self._watch(worker)
            if self._stopping.is_set():
                return
            self._last_exit = code
            log.warning("relay worker %d ended (exit %s); restarting", worker.pid, code)
            if time.monotonic() - worker.started_at > STABLE_SECONDS:
                failures = 0
            delay = RESTART_DELAYS[min(failures, len(RESTART_DELAYS) - 1)]
            failures += 1
            if self._stopping.wait(delay):
                return
            try:
                self._restart(worker)
            except RelayError as exc:
                log.error("relay worker restart failed: %s", exc)

    def _watch(self, worker: WorkerProcess) -> int:
        """Wait until ``worker`` ends; kill it if it stops answering (a wedged main loop)."""
        while True:
            try:
                return worker.proc.wait(PING_SECONDS)
            except subprocess.TimeoutExpired:
                pass
            if self._stopping.is_set():
                return worker.proc.wait()
            try:
                worker.request({"op": protocol.OP_HEALTH}, self.request_timeout)
            except WorkerDied:
                continue
            except RelayError:
                if self._stopping.is_set():
                    continue
                log.error("relay worker %d stopped answering; killing it", worker.pid)
                worker.proc.kill()

    def _restart(self, dead: WorkerProcess) -> None:
        with self._ops:
            if self._stopping.is_set() or self._worker is not dead:
                return
            dead.stop(timeout=1)
            self._worker = self._spawn(self.request_timeout)
            self.restarts += 1
            for grant in list(self._grants.values()):
                try:
                    self._worker.request(grant.spec.to_message(0), self.request_timeout)
                except RelayError as exc:
                    log.error("could not re-open output %s: %s", grant.output.output_id, exc)

    # -- grants ----------------------------------------------------------------------

    def open_output(
        self,
        source_key: str,
        source_url: str,
        passphrase: str,
        *,
        start: float | None = None,
        rate: float = 1.0,
    ) -> RelayOutput:
        """Open an SRT listener for one grant on a camera stream.

        Args:
            source_key: names the camera stream (e.g. ``"cam01/sub"``); outputs with the
                same key share one pull (and must name the same URL, start and rate).
            source_url: the camera's RTSP URL with the device credentials in it (for an
                archive: its ONVIF replay URI).
            passphrase: the grant's SRT passphrase (10–79 characters).
            start: for an archive, the Unix time to replay from (ONVIF ``Range: clock=``);
                ``None`` for live video.
            rate: replay speed (ONVIF ``Scale``), > 0; only with ``start``.

        Returns:
            The output: its id, port and ``srt_url`` (without the passphrase).

        Raises:
            ValueError: the passphrase is not one SRT accepts, or a bad start/rate.
            RelayError: the relay is not running or the listener could not be opened.
        """
        if rate <= 0 or (start is None and rate != 1.0):
            raise ValueError("rate must be > 0, and only a replay (start) has a rate")
        protocol.check_passphrase(passphrase)
        self._secrets.update(url_secrets(source_url))
        self._secrets.add(passphrase)
        source = SourceSpec(key=source_key, url=source_url, start=start, rate=rate)
        self._await_worker()
        with self._ops:
            worker = self._running()
            tried: set[int] = set()
            for _attempt in range(5):
                port = self._free_port(tried)
                tried.add(port)
                output_id = f"out{next(self._ids)}"
                spec = OutputSpec(
                    output_id, source, self.bind_host, port, passphrase, self.pbkeylen
                )
                try:
                    worker.request(spec.to_message(0), self.request_timeout)
                except WorkerDied:
                    raise
                except RelayError as exc:
                    if "cannot listen" not in str(exc):
                        raise
                    continue
                host = f"[{self.bind_host}]" if ":" in self.bind_host else self.bind_host
                url = f"srt://{host}:{port}?mode=caller"
                output = RelayOutput(output_id, source_key, self.bind_host, port, url)
                self._grants[output_id] = _Grant(output, spec)
                return output
        raise RelayError("no free port for an SRT listener")

    def close_output(self, output_id: str) -> bool:
        """Close a grant's listener now (players on it lose video); returns if it was open."""
        with self._ops:
            grant = self._grants.pop(output_id, None)
            worker = self._worker
            if grant is None or worker is None or not worker.alive():
                return grant is not None
            message = {"op": protocol.OP_CLOSE, "output_id": output_id}
            with contextlib.suppress(WorkerDied):  # a restarted worker will not re-open it
                worker.request(message, self.request_timeout)
            return True

    def outputs(self) -> list[RelayOutput]:
        """Every open output."""
        with self._ops:
            return [grant.output for grant in self._grants.values()]

    def health(self) -> dict[str, Any]:
        """The worker's state and every pull's and output's state (nothing secret in it).

        Returns:
            ``{"worker": {"alive", "pid", "restarts", "last_exit"}, "sources": [{
            "source_key", "state" (connecting/playing/error), "last_error", "frames",
            "bytes", "idle_seconds" (since the last frame), "restarts" (of the pull),
            "outputs", "replay_position" (Unix time shown, archives only)}], "outputs": [{
            "output_id", "source_key", "port", "srt_url", "callers" (connected players),
            "frames_sent", "bytes_sent"}]}``. While the worker restarts, "sources" and
            "outputs" are empty and "alive" is false.
        """
        worker = self._worker
        alive = worker is not None and worker.alive()
        report: dict[str, Any] = {}
        if worker is not None and alive:
            try:
                report = worker.request({"op": protocol.OP_HEALTH}, self.request_timeout)
            except RelayError:
                alive = False
        urls = {gid: g.output.srt_url for gid, g in list(self._grants.items())}
        outputs = [
            {**o, "srt_url": urls.get(o["output_id"], "")} for o in report.get("outputs", [])
        ]
        for source in report.get("sources", []):
            source["last_error"] = redact(str(source.get("last_error", "")), self._secrets)
        return {
            "worker": {
                "alive": alive,
                "pid": worker.pid if worker is not None and alive else None,
                "restarts": self.restarts,
                "last_exit": self._last_exit,
            },
            "sources": list(report.get("sources", [])),
            "outputs": outputs,
        }

    def _await_worker(self) -> None:
        """Give a worker that is being restarted a moment before a request fails."""
        deadline = time.monotonic() + self.request_timeout
        while not self._stopping.is_set() and self._monitor is not None:
            worker = self._worker
            if (worker is not None and worker.alive()) or time.monotonic() > deadline:
                return
            time.sleep(0.05)

    def _running(self) -> WorkerProcess:
        worker = self._worker
        if worker is None or not worker.alive():
            raise RelayError("the media relay is not running")
        return worker

    def _free_port(self, exclude: set[int]) -> int:
        used = {g.output.port for g in self._grants.values()} | exclude
        family = socket.AF_INET6 if ":" in self.bind_host else socket.AF_INET
        candidates: Sequence[int] = (
            range(self.port_range[0], self.port_range[1] + 1) if self.port_range else [0] * 20
        )
        for port in candidates:
            if port in used and port != 0:
                continue
            with socket.socket(family, socket.SOCK_DGRAM) as probe:
                try:
                    probe.bind((self.bind_host, port))
                except OSError:
                    continue
                chosen = int(probe.getsockname()[1])
            if chosen not in used:
                return chosen
        raise RelayError("no free port for an SRT listener")
