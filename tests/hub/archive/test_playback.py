# SPDX-License-Identifier: GPL-3.0-or-later
"""Archive grants end to end: hub → ONVIF replay → relay → SRT, read by ffmpeg."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from typing import Any

import numpy as np
import pytest

from camsim import timecode
from camsim.probe import FrameReader, grab_frames
from camsim.testing import wait_until
from tests.hub.archive.world import ArchiveWorld, audit, recorded_instant

SEEK_TOLERANCE = 1.0  # seconds between the asked start and the first picture's time code


def shown(frame: np.ndarray[Any, Any]) -> float:
    at = timecode.read(frame)
    return at.timestamp() if at is not None else float("nan")


def grant(world: ArchiveWorld, camera_id: int, start: float, rate: float) -> dict[str, Any]:
    with world.client("operator") as http:
        r = http.post(
            f"/api/cameras/{camera_id}/archive-grants",
            json={"start": datetime.fromtimestamp(start, UTC).isoformat(), "rate": rate},
        )
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def test_seeking_to_t_shows_t(world: ArchiveWorld) -> None:
    _entry, camera_id = world.camera(1)
    start = recorded_instant(world, camera_id, time.time() - 3 * 3600)
    body = grant(world, camera_id, start, 1.0)
    assert body["rate"] == 1.0
    assert datetime.fromisoformat(body["start"]).timestamp() == pytest.approx(start)
    url = body["grant"]["url"]
    assert url.startswith("http://") and "token=" in url
    # grab_frames keeps what arrives while ffmpeg probes: its first frame is the first sent.
    [first] = grab_frames(url, 1, timeout=20)
    print("SEEK OFFSET", shown(first) - start)
    assert abs(shown(first) - start) <= SEEK_TOLERANCE
    [view] = audit(world, "archive.view")
    detail = json.loads(view.detail or "{}")
    assert view.object_id == str(camera_id)
    assert datetime.fromisoformat(detail["from"]).timestamp() == pytest.approx(start)
    assert detail["grant_id"] == body["grant"]["grant_id"] and detail["rate"] == 1.0
    assert "token" not in (view.detail or "") and "http://" not in (view.detail or "")
    # Releasing the grant closes the view's range in the audit trail.
    with world.client("operator") as http:
        assert http.delete(f"/api/grants/{body['grant']['grant_id']}").status_code == 204
    wait_until(lambda: bool(audit(world, "archive.view_end")), 10, "archive.view_end")
    [end] = audit(world, "archive.view_end")
    closed = json.loads(end.detail or "{}")
    assert closed["grant_id"] == body["grant"]["grant_id"] and end.actor == "operator"
    assert datetime.fromisoformat(closed["from"]).timestamp() == pytest.approx(start)
    assert start < datetime.fromisoformat(closed["to"]).timestamp() < start + 60


def test_four_times_faster_advances_the_code_four_times_faster(world: ArchiveWorld) -> None:
    _entry, camera_id = world.camera(2)
    start = recorded_instant(world, camera_id, time.time() - 5 * 3600)
    url = grant(world, camera_id, start, 4.0)["grant"]["url"]
    with FrameReader(url, stall_timeout=15) as reader:
        first = reader.wait_frame(lambda f: timecode.read(f) is not None, timeout=20)
        t0, w0 = shown(first), time.monotonic()
        later = reader.wait_frame(lambda f: shown(f) >= t0 + 12, timeout=15)
        speed = (shown(later) - t0) / (time.monotonic() - w0)
    assert speed == pytest.approx(4.0, rel=0.25)
