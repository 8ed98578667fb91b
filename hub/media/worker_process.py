# SPDX-License-Identifier: GPL-3.0-or-later
"""The relay worker as seen from the hub: a child process, its pipes, requests and answers.

Replies are matched to requests by id on a reader thread; the worker's stderr is logged,
redacted, at DEBUG on ``hub.media.relay``. No GStreamer is imported here.
"""

from __future__ import annotations

import itertools
import logging
import os
import subprocess
import threading
import time
from collections.abc import Sequence
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path
from typing import Any

from hub.media import protocol
from hub.media.protocol import redact

log = logging.getLogger("hub.media.relay")
_ROOT = Path(__file__).resolve().parents[2]


# What the worker inherits from the hub's environment: what Python, GStreamer and the C
# library need, nothing else — the hub's own settings (database URL with its password, key
# paths) never reach a child, whose environment other processes of the same user can read.
_INHERITED = ("PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "TMPDIR", "LD_LIBRARY_PATH")
_INHERITED_PREFIXES = ("GST_", "XDG_", "VWALL_RELAY_")


def worker_environment() -> dict[str, str]:
    """The whole environment of a relay worker process."""
    env = {
        name: value
        for name, value in os.environ.items()
        if name in _INHERITED or name.startswith(_INHERITED_PREFIXES)
    }
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(_ROOT), os.environ.get("PYTHONPATH", "")) if p
    )
    return env


class RelayError(RuntimeError):
    """The relay could not do what was asked (the message never holds a secret)."""


class WorkerDied(RelayError):
    """The worker process ended while a request was waiting for its answer."""


class WorkerProcess:
    """One running worker process, its pipes and the requests waiting for answers."""

    def __init__(self, cmd: Sequence[str], secrets: set[str]) -> None:
        env = worker_environment()
        self.proc = subprocess.Popen(
            list(cmd),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            start_new_session=True,  # a Ctrl-C for the hub does not reach it first
        )
        self._secrets = secrets
        self._pending: dict[int, Future[dict[str, Any]]] = {}
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self.ready = threading.Event()
        self.pid = self.proc.pid
        self.started_at = time.monotonic()
        self._threads = [
            threading.Thread(target=self._read_replies, name="relay-replies", daemon=True),
            threading.Thread(target=self._read_log, name="relay-log", daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    def request(self, message: dict[str, Any], timeout: float) -> dict[str, Any]:
        """Send one request and wait for its result (raises RelayError/WorkerDied)."""
        future: Future[dict[str, Any]] = Future()
        with self._lock:
            request_id = next(self._ids)
            self._pending[request_id] = future
            try:
                assert self.proc.stdin is not None
                self.proc.stdin.write(protocol.encode({**message, "id": request_id}))
                self.proc.stdin.flush()
            except (BrokenPipeError, OSError, ValueError):
                self._pending.pop(request_id, None)
                raise WorkerDied("the relay worker is not running") from None
        try:
            return future.result(timeout)
        except FutureTimeout:
            raise RelayError(f"the relay worker did not answer in {timeout} s") from None
        finally:
            with self._lock:
                self._pending.pop(request_id, None)

    def _read_replies(self) -> None:
        assert self.proc.stdout is not None
        for line in iter(self.proc.stdout.readline, b""):
            try:
                message = protocol.decode(line)
            except ValueError:
                continue
            if message.get("event") == protocol.EVENT_READY:
                self.ready.set()
                continue
            with self._lock:
                future = self._pending.get(int(message.get("id", 0)))
            if future is None or future.done():
                continue
            if message.get("ok"):
                future.set_result(dict(message.get("result") or {}))
            else:
                error = redact(str(message.get("error", "")), self._secrets)
                future.set_exception(RelayError(error))
        with self._lock:
            pending, self._pending = self._pending, {}
        for future in pending.values():
            if not future.done():
                future.set_exception(WorkerDied("the relay worker ended"))

    def _read_log(self) -> None:
        assert self.proc.stderr is not None
        for raw in iter(self.proc.stderr.readline, b""):
            text = raw.decode(errors="replace").rstrip()
            if text:
                log.debug("worker %d: %s", self.pid, redact(text, self._secrets))

    def alive(self) -> bool:
        return self.proc.poll() is None

    def stop(self, timeout: float = 5.0) -> None:
        """Ask the worker to shut down; kill it if it does not end in time."""
        if self.alive():
            try:
                assert self.proc.stdin is not None
                self.proc.stdin.write(protocol.encode({"id": 0, "op": protocol.OP_SHUTDOWN}))
                self.proc.stdin.close()
            except (BrokenPipeError, OSError, ValueError):
                pass
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.proc.wait()
        for thread in self._threads:
            thread.join(5)
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            if stream is not None and not stream.closed:
                stream.close()
