# SPDX-License-Identifier: GPL-3.0-or-later
"""The simulated camera's RTSP server, watched through real decoders (ffmpeg, GStreamer)."""

from __future__ import annotations

import itertools
import math
import re
import socket
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np
import pytest

from camsim import timecode
from camsim.camera import CameraSpec, SimCamera, default_streams
from camsim.probe import FrameReader, ProbeError, grab_frames, probe_stream
from camsim.ptz import PtzPosition
from camsim.rtsp import CameraRtspServer, GLibLoop
from camsim.rtsp_client import RtspClient
from camsim.rtsp_replay import (
    ReplayRequestError,
    parse_time,
    resolve_replay,
    unix_to_ntp_ns,
)
from camsim.testing import wait_until

Frame = Any


@dataclass
class Rig:
    camera: SimCamera
    server: CameraRtspServer

    def url(self, mount: str) -> str:
        return self.server.url(mount, with_credentials=True)


def _spec(index: int = 1) -> CameraSpec:
    return CameraSpec(
        index=index,
        camera_id=f"cam{index:02d}",
        name=f"Cầu Nhật Lệ {index}",
        kind="dome",
        host="127.0.0.1",
        onvif_port=0,
        rtsp_port=0,  # the server takes a free port
        username="admin",
        password="s3cret!",
    )


@pytest.fixture(scope="module")
def glib_loop() -> Iterator[GLibLoop]:
    loop = GLibLoop()
    loop.start()
    yield loop
    loop.stop()
    assert not loop.running


@pytest.fixture(scope="module")
def rig(glib_loop: GLibLoop) -> Iterator[Rig]:
    camera = SimCamera(_spec())
    server = CameraRtspServer(camera, glib_loop)
    yield Rig(camera, server)
    server.close()


@pytest.fixture
def cam(rig: Rig) -> Iterator[Rig]:
    """The shared camera, left without faults, clients or running encoders."""
    yield rig
    rig.camera.faults.clear()
    rig.server.drop_clients()
    wait_until(lambda: rig.server.active_pipelines() == 0, 10, "encoders still running")


def shown(frame: Frame) -> float:
    stamp = timecode.read(frame)
    assert stamp is not None, "no readable time bar"
    return stamp.timestamp()


def readable(frame: Frame) -> bool:
    return timecode.read(frame) is not None


def iso(unix_seconds: float) -> str:
    return datetime.fromtimestamp(unix_seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def body_diff(a: Frame, b: Frame) -> float:
    """Mean pixel change between two frames away from the OSD and the time bar."""
    h = a.shape[0]
    rows = slice(h // 8, h - h // 8)
    return float(np.abs(a[rows].astype(np.int16) - b[rows].astype(np.int16)).mean())


# -- replay requests (no network) ----------------------------------------------------------


def test_replay_times_parse_in_every_form() -> None:
    want = datetime(2026, 11, 27, 1, 2, 3, tzinfo=UTC).timestamp()
    assert parse_time("2026-11-27T01:02:03Z") == want
    assert parse_time("20261127T010203Z") == want
    assert parse_time("2026-11-27T08:02:03+07:00") == want
    assert parse_time(str(want)) == want
    with pytest.raises(ReplayRequestError):
        parse_time("yesterday")


def test_replay_requests_are_clamped_or_refused() -> None:
    now = 2_000_000_000.0
    rec = now - 86400
    early = resolve_replay(f"start={iso(rec - 3600)}&scale=4", rec, now)
    assert early.start == rec and early.scale == 4.0 and early.stream == "main"
    assert resolve_replay(None, rec, now).start == rec
    assert resolve_replay(f"start={iso(now - 60)}&stream=sub/stream=0", rec, now).stream == "sub"
    for bad in (f"start={iso(now + 3600)}", "scale=0", "scale=-1", "scale=x", "stream=hd"):
        with pytest.raises(ReplayRequestError):
            resolve_replay(bad, rec, now)


# -- live streams ------------------------------------------------------------------------


def test_main_and_sub_decode_as_announced(cam: Rig) -> None:
    main = probe_stream(cam.url("/main"))
    assert (main["codec_name"], main["width"], main["height"]) == ("h264", 1280, 720)
    assert main["fps"] == pytest.approx(25.0)
    sub = probe_stream(cam.url("/sub"))
    assert (sub["codec_name"], sub["width"], sub["height"]) == ("h264", 640, 360)
    assert sub["fps"] == pytest.approx(15.0)


def test_live_frames_show_the_current_time(cam: Rig) -> None:
    with FrameReader(cam.url("/main")) as reader:
        reader.wait_frame(readable, timeout=15)
        for _ in range(5):
            frame = reader.wait_frame(readable, timeout=5)
            assert abs(shown(frame) - time.time()) <= 1.0


def test_viewers_share_one_encoder_which_stops_when_they_leave(cam: Rig) -> None:
    server = cam.server
    assert server.active_pipelines() == 0
    with FrameReader(cam.url("/sub")) as one, FrameReader(cam.url("/sub")) as two:
        for reader in (one, two):
            reader.wait_frame(readable, timeout=15)
        assert server.active_pipelines() == 1  # shared: one encoder for both
        wait_until(lambda: server.client_count() == 2, 5, "two RTSP clients expected")
    wait_until(lambda: server.active_pipelines() == 0, 10, "encoder still running")
    frames = server.frames_rendered()
    # Three frame periods later nothing has been rendered any more.
    deadline = time.monotonic() + 3 / 15
    while time.monotonic() < deadline:
        assert server.frames_rendered() == frames
        time.sleep(0.02)


def test_a_viewer_that_vanishes_without_teardown_never_fails_the_next_one(cam: Rig) -> None:
    """A player killed or a link cut sends no TEARDOWN: the next viewer's DESCRIBE,
    arriving while the shared encoder is torn down, is served (gst-rtsp-server alone
    answered every second one with 503)."""
    for _ in range(20):
        with RtspClient("127.0.0.1", cam.server.port, "admin", "s3cret!") as client:
            client.play_tcp("/sub")
            client.read_packet()
        # The connection is gone without TEARDOWN; the next viewer comes at once.
    wait_until(lambda: cam.server.active_pipelines() == 0, 10, "encoder still running")


def test_wrong_or_missing_credentials_get_401(cam: Rig) -> None:
    good = cam.url("/sub")
    for url in (good.replace(":s3cret!@", ":wrong@"), cam.server.url("/sub")):
        with pytest.raises(ProbeError, match="401"):
            probe_stream(url, timeout=10)


def test_a_ptz_move_changes_the_picture(cam: Rig) -> None:
    ptz = cam.camera.ptz
    assert ptz is not None
    ptz.move_to(PtzPosition(), time.monotonic())
    with FrameReader(cam.url("/sub")) as reader:
        wait_until(lambda: not ptz.is_moving(time.monotonic()), 10, "dome did not stop")
        before = reader.wait_frame(readable, timeout=15)
        still = reader.wait_frame(readable, timeout=5)
        ptz.move_to(PtzPosition(pan=0.5, tilt=0.2, zoom=0.3), time.monotonic())
        wait_until(lambda: not ptz.is_moving(time.monotonic()), 10, "dome did not arrive")
        after = reader.wait_frame(readable, timeout=5)
    ptz.move_to(PtzPosition(), time.monotonic())
    assert body_diff(before, still) < 8, "the picture changes without a move"
    assert body_diff(before, after) > 15, "the move did not change the picture"


# -- replay ------------------------------------------------------------------------------


def test_replay_by_query_shows_the_asked_time(cam: Rig) -> None:
    wanted = time.time() - 2 * 3600
    frame = grab_frames(cam.url(f"/replay?start={iso(wanted)}"), 1)[0]
    assert abs(shown(frame) - int(wanted)) <= 1.0
    assert frame.shape == (720, 1280, 3)


def test_replay_scale_4_runs_four_times_faster(cam: Rig) -> None:
    start = int(time.time() - 3600)
    url = cam.url(f"/replay?start={iso(start)}&scale=4&stream=sub")
    with FrameReader(url) as reader:
        first = reader.wait_frame(readable, timeout=15)
        t0, w0 = shown(first), time.monotonic()
        later = reader.wait_frame(lambda f: readable(f) and shown(f) >= t0 + 8.0, timeout=10)
        t1, w1 = shown(later), time.monotonic()
    assert first.shape == (360, 640, 3)
    assert start <= t0 <= start + 10
    assert (t1 - t0) / (w1 - w0) == pytest.approx(4.0, rel=0.2)


def test_replay_before_the_recordings_starts_at_their_beginning(cam: Rig) -> None:
    rec = cam.camera.recording_start
    frame = grab_frames(cam.url(f"/replay?start={iso(rec - 86400)}&stream=sub"), 1)[0]
    assert abs(shown(frame) - rec) <= 1.0


def test_replay_in_the_future_is_refused(cam: Rig) -> None:
    path = f"/replay?start={iso(time.time() + 3600)}"
    assert _rtsp(cam.server.port, "DESCRIBE", path, "admin", "s3cret!") == 457  # Invalid Range
    with pytest.raises(ProbeError):
        probe_stream(cam.url(path), timeout=10)


def test_onvif_replay_by_clock_range_and_scale(cam: Rig) -> None:
    """A GStreamer ``rtspsrc onvif-mode`` client seeks to a clock time (Range: clock=)."""
    from gi.repository import Gst

    wanted = time.time() - 2 * 3600
    pipeline = Gst.parse_launch(
        f'rtspsrc name=src location="{cam.url("/replay?stream=sub")}" onvif-mode=true '
        "protocols=tcp latency=100 ! rtph264depay ! avdec_h264 ! videoconvert "
        "! video/x-raw,format=BGR ! appsink name=sink max-buffers=4 drop=true sync=false"
    )
    sink = pipeline.get_by_name("sink")

    def pull(until: Callable[[Frame], bool], timeout: float = 10) -> tuple[Frame, int]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            sample = sink.emit("try-pull-sample", 200 * Gst.MSECOND)
            if sample is None:
                continue
            caps = sample.get_caps().get_structure(0)
            w, h = caps.get_value("width"), caps.get_value("height")
            buf = sample.get_buffer()
            ok, info = buf.map(Gst.MapFlags.READ)
            assert ok
            frame = np.frombuffer(info.data, np.uint8)[: w * h * 3].reshape(h, w, 3).copy()
            buf.unmap(info)
            if until(frame):
                return frame, int(buf.pts)
        raise TimeoutError("no matching frame from rtspsrc")

    try:
        pipeline.set_state(Gst.State.PLAYING)
        pull(readable, 15)
        assert pipeline.seek(
            4.0,
            Gst.Format.TIME,
            Gst.SeekFlags.FLUSH | Gst.SeekFlags.TRICKMODE,  # TRICKMODE: "Scale: 4", not Speed
            Gst.SeekType.SET,
            unix_to_ntp_ns(wanted),
            Gst.SeekType.NONE,
            -1,
        )
        frame, pts = pull(lambda f: readable(f) and abs(shown(f) - wanted) < 30, 15)
        t0, w0 = shown(frame), time.monotonic()
        assert abs(t0 - wanted) <= 4.0  # the seek lands on the asked time (at 4× speed)
        # Buffer times are NTP times (ns since 1900): what the frame shows.
        assert abs(pts - unix_to_ntp_ns(t0)) <= Gst.SECOND
        later, _ = pull(lambda f: readable(f) and shown(f) >= t0 + 6.0, 10)
        speed = (shown(later) - t0) / (time.monotonic() - w0)
        assert speed == pytest.approx(4.0, rel=0.25)
    finally:
        pipeline.set_state(Gst.State.NULL)


def _rtsp(port: int, method: str, path: str, user: str, password: str, **hdrs: str) -> int:
    """Status of one RTSP request made with digest authentication."""
    with RtspClient("127.0.0.1", port, user, password) as client:
        return client.request(method, path, hdrs).status


def test_onvif_play_with_require_clock_range_and_scale(cam: Rig) -> None:
    """The ONVIF replay request as the standard writes it, on the first PLAY."""
    wanted = int(time.time() - 2 * 3600)
    onvif = {"Require": "onvif-replay"}
    with RtspClient("127.0.0.1", cam.server.port, "admin", "s3cret!") as client:
        assert client.request("DESCRIBE", "/replay", onvif).status == 200
        transport = {"Transport": "RTP/AVP/TCP;unicast;interleaved=0-1"}
        setup = client.request("SETUP", "/replay/stream=0", {**transport, **onvif})
        assert setup.status == 200
        session = {"Session": setup.headers["session"].split(";")[0]}
        compact = datetime.fromtimestamp(wanted, UTC).strftime("%Y%m%dT%H%M%SZ")
        play = client.request(
            "PLAY",
            "/replay/",
            {**session, "Range": f"clock={compact}-", "Scale": "4.0", **onvif},
        )
        assert play.status == 200
        assert float(play.headers["scale"]) == 4.0
        match = re.match(r"clock=(\d{8}T\d{6}(?:\.\d+)?Z)-", play.headers["range"])
        assert match, play.headers["range"]
        assert abs(parse_time(match[1]) - wanted) <= 1.0
        assert client.request("TEARDOWN", "/replay/", {**session, **onvif}).status == 200


def test_onvif_replay_requirement_is_accepted_on_replay_only(cam: Rig) -> None:
    port, user, pw = cam.server.port, "admin", "s3cret!"
    assert _rtsp(port, "DESCRIBE", "/replay", user, pw, Require="onvif-replay") == 200
    assert _rtsp(port, "DESCRIBE", "/main", user, pw, Require="onvif-replay") == 551
    assert _rtsp(port, "DESCRIBE", "/main", user, "nope") == 401


# -- faults and lifecycle ------------------------------------------------------------------


def test_drop_clients_ends_running_streams(cam: Rig) -> None:
    with FrameReader(cam.url("/sub"), stall_timeout=5) as reader:
        reader.wait_frame(readable, timeout=15)
        assert cam.server.drop_clients() == 1
        assert reader.wait_ended(timeout=5), "the reader did not notice the drop"
    wait_until(lambda: cam.server.active_pipelines() == 0, 10, "encoder still running")


def test_stream_drop_fault_ends_streams_until_it_is_over(cam: Rig) -> None:
    faults, server = cam.camera.faults, cam.server
    with FrameReader(cam.url("/sub"), stall_timeout=5) as reader:
        reader.wait_frame(readable, timeout=15)
        faults.stream_down_until = time.monotonic() + 3.0
        server.drop_clients()  # what the fleet does; the server also notices by itself
        assert reader.wait_ended(timeout=5), "the reader did not notice the drop"
    port, user, pw = server.port, "admin", "s3cret!"
    assert _rtsp(port, "DESCRIBE", "/sub", user, pw) == 503
    with pytest.raises(ProbeError):
        probe_stream(cam.url("/sub"), timeout=10)
    assert faults.stream_down(), "the fault ended before it was checked"
    wait_until(lambda: not faults.stream_down(), 5, "fault did not end")
    with FrameReader(cam.url("/sub")) as again:
        again.wait_frame(readable, timeout=15)


def test_a_fault_alone_drops_running_streams(cam: Rig) -> None:
    with FrameReader(cam.url("/sub"), stall_timeout=5) as reader:
        reader.wait_frame(readable, timeout=15)
        cam.camera.faults.stream_down_until = time.monotonic() + 1.0
        assert reader.wait_ended(timeout=5), "the reader did not notice the fault"


def test_close_frees_the_port_and_a_taken_port_is_refused(glib_loop: GLibLoop) -> None:
    server = CameraRtspServer(SimCamera(_spec(2)), glib_loop)
    port = server.port
    assert probe_stream(server.url("/sub", with_credentials=True))["codec_name"] == "h264"
    server.close()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", port))
        sock.listen()
        spec = _spec(3)
        taken = CameraSpec(**{**spec.__dict__, "rtsp_port": port})
        with pytest.raises(OSError):
            CameraRtspServer(SimCamera(taken), glib_loop)


# -- RTP in bursts (fault rtp_bursts) -----------------------------------------------------


@dataclass(frozen=True)
class Arrivals:
    """When each frame's first RTP packet arrived, against the time its RTP timestamp says."""

    frames: list[tuple[float, float]]  # (arrival s, RTP time s), in arrival order
    seqs: list[int]  # every packet's sequence number, in arrival order

    @property
    def gaps(self) -> list[float]:
        """Seconds between consecutive frames' arrivals."""
        times = [a for a, _ in self.frames]
        return [b - a for a, b in itertools.pairwise(times)]

    def lateness(self) -> list[float]:
        """How late each frame arrived compared with the earliest one (seconds)."""
        lags = [a - t for a, t in self.frames]
        return [lag - min(lags) for lag in lags]

    def usual_lateness(self) -> float:
        """The 80th percentile of :meth:`lateness` (a loaded machine delays a frame now
        and then; a bursty camera delays most of them)."""
        late = sorted(self.lateness())
        return late[int(0.8 * len(late))]

    def bursts(self, within: float = 0.03) -> list[list[tuple[float, float]]]:
        """Runs of frames that arrived within ``within`` s of the previous one."""
        runs: list[list[tuple[float, float]]] = [[self.frames[0]]]
        for prev, frame in zip(self.frames, self.frames[1:], strict=False):
            if frame[0] - prev[0] <= within:
                runs[-1].append(frame)
            else:
                runs.append([frame])
        return runs


def _arrivals(cam: Rig, mount: str, seconds: float, skip: float = 0.5) -> Arrivals:
    """Frames of ``mount`` received over RTSP/TCP for ``seconds`` after ``skip`` s."""
    first: dict[int, float] = {}
    seqs: list[int] = []
    with RtspClient("127.0.0.1", cam.server.port, "admin", "s3cret!") as client:
        client.play_tcp(mount)
        start = time.monotonic()
        while (now := time.monotonic()) < start + skip + seconds:
            packet = client.read_packet()
            if now >= start + skip:
                first.setdefault(packet.timestamp, packet.arrived)
                seqs.append(packet.seq)
    frames = sorted(((a, ts / 90000.0) for ts, a in first.items()), key=lambda f: f[0])
    assert len(frames) > 10, f"only {len(frames)} frames arrived"
    return Arrivals(frames, seqs)


def test_rtp_bursts_fault_sends_frames_in_jittered_bursts_with_their_timestamps(
    cam: Rig,
) -> None:
    steady = _arrivals(cam, "/sub", 2.0)
    wait_until(lambda: cam.server.active_pipelines() == 0, 10, "encoder still running")
    cam.camera.faults.set_rtp_bursts(math.inf, (0.25, 0.45))
    bursty = _arrivals(cam, "/sub", 3.0)

    # Steady: frames arrive one by one, about one frame period (1/15 s) apart.
    assert steady.usual_lateness() < 0.1, steady.lateness()
    # Bursty: the stream is held 250-450 ms at a time, then what was held leaves at once.
    holds = [gap for gap in bursty.gaps if gap >= 0.2]
    assert len(holds) >= 4, bursty.gaps
    assert max(bursty.gaps) < 0.6, bursty.gaps
    runs = [run for run in bursty.bursts() if len(run) >= 3]
    assert len(runs) >= 3, [len(run) for run in bursty.bursts()]
    for run in runs:  # arrived together, captured over a span of time (RTP timestamps)
        assert run[-1][1] - run[0][1] >= 2 / 15 - 0.01
    lateness = bursty.lateness()
    assert max(lateness) >= 0.2 and max(lateness) < 0.7, lateness
    assert bursty.usual_lateness() >= 0.1, lateness
    # Nothing is lost or reordered: packets arrive with consecutive sequence numbers.
    seqs = bursty.seqs
    assert all((b - a) % 65536 == 1 for a, b in itertools.pairwise(seqs))

    cam.camera.faults.clear()
    wait_until(lambda: cam.server.active_pipelines() == 0, 10, "encoder still running")
    assert _arrivals(cam, "/sub", 1.5).usual_lateness() < 0.1


# -- H.265 ----------------------------------------------------------------------------


def test_an_h265_camera_streams_and_replays_hevc(glib_loop: GLibLoop) -> None:
    spec = CameraSpec(**{**_spec(4).__dict__, "streams": default_streams("h265")})
    server = CameraRtspServer(SimCamera(spec), glib_loop)
    try:
        url = server.url("/sub", with_credentials=True)
        info = probe_stream(url)
        assert (info["codec_name"], info["width"], info["height"]) == ("hevc", 640, 360)
        with FrameReader(url) as reader:
            frame = reader.wait_frame(readable, timeout=15)
            assert abs(shown(frame) - time.time()) < 2.0
        wanted = time.time() - 3600
        replay = server.url(f"/replay?start={iso(wanted)}&stream=sub", with_credentials=True)
        assert abs(shown(grab_frames(replay, 1)[0]) - int(wanted)) <= 1.0
    finally:
        server.close()
