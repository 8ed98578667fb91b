# SPDX-License-Identifier: GPL-3.0-or-later
"""The ffmpeg/ffprobe helpers tests use to look at decoded video, on local files."""

from __future__ import annotations

import socket
import subprocess
import time
from pathlib import Path

import pytest

from camsim.probe import FrameReader, ProbeError, StreamEnded, grab_frames, probe_stream


@pytest.fixture(scope="module")
def red_clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two seconds of pure red, 322×180 (an odd width), 10 fps, H.264."""
    path = tmp_path_factory.mktemp("probe") / "red.mp4"
    source = ["-f", "lavfi", "-i", "color=c=red:s=322x180:r=10:d=2"]
    encode = ["-c:v", "libx264", "-pix_fmt", "yuv420p", str(path)]
    subprocess.run(
        ["ffmpeg", "-nostdin", "-loglevel", "error", *source, *encode],
        check=True,
        timeout=60,
    )
    return path


def test_probe_describes_the_video_stream(red_clip: Path) -> None:
    info = probe_stream(str(red_clip))
    assert (info["codec_name"], info["width"], info["height"]) == ("h264", 322, 180)
    assert info["fps"] == pytest.approx(10.0)
    with pytest.raises(ProbeError):
        probe_stream(str(red_clip.with_name("missing.mp4")))


def test_frames_are_bgr_at_their_size_or_scaled(red_clip: Path) -> None:
    frames = grab_frames(str(red_clip), 3)
    assert len(frames) == 3
    frame = frames[0]
    assert frame.shape == (180, 322, 3)
    blue, green, red = (float(frame[..., c].mean()) for c in range(3))
    assert red > 200 and blue < 40 and green < 40
    assert grab_frames(str(red_clip), 1, size=(64, 36))[0].shape == (36, 64, 3)
    with pytest.raises(ProbeError):
        grab_frames(str(red_clip), 100)  # only 20 frames in the clip


def test_reader_sees_the_stream_end(red_clip: Path) -> None:
    with FrameReader(str(red_clip)) as reader:
        first = reader.wait_frame(timeout=10, fresh=False)
        assert first.shape == (180, 322, 3)
        assert reader.wait_ended(timeout=10)
        assert reader.frames_received > 0
        assert reader.latest() is not None
        with pytest.raises(StreamEnded):
            reader.wait_frame(timeout=1)


def test_reader_gives_up_on_a_server_that_never_answers() -> None:
    with socket.socket() as mute:
        mute.bind(("127.0.0.1", 0))
        mute.listen()
        url = f"rtsp://user:pw@127.0.0.1:{mute.getsockname()[1]}/main"
        started = time.monotonic()
        with FrameReader(url, stall_timeout=1.0) as reader:
            assert reader.wait_ended(timeout=10)
            with pytest.raises(StreamEnded) as ended:
                reader.wait_frame(timeout=1)
        assert "pw" not in str(ended.value)  # the password is not in messages
        assert time.monotonic() - started < 10
        with pytest.raises(TimeoutError):
            grab_frames(url, 1, timeout=1.0)
