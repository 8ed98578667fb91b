# SPDX-License-Identifier: GPL-3.0-or-later
"""The relay worker's one HTTP(S) listener: each grant's MPEG-TS served to its players.

A player asks ``GET /media/<output id>?token=<grant token>``; an unknown output and a wrong
token get the same 404, compared in constant time. A good request gets ``200`` with
``Content-Type: video/mp2t`` and the live transport stream until the player hangs up, the
grant is closed (the connection is shut at once), or the player falls so far behind that
its queue overflows (it is dropped and reconnects on a key frame).

Why HTTP and not SRT: libVLC 3's SRT input aborted or spun for good on stop (DESIGN.md,
"Media path"), while its HTTP input is the one every VLC user relies on; one TCP port for
every grant also passes control-room firewalls, and with the hub's certificate the stream
is TLS like the rest of the API.

Each connection runs on a thread of its own that only writes bytes handed to it through a
bounded queue: GStreamer's streaming threads never block on a slow network. This module
imports no GStreamer; :mod:`hub.media.relay_pipelines` plugs in through :class:`Feeds`.
"""

from __future__ import annotations

import contextlib
import hmac
import logging
import queue
import socket
import ssl
import threading
import urllib.parse
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol

log = logging.getLogger(__name__)

PATH_PREFIX = "/media/"
QUEUE_BYTES = 4 * 1024 * 1024  # a player this far behind (~8 s of a sub stream) is dropped
WRITE_BYTES = 256 * 1024  # at most this much queued data goes out in one write
REQUEST_SECONDS = 5.0  # a client must send its request (and finish TLS) within this
SEND_SECONDS = 10.0  # a write that cannot progress this long ends the connection
MAX_CONNECTIONS = 512  # beyond this new players get 503 (each connection is a thread)


class Connection:
    """One player's HTTP response: chunks in (any thread), bytes out (its own thread)."""

    def __init__(self, peer: str) -> None:
        self.peer = peer
        self._queue: queue.Queue[bytes | None] = queue.Queue()
        self._queued = 0  # bytes in the queue
        self._count = threading.Lock()
        self._sock: socket.socket | None = None
        self.closed = threading.Event()
        self.bytes_sent = 0

    def send(self, chunk: bytes) -> bool:
        """Queue ``chunk`` for the player; False (and closed) when it fell too far behind."""
        if self.closed.is_set():
            return False
        with self._count:
            behind = self._queued + len(chunk) > QUEUE_BYTES
            if not behind:
                self._queued += len(chunk)
        if behind:
            log.info("a player at %s fell behind; dropping it", self.peer)
            self.close()
            return False
        self._queue.put_nowait(chunk)
        return True

    def close(self) -> None:
        """End the response now (the writing thread notices at once)."""
        if self.closed.is_set():
            return
        self.closed.set()
        self._queue.put_nowait(None)
        sock = self._sock
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def pump(self, sock: socket.socket, write: Callable[[bytes], Any]) -> None:
        """(connection thread) Write queued chunks until closed or the player hangs up."""
        self._sock = sock
        if self.closed.is_set():
            return
        while True:
            chunk = self._queue.get()
            if chunk is None or self.closed.is_set():
                return
            # What queued up meanwhile (a picture's packets, a cached GOP) goes in one write.
            chunks, size, ending = [chunk], len(chunk), False
            while size < WRITE_BYTES:
                try:
                    more = self._queue.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    ending = True
                    break
                chunks.append(more)
                size += len(more)
            with self._count:
                self._queued -= size
            try:
                write(b"".join(chunks) if len(chunks) > 1 else chunk)
            except (OSError, ValueError):
                self.close()
                return
            self.bytes_sent += size
            if ending:
                return


class Feeds(Protocol):
    """What the server needs of the worker: who serves an output, with which token."""

    def attach(self, output_id: str, token: str, connection: Connection) -> bool:
        """Start feeding ``connection``; False for an unknown output or a wrong token."""
        ...

    def detach(self, output_id: str, connection: Connection) -> None:
        """Stop feeding ``connection`` (it ended)."""
        ...


def token_matches(expected: str, given: str) -> bool:
    """Constant-time comparison of a grant token."""
    return hmac.compare_digest(expected.encode(), given.encode())


class _Handler(BaseHTTPRequestHandler):
    server: MediaServer
    protocol_version = "HTTP/1.1"
    server_version = "vwall-relay"
    sys_version = ""

    def setup(self) -> None:
        self.request.settimeout(REQUEST_SECONDS)
        # Each picture goes out as soon as it is written: with Nagle's algorithm the end
        # of a frame waited for the player's (delayed) acknowledgement of its start.
        with contextlib.suppress(OSError):
            self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        context = self.server.tls
        if context is not None:
            self.request = context.wrap_socket(self.request, server_side=True)
        super().setup()

    def log_message(self, format: str, *args: Any) -> None:
        return None  # request lines carry the grant token: never log them

    def _refuse(self, status: int, reason: str) -> None:
        body = reason.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)
        self.close_connection = True

    def do_HEAD(self) -> None:
        self._refuse(405, "GET only")

    def do_POST(self) -> None:
        self._refuse(405, "GET only")

    def do_GET(self) -> None:
        parts = urllib.parse.urlsplit(self.path)
        output_id = parts.path[len(PATH_PREFIX) :] if parts.path.startswith(PATH_PREFIX) else ""
        token = urllib.parse.parse_qs(parts.query).get("token", [""])[0]
        connection = Connection(self.client_address[0])
        if not output_id or not token or "/" in output_id:
            self._refuse(404, "no such stream")
            return
        if not self.server.admit():
            self._refuse(503, "too many players")
            return
        try:
            if not self.server.feeds.attach(output_id, token, connection):
                self._refuse(404, "no such stream")
                return
            try:
                self.send_response(200)
                self.send_header("Content-Type", "video/mp2t")
                self.send_header("Cache-Control", "no-store")
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.flush()
                self.request.settimeout(SEND_SECONDS)
                connection.pump(self.request, self._write)
            finally:
                connection.close()
                self.server.feeds.detach(output_id, connection)
        finally:
            self.server.leave()
        self.close_connection = True

    def _write(self, chunk: bytes) -> None:
        self.wfile.write(chunk)
        self.wfile.flush()


class MediaServer(ThreadingHTTPServer):
    """The listener; :meth:`serve_in_background` runs it on a thread of its own."""

    daemon_threads = True
    allow_reuse_address = True  # a restarted worker binds the same port at once
    request_queue_size = 64

    def __init__(
        self,
        host: str,
        port: int,
        feeds: Feeds,
        certfile: str | None = None,
        keyfile: str | None = None,
    ) -> None:
        """Bind ``host:port`` (0: any free port); with ``certfile``/``keyfile`` speak TLS.

        Raises:
            OSError: the address cannot be bound.
            ssl.SSLError: the certificate or key cannot be loaded.
        """
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.feeds = feeds
        self.tls: ssl.SSLContext | None = None
        if certfile:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.minimum_version = ssl.TLSVersion.TLSv1_2
            context.load_cert_chain(certfile, keyfile or None)
            self.tls = context
        self._slots = threading.BoundedSemaphore(MAX_CONNECTIONS)
        super().__init__((host, port), _Handler)
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        """The bound port."""
        return int(self.server_address[1])

    @property
    def scheme(self) -> str:
        """``https`` with a certificate, else ``http``."""
        return "https" if self.tls is not None else "http"

    def admit(self) -> bool:
        """Take a connection slot (False when every slot is taken)."""
        return self._slots.acquire(blocking=False)

    def leave(self) -> None:
        """Give a connection slot back."""
        self._slots.release()

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A player that hangs up or fails TLS is routine; never print a traceback with
        # the request (it could hold a token).
        log.debug("a media connection from %s ended with an error", client_address[0])

    def serve_in_background(self) -> None:
        """Serve on a daemon thread until :meth:`close`."""
        self._thread = threading.Thread(
            target=self.serve_forever, kwargs={"poll_interval": 0.2}, name="media-http"
        )
        self._thread.daemon = True
        self._thread.start()

    def close(self) -> None:
        """Stop accepting and close the listening socket (open responses are ended by
        closing their outputs)."""
        if self._thread is not None:
            self.shutdown()
            self._thread.join(5)
            self._thread = None
        self.server_close()
