# SPDX-License-Identifier: GPL-3.0-or-later
"""Live stream grants end to end: real hub over HTTP, real relay worker, simulated cameras,
frames decoded by ffmpeg from the grant's SRT URL (with the burned-in time code read)."""

from __future__ import annotations

import logging
import os
import signal
import time
from typing import Any

import httpx
import numpy as np
import pytest

from camsim import timecode
from camsim.probe import FrameReader, ProbeError, grab_frames
from hub.audit.models import AuditRecord
from hub.testing import wait_until
from tests.hub.streams.grant_site import Site
from tests.hub.test_events import listen

LIVE_SKEW = 2.0  # seconds a live frame may lag (or lead) the wall clock


def is_live(frame: np.ndarray[Any, Any]) -> bool:
    shown = timecode.read(frame)
    return shown is not None and abs(shown.timestamp() - time.time()) <= LIVE_SKEW


def ask(site: Site, user: str, camera_id: int, stream: str = "sub") -> httpx.Response:
    with site.live.client(site.tokens[user]) as http:
        return http.post(f"/api/cameras/{camera_id}/grants", json={"stream": stream})


def grant(site: Site, camera_id: int, user: str = "opa", stream: str = "sub") -> dict[str, Any]:
    r = ask(site, user, camera_id, stream)
    assert r.status_code == 201, r.text
    body: dict[str, Any] = r.json()
    return body


def call(site: Site, user: str, method: str, path: str) -> httpx.Response:
    with site.live.client(site.tokens[user]) as http:
        return http.request(method, path)


def audit(site: Site) -> list[AuditRecord]:
    with site.live.hub.sessions() as s:
        return list(s.query(AuditRecord).order_by(AuditRecord.seq))


def open_outputs(site: Site) -> list[str]:
    assert site.relay.media is not None
    return [o.output_id for o in site.relay.media.outputs()]


def test_a_grant_plays_live_and_one_pull_serves_every_grant(
    site: Site, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    cam = site.fleet.cameras[0]
    camera_id = site.cams[cam["id"]]
    first = grant(site, camera_id)
    assert first["camera_id"] == camera_id and first["stream"] == "sub"
    assert first["url"].startswith("http://127.0.0.1:") and "token=" in first["url"]
    second = grant(site, camera_id)  # another tile or console: its own output and token
    assert second["url"] != first["url"]

    with FrameReader(first["url"], stall_timeout=15) as one, FrameReader(second["url"]) as two:
        one.wait_frame(is_live, timeout=20)
        two.wait_frame(is_live, timeout=20)
        assert site.fleet.stream_stats(cam["id"])["rtsp_clients"] == 1
        health = site.relay.media.health() if site.relay.media else {}
        [source] = health["sources"]
        assert source["source_key"] == f"cam{camera_id}/sub" and len(source["outputs"]) == 2

    records = audit(site)
    views = [r for r in records if r.action == "access.image.live"]
    grants = [r for r in records if r.action == "stream.grant"]
    assert len(views) == 2 and len(grants) == 2
    assert {r.object_id for r in views + grants} == {str(camera_id)}
    assert first["grant_id"] in (grants[0].detail or "")
    secrets = [cam["password"], first["url"], second["url"]]
    secrets += [u.split("token=")[1].split("&")[0] for u in (first["url"], second["url"])]
    texts = [
        caplog.text,
        *(f"{r.detail} {r.reason} {r.object_id}" for r in records),
        repr(site.relay.media.health() if site.relay.media else ""),
    ]
    for text in texts:
        for secret in secrets:
            assert secret not in text


def test_a_wrong_token_gets_nothing(site: Site) -> None:
    body = grant(site, site.cams[site.fleet.cameras[1]["id"]])
    forged = body["url"].replace("token=", "token=x")
    with pytest.raises((ProbeError, TimeoutError)):
        grab_frames(forged, timeout=6)


def test_out_of_scope_or_without_the_right_is_refused_and_audited(site: Site) -> None:
    r = ask(site, "opa", site.foreign[site.fleet.cameras[0]["id"]])
    assert (r.status_code, r.json()["code"]) == (403, "scope.out_of_scope")
    r = ask(site, "auditor", site.cams[site.fleet.cameras[0]["id"]])
    assert (r.status_code, r.json()["code"]) == (403, "forbidden")
    r = ask(site, "opa", 999_999)
    assert r.status_code == 404
    r = ask(site, "opa", site.cams[site.fleet.cameras[0]["id"]], stream="third")
    assert r.status_code == 422

    denials = [(r.actor, r.action, r.outcome) for r in audit(site) if r.outcome == "denied"]
    assert ("opa", "scope.denied", "denied") in denials
    assert ("auditor", "authz.denied", "denied") in denials
    assert not [r for r in audit(site) if r.action in ("stream.grant", "access.image.live")]
    assert open_outputs(site) == [] and site.relay.grants.grants() == []


def test_expiry_closes_the_output_and_renewal_keeps_it(site: Site) -> None:
    camera_id = site.cams[site.fleet.cameras[2]["id"]]
    kept, lapsing = grant(site, camera_id), grant(site, camera_id)
    with FrameReader(lapsing["url"], stall_timeout=6) as reader:
        reader.wait_frame(is_live, timeout=20)
        site.live.clock.advance(seconds=100)
        r = call(site, "opa", "POST", f"/api/grants/{kept['grant_id']}/renew")
        assert r.status_code == 200, r.text
        assert r.json()["url"] == kept["url"] and r.json()["expires_at"] > kept["expires_at"]
        site.live.clock.advance(seconds=21)
        assert reader.wait_ended(timeout=15), "the expired grant kept streaming"
    assert len(open_outputs(site)) == 1
    r = call(site, "opa", "POST", f"/api/grants/{lapsing['grant_id']}/renew")
    assert (r.status_code, r.json()["code"]) == (404, "grant.not_found")
    wait_until(lambda: any(r.action == "stream.end" for r in audit(site)), 10, "stream.end")
    ends = [r for r in audit(site) if r.action == "stream.end"]
    assert [(r.object_id, r.reason) for r in ends] == [(lapsing["grant_id"], "expired")]
    with FrameReader(kept["url"], stall_timeout=15) as reader:
        reader.wait_frame(is_live, timeout=20)


def test_release_closes_at_once_and_strangers_get_not_found(site: Site) -> None:
    from hub.contracts import Role
    from hub.testing import add_user

    add_user(site.live.hub, site.province, "opb", "districtA", [Role.OPERATOR])
    site.login("opb")
    camera_id = site.cams[site.fleet.cameras[3]["id"]]
    body = grant(site, camera_id)
    gid = body["grant_id"]
    for user, method, path in [
        ("opb", "POST", f"/api/grants/{gid}/renew"),  # someone else's grant
        ("opb", "DELETE", f"/api/grants/{gid}"),
        ("opa", "POST", "/api/grants/forged-grant-id/renew"),
        ("opa", "DELETE", "/api/grants/forged-grant-id"),
        ("opa", "DELETE", f"/api/grants/{'x' * 65}"),
    ]:
        r = call(site, user, method, path)
        assert r.status_code in (404, 422), (user, method, path, r.status_code)
        if r.status_code == 404:
            assert r.json()["code"] == "grant.not_found"
    assert len(open_outputs(site)) == 1

    with FrameReader(body["url"], stall_timeout=6) as reader:
        reader.wait_frame(is_live, timeout=20)
        assert call(site, "opa", "DELETE", f"/api/grants/{gid}").status_code == 204
        assert open_outputs(site) == []  # closed before the answer
        assert reader.wait_ended(timeout=10)
    assert call(site, "opa", "DELETE", f"/api/grants/{gid}").status_code == 404
    [release] = [r for r in audit(site) if r.action == "stream.release"]
    assert (release.actor, release.object_id) == ("opa", str(camera_id))
    wait_until(
        lambda: site.fleet.stream_stats(site.fleet.cameras[3]["id"])["rtsp_clients"] == 0,
        15,
        "the pull to end",
    )


def test_logout_ends_the_session_s_grants_and_tells_the_user(site: Site) -> None:
    other_console = site.login("opa")  # two consoles of one user: two sessions
    first_console = site.login("opa")  # site.tokens["opa"] is this one from now on
    camera_id = site.cams[site.fleet.cameras[0]["id"]]
    with site.live.client(first_console) as http:
        r = http.post(f"/api/cameras/{camera_id}/grants", json={"stream": "sub"})
        assert r.status_code == 201
        gid = r.json()["grant_id"]
    kept = grant(site, camera_id)  # first_console's too
    with site.live.client(other_console) as http:
        r = http.post(f"/api/cameras/{camera_id}/grants", json={"stream": "main"})
        survivor = r.json()["grant_id"]
    with listen(site.live, other_console, topics="stream") as events:
        with site.live.client(first_console) as http:
            assert http.post("/api/auth/logout").status_code in (200, 204)
        seen: set[str] = set()
        deadline = time.monotonic() + 10
        while seen != {gid, kept["grant_id"]} and time.monotonic() < deadline:
            topic, data, _ = events.get(timeout=10)
            if topic == "stream.revoked":
                assert data["reason"] == "session_ended"
                seen.add(data["grant_id"])
        assert seen == {gid, kept["grant_id"]}
    assert [g.grant_id for g in site.relay.grants.grants()] == [survivor]
    assert len(open_outputs(site)) == 1


def test_grants_survive_a_relay_worker_death(site: Site) -> None:
    camera_id = site.cams[site.fleet.cameras[1]["id"]]
    body = grant(site, camera_id)
    media = site.relay.media
    assert media is not None
    with FrameReader(body["url"], stall_timeout=15) as reader:
        reader.wait_frame(is_live, timeout=20)
    old = media.worker_pid
    assert old is not None
    os.kill(old, signal.SIGKILL)
    wait_until(lambda: media.worker_pid not in (None, old), 20, "a new relay worker")
    with FrameReader(body["url"], stall_timeout=15) as reader:  # same URL, same token
        reader.wait_frame(is_live, timeout=25)
    r = call(site, "opa", "POST", f"/api/grants/{body['grant_id']}/renew")
    assert r.status_code == 200


def test_a_released_pull_stays_warm_for_the_next_viewer(make_site: Any) -> None:
    site: Site = make_site(relay_keepalive_seconds=30.0)
    cam = site.fleet.cameras[2]
    camera_id = site.cams[cam["id"]]
    body = grant(site, camera_id)
    with FrameReader(body["url"], stall_timeout=15) as reader:
        reader.wait_frame(is_live, timeout=20)
    site.relay.grants.settle()  # the keep-alive output opens beside the first grant
    assert call(site, "opa", "DELETE", f"/api/grants/{body['grant_id']}").status_code == 204
    assert site.relay.grants.warm_sources() == [f"cam{camera_id}/sub"]
    assert site.fleet.stream_stats(cam["id"])["rtsp_clients"] == 1  # still pulled
    again = grant(site, camera_id)
    assert site.relay.grants.warm_sources() == []
    with FrameReader(again["url"], stall_timeout=15) as reader:
        reader.wait_frame(is_live, timeout=10)
    assert site.fleet.stream_stats(cam["id"])["rtsp_clients"] == 1


def test_without_the_relay_grants_are_unavailable(make_site: Any) -> None:
    site: Site = make_site(media_relay=False)
    r = ask(site, "opa", site.cams[site.fleet.cameras[0]["id"]])
    assert (r.status_code, r.json()["code"]) == (503, "media.relay_unavailable")
    assert not [r for r in audit(site) if r.action == "access.image.live"]  # rolled back
    r = call(site, "opa", "POST", "/api/grants/anything/renew")
    assert r.status_code == 404


def test_the_console_client_grants_renews_and_releases(site: Site) -> None:
    import asyncio

    from hub.catalog.contracts import StreamKind
    from hub.client import HubApiError, HubClient

    camera_id = site.cams[site.fleet.cameras[0]["id"]]

    async def run() -> None:
        async with HubClient(site.live.url) as client:
            client.token = site.tokens["opa"]
            got = await client.grant_stream(camera_id, StreamKind.MAIN)
            assert got.stream is StreamKind.MAIN and got.url.startswith("http://")
            assert got.url.split("token=")[1] not in repr(got)
            renewed = await client.renew_grant(got.grant_id)
            assert renewed.url == got.url
            await client.release_grant(got.grant_id)
            try:
                await client.renew_grant(got.grant_id)
            except HubApiError as exc:
                assert (exc.status, exc.code) == (404, "grant.not_found")
            else:
                raise AssertionError("a released grant was renewed")
            try:
                await client.grant_stream(site.foreign[site.fleet.cameras[0]["id"]], StreamKind.SUB)
            except HubApiError as exc:
                assert (exc.status, exc.code) == (403, "scope.out_of_scope")
            else:
                raise AssertionError("an out-of-scope camera was granted")

    asyncio.run(run())
    assert site.relay.grants.grants() == []


def test_a_disabled_account_or_a_withdrawn_right_ends_the_grants(site: Site) -> None:
    from hub.contracts import Role
    from hub.org.models import User, UserRole
    from hub.testing import add_user

    camera_id = site.cams[site.fleet.cameras[1]["id"]]
    add_user(site.live.hub, site.province, "opc", "districtA", [Role.OPERATOR])
    site.login("opc")
    held = grant(site, camera_id, user="opc")
    kept = grant(site, camera_id)
    with site.live.hub.sessions() as s, s.begin():
        user = s.get(User, site.province.user_ids["opc"])
        assert user is not None
        user.disabled = True
    wait_until(lambda: site.relay.grants.get(held["grant_id"]) is None, 10, "the grant to end")
    assert site.relay.grants.get(kept["grant_id"]) is not None

    with site.live.hub.sessions() as s, s.begin():  # opa is no longer an operator
        s.query(UserRole).filter_by(user_id=site.province.user_ids["opa"]).delete()
        s.add(UserRole(user_id=site.province.user_ids["opa"], role=Role.AUDITOR.value))
    r = call(site, "opa", "POST", f"/api/grants/{kept['grant_id']}/renew")
    assert (r.status_code, r.json()["code"]) == (403, "forbidden")
    assert site.relay.grants.grants() == [] and open_outputs(site) == []
    wait_until(
        lambda: (
            {r.reason for r in audit(site) if r.action == "stream.end"}
            == {"session_ended", "access_withdrawn"}
        ),
        10,
        "both ends audited",
    )


def test_a_central_operator_states_a_reason_for_a_dedicated_system(site: Site) -> None:
    from hub.catalog.models import Camera
    from hub.contracts import Role
    from hub.testing import add_user

    camera_id = site.cams[site.fleet.cameras[2]["id"]]
    with site.live.hub.sessions() as s, s.begin():
        camera = s.get(Camera, camera_id)
        assert camera is not None
        camera.dedicated = True  # e.g. a police system (TN 6.2)
    add_user(site.live.hub, site.province, "iocop", "ioc", [Role.OPERATOR])
    site.login("iocop")
    r = ask(site, "iocop", camera_id)
    assert (r.status_code, r.json()["code"]) == (403, "scope.reason_required")
    with site.live.client(site.tokens["iocop"]) as http:
        r = http.post(
            f"/api/cameras/{camera_id}/grants",
            json={
                "stream": "sub",
                "reason": "competent_authority_written_request",
                "reason_note": "CV 12/CA-PV01",
            },
        )
    assert r.status_code == 201, r.text
    [record] = [r for r in audit(site) if r.action == "stream.grant"]
    assert record.reason == "competent_authority_written_request"
    assert grant(site, camera_id)["camera_id"] == camera_id  # the district: its own scope
