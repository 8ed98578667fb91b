# SPDX-License-Identifier: GPL-3.0-or-later
"""``vwall-hub relay``: one relay host of the pool.

A relay host is today's :class:`~hub.media.MediaRelay` (its supervised GStreamer worker,
its one HTTP(S) media port, TLS with the configured certificate) plus:

- a control endpoint for hubs (``POST /control/open``, ``/control/close``,
  ``/control/keep``, ``GET /control/health``; JSON), authenticated by the shared secret of
  :func:`load_control_secret` in ``Authorization: Bearer …`` (constant-time comparison),
  TLS with the same certificate. Camera URLs with their credentials only ever travel over
  it. A wrong secret gets 401 ``relay.control_denied``, is logged with the caller's
  address (never what it sent) and audited as ``relay.control_denied``;
- a heartbeat every ``relay_heartbeat_seconds`` that writes its row in ``relay_hosts``
  (media URL, control URL, load) and renews the leases of the pulls it runs.

Each hub says every ``relay_keep_seconds`` which of its outputs it still wants; outputs
nobody kept for ``relay_orphan_seconds`` (their hub was killed, its grants with it) are
closed. Stopping (SIGTERM, SIGINT) deletes its row and leases, so hubs move its pulls at once;
after a kill they move when its heartbeat is ``relay_dead_seconds`` old.

A relay host holds no hub key (:func:`open_relay_side`): it reaches the database (its
heartbeat, the leases, its audit records) but never the audit signing key nor the key
that seals TOTP secrets and camera credentials, and it does not migrate the schema (the
hubs do). Its audit records join the chain; the next hub append signs the head.
"""

from __future__ import annotations

import contextlib
import hmac
import json
import logging
import os
import secrets
import signal
import socket
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from hub.audit.service import Actor, AuditTrail
from hub.clock import SystemClock
from hub.db import make_engine, make_sessionmaker, transaction
from hub.media import MediaRelay, RelayError
from hub.relaypool import leases
from hub.relaypool.leases import HostRef
from hub.settings import Settings

log = logging.getLogger(__name__)


@dataclass
class RelaySide:
    """What a relay host opens of the hubs' world: settings, the database, the audit
    trail without a signing key."""

    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    audit: AuditTrail

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()


def open_relay_side(settings: Settings) -> RelaySide:
    """Connect to the hubs' database as a relay host: no key file is read or created."""
    engine = make_engine(settings.database_url)
    audit = AuditTrail(
        SystemClock(), None, settings.checkpoint_every_records, settings.checkpoint_every_minutes
    )
    return RelaySide(settings, engine, make_sessionmaker(engine), audit)


SECRET_FILE = "relay-control-secret"
SECRET_MIN = 32  # characters of a control secret at least
MAX_BODY = 64 * 1024  # a control request is a few hundred bytes
DENIED = "relay.control_denied"
DENIAL_AUDIT_SECONDS = 10.0  # one audit record per caller address this often at most


def secret_path(settings: Settings) -> Path:
    """Where the control secret of hubs and relay hosts lives."""
    return settings.relay_control_secret_file or settings.data_dir / SECRET_FILE


def load_control_secret(settings: Settings, create: bool = False) -> str:
    """The shared control secret (from its file; never an argument or a log line).

    With ``create``, a missing file is made (mode 0600) with a fresh random secret: one
    machine's hub and relay share it at once; other machines get a copy of the file.

    Raises:
        RuntimeError: no file (without ``create``), or a secret shorter than 32 characters.
    """
    path = secret_path(settings)
    if create and not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileExistsError):  # another process made it meanwhile
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as out:
                out.write(secrets.token_urlsafe(32) + "\n")
    try:
        secret = path.read_text().strip()
    except OSError as exc:
        raise RuntimeError(f"cannot read the relay control secret file {path}: {exc}") from None
    if len(secret) < SECRET_MIN:
        raise RuntimeError(f"the relay control secret in {path} is shorter than {SECRET_MIN}")
    return secret


def _bracket(host: str) -> str:
    return f"[{host}]" if ":" in host else host


class _ControlHandler(BaseHTTPRequestHandler):
    server: ControlServer
    protocol_version = "HTTP/1.1"
    server_version = "vwall-relay-control"
    sys_version = ""

    def setup(self) -> None:
        self.request.settimeout(10.0)
        if self.server.tls is not None:
            self.request = self.server.tls.wrap_socket(self.request, server_side=True)
        super().setup()

    def log_message(self, format: str, *args: Any) -> None:
        return None  # nothing of a request is logged but what the handlers say

    def _reply(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _authorised(self) -> bool:
        given = self.headers.get("Authorization", "")
        expected = f"Bearer {self.server.secret}"
        if hmac.compare_digest(given.encode(), expected.encode()):
            return True
        # Drain the body so the refusal reaches the caller; never look at what it holds.
        length = int(self.headers.get("Content-Length") or 0)
        if 0 < length <= MAX_BODY:
            self.rfile.read(length)
        self.server.denied(self.client_address[0])
        self._reply(401, {"code": DENIED})
        return False

    def do_GET(self) -> None:
        if not self._authorised():
            return
        if self.path != "/control/health":
            self._reply(404, {"code": "relay.not_found"})
            return
        self._reply(200, self.server.host.health())

    def do_POST(self) -> None:
        if not self._authorised():
            return
        length = int(self.headers.get("Content-Length") or 0)
        if not 0 < length <= MAX_BODY:
            self._reply(413 if length > MAX_BODY else 400, {"code": "relay.bad_request"})
            return
        try:
            body = json.loads(self.rfile.read(length))
            if not isinstance(body, dict):
                raise ValueError("not an object")
        except ValueError:
            self._reply(400, {"code": "relay.bad_request"})
            return
        if self.path == "/control/open":
            self._reply(*self.server.host.open(body))
        elif self.path == "/control/keep":
            self._reply(*self.server.host.keep(body))
        elif self.path == "/control/close":
            self._reply(*self.server.host.close(body))
        else:
            self._reply(404, {"code": "relay.not_found"})


class ControlServer(ThreadingHTTPServer):
    """The relay host's control listener (hubs only)."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(
        self,
        address: tuple[str, int],
        host: RelayHost,
        secret: str,
        tls: ssl.SSLContext | None,
        denied: Callable[[str], None],
    ) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.host = host
        self.secret = secret
        self.tls = tls
        self.denied = denied
        super().__init__(address, _ControlHandler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        log.debug("a control connection from %s ended with an error", client_address[0])


class RelayHost:
    """A media relay of the pool: the relay, its control endpoint and its heartbeat."""

    def __init__(self, hub: RelaySide, secret: str, host_id: str | None = None) -> None:
        """Prepare the host over ``hub`` (the database, audit trail and settings)."""
        settings = hub.settings
        self.hub = hub
        self.settings = settings
        self.host_id = host_id or leases.new_host_id()
        own = bool(settings.relay_tls_cert)
        self.certfile = (settings.relay_tls_cert if own else settings.tls_cert) or None
        self.keyfile = (settings.relay_tls_key if own else settings.tls_key) or None
        self.media = MediaRelay(
            bind_host=settings.relay_bind_host,
            port=settings.relay_port,
            certfile=self.certfile,
            keyfile=self.keyfile,
        )
        self._secret = secret
        self._control: ControlServer | None = None
        self._stop = threading.Event()
        self._beat: threading.Thread | None = None
        self._denials: dict[str, float] = {}
        self._denied_count = 0
        self._denial_lock = threading.Lock()
        self.ref: HostRef | None = None
        self.started_at = 0.0
        self._kept: dict[str, float] = {}  # output id -> when a hub last wanted it
        self._kept_lock = threading.Lock()

    # -- lifecycle -------------------------------------------------------------------

    def start(self) -> RelayHost:
        """Start the relay, the control endpoint and the heartbeat (first beat written)."""
        self.media.start()
        tls: ssl.SSLContext | None = None
        if self.certfile:
            tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            tls.minimum_version = ssl.TLSVersion.TLSv1_2
            tls.load_cert_chain(self.certfile, self.keyfile or None)
        address = (self.settings.relay_bind_host, self.settings.relay_control_port)
        self._control = ControlServer(address, self, self._secret, tls, self._denied)
        threading.Thread(
            target=self._control.serve_forever,
            kwargs={"poll_interval": 0.2},
            name="relay-control",
            daemon=True,
        ).start()
        public = _bracket(self.settings.relay_public_host or self.settings.relay_bind_host)
        scheme = self.media.scheme
        self.ref = HostRef(
            self.host_id,
            f"{scheme}://{public}:{self.media.port}",
            f"{scheme}://{public}:{self._control.server_address[1]}",
        )
        with transaction(self.hub.sessions) as session:
            leases.forget_silent_hosts(session)
            self.started_at = leases.heartbeat(
                session,
                self.ref,
                load=0,
                sources=(),
                lease_seconds=self.settings.relay_lease_seconds,
            )
        self._beat = threading.Thread(target=self._heartbeats, name="relay-heartbeat")
        self._beat.daemon = True
        self._beat.start()
        return self

    def stop(self) -> None:
        """Leave the pool (row and leases deleted), close the endpoint, stop the relay."""
        self._stop.set()
        beat, self._beat = self._beat, None
        if beat is not None:
            beat.join(10)
        with contextlib.suppress(Exception), transaction(self.hub.sessions) as session:
            leases.forget_host(session, self.host_id)
        control, self._control = self._control, None
        if control is not None:
            control.shutdown()
            control.server_close()
        self.media.stop()

    def run(self) -> None:
        """Serve until SIGTERM or SIGINT, then :meth:`stop`."""
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: self._stop.set())
        while not self._stop.wait(1.0):
            pass
        self.stop()

    def _heartbeats(self) -> None:
        every = self.settings.relay_heartbeat_seconds
        while not self._stop.wait(every):
            self.beat()
            self.close_orphans()

    def close_orphans(self) -> int:
        """Close outputs no hub kept for ``relay_orphan_seconds`` (their hub is gone:
        its grants died with it); returns how many."""
        cutoff = time.monotonic() - self.settings.relay_orphan_seconds
        with self._kept_lock:
            orphans = [o for o, at in self._kept.items() if at < cutoff]
            for output_id in orphans:
                del self._kept[output_id]
        for output_id in orphans:
            if self.media.close_output(output_id):
                log.info("closed output %s: no hub keeps it any more", output_id)
        return len(orphans)

    def beat(self) -> None:
        """One heartbeat: renew the leases of the running pulls and this host's row."""
        assert self.ref is not None
        sources = {o.source_key for o in self.media.outputs()}
        try:
            with transaction(self.hub.sessions) as session:
                leases.heartbeat(
                    session,
                    self.ref,
                    load=len(sources),
                    sources=sources,
                    lease_seconds=self.settings.relay_lease_seconds,
                    started_at=self.started_at,
                )
        except Exception as exc:  # the database is away: hubs will move the pulls
            log.warning("relay heartbeat failed: %s", type(exc).__name__)

    # -- control ---------------------------------------------------------------------

    def open(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """Open an output with the hub's output id, source and token."""
        try:
            output_id = str(body["output_id"])
            start = body.get("start")
            output = self.media.open_output(
                str(body["source_key"]),
                str(body["source_url"]),
                str(body["token"]),
                start=float(start) if start is not None else None,
                rate=float(body.get("rate", 1.0)),
                output_id=output_id,
            )
        except (KeyError, TypeError, ValueError):
            return 400, {"code": "relay.bad_request"}
        except RelayError as exc:
            if "already open" in str(exc):  # a hub asking again after a lost answer
                with self._kept_lock:
                    self._kept[str(body.get("output_id"))] = time.monotonic()
                return 200, {"output_id": body.get("output_id"), "again": True}
            return 503, {"code": "media.relay_unavailable", "error": str(exc)}
        with self._kept_lock:
            self._kept[output.output_id] = time.monotonic()
        return 200, {"output_id": output.output_id}

    def keep(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """A hub still wants these outputs; answers those this host does not have."""
        wanted = body.get("output_ids")
        if not isinstance(wanted, list):
            return 400, {"code": "relay.bad_request"}
        now = time.monotonic()
        with self._kept_lock:
            known = [str(o) for o in wanted if str(o) in self._kept]
            for output_id in known:
                self._kept[output_id] = now
        return 200, {"unknown": sorted({str(o) for o in wanted} - set(known))}

    def close(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """Close an output (players on it lose the stream)."""
        output_id = str(body.get("output_id", ""))
        with self._kept_lock:
            self._kept.pop(output_id, None)
        closed = self.media.close_output(output_id)
        return 200, {"closed": closed}

    def health(self) -> dict[str, Any]:
        """The relay's health (no secrets), this host's id and refused control calls."""
        return {
            "host_id": self.host_id,
            "control_denied": self._denied_count,
            **self.media.health(),
        }

    def _denied(self, peer: str) -> None:
        """A control request with a wrong secret: log and audit it (never what was sent)."""
        now = time.monotonic()
        with self._denial_lock:
            self._denied_count += 1
            last = self._denials.get(peer)
            record = last is None or now - last >= DENIAL_AUDIT_SECONDS
            if record:
                self._denials[peer] = now
        log.warning("relay control: refused a request from %s (wrong secret)", peer)
        if not record:
            return
        try:
            self.hub.audit.record_now(
                self.hub.sessions,
                Actor(source=peer),
                DENIED,
                outcome="denied",
                object_type="relay_host",
                object_id=self.host_id,
                reason="wrong_secret",
            )
        except Exception:
            log.exception("could not audit a refused relay control request")
