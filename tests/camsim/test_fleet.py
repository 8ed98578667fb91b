# SPDX-License-Identifier: GPL-3.0-or-later
"""The fleet as a user of the simulator meets it: a separate process on loopback."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import requests
from onvif import ONVIFCamera

from camsim import timecode
from camsim.probe import FrameReader, ProbeError, grab_frames, probe_stream
from camsim.process import FleetProcess


def _children(pid: int) -> list[int]:
    out = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True, check=False
    )
    return [int(p) for p in out.stdout.split()]


def _port_open(host: str, port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex((host, port)) == 0


def test_inventory_describes_every_camera(camsim_fleet: FleetProcess) -> None:
    inv = requests.get(f"{camsim_fleet.control_url}/cameras", timeout=10).json()
    assert inv["cameras"] == camsim_fleet.cameras
    kinds = [c["kind"] for c in inv["cameras"]]
    assert kinds == ["dome", "dome", "dome", "fixed"]
    for cam in inv["cameras"]:
        assert cam["onvif"]["url"].startswith("http://127.0.0.1:")
        assert cam["rtsp"]["main"].startswith("rtsp://127.0.0.1:")
        assert cam["ptz"] == (cam["kind"] == "dome")
        assert {s["name"]: (s["width"], s["height"], s["fps"]) for s in cam["streams"]} == {
            "main": (1280, 720, 25),
            "sub": (640, 360, 15),
        }


def test_onvif_stream_uri_plays_with_the_device_credentials(camsim_fleet: FleetProcess) -> None:
    cam = camsim_fleet.first("fixed")

    async def stream_uris() -> dict[str, str]:
        client = ONVIFCamera("127.0.0.1", cam["onvif"]["port"], cam["username"], cam["password"])
        try:
            await client.update_xaddrs()
            media = await client.create_media_service()
            uris = {}
            for profile in await media.GetProfiles():
                req = {
                    "StreamSetup": {"Stream": "RTP-Unicast", "Transport": {"Protocol": "RTSP"}},
                    "ProfileToken": profile.token,
                }
                uris[profile.token] = (await media.GetStreamUri(req)).Uri
            return uris
        finally:
            await client.close()

    uris = asyncio.run(stream_uris())
    assert len(uris) == 2
    for uri in uris.values():
        authed = uri.replace("rtsp://", f"rtsp://{cam['username']}:{cam['password']}@", 1)
        info = probe_stream(authed)
        assert info["codec_name"] == "h264"
        assert (info["width"], info["height"]) in {(1280, 720), (640, 360)}


def test_ptz_move_over_onvif_changes_the_decoded_picture(camsim_fleet: FleetProcess) -> None:
    cam = camsim_fleet.first("dome")
    url = camsim_fleet.rtsp_url(cam["id"], "sub")
    before = grab_frames(url, 1)[0]

    async def move() -> None:
        client = ONVIFCamera("127.0.0.1", cam["onvif"]["port"], cam["username"], cam["password"])
        try:
            await client.update_xaddrs()
            ptz = await client.create_ptz_service()
            await ptz.AbsoluteMove(
                {
                    "ProfileToken": "profile_main",
                    "Position": {"PanTilt": {"x": 0.6, "y": 0.4}, "Zoom": {"x": 0.5}},
                }
            )
        finally:
            await client.close()

    asyncio.run(move())
    deadline = time.monotonic() + 20
    while camsim_fleet.ptz(cam["id"])["moving"]:
        assert time.monotonic() < deadline, "the dome never arrived"
    after = grab_frames(url, 1)[0]
    h = before.shape[0]
    body = slice(h // 8, h - h // 8)  # away from the OSD and the time bar
    diff = np.abs(before[body].astype(np.int16) - after[body].astype(np.int16)).mean()
    assert diff > 15, f"picture barely changed ({diff:.1f})"
    position = camsim_fleet.ptz(cam["id"])
    assert position["pan"] == pytest.approx(0.6) and position["zoom"] == pytest.approx(0.5)


def test_replay_two_hours_ago_shows_that_time(camsim_fleet: FleetProcess) -> None:
    cam = camsim_fleet.first("dome")
    wanted = time.time() - 2 * 3600
    stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(wanted))
    url = camsim_fleet.rtsp_url(cam["id"], "replay", query=f"start={stamp}")
    frame = grab_frames(url, 1)[0]
    shown = timecode.read(frame)
    assert shown is not None
    assert abs(shown.timestamp() - int(wanted)) <= 1.0


def test_a_range_of_the_recording_is_stored_on_demand(camsim_fleet: FleetProcess) -> None:
    cam = camsim_fleet.first("fixed")
    start = float(int(time.time() - 3 * 3600) // 4 * 4) + 1.0  # inside a 4 s segment
    # [start, start + 8) spans the segments starting at start - 1, + 3 and + 7.
    assert camsim_fleet.store_recording(cam["id"], start, start + 8.0) == 3
    assert camsim_fleet.store_recording(cam["id"], start, start + 8.0, stream="sub") == 3
    stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(start + 1.0))
    frame = grab_frames(camsim_fleet.rtsp_url(cam["id"], "replay", query=f"start={stamp}"), 1)
    shown = timecode.read(frame[0])
    assert shown is not None and abs(shown.timestamp() - (start + 1.0)) <= 1.0
    base = f"{camsim_fleet.control_url}/cameras"
    cases = {
        "nope": ({"start": start, "end": start + 4}, 404),
        cam["id"]: ({"start": start}, 400),
    }
    for camera_id, (body, status) in cases.items():
        r = requests.post(f"{base}/{camera_id}/recordings", json=body, timeout=10)
        assert r.status_code == status, r.text
    for body in (
        {"start": "yesterday", "end": start},
        {"start": start, "end": start + 4, "stream": "ch9_main"},
        {"start": time.time() + 60, "end": time.time() + 120},
    ):
        r = requests.post(f"{base}/{cam['id']}/recordings", json=body, timeout=10)
        assert r.status_code == 400, (body, r.text)


def test_offline_camera_stops_answering_and_returns(camsim_faults: FleetProcess) -> None:
    cam = camsim_faults.first("fixed")
    port = cam["onvif"]["port"]
    camsim_faults.set_faults(cam["id"], offline=30)
    deadline = time.monotonic() + 10
    while _port_open("127.0.0.1", port):
        assert time.monotonic() < deadline, "ONVIF port still answers while offline"
    camsim_faults.clear_faults(cam["id"])
    deadline = time.monotonic() + 10
    while not _port_open("127.0.0.1", port):
        assert time.monotonic() < deadline, "camera did not come back"


def test_control_api_rejects_bad_requests(camsim_fleet: FleetProcess) -> None:
    base = camsim_fleet.control_url
    assert requests.post(f"{base}/cameras/nope/faults", json={}, timeout=10).status_code == 404
    cam = camsim_fleet.cameras[0]["id"]
    bad = requests.post(f"{base}/cameras/{cam}/faults", json={"melt": True}, timeout=10)
    assert bad.status_code == 400
    garbage = requests.post(f"{base}/cameras/{cam}/faults", data=b"\xff{", timeout=10)
    assert garbage.status_code == 400
    wrong_kind = requests.post(f"{base}/cameras/{cam}/events", json={"kind": "x"}, timeout=10)
    assert wrong_kind.status_code == 400


def test_sigterm_stops_cleanly_leaving_no_child_and_no_port(tmp_path: Path) -> None:
    inventory = tmp_path / "fleet.json"
    fleet = FleetProcess(2, "--inventory", str(inventory)).start()
    assert json.loads(inventory.read_text(encoding="utf-8"))["pid"] == fleet.pid
    # Start encoding so there is something to tear down.
    grab_frames(fleet.rtsp_url(fleet.cameras[0]["id"], "sub"), 1)
    ports = [c["onvif"]["port"] for c in fleet.cameras] + [
        int(c["rtsp"]["main"].rsplit(":", 1)[1].split("/")[0]) for c in fleet.cameras
    ]
    assert fleet.stop() == 0
    assert _children(fleet.pid) == []
    assert not inventory.exists()
    assert not any(_port_open("127.0.0.1", p) for p in ports)


def test_sigint_also_stops_it() -> None:
    fleet = FleetProcess(1).start()
    assert fleet.proc is not None
    os.kill(fleet.pid, signal.SIGINT)
    assert fleet.proc.wait(20) == 0
    fleet.stop()


def test_refuses_non_loopback_and_taken_ports() -> None:
    refused = subprocess.run(
        [sys.executable, "-m", "camsim.cli", "--host", "10.1.2.3"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert refused.returncode == 2
    assert "loopback" in refused.stderr
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        busy = subprocess.run(
            [sys.executable, "-m", "camsim.cli", "--cameras", "1", "--base-port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert busy.returncode == 2
    assert "cannot start" in busy.stderr


def test_dropped_stream_is_noticed_and_returns(camsim_faults: FleetProcess) -> None:
    cam = camsim_faults.first("dome")
    url = camsim_faults.rtsp_url(cam["id"], "sub")
    with FrameReader(url) as reader:
        assert reader.wait_frame(timeout=20) is not None
        camsim_faults.set_faults(cam["id"], stream_drop=3)
        assert reader.wait_ended(timeout=15), "the client never noticed the drop"
    with pytest.raises(ProbeError):
        grab_frames(url, 1, timeout=10)
    deadline = time.monotonic() + 20
    while True:
        try:
            frame = grab_frames(url, 1, timeout=10)[0]
            break
        except ProbeError:
            assert time.monotonic() < deadline, "the stream never came back"
    shown = timecode.read(frame)
    assert shown is not None and abs(shown.timestamp() - time.time()) < 3


def test_stream_stats_count_viewers_and_encoders(camsim_fleet: FleetProcess) -> None:
    cam = camsim_fleet.cameras[2]
    url = camsim_fleet.rtsp_url(cam["id"], "sub")
    with FrameReader(url) as one, FrameReader(url) as two:
        assert one.wait_frame(timeout=20) is not None
        assert two.wait_frame(timeout=20) is not None
        stats = camsim_fleet.stream_stats(cam["id"])
        assert stats["rtsp_clients"] == 2
        assert stats["encoders"] == 1  # one encoder serves both viewers
    deadline = time.monotonic() + 15
    while camsim_fleet.stream_stats(cam["id"])["encoders"] != 0:
        assert time.monotonic() < deadline, "encoder kept running with nobody watching"


def test_fleet_ends_when_its_parent_is_killed() -> None:
    parent = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, signal; from camsim.process import FleetProcess; "
            "f = FleetProcess(1).start(); print(f.pid, flush=True); signal.pause()",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert parent.stdout is not None
        fleet_pid = int(parent.stdout.readline())
        assert fleet_pid in _children(parent.pid)
        parent.kill()
        parent.wait(10)
        deadline = time.monotonic() + 20
        while Path(f"/proc/{fleet_pid}").exists() and _state(fleet_pid) not in ("Z", "X"):
            assert time.monotonic() < deadline, "the fleet outlived its parent"
    finally:
        if parent.poll() is None:
            parent.kill()
        if parent.stdout:
            parent.stdout.close()


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return "X"


def test_rtp_bursts_fault_is_set_read_and_cleared_over_the_control_api(
    camsim_faults: FleetProcess,
) -> None:
    cam = camsim_faults.cameras[0]["id"]
    base = f"{camsim_faults.control_url}/cameras/{cam}/faults"
    state = camsim_faults.set_faults(cam, rtp_bursts={"hold_ms": [200, 600]})
    assert state["rtp_burst_hold_ms"] == [200, 600] and state["rtp_bursts_for"] == -1
    state = camsim_faults.set_faults(cam, rtp_bursts=30)
    assert state["rtp_burst_hold_ms"] == [200, 600] and 29 < state["rtp_bursts_for"] <= 30
    for bad in ({"hold_ms": [600, 200]}, {"hold_ms": [0, 10]}, {"hold": 1}, False, -1):
        answer = requests.post(base, json={"rtp_bursts": bad}, timeout=10)
        assert answer.status_code == 400, bad
    camsim_faults.clear_faults(cam)
    state = requests.get(base, timeout=10).json()
    assert state["rtp_burst_hold_ms"] is None and state["rtp_bursts_for"] == 0


def test_rtp_bursts_fault_from_the_command_line() -> None:
    with FleetProcess(1, "--fault", "cam01:rtp_bursts=300-500ms") as fleet:
        state = requests.get(f"{fleet.control_url}/cameras/cam01/faults", timeout=10).json()
        assert state["rtp_burst_hold_ms"] == [300, 500] and state["rtp_bursts_for"] == -1
