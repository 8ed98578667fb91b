# SPDX-License-Identifier: GPL-3.0-or-later
"""A masked area never appears in a picture the hub makes: snapshots of a simulator
camera are stored with the mask painted flat, and the OpenCV and ffmpeg painters cover
exactly the polygon (pixel checks)."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import cv2
import numpy as np
import pytest

from hub.privacy.service import apply_masks_bgr, ffmpeg_mask_filter, mask_image
from tests.hub.archive.world import ArchiveWorld, audit

# A slanted quadrilateral over the simulator's buildings (lit and dark windows: texture)
# and part of the road (moving traffic), clear of the name and the time code.
FACADE = [(0.25, 0.3), (0.7, 0.25), (0.75, 0.7), (0.3, 0.8)]
FLAT_LIMIT = 6  # JPEG noise in a flat black area: measured brightness 2, colour 0 (leak())


def inside(
    masks: list[list[tuple[float, float]]], width: int, height: int, margin: int = 8
) -> np.ndarray:
    """The mask's pixels with a margin off its edges."""
    raster = mask_image(masks, width, height)
    side = 2 * margin + 1
    return cv2.erode(raster, np.ones((side, side), np.uint8)) > 0


def leak(picture: np.ndarray, masks: list[list[tuple[float, float]]]) -> int:
    """The brightest trace of the picture left inside the masks of a JPEG.

    JPEG codes brightness in 8x8 blocks but colour (4:2:0) in 8x8 blocks of a picture
    halved each way, 16x16 pixels: a colour block straddling the mask's edge rings up
    to 16 pixels in. So brightness is checked from 8 pixels in, colour from 16."""
    height, width = picture.shape[:2]
    luma = cv2.cvtColor(picture, cv2.COLOR_BGR2YCrCb)[:, :, 0]
    return max(
        int(luma[inside(masks, width, height, 8)].max()),
        int(picture[inside(masks, width, height, 16)].max()),
    )


def grab(world: ArchiveWorld, user: str, camera_id: int) -> tuple[dict[str, object], np.ndarray]:
    with world.client(user) as http:
        r = http.post(f"/api/cameras/{camera_id}/snapshots", json={"stream": "main"})
        assert r.status_code == 200, r.text
        taken = r.json()
        jpeg = http.get(f"/api/snapshots/{taken['id']}")
        assert jpeg.status_code == 200
        assert hashlib.sha256(jpeg.content).hexdigest() == taken["sha256"]
    picture = cv2.imdecode(np.frombuffer(jpeg.content, np.uint8), cv2.IMREAD_COLOR)
    assert picture is not None
    return taken, picture


def test_a_snapshot_is_stored_with_the_mask_flat(world: ArchiveWorld) -> None:
    _entry, camera_id = world.camera(0)
    _taken, before = grab(world, "operator", camera_id)
    height, width = before.shape[:2]
    area = inside([FACADE], width, height)
    assert before[area].std() > 20, "the chosen area is not textured"
    with world.client("admin") as http:
        r = http.put(
            f"/api/cameras/{camera_id}/privacy-masks",
            json={"masks": [{"vertices": [list(v) for v in FACADE]}]},
        )
        assert r.status_code == 200, r.text
    taken, after = grab(world, "operator", camera_id)
    assert leak(after, [FACADE]) <= FLAT_LIMIT, "the masked area is not flat black"
    outside = mask_image([FACADE], width, height) == 0
    assert after[outside].std() > 20  # the rest of the picture is still there
    # The stored file itself is masked (cases and exports serve it as it is).
    directory = world.live.hub.settings.data_dir / "snapshots"
    stored = [
        p
        for p in directory.iterdir()
        if hashlib.sha256(p.read_bytes()).hexdigest() == taken["sha256"]
    ]
    assert stored
    on_disk = cv2.imdecode(np.frombuffer(stored[0].read_bytes(), np.uint8), cv2.IMREAD_COLOR)
    assert on_disk is not None
    assert leak(on_disk, [FACADE]) <= FLAT_LIMIT
    assert len(audit(world, "snapshot.take")) == 2


def _textured(width: int, height: int) -> np.ndarray:
    rng = np.random.default_rng(7)
    return rng.integers(40, 255, (height, width, 3), dtype=np.uint8)


def test_opencv_painting_covers_exactly_the_polygon() -> None:
    frame = _textured(640, 360)
    original = frame.copy()
    masks = [FACADE, [(0.0, 0.0), (0.1, 0.0), (0.0, 0.1)]]
    apply_masks_bgr(frame, masks)
    raster = mask_image(masks, 640, 360) > 0
    assert int(frame[raster].max()) == 0
    assert np.array_equal(frame[~raster], original[~raster])
    assert raster[0, 0] and raster[180, 320]


@pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg not installed")
def test_the_ffmpeg_filter_paints_the_polygons_exactly(tmp_path: Path) -> None:
    width, height = 640, 360
    source = tmp_path / "in.png"
    cv2.imwrite(str(source), _textured(width, height))
    masks = [FACADE, [(0.8, 0.1), (0.95, 0.3), (0.85, 0.35)]]
    chain = ffmpeg_mask_filter(masks, width, height)
    assert ffmpeg_mask_filter([], width, height) == "null"
    out = tmp_path / "out.png"
    subprocess.run(
        ["ffmpeg", "-nostdin", "-loglevel", "error", "-i", str(source), "-vf", chain, str(out)],
        check=True,
        timeout=60,
    )
    painted = cv2.imread(str(out))
    assert painted is not None
    raster = mask_image(masks, width, height) > 0
    assert int(painted[raster].max()) == 0  # every masked pixel black
    grown = cv2.dilate(raster.astype(np.uint8), np.ones((5, 5), np.uint8)) > 0
    original = cv2.imread(str(source))
    assert original is not None
    assert np.array_equal(painted[~grown], original[~grown])  # nothing else touched
    # Through yuv420p (what an export encodes): still black inside, no coloured edge.
    video = tmp_path / "out.mp4"
    subprocess.run(
        ["ffmpeg", "-nostdin", "-loglevel", "error", "-loop", "1", "-t", "0.2", "-i",
         str(source), "-vf", f"format=yuv420p,{chain}", "-c:v", "libx264", "-qp", "0",
         str(video)],
        check=True,
        timeout=60,
    )  # fmt: skip
    frame_png = tmp_path / "frame.png"
    subprocess.run(
        ["ffmpeg", "-nostdin", "-loglevel", "error", "-i", str(video), "-frames:v", "1",
         str(frame_png)],
        check=True,
        timeout=60,
    )  # fmt: skip
    decoded = cv2.imread(str(frame_png))
    assert decoded is not None
    assert int(decoded[raster].max()) <= 2
