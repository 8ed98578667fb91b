# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark: export a case with 10 one-minute clips as an evidence package, and verify it.

A real hub (SQLite, in this process, DH profile) and one simulated camera (separate
process, main stream 1280×720 25 fps H.264) registered in it. The case gets ten 60 s
clips cut from the camera's archive (the simulator stores the range first, as a recorder
has its archive on disk; the cuts are not timed here, bench/clip_cut.py does that) and a
snapshot, then, under an approved extraction request to a registered device:

- **export**: ``POST /api/cases/{id}/packages`` until the package is ready — the ten
  watermarked H.264 copies (ffmpeg re-encode, ``veryfast``), the data, the chain of
  custody, the summary PDF, the signed manifest and the hub-signed time;
- **download**: the ZIP over HTTP (once);
- **verify**: ``verify_package`` in this process, and the ``vwall-verify`` console
  script as a receiver runs it (its start-up included).

``--raw`` also times a package with the originals, approved by a second person (the
build then copies and re-hashes the originals as well).

    .venv/bin/python bench/evidence_package.py [--clips 10] [--length 60] [--raw]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from camsim.process import FleetProcess
from hub.clock import ManualClock
from hub.evidence.verify import verify_package
from hub.testing import LiveHub, settings_for_tests
from tests.hub.archive.world import register_fleet
from tests.hub.cases.common import QUIET, World, make_world
from tests.hub.evidence.common import VERIFY, EvidenceWorld


def recorded_start(w: World, seconds: float) -> datetime:
    """A whole second with ``seconds`` of recording after it, in the last six hours."""
    now = w.now()
    with w.http("ioc_op") as http:
        r = http.get(
            f"/api/cameras/{w.camera_id}/recordings",
            params={
                "start": (now - timedelta(hours=6)).isoformat(),
                "end": (now - timedelta(minutes=2)).isoformat(),
            },
        )
    r.raise_for_status()
    for piece in reversed(r.json()["ranges"]):
        a = datetime.fromisoformat(piece["start"]) + timedelta(seconds=10)
        b = datetime.fromisoformat(piece["end"]) - timedelta(seconds=10)
        if (b - a).total_seconds() >= seconds:
            return (b - timedelta(seconds=seconds)).replace(microsecond=0)
    raise SystemExit("not enough recorded time")


def case_with_clips(ev: EvidenceWorld, clips: int, length: float) -> int:
    w = ev.w
    span = clips * (length + 2) + 5
    start = recorded_start(w, span)
    end = start + timedelta(seconds=span)
    case = w.open_case(
        cameras=[
            {
                "camera_id": w.camera_id,
                "start": (start - timedelta(minutes=1)).isoformat(),
                "end": end.isoformat(),
            }
        ]
    )
    t0 = time.perf_counter()
    ev.fleet.store_recording(ev.device_id, start.timestamp() - 3.0, end.timestamp() + 1.0)
    print(f"  simulator stored {span:.0f} s of recording in {time.perf_counter() - t0:.1f} s")
    t0 = time.perf_counter()
    with w.http("ioc_cw") as http:
        for n in range(clips):
            a = start + timedelta(seconds=n * (length + 2))
            r = http.post(
                f"/api/cases/{case['id']}/media/clips",
                json={
                    "camera_id": w.camera_id,
                    "start": a.isoformat(),
                    "end": (a + timedelta(seconds=length)).isoformat(),
                },
                timeout=300,
            )
            r.raise_for_status()
    print(f"  {clips} clips of {length:g} s cut in {time.perf_counter() - t0:.1f} s")
    return int(case["id"])


def timed_package(ev: EvidenceWorld, case_id: int, raw: bool, device: str) -> dict[str, float]:
    rid = ev.approved_request(case_id)
    t0 = time.perf_counter()
    r = ev.ask(case_id, request_id=rid, device_identifier=device, raw=raw)
    r.raise_for_status()
    out = r.json()
    if out["status"] == "pending_approval":
        asked = time.perf_counter() - t0
        t0 = time.perf_counter()
        with ev.w.http("ioc_appr") as http:
            r = http.post(
                f"/api/cases/{case_id}/packages/{out['id']}/decide",
                json={"verdict": "approve"},
                timeout=1800,
            )
        r.raise_for_status()
        out = r.json()
        export_s = time.perf_counter() - t0 + asked
    else:
        export_s = time.perf_counter() - t0
    assert out["status"] == "ready", out
    t0 = time.perf_counter()
    got = ev.fetch(case_id, out["id"])
    got.raise_for_status()
    path = ev.tmp / f"{out['number']}.zip"
    path.write_bytes(got.content)
    download_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    report = verify_package(path, out["key_fingerprint"])
    verify_s = time.perf_counter() - t0
    assert report.ok, report.problems
    t0 = time.perf_counter()
    proc = subprocess.run(
        [str(VERIFY), str(path), "--trusted-key", out["key_fingerprint"]],
        capture_output=True,
        text=True,
        timeout=600,
    )
    script_s = time.perf_counter() - t0
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return {
        "export": export_s,
        "download": download_s,
        "verify": verify_s,
        "verify_script": script_s,
        "mb": (out["size"] or 0) / 1e6,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clips", type=int, default=10)
    parser.add_argument("--length", type=float, default=60.0)
    parser.add_argument("--raw", action="store_true", help="also a raw package (approved)")
    args = parser.parse_args()
    results: dict[str, dict[str, float]] = {}
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
            ev = EvidenceWorld(w, fleet, entry["id"], Path(tmp))
            case_id = case_with_clips(ev, args.clips, args.length)
            device = ev.device()
            results["watermarked"] = timed_package(ev, case_id, False, device)
            if args.raw:
                results["raw + originals"] = timed_package(ev, case_id, True, device)
        finally:
            live.stop()
    print(f"\nCase with {args.clips} clips of {args.length:g} s (720p H.264), seconds:")
    for label, r in results.items():
        print(
            f"  {label}: export {r['export']:.1f}  download {r['download']:.2f}  "
            f"verify {r['verify']:.2f} (vwall-verify script {r['verify_script']:.2f})  "
            f"package {r['mb']:.0f} MB"
        )


if __name__ == "__main__":
    main()
