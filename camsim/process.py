# SPDX-License-Identifier: GPL-3.0-or-later
"""Run a simulated fleet as a separate process (tests, the embedded demo, benchmarks)."""

from __future__ import annotations

import ctypes
import json
import os
import selectors
import signal
import subprocess
import sys
import tempfile
import time
from typing import IO, Any

import requests

PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """Runs in the child before exec: SIGTERM it when the process that started it dies.

    Linux ties this to the thread that forked, so start fleets from a long-lived thread.
    """
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


class LineReader:
    """Lines from a child's stdout pipe, with a deadline.

    Reads the raw descriptor: a buffered ``readline()`` after ``select()`` can swallow
    several lines at once and then wait for data that already arrived.
    """

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self._buffer = b""
        self._selector = selectors.DefaultSelector()
        self._selector.register(fd, selectors.EVENT_READ)

    def next_line(self, deadline: float) -> str | None:
        """The next line (without its newline), or None at end of file or deadline."""
        while b"\n" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            if not self._selector.select(min(remaining, 0.5)):
                continue
            chunk = os.read(self.fd, 65536)
            if not chunk:
                return None
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return line.decode("utf-8", "replace")

    def close(self) -> None:
        self._selector.close()


class ChildProcess:
    """A supervised child: stderr kept in a temporary file, stopped with SIGTERM then SIGKILL.

    Children get a parent-death signal, so none outlives the process that started it.
    """

    def __init__(self) -> None:
        self.proc: subprocess.Popen[bytes] | None = None
        self._stderr: IO[str] | None = None

    def _spawn(
        self, args: list[str], *, stdout: int, env: dict[str, str] | None = None
    ) -> subprocess.Popen[bytes]:
        self._stderr = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115
        self.proc = subprocess.Popen(
            args,
            stdout=stdout,
            stderr=self._stderr,
            stdin=subprocess.DEVNULL,
            env=env,
            preexec_fn=_die_with_parent,
        )
        return self.proc

    def stderr_text(self) -> str:
        """What the child wrote to stderr (its log)."""
        if self._stderr is None:
            return ""
        self._stderr.seek(0)
        return self._stderr.read()

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def stop(self, timeout: float = 20.0) -> int | None:
        """SIGTERM, then SIGKILL if it does not end in time; returns the exit code."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        if self.proc.stdout:
            self.proc.stdout.close()
        code = self.proc.returncode
        if self._stderr:
            self._stderr.close()
            self._stderr = None
        return code


class FleetProcess(ChildProcess):
    """A ``vwall-camsim`` child process and the inventory it printed.

    It reads the inventory from the first JSON line on the child's stdout, and stops
    the child with SIGTERM (SIGKILL after a grace period).
    """

    def __init__(self, cameras: int = 4, *extra_args: str) -> None:
        self.args = [
            sys.executable,
            "-m",
            "camsim.cli",
            "--cameras",
            str(cameras),
            "--base-port",
            "0",
            *extra_args,
        ]
        super().__init__()
        self.inventory: dict[str, Any] = {}

    def start(self, timeout: float = 60.0) -> FleetProcess:
        proc = self._spawn(
            self.args, stdout=subprocess.PIPE, env={**os.environ, "PYTHONUNBUFFERED": "1"}
        )
        assert proc.stdout is not None
        lines = LineReader(proc.stdout.fileno())
        deadline = time.monotonic() + timeout
        try:
            while (line := lines.next_line(deadline)) is not None:
                if line.startswith("{"):
                    self.inventory = json.loads(line)
                    return self
        finally:
            lines.close()
        self.stop()
        raise RuntimeError(f"camera simulator did not start:\n{self.stderr_text()}")

    @property
    def cameras(self) -> list[dict[str, Any]]:
        return list(self.inventory["cameras"])

    @property
    def control_url(self) -> str:
        return str(self.inventory["control_url"])

    def camera(self, camera_id: str) -> dict[str, Any]:
        for entry in self.cameras:
            if entry["id"] == camera_id:
                return entry
        raise KeyError(camera_id)

    def first(self, kind: str) -> dict[str, Any]:
        """The first camera of a kind ("dome" or "fixed")."""
        return next(c for c in self.cameras if c["kind"] == kind)

    def rtsp_url(self, camera_id: str, stream: str = "sub", query: str = "") -> str:
        """The stream URL with the device credentials in it (what a puller uses)."""
        entry = self.camera(camera_id)
        url = str(entry["rtsp"][stream])
        creds = f"{entry['username']}:{entry['password']}@"
        url = url.replace("rtsp://", f"rtsp://{creds}", 1)
        return f"{url}?{query}" if query else url

    def set_faults(self, camera_id: str, **faults: Any) -> dict[str, Any]:
        resp = requests.post(
            f"{self.control_url}/cameras/{camera_id}/faults", json=faults, timeout=10
        )
        resp.raise_for_status()
        return dict(resp.json())

    def clear_faults(self, camera_id: str) -> None:
        requests.delete(
            f"{self.control_url}/cameras/{camera_id}/faults", timeout=10
        ).raise_for_status()

    def emit_event(self, camera_id: str, kind: str, data: dict[str, str]) -> dict[str, Any]:
        resp = requests.post(
            f"{self.control_url}/cameras/{camera_id}/events",
            json={"kind": kind, "data": data},
            timeout=10,
        )
        resp.raise_for_status()
        return dict(resp.json())

    def ptz(self, camera_id: str) -> dict[str, Any]:
        resp = requests.get(f"{self.control_url}/cameras/{camera_id}/ptz", timeout=10)
        resp.raise_for_status()
        return dict(resp.json())

    def stream_stats(self, camera_id: str) -> dict[str, int]:
        """RTSP connections and running encoders of one camera."""
        resp = requests.get(f"{self.control_url}/cameras/{camera_id}/streams", timeout=10)
        resp.raise_for_status()
        return dict(resp.json())

    def store_recording(
        self, camera_id: str, start: float, end: float, stream: str = "main"
    ) -> int:
        """Have the camera store ``[start, end)`` of a stream now (a recorder has its
        archive on disk; the simulator otherwise encodes a range while replaying it)."""
        resp = requests.post(
            f"{self.control_url}/cameras/{camera_id}/recordings",
            json={"stream": stream, "start": start, "end": end},
            timeout=180,
        )
        resp.raise_for_status()
        return int(resp.json()["segments"])

    def __enter__(self) -> FleetProcess:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
