# SPDX-License-Identifier: GPL-3.0-or-later
"""The time bar survives encoding-like damage and rejects what is not a bar."""

from datetime import UTC, datetime

import cv2
import numpy as np
import pytest

from camsim import timecode


@pytest.mark.parametrize(("width", "height"), [(1280, 720), (640, 360), (320, 180)])
def test_round_trip_at_every_stream_size(width: int, height: int) -> None:
    frame = np.full((height, width, 3), 127, np.uint8)
    when = datetime(2026, 11, 27, 1, 2, 3, 456000, tzinfo=UTC)
    timecode.draw(frame, when.timestamp())
    assert timecode.read(frame) == when


def test_survives_jpeg_and_rescaling() -> None:
    frame = np.random.default_rng(1).integers(0, 255, (720, 1280, 3), np.uint8)
    when = 1_795_000_000.25
    timecode.draw(frame, when)
    ok, jpeg = cv2.imencode(".jpg", frame, [cv2.IMWRITE_JPEG_QUALITY, 30])
    assert ok
    damaged = cv2.resize(cv2.imdecode(jpeg, cv2.IMREAD_COLOR), (640, 360))
    read = timecode.read(damaged)
    assert read is not None
    assert read.timestamp() == pytest.approx(when, abs=0.001)


def test_reads_grey_and_bgra_frames() -> None:
    frame = np.zeros((360, 640, 4), np.uint8)
    timecode.draw(frame, 1_800_000_000.0)
    assert timecode.read(frame) is not None
    assert timecode.read(frame[:, :, 0]) is not None


def test_no_bar_reads_as_none() -> None:
    assert timecode.read(np.zeros((720, 1280, 3), np.uint8)) is None
    assert timecode.read(np.full((720, 1280, 3), 255, np.uint8)) is None


def test_a_flipped_bit_is_caught_by_the_check() -> None:
    frame = np.zeros((720, 1280, 3), np.uint8)
    timecode.draw(frame, 1_800_000_000.0)
    geo = timecode.BarGeometry.for_frame(1280, 720)
    left, right = geo.cell_x(len(timecode.SYNC) + 20)
    cell = frame[geo.y0 : geo.y0 + geo.cell_h, left:right]
    cell[...] = 255 - cell
    assert timecode.read(frame) is None


def test_times_out_of_range_are_refused() -> None:
    with pytest.raises(ValueError):
        timecode.encode_bits(-1)
