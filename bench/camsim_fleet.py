# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark: a whole simulated fleet as a separate process — start-up, idle and streaming CPU.

Usage: .venv/bin/python bench/camsim_fleet.py [--cameras 32] [--viewers 4] [--window 20]

Prints the start-up time, the fleet's CPU while nobody watches, and its CPU with
viewers (ffmpeg decoding to null) on sub streams, then on main streams. CPU is in %
of one core, read from /proc/PID/stat of the simulator process.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from camsim.process import FleetProcess

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def measure(pid: int, window: float) -> float:
    start_cpu, start = cpu_seconds(pid), time.monotonic()
    time.sleep(window)
    return 100.0 * (cpu_seconds(pid) - start_cpu) / (time.monotonic() - start)


def viewers(fleet: FleetProcess, stream: str, count: int) -> list[subprocess.Popen[bytes]]:
    procs = []
    for cam in fleet.cameras[:count]:
        url = fleet.rtsp_url(cam["id"], stream)
        procs.append(
            subprocess.Popen(
                [
                    "ffmpeg",
                    "-nostdin",
                    "-loglevel",
                    "error",
                    "-rtsp_transport",
                    "tcp",
                    "-i",
                    url,
                    "-f",
                    "null",
                    "-",
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
    return procs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cameras", type=int, default=32)
    parser.add_argument("--viewers", type=int, default=4)
    parser.add_argument("--window", type=float, default=20.0)
    args = parser.parse_args()

    t0 = time.monotonic()
    fleet = FleetProcess(args.cameras).start(timeout=120)
    started = time.monotonic() - t0
    try:
        time.sleep(3)  # let start-up work settle before measuring idle
        idle = measure(fleet.pid, args.window)
        print(f"cameras: {args.cameras}, start-up: {started:.2f} s")
        print(
            f"idle (nobody watching): {idle:.1f} % of one core "
            f"({idle / args.cameras:.2f} % per camera)"
        )
        for stream in ("sub", "main"):
            procs = viewers(fleet, stream, args.viewers)
            try:
                time.sleep(5)  # connection and first key frame
                busy = measure(fleet.pid, args.window)
            finally:
                for proc in procs:
                    proc.terminate()
                for proc in procs:
                    proc.wait(10)
            per = (busy - idle) / args.viewers
            print(
                f"{args.viewers} {stream} streams watched: {busy:.1f} % of one core "
                f"-> {per:.1f} % per streaming {stream} camera"
            )
    finally:
        fleet.stop()


if __name__ == "__main__":
    main()
