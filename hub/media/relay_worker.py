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
from hub.media.http_out import Connection, MediaServer, token_matches  # noqa: E402
from hub.media.protocol import ListenSpec, OutputSpec, redact, url_secrets  # noqa: E402
from hub.media.relay_pipelines import Branch, Pull  # noqa: E402

log = logging.getLogger("hub.media.relay_worker")
_PR_SET_PDEATHSIG = 1


class RelayWorker:
    """Pulls and branches by id, driven by requests dispatched onto the GLib main loop.

    It is also the :class:`~hub.media.http_out.Feeds` of its HTTP listener: players'
    connections (on the listener's threads) find their grant's branch under ``_table``.
    """

    def __init__(self, out: BinaryIO) -> None:
        self._out = out
        self._out_lock = threading.Lock()
        self.loop = GLib.MainLoop()
        self.pulls: dict[str, Pull] = {}
        self.branches: dict[str, Branch] = {}
        self.secrets: set[str] = set()
        self.server: MediaServer | None = None
        self._table = threading.Lock()  # guards branches against the listener's threads

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
        if op == protocol.OP_LISTEN:
            return self.listen(ListenSpec.from_message(message))
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

    def listen(self, spec: ListenSpec) -> dict[str, Any]:
        """Bind the HTTP(S) listener every grant is served on (once)."""
        if self.server is None:
            self.server = MediaServer(spec.host, spec.port, self, spec.certfile, spec.keyfile)
            self.server.serve_in_background()
        return {"port": self.server.port, "scheme": self.server.scheme}

    def open(self, spec: OutputSpec) -> dict[str, Any]:
        """Register a grant's output and attach it to its camera's pull."""
        self.secrets.update(url_secrets(spec.source.url))
        self.secrets.add(spec.token)
        protocol.check_token(spec.token)
        if self.server is None:
            raise RuntimeError("the relay is not listening yet")
        if spec.output_id in self.branches:
            raise ValueError(f"output {spec.output_id} is already open")
        pull = self.pulls.get(spec.source.key)
        if pull is not None and pull.spec != spec.source:
            raise ValueError(
                f"source {spec.source.key} is already pulled from another URL, start or rate"
            )
        branch = Branch(spec)
        with self._table:
            self.branches[spec.output_id] = branch
        if pull is None:
            pull = self.pulls[spec.source.key] = Pull(spec.source)
        pull.add(branch)
        return {"output_id": spec.output_id, "port": self.server.port}

    def close(self, output_id: str) -> dict[str, Any]:
        """Close a grant's output (its players lose the stream); stop the pull when it
        served the last grant."""
        with self._table:
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

    # -- Feeds (the listener's threads) ------------------------------------------------

    def attach(self, output_id: str, token: str, connection: Connection) -> bool:
        """A player asks for ``output_id`` with ``token``: feed it, or refuse."""
        with self._table:
            branch = self.branches.get(output_id)
        if branch is None or not token_matches(branch.spec.token, token):
            return False
        return branch.attach(connection)

    def detach(self, output_id: str, connection: Connection) -> None:
        """A player's connection ended."""
        with self._table:
            branch = self.branches.get(output_id)
        if branch is not None:
            branch.detach(connection)

    def health(self) -> dict[str, Any]:
        """Every pull's state and every branch's counters."""
        return {
            "pid": os.getpid(),
            "sources": [pull.health() for pull in self.pulls.values()],
            "outputs": [branch.health() for branch in self.branches.values()],
        }

    def shutdown(self) -> None:
        """Close everything and leave the main loop."""
        if self.server is not None:
            self.server.close()
        with self._table:
            branches, self.branches = list(self.branches.values()), {}
        for branch in branches:
            branch.stop()
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
