# SPDX-License-Identifier: GPL-3.0-or-later
"""An H.265 camera in the archive: evidence snapshots (live and recorded) and replay
through the relay (ONVIF replay of an H.265 stream)."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

import cv2
import numpy as np

from camsim import timecode
from camsim.probe import grab_frames, probe_stream
from tests.hub.archive.world import ArchiveWorld, recorded_instant

SEEK_TOLERANCE = 1.0


def shown(frame: np.ndarray[Any, Any]) -> float:
    at = timecode.read(frame)
    assert at is not None, "no readable time bar"
    return at.timestamp()


def test_an_h265_camera_gives_snapshots_and_replays_through_the_relay(
    h265_world: ArchiveWorld,
) -> None:
    world = h265_world
    entry, camera_id = world.camera(0)
    assert probe_stream(world.fleet.rtsp_url(entry["id"], "sub"))["codec_name"] == "hevc"
    at = recorded_instant(world, camera_id, time.time() - 2 * 3600)
    with world.client("operator") as http:
        asked = time.time()
        live = http.post(f"/api/cameras/{camera_id}/snapshots", json={"stream": "sub"})
        assert live.status_code == 200, live.text
        archive = http.post(
            f"/api/cameras/{camera_id}/snapshots",
            json={"at": datetime.fromtimestamp(at, UTC).isoformat(), "stream": "sub"},
        )
        assert archive.status_code == 200, archive.text
        for taken, expected in ((live.json(), asked), (archive.json(), at)):
            r = http.get(f"/api/snapshots/{taken['id']}")
            assert r.status_code == 200 and r.headers["content-type"] == "image/jpeg"
            picture = cv2.imdecode(np.frombuffer(r.content, np.uint8), cv2.IMREAD_COLOR)
            assert picture is not None
            assert abs(shown(picture.astype(np.uint8)) - expected) <= 2.0

        start = recorded_instant(world, camera_id, time.time() - 3 * 3600)
        r = http.post(
            f"/api/cameras/{camera_id}/archive-grants",
            json={"start": datetime.fromtimestamp(start, UTC).isoformat(), "rate": 1.0},
        )
        assert r.status_code == 200, r.text
    url = r.json()["grant"]["url"]
    # grab_frames keeps what arrives while ffmpeg probes: its first frame is the first sent.
    [first] = grab_frames(url, 1, timeout=20)
    assert abs(shown(first) - start) <= SEEK_TOLERANCE
    assert probe_stream(url)["codec_name"] == "hevc"  # the relay carries it as it came
