# SPDX-License-Identifier: GPL-3.0-or-later
"""The embedded stack runs the hub as a child on loopback and leaves no child behind."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import requests

from console.embedded import EmbeddedStack

CHEAP_ARGON2 = {
    "VWALL_HUB_ARGON2_TIME_COST": "1",
    "VWALL_HUB_ARGON2_MEMORY_COST": "256",
    "VWALL_HUB_ARGON2_PARALLELISM": "1",
}


def _alive(pid: int) -> bool:
    return subprocess.run(["kill", "-0", str(pid)], check=False).returncode == 0


def test_hub_child_starts_on_loopback_initialises_once_and_stops(tmp_path: Path) -> None:
    stack = EmbeddedStack(data_dir=tmp_path, province="Quảng Bình", hub_env=CHEAP_ARGON2)
    stack.start()
    try:
        assert stack.hub_url.startswith("http://127.0.0.1:")
        assert requests.get(f"{stack.hub_url}/api/health", timeout=10).status_code == 200
        [pid] = stack.children()
        assert stack.fleet is None  # cameras only with --demo
        report = stack.init_report
        assert "administrator 'admin'" in report
        password = report.split("first login): ")[1].split()[0]
    finally:
        stack.stop()
    assert stack.children() == []
    assert not _alive(pid)  # stopped and reaped
    # The one-time password is printed, never stored in the data dir.
    for path in (tmp_path / "hub").rglob("*"):
        if path.is_file():
            assert password.encode() not in path.read_bytes(), path

    again = EmbeddedStack(data_dir=tmp_path, hub_env=CHEAP_ARGON2)
    again.start()
    try:
        assert again.init_report == ""  # the first run only
        assert requests.get(f"{again.hub_url}/api/health", timeout=10).ok
    finally:
        again.stop()
    assert again.children() == []


def test_a_hub_that_cannot_start_leaves_no_child(tmp_path: Path) -> None:
    stack = EmbeddedStack(data_dir=tmp_path, hub_env={**CHEAP_ARGON2, "VWALL_HUB_PROFILE": "XX"})
    (tmp_path / "hub").mkdir()
    (tmp_path / "hub" / "hub.sqlite3").touch()  # "already initialised": go straight to serve
    with pytest.raises(RuntimeError, match="did not start"):
        stack.start()
    assert stack.hub is None and stack.children() == []
