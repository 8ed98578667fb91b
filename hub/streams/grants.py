# SPDX-License-Identifier: GPL-3.0-or-later
"""Stream grants: short-lived rights to receive one camera stream from the media relay.

A grant is one output of the relay (its own random token) bound to an owner, a camera, a
stream (main/sub) and live or archive video. The hub hands the console
``http(s)://<relay host>:<port>/media/<output>?token=…`` (MPEG-TS over HTTP, TLS with the
hub's certificate) and never the camera's address or credentials. When a grant ends
(expiry, revocation, its owner's session ending) its output is closed at once: players on
it lose the stream and a player still holding the URL gets 404; a guessed grant id, output
or token gets nothing either.

API used by the other domains (keep it stable):

- ``GrantRegistry.issue(owner, camera_id, stream, source_key, source_url, *, start=None,
  rate=1.0, kind="live") -> Grant`` opens a relay output. ``source_key`` names the pull
  (live: ``f"cam{camera_id}/{stream}"`` so every console shares one pull; an archive must
  use a key unique to its URL, start and rate); ``source_url`` is the device URL with
  credentials (RTSP, or an ONVIF replay URI with ``start``/``rate`` for ``kind="archive"``).
  Raises :class:`~hub.media.RelayError` when the relay cannot serve it.
- ``renew(grant_id, owner) -> Grant`` pushes ``expires_at`` to now + ``grant_seconds``;
  ``revoke(grant_id, owner_or_None, reason=) -> bool``; ``revoke_where(predicate,
  reason=) -> int`` (e.g. every grant of a user, a session or a display);
  ``get(grant_id) -> Grant | None``; ``grants() -> list[Grant]``.
  ``renew`` raises :class:`GrantNotFound` for an unknown, foreign or expired grant (callers
  answer 404 ``grant.not_found`` to all three alike: no information leak).
- ``Grant.out() -> StreamGrantOut`` is what the API returns to the owner.
- ``on_end(grant, reason)`` (constructor argument) runs after a grant's output closed;
  the relay service publishes ``stream.revoked`` and audits there.

With ``shared`` (PostgreSQL, several hub processes) every grant is also a database row
(:mod:`hub.streams.store`): ``get``, ``renew`` and ``revoke`` work on any hub's grant, and
the hub holding a grant's output follows what others did to its row at each expiry
check (a renewal moves the expiry, a release or revocation closes the output and runs
``on_end`` there, once).

Expiry runs on a background thread (:meth:`GrantRegistry.start_expiry`), against the hub's
clock. A live pull whose last grant ended is kept running for ``keepalive_seconds`` by an
internal output nobody knows the token of (opened beside the source's first grant, in
the background), so a console switching back (or a wall re-opening) gets its first frame
from the relay's cached GOP instead of waiting for a cold pull and the next key frame.
Every method is thread-safe; the relay calls block (at most the relay's request timeout),
so asyncio code calls them through ``asyncio.to_thread`` or from a sync route.
"""

from __future__ import annotations

import contextvars
import logging
import secrets
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Protocol

from hub.catalog.contracts import StreamGrantOut, StreamKind
from hub.media.relay import RelayOutput
from hub.media.worker_process import RelayError

log = logging.getLogger(__name__)

LIVE = "live"
ARCHIVE = "archive"
TOKEN_BYTES = 24  # token_urlsafe(24): 32 URL-safe characters, 192 random bits
GRANT_ID_BYTES = 18  # token_urlsafe(18): 24 characters, 144 random bits
PURGE_EVERY_SECONDS = 60.0  # how often the expiry loop deletes long-ended shared rows


class Relay(Protocol):
    """What the registry needs of :class:`hub.media.MediaRelay`."""

    def open_output(
        self,
        source_key: str,
        source_url: str,
        token: str,
        *,
        start: float | None = None,
        rate: float = 1.0,
    ) -> RelayOutput:
        """Open an output for one grant."""
        ...

    def close_output(self, output_id: str) -> bool:
        """Close an output now."""
        ...


class GrantNotFound(LookupError):
    """No such grant for this owner (unknown, someone else's, or ended)."""


@dataclass(frozen=True)
class GrantOwner:
    """Who holds a grant: a user's session, or a wall display."""

    user_id: int | None = None
    session_id: int | None = None
    display_id: int | None = None

    def holds(self, grant: Grant) -> bool:
        """Whether this caller may renew or release ``grant``.

        A user owns the grants of the session they were issued to (another console of
        the same user does not); a display owns its own.
        """
        other = grant.owner
        if self.user_id is not None:
            if other.user_id != self.user_id:
                return False
            return other.session_id is None or other.session_id == self.session_id
        return self.display_id is not None and other.display_id == self.display_id


@dataclass(frozen=True)
class Grant:
    """One open grant. ``token`` and ``url`` are secrets: never log or audit them."""

    grant_id: str
    owner: GrantOwner
    camera_id: int
    stream: StreamKind
    kind: str
    source_key: str
    output_id: str
    issued_at: datetime
    expires_at: datetime
    start: float | None
    rate: float
    token: str = field(repr=False)
    url: str = field(repr=False)
    # Given on an emergency without a TN 6.2 reason of the holder's own / without the
    # camera's privacy masks: the renewal checks that ground again.
    emergency: bool = False
    unmasked: bool = False

    def out(self) -> StreamGrantOut:
        """The grant as its owner receives it (the only place the URL leaves the hub)."""
        return StreamGrantOut(
            grant_id=self.grant_id,
            camera_id=self.camera_id,
            stream=self.stream,
            url=self.url,
            expires_at=self.expires_at,
        )

    def audit_detail(self) -> dict[str, object]:
        """What the audit trail keeps of a grant (no URL or token)."""
        return {
            "grant_id": self.grant_id,
            "camera_id": self.camera_id,
            "stream": self.stream.value,
            "kind": self.kind,
            "expires_at": self.expires_at.isoformat(),
            "start": self.start,
            "rate": self.rate if self.kind != LIVE else None,
        }


@dataclass
class _Warm:
    """An internal output (nobody has its token) that holds a live pull.

    ``output_id`` is None while it is being opened; ``until`` is None while grants use the
    source, else the monotonic time the idle pull is let go.
    """

    output_id: str | None = None
    until: float | None = None


@dataclass(frozen=True)
class _Source:
    url: str = field(repr=False)
    start: float | None
    rate: float
    kind: str


EndHook = Callable[[Grant, str], None]


class SharedGrants(Protocol):
    """What the registry needs of :class:`hub.streams.store.GrantStore` (grants shared
    by every hub process through the database)."""

    def add(self, grant: Grant) -> None:
        """Record a grant opened here."""
        ...

    def find(self, grant_id: str) -> Grant | None:
        """An open grant of any hub."""
        ...

    def renew(self, grant_id: str, owner: GrantOwner, until: datetime) -> tuple[str, Grant | None]:
        """Renew any hub's grant: ``renewed``, ``expired`` or ``missing``."""
        ...

    def end(self, grant_id: str, reason: str, owner: GrantOwner | None = None) -> Grant | None:
        """Mark any hub's grant ended."""
        ...

    def states(self, grant_ids: Iterable[str]) -> Mapping[str, RowState]:
        """The rows of grants held here."""
        ...

    def purge(self) -> int:
        """Delete long-ended rows."""
        ...

    def beat(self) -> None:
        """Stamp this hub as a live holder."""
        ...

    def leave(self) -> None:
        """This hub holds no grants any more."""
        ...


class RowState(Protocol):
    """A grant row as its holder reads it back."""

    @property
    def expires_at(self) -> datetime:
        """Its expiry (moved by renewals through any hub)."""
        ...

    @property
    def end_reason(self) -> str | None:
        """Why it ended (through any hub), None while open."""
        ...


class GrantRegistry:
    """The open grants of one relay, their expiry, and the keep-alive of idle live pulls."""

    def __init__(
        self,
        relay: Relay,
        *,
        now: Callable[[], datetime],
        grant_seconds: float = 120.0,
        public_host: str | None = None,
        keepalive_seconds: float = 0.0,
        on_end: EndHook | None = None,
        shared: SharedGrants | None = None,
    ) -> None:
        """Keep grants over ``relay``.

        Args:
            relay: the media relay (or anything with ``open_output``/``close_output``).
            now: the hub's clock (grant expiry follows it; tests move it).
            grant_seconds: lifetime of a grant from issue or renewal.
            public_host: the relay's host as consoles reach it (goes into grant URLs;
                None: the host the relay binds).
            keepalive_seconds: how long a live pull outlives its last grant (0: stop it).
            on_end: called as ``on_end(grant, reason)`` after a grant's output closed.
            shared: the grants of every hub process (PostgreSQL); None: this process's
                grants are all there is (the embedded SQLite hub).
        """
        self.relay = relay
        self._now = now
        self.grant_seconds = grant_seconds
        self.public_host = public_host or None
        self.keepalive_seconds = keepalive_seconds
        self.on_end = on_end
        self.shared = shared
        self._lock = threading.RLock()
        self._grants: dict[str, Grant] = {}
        self._sources: dict[str, _Source] = {}
        self._warm: dict[str, _Warm] = {}
        self._opener: ThreadPoolExecutor | None = None  # opens keep-alive outputs
        self._closing = False
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # -- grants ----------------------------------------------------------------------

    def issue(
        self,
        owner: GrantOwner,
        camera_id: int,
        stream: StreamKind,
        source_key: str,
        source_url: str,
        *,
        start: float | None = None,
        rate: float = 1.0,
        kind: str = LIVE,
        emergency: bool = False,
        unmasked: bool = False,
    ) -> Grant:
        """Open an output with a fresh token for ``owner`` and return the grant
        (``emergency``, ``unmasked``: see :class:`Grant`).

        Raises:
            RelayError: the relay is not running or cannot open the output.
            ValueError: a bad start/rate, or ``source_key`` already names another URL.
        """
        if kind not in (LIVE, ARCHIVE):
            raise ValueError(f"unknown grant kind {kind!r}")
        token = secrets.token_urlsafe(TOKEN_BYTES)
        output = self.relay.open_output(source_key, source_url, token, start=start, rate=rate)
        issued = self._now()
        grant = Grant(
            grant_id=secrets.token_urlsafe(GRANT_ID_BYTES),
            owner=owner,
            camera_id=camera_id,
            stream=stream,
            kind=kind,
            source_key=source_key,
            output_id=output.output_id,
            issued_at=issued,
            expires_at=issued + timedelta(seconds=self.grant_seconds),
            start=start,
            rate=rate,
            token=token,
            url=output.with_token(token, self.public_host),
            emergency=emergency,
            unmasked=unmasked,
        )
        if self.shared is not None:
            try:
                self.shared.add(grant)
            except BaseException:
                self._close_quietly(output.output_id)
                raise
        with self._lock:
            closing = self._closing
            if not closing:
                self._grants[grant.grant_id] = grant
                if kind == LIVE:
                    self._hold(source_key, _Source(source_url, start, rate, kind))
        if closing:
            self.relay.close_output(output.output_id)
            raise RelayError("the media relay is stopping")
        log.info("grant %s issued for camera %d/%s", grant.grant_id, camera_id, stream.value)
        return grant

    def get(self, grant_id: str) -> Grant | None:
        """The grant if it is open and not past its expiry (held here, or by any hub
        when grants are shared)."""
        with self._lock:
            grant = self._grants.get(grant_id)
        if grant is None and self.shared is not None:
            grant = self.shared.find(grant_id)
        if grant is None or grant.expires_at <= self._now():
            return None
        return grant

    def grants(self) -> list[Grant]:
        """Every open grant."""
        with self._lock:
            return list(self._grants.values())

    def renew(self, grant_id: str, owner: GrantOwner) -> Grant:
        """Extend an open grant of ``owner`` to now + ``grant_seconds``.

        Raises:
            GrantNotFound: unknown, someone else's, or already expired.
        """
        now = self._now()
        if self.shared is not None:
            return self._renew_shared(grant_id, owner, now)
        with self._lock:
            grant = self._grants.get(grant_id)
            if grant is None or not owner.holds(grant):
                raise GrantNotFound(grant_id)
            if grant.expires_at > now:
                renewed = replace(grant, expires_at=now + timedelta(seconds=self.grant_seconds))
                self._grants[grant_id] = renewed
                return renewed
        self._end([grant], "expired")
        raise GrantNotFound(grant_id)

    def _renew_shared(self, grant_id: str, owner: GrantOwner, now: datetime) -> Grant:
        """Renew through the database: the grant may be held by another hub."""
        assert self.shared is not None
        until = now + timedelta(seconds=self.grant_seconds)
        outcome, grant = self.shared.renew(grant_id, owner, until)
        with self._lock:
            held = self._grants.get(grant_id)
            if held is not None and outcome == "renewed":
                self._grants[grant_id] = held = replace(held, expires_at=until)
        if outcome == "renewed" and grant is not None:
            return held or grant
        if outcome == "expired" and held is not None:
            self._end([held], "expired")
        raise GrantNotFound(grant_id)

    def revoke(self, grant_id: str, owner: GrantOwner | None, reason: str = "revoked") -> bool:
        """End a grant now (``owner`` None: whoever holds it); returns if it was open.

        A grant another hub holds is marked ended in the database; that hub closes its
        output at its next check (``grant_check_seconds``), tells the owner and audits."""
        with self._lock:
            grant = self._grants.get(grant_id)
        if grant is None:
            return self.shared is not None and self.shared.end(grant_id, reason, owner) is not None
        if owner is not None and not owner.holds(grant):
            return False
        return bool(self._end([grant], reason))

    def revoke_where(self, predicate: Callable[[Grant], bool], reason: str = "revoked") -> int:
        """End every grant matching ``predicate``; returns how many ended."""
        with self._lock:
            doomed = [g for g in self._grants.values() if predicate(g)]
        return len(self._end(doomed, reason))

    def expire(self) -> int:
        """End grants past their expiry (or ended through another hub) and let idle pulls
        go; returns the grants ended."""
        try:
            ended_elsewhere = self._follow_shared()
        except Exception:  # the database is away: this hub's own expiry still runs
            log.exception("could not read the shared grant rows")
            ended_elsewhere = 0
        now = self._now()
        with self._lock:
            expired = [g for g in self._grants.values() if g.expires_at <= now]
        ended = self._end(expired, "expired")
        self._let_go(time.monotonic())
        return len(ended) + ended_elsewhere

    def _follow_shared(self) -> int:
        """Take on what other hubs did to the grants held here: a renewal moves the
        expiry, a release or revocation closes the output. Returns the grants ended."""
        if self.shared is None:
            return 0
        self.shared.beat()
        with self._lock:
            held = list(self._grants.values())
        if not held:
            return 0
        states = self.shared.states(g.grant_id for g in held)
        ended = 0
        for grant in held:
            state = states.get(grant.grant_id)
            if state is None or state.end_reason is not None:
                reason = state.end_reason if state is not None else "revoked"
                ended += len(self._end([grant], reason or "revoked", shared=False))
            elif state.expires_at > grant.expires_at:
                with self._lock:
                    current = self._grants.get(grant.grant_id)
                    if current is not None and current.expires_at < state.expires_at:
                        self._grants[grant.grant_id] = replace(current, expires_at=state.expires_at)
        return ended

    def purge_shared(self) -> int:
        """Delete long-ended grant rows (any hub may; the expiry loop does, now and then)."""
        return self.shared.purge() if self.shared is not None else 0

    def release_idle(self) -> int:
        """Let every idle pull kept by the keep-alive go now; returns how many."""
        return self._let_go(float("inf"))

    def warm_sources(self) -> list[str]:
        """Source keys kept running without a grant (keep-alive)."""
        with self._lock:
            return sorted(k for k, w in self._warm.items() if w.until is not None and w.output_id)

    def settle(self) -> None:
        """Wait until keep-alive outputs being opened are open (tests, benchmarks)."""
        with self._lock:
            opener = self._opener
        if opener is not None:
            opener.submit(lambda: None).result()

    def close_all(self, reason: str = "shutdown") -> int:
        """End every grant and keep-alive; later issues are refused (service stop)."""
        with self._lock:
            self._closing = True
            doomed = list(self._grants.values())
            opener, self._opener = self._opener, None
        ended = self._end(doomed, reason)
        if opener is not None:
            opener.shutdown(wait=True)  # an output it still opens is closed (closing)
        with self._lock:
            warm = [w.output_id for w in self._warm.values() if w.output_id]
            self._warm.clear()
        for output_id in warm:
            self._close_quietly(output_id)
        if self.shared is not None:
            try:
                self.shared.leave()
            except Exception:  # its stamp goes stale: the same to other hubs
                log.exception("could not say this hub holds no grants any more")
        return len(ended)

    def _let_go(self, cutoff: float) -> int:
        """Close keep-alive outputs idle until before ``cutoff`` (monotonic)."""
        with self._lock:
            idle = [
                k
                for k, w in self._warm.items()
                if w.output_id and w.until is not None and w.until <= cutoff
            ]
            outputs = [self._warm.pop(k).output_id for k in idle]
        for output_id in outputs:
            if output_id:
                self._close_quietly(output_id)
        return len(outputs)

    def _hold(self, source_key: str, source: _Source) -> None:
        """A live grant uses ``source_key``: keep (or start opening) its keep-alive output.

        The keep-alive output is opened beside the first grant, off the request path, so
        neither releasing the last grant nor re-granting a warm source costs a relay call
        more than a cold one. Lock held.
        """
        self._sources[source_key] = source
        warm = self._warm.get(source_key)
        if warm is not None:
            warm.until = None
            return
        if self.keepalive_seconds <= 0:
            return
        self._warm[source_key] = _Warm()
        if self._opener is None:
            self._opener = ThreadPoolExecutor(1, thread_name_prefix="relay-keepalive")
        # In the request's context: a pooled relay names the hub the console asked.
        self._opener.submit(contextvars.copy_context().run, self._open_warm, source_key, source)

    def _end(self, grants: list[Grant], reason: str, shared: bool = True) -> list[Grant]:
        """Remove ``grants`` (those still open), keep idle live pulls warm, close outputs;
        ``shared``: mark their rows ended too (False: they ended through another hub)."""
        ended: list[Grant] = []
        for grant in grants:
            with self._lock:
                current = self._grants.get(grant.grant_id)
                if current is None or current.output_id != grant.output_id:
                    continue  # ended meanwhile by someone else
                grant = current  # the latest (maybe renewed) state
                del self._grants[grant.grant_id]
                self._idle_if_unused(grant.source_key)
            if shared and self.shared is not None:
                try:
                    self.shared.end(grant.grant_id, reason)
                except Exception:  # the output closes anyway; its row expires
                    log.exception("could not mark grant %s ended", grant.grant_id)
            self._close_quietly(grant.output_id)
            log.info("grant %s ended (%s)", grant.grant_id, reason)
            ended.append(grant)
            if self.on_end is not None:
                try:
                    self.on_end(grant, reason)
                except Exception:
                    log.exception("ending grant %s: on_end failed", grant.grant_id)
        return ended

    def _idle_if_unused(self, source_key: str) -> None:
        """Start the keep-alive countdown of a source no grant uses any more (lock held)."""
        warm = self._warm.get(source_key)
        if warm is None or warm.until is not None:
            return
        if not any(g.source_key == source_key for g in self._grants.values()):
            warm.until = time.monotonic() + self.keepalive_seconds

    def _open_warm(self, source_key: str, source: _Source) -> None:
        """(keep-alive thread) Open the keep-alive output of a live source."""
        try:
            output = self.relay.open_output(
                source_key,
                source.url,
                secrets.token_urlsafe(TOKEN_BYTES),
                start=source.start,
                rate=source.rate,
            )
        except Exception as exc:  # keep-alive is an optimisation: never fail a grant on it
            log.warning("could not keep %s warm: %s", source_key, type(exc).__name__)
            with self._lock:
                warm = self._warm.get(source_key)
                if warm is not None and warm.output_id is None:
                    del self._warm[source_key]  # the next grant tries again
            return
        with self._lock:
            warm = self._warm.get(source_key)
            stale = self._closing or warm is None or warm.output_id is not None
            if warm is not None and not stale:
                warm.output_id = output.output_id
                self._idle_if_unused(source_key)  # its grants may have ended meanwhile
        if stale:
            self._close_quietly(output.output_id)

    def _close_quietly(self, output_id: str) -> None:
        try:
            self.relay.close_output(output_id)
        except Exception as exc:  # a dead relay closed it anyway
            log.warning("closing relay output %s failed: %s", output_id, type(exc).__name__)

    # -- expiry loop -----------------------------------------------------------------

    def start_expiry(self, every: float = 1.0, tick: Callable[[], object] | None = None) -> None:
        """Check expiry (and run ``tick``, e.g. a session check) every ``every`` seconds."""
        if self._thread is not None:
            return
        self._stop.clear()
        if self.shared is not None:
            try:
                self.shared.beat()  # a holder from its first grant on, not its first check
            except Exception:
                log.exception("could not stamp this hub as a grant holder")

        def loop() -> None:
            purged = time.monotonic()
            while not self._stop.wait(every):
                try:
                    self.expire()
                    if tick is not None:
                        tick()
                    if time.monotonic() - purged >= PURGE_EVERY_SECONDS:
                        purged = time.monotonic()
                        self.purge_shared()
                except Exception:
                    log.exception("grant expiry check failed")

        self._thread = threading.Thread(target=loop, name="grant-expiry", daemon=True)
        self._thread.start()

    def stop_expiry(self) -> None:
        """Stop the expiry loop (waits for a running check)."""
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(10)
