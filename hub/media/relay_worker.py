# SPDX-License-Identifier: GPL-3.0-or-later
"""The relay worker: a child process of the hub that runs the GStreamer relay pipelines.

Run as ``python -m hub.media.relay_worker``. It reads JSON-line requests on stdin (see
:mod:`hub.media.protocol`), answers on stdout, and logs (redacted) on stderr. It exits when
asked to, when stdin closes, or when its parent dies (``PR_SET_PDEATHSIG``), so a hub that
is killed leaves no relay behind.
"""

from __future__ import annotations

import ctypes
import logging
import os
import signal
import sys
import threading
from typing import Any, BinaryIO

import gi

gi.require_version("Gst", "1.0")
from gi.repository import GLib, Gst  # noqa: E402

from hub.media import protocol  # noqa: E402
from hub.media.protocol import OutputSpec, redact, url_secrets  # noqa: E402
from hub.media.relay_pipelines import Branch, Pull  # noqa: E402

log = logging.getLogger("hub.media.relay_worker")
_PR_SET_PDEATHSIG = 1


class RelayWorker:
    """Pulls and branches by id, driven by requests dispatched onto the GLib main loop."""

    def __init__(self, out: BinaryIO) -> None:
        self._out = out
        self._out_lock = threading.Lock()
        self.loop = GLib.MainLoop()
        self.pulls: dict[str, Pull] = {}
        self.branches: dict[str, Branch] = {}
        self.secrets: set[str] = set()

    def send(self, message: dict[str, Any]) -> None:
        """Write one message to the supervisor (any thread)."""
        data = protocol.encode(message)
        with self._out_lock:
            try:
                self._out.write(data)
                self._out.flush()
            except (BrokenPipeError, ValueError):
                pass

    def dispatch(self, message: dict[str, Any]) -> bool:
        """Handle one request on the main loop and answer it."""
        request_id = message.get("id", 0)
        try:
            result = self._handle(message)
        except Exception as exc:  # every failure becomes a redacted error reply
            text = redact(f"{type(exc).__name__}: {exc}", self.secrets)
            self.send({"id": request_id, "ok": False, "error": text})
        else:
            self.send({"id": request_id, "ok": True, "result": result})
        return False

    def _handle(self, message: dict[str, Any]) -> dict[str, Any]:
        op = message.get("op")
        if op == protocol.OP_OPEN:
            return self.open(OutputSpec.from_message(message))
        if op == protocol.OP_CLOSE:
            return self.close(str(message["output_id"]))
        if op == protocol.OP_HEALTH:
            return self.health()
        if op == protocol.OP_SHUTDOWN:
            self.shutdown()
            return {}
        raise ValueError(f"unknown op {op!r}")

    def open(self, spec: OutputSpec) -> dict[str, Any]:
        """Open a grant's listener and attach it to its camera's pull."""
        self.secrets.update(url_secrets(spec.source.url))
        self.secrets.add(spec.passphrase)
        if spec.output_id in self.branches:
            raise ValueError(f"output {spec.output_id} is already open")
        protocol.check_passphrase(spec.passphrase)
        pull = self.pulls.get(spec.source.key)
        if pull is not None and pull.spec != spec.source:
            raise ValueError(
                f"source {spec.source.key} is already pulled from another URL, start or rate"
            )
        branch = Branch(spec)
        branch.start()
        self.branches[spec.output_id] = branch
        if pull is None:
            pull = self.pulls[spec.source.key] = Pull(spec.source)
        pull.add(branch)
        return {"output_id": spec.output_id, "port": spec.port}

    def close(self, output_id: str) -> dict[str, Any]:
        """Close a grant's listener; stop the pull when it served the last grant."""
        branch = self.branches.pop(output_id, None)
        if branch is None:
            return {"closed": False}
        key = branch.spec.source.key
        pull = self.pulls.get(key)
        if pull is not None:
            pull.remove(output_id)
        branch.stop()
        if pull is not None and not pull.branches:
            del self.pulls[key]
            pull.stop(wait=False)
        return {"closed": True}

    def health(self) -> dict[str, Any]:
        """Every pull's state and every branch's counters."""
        return {
            "pid": os.getpid(),
            "sources": [pull.health() for pull in self.pulls.values()],
            "outputs": [branch.health() for branch in self.branches.values()],
        }

    def shutdown(self) -> None:
        """Close everything and leave the main loop."""
        for output_id in list(self.branches):
            self.branches.pop(output_id).stop()
        for key in list(self.pulls):
            self.pulls.pop(key).stop(wait=True)
        self.loop.quit()

    def read_requests(self, stream: BinaryIO) -> None:
        """Reader thread: queue every request line onto the main loop; shut down at EOF."""
        for line in iter(stream.readline, b""):
            try:
                message = protocol.decode(line)
            except ValueError:
                log.warning("ignored a malformed request line")
                continue
            GLib.idle_add(self.dispatch, message)
        GLib.idle_add(self.dispatch, {"id": 0, "op": protocol.OP_SHUTDOWN})


class _RedactingFormatter(logging.Formatter):
    def __init__(self, worker: RelayWorker) -> None:
        super().__init__("%(levelname)s %(name)s: %(message)s")
        self._worker = worker

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record), self._worker.secrets)


def _die_with_parent() -> None:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: stdin EOF still ends the worker
        return
    if os.getppid() == 1:  # the parent died before prctl took effect
        sys.exit(0)


def main() -> int:
    """Run the worker until it is told to stop; returns the exit code."""
    _die_with_parent()
    Gst.init(None)
    out = sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing but protocol lines may reach the supervisor's pipe
    worker = RelayWorker(out)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_RedactingFormatter(worker))
    logging.basicConfig(level=os.environ.get("VWALL_RELAY_LOG", "INFO"), handlers=[handler])
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGTERM, worker.dispatch, {"op": "shutdown"})
    reader = threading.Thread(
        target=worker.read_requests, args=(sys.stdin.buffer,), name="requests", daemon=True
    )
    reader.start()
    worker.send({"event": protocol.EVENT_READY, "pid": os.getpid()})
    worker.loop.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
