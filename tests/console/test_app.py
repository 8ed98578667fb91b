# SPDX-License-Identifier: GPL-3.0-or-later
"""`vwall --demo` starts the embedded hub and demo fleet and stops them, children included."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

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


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DISPLAY", "WAYLAND_DISPLAY"}}
    env.pop("QT_QPA_PLATFORM", None)
    # No keyring on a test machine; cheap argon2id for the embedded hub's first admin.
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
    env.update({"VWALL_HUB_ARGON2_TIME_COST": "1", "VWALL_HUB_ARGON2_MEMORY_COST": "256"})
    env.update({"VWALL_HUB_ARGON2_PARALLELISM": "1", **extra})
    return env


def test_without_a_display_it_says_so_and_exits(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "console.app", "--data-dir", str(tmp_path)],
        env=_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "no display" in done.stderr and "Traceback" not in done.stderr
    assert not any(tmp_path.iterdir())  # nothing was started


def test_demo_starts_the_hub_and_simulated_fleet_and_stops_them(tmp_path: Path) -> None:
    errors = (tmp_path / "stderr.txt").open("wb")  # kept for the failure message
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "console.app",
            "--demo",
            "--cameras",
            "2",
            "--data-dir",
            str(tmp_path),
        ],
        stdout=subprocess.PIPE,
        stderr=errors,
        stdin=subprocess.DEVNULL,
        env=_env(QT_QPA_PLATFORM="offscreen"),
    )
    try:
        try:
            lines = _read_until(proc, "embedded stack running", 60)
        except AssertionError as exc:
            errors.flush()
            tail = (tmp_path / "stderr.txt").read_text(errors="replace")[-3000:]
            raise AssertionError(f"{exc}\nstderr:\n{tail}") from None
        cameras = [line.split() for line in lines if line.startswith("cam")]
        assert [c[0] for c in cameras] == ["cam01", "cam02"]
        onvif_url = cameras[0][2]
        children = _children(proc.pid)
        assert len(children) == 2  # the hub and the fleet
        # The first run created the province and printed the admin's one-time password once.
        assert any(line.startswith("one-time password") for line in lines)
        hub_url = next(line for line in lines if "embedded hub at" in line).split()[-1]
        assert requests.get(f"{hub_url}/api/health", timeout=10).status_code == 200
        assert (tmp_path / "demo-hub" / "hub.sqlite3").exists()
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
        errors.close()
