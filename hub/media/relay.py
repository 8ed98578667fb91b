# SPDX-License-Identifier: GPL-3.0-or-later
"""The hub's media relay: a supervised GStreamer worker process that serves stream grants.

Consoles never connect to a camera. :class:`MediaRelay` keeps one worker process
(:mod:`hub.media.relay_worker`) that pulls each camera stream once with the device
credentials and re-serves it, without re-encoding, as MPEG-TS over HTTP(S) on one TCP
port: each grant is an output with its own random token (``/media/<output>?token=…``), all
grants of a camera stream sharing the pull. With the hub's certificate and key the
listener speaks TLS. If the worker dies, the supervisor starts a new one on the same port
and re-opens every grant with the same token, so players reconnect by themselves.

The API is synchronous and thread-safe; from asyncio code call it through
``asyncio.to_thread`` (``open_output`` waits for the worker's answer, at most
``request_timeout`` seconds; ``health`` answers within that too). This module imports no
GStreamer: only the worker process does.
"""

from __future__ import annotations

import atexit
import contextlib
import itertools
import logging
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any

from hub.media import protocol
from hub.media.protocol import ListenSpec, OutputSpec, SourceSpec, redact, url_secrets
from hub.media.worker_process import RelayError, WorkerDied, WorkerProcess

log = logging.getLogger(__name__)

RESTART_DELAYS = (0.0, 0.5, 1.0, 2.0, 5.0)  # seconds before each successive worker restart
PING_SECONDS = 5.0  # how often the supervisor checks that the worker still answers
STABLE_SECONDS = 30.0  # a worker that ran this long resets the restart back-off


@dataclass(frozen=True)
class RelayOutput:
    """An open grant as the hub sees it: where players connect (no token in ``url``)."""

    output_id: str
    source_key: str
    host: str
    port: int
    url: str

    def with_token(self, token: str, host: str | None = None) -> str:
        """The URL a player opens: ``url`` with the grant's token (and another host)."""
        url = self.url
        if host is not None:
            url = url.replace(f"//{_bracket(self.host)}:", f"//{_bracket(host)}:", 1)
        return f"{url}?token={token}"


def _bracket(host: str) -> str:
    return f"[{host}]" if ":" in host else host


@dataclass(frozen=True)
class _Grant:
    output: RelayOutput
    spec: OutputSpec


class MediaRelay:
    """Supervises the relay worker and keeps the table of open grants (outputs)."""

    def __init__(
        self,
        bind_host: str = "127.0.0.1",
        port: int = 0,
        worker_cmd: Sequence[str] | None = None,
        request_timeout: float = 15.0,
        certfile: str | None = None,
        keyfile: str | None = None,
    ) -> None:
        """Prepare a relay (call :meth:`start` to run it).

        Args:
            bind_host: address the worker's HTTP(S) listener binds to (and ``url`` names).
            port: its TCP port; 0 takes a free one (kept across worker restarts).
            worker_cmd: command that runs the worker (default: this Python, ``-m
                hub.media.relay_worker``).
            request_timeout: seconds to wait for the worker's answer to a request.
            certfile: PEM certificate (chain) for TLS; ``None`` serves plain HTTP.
            keyfile: its PEM private key (``None``: in ``certfile``).
        """
        self.bind_host = bind_host
        self.port = port
        self.certfile = certfile
        self.keyfile = keyfile
        self.scheme = "https" if certfile else "http"
        self.worker_cmd = list(worker_cmd or [sys.executable, "-m", "hub.media.relay_worker"])
        self.request_timeout = request_timeout
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
        listen = ListenSpec(self.bind_host, self.port, self.certfile, self.keyfile)
        deadline = time.monotonic() + timeout
        while True:
            try:
                bound = worker.request(listen.to_message(), self.request_timeout)
                break
            except WorkerDied:
                worker.stop(timeout=1)
                raise
            except RelayError as exc:
                # A port still held by a worker that is going away frees up in a moment.
                if "Address already in use" not in str(exc) or time.monotonic() > deadline:
                    worker.stop(timeout=1)
                    raise RelayError(f"the relay cannot listen: {exc}") from None
                time.sleep(0.1)
        self.port = int(bound["port"])
        log.info("relay worker %d started on port %d", worker.pid, self.port)
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
        token: str,
        *,
        start: float | None = None,
        rate: float = 1.0,
        output_id: str | None = None,
    ) -> RelayOutput:
        """Open an output for one grant on a camera stream.

        Args:
            source_key: names the camera stream (e.g. ``"cam01/sub"``); outputs with the
                same key share one pull (and must name the same URL, start and rate).
            source_url: the camera's RTSP URL with the device credentials in it (for an
                archive: its ONVIF replay URI).
            token: the grant's secret (16–128 URL-safe characters) players must present.
            start: for an archive, the Unix time to replay from (ONVIF ``Range: clock=``);
                ``None`` for live video.
            rate: replay speed (ONVIF ``Scale``), > 0; only with ``start``.
            output_id: the output's id (a relay host of the pool is told the id the hub
                chose, the same on every host); ``None``: the next of this relay's own.

        Returns:
            The output: its id, port and ``url`` (without the token).

        Raises:
            ValueError: the token is malformed, or a bad start/rate.
            RelayError: the relay is not running or refused the output.
        """
        if rate <= 0 or (start is None and rate != 1.0):
            raise ValueError("rate must be > 0, and only a replay (start) has a rate")
        protocol.check_token(token)
        self._secrets.update(url_secrets(source_url))
        self._secrets.add(token)
        source = SourceSpec(key=source_key, url=source_url, start=start, rate=rate)
        for attempt in (1, 2):
            self._await_worker()
            with self._ops:
                worker = self._running()
                chosen = output_id or f"out{next(self._ids)}"
                spec = OutputSpec(chosen, source, token)
                try:
                    worker.request(spec.to_message(0), self.request_timeout)
                except WorkerDied:
                    # The worker died under this request (killed, crashed): the supervisor
                    # starts another; ask that one once.
                    if attempt == 2:
                        raise
                    self._dying(worker)
                    continue
                host = _bracket(self.bind_host)
                url = f"{self.scheme}://{host}:{self.port}/media/{chosen}"
                output = RelayOutput(chosen, source_key, self.bind_host, self.port, url)
                self._grants[chosen] = _Grant(output, spec)
                return output
        raise RelayError("the media relay is not running")  # pragma: no cover

    def _dying(self, worker: WorkerProcess) -> None:
        """Wait (briefly) until a worker that stopped answering is really gone, so that
        :meth:`_await_worker` waits for its successor rather than trusting it."""
        with contextlib.suppress(subprocess.TimeoutExpired):
            worker.proc.wait(self.request_timeout)

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
            "output_id", "source_key", "url", "callers" (connected players),
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
        urls = {gid: g.output.url for gid, g in list(self._grants.items())}
        outputs = [{**o, "url": urls.get(o["output_id"], "")} for o in report.get("outputs", [])]
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
