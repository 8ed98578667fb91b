# SPDX-License-Identifier: GPL-3.0-or-later
"""The media relay end to end: simulated cameras in, SRT out, played by ffmpeg and libVLC."""

from __future__ import annotations

import ctypes
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import vlc

from camsim import timecode
from camsim.probe import FrameReader, ProbeError, grab_frames
from camsim.process import FleetProcess
from hub.media import MediaRelay, RelayError

PASSPHRASE = "Cau-Nhat-Le 2026 khoa"
LIVE_SKEW = 2.0  # seconds a live frame may lag (or lead) the wall clock


def srt(output_url: str, passphrase: str | None = PASSPHRASE) -> str:
    return f"{output_url}&passphrase={passphrase}" if passphrase else output_url


def is_live(frame: np.ndarray[Any, Any], not_before: float = 0.0) -> bool:
    shown = timecode.read(frame)
    if shown is None:
        return False
    at = shown.timestamp()
    return at >= not_before and abs(at - time.time()) <= LIVE_SKEW


def camera(fleet: FleetProcess, index: int) -> tuple[str, str]:
    cam_id = fleet.cameras[index]["id"]
    return cam_id, fleet.rtsp_url(cam_id, "sub")


class VlcTile:
    """Plays one URL with libVLC into an RV32 buffer, as the console's tiles do."""

    def __init__(self, url: str, width: int = 640, height: int = 360) -> None:
        self.width, self.height = width, height
        self.frames = 0
        self._pixels = (ctypes.c_uint8 * (width * height * 4))()
        self._lock = threading.Lock()
        self.instance = vlc.Instance("--no-xlib", "--quiet", "--avcodec-threads=1", "--no-audio")
        self.player = self.instance.media_player_new()
        # Keep the ctypes callbacks referenced for as long as the player lives.
        self._callbacks = (
            vlc.CallbackDecorators.VideoLockCb(self._lock_frame),
            vlc.CallbackDecorators.VideoUnlockCb(self._unlock_frame),
            vlc.CallbackDecorators.VideoDisplayCb(self._display),
        )
        self.player.video_set_callbacks(*self._callbacks, None)
        self.player.video_set_format("RV32", width, height, width * 4)
        media = self.instance.media_new(url)
        media.add_option(":network-caching=300")
        self.player.set_media(media)
        self.player.play()

    def _lock_frame(self, _opaque: Any, planes: Any) -> None:
        self._lock.acquire()
        planes[0] = ctypes.cast(self._pixels, ctypes.c_void_p)

    def _unlock_frame(self, _opaque: Any, _picture: Any, _planes: Any) -> None:
        self._lock.release()

    def _display(self, _opaque: Any, _picture: Any) -> None:
        self.frames += 1

    def picture(self) -> np.ndarray[Any, Any]:
        with self._lock:
            data = bytes(self._pixels)
        return np.frombuffer(data, np.uint8).reshape(self.height, self.width, 4)

    def close(self) -> None:
        self.player.stop()
        self.player.release()
        self.instance.release()


def test_output_plays_live_over_srt_in_ffmpeg_and_libvlc(
    relay: MediaRelay, camsim_fleet: FleetProcess, wait_for: Callable[..., Any]
) -> None:
    cam_id, url = camera(camsim_fleet, 0)
    output = relay.open_output(f"{cam_id}/sub", url, PASSPHRASE)
    assert output.srt_url == f"srt://127.0.0.1:{output.port}?mode=caller"

    with FrameReader(srt(output.srt_url), stall_timeout=15) as reader:
        reader.wait_frame(is_live, timeout=20)
    tile = VlcTile(srt(output.srt_url))
    try:
        wait_for(lambda: tile.frames > 5 and is_live(tile.picture()), 20, "libVLC live picture")
    finally:
        tile.close()
    health = relay.health()
    assert health["worker"]["alive"] and health["worker"]["restarts"] == 0
    [source] = health["sources"]
    assert (source["source_key"], source["state"]) == (f"{cam_id}/sub", "playing")
    assert source["frames"] > 0 and source["bytes"] > 0 and source["idle_seconds"] < 2
    [served] = health["outputs"]
    assert served["port"] == output.port and served["srt_url"] == output.srt_url
    assert served["frames_sent"] > 0 and served["bytes_sent"] > 0


def test_wrong_or_missing_passphrase_gets_no_frames(
    relay: MediaRelay, camsim_fleet: FleetProcess
) -> None:
    cam_id, url = camera(camsim_fleet, 0)
    output = relay.open_output(f"{cam_id}/sub", url, PASSPHRASE)
    with FrameReader(srt(output.srt_url), stall_timeout=15) as reader:
        reader.wait_frame(is_live, timeout=20)  # the grant's own passphrase plays
    for wrong in ("not-the-grant-passphrase", None):
        with pytest.raises((ProbeError, TimeoutError)):
            grab_frames(srt(output.srt_url, wrong), timeout=8)


def test_grants_share_one_pull_and_closing_them_ends_streams(
    relay: MediaRelay, camsim_fleet: FleetProcess, wait_for: Callable[..., Any]
) -> None:
    cam_id, url = camera(camsim_fleet, 1)
    first = relay.open_output(f"{cam_id}/sub", url, PASSPHRASE)
    second = relay.open_output(f"{cam_id}/sub", url, "another grant's key")
    assert first.port != second.port
    with (
        FrameReader(srt(first.srt_url), stall_timeout=15) as one,
        FrameReader(srt(second.srt_url, "another grant's key"), stall_timeout=15) as two,
    ):
        one.wait_frame(is_live, timeout=20)
        two.wait_frame(is_live, timeout=20)
        assert camsim_fleet.stream_stats(cam_id)["rtsp_clients"] == 1

        relay.close_output(first.output_id)
        assert one.wait_ended(timeout=12), "the revoked grant kept streaming"
        two.wait_frame(is_live, timeout=10)  # the other grant plays on
        assert [o.output_id for o in relay.outputs()] == [second.output_id]

        relay.close_output(second.output_id)
        assert two.wait_ended(timeout=12)
    wait_for(lambda: camsim_fleet.stream_stats(cam_id)["rtsp_clients"] == 0, 15, "the pull to end")
    assert relay.health()["sources"] == []


def test_killed_worker_is_restarted_on_the_same_port_and_passphrase(
    relay: MediaRelay, camsim_fleet: FleetProcess, wait_for: Callable[..., Any]
) -> None:
    cam_id, url = camera(camsim_fleet, 2)
    output = relay.open_output(f"{cam_id}/sub", url, PASSPHRASE)
    with FrameReader(srt(output.srt_url), stall_timeout=15) as reader:
        reader.wait_frame(is_live, timeout=20)
    old_pid = relay.worker_pid
    assert old_pid is not None
    os.kill(old_pid, signal.SIGKILL)

    wait_for(lambda: relay.worker_pid not in (None, old_pid), 20, "a new worker")
    assert relay.outputs() == [output]
    with FrameReader(srt(output.srt_url), stall_timeout=15) as reader:
        reader.wait_frame(is_live, timeout=25)
    health = relay.health()
    assert health["worker"]["restarts"] == 1
    assert [o["port"] for o in health["outputs"]] == [output.port]


def test_a_worker_that_stops_answering_is_replaced(
    camsim_fleet: FleetProcess, monkeypatch: pytest.MonkeyPatch, wait_for: Callable[..., Any]
) -> None:
    monkeypatch.setattr("hub.media.relay.PING_SECONDS", 1.0)
    cam_id, url = camera(camsim_fleet, 2)
    with MediaRelay(request_timeout=3.0) as media:
        output = media.open_output(f"{cam_id}/sub", url, PASSPHRASE)
        wedged = media.worker_pid
        assert wedged is not None
        os.kill(wedged, signal.SIGSTOP)  # alive, but its main loop no longer runs
        wait_for(lambda: media.worker_pid not in (None, wedged), 20, "a replacement worker")
        assert _gone(wedged)
        with FrameReader(srt(output.srt_url), stall_timeout=15) as reader:
            reader.wait_frame(is_live, timeout=25)


def test_output_resumes_by_itself_after_a_camera_stream_drop(
    relay: MediaRelay, camsim_faults: FleetProcess, wait_for: Callable[..., Any]
) -> None:
    cam_id, url = camera(camsim_faults, 3)
    output = relay.open_output(f"{cam_id}/sub", url, PASSPHRASE)
    with FrameReader(srt(output.srt_url), stall_timeout=25) as reader:
        reader.wait_frame(is_live, timeout=20)
        camsim_faults.set_faults(cam_id, stream_drop=3)
        dropped_at = time.time()

        def pull_state() -> str:
            return str(relay.health()["sources"][0]["state"])

        wait_for(lambda: pull_state() != "playing", 15, "the relay to see the drop")
        reader.wait_frame(lambda f: is_live(f, not_before=dropped_at + 3), timeout=25)
    assert pull_state() == "playing"


def shown(frame: np.ndarray[Any, Any]) -> float:
    at = timecode.read(frame)
    return at.timestamp() if at is not None else float("nan")


def test_archive_replay_starts_at_the_asked_time_and_rate(
    relay: MediaRelay, camsim_fleet: FleetProcess
) -> None:
    entry = camsim_fleet.cameras[1]
    creds = f"{entry['username']}:{entry['password']}@"
    url = str(entry["rtsp"]["replay"]).replace("rtsp://", f"rtsp://{creds}", 1) + "?stream=sub"
    start = time.time() - 2 * 3600
    output = relay.open_output(f"{entry['id']}/replay", url, PASSPHRASE, start=start, rate=4.0)
    with FrameReader(srt(output.srt_url), stall_timeout=15) as reader:
        first = reader.wait_frame(lambda f: timecode.read(f) is not None, timeout=20)
        t0, w0 = shown(first), time.monotonic()
        assert abs(t0 - start) <= 10  # a second or two of 4× video may pass before it shows
        later = reader.wait_frame(lambda f: shown(f) >= t0 + 8, timeout=15)
        speed = (shown(later) - t0) / (time.monotonic() - w0)
    assert speed == pytest.approx(4.0, rel=0.3)


def test_device_credentials_never_leak(
    relay: MediaRelay,
    camsim_fleet: FleetProcess,
    caplog: pytest.LogCaptureFixture,
    wait_for: Callable[..., Any],
) -> None:
    caplog.set_level(logging.DEBUG, logger="hub.media")
    cam_id, url = camera(camsim_fleet, 0)
    password = str(camsim_fleet.camera(cam_id)["password"])
    wrong_password = "Sai-mat-khau-9x"
    bad_url = url.replace(f":{password}@", f":{wrong_password}@")
    assert bad_url != url

    good = relay.open_output(f"{cam_id}/sub", url, PASSPHRASE)
    bad = relay.open_output(f"{cam_id}/sub-bad", bad_url, "grant key for a bad url")
    wait_for(
        lambda: any(s["last_error"] for s in relay.health()["sources"]),
        20,
        "the refused pull to report an error",
    )
    with pytest.raises(RelayError) as refused:  # same key, other URL: refused, redacted
        relay.open_output(f"{cam_id}/sub", bad_url, PASSPHRASE)
    with pytest.raises(ValueError) as short:
        relay.open_output(f"{cam_id}/sub", url, "short")

    texts = [
        repr(relay.health()),
        repr(relay.outputs()),
        repr(good),
        repr(bad),
        str(refused.value),
        str(short.value),
        caplog.text,
    ]
    for text in texts:
        for secret in (password, wrong_password, PASSPHRASE, "grant key for a bad url"):
            assert secret not in text
    errors = [s["last_error"] for s in relay.health()["sources"] if s["last_error"]]
    assert errors and "Unauthorized" in errors[0]
    assert "Unauthorized" in caplog.text


def test_stopping_the_relay_leaves_no_worker(camsim_fleet: FleetProcess) -> None:
    media = MediaRelay().start()
    pid = media.worker_pid
    assert pid is not None
    media.stop()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    with pytest.raises(RelayError):
        media.open_output("x/sub", camsim_fleet.rtsp_url(camsim_fleet.cameras[0]["id"]), PASSPHRASE)


def _gone(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] in ("Z", "X")  # exited, unreaped
    except FileNotFoundError:
        return True


@pytest.mark.parametrize("hub_ends", ["exits", "is killed"])
def test_no_worker_outlives_the_hub(hub_ends: str, wait_for: Callable[..., Any]) -> None:
    body = "from hub.media import MediaRelay; r = MediaRelay().start(); print(r.worker_pid)"
    if hub_ends == "is killed":
        body += "; import sys, signal; sys.stdout.flush(); signal.pause()"
    hub = subprocess.Popen([sys.executable, "-c", body], stdout=subprocess.PIPE, text=True)
    try:
        assert hub.stdout is not None
        worker_pid = int(hub.stdout.readline())
        if hub_ends == "is killed":
            hub.kill()
        hub.wait(20)
        wait_for(lambda: _gone(worker_pid), 15, "the worker to end with the hub")
    finally:
        hub.kill()
        hub.wait()
        if hub.stdout is not None:
            hub.stdout.close()


def test_listeners_take_ports_from_the_configured_range(camsim_fleet: FleetProcess) -> None:
    cam_id, url = camera(camsim_fleet, 0)
    base = _free_udp_pair()
    with MediaRelay(port_range=(base, base + 1)) as media:
        ports = {media.open_output(f"{cam_id}/sub", url, PASSPHRASE).port for _ in range(2)}
        assert ports == {base, base + 1}
        with pytest.raises(RelayError, match="no free port"):
            media.open_output(f"{cam_id}/sub", url, PASSPHRASE)


def _free_udp_pair() -> int:
    for base in range(47000, 48000, 2):
        with (
            socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as a,
            socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as b,
        ):
            try:
                a.bind(("127.0.0.1", base))
                b.bind(("127.0.0.1", base + 1))
            except OSError:
                continue
            return base
    raise RuntimeError("no two free UDP ports")
