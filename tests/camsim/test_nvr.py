# SPDX-License-Identifier: GPL-3.0-or-later
"""The simulator as an NVR or encoder (several channels at one address), serving its
ONVIF services under a non-standard path, and over HTTPS."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest

from camsim.camera import CameraSpec, SimCamera, default_streams
from camsim.onvif.server import serve_in_thread
from camsim.process import FleetProcess
from hub.catalog.health import rtsp_describe
from hub.catalog.onvif_client import onvif_client
from hub.tls import make_self_signed

T = TypeVar("T")
ROOT = "/cgi-bin/nvr/onvif"


def run(coro: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(asyncio.wait_for(coro, 60))


def _nvr_spec(port: int, tls: bool) -> CameraSpec:
    return CameraSpec(
        index=0,
        camera_id="nvr01",
        name="Đầu ghi chợ Thái",
        kind="fixed",
        host="127.0.0.1",
        onvif_port=port,
        rtsp_port=port + 1,
        username="admin",
        password="nvr-secret",
        model="SIM-NVR-4CH",
        streams=default_streams("h264", channels=3),
        onvif_root=ROOT,
        tls=tls,
    )


async def _channels(device_url: str, password: str) -> dict[str, Any]:
    """What an ONVIF client learns at ``device_url``: services, sources, profiles, URIs."""
    camera = onvif_client(device_url, "admin", password)
    try:
        await camera.update_xaddrs()
        media = await camera.create_media_service()
        sources = [s.token for s in await media.GetVideoSources()]
        profiles = await media.GetProfiles()
        by_source: dict[str, list[str]] = {}
        uris = {}
        for p in profiles:
            by_source.setdefault(p.VideoSourceConfiguration.SourceToken, []).append(p.token)
            setup = {"Stream": "RTP-Unicast", "Transport": {"Protocol": "RTSP"}}
            reply = await media.GetStreamUri({"StreamSetup": setup, "ProfileToken": p.token})
            uris[p.token] = reply.Uri
        return {
            "xaddrs": dict(camera.xaddrs),
            "sources": sources,
            "by_source": by_source,
            "uris": uris,
        }
    finally:
        await camera.close()


def test_an_nvr_serves_each_channel_as_a_video_source_under_its_own_path() -> None:
    with serve_in_thread(lambda port: SimCamera(_nvr_spec(port, tls=False))) as server:
        spec = server.camera.spec
        assert server.device_url == f"http://127.0.0.1:{server.port}{ROOT}/device_service"
        found = run(_channels(server.device_url, spec.password))
        # Every service the device announces lives under its own root.
        assert found["xaddrs"] and all(
            x.startswith(f"http://127.0.0.1:{server.port}{ROOT}/") for x in found["xaddrs"].values()
        )
        assert found["sources"] == ["vs_1", "vs_2", "vs_3"]
        assert found["by_source"] == {
            "vs_1": ["profile_main", "profile_sub"],
            "vs_2": ["profile_ch2_main", "profile_ch2_sub"],
            "vs_3": ["profile_ch3_main", "profile_ch3_sub"],
        }
        rtsp = f"rtsp://127.0.0.1:{spec.rtsp_port}"
        assert found["uris"]["profile_sub"] == f"{rtsp}/sub"
        assert found["uris"]["profile_ch3_main"] == f"{rtsp}/ch3/main"
        # The standard path is not served: a client that rebuilds it finds nothing.
        standard = f"http://127.0.0.1:{server.port}/onvif/device_service"
        assert httpx.post(standard, content=b"<x/>").status_code == 404


def test_the_device_service_answers_over_https(tmp_path: Path) -> None:
    files = make_self_signed(["127.0.0.1"], tmp_path)
    tls = (str(files.cert), str(files.key))
    with serve_in_thread(lambda port: SimCamera(_nvr_spec(port, tls=True)), tls=tls) as server:
        assert server.device_url.startswith("https://127.0.0.1:")
        found = run(_channels(server.device_url, server.camera.spec.password))
        assert all(x.startswith("https://") for x in found["xaddrs"].values())
        assert found["sources"] == ["vs_1", "vs_2", "vs_3"]
        with pytest.raises(httpx.HTTPError):  # plain HTTP on the TLS port is no answer
            httpx.post(server.device_url.replace("https", "http", 1), content=b"<x/>")


def test_a_fleet_nvr_streams_every_channel() -> None:
    fleet = FleetProcess(2, "--nvr", "cam01:3", "--onvif-root", ROOT, "--event-period", "0")
    fleet.start()
    try:
        nvr, camera = fleet.camera("cam01"), fleet.camera("cam02")
        assert nvr["onvif"]["url"].endswith(f"{ROOT}/device_service")
        assert [c["source"] for c in nvr["channels"]] == ["vs_1", "vs_2", "vs_3"]
        assert [c["source"] for c in camera["channels"]] == ["vs_1"]
        assert nvr["channels"][1]["profiles"] == ["profile_ch2_main", "profile_ch2_sub"]
        assert nvr["rtsp"]["sub"].endswith("/sub")  # channel 1 keeps a camera's paths
        for channel in nvr["channels"]:
            url = channel["rtsp"]["sub"]
            run(rtsp_describe(url, nvr["username"], nvr["password"], 20))
    finally:
        fleet.stop()
