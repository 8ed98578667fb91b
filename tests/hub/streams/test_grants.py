# SPDX-License-Identifier: GPL-3.0-or-later
"""The grant registry's own rules, over a recording stand-in for the relay.

The relay itself is tested end to end in tests/hub/media and, with grants over HTTP, in
test_live_grants.py; here only the registry's bookkeeping (expiry, ownership, revocation,
keep-alive) is checked, which needs no GStreamer.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from hub.catalog.contracts import StreamKind
from hub.clock import ManualClock
from hub.media import RelayError, RelayOutput
from hub.streams.grants import Grant, GrantNotFound, GrantOwner, GrantRegistry

T0 = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
ALICE = GrantOwner(user_id=1, session_id=10)
ALICE_OTHER_CONSOLE = GrantOwner(user_id=1, session_id=11)
BOB = GrantOwner(user_id=2, session_id=20)
WALL = GrantOwner(display_id=5)
URL = "rtsp://admin:secret@127.0.0.1:8554/cam01/sub"


class RecordingRelay:
    """Opens and closes outputs in a table, as MediaRelay does, without a worker."""

    def __init__(self) -> None:
        self.open: dict[str, tuple[str, str]] = {}  # output id -> (source key, token)
        self.opened = 0
        self.fail = False
        self.allow: int | None = None  # opens allowed before the relay starts refusing
        self._lock = threading.Lock()

    def open_output(
        self,
        source_key: str,
        source_url: str,
        token: str,
        *,
        start: float | None = None,
        rate: float = 1.0,
    ) -> RelayOutput:
        if self.fail or (self.allow is not None and self.opened >= self.allow):
            raise RelayError("the media relay is not running")
        with self._lock:
            self.opened += 1
            output_id = f"out{self.opened}"
            self.open[output_id] = (source_key, token)
        url = f"https://127.0.0.1:8471/media/{output_id}"
        return RelayOutput(output_id, source_key, "127.0.0.1", 8471, url)

    def close_output(self, output_id: str) -> bool:
        with self._lock:
            return self.open.pop(output_id, None) is not None

    def sources(self) -> set[str]:
        return {key for key, _ in self.open.values()}


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(T0)


@pytest.fixture
def relay() -> RecordingRelay:
    return RecordingRelay()


@pytest.fixture
def ended() -> list[tuple[str, str]]:
    return []


@pytest.fixture
def registry(
    relay: RecordingRelay, clock: ManualClock, ended: list[tuple[str, str]]
) -> GrantRegistry:
    return GrantRegistry(
        relay,
        now=clock.now,
        grant_seconds=120,
        public_host="relay.example",
        on_end=lambda g, reason: ended.append((g.grant_id, reason)),
    )


def issue(registry: GrantRegistry, owner: GrantOwner = ALICE, camera: int = 1) -> Grant:
    return registry.issue(owner, camera, StreamKind.SUB, f"cam{camera}/sub", URL)


def test_a_grant_is_a_fresh_output_with_its_own_token(
    registry: GrantRegistry, relay: RecordingRelay
) -> None:
    first, second = issue(registry), issue(registry, BOB)
    assert first.grant_id != second.grant_id and len(first.grant_id) >= 20
    assert first.token != second.token
    assert len(first.token) >= 32  # 192 random bits
    assert relay.open[first.output_id] == ("cam1/sub", first.token)

    out = first.out()
    parts = urlsplit(out.url)
    assert (parts.scheme, parts.hostname, parts.port) == ("https", "relay.example", 8471)
    assert parts.path == f"/media/{first.output_id}"
    assert parse_qs(parts.query) == {"token": [first.token]}
    assert out.expires_at == T0 + timedelta(seconds=120)
    assert "secret" not in out.url  # no device credentials
    for text in (repr(first), repr(out), str(first.audit_detail())):
        assert first.token not in text and "secret" not in text


def test_expiry_closes_the_output_and_renewal_extends_it(
    registry: GrantRegistry,
    relay: RecordingRelay,
    clock: ManualClock,
    ended: list[tuple[str, str]],
) -> None:
    kept, lapsed = issue(registry), issue(registry)
    clock.advance(seconds=100)
    renewed = registry.renew(kept.grant_id, ALICE)
    assert renewed.expires_at == T0 + timedelta(seconds=220)
    assert renewed.token == kept.token and renewed.url == kept.url

    clock.advance(seconds=21)
    assert registry.get(lapsed.grant_id) is None  # past expiry, even before the sweep
    assert registry.expire() == 1
    assert ended == [(lapsed.grant_id, "expired")]
    assert set(relay.open) == {kept.output_id}
    with pytest.raises(GrantNotFound):
        registry.renew(lapsed.grant_id, ALICE)


def test_renew_after_expiry_but_before_the_sweep_is_refused_and_ends_it(
    registry: GrantRegistry, relay: RecordingRelay, clock: ManualClock
) -> None:
    grant = issue(registry)
    clock.advance(seconds=120)
    with pytest.raises(GrantNotFound):
        registry.renew(grant.grant_id, ALICE)
    assert relay.open == {}


def test_only_the_owner_renews_or_releases(registry: GrantRegistry, relay: RecordingRelay) -> None:
    grant = issue(registry)
    for stranger in (BOB, ALICE_OTHER_CONSOLE, WALL, GrantOwner()):
        with pytest.raises(GrantNotFound):
            registry.renew(grant.grant_id, stranger)
        assert not registry.revoke(grant.grant_id, stranger)
    with pytest.raises(GrantNotFound):
        registry.renew("forged-grant-id", ALICE)
    assert registry.revoke(grant.grant_id, ALICE)
    assert relay.open == {}
    assert not registry.revoke(grant.grant_id, ALICE)

    shown = registry.issue(WALL, 2, StreamKind.MAIN, "cam2/main", URL)
    assert registry.renew(shown.grant_id, GrantOwner(display_id=5)).grant_id == shown.grant_id
    with pytest.raises(GrantNotFound):
        registry.renew(shown.grant_id, GrantOwner(display_id=6))


def test_revoke_where_ends_a_session_s_grants(
    registry: GrantRegistry, relay: RecordingRelay, ended: list[tuple[str, str]]
) -> None:
    mine = [issue(registry, ALICE, cam) for cam in (1, 2)]
    other = issue(registry, ALICE_OTHER_CONSOLE)
    bobs = issue(registry, BOB)
    assert registry.revoke_where(lambda g: g.owner.session_id == 10, "session_ended") == 2
    assert sorted(ended) == sorted((g.grant_id, "session_ended") for g in mine)
    assert set(relay.open) == {other.output_id, bobs.output_id}
    assert registry.revoke_where(lambda g: g.owner.user_id == 1) == 1
    assert [g.grant_id for g in registry.grants()] == [bobs.grant_id]


def test_a_relay_failure_issues_nothing(registry: GrantRegistry, relay: RecordingRelay) -> None:
    relay.fail = True
    with pytest.raises(RelayError):
        issue(registry)
    assert registry.grants() == []


def test_an_idle_live_pull_is_kept_warm_then_let_go(
    relay: RecordingRelay, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    mono = [1000.0]
    monkeypatch.setattr("hub.streams.grants.time.monotonic", lambda: mono[0])
    registry = GrantRegistry(relay, now=clock.now, keepalive_seconds=30)
    first = issue(registry)
    registry.settle()
    # Beside the grant, an output nobody can open holds the pull.
    [holder] = set(relay.open) - {first.output_id}
    assert relay.open[holder] == ("cam1/sub", relay.open[holder][1])
    assert relay.open[holder][1] != first.token
    assert registry.warm_sources() == []  # in use, not idle

    opened = relay.opened
    assert registry.revoke(first.grant_id, ALICE)
    assert set(relay.open) == {holder}  # the grant's output is closed at once
    assert registry.warm_sources() == ["cam1/sub"]

    again = issue(registry)  # a new grant on the warm pull: one relay call, as cold
    registry.settle()
    assert relay.opened == opened + 1 and set(relay.open) == {holder, again.output_id}
    assert registry.warm_sources() == []

    registry.revoke(again.grant_id, None)
    mono[0] += 29
    registry.expire()
    assert registry.warm_sources() == ["cam1/sub"]
    mono[0] += 2
    registry.expire()
    assert relay.open == {} and registry.warm_sources() == []

    registry.revoke(issue(registry).grant_id, None)
    registry.settle()
    assert registry.release_idle() == 1 and relay.open == {}

    archive = registry.issue(
        ALICE, 1, StreamKind.SUB, "cam1/replay@1", URL, start=1.0, kind="archive"
    )
    registry.settle()
    assert set(relay.open) == {archive.output_id}  # archives are never kept warm
    registry.revoke(archive.grant_id, None)

    issue(registry, camera=3)
    registry.close_all()
    with pytest.raises(RelayError):
        issue(registry)
    assert relay.open == {}


def test_a_keep_alive_that_cannot_open_changes_nothing(
    relay: RecordingRelay, clock: ManualClock
) -> None:
    registry = GrantRegistry(relay, now=clock.now, keepalive_seconds=30)
    relay.allow = 1  # the grant opens; its keep-alive does not
    grant = issue(registry)
    registry.settle()
    assert set(relay.open) == {grant.output_id}
    registry.revoke(grant.grant_id, None)
    assert relay.open == {} and registry.warm_sources() == []  # nothing holds the pull
    relay.allow = None
    issue(registry)  # the next grant tries again
    registry.settle()
    assert len(relay.open) == 2
