# SPDX-License-Identifier: GPL-3.0-or-later
"""Audit trail: tampering of any kind is found by `audit verify`; appends never fork."""

from __future__ import annotations

import stat
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, exc, text

from hub.audit.chain import public_path
from hub.audit.models import CHAIN_COLUMNS
from hub.audit.service import Actor
from hub.audit.verify import verify_chain
from hub.cli import main as cli
from hub.context import Hub, open_hub
from hub.db import transaction
from hub.testing import T0, settings_for_tests

RECORDS = 12


@pytest.fixture
def hub(db_url: str, tmp_path: Path) -> Iterator[Hub]:
    """A hub (no HTTP) whose chain holds RECORDS records, signed every 5."""
    from hub.clock import ManualClock

    clock = ManualClock(T0)
    h = open_hub(settings_for_tests(db_url, tmp_path / "data", checkpoint_every_records=5), clock)
    for i in range(RECORDS):
        clock.advance(seconds=1)
        with transaction(h.sessions) as s:
            h.audit.append(
                s,
                Actor(i, f"user{i}", "10.0.0.1"),
                "test.event",
                object_type="thing",
                object_id=i,
                reason=f"reason {i}",
                detail={"i": i, "text": "Nhật ký hệ thống"},
            )
    with transaction(h.sessions) as s:
        h.audit.seal(s)
    yield h
    h.engine.dispose()


@pytest.fixture
def raw(hub: Hub) -> Iterator[Engine]:
    """A superuser-like connection with the append-only guards switched off (the attacker)."""
    engine = create_engine(hub.engine.url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            for name in (
                conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'")
                .scalars()
                .all()
            ):
                conn.exec_driver_sql(f"DROP TRIGGER {name}")
        else:
            for table in ("audit_records", "audit_checkpoints"):
                conn.exec_driver_sql(f"ALTER TABLE {table} DISABLE TRIGGER USER")
    yield engine
    engine.dispose()


def run(engine: Engine, sql: str, **params: object) -> None:
    with engine.connect() as conn:
        conn.execute(text(sql), params)


def test_intact_chain_verifies_with_the_key(hub: Hub) -> None:
    from hub.audit.chain import load_public_key

    result = verify_chain(hub.engine, load_public_key(public_path(hub.settings.key_path)))
    assert result.ok, result.problem
    assert result.records == RECORDS
    assert result.checkpoints >= RECORDS // 5


def test_signing_key_file_is_private(hub: Hub) -> None:
    assert stat.S_IMODE(hub.settings.key_path.stat().st_mode) == 0o600


def test_database_refuses_update_and_delete(hub: Hub) -> None:
    for sql in (
        "UPDATE audit_records SET actor = 'mallory' WHERE seq = 3",
        "DELETE FROM audit_records WHERE seq = 3",
        "UPDATE audit_checkpoints SET signature = '00'",
        "DELETE FROM audit_checkpoints",
    ):
        with pytest.raises(exc.DatabaseError, match="append-only"), hub.engine.begin() as conn:
            conn.execute(text(sql))
    if hub.engine.dialect.name == "postgresql":
        with pytest.raises(exc.DatabaseError, match="append-only"), hub.engine.begin() as conn:
            conn.execute(text("TRUNCATE audit_records"))
    assert verify_chain(hub.engine).ok


def _tampered_value(column: str, value: object) -> object:
    if isinstance(value, int):
        return value + 1
    if value is None:
        return "x"
    return str(value)[:-1] + ("0" if not str(value).endswith("0") else "1")


@pytest.mark.parametrize("column", [*CHAIN_COLUMNS[1:], "hash"])
def test_changing_any_field_of_any_row_is_detected(hub: Hub, raw: Engine, column: str) -> None:
    for seq in range(1, RECORDS + 1):
        with raw.connect() as conn:
            original = conn.execute(
                text(f"SELECT {column} FROM audit_records WHERE seq = :s"), {"s": seq}
            ).scalar()
        run(
            raw,
            f"UPDATE audit_records SET {column} = :v WHERE seq = :s",
            v=_tampered_value(column, original),
            s=seq,
        )
        result = verify_chain(hub.engine)
        assert not result.ok and result.first_bad_seq == seq, (column, seq, result)
        run(raw, f"UPDATE audit_records SET {column} = :v WHERE seq = :s", v=original, s=seq)
    assert verify_chain(hub.engine).ok


def test_changing_seq_is_detected(hub: Hub, raw: Engine) -> None:
    run(raw, "UPDATE audit_records SET seq = 1000 WHERE seq = 4")
    result = verify_chain(hub.engine)
    assert result.first_bad_seq == 4 and "missing" in (result.problem or "")


@pytest.mark.parametrize("seq", [1, 6, RECORDS])
def test_deleting_a_row_is_detected(hub: Hub, raw: Engine, seq: int) -> None:
    run(raw, "DELETE FROM audit_records WHERE seq = :s", s=seq)
    result = verify_chain(hub.engine)
    assert not result.ok and result.first_bad_seq == seq, result


def test_swapping_two_rows_is_detected(hub: Hub, raw: Engine) -> None:
    cols = [c for c in (*CHAIN_COLUMNS, "hash") if c != "seq"]
    with raw.connect() as conn:
        a = conn.execute(text(f"SELECT {', '.join(cols)} FROM audit_records WHERE seq = 3")).one()
        b = conn.execute(text(f"SELECT {', '.join(cols)} FROM audit_records WHERE seq = 7")).one()
    assign = ", ".join(f"{c} = :{c}" for c in cols)
    run(raw, f"UPDATE audit_records SET {assign} WHERE seq = 3", **dict(zip(cols, b, strict=True)))
    run(raw, f"UPDATE audit_records SET {assign} WHERE seq = 7", **dict(zip(cols, a, strict=True)))
    result = verify_chain(hub.engine)
    assert not result.ok and result.first_bad_seq == 3, result


def test_inserting_a_row_is_detected(hub: Hub, raw: Engine) -> None:
    # Make room after record 5 by moving the tail up, then put a forged record there.
    for seq in range(RECORDS, 5, -1):
        run(raw, "UPDATE audit_records SET seq = :n WHERE seq = :s", n=seq + 1, s=seq)
    run(
        raw,
        "INSERT INTO audit_records (seq, ts_us, actor, action, outcome, prev_hash, hash)"
        " SELECT 6, ts_us, 'mallory', 'forged', 'success', hash, hash"
        " FROM audit_records WHERE seq = 5",
    )
    result = verify_chain(hub.engine)
    assert not result.ok and result.first_bad_seq == 6, result


def test_rewriting_the_tail_consistently_is_caught_by_checkpoints(hub: Hub, raw: Engine) -> None:
    from hub.audit.chain import record_hash

    cols = ", ".join(CHAIN_COLUMNS)
    with raw.connect() as conn:
        rows = [
            list(r)
            for r in conn.execute(
                text(f"SELECT {cols} FROM audit_records WHERE seq >= 8 ORDER BY seq")
            )
        ]
    prev = None
    for row in rows:  # the attacker recomputes every hash after the change
        if row[0] == 8:
            row[CHAIN_COLUMNS.index("actor")] = "mallory"
        if prev is not None:
            row[-1] = prev
        prev = record_hash(row)
        run(
            raw,
            "UPDATE audit_records SET actor = :a, prev_hash = :p, hash = :h WHERE seq = :s",
            a=row[2],
            p=row[-1],
            h=prev,
            s=row[0],
        )
    result = verify_chain(hub.engine)
    # Checkpoints sign records 1, 6, 11 and 12: the forgery shows at 11, within 7..11.
    assert not result.ok and result.first_bad_seq == 11, result
    assert "records 7..11 were rewritten" in (result.problem or "")


def test_cutting_the_tail_is_detected(hub: Hub, raw: Engine) -> None:
    run(raw, "DELETE FROM audit_records WHERE seq > 10")
    result = verify_chain(hub.engine)
    assert not result.ok and result.first_bad_seq == 11, result


def test_forged_checkpoint_or_foreign_key_is_detected(
    hub: Hub, raw: Engine, tmp_path: Path
) -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    other = Ed25519PrivateKey.generate().public_key()
    result = verify_chain(hub.engine, other)
    assert not result.ok and "another key" in (result.problem or "")
    run(raw, "UPDATE audit_checkpoints SET signature = :s WHERE seq = 6", s="00" * 64)
    result = verify_chain(hub.engine)
    assert not result.ok and result.first_bad_seq == 6


def test_cli_verify_exit_status_names_the_record(
    hub: Hub, raw: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    pub = str(public_path(hub.settings.key_path))
    # The spelling: `vwall-hub audit verify --db URL --key PUBFILE`.
    args = [
        "audit",
        "verify",
        "--db",
        hub.engine.url.render_as_string(hide_password=False),
        "--key",
        pub,
    ]
    assert cli(args) == 0
    assert f"OK, {RECORDS} records" in capsys.readouterr().out
    run(raw, "UPDATE audit_records SET outcome = 'denied' WHERE seq = 9")
    assert cli(args) == 1
    assert "FAILED at record 9" in capsys.readouterr().out


def test_concurrent_writers_never_fork_the_chain(hub: Hub) -> None:
    # Four "hub processes" (own engines and pools) append at once, eight threads each.
    others = [open_hub(hub.settings, migrate=False) for _ in range(4)]
    errors: list[BaseException] = []
    per_thread = 15

    def writer(h: Hub, n: int) -> None:
        try:
            for i in range(per_thread):
                with transaction(h.sessions) as s:
                    h.audit.append(s, Actor(n, f"w{n}", None), "test.concurrent", object_id=i)
        except BaseException as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=writer, args=(others[n % 4], n)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for h in others:
        h.engine.dispose()
    assert not errors
    result = verify_chain(hub.engine)
    assert result.ok, result.problem
    assert result.records == RECORDS + 8 * per_thread


def test_database_renders_the_same_canonical_text(db_url: str, tmp_path: Path) -> None:
    from hub.audit.chain import record_hash
    from hub.audit.verify import canonical_sql

    h = open_hub(settings_for_tests(db_url, tmp_path / "d"))
    tricky = [
        'q"uote',
        "back\\slash",
        "line\nbreak\ttab\rcr",
        "Nhật ký hệ thống",
        "😀",
        "\u2028",
        "/",
        "",
        "' OR 1=1 --",
    ]
    with transaction(h.sessions) as s:
        for i, value in enumerate(tricky):
            h.audit.append(
                s,
                Actor(i, value[:64] or None, value),
                value or "x",
                object_type="t",
                object_id=value,
                reason=value,
                detail={"v": value, "n": i, "nested": [value, None]},
            )
    cols = ", ".join(CHAIN_COLUMNS)
    with h.engine.connect() as conn:
        rows = conn.execute(
            text(
                f"SELECT {cols}, hash, {canonical_sql(h.engine.dialect.name)}"
                " FROM audit_records ORDER BY seq"
            )
        ).all()
    for row in rows:
        values = list(row[:12])
        assert record_hash(values) == row[12]
        from hub.audit.chain import _encode

        assert row[13] == _encode(values), values  # the fast path is really taken
    assert verify_chain(h.engine).ok
    h.engine.dispose()


# The range joins are what the parallel walk adds; in-range checks are the same code.
@pytest.mark.parametrize("tamper", ["delete", "swap_links"])
def test_parallel_walk_finds_the_same_first_bad_record(
    hub: Hub, raw: Engine, tamper: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import hub.audit.verify as verify

    monkeypatch.setattr(verify, "PARALLEL_FROM", 0)
    assert verify_chain(hub.engine, workers=3).ok
    if tamper == "delete":
        run(raw, "DELETE FROM audit_records WHERE seq = 5")  # the first record of range 2
        want = 5
    else:
        run(raw, "UPDATE audit_records SET prev_hash = :h WHERE seq = 9", h="0" * 64)
        want = 9  # the first record of range 3: only the join between ranges shows it
    serial = verify_chain(hub.engine, workers=1)
    parallel = verify_chain(hub.engine, workers=3)
    assert serial.first_bad_seq == parallel.first_bad_seq == want, (serial, parallel)


# --- The sealed head outside the database (issue 9, item 8) ------------------------------


def verify_args(hub: Hub) -> list[str]:
    """`vwall-hub audit verify` as an auditor runs it: the database and the public key
    (the head file is found beside it)."""
    return [
        "audit",
        "verify",
        "--db",
        hub.engine.url.render_as_string(hide_password=False),
        "--key",
        str(public_path(hub.settings.key_path)),
    ]


def cut_tail(raw: Engine, after: int) -> None:
    """The attack of the issue: records and their checkpoints after ``after`` deleted."""
    run(raw, "DELETE FROM audit_checkpoints WHERE seq > :n", n=after)
    run(raw, "DELETE FROM audit_records WHERE seq > :n", n=after)


def test_head_file_is_signed_atomic_and_holds_no_secret(hub: Hub) -> None:
    import json

    from cryptography.hazmat.primitives import serialization

    from hub.audit.chain import head_path, load_or_create_signing_key, read_head

    path = head_path(hub.settings.key_path)
    head = read_head(path)
    assert head.seq == RECORDS and head.signature_valid()  # sealed at the last record
    body = json.loads(path.read_text())
    assert set(body) == {"format", "seq", "record_hash", "ts_us", "public_key", "signature"}
    key = load_or_create_signing_key(hub.settings.key_path)
    raw_private = key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    assert raw_private.hex() not in path.read_text() and b"PRIVATE" not in path.read_bytes()
    # Written by rename: no temporary file is left beside it.
    assert not [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")]


def test_every_checkpoint_moves_the_head_and_logs_it(
    hub: Hub, caplog: pytest.LogCaptureFixture
) -> None:
    from hub.audit.chain import head_path, read_head

    path = head_path(hub.settings.key_path)
    caplog.set_level("INFO", logger="hub.audit.anchor")
    for i in range(5):  # checkpoints every 5 records: the 5th after 12 (17) is signed
        with transaction(hub.sessions) as s:
            hub.audit.append(s, Actor(None, "x", None), "test.more", reason=str(i))
    assert read_head(path).seq == 17
    lines = [r.getMessage() for r in caplog.records if r.name == "hub.audit.anchor"]
    assert len(lines) == 1 and "seq=17" in lines[0]


def test_a_rolled_back_checkpoint_does_not_move_the_head(hub: Hub) -> None:
    from hub.audit.chain import head_path, read_head

    path = head_path(hub.settings.key_path)
    with pytest.raises(RuntimeError), transaction(hub.sessions) as s:
        for i in range(5):
            hub.audit.append(s, Actor(None, "x", None), "test.more", reason=str(i))
        raise RuntimeError("rolled back")
    assert read_head(path).seq == RECORDS
    assert verify_chain(hub.engine, head=path).ok


def test_cutting_records_and_their_checkpoints_fails_verify(
    hub: Hub, raw: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before, deleting records 11..12 and their checkpoints left a chain that said OK."""
    assert cli(verify_args(hub)) == 0
    assert f"head anchored at record {RECORDS}" in capsys.readouterr().out
    cut_tail(raw, 10)
    assert cli(verify_args(hub)) == 1
    out = capsys.readouterr().out
    assert "FAILED at record 11" in out and "the trail was cut" in out, out
    assert "records 11..12" in out and "database ends at record 10" in out, out


def test_a_cut_tail_written_again_fails_verify(
    hub: Hub, raw: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    """Cut after 10, then new records 11.. appended by the hub itself (valid links, even
    a valid checkpoint at 11): record 12 is not the record the head sealed."""
    cut_tail(raw, 10)
    for i in range(3):
        with transaction(hub.sessions) as s:
            hub.audit.append(s, Actor(None, "x", None), "test.rewritten", reason=str(i))
    assert cli(verify_args(hub)) == 1
    out = capsys.readouterr().out
    assert "FAILED at record 12" in out and "cut and written again" in out, out


def test_a_removed_checkpoint_named_by_the_head_fails_verify(
    hub: Hub, raw: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    run(raw, "DELETE FROM audit_checkpoints WHERE seq = :n", n=RECORDS)
    assert cli(verify_args(hub)) == 1
    assert "checkpoint of record 12" in capsys.readouterr().out


@pytest.mark.parametrize("forgery", ["other_key", "edited", "checkpoint_replayed"])
def test_a_rewritten_head_file_is_detected(
    hub: Hub, raw: Engine, forgery: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The attacker cuts the tail and rewrites the head file to match what is left."""
    import json

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from hub.audit.chain import head_path, write_head

    cut_tail(raw, 10)
    path = head_path(hub.settings.key_path)
    with raw.connect() as conn:
        seq, rec_hash, ts_us, sig = conn.execute(
            text(
                "SELECT seq, record_hash, ts_us, signature FROM audit_checkpoints"
                " ORDER BY seq DESC LIMIT 1"
            )
        ).one()
    body = json.loads(path.read_text())
    if forgery == "other_key":
        path.unlink()
        write_head(path, Ed25519PrivateKey.generate(), seq, rec_hash, ts_us)
        want = "signed by another key"
    else:
        body |= {"seq": seq, "record_hash": rec_hash, "ts_us": ts_us}
        if forgery == "checkpoint_replayed":  # a real signature of the hub's key, from the db
            body["signature"] = sig
        path.write_text(json.dumps(body))
        want = "invalid signature"
    assert cli(verify_args(hub)) == 1
    assert want in capsys.readouterr().out


def test_a_deleted_head_file_fails_verify(
    hub: Hub, raw: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    from hub.audit.chain import head_path

    head_path(hub.settings.key_path).unlink()
    assert cli(verify_args(hub)) == 1
    out = capsys.readouterr().out
    assert "FAILED: the head file" in out and "is missing" in out, out


def test_records_after_the_last_checkpoint_are_reported_unsealed(
    hub: Hub, capsys: pytest.CaptureFixture[str]
) -> None:
    for i in range(2):  # 13 and 14: no checkpoint before 17
        with transaction(hub.sessions) as s:
            hub.audit.append(s, Actor(None, "x", None), "test.more", reason=str(i))
    assert cli(verify_args(hub)) == 0
    captured = capsys.readouterr()
    assert "OK, 14 records" in captured.out
    assert "warning: records 13..14 came after the last checkpoint (unsealed)" in captured.err
