# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark: blur throughput of publishing a 60 s 720p clip for citizens.

A real hub (SQLite, in this process) and one simulated camera (separate process, main
stream 1280×720 25 fps H.264) registered in it. A case gets a 60 s clip cut from the
camera's archive and is taken through the hand-off to its conclusion; a Vietnamese plate
driving across and a drawn face are planted into the clip (as tests/hub/publishing
does), so the detector has something to find and track. Then:

- **propose**: ``POST …/publications/proposals`` — decode every frame, detect faces
  (Haar cascade in NumPy, pictures shrunk to 800 px) and plates every 0.5 s, link tracks;
- **publish**: ``POST …/publications`` with the proposed tracks — hash the original,
  decode, blur each track's interpolated box, paint the mask, re-encode H.264
  (``veryfast``, CRF 20) and hash the copy;
- **render alone**: :func:`hub.publishing.render.render_clip` in this process with the
  same tracks (no HTTP, no hashing).

Frames per second are the clip's frames over the wall time of each step.

    .venv/bin/python bench/publish_blur.py [--length 60]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from camsim.process import FleetProcess
from hub.clock import ManualClock
from hub.contracts import Role
from hub.db import transaction
from hub.privacy.service import masks_of
from hub.publishing.detect import Keyframe, Track
from hub.publishing.render import render_clip
from hub.testing import LiveHub, add_user, login, settings_for_tests
from tests.hub.archive.world import register_fleet
from tests.hub.cases.common import QUIET, make_world
from tests.hub.evidence.common import EvidenceWorld
from tests.hub.publishing.common import PublishWorld, read_frames

MASK = [[0.0, 0.0], [0.15, 0.0], [0.15, 0.12], [0.0, 0.12]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--length", type=float, default=60.0)
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory() as tmp,
        FleetProcess(1, "--event-period", "0") as fleet,
    ):
        settings = settings_for_tests(
            f"sqlite:///{tmp}/hub.sqlite3", Path(tmp) / "data", profile="DH", **QUIET
        )
        live = LiveHub(settings, ManualClock(datetime.now(UTC))).start()
        try:
            w = make_world(live)
            entry = fleet.cameras[0]
            w.camera_id = register_fleet(live, w.province, fleet)[entry["id"]]
            add_user(live.hub, w.province, "ioc_sup", "ioc", [Role.SUPERVISOR])
            w.tokens["ioc_sup"] = login(live, w.province, "ioc_sup")
            pw = PublishWorld(EvidenceWorld(w, fleet, entry["id"], Path(tmp)))
            t0 = time.perf_counter()
            case = pw.case(seconds=args.length)
            medium, original = pw.add_planted_clip(case)
            frames = len(read_frames(original))
            print(f"  case, {args.length:g} s clip and planting: {time.perf_counter() - t0:.1f} s")
            with w.http("ioc_admin") as http:
                http.put(
                    f"/api/cameras/{w.camera_id}/privacy-masks",
                    json={"masks": [{"vertices": MASK}]},
                ).raise_for_status()
            base = f"/api/cases/{case['id']}/publications"
            with w.http("ioc_sup") as http:
                t0 = time.perf_counter()
                r = http.post(f"{base}/proposals", json={"medium_id": medium}, timeout=1800)
                r.raise_for_status()
                propose_s = time.perf_counter() - t0
                tracks = r.json()["tracks"]
                t0 = time.perf_counter()
                r = http.post(
                    base,
                    json={"medium_id": medium, "channel": "city_app", "tracks": tracks},
                    timeout=1800,
                )
                r.raise_for_status()
                publish_s = time.perf_counter() - t0
            with transaction(live.hub.sessions) as s:
                masks = masks_of(s, w.camera_id)
            plain = [
                Track(t["id"], t["kind"], [Keyframe(**k) for k in t["keyframes"]]) for t in tracks
            ]
            t0 = time.perf_counter()
            render_clip(original, Path(tmp) / "render-only.mp4", plain, masks)
            render_s = time.perf_counter() - t0
        finally:
            live.stop()
    kinds = {k: sum(1 for t in tracks if t["kind"] == k) for k in ("face", "plate")}
    keyframes = sum(len(t["keyframes"]) for t in tracks)
    print(
        f"\n{args.length:g} s clip, 1280x720, {frames} frames; {kinds['face']} face and "
        f"{kinds['plate']} plate tracks, {keyframes} keyframes; one mask:"
    )
    for label, seconds in (
        ("propose (detect + track)", propose_s),
        ("publish (hash + render + hash)", publish_s),
        ("detection + publish", propose_s + publish_s),
        ("render alone (in process)", render_s),
    ):
        print(f"  {label:32s} {seconds:7.1f} s  {frames / seconds:6.1f} frames/s")


if __name__ == "__main__":
    main()
