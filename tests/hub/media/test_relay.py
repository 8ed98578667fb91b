# SPDX-License-Identifier: GPL-3.0-or-later
"""The media relay end to end: cameras in, MPEG-TS over HTTP out, played by ffmpeg and libVLC."""

from __future__ import annotations

import ctypes
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import vlc

from camsim import timecode
from camsim.probe import FrameReader, ProbeError, decode_report, grab_frames
from camsim.process import FleetProcess
from hub.media import MediaRelay, RelayError, RelayOutput
from hub.tls import make_self_signed

TOKEN = "Cau-Nhat-Le-2026-khoa"
LIVE_SKEW = 2.0  # seconds a live frame may lag (or lead) the wall clock


def http(output: RelayOutput, token: str | None = TOKEN) -> str:
    return output.with_token(token) if token else output.url


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

    def __init__(
        self, url: str, width: int = 640, height: int = 360, args: tuple[str, ...] = ()
    ) -> None:
        self.width, self.height = width, height
        self.frames = 0
        self._pixels = (ctypes.c_uint8 * (width * height * 4))()
        self._lock = threading.Lock()
        self.instance = vlc.Instance(
            "--no-xlib", "--quiet", "--avcodec-threads=1", "--no-audio", *args
        )
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


def test_output_plays_live_over_http_in_ffmpeg_and_libvlc(
    relay: MediaRelay, camsim_fleet: FleetProcess, wait_for: Callable[..., Any]
) -> None:
    cam_id, url = camera(camsim_fleet, 0)
    output = relay.open_output(f"{cam_id}/sub", url, TOKEN)
    assert output.url == f"http://127.0.0.1:{relay.port}/media/{output.output_id}"
    assert output.port == relay.port

    with FrameReader(http(output), stall_timeout=15) as reader:
        reader.wait_frame(is_live, timeout=20)
    tile = VlcTile(http(output))
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
    assert served["url"] == output.url
    assert served["frames_sent"] > 0 and served["bytes_sent"] > 0


def _get(port: int, path: str) -> tuple[str, bytes]:
    """One raw HTTP GET: the status line and the first bytes of the body."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.settimeout(10)
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        data = b""
        while b"\r\n\r\n" not in data or len(data) < 2048:
            chunk = sock.recv(4096)
            if not chunk:
                break
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return head.split(b"\r\n")[0].decode(), body


def test_with_a_certificate_the_output_is_tls_and_libvlc_plays_it_only_when_trusted(
    camsim_fleet: FleetProcess, tmp_path: Path, wait_for: Callable[..., Any]
) -> None:
    files = make_self_signed(["127.0.0.1", "localhost"], tmp_path / "tls")
    trusted = tmp_path / "trusted"
    trusted.mkdir()
    shutil.copy(files.cert, trusted / "hub.pem")
    cam_id, url = camera(camsim_fleet, 0)
    with MediaRelay(certfile=str(files.cert), keyfile=str(files.key)) as media:
        output = media.open_output(f"{cam_id}/sub", url, TOKEN)
        assert output.url.startswith(f"https://127.0.0.1:{media.port}/media/")
        try:  # nothing in clear on the port: a plain request gets no HTTP answer
            status, _body = _get(media.port, f"/media/{output.output_id}?token={TOKEN}")
        except ConnectionError:
            status = ""
        assert not status.startswith("HTTP/")
        tile = VlcTile(http(output), args=(f"--gnutls-dir-trust={trusted}",))
        try:
            wait_for(lambda: tile.frames > 5 and is_live(tile.picture()), 20, "a TLS picture")
        finally:
            tile.close()
        # A player that does not trust the certificate gets nothing (an attacker's relay
        # with a certificate of its own is refused the same way).
        stranger = VlcTile(http(output))
        try:
            wait_for(
                lambda: stranger.player.get_state() in (vlc.State.Ended, vlc.State.Error),
                20,
                "libVLC to refuse the untrusted certificate",
            )
            assert stranger.frames == 0
        finally:
            stranger.close()


def test_wrong_or_missing_token_gets_no_frames(
    relay: MediaRelay, camsim_fleet: FleetProcess
) -> None:
    cam_id, url = camera(camsim_fleet, 0)
    output = relay.open_output(f"{cam_id}/sub", url, TOKEN)
    with FrameReader(http(output), stall_timeout=15) as reader:
        reader.wait_frame(is_live, timeout=20)  # the grant's own token plays
    for wrong in ("not-the-grant-token", None):
        with pytest.raises((ProbeError, TimeoutError)):
            grab_frames(http(output, wrong), timeout=8)
    # An unknown output and a wrong token get the same answer: nothing to learn from it.
    path = f"/media/{output.output_id}"
    refusals = {
        _get(relay.port, f"{path}?token=not-the-grant-token"),
        _get(relay.port, f"/media/out999?token={TOKEN}"),
        _get(relay.port, path),
    }
    assert refusals == {("HTTP/1.1 404 Not Found", b"no such stream")}
    status, body = _get(relay.port, f"{path}?token={TOKEN}")
    assert status == "HTTP/1.1 200 OK"
    assert body[:1] == b"\x47"  # an MPEG-TS sync byte: the stream starts on a packet


def test_grants_share_one_pull_and_closing_them_ends_streams(
    relay: MediaRelay, camsim_fleet: FleetProcess, wait_for: Callable[..., Any]
) -> None:
    cam_id, url = camera(camsim_fleet, 1)
    first = relay.open_output(f"{cam_id}/sub", url, TOKEN)
    second = relay.open_output(f"{cam_id}/sub", url, "another-grants-token")
    assert first.port == second.port and first.url != second.url  # one port for every grant
    with (
        FrameReader(http(first), stall_timeout=15) as one,
        FrameReader(http(second, "another-grants-token"), stall_timeout=15) as two,
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
    with pytest.raises((ProbeError, TimeoutError)):  # a closed grant's URL gets nothing
        grab_frames(http(first), timeout=8)
    wait_for(lambda: camsim_fleet.stream_stats(cam_id)["rtsp_clients"] == 0, 15, "the pull to end")
    assert relay.health()["sources"] == []


def test_killed_worker_is_restarted_on_the_same_port_and_token(
    relay: MediaRelay, camsim_fleet: FleetProcess, wait_for: Callable[..., Any]
) -> None:
    cam_id, url = camera(camsim_fleet, 2)
    output = relay.open_output(f"{cam_id}/sub", url, TOKEN)
    with FrameReader(http(output), stall_timeout=15) as reader:
        reader.wait_frame(is_live, timeout=20)
    old_pid = relay.worker_pid
    assert old_pid is not None
    os.kill(old_pid, signal.SIGKILL)

    wait_for(lambda: relay.worker_pid not in (None, old_pid), 20, "a new worker")
    assert relay.outputs() == [output]
    with FrameReader(http(output), stall_timeout=15) as reader:
        reader.wait_frame(is_live, timeout=25)
    health = relay.health()
    assert health["worker"]["restarts"] == 1
    assert [o["url"] for o in health["outputs"]] == [output.url]
    assert relay.port == output.port


def test_a_worker_that_stops_answering_is_replaced(
    camsim_fleet: FleetProcess, monkeypatch: pytest.MonkeyPatch, wait_for: Callable[..., Any]
) -> None:
    monkeypatch.setattr("hub.media.relay.PING_SECONDS", 1.0)
    cam_id, url = camera(camsim_fleet, 2)
    with MediaRelay(request_timeout=3.0) as media:
        output = media.open_output(f"{cam_id}/sub", url, TOKEN)
        wedged = media.worker_pid
        assert wedged is not None
        os.kill(wedged, signal.SIGSTOP)  # alive, but its main loop no longer runs
        wait_for(lambda: media.worker_pid not in (None, wedged), 20, "a replacement worker")
        assert _gone(wedged)
        with FrameReader(http(output), stall_timeout=15) as reader:
            reader.wait_frame(is_live, timeout=25)


def test_output_resumes_by_itself_after_a_camera_stream_drop(
    relay: MediaRelay, camsim_faults: FleetProcess, wait_for: Callable[..., Any]
) -> None:
    cam_id, url = camera(camsim_faults, 3)
    output = relay.open_output(f"{cam_id}/sub", url, TOKEN)
    with FrameReader(http(output), stall_timeout=25) as reader:
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
    output = relay.open_output(f"{entry['id']}/replay", url, TOKEN, start=start, rate=4.0)
    with FrameReader(http(output), stall_timeout=15) as reader:
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

    good = relay.open_output(f"{cam_id}/sub", url, TOKEN)
    bad = relay.open_output(f"{cam_id}/sub-bad", bad_url, "grant-token-for-a-bad-url")
    wait_for(
        lambda: any(s["last_error"] for s in relay.health()["sources"]),
        20,
        "the refused pull to report an error",
    )
    with pytest.raises(RelayError) as refused:  # same key, other URL: refused, redacted
        relay.open_output(f"{cam_id}/sub", bad_url, TOKEN)
    with pytest.raises(ValueError) as short:
        relay.open_output(f"{cam_id}/sub", url, "short")
    with pytest.raises(ValueError):
        relay.open_output(f"{cam_id}/sub", url, "no spaces or ? & in a token")

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
        for secret in (password, wrong_password, TOKEN, "grant-token-for-a-bad-url"):
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
        media.open_output("x/sub", camsim_fleet.rtsp_url(camsim_fleet.cameras[0]["id"]), TOKEN)


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


def test_the_listener_takes_the_configured_port_and_a_busy_one_fails(
    camsim_fleet: FleetProcess,
) -> None:
    cam_id, url = camera(camsim_fleet, 0)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    with MediaRelay(port=port) as media:
        output = media.open_output(f"{cam_id}/sub", url, TOKEN)
        assert output.port == port and f":{port}/" in output.url
        with pytest.raises(RelayError, match="cannot listen"):
            MediaRelay(port=port, request_timeout=2.0).start(timeout=3.0)


def test_the_worker_inherits_none_of_the_hubs_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    secret = "postgresql+psycopg://vwall:Mat-khau-CSDL-2026@db.ioc.local/vwall"
    monkeypatch.setenv("VWALL_HUB_DB_URL", secret)
    monkeypatch.setenv("VWALL_HUB_TOTP_KEY_FILE", "/etc/vwall/totp-secret-key")
    with MediaRelay() as media:
        pid = media.worker_pid
        assert pid is not None
        environ = Path(f"/proc/{pid}/environ").read_bytes().decode(errors="replace")
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    names = {entry.split("=", 1)[0] for entry in environ.split("\0") if entry}
    assert "Mat-khau-CSDL-2026" not in environ + cmdline
    assert not {n for n in names if n.startswith("VWALL_HUB_")}
    assert "PATH" in names and "PYTHONPATH" in names


def test_an_h265_camera_plays_through_the_relay_in_libvlc(
    relay: MediaRelay, camsim_h265: FleetProcess, wait_for: Callable[..., Any]
) -> None:
    cam_id, url = camera(camsim_h265, 0)
    output = relay.open_output(f"{cam_id}/sub", url, TOKEN)
    tile = VlcTile(http(output))
    try:
        wait_for(lambda: tile.frames > 5 and is_live(tile.picture()), 20, "a live H.265 picture")
    finally:
        tile.close()
    [source] = relay.health()["sources"]
    assert (source["codec"], source["state"]) == ("H265", "playing")
    # A viewer joining mid-GOP starts on the pull's cached key frame: clean from frame one.
    joined = decode_report(http(output), 15, timeout=20)
    assert joined.errors == [] and joined.unreadable == 0, joined.log


def test_a_grant_asked_while_the_worker_dies_goes_to_its_successor(
    relay: MediaRelay, camsim_fleet: FleetProcess
) -> None:
    cam_id, url = camera(camsim_fleet, 1)
    first = relay.open_output(f"{cam_id}/sub", url, TOKEN)
    old = relay.worker_pid
    assert old is not None
    os.kill(old, signal.SIGKILL)  # no wait: the next request races the supervisor
    second = relay.open_output(f"{cam_id}/sub", url, "a-grant-during-the-restart")
    assert relay.worker_pid not in (None, old)
    assert {o.output_id for o in relay.outputs()} == {first.output_id, second.output_id}
    with FrameReader(http(second, "a-grant-during-the-restart"), stall_timeout=15) as reader:
        reader.wait_frame(is_live, timeout=25)
