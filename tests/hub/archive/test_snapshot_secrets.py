# SPDX-License-Identifier: GPL-3.0-or-later
"""No secret in a child's arguments or environment (issue 9, item 5).

Every local user reads ``/proc/<pid>/cmdline`` and ``/proc/<pid>/environ`` of every
process: the frame grabber the hub starts for a snapshot must find the device's URL, its
credentials and the relay's passphrase elsewhere. The test watches the hub's children
(the hub runs in this process) while snapshots are taken and reads both files.
"""

from __future__ import annotations

import os
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.hub.archive.world import ArchiveWorld, recorded_instant

CANARY = "canary-Secret-of-the-hub-environment"


def _children() -> dict[int, str]:
    """Live direct children of this process: pid -> command name."""
    me = os.getpid()
    out: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid …: comm may hold spaces, so split after the last ")".
        comm = stat[stat.index("(") + 1 : stat.rindex(")")]
        ppid = int(stat[stat.rindex(")") + 2 :].split()[1])
        if ppid == me:
            out[int(entry.name)] = comm
    return out


class ChildWatcher:
    """Reads cmdline and environ of every ffmpeg child while it runs."""

    def __init__(self) -> None:
        self.seen: dict[int, tuple[bytes, bytes]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            for pid, comm in _children().items():
                if comm != "ffmpeg" or pid in self.seen:
                    continue
                try:
                    cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
                    environ = Path(f"/proc/{pid}/environ").read_bytes()
                except OSError:
                    continue  # gone already (or not ours to read)
                if cmdline:  # an empty cmdline: still between fork and exec
                    self.seen[pid] = (cmdline, environ)
            self._stop.wait(0.001)

    def __enter__(self) -> ChildWatcher:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


def _take(world: ArchiveWorld, camera_id: int, body: dict[str, Any]) -> None:
    with world.client("operator") as http:
        r = http.post(f"/api/cameras/{camera_id}/snapshots", json=body)
    assert r.status_code == 200, r.text


def test_snapshot_grabber_gets_no_secret_in_argv_or_environment(
    world: ArchiveWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VWALL_HUB_DB_URL_CANARY", CANARY)
    entry, camera_id = world.camera(0)
    password = entry["password"]
    assert len(password) >= 8
    at = recorded_instant(world, camera_id, time.time() - 2 * 3600)
    live = {"stream": "sub"}  # ffmpeg reads the device's RTSP URL (credentials in it)
    archive = {"stream": "sub", "at": datetime.fromtimestamp(at, UTC).isoformat()}
    for body in (live, archive):  # archive: the relay's private output and its token
        with ChildWatcher() as watcher:
            _take(world, camera_id, body)
        assert watcher.seen, "no frame grabber was seen running"
        for pid, (cmdline, environ) in watcher.seen.items():
            args = cmdline.decode(errors="replace")
            env = environ.decode(errors="replace")
            for text in (args, env):
                assert password not in text, f"camera password visible in /proc/{pid}"
                assert entry["username"] + ":" not in text
                assert "token=" not in text and "passphrase=" not in text
                assert "rtsp://" not in text and "http://" not in text
                assert CANARY not in text, f"the hub's environment is in /proc/{pid}"
            names = {item.split("=", 1)[0] for item in env.split("\0") if item}
            assert names <= {"PATH", "LC_ALL"}
