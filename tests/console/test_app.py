# SPDX-License-Identifier: GPL-3.0-or-later
"""`vwall --demo` starts the embedded demo stack and stops it, children included."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import requests

from camsim.process import LineReader


def _children(pid: int) -> list[int]:
    out = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True, check=False
    )
    return [int(p) for p in out.stdout.split()]


def _read_until(proc: subprocess.Popen[bytes], marker: str, timeout: float) -> list[str]:
    assert proc.stdout is not None
    reader = LineReader(proc.stdout.fileno())
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    try:
        while (line := reader.next_line(deadline)) is not None:
            lines.append(line)
            if marker in line:
                return lines
    finally:
        reader.close()
    raise AssertionError(f"no {marker!r} in output: {lines}")


def test_demo_starts_the_simulated_fleet_and_stops_it() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "console.app", "--demo", "--cameras", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
    )
    try:
        lines = _read_until(proc, "embedded stack running", 60)
        cameras = [line.split() for line in lines if line.startswith("cam")]
        assert [c[0] for c in cameras] == ["cam01", "cam02"]
        onvif_url = cameras[0][2]
        children = _children(proc.pid)
        assert len(children) == 1
        # The simulated camera is a real device on loopback.
        port = int(onvif_url.split(":")[2].split("/")[0])
        reply = requests.post(
            f"http://127.0.0.1:{port}/onvif/device_service", data=b"x", timeout=10
        )
        assert reply.status_code == 400
        proc.send_signal(signal.SIGINT)
        assert proc.wait(30) == 0
        assert all(subprocess.run(["kill", "-0", str(c)], check=False).returncode for c in children)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
        if proc.stdout:
            proc.stdout.close()
