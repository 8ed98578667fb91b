# SPDX-License-Identifier: GPL-3.0-or-later
"""The console takes several hub URLs and fails over (issue 14).

Two real ``vwall-hub serve`` children with their media relays on one PostgreSQL database,
the camera simulator, a real console (offscreen, real libVLC) logged in with both URLs
and playing a 2×2 wall through hub A, and a wall display enrolled with both. Hub A is
killed with SIGKILL: within 5 s every tile (console and display) must show frames newer
than the kill, from new grants of hub B's relay; the status bar
says the console is on B and that it switched; the push stream resumed on B with its
``Last-Event-ID`` (an incident raised through B while the console was switching arrives
once, as does one raised after). Over HTTPS, a listed hub presenting another certificate
than the one pinned for it at login is never switched to, and the console says so.

Without PostgreSQL these cases skip (fail in CI) like the other PostgreSQL cases; the
URL list and the client's failover have unit tests here that need no database.
"""

from __future__ import annotations

import asyncio
import subprocess
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
import qasync
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from camsim import timecode
from camsim.process import FleetProcess
from console.app import ConsoleApp, build_parser
from console.display import DisplayController
from console.display import build_parser as display_parser
from console.embedded import _free_port
from console.settings import (
    WorkstationSettings,
    hub_key,
    join_hub_urls,
    parse_hub_urls,
)
from console.trust import HubTrust, origin_of
from console.wall_controller import WallMemory
from hub.auth import totp
from hub.client import HubApiError, HubClient, hub_urls
from hub.incidents.contracts import IncidentCategory, IncidentReport
from hub.testing import PASSWORD, LiveHub, postgres_database, wait_until
from hub.tls import make_self_signed
from tests.console.conftest import MemoryKeyring
from tests.console.test_hub_restart import (
    FIRST_PLAY_MS,
    HUB_START_MS,
    KillableHub,
    in_main_thread,
    seed_site,
    shows_now,
)
from tests.hub.conftest import PG_URL, no_postgres
from tests.widgets.frames import to_bgra
from widgets.display_window import DisplayWindow
from widgets.player import VideoPlayer
from widgets.video_tile import TileStatus, VideoTile

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints", "This plugin does not support raise"
)

BACK_WITHIN = 5.0  # seconds from the kill of hub A to every tile moving through hub B


# -- unit: the URL list -------------------------------------------------------------------


def test_a_hub_address_lists_urls_in_order_without_repeats_or_slashes() -> None:
    text = " https://a:8470/ ,https://b:8470,, https://a:8470 "
    assert parse_hub_urls(text) == ["https://a:8470", "https://b:8470"]
    assert hub_urls(text) == ("https://a:8470", "https://b:8470")
    assert join_hub_urls(text) == "https://a:8470, https://b:8470"
    # --hub repeated, each maybe a list itself.
    assert parse_hub_urls(["https://a:8470", "https://b:8470, https://c:8470/"]) == [
        "https://a:8470",
        "https://b:8470",
        "https://c:8470",
    ]
    assert parse_hub_urls(" , ") == [] and hub_key("") == ""
    # Things remembered per hub keep the key a one-hub workstation had: the first URL.
    assert hub_key("https://a:8470/, https://b:8470") == hub_key("https://a:8470")
    with pytest.raises(ValueError):
        HubClient(" , ")


def test_the_command_lines_take_several_hubs() -> None:
    args = build_parser().parse_args(["--hub", "https://a:8470,https://b:8470", "--hub", "x"])
    assert join_hub_urls(args.hub) == "https://a:8470, https://b:8470, x"
    display = display_parser().parse_args(["--hub", "https://a:1", "--hub", "https://b:2"])
    assert join_hub_urls(display.hub) == "https://a:1, https://b:2"


def test_the_list_is_remembered_and_a_one_hub_entry_still_reads(
    memory_keyring: MemoryKeyring,
) -> None:
    settings = WorkstationSettings()
    memory_keyring.set_password(settings.service, "hub_url", "https://a:8470")  # before
    assert settings.load().hub_urls == ["https://a:8470"]
    settings.remember("https://a:8470/,https://b:8470", "oper", "token")
    kept = settings.load()
    assert kept.hub_url == "https://a:8470, https://b:8470"
    assert kept.hub_urls == ["https://a:8470", "https://b:8470"]
    assert (kept.username, kept.token) == ("oper", "token")


def test_the_wall_memory_of_the_first_hub_is_found_with_a_list(tmp_path: Path) -> None:
    from layouts.builtin import preset

    memory = WallMemory(tmp_path / "c.ini")
    wall = preset("2x2")
    wall.assign(0, "7")
    memory.save_wall(hub_key("https://a:8470"), "oper", wall)
    found = memory.last_wall(hub_key("https://a:8470, https://b:8470"), "oper")
    assert found is not None and found.cells[0].camera_id == "7"


def test_every_listed_hub_is_checked_and_the_unreachable_ones_are_skipped(
    tmp_path: Path,
) -> None:
    trust = HubTrust(tmp_path / "trust")
    down = [f"https://127.0.0.1:{_free_port()}" for _ in range(2)]

    async def run() -> None:
        # Plain HTTP on this machine needs no certificate; a hub that does not answer
        # is not pinned (and so never switched to unless a CA vouches for it).
        assert await trust.check_all(f"http://127.0.0.1:1, {down[0]}", None) == [
            "http://127.0.0.1:1"
        ]
        with pytest.raises(OSError):
            await trust.check_all(down, None)
        with pytest.raises(ValueError):
            await trust.check_all(down[0], None, ["AA" * 32, "BB" * 32])

    asyncio.run(run())
    assert trust.pinned(origin_of(down[0])) is None


# -- unit: the client's failover ------------------------------------------------------------


def test_the_client_moves_to_the_next_hub_that_answers_and_keeps_its_token(
    live: LiveHub,
) -> None:
    dead = f"http://127.0.0.1:{_free_port()}"
    switches: list[tuple[str, str]] = []

    async def run() -> None:
        async with HubClient(f"{dead}, {live.url}") as client:
            client.token = "kept"
            client.on_switch = lambda old, new: switches.append((old, new))
            assert client.url == dead
            health = await client.health()  # a GET: sent again on the hub that answers
            assert health.status == "ok"
            assert client.url == live.url and client.token == "kept"
            # Concurrent failures of the old hub share the one switch already made.
            assert await client.fail_over() is False  # the current one answers: it stays
            assert client.url == live.url

    asyncio.run(run())
    assert switches == [(dead, live.url)]


def test_a_post_that_never_connected_is_sent_again_and_nothing_answering_is_network(
    live: LiveHub,
) -> None:
    dead, dead2 = (f"http://127.0.0.1:{_free_port()}" for _ in range(2))

    async def run() -> None:
        async with HubClient([dead, live.url]) as client:
            with pytest.raises(HubApiError) as refused:  # the hub's answer, not a failover
                await client.login("nobody", "wrong password, long enough")
            assert refused.value.code == "auth.login_failed"
            assert client.url == live.url
        async with HubClient([dead, dead2]) as client:
            with pytest.raises(HubApiError) as lost:
                await client.health()
            assert lost.value.code == "network" and client.url == dead

    asyncio.run(run())


# -- two hub processes on one PostgreSQL ------------------------------------------------------


@pytest.fixture
def pg_db() -> Iterator[str]:
    """A new database on the test PostgreSQL (skipped, or failed in CI, without one)."""
    if not PG_URL:
        no_postgres()
    with postgres_database(PG_URL) as url:
        yield url


class Hubs:
    """Hub children A and B on one database and data directory (one key file); the
    people's TOTP secrets, the four cameras' ids, the enrolled display's token."""

    def __init__(
        self,
        a: KillableHub,
        b: KillableHub,
        secrets: dict[str, str],
        cams: list[int],
        display_token: str,
    ) -> None:
        self.a, self.b, self.secrets, self.cams = a, b, secrets, cams
        self.display_token = display_token


@pytest.fixture
def hubs(pg_db: str, tmp_path: Path, camsim_fleet: FleetProcess) -> Iterator[Hubs]:
    data_dir = tmp_path / "hub"
    province, cams, display_token = seed_site(pg_db, data_dir, camsim_fleet)
    a = KillableHub(data_dir, _free_port(), pg_db)
    b = KillableHub(data_dir, _free_port(), pg_db)
    started: list[KillableHub] = []
    try:
        for hub in (a, b):
            hub.spawn()
            started.append(hub)
        for hub in (a, b):
            wait_until(hub.answers, timeout=HUB_START_MS / 1000, what="a hub child")
        ids = [cams[c] for c in ("cam01", "cam02", "cam03", "cam04")]
        yield Hubs(a, b, province.secrets, ids, display_token)
    finally:
        for hub in started:
            hub.stop()


@pytest.fixture
def console(
    qtbot: QtBot,
    qloop: qasync.QEventLoop,
    hubs: Hubs,
    memory_keyring: MemoryKeyring,
    tmp_path: Path,
) -> Iterator[ConsoleApp]:
    urls = f"{hubs.a.url}, {hubs.b.url}"
    app = ConsoleApp(
        urls,
        WorkstationSettings(),
        memory=WallMemory(tmp_path / "c.ini"),
        trust=HubTrust(tmp_path / "trust"),
    )
    app.window.resize(1280, 760)
    app.start()
    yield app
    closing = asyncio.ensure_future(app.aclose())
    qtbot.waitUntil(closing.done, timeout=20_000)
    app.window.wall.shutdown()
    in_main_thread(app.dialog, app.window, app)


@pytest.fixture
def display(
    qtbot: QtBot, qloop: qasync.QEventLoop, hubs: Hubs
) -> Iterator[tuple[DisplayWindow, DisplayController]]:
    """A wall display (``vwall --display``) enrolled with both hubs, playing cam03 and
    cam04 through hub A."""
    window = DisplayWindow(VideoPlayer)  # closed here, after the controller stopped
    client = HubClient(f"{hubs.a.url},{hubs.b.url}")
    client.token = hubs.display_token
    controller = DisplayController(window, client)
    window.resize(640, 360)
    window.show()
    QTimer.singleShot(0, controller.start)
    yield window, controller
    controller.stop()
    if window.wall is not None:
        window.wall.shutdown()
    qtbot.waitUntil(lambda: not controller.busy, timeout=15_000)
    closing = asyncio.ensure_future(client.aclose())
    qtbot.waitUntil(closing.done, timeout=15_000)
    in_main_thread(window, controller)


def shown_at(tile: VideoTile) -> datetime | None:
    """The simulator time burned into the tile's newest frame (None: none readable)."""
    player = tile.player
    if tile.status is not TileStatus.PLAYING or player is None:
        return None
    frame = player.latest_frame()
    return None if frame is None else timecode.read(to_bgra(frame))


def test_kill_9_of_hub_a_the_wall_plays_through_hub_b_within_5_s(
    qtbot: QtBot,
    console: ConsoleApp,
    display: tuple[DisplayWindow, DisplayController],
    hubs: Hubs,
) -> None:
    a, b = hubs.a, hubs.b
    session, walls = console.session, console.session.walls
    with qtbot.waitSignal(walls.camerasLoaded, timeout=15_000):
        code = totp.code_at(hubs.secrets["oper"], datetime.now(UTC))
        _ = console.login.log_in(f"{a.url}, {b.url}", "oper", PASSWORD, code)
    client = session.client
    assert client is not None and client.url == a.url
    assert console.settings.load().hub_urls == [a.url, b.url]
    walls.set_layout("2x2")
    walls.drop_cameras(0, [str(c) for c in hubs.cams])
    tiles: list[VideoTile] = list(console.window.wall.tiles)
    assert len(tiles) == 4
    screen, controller = display

    def display_tiles() -> list[VideoTile]:
        wall = screen.wall
        return [wall.tile(0), wall.tile(1)] if wall is not None else []

    qtbot.waitUntil(
        lambda: (
            all(shows_now(t) for t in tiles)
            and len(display_tiles()) == 2
            and all(shows_now(t) for t in display_tiles())
        ),
        timeout=FIRST_PLAY_MS,
    )
    assert controller.client.url == a.url
    shown = display_tiles()
    qtbot.waitUntil(lambda: session.events.connected, timeout=10_000)
    window = console.window
    on = window.tr("Hub %1: %2").replace("%2", window.tr("Connected"))
    assert window.hub_state_text() == on.replace("%1", a.url)
    before = {s.grant_id for cell in range(4) if (s := walls.slot(cell)) is not None}
    urls_before = {t.player.url for t in [*tiles, *shown] if t.player is not None}
    assert len(before) == 4 and None not in before
    received: list[tuple[str, object]] = []
    session.events.received.connect(lambda topic, data: received.append((topic, data)))
    raised: list[int] = []
    side = HubClient(b.url)  # the same session through hub B
    side.token = client.token

    async def report(title: str) -> None:
        req = IncidentReport(category=IncidentCategory.FAULT, title=title, camera_id=hubs.cams[0])
        raised.append((await side.report_incident(req)).id)

    def opened() -> list[int]:
        return [
            int(d["id"])
            for t, d in received
            if t == "incident.opened" and isinstance(d, dict) and d.get("id") in raised
        ]

    # An incident raised through B reaches the console on A (and gives it an event id).
    before_kill = asyncio.ensure_future(report("Trước khi dừng máy chủ A"))
    qtbot.waitUntil(lambda: before_kill.done() and len(opened()) == 1, timeout=10_000)
    assert session.events.last_event_id is not None

    # kill -9 of hub A; an incident is raised through B while the console switches.
    recorded = b.audit_records()  # what both hubs acknowledged so far
    a.kill()
    killed, killed_at = time.monotonic(), datetime.now(UTC)
    during = asyncio.ensure_future(report("Mất tín hiệu khi chuyển máy chủ"))

    def anew(tile: VideoTile) -> bool:  # a new stream, showing frames newer than the kill
        at = shown_at(tile)
        player = tile.player
        return (
            player is not None
            and player.url not in urls_before
            and at is not None
            and (at > killed_at)
        )

    def moved_to_b() -> bool:
        for cell, tile in enumerate(tiles):
            slot = walls.slot(cell)
            if slot is None or slot.grant_id in before or not anew(tile):
                return False
        return True

    qtbot.waitUntil(moved_to_b, timeout=int(BACK_WITHIN * 1000) + 5_000)
    took = time.monotonic() - killed
    print(f"\nfailover: every console tile shows new frames through hub B {took:.2f} s after")
    assert took < BACK_WITHIN, f"tiles back {took:.2f} s after hub A was killed"
    qtbot.waitUntil(lambda: all(anew(t) for t in display_tiles()), timeout=5_000)
    took_display = time.monotonic() - killed
    print(f"failover: the display's tiles {took_display:.2f} s after")
    assert took_display < BACK_WITHIN, f"display back {took_display:.2f} s after the kill"
    assert controller.client.url == b.url and not controller.hub_lost
    assert client.url == b.url and session.client is client
    assert window.hub_state_text() == on.replace("%1", b.url)
    notice = session.tr("Hub %1 stopped answering: the console switched to hub %2.")
    assert session.notice == notice.replace("%1", a.url).replace("%2", b.url)
    assert not walls.hub_lost

    # The push stream resumed on B from its Last-Event-ID: the incident raised during
    # the switch and one raised now arrive, each once.
    qtbot.waitUntil(during.done, timeout=10_000)
    qtbot.waitUntil(lambda: session.events.connected, timeout=10_000)
    assert session.events.hub_url == b.url
    after = asyncio.ensure_future(report("Sau khi chuyển máy chủ"))
    qtbot.waitUntil(lambda: after.done() and len(opened()) >= 3, timeout=10_000)
    assert sorted(opened()) == sorted(raised) and len(raised) == 3  # none lost or doubled
    # No acknowledged audit record was lost to the kill, and the chain verifies.
    assert b.audit_records() > recorded
    closing = asyncio.ensure_future(side.aclose())
    qtbot.waitUntil(closing.done, timeout=5_000)


# -- HTTPS: a changed certificate on the hub to fail over to ------------------------------------


class TlsHub(KillableHub):
    """A hub child serving HTTPS with the certificate in ``tls`` (cert, key) when spawned."""

    def __init__(self, data_dir: Path, port: int, db_url: str) -> None:
        super().__init__(data_dir, port, db_url)
        self.url = f"https://127.0.0.1:{port}"
        self.tls: tuple[Path, Path] | None = None

    def spawn(self) -> None:
        assert self.tls is not None
        cert, key = self.tls
        self._spawn(
            self._hub_args(
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--tls-cert",
                str(cert),
                "--tls-key",
                str(key),
            ),
            stdout=subprocess.DEVNULL,
            env=self.env,
        )

    def answers(self) -> bool:
        assert self.proc is not None and self.proc.poll() is None, self.stderr_text()
        try:
            r = httpx.get(f"{self.url}/api/health", timeout=1, verify=False)
        except httpx.TransportError:
            return False
        return r.status_code == 200


def test_a_hub_with_another_certificate_than_pinned_is_not_switched_to(
    qtbot: QtBot,
    qloop: qasync.QEventLoop,
    pg_db: str,
    tmp_path: Path,
    camsim_fleet: FleetProcess,
    memory_keyring: MemoryKeyring,
) -> None:
    data_dir = tmp_path / "hub"
    province, _cams, _display = seed_site(pg_db, data_dir, camsim_fleet)
    first = make_self_signed(["127.0.0.1"], tmp_path / "tls-a")
    b_first = make_self_signed(["127.0.0.1"], tmp_path / "tls-b1")
    b_other = make_self_signed(["127.0.0.1"], tmp_path / "tls-b2")
    a = TlsHub(data_dir, _free_port(), pg_db)
    b = TlsHub(data_dir, _free_port(), pg_db)
    a.tls, b.tls = (first.cert, first.key), (b_first.cert, b_first.key)
    trust = HubTrust(tmp_path / "trust")
    app = ConsoleApp(
        f"{a.url}, {b.url}",
        WorkstationSettings(),
        memory=WallMemory(tmp_path / "c.ini"),
        trust=trust,
    )
    asked: list[str] = []

    async def confirm(origin: str, _fingerprint: str) -> bool:
        asked.append(origin)
        return True

    app.login._confirm = confirm  # the operator compares and trusts both fingerprints
    try:
        for hub in (a, b):
            hub.spawn()
        for hub in (a, b):
            wait_until(hub.answers, timeout=HUB_START_MS / 1000, what="a hub child")
        app.start()
        session = app.session
        with qtbot.waitSignal(session.walls.camerasLoaded, timeout=15_000):
            code = totp.code_at(province.secrets["oper"], datetime.now(UTC))
            _ = app.login.log_in(f"{a.url}, {b.url}", "oper", PASSWORD, code)
        # Both listed hubs were asked about and pinned at login, each with its own.
        assert asked == [origin_of(a.url), origin_of(b.url)]
        pins = [trust.pinned(origin_of(hub.url)) for hub in (a, b)]
        assert None not in pins and pins[0] != pins[1]
        client = session.client
        assert client is not None and client.url == a.url

        # B comes back with another certificate (a new one, or someone in between), then
        # A dies: the console does not switch to B and says why.
        b.kill()
        b.tls = (b_other.cert, b_other.key)
        b.spawn()
        wait_until(b.answers, timeout=HUB_START_MS / 1000, what="hub B again")
        a.kill()
        refused = session.tr(
            "Hub %1 presented a certificate this workstation does not trust: the console "
            "did not switch to it. Ask your administrator to confirm its certificate."
        ).replace("%1", b.url)
        qtbot.waitUntil(lambda: session.notice == refused, timeout=15_000)
        # It stays in sight: a refresh failing meanwhile may take the status bar's
        # message ("the hub does not answer"), not the warning.
        assert app.window.hub_warning_text() == refused
        assert client.url == a.url  # still on A, which is lost
        lost = app.window.tr("Hub %1: %2").replace("%1", a.url)
        lost = lost.replace("%2", app.window.tr("Connection lost"))
        qtbot.waitUntil(lambda: app.window.hub_state_text() == lost, timeout=15_000)
        assert app.window.hub_warning_text() == refused
    finally:
        closing = asyncio.ensure_future(app.aclose())
        qtbot.waitUntil(closing.done, timeout=20_000)
        app.window.wall.shutdown()
        in_main_thread(app.dialog, app.window, app)
        for hub in (a, b):
            hub.stop()
