# SPDX-License-Identifier: GPL-3.0-or-later
"""TOTP secrets at rest: sealed with a key file outside the database, migrated from 0001."""

from __future__ import annotations

import base64
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import inspect, text

from hub.auth import totp
from hub.auth.passwords import PasswordHashing
from hub.auth.secretbox import SecretBox, SecretUnreadable
from hub.contracts import Role
from hub.db import alembic_config, make_engine
from hub.org.models import User
from hub.testing import (
    PASSWORD,
    T0,
    TEST_ARGON2,
    LiveHub,
    Province,
    add_user,
    login,
    postgres_database,
    seed_province,
    settings_for_tests,
)

PG_URL = os.environ.get("VWALL_TEST_PG_URL")


def raw_users(live: LiveHub) -> list[dict[str, object]]:
    with live.hub.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(text("SELECT * FROM users"))]


def test_the_column_never_holds_the_base32_secret(live: LiveHub, province: Province) -> None:
    add_user(live.hub, province, "gina", "districtA", [Role.OPERATOR], enrolled=False)
    with live.client() as http:
        r = http.post("/api/auth/login", json={"username": "gina", "password": PASSWORD})
        auth = {"Authorization": f"Bearer {r.json()['ticket']}"}
        start = http.post("/api/auth/mfa/enrol", headers=auth).json()
        secret = start["secret"]
        stored = raw_users(live)
        with live.hub.engine.connect() as conn:
            tickets = [str(r) for r in conn.execute(text("SELECT * FROM login_tickets"))]
        assert tickets and all(secret not in row for row in tickets)  # pending: sealed too
        code = totp.code_at(secret, live.clock.now())
        auth = {"Authorization": f"Bearer {start['ticket']}"}
        r = http.post("/api/auth/mfa/enrol/confirm", json={"code": code}, headers=auth)
        assert r.status_code == 200
    for row in [*stored, *raw_users(live)]:
        assert "totp_secret" not in row  # the plaintext column is gone
        assert all(secret not in str(value) for value in row.values())
    gina = next(r for r in raw_users(live) if r["username"] == "gina")
    assert str(gina["totp_secret_sealed"]).startswith("v1:")
    # The services see the secret as before.
    with live.hub.sessions() as s:
        user = s.query(User).filter_by(username="gina").one()
        assert user.totp_secret == secret


def test_key_file_is_private_and_outside_the_database(live: LiveHub) -> None:
    key = live.hub.settings.totp_key_file
    assert key.exists() and (key.stat().st_mode & 0o777) == 0o600
    assert key.parent == live.hub.settings.data_dir


def test_a_sealed_secret_only_opens_on_its_own_row(tmp_path: Path) -> None:
    box = SecretBox.load_or_create(tmp_path / "k")
    sealed = box.seal_totp(1, "JBSWY3DPEHPK3PXP")
    assert box.open_totp(1, sealed) == "JBSWY3DPEHPK3PXP"
    with pytest.raises(SecretUnreadable):
        box.open_totp(2, sealed)  # copied onto another user's row
    with pytest.raises(SecretUnreadable):
        SecretBox.load_or_create(tmp_path / "other").open_totp(1, sealed)
    # Flip one byte of the ciphertext itself (editing a base64 character near the end
    # may only touch padding bits and decode to the same bytes).
    prefix, _, body = sealed.partition(":")
    raw = bytearray(base64.urlsafe_b64decode(body))
    raw[len(raw) // 2] ^= 0x01
    tampered = f"{prefix}:{base64.urlsafe_b64encode(bytes(raw)).decode()}"
    with pytest.raises(SecretUnreadable):
        box.open_totp(1, tampered)
    assert SecretBox.load_or_create(tmp_path / "k").open_totp(1, sealed) == "JBSWY3DPEHPK3PXP"


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database (not the migrated template)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.sqlite3'}"
        return
    if not PG_URL:
        pytest.skip("VWALL_TEST_PG_URL is not set (scripts/postgres.sh starts a server)")
    with postgres_database(PG_URL) as url:
        yield url


def _old_hub_with_plaintext_secret(url: str, secret: str) -> None:
    """A database at schema 0001 holding a user whose TOTP secret is plaintext."""
    engine = make_engine(url)
    command.upgrade(alembic_config(engine), "0001_initial")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO territories (id, name, level) VALUES (1, 'P', 'province')"))
        conn.execute(
            text(
                "INSERT INTO org_units (id, name, kind, territory_id, leader, it_focal_point)"
                " VALUES (1, 'IOC', 'province_ioc', 1, 'L', 'IT')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO users (id, username, display_name, unit_id, password_hash,"
                " password_changed_at, password_change_required, totp_secret, totp_enrolled,"
                " disabled, failed_logins, locked, created_at)"
                " VALUES (1, 'old', 'Old', 1, :hash, :t, false, :secret, true, false, 0,"
                " false, :t)"
            ),
            {"hash": PasswordHashing(TEST_ARGON2).hash(PASSWORD), "t": T0, "secret": secret},
        )
    engine.dispose()


def test_migration_seals_existing_plaintext_secrets(empty_db: str, tmp_path: Path) -> None:
    secret = totp.new_secret()
    _old_hub_with_plaintext_secret(empty_db, secret)
    live = LiveHub(settings_for_tests(empty_db, tmp_path / "data")).start()
    try:
        columns = {c["name"] for c in inspect(live.hub.engine).get_columns("users")}
        assert "totp_secret" not in columns and "totp_secret_sealed" in columns
        (row,) = raw_users(live)
        assert secret not in str(row["totp_secret_sealed"])
        # The old user still signs in with the authenticator enrolled before the upgrade.
        assert login(live, Province(secrets={"old": secret}), "old")
    finally:
        live.stop()


def test_migration_refuses_to_run_without_the_key(empty_db: str) -> None:
    _old_hub_with_plaintext_secret(empty_db, totp.new_secret())
    engine = make_engine(empty_db)
    try:
        with pytest.raises(RuntimeError, match="needs the hub's key"):
            command.upgrade(alembic_config(engine), "head")
    finally:
        engine.dispose()


def test_a_replaced_key_file_is_a_clear_503_not_a_crash(
    start_hub: Callable[..., LiveHub], tmp_path: Path
) -> None:
    live = start_hub()
    province = seed_province(live.hub)
    add_user(live.hub, province, "hana", "districtA", [Role.OPERATOR])
    live.stop()
    key = live.hub.settings.totp_key_file
    key.write_bytes(base64.b64encode(os.urandom(32)) + b"\n")  # not the sealing key
    again = start_hub()
    again.clock.advance(seconds=totp.STEP_SECONDS)
    with again.client() as http:
        r = http.post("/api/auth/login", json={"username": "hana", "password": PASSWORD})
        auth = {"Authorization": f"Bearer {r.json()['ticket']}"}
        code = totp.code_at(province.secrets["hana"], again.clock.now())
        r = http.post("/api/auth/mfa", json={"code": code}, headers=auth)
    assert r.status_code == 503
    assert r.json()["code"] == "secret.key_mismatch"
