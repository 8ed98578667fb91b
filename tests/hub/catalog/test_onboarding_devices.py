# SPDX-License-Identifier: GPL-3.0-or-later
"""Onboarding real devices: the device-service URL kept as given (path, https), an NVR's
channels as separate cameras, a probe that stores nothing, defaults of unit and
territory, and a new camera's status known within seconds."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select, update

from camsim.camera import CameraSpec, SimCamera, default_streams
from camsim.onvif.server import serve_in_thread
from camsim.process import FleetProcess
from camsim.testing import wait_until
from hub.audit.models import AuditRecord
from hub.catalog.access import device_access
from hub.catalog.contracts import CameraProbe, CameraProbeOut
from hub.catalog.models import Camera
from hub.cli import main
from hub.client import HubClient
from hub.context import open_hub
from hub.contracts import Role
from hub.db import transaction
from hub.settings import settings_from_env
from hub.testing import LiveHub, add_user, login
from hub.tls import make_self_signed
from tests.hub.catalog.common import Catalogue, make_catalogue, onboard_body, quiet

ROOT = "/cgi-bin/nvr/onvif"


@pytest.fixture(scope="module")
def nvr_fleet() -> Iterator[FleetProcess]:
    """An NVR with three channels (``cam01``, PTZ on its channels) and a fixed camera
    (``cam02``), both serving ONVIF under a non-standard path."""
    fleet = FleetProcess(
        2, "--nvr", "cam01:3", "--onvif-root", ROOT, "--fixed-every", "2", "--event-period", "0"
    )
    fleet.start()
    try:
        yield fleet
    finally:
        fleet.stop()


def _count(cat: Catalogue) -> int:
    with transaction(cat.live.hub.sessions) as s:
        return int(s.scalar(select(func.count()).select_from(Camera)) or 0)


def _audit(cat: Catalogue, action: str) -> list[AuditRecord]:
    with transaction(cat.live.hub.sessions) as s:
        stmt = select(AuditRecord).where(AuditRecord.action == action).order_by(AuditRecord.seq)
        rows = list(s.scalars(stmt))
        s.expunge_all()
        return rows


def _detail(record: AuditRecord) -> dict[str, Any]:
    raw = record.detail
    return dict(json.loads(raw) if isinstance(raw, str) else raw or {})


def _address(entry: dict[str, Any], **more: Any) -> dict[str, Any]:
    body = {
        "onvif_url": entry["onvif"]["url"],
        "username": entry["username"],
        "password": entry["password"],
    }
    body.update(more)
    return body


def test_probe_shows_what_would_be_registered_and_stores_nothing(
    catalogue: Catalogue, nvr_fleet: FleetProcess
) -> None:
    cat, nvr = catalogue, nvr_fleet.camera("cam01")
    assert nvr["onvif"]["url"].endswith(f"{ROOT}/device_service")  # not /onvif/…
    with cat.http("admin_a") as http:
        r = http.post("/api/cameras/probe", json=_address(nvr))
        assert r.status_code == 200, r.text
        out = r.json()
        assert (out["manufacturer"], out["model"]) == (nvr["manufacturer"], nvr["model"])
        assert out["firmware"] and out["serial_number"] == nvr["serial"]
        assert out["media_service"] == "media2" and out["onvif_profiles"] == ["S", "G", "T"]
        assert out["channel"] == "vs_1"
        assert [c["token"] for c in out["channels"]] == ["vs_1", "vs_2", "vs_3"]
        second = out["channels"][1]
        assert [(p["token"], p["codec"], p["width"], p["height"]) for p in second["profiles"]] == [
            ("profile_ch2_main", "H264", 1280, 720),
            ("profile_ch2_sub", "H264", 640, 360),
        ]
        assert all(c["has_ptz"] and not c["registered"] for c in out["channels"])
        assert out["streams"] == ["main", "sub"]
        assert out["codecs"] == {"main": "H264", "sub": "H264"}
        assert out["has_ptz"] and out["has_recording"] and out["has_events"]
        # Defaults: the administrator's own unit (district A) and its territory.
        p = cat.province
        assert out["managing_unit_id"] == out["operating_unit_id"] == p.units["districtA"]
        assert out["territory_id"] == p.territories["A"]
        assert out["refusal"] is None

        # A channel by its video source or by one of its profiles.
        r = http.post("/api/cameras/probe", json=_address(nvr, channel="profile_ch3_sub"))
        assert (r.status_code, r.json()["channel"]) == (200, "vs_3")
        r = http.post("/api/cameras/probe", json=_address(nvr, channel="vs_9"))
        assert r.status_code == 422 and r.json()["code"] == "camera.unknown_channel"
        assert r.json()["detail"]["channels"] == ["vs_1", "vs_2", "vs_3"]

        # Wrong credentials: refused, audited as a failed probe.
        r = http.post("/api/cameras/probe", json=_address(nvr, password="wrong"))
        assert (r.status_code, r.json()["code"]) == (422, "camera.auth_failed")
        # Credentials in the URL stand for the fields; conflicting ones are refused.
        url = nvr["onvif"]["url"].replace("://", "://admin:other@", 1)
        r = http.post(
            "/api/cameras/probe",
            json={"onvif_url": url, "username": "admin", "password": nvr["password"]},
        )
        assert (r.status_code, r.json()["code"]) == (422, "camera.conflicting_credentials")
        r = http.post("/api/cameras/probe", json=_address(nvr, onvif_url="ftp://x/y"))
        assert r.status_code == 422

    with cat.http("op_a") as http:  # no camera.manage
        r = http.post("/api/cameras/probe", json=_address(nvr))
        assert (r.status_code, r.json()["code"]) == (403, "forbidden")

    assert _count(cat) == 0
    records = _audit(cat, "camera.probe")
    assert [(r.outcome, r.reason) for r in records] == [
        ("success", None),
        ("success", None),
        ("failed", "camera.unknown_channel"),
        ("failed", "camera.auth_failed"),
        ("denied", "camera.conflicting_credentials"),
    ]
    detail = _detail(records[0])
    assert detail["model"] == nvr["model"] and detail["channels"] == 3
    text = json.dumps([r.detail for r in records])
    assert nvr["password"] not in text and "127.0.0.1" not in text


def test_nvr_channels_are_separate_cameras(catalogue: Catalogue, nvr_fleet: FleetProcess) -> None:
    cat, nvr = catalogue, nvr_fleet.camera("cam01")
    with cat.http("admin_a") as http:

        def onboard(code: str, **changes: Any) -> httpx.Response:
            return http.post(
                "/api/cameras/onboard", json=onboard_body(cat, nvr, code=code, **changes)
            )

        first = onboard("NVR-1")
        assert first.status_code == 201, first.text
        assert first.json()["channel"] == "vs_1"
        second = onboard("NVR-2", channel="vs_2")
        assert second.status_code == 201, second.text
        assert second.json()["channel"] == "vs_2" and second.json()["has_ptz"]
        third = onboard("NVR-3", channel="profile_ch3_main")  # by a profile of channel 3
        assert (third.status_code, third.json()["channel"]) == (201, "vs_3")

        # The same channel again, however it is named, is a duplicate.
        again = onboard("NVR-X", channel="vs_2")
        assert (again.status_code, again.json()["detail"]) == (409, {"field": "channel"})
        again = onboard("NVR-X", channel="profile_ch2_sub")  # found only by probing
        assert (again.status_code, again.json()["detail"]) == (409, {"field": "channel"})
        again = onboard("NVR-X")
        assert (again.status_code, again.json()["detail"]) == (409, {"field": "onvif_url"})

        out = http.post("/api/cameras/probe", json=_address(nvr)).json()
        assert [c["registered"] for c in out["channels"]] == [True, True, True]
        assert out["refusal"] == "camera.duplicate"

    # Each channel's own streams and profiles (its PTZ commands use them).
    with transaction(cat.live.hub.sessions) as s:
        rows = {c.code: device_access(c) for c in s.scalars(select(Camera))}
    assert rows["NVR-1"].rtsp_sub_url == nvr["channels"][0]["rtsp"]["sub"]
    assert rows["NVR-2"].rtsp_main_url == nvr["channels"][1]["rtsp"]["main"]
    assert (rows["NVR-2"].rtsp_main_url or "").endswith("/ch2/main")
    assert (rows["NVR-3"].main_profile_token, rows["NVR-3"].sub_profile_token) == (
        "profile_ch3_main",
        "profile_ch3_sub",
    )
    assert {a.onvif_url for a in rows.values()} == {nvr["onvif"]["url"]}

    # A camera onboarded before channels existed (none stored) is the device's first.
    with transaction(cat.live.hub.sessions) as s:
        s.execute(update(Camera).where(Camera.code == "NVR-1").values(channel_token=""))
    with cat.http("admin_a") as http:
        again = http.post(
            "/api/cameras/onboard", json=onboard_body(cat, nvr, code="NVR-Y", channel="vs_1")
        )
        assert (again.status_code, again.json()["detail"]) == (409, {"field": "channel"})
        legacy = http.get("/api/cameras").json()
        assert [c["channel"] for c in legacy] == ["", "vs_2", "vs_3"]
    assert _count(cat) == 3


def test_unit_and_territory_default_to_the_administrators(
    catalogue: Catalogue, nvr_fleet: FleetProcess
) -> None:
    cat, camera = catalogue, nvr_fleet.camera("cam02")
    body = onboard_body(cat, camera)
    for key in ("managing_unit_id", "operating_unit_id", "territory_id"):
        del body[key]
    with cat.http("admin_b") as http:
        r = http.post("/api/cameras/onboard", json=body)
        assert r.status_code == 201, r.text
    p, out = cat.province, r.json()
    assert out["managing_unit_id"] == out["operating_unit_id"] == p.units["districtB"]
    assert out["territory_id"] == p.territories["B"]
    # A stated unit is kept; only what is left out defaults.
    detail = _detail(_audit(cat, "camera.onboard")[-1])
    assert detail["territory_id"] == p.territories["B"]


def test_every_onvif_call_uses_the_given_url(
    start_hub: Callable[..., LiveHub], nvr_fleet: FleetProcess
) -> None:
    """Probe, health (device time), PTZ and recordings all reach a device that serves
    nothing at the standard ``/onvif/device_service``."""
    cat = make_catalogue(start_hub(**quiet()))
    add_user(cat.live.hub, cat.province, "ptz_a1", "communeA1", [Role.OPERATOR, Role.PTZ_OPERATOR])
    cat.tokens["ptz_a1"] = login(cat.live, cat.province, "ptz_a1")
    nvr = nvr_fleet.camera("cam01")
    standard = f"http://{nvr['onvif']['host']}:{nvr['onvif']['port']}/onvif/device_service"
    assert httpx.post(standard, content=b"<x/>").status_code == 404
    with cat.http("admin_a") as http:
        r = http.post(
            "/api/cameras/onboard", json=onboard_body(cat, nvr, code="NVR-2", channel="vs_2")
        )
        assert r.status_code == 201, r.text
        cam = r.json()["id"]
        checked = http.post(f"/api/cameras/{cam}/check")
        assert checked.status_code == 200, checked.text
        assert checked.json()["status"] == "online", checked.json()["status_detail"]
        assert checked.json()["clock_offset_seconds"] is not None
        refreshed = http.post(f"/api/cameras/{cam}/refresh")
        assert refreshed.status_code == 200, refreshed.text
        assert refreshed.json()["channel"] == "vs_2"
    with cat.http("ptz_a1") as http:
        moved = http.post(f"/api/cameras/{cam}/ptz/move", json={"pan": 0.2, "tilt": 0, "zoom": 0})
        assert moved.status_code == 200, moved.text
        assert http.post(f"/api/cameras/{cam}/ptz/stop").status_code == 200
        end = datetime.now(UTC)
        found = http.get(
            f"/api/cameras/{cam}/recordings",
            params={
                "start": (end - timedelta(hours=2)).isoformat(),
                "end": end.isoformat(),
            },
        )
        assert found.status_code == 200, found.text
        assert found.json()["ranges"]


def _tls_spec(port: int) -> CameraSpec:
    return CameraSpec(
        index=0,
        camera_id="tls01",
        name="Camera HTTPS",
        kind="dome",
        host="127.0.0.1",
        onvif_port=port,
        rtsp_port=port + 1,
        username="admin",
        password="tls-secret",
        model="SIM-DOME-TLS",
        streams=default_streams("h264", channels=2),
        onvif_root="/onvif/secure",
        tls=True,
    )


def test_an_https_device_url_is_probed_and_kept(catalogue: Catalogue, tmp_path: Path) -> None:
    cat = catalogue
    files = make_self_signed(["127.0.0.1"], tmp_path)
    tls = (str(files.cert), str(files.key))
    with serve_in_thread(lambda port: SimCamera(_tls_spec(port)), tls=tls) as server:
        url = server.device_url
        assert url.startswith("https://") and "/onvif/secure/" in url
        address = {"onvif_url": url, "username": "admin", "password": "tls-secret"}
        with cat.http("admin_a") as http:
            r = http.post("/api/cameras/probe", json={**address, "channel": "vs_2"})
            assert r.status_code == 200, r.text
            assert r.json()["model"] == "SIM-DOME-TLS" and r.json()["channel"] == "vs_2"
            body = {**onboard_body(cat, {"id": "tls", **_entry(url)}), "channel": "vs_2"}
            r = http.post("/api/cameras/onboard", json=body)
            assert r.status_code == 201, r.text
            cam = r.json()["id"]
            # The ONVIF half of the health check (device time) over HTTPS; no RTSP here.
            checked = http.post(f"/api/cameras/{cam}/check").json()
            assert checked["status"] == "degraded", checked["status_detail"]
            assert "onvif" not in (checked["status_detail"] or "")
    with transaction(cat.live.hub.sessions) as s:
        row = s.scalars(select(Camera).where(Camera.id == cam)).one()
        assert row.onvif_url == url and row.channel_token == "vs_2"


def _entry(url: str) -> dict[str, Any]:
    return {"onvif": {"url": url}, "username": "admin", "password": "tls-secret"}


def test_a_new_cameras_status_is_known_within_seconds(
    start_hub: Callable[..., LiveHub], nvr_fleet: FleetProcess
) -> None:
    """The health round runs every hour here: only the targeted check can tell."""
    live = start_hub(**quiet(health_enabled=True, health_interval_seconds=3600))
    cat = make_catalogue(live)
    checker = live.hub.services["camera_health"]
    wait_until(lambda: checker.rounds >= 1, 10, "the first (empty) health round")
    nvr = nvr_fleet.camera("cam01")
    with cat.http("admin_a") as http:
        began = time.monotonic()
        r = http.post(
            "/api/cameras/onboard", json=onboard_body(cat, nvr, code="NVR-3", channel="vs_3")
        )
        assert r.status_code == 201, r.text
        cam = r.json()["id"]

        def status() -> str:
            return str(http.get(f"/api/cameras/{cam}").json()["status"])

        wait_until(lambda: status() == "online", 10, "the new camera online")
        elapsed = time.monotonic() - began
        assert elapsed < 10
        # New credentials are checked at once too: the RTSP half refuses them.
        r = http.patch(f"/api/cameras/{cam}", json={"password": "wrong"})
        assert r.status_code == 200, r.text
        wait_until(lambda: status() == "degraded", 10, "wrong credentials seen")
    assert checker.rounds == 1  # no round ran: the checks were targeted
    wait_until(lambda: checker.targeted == 2, 5, "both targeted checks counted")
    records = _audit(cat, "camera.status")
    assert [(_detail(r)["from"], _detail(r)["to"]) for r in records] == [
        ("unknown", "online"),
        ("online", "degraded"),
    ]
    print(f"onboarding to online: {elapsed:.2f} s")


def test_client_probe(catalogue: Catalogue, nvr_fleet: FleetProcess) -> None:
    cat, nvr = catalogue, nvr_fleet.camera("cam01")

    async def flow() -> CameraProbeOut:
        async with HubClient(cat.live.url) as admin:
            admin.token = cat.tokens["admin_a"]
            req = CameraProbe(**_address(nvr, channel="vs_2"))
            return await admin.probe_camera(req)

    out = asyncio.run(flow())
    assert out.channel == "vs_2" and len(out.channels) == 3 and out.has_ptz
    assert out.territory_id == cat.province.territories["A"]


def test_cli_probe_reads_the_password_from_the_environment(
    db_url: str,
    tmp_path: Path,
    nvr_fleet: FleetProcess,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    nvr = nvr_fleet.camera("cam01")
    monkeypatch.setenv("VWALL_HUB_ARGON2_MEMORY_COST", "256")
    monkeypatch.setenv("VWALL_HUB_ARGON2_TIME_COST", "1")
    monkeypatch.setenv("VWALL_HUB_ARGON2_PARALLELISM", "1")
    db = ["--db", db_url, "--data-dir", str(tmp_path / "data")]
    init = ["init", "--province", "Thái Nguyên", "--leader", "L", "--it-focal-point", "IT"]
    assert main([*init, *db]) == 0
    capsys.readouterr()
    monkeypatch.setenv("CAM_PASSWORD", nvr["password"])
    probe = ["cameras", "probe", nvr["onvif"]["url"], "--username", nvr["username"]]
    assert main([*probe, "--password-env", "CAM_PASSWORD", "--json", *db]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["model"] == nvr["model"] and out["channel"] == "vs_1"
    assert [c["token"] for c in out["channels"]] == ["vs_1", "vs_2", "vs_3"]
    assert main([*probe, "--password-env", "CAM_PASSWORD", "--channel", "vs_3", *db]) == 0
    text = capsys.readouterr().out
    assert "* channel vs_3" in text and "profile_ch3_main" in text
    # Credentials in the URL (a process argument) are refused; so is a wrong password.
    with_secret = nvr["onvif"]["url"].replace("://", f"://admin:{nvr['password']}@", 1)
    assert main(["cameras", "probe", with_secret, "--username", "admin", *db]) == 2
    monkeypatch.setenv("CAM_PASSWORD", "wrong")
    assert main([*probe, "--password-env", "CAM_PASSWORD", *db]) == 1
    assert "camera.auth_failed" in capsys.readouterr().err
    settings = settings_from_env().with_overrides(db_url=db_url, data_dir=tmp_path / "data")
    hub = open_hub(settings)
    try:
        with transaction(hub.sessions) as s:
            stmt = select(AuditRecord.outcome).where(AuditRecord.action == "camera.probe")
            assert list(s.scalars(stmt.order_by(AuditRecord.seq))) == [
                "success",
                "success",
                "failed",
            ]
    finally:
        hub.close()


def test_a_media1_nvr_names_its_channels_too(catalogue: Catalogue) -> None:
    """An older (Media 1 only) encoder: the channels come from each profile's video
    source configuration there."""
    cat = catalogue

    def spec(port: int) -> CameraSpec:
        return CameraSpec(
            index=0,
            camera_id="enc01",
            name="Bộ mã hoá",
            kind="fixed",
            host="127.0.0.1",
            onvif_port=port,
            rtsp_port=port + 1,
            username="admin",
            password="enc-secret",
            model="SIM-ENC-2CH",
            streams=default_streams("h264", channels=2),
            media2=False,
        )

    with serve_in_thread(lambda port: SimCamera(spec(port))) as server:
        address = {"onvif_url": server.device_url, "username": "admin", "password": "enc-secret"}
        with cat.http("admin_a") as http:
            r = http.post("/api/cameras/probe", json={**address, "channel": "profile_ch2_sub"})
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["media_service"] == "media" and out["channel"] == "vs_2"
    assert [c["token"] for c in out["channels"]] == ["vs_1", "vs_2"]
    assert not out["has_ptz"] and out["streams"] == ["main", "sub"]
