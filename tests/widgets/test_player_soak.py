# SPDX-License-Identifier: GPL-3.0-or-later
"""A short run of the player soak (bench/player_soak.py) on every CI run.

Hundreds of play / switch / stop cycles of the console's libVLC players over the hub's
relay, with refused connections, wrong tokens, grants closed mid-stream and the relay
worker killed: no abort, no stuck or hung player, every checked switch shows a picture,
and nothing (threads, file descriptors) is left behind. The full soak (10,000 cycles,
with the SRT comparison) is the benchmark itself.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SOAK = Path(__file__).resolve().parents[2] / "bench" / "player_soak.py"


def test_300_cycles_of_switching_revoking_and_relay_kills_leave_nothing_behind() -> None:
    done = subprocess.run(
        [sys.executable, str(SOAK), "--cycles", "300", "--kill-every", "150", "--json"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    assert lines, f"the soak printed no report:\n{done.stderr[-3000:]}"
    report = json.loads(lines[-1])
    print(report)
    assert report["transport"] == "http" and report["cycles"] == 300
    assert (report["aborts"], report["hung"], report["stuck"]) == (0, 0, 0)
    assert report["pictures_checked"] >= 5 and report["pictures_missing"] == 0
    assert report["relay_kills"] == 2
    assert set(report["scenarios"]) == {"switch", "refused", "wrong", "revoke"}
    assert report["threads_leaked"] <= 0 and report["fds_leaked"] <= 0
    assert report["rss_growth_mb"] < 50
    assert report["clean"] and done.returncode == 0
