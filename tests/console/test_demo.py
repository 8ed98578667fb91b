# SPDX-License-Identifier: GPL-3.0-or-later
"""`vwall --demo`: the simulated cameras are in the embedded hub's catalogue, at the same
addresses from one demo run to the next."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from console.embedded import EmbeddedStack
from tests.console.test_embedded import CHEAP_ARGON2


def catalogue(stack: EmbeddedStack) -> list[dict[str, object]]:
    hub_dir = stack.hub_dir
    done = subprocess.run(
        [sys.executable, "-m", "hub.cli", "--db", str(hub_dir / "hub.sqlite3"), "--data-dir",
         str(hub_dir), "cameras", "list", "--json"],
        capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    cameras = json.loads(done.stdout)
    assert isinstance(cameras, list)
    return cameras


def test_demo_cameras_are_catalogued_once_at_stable_addresses(tmp_path: Path) -> None:
    stack = EmbeddedStack(demo=True, demo_cameras=2, data_dir=tmp_path, hub_env=CHEAP_ARGON2)
    stack.start()
    try:
        assert "onboarded 2, skipped 0, failed 0" in stack.onboard_report
        first = [c["onvif"]["url"] for c in stack.fleet.cameras] if stack.fleet else []
    finally:
        stack.stop()
    again = EmbeddedStack(demo=True, demo_cameras=2, data_dir=tmp_path, hub_env=CHEAP_ARGON2)
    again.start()
    try:
        assert "onboarded 0, skipped 2, failed 0" in again.onboard_report
        assert again.fleet is not None
        assert [c["onvif"]["url"] for c in again.fleet.cameras] == first
    finally:
        again.stop()
    cameras = catalogue(again)
    assert sorted(str(c["code"]) for c in cameras) == ["cam01", "cam02"]
    assert {c["territory_id"] for c in cameras} == {1}  # the province ``init`` created
    inventory = again.hub_dir / "demo-inventory.json"
    assert inventory.stat().st_mode & 0o077 == 0  # camera credentials: owner only
