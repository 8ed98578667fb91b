# SPDX-License-Identifier: GPL-3.0-or-later
"""The hub's side of the relay pool: :class:`PooledRelay`, a grant ``Relay`` whose
outputs live on the relay hosts of the pool.

Opening an output places its camera stream (:func:`hub.relaypool.leases.place`: the live
lease holder, else the least loaded live host) and asks that host's control endpoint to
open the output with an id and token the hub chose. The URL a console gets is the hub's
own ``/media/<output>`` (:mod:`hub.relaypool.routes`), which answers 307 with the host
that serves the output now, so a player that reconnects after a move lands on the new
host by itself.

A watcher thread (never the event loop) reads the live hosts every
``relay_check_seconds``; the outputs of a host that went silent (or refused a call) are
placed again — every hub racing for the same stream gets the same new host — and opened
there with the same ids and tokens.
"""

from __future__ import annotations

import contextlib
import contextvars
import hmac
import logging
import secrets
import socket
import ssl
import threading
import time
import urllib.parse
from dataclasses import dataclass, field, replace
from typing import Any

import httpx
from sqlalchemy.orm import Session, sessionmaker

from hub.db import transaction
from hub.media import protocol
from hub.media.relay import RelayOutput
from hub.media.worker_process import RelayError
from hub.relaypool import leases
from hub.relaypool.leases import HostRef

log = logging.getLogger(__name__)

MEDIA_PATH = "/media/"
OUTPUT_ID_BYTES = 12  # token_urlsafe(12): 16 characters, unique across hubs
SUSPECT_SECONDS = 3.0  # a host that refused a call is not chosen again for this long
CONTROL_TIMEOUT = 5.0  # seconds for one control call
PROBE_SECONDS = 0.5  # a redirect checks the host's media port answers within this

#: The base URL of the request being served (``http(s)://host:port``): grant URLs point
#: back at the hub the console asked (set by :class:`RequestBase` in the hub app).
request_base: contextvars.ContextVar[str] = contextvars.ContextVar("request_base", default="")


@dataclass
class _Output:
    output_id: str
    source_key: str
    source_url: str = field(repr=False)
    token: str = field(repr=False)
    start: float | None
    rate: float
    host: HostRef

    def message(self) -> dict[str, Any]:
        return {
            "output_id": self.output_id,
            "source_key": self.source_key,
            "source_url": self.source_url,
            "token": self.token,
            "start": self.start,
            "rate": self.rate,
        }


class PooledRelay:
    """Grant outputs on the pool's relay hosts, moved when a host dies (thread-safe)."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        secret: str,
        *,
        media_url: str = "",
        lease_seconds: float = 2.0,
        dead_seconds: float = 1.5,
        check_seconds: float = 0.25,
        keep_seconds: float = 5.0,
        cafile: str | None = None,
    ) -> None:
        """Prepare the pool client (call :meth:`start` for the watcher).

        Args:
            sessions: the hub's database (PostgreSQL).
            secret: the control secret shared with the relay hosts.
            media_url: the base URL consoles reach this hub's ``/media/`` at ("": the
                base URL of the request that asks the grant).
            lease_seconds, dead_seconds: see :mod:`hub.relaypool.leases`.
            check_seconds: how often the watcher looks for dead hosts.
            keep_seconds: how often each host is told which outputs are still wanted.
            cafile: PEM certificate(s) the hosts' TLS is checked against (None: the
                system's trust store).
        """
        self.sessions = sessions
        self.media_url = media_url.rstrip("/")
        self.lease_seconds = lease_seconds
        self.dead_seconds = dead_seconds
        self.check_seconds = check_seconds
        self.keep_seconds = keep_seconds
        verify: ssl.SSLContext | bool = True
        if cafile:
            verify = ssl.create_default_context(cafile=cafile)
        self._http = httpx.Client(
            timeout=CONTROL_TIMEOUT,
            verify=verify,
            headers={"Authorization": f"Bearer {secret}"},
            follow_redirects=False,
        )
        self._outputs: dict[str, _Output] = {}
        self._lock = threading.RLock()
        self._moving = threading.Lock()  # one move pass at a time
        self._suspects: dict[str, float] = {}
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.moves: list[tuple[str, str, str, float]] = []  # (output, from, to, monotonic)

    # -- lifecycle -------------------------------------------------------------------

    def start(self) -> PooledRelay:
        """Start the watcher thread."""
        if self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._watch, name="relay-pool-watch")
            self._thread.daemon = True
            self._thread.start()
        return self

    def stop(self) -> None:
        """Stop the watcher, close every output still open, close the client."""
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(10)
        with self._lock:
            outputs = list(self._outputs.values())
            self._outputs.clear()
        for output in outputs:
            self._close_on(output.host, output.output_id)
        self._http.close()

    # -- the Relay protocol ----------------------------------------------------------

    def open_output(
        self,
        source_key: str,
        source_url: str,
        token: str,
        *,
        start: float | None = None,
        rate: float = 1.0,
    ) -> RelayOutput:
        """Place ``source_key`` on a relay host and open the output there.

        Raises:
            ValueError: a malformed token, or a bad start/rate.
            RelayError: no live relay host could open it.
        """
        if rate <= 0 or (start is None and rate != 1.0):
            raise ValueError("rate must be > 0, and only a replay (start) has a rate")
        protocol.check_token(token)
        output_id = "p" + secrets.token_urlsafe(OUTPUT_ID_BYTES)
        base = self.media_url or request_base.get()
        if not base:  # outside a request, with no configured URL: no URL a console can use
            raise RelayError("no media URL for pooled grants: set relay_pool_media_url")
        pending = _Output(output_id, source_key, source_url, token, start, rate, _NOWHERE)
        host = self._open_somewhere(pending, avoid=set())
        with self._lock:
            self._outputs[output_id] = replace(pending, host=host)
        url = f"{base}{MEDIA_PATH}{output_id}"
        return RelayOutput(output_id, source_key, "", 0, url)

    def close_output(self, output_id: str) -> bool:
        """Close an output on the host serving it now; returns if it was open."""
        with self._lock:
            output = self._outputs.pop(output_id, None)
        if output is None:
            return False
        self._close_on(output.host, output_id)
        return True

    # -- what the hub's /media/ route asks ---------------------------------------------

    def locate(self, output_id: str, token: str) -> str | None:
        """The URL of ``output_id`` on the host serving it now, if ``token`` is its token.

        An unknown output and a wrong token are both None (constant-time comparison).
        """
        with self._lock:
            output = self._outputs.get(output_id)
        expected = output.token if output is not None else "x" * 32
        if not hmac.compare_digest(expected.encode(), token.encode()) or output is None:
            return None
        if not _reachable(output.host.media_url):
            # A player reconnecting is the first to know a host died: move its outputs
            # now rather than send the player there until the heartbeat goes stale.
            self._suspect(output.host.host_id)
            self.check()
            with self._lock:
                output = self._outputs.get(output_id)
            if output is None:
                return None
        return f"{output.host.media_url}{MEDIA_PATH}{output_id}?token={token}"

    def locate_elsewhere(self, source_key: str, output_id: str, token: str) -> str | None:
        """The URL of another hub's output (its grant row vouched for the token): on the
        live host pulling ``source_key``. A silent host gives None for now: the hub that
        holds the output moves it, and the player's next try lands on the new host."""
        with transaction(self.sessions) as session:
            host = leases.serving_host(session, source_key, self.dead_seconds)
        if host is None:
            return None
        return f"{host.media_url}{MEDIA_PATH}{output_id}?token={token}"

    def host_of(self, output_id: str) -> HostRef | None:
        """The host serving ``output_id`` now (tests, health)."""
        with self._lock:
            output = self._outputs.get(output_id)
        return output.host if output is not None else None

    # -- placement -------------------------------------------------------------------

    def _place(self, source_key: str, avoid: set[str]) -> HostRef:
        with transaction(self.sessions) as session:
            return leases.place(
                session,
                source_key,
                lease_seconds=self.lease_seconds,
                dead_seconds=self.dead_seconds,
                avoid=avoid,
            )

    def _open_somewhere(self, output: _Output, avoid: set[str]) -> HostRef:
        """Place the output's stream and open it there; a host that fails is avoided and
        the next one tried (a few times)."""
        avoid = avoid | self._suspected()
        last: Exception | None = None
        for _attempt in range(3):
            host = self._place(output.source_key, avoid)
            try:
                self._call(host, "/control/open", output.message())
            except RelayError as exc:
                last = exc
                avoid.add(host.host_id)
                continue
            return host
        raise RelayError(f"no relay host could open the output: {last}")

    def _call(self, host: HostRef, path: str, body: dict[str, Any]) -> dict[str, Any]:
        """POST ``body`` to a host's control endpoint; a host that cannot be reached (or
        fails) is suspected for a moment.

        Raises:
            RelayError: unreachable, refused or failed (the message holds no secret).
        """
        try:
            r = self._http.post(f"{host.control_url}{path}", json=body)
        except httpx.HTTPError as exc:
            self._suspect(host.host_id)
            raise RelayError(f"relay host {host.host_id}: {type(exc).__name__}") from None
        if r.status_code != 200:
            if r.status_code >= 500:
                self._suspect(host.host_id)
            code = _code(r)
            raise RelayError(f"relay host {host.host_id} answered {r.status_code} {code}")
        answer: dict[str, Any] = r.json()
        return answer

    def _close_on(self, host: HostRef, output_id: str) -> None:
        with contextlib.suppress(RelayError):  # a dead host closed it anyway
            self._call(host, "/control/close", {"output_id": output_id})

    def _suspect(self, host_id: str) -> None:
        with self._lock:
            self._suspects[host_id] = time.monotonic() + SUSPECT_SECONDS

    def _suspected(self) -> set[str]:
        now = time.monotonic()
        with self._lock:
            for host_id in [h for h, until in self._suspects.items() if until <= now]:
                del self._suspects[host_id]
            return set(self._suspects)

    # -- the watcher -----------------------------------------------------------------

    def _watch(self) -> None:
        kept = time.monotonic()
        while not self._stop.wait(self.check_seconds):
            try:
                self.check()
                if time.monotonic() - kept >= self.keep_seconds:
                    kept = time.monotonic()
                    self.keep()
            except Exception:
                log.exception("relay pool check failed")

    def keep(self) -> None:
        """Tell each host which of this hub's outputs on it are still wanted (a host
        closes those no hub keeps: a killed hub's); an output a host does not know any
        more is opened there again."""
        with self._lock:
            by_host: dict[HostRef, list[str]] = {}
            for output in self._outputs.values():
                by_host.setdefault(output.host, []).append(output.output_id)
        for host, output_ids in by_host.items():
            try:
                answer = self._call(host, "/control/keep", {"output_ids": output_ids})
            except RelayError as exc:
                log.warning("could not keep outputs on relay host %s: %s", host.host_id, exc)
                continue
            for output_id in answer.get("unknown", []):
                with self._lock:
                    lost = self._outputs.get(str(output_id))
                if lost is not None and lost.host == host:
                    with contextlib.suppress(RelayError):
                        self._call(host, "/control/open", lost.message())

    def check(self) -> int:
        """Move the outputs of hosts that are dead (or refused a call); returns how many
        outputs moved."""
        with self._lock:
            if not self._outputs:
                return 0
        with self._moving:
            with transaction(self.sessions) as session:
                live = leases.live_hosts(session, self.dead_seconds)
            suspects = self._suspected()
            with self._lock:
                stranded = [
                    o
                    for o in self._outputs.values()
                    if o.host.host_id not in live or o.host.host_id in suspects
                ]
            moved = 0
            for output in stranded:
                if self._stop.is_set():
                    break
                moved += self._move(output, suspects, alive=output.host.host_id in live)
            return moved

    def _move(self, output: _Output, suspects: set[str], alive: bool) -> int:
        """Open ``output`` on another host; a host still alive (it only refused a call)
        has its copy closed."""
        dead = output.host.host_id
        try:
            host = self._open_somewhere(output, avoid={dead} | suspects)
        except RelayError as exc:
            log.warning("could not move output %s yet: %s", output.output_id, exc)
            return 0
        with self._lock:
            current = self._outputs.get(output.output_id)
            if current is None:  # closed meanwhile: close it on the new host too
                closed = True
            else:
                closed = False
                self._outputs[output.output_id] = replace(current, host=host)
        if closed:
            self._close_on(host, output.output_id)
            return 0
        if alive:
            self._close_on(output.host, output.output_id)
        self.moves.append((output.output_id, dead, host.host_id, time.monotonic()))
        log.info("output %s moved from relay host %s to %s", output.output_id, dead, host.host_id)
        return 1


_NOWHERE = HostRef("", "", "")


def _reachable(media_url: str) -> bool:
    """Whether a host's media port accepts a TCP connection (a killed process's port
    refuses at once; a machine that is gone is given :data:`PROBE_SECONDS`)."""
    parts = urllib.parse.urlsplit(media_url)
    if parts.hostname is None or parts.port is None:
        return False
    try:
        socket.create_connection((parts.hostname, parts.port), PROBE_SECONDS).close()
    except OSError:
        return False
    return True


def _code(response: httpx.Response) -> str:
    with contextlib.suppress(ValueError):
        body = response.json()
        if isinstance(body, dict):
            return str(body.get("code", ""))
    return ""
