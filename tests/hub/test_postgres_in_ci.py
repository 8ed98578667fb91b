# SPDX-License-Identifier: GPL-3.0-or-later
"""In CI a missing PostgreSQL fails the run instead of skipping every PostgreSQL case
(issue 9, "Tests that guard the rules")."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _start_without_binaries(ci: str | None) -> subprocess.CompletedProcess[str]:
    """``vwall_pg_start`` on a machine where no PostgreSQL binaries are found."""
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "VWALL_TEST_PG_URL")}
    if ci is not None:
        env["CI"] = ci
    script = (
        "set -euo pipefail; source scripts/postgres.sh; "
        "vwall_pg_bindir() { :; }; vwall_pg_start; echo started:${VWALL_TEST_PG_URL:-none}"
    )
    return subprocess.run(
        ["bash", "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def test_postgres_script_fails_in_ci_without_binaries() -> None:
    done = _start_without_binaries("true")
    assert done.returncode != 0
    assert "CI=true and no PostgreSQL server binaries found" in done.stderr
    assert "started:" not in done.stdout
    local = _start_without_binaries(None)  # on a developer's machine: skipped, said so
    assert local.returncode == 0 and "will be skipped" in local.stderr
    assert local.stdout.strip() == "started:none"


def _pytest(ci: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "VWALL_TEST_PG_URL")}
    if ci is not None:
        env["CI"] = ci
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-rfEs",
            "tests/hub/test_cli_init_input.py",
            "-k",
            "twice",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_postgres_cases_fail_in_ci_without_a_server() -> None:
    ci = _pytest("true")
    assert ci.returncode != 0, ci.stdout
    assert "1 passed" in ci.stdout  # the SQLite case ran
    assert "CI=true but VWALL_TEST_PG_URL is not set" in ci.stdout
    assert "skipped" not in ci.stdout
    local = _pytest(None)
    assert local.returncode == 0, local.stdout
    assert "1 passed, 1 skipped" in local.stdout
