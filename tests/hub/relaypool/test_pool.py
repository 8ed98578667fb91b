# SPDX-License-Identifier: GPL-3.0-or-later
"""The relay pool end to end: two ``vwall-hub relay`` processes and two hubs on one
PostgreSQL database, the simulated fleet, real readers of the grant URLs.

- two grants on one camera through two hubs share one pull on one relay host;
- kill -9 of the relay host that pulls a camera: a reader that keeps the grant URL gets
  MPEG-TS again within 5 s (the figure is printed);
- a wrong control secret is refused, logged and audited without the secret.
"""

from __future__ import annotations

import contextlib
import logging
import ssl
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from camsim.probe import FrameReader, ProbeError
from hub.audit.chain import load_public_key
from hub.audit.models import AuditCheckpoint, AuditRecord
from hub.audit.verify import verify_chain
from hub.relaypool import leases
from hub.relaypool.pool import PooledRelay
from hub.testing import LiveHub, wait_until
from hub.tls import make_self_signed
from tests.hub.relaypool.conftest import PoolSite, start_relay
from tests.hub.streams.test_live_grants import is_live

pytestmark = pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)

FAILOVER_SECONDS = 5.0  # issue 14: a dead relay host's streams are back within this
TS_PACKET = 188


def grant(hub: LiveHub, token: str, camera_id: int) -> dict[str, Any]:
    with hub.client(token) as http:
        r = http.post(f"/api/cameras/{camera_id}/grants", json={"stream": "sub"})
    assert r.status_code == 201, r.text
    body: dict[str, Any] = r.json()
    return body


def location(url: str) -> str:
    """Where the hub's stable grant URL sends a player now (one 307)."""
    r = httpx.get(url, follow_redirects=False, timeout=10)
    assert r.status_code == 307, r.text
    assert r.headers["cache-control"] == "no-store"
    return r.headers["location"]


def holder(pool: PoolSite, source_key: str) -> str | None:
    with pool.site.live.hub.sessions() as s:
        return leases.lease_holder(s, source_key)


def control_health(pool: PoolSite, control_url: str) -> dict[str, Any]:
    secret = pool.secret_file.read_text().strip()
    r = httpx.get(
        f"{control_url}/control/health",
        headers={"Authorization": f"Bearer {secret}"},
        timeout=10,
    )
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


class TsReader:
    """A player stand-in: GETs the grant URL (following the hub's 307), checks MPEG-TS
    sync bytes, and reconnects at once whenever the stream ends, as a player does."""

    def __init__(self, url: str, verify: ssl.SSLContext | bool = True) -> None:
        self.url = url
        self.verify = verify
        self.connections: list[tuple[float, str]] = []  # (first TS bytes at, served from)
        self.errors = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TsReader:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join(15)

    def _run(self) -> None:
        timeout = httpx.Timeout(5.0, read=2.0)
        with httpx.Client(follow_redirects=True, timeout=timeout, verify=self.verify) as http:
            while not self._stop.is_set():
                try:
                    self._read(http)
                except httpx.HTTPError:
                    self.errors += 1
                self._stop.wait(0.05)  # the player's reconnect pause

    def _read(self, http: httpx.Client) -> None:
        with http.stream("GET", self.url) as r:
            if r.status_code != 200:
                self.errors += 1
                return
            head = b""
            for chunk in r.iter_bytes():
                if self._stop.is_set():
                    return
                if len(head) < 2 * TS_PACKET:
                    head += chunk
                    if len(head) >= 2 * TS_PACKET:
                        assert head[0] == 0x47 and head[TS_PACKET] == 0x47, "not MPEG-TS"
                        self.connections.append((time.monotonic(), str(r.url)))

    def first_after(self, moment: float) -> tuple[float, str] | None:
        return next(((t, u) for t, u in self.connections if t > moment), None)


def first_live_picture(url: str, deadline: float) -> float:
    """When a player (ffmpeg) that opens ``url`` again whenever it ends, as a player
    does, first decodes a live picture (monotonic)."""
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("no live picture")
        with FrameReader(url, stall_timeout=15) as reader, contextlib.suppress(ProbeError):
            reader.wait_frame(is_live, timeout=remaining)
            return time.monotonic()


def test_two_grants_through_two_hubs_share_one_pull(make_pool: Callable[..., PoolSite]) -> None:
    pool = make_pool()
    site = pool.site
    camera_id = site.cams[site.fleet.cameras[0]["id"]]
    token = site.tokens["opa"]
    through_a = grant(site.live, token, camera_id)
    through_b = grant(pool.b, token, camera_id)
    # The grant URLs lead to the hub each was asked through, never to a relay host.
    assert through_a["url"].startswith(f"{site.live.url}/media/")
    assert through_b["url"].startswith(f"{pool.b.url}/media/")
    where_a, where_b = location(through_a["url"]), location(through_b["url"])
    owner = holder(pool, f"cam{camera_id}/sub")
    assert owner is not None
    relay = pool.relay(owner)
    assert where_a.startswith(f"{relay.media_url}/media/")
    assert where_b.startswith(f"{relay.media_url}/media/")

    with (
        FrameReader(through_a["url"], stall_timeout=15) as one,
        FrameReader(through_b["url"], stall_timeout=15) as two,
    ):
        one.wait_frame(is_live, timeout=20)
        two.wait_frame(is_live, timeout=20)
        assert site.fleet.stream_stats(site.fleet.cameras[0]["id"])["rtsp_clients"] == 1
        [source] = control_health(pool, relay.control_url)["sources"]
        assert source["source_key"] == f"cam{camera_id}/sub"
        assert len(source["outputs"]) == 2
        [other] = [r for r in pool.relays if r is not relay]
        assert control_health(pool, other.control_url)["sources"] == []
    # A wrong token at the hub is the relay's 404, not a redirect.
    forged = through_a["url"].replace("token=", "token=x")
    assert httpx.get(forged, follow_redirects=False, timeout=10).status_code == 404
    # `vwall-hub serve`'s access log line of the redirect (uvicorn's format) has no token.
    path = through_a["url"].removeprefix(site.live.url)
    line = logging.LogRecord(
        "uvicorn.access", logging.INFO, __file__, 0, '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:40000", "GET", path, "1.1", 307), None,
    )  # fmt: skip
    assert logging.getLogger("uvicorn.access").filter(line)
    token = path.split("token=")[1]
    assert token not in line.getMessage() and "token=[redacted]" in line.getMessage()


def test_kill_9_of_a_relay_host_its_streams_are_back_within_5_s(
    make_pool: Callable[..., PoolSite],
) -> None:
    pool = make_pool()
    site = pool.site
    sim = site.fleet.cameras[1]["id"]
    camera_id = site.cams[sim]
    token = site.tokens["opa"]
    through_a = grant(site.live, token, camera_id)
    through_b = grant(pool.b, token, camera_id)
    owner = holder(pool, f"cam{camera_id}/sub")
    assert owner is not None
    doomed = pool.relay(owner)
    [survivor] = [r for r in pool.relays if r is not doomed]

    with TsReader(through_a["url"]) as reader_a, TsReader(through_b["url"]) as reader_b:
        wait_until(lambda: reader_a.connections and reader_b.connections, 20, "first bytes")
        assert reader_a.connections[0][1].startswith(doomed.media_url)
        killed = time.monotonic()
        doomed.kill()
        # A player opening the grant URL right after the kill decodes live pictures.
        picture = first_live_picture(through_a["url"], killed + FAILOVER_SECONDS + 10) - killed
        wait_until(
            lambda: reader_a.first_after(killed) and reader_b.first_after(killed),
            FAILOVER_SECONDS + 5,
            "the streams to come back",
        )
        back_a, back_b = reader_a.first_after(killed), reader_b.first_after(killed)
        assert back_a is not None and back_b is not None
        figures = [back_a[0] - killed, back_b[0] - killed]
        print(
            f"\nrelay host killed -> MPEG-TS again after {figures[0]:.2f} s (through hub A), "
            f"{figures[1]:.2f} s (through hub B)"
        )
        print(f"relay host killed -> a new player decodes live pictures after {picture:.2f} s")
        assert max(figures) < FAILOVER_SECONDS, figures
        assert picture < FAILOVER_SECONDS, picture
        assert back_a[1].startswith(survivor.media_url)
        assert back_b[1].startswith(survivor.media_url)
    # One pull on the survivor for both hubs' grants, and real live pictures again.
    assert holder(pool, f"cam{camera_id}/sub") == survivor.host_id
    [source] = control_health(pool, survivor.control_url)["sources"]
    assert len(source["outputs"]) == 2
    with FrameReader(through_a["url"], stall_timeout=15) as reader:
        reader.wait_frame(is_live, timeout=20)
    relay = site.relay.grants.relay
    assert isinstance(relay, PooledRelay) and relay.moves


def test_a_wrong_control_secret_is_refused_logged_and_audited(
    make_pool: Callable[..., PoolSite],
) -> None:
    pool = make_pool(relays=1)
    [relay] = pool.relays
    cam = pool.site.fleet.cameras[0]
    wrong = "w" * 43
    body = {
        "output_id": "pforged",
        "source_key": "cam1/sub",
        "source_url": str(cam["rtsp"]["sub"]),
        "token": "t" * 32,
    }
    r = httpx.post(
        f"{relay.control_url}/control/open",
        json=body,
        headers={"Authorization": f"Bearer {wrong}"},
        timeout=10,
    )
    assert (r.status_code, r.json()) == (401, {"code": "relay.control_denied"})
    r = httpx.get(f"{relay.control_url}/control/health", timeout=10)
    assert r.status_code == 401
    health = control_health(pool, relay.control_url)
    assert health["outputs"] == [] and health["control_denied"] == 2
    with pool.site.live.hub.sessions() as s:
        denied = s.query(AuditRecord).filter(AuditRecord.action == "relay.control_denied").all()
    assert [(d.outcome, d.object_id, d.reason) for d in denied] == [
        ("denied", relay.host_id, "wrong_secret")
    ]  # the second refusal from the same address within 10 s is counted, not recorded
    secret = pool.secret_file.read_text().strip()
    logged = relay.log.read_text()
    assert "refused a request from 127.0.0.1" in logged
    for text in (logged, repr([(d.detail, d.reason, d.actor) for d in denied])):
        assert wrong not in text and secret not in text
    # Nothing secret in the relay host's command line either.
    cmdline = Path(f"/proc/{relay.proc.pid}/cmdline").read_bytes().decode()
    assert secret not in cmdline and "postgresql" not in cmdline


def test_outputs_of_a_hub_that_died_are_closed_and_a_live_hubs_are_kept(
    make_pool: Callable[..., PoolSite],
) -> None:
    pool = make_pool(relays=1, relay_env={"relay_orphan_seconds": "1.5"}, relay_keep_seconds=0.3)
    [relay] = pool.relays
    site = pool.site
    camera_id = site.cams[site.fleet.cameras[3]["id"]]
    kept = grant(site.live, site.tokens["opa"], camera_id)
    # A hub opened this one and was killed: nobody keeps it.
    secret = pool.secret_file.read_text().strip()
    body = {
        "output_id": "porphan",
        "source_key": "orphan/sub",
        "source_url": str(site.fleet.cameras[3]["rtsp"]["sub"]),
        "token": "o" * 32,
    }
    r = httpx.post(
        f"{relay.control_url}/control/open",
        json=body,
        headers={"Authorization": f"Bearer {secret}"},
        timeout=10,
    )
    assert r.status_code == 200, r.text

    def outputs() -> set[str]:
        return {o["output_id"] for o in control_health(pool, relay.control_url)["outputs"]}

    assert "porphan" in outputs() and len(outputs()) == 2
    wait_until(lambda: "porphan" not in outputs(), 10, "the orphaned output to close")
    assert len(outputs()) == 1  # the live hub's grant is kept
    with TsReader(kept["url"]) as reader:
        wait_until(lambda: reader.connections, 20, "the kept grant to play")


def test_with_a_certificate_control_and_media_are_tls(
    make_pool: Callable[..., PoolSite], tmp_path: Path
) -> None:
    files = make_self_signed(["127.0.0.1"], tmp_path / "tls")
    cert, key = str(files.cert), str(files.key)
    pool = make_pool(
        relays=1,
        relay_env={"relay_tls_cert": cert, "relay_tls_key": key},
        relay_tls_cert=cert,  # the hubs check the relay hosts' TLS against it
        relay_tls_key=key,
    )
    [relay] = pool.relays
    assert relay.media_url.startswith("https://") and relay.control_url.startswith("https://")
    # The control port speaks TLS only: a plain request gets no answer from it.
    plain = relay.control_url.replace("https://", "http://")
    with pytest.raises(httpx.HTTPError):
        httpx.get(f"{plain}/control/health", timeout=5)
    site = pool.site
    camera_id = site.cams[site.fleet.cameras[0]["id"]]
    body = grant(site.live, site.tokens["opa"], camera_id)  # opened over TLS
    assert location(body["url"]).startswith(f"{relay.media_url}/media/")
    trusted = ssl.create_default_context(cafile=cert)
    with TsReader(body["url"], verify=trusted) as reader:
        wait_until(lambda: reader.connections, 20, "MPEG-TS over TLS")


def test_an_idle_pull_is_kept_warm_on_its_relay_host(make_pool: Callable[..., PoolSite]) -> None:
    pool = make_pool(relays=1, relay_keepalive_seconds=30.0)
    [relay] = pool.relays
    site = pool.site
    camera_id = site.cams[site.fleet.cameras[0]["id"]]
    body = grant(site.live, site.tokens["opa"], camera_id)
    site.relay.grants.settle()  # the keep-alive output is opened beside the first grant
    [source] = control_health(pool, relay.control_url)["sources"]
    assert len(source["outputs"]) == 2
    with site.live.client(site.tokens["opa"]) as http:
        assert http.delete(f"/api/grants/{body['grant_id']}").status_code == 204
    assert site.relay.grants.warm_sources() == [f"cam{camera_id}/sub"]
    [source] = control_health(pool, relay.control_url)["sources"]
    assert len(source["outputs"]) == 1  # the pull runs on for a console switching back


def test_a_relay_host_holds_no_hub_key_and_its_audit_records_verify(
    make_pool: Callable[..., PoolSite], db_url: str, tmp_path: Path
) -> None:
    """A relay host on a machine of its own has the control secret and the database, not
    the audit signing key nor the key sealing TOTP secrets and camera credentials; it
    makes none either (a key of its own would sign checkpoints nobody can verify)."""
    pool = make_pool(relays=0, checkpoint_every_records=1)  # every hub append signs
    machine = tmp_path / "relay-machine"
    machine.mkdir()
    relay = start_relay(db_url, machine, pool.secret_file, tmp_path / "alone.log")
    pool.relays.append(relay)
    assert list(machine.iterdir()) == []
    r = httpx.get(
        f"{relay.control_url}/control/health",
        headers={"Authorization": f"Bearer {'w' * 43}"},
        timeout=10,
    )
    assert r.status_code == 401
    hub = pool.site.live.hub
    with hub.sessions() as s:
        [denied] = s.query(AuditRecord).filter(AuditRecord.action == "relay.control_denied").all()
        unsigned = s.query(AuditCheckpoint).filter(AuditCheckpoint.seq == denied.seq).all()
    assert unsigned == []  # the relay host appended it without signing
    with hub.sessions() as s, s.begin():
        assert hub.audit.seal(s)  # the next hub signs the head
    public = load_public_key(hub.settings.key_path)
    result = verify_chain(hub.engine, public)
    assert result.ok, result.problem
    assert list(machine.iterdir()) == []
