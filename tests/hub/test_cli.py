# SPDX-License-Identifier: GPL-3.0-or-later
"""`vwall-hub serve / init / audit verify` as a user runs them, and settings."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from hub.cli import main
from hub.context import open_hub
from hub.contracts import Role
from hub.org.models import User
from hub.settings import Argon2Params, Settings, normalise_db_url, settings_from_env
from hub.testing import wait_until


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def test_serve_migrates_and_answers(db_url: str, tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "VWALL_HUB_DATA_DIR": str(tmp_path / "data")}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "hub.cli",
            "serve",
            "--db",
            db_url,
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:

        def up() -> bool:
            assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
            try:
                return httpx.get(f"http://127.0.0.1:{port}/api/health").status_code == 200
            except httpx.TransportError:
                return False

        wait_until(up, timeout=30, what="vwall-hub serve")
        spec = httpx.get(f"http://127.0.0.1:{port}/openapi.json").json()
        assert spec["info"]["title"] == "vwall hub"
    finally:
        proc.terminate()
        proc.wait(timeout=15)
    for name in ("audit-signing-key.pem", "totp-secret-key"):
        key = tmp_path / "data" / name
        assert key.exists() and (key.stat().st_mode & 0o777) == 0o600


def test_init_then_verify(db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = ["--db", db_url, "--data-dir", str(tmp_path / "d")]
    assert (
        main(
            [
                *base,
                "init",
                "--province",
                "Thái Nguyên",
                "--leader",
                "Ông A",
                "--it-focal-point",
                "Bà B",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "one-time password" in out
    assert "regulation profile: TN — Quyết định số …/2026/QĐ-UBND, chưa có số" in out
    assert "jurisdiction served: Thái Nguyên" in out
    assert main([*base, "audit", "verify"]) == 0
    assert "audit verify: OK, 3 records" in capsys.readouterr().out


def test_profile_command_prints_the_chosen_profile(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["profile", "--profile", "dh"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["code"] == "DH" and shown["hand_off"]["transfer"]["amount"] == 5


def test_no_command_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "serve" in capsys.readouterr().out


def test_settings_from_environment() -> None:
    s = settings_from_env(
        {
            "VWALL_HUB_DB_URL": "postgresql://u@h/db",
            "VWALL_HUB_LOCKOUT_THRESHOLD": "7",
            "VWALL_HUB_ARGON2_TIME_COST": "1",
            "VWALL_HUB_DATA_DIR": "/tmp/x",
        }
    )
    assert s.database_url == "postgresql+psycopg://u@h/db"
    assert s.lockout_threshold == 7
    assert s.argon2 == Argon2Params(time_cost=1)
    assert s.key_path == Path("/tmp/x/audit-signing-key.pem")
    assert normalise_db_url("hub.db").startswith("sqlite:////")
    # Defaults follow NIST SP 800-63B and the issue: ≤100 failures, 30 min idle, 12 h.
    d = settings_from_env({})
    assert d.lockout_threshold <= 100 and d.session_idle_minutes == 30
    assert d.session_absolute_hours == 12 and d.password_min_length == 12


def test_init_with_a_demo_operator(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["--db", db_url, "--data-dir", str(tmp_path / "d")]
    args = ["init", "--province", "Quảng Bình", "--leader", "A", "--it-focal-point", "B"]
    assert main([*base, *args, "--operator", "vanhanh"]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if x.startswith("shift supervisor 'vanhanh'"))
    password = line.rsplit(" ", 1)[1]
    settings = Settings(db_url=db_url, data_dir=tmp_path / "d")
    hub = open_hub(settings)
    try:
        with hub.sessions() as s:
            user = s.query(User).filter_by(username="vanhanh").one()
            assert [r.role for r in user.roles] == [Role.SUPERVISOR.value]
            assert user.password_change_required
            assert hub.passwords.verify(user.password_hash, password)
    finally:
        hub.close()
