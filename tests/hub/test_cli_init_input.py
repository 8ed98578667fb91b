# SPDX-License-Identifier: GPL-3.0-or-later
"""`vwall-hub init` with bad names: a clear message and exit status 2, never a traceback
(issue 9, item 14)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from hub.cli import main


def run_init(db_url: str, tmp_path: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "VWALL_HUB_DATA_DIR": str(tmp_path / "data")}
    args = ["init", "--province", "Thái Nguyên", "--leader", "A", "--it-focal-point", "B"]
    return subprocess.run(
        [sys.executable, "-m", "hub.cli", "--db", db_url, *args, *extra],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("extra", "says"),
    [
        (["--operator", "op"], "argument --operator: 'op' is not a valid user name"),
        (["--operator", "Ca Trực"], "argument --operator: 'Ca Trực' is not a valid user name"),
        (["--admin", "x"], "argument --admin: 'x' is not a valid user name"),
        (["--operator", "admin"], "argument --operator: must differ"),
        (["--ioc-name", ""], "argument --ioc-name: '' is not a valid name"),
    ],
)
def test_init_refuses_bad_names_clearly(
    db_url: str, tmp_path: Path, extra: list[str], says: str
) -> None:
    done = run_init(db_url, tmp_path, *extra)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and "pydantic" not in done.stderr
    assert says in done.stderr
    assert done.stdout == ""  # no one-time password of a half-made province


def test_init_twice_is_refused_without_a_traceback(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["--db", db_url, "--data-dir", str(tmp_path / "d")]
    args = ["init", "--province", "Thái Nguyên", "--leader", "A", "--it-focal-point", "B"]
    assert main([*base, *args, "--operator", "vanhanh"]) == 0
    capsys.readouterr()
    assert main([*base, *args, "--operator", "vanhanh"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("vwall-hub init: refused:")
