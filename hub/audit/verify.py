# SPDX-License-Identifier: GPL-3.0-or-later
"""`audit verify`: walk the hash chain and the signed checkpoints, name the first bad record."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import Engine, create_engine

from hub.audit.chain import (
    GENESIS_HASH,
    checkpoint_message,
    public_key_hex,
    read_head,
    record_hash,
)
from hub.audit.models import CHAIN_COLUMNS

_BATCH = 20_000
# Below this many records one process is quicker than starting workers.
PARALLEL_FROM = 200_000


@dataclass
class VerifyResult:
    """Outcome of a verification; ``first_bad_seq`` is ``None`` when all is well."""

    records: int = 0
    checkpoints: int = 0
    first_bad_seq: int | None = None
    problem: str | None = None
    warnings: list[str] = field(default_factory=list)
    # The record the head file anchors, when one was read.
    anchored_seq: int | None = None

    @property
    def ok(self) -> bool:
        """Whether the chain and every checkpoint verified."""
        return self.first_bad_seq is None and self.problem is None


@dataclass
class _Segment:
    """What one walker saw of records ``start..end``."""

    start: int
    end: int
    records: int = 0
    first_prev: str | None = None
    last_hash: str | None = None
    last_checkpoint: int = 0
    bad_seq: int | None = None
    problem: str | None = None


def _load_checkpoints(
    engine: Engine, key: Ed25519PublicKey | None, result: VerifyResult
) -> dict[int, str] | None:
    expected_pub = public_key_hex(key) if key is not None else None
    out: dict[int, str] = {}
    with engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT seq, record_hash, ts_us, public_key, signature FROM audit_checkpoints"
            " ORDER BY seq"
        ).all()
    for seq, rec_hash, ts_us, pub_hex, sig_hex in rows:
        if expected_pub is not None and pub_hex != expected_pub:
            result.first_bad_seq = seq
            result.problem = f"checkpoint at record {seq} is signed by another key"
            return None
        try:
            pub = Ed25519PublicKey.from_public_bytes(bytes.fromhex(pub_hex))
            pub.verify(bytes.fromhex(sig_hex), checkpoint_message(seq, rec_hash, ts_us))
        except (ValueError, InvalidSignature):
            result.first_bad_seq = seq
            result.problem = f"checkpoint at record {seq} has an invalid signature"
            return None
        out[seq] = rec_hash
    result.checkpoints = len(out)
    if key is None and out:
        result.warnings.append(
            "no public key given: checkpoints checked against the key "
            "they carry, which proves consistency but not origin"
        )
    return out


def _nullable(col: str) -> str:
    return f"COALESCE(to_json({col})::text, 'null')"


def canonical_sql(dialect: str) -> str:
    """SQL building a record's canonical JSON text (as ``record_hash`` serialises it).

    The database only renders text; the hub hashes it. Were the database's rendering to
    differ from Python's for some value, the hash would not match and the record is
    re-checked from its columns (see ``_confirm``), so this can never hide a change.
    """
    cols = CHAIN_COLUMNS
    if dialect == "sqlite":
        return f"json_array({', '.join(cols)})"
    parts = []
    for col in cols:
        if col in ("seq", "ts_us"):
            parts.append(f"{col}::text")
        elif col == "actor_id":
            parts.append("COALESCE(actor_id::text, 'null')")
        else:
            parts.append(_nullable(col))
    return "'[' || " + " || ',' || ".join(parts) + " || ']'"


def _cursor(engine: Engine, sql: str, params: tuple[int, ...]) -> Iterator[tuple[Any, ...]]:
    mark = "?" if engine.dialect.paramstyle == "qmark" else "%s"
    raw = engine.raw_connection()
    try:
        # A named (server-side) cursor keeps PostgreSQL from sending everything at once.
        cur = (
            raw.cursor(name="vwall_verify")
            if engine.dialect.name == "postgresql"
            else (raw.cursor())
        )
        cur.execute(sql.replace("?", mark), params)
        while batch := cur.fetchmany(_BATCH):
            yield from batch
        cur.close()
    finally:
        raw.rollback()
        raw.close()


def _rows(engine: Engine, start: int, end: int) -> Iterator[tuple[Any, ...]]:
    """``(seq, prev_hash, hash, canonical text)`` of records ``start..end`` in order."""
    sql = (
        f"SELECT seq, prev_hash, hash, {canonical_sql(engine.dialect.name)} "
        "FROM audit_records WHERE seq >= ? AND seq <= ? ORDER BY seq"
    )
    return _cursor(engine, sql, (start, end))


def _confirm(engine: Engine, seq: int, stored: str) -> bool:
    """Re-hash one record from its columns with the hub's own serialisation."""
    sql = f"SELECT {', '.join(CHAIN_COLUMNS)} FROM audit_records WHERE seq = ? AND seq = ?"
    rows = list(_cursor(engine, sql, (seq, seq)))
    return bool(rows) and record_hash(rows[0]) == stored


def _walk(engine: Engine, start: int, end: int, checkpoints: dict[int, str]) -> _Segment:
    seg = _Segment(start, end)
    expected, prev = start, None
    last_good = 0
    sha256 = hashlib.sha256
    for seq, prev_hash, stored, text in _rows(engine, start, end):
        if seq != expected:
            seg.bad_seq, seg.problem = expected, f"record {expected} is missing"
            return seg
        if prev is None:
            seg.first_prev = prev = prev_hash
        if prev_hash != prev:
            seg.bad_seq, seg.problem = seq, f"record {seq} does not link to record {seq - 1}"
            return seg
        if sha256(text.encode()).hexdigest() != stored and not _confirm(engine, seq, stored):
            seg.bad_seq, seg.problem = seq, f"record {seq} was changed (hash mismatch)"
            return seg
        if seq in checkpoints:
            if checkpoints[seq] != stored:
                seg.bad_seq = seq
                seg.problem = (
                    f"record {seq} differs from its signed checkpoint: records "
                    f"{max(last_good, start - 1) + 1}..{seq} were rewritten"
                )
                return seg
            last_good = seq
        prev = stored
        expected += 1
    seg.records = expected - start
    seg.last_hash = prev
    seg.last_checkpoint = last_good
    if expected <= end:
        seg.bad_seq, seg.problem = expected, f"record {expected} is missing"
    return seg


def _walk_in_worker(url: str, start: int, end: int, checkpoints: dict[int, str]) -> _Segment:
    engine = create_engine(url, poolclass=None)
    try:
        return _walk(engine, start, end, checkpoints)
    finally:
        engine.dispose()


def _bounds(engine: Engine) -> tuple[int, int]:
    with engine.connect() as conn:
        row = conn.exec_driver_sql("SELECT COUNT(*), MAX(seq) FROM audit_records").one()
    return int(row[0]), int(row[1] or 0)


def verify_chain(
    engine: Engine,
    key: Ed25519PublicKey | None = None,
    workers: int | None = None,
    head: Path | None = None,
) -> VerifyResult:
    """Check every record's hash, the links between records and every checkpoint.

    Detects a changed field (hash mismatch), a removed record (gap in ``seq``), an
    inserted or reordered record (link mismatch), a rewritten chain (checkpoint hash
    mismatch) and a truncated tail (checkpoint beyond the last record; with ``head``, the
    sealed head file: records and their checkpoints cut, a cut tail written again, a
    missing, forged or foreign head file). Records after the last checkpoint are
    reported as unsealed (a warning). Long chains
    are split into contiguous ranges walked by worker processes; the joins between
    ranges are checked afterwards, so the answer is the same as a single walk.
    """
    result = VerifyResult()
    checkpoints = _load_checkpoints(engine, key, result)
    if checkpoints is None:
        return result
    count, last = _bounds(engine)
    top = max(last, max(checkpoints, default=0))
    workers = workers or os.cpu_count() or 1
    if workers < 2 or count < PARALLEL_FROM:
        segments = [_walk(engine, 1, top, checkpoints)]
    else:
        step = -(-top // workers)
        ranges = [(lo, min(top, lo + step - 1)) for lo in range(1, top + 1, step)]
        url = engine.url.render_as_string(hide_password=False)
        with ProcessPoolExecutor(len(ranges), mp_context=get_context("spawn")) as pool:
            futures = [
                pool.submit(
                    _walk_in_worker,
                    url,
                    lo,
                    hi,
                    {s: h for s, h in checkpoints.items() if lo <= s <= hi},
                )
                for lo, hi in ranges
            ]
            segments = [f.result() for f in futures]
    prev_hash = GENESIS_HASH
    for seg in segments:
        result.records += seg.records
        if seg.bad_seq is not None and seg.records == 0 and seg.first_prev is None:
            result.first_bad_seq, result.problem = seg.bad_seq, seg.problem
            return result
        if seg.first_prev is not None and seg.first_prev != prev_hash:
            result.first_bad_seq = seg.start
            result.problem = f"record {seg.start} does not link to record {seg.start - 1}"
            return result
        if seg.bad_seq is not None:
            result.first_bad_seq, result.problem = seg.bad_seq, seg.problem
            return result
        prev_hash = seg.last_hash or prev_hash
    if last > 0 and top > last:
        result.first_bad_seq = last + 1
        result.problem = f"record {last + 1} is missing: a checkpoint covers record {top}"
        return result
    if head is not None:
        _check_head(engine, result, head, key, checkpoints, last)
    sealed = max(checkpoints, default=0)
    if result.ok and last > sealed:
        first = sealed + 1
        span = f"record {first}" if first == last else f"records {first}..{last}"
        result.warnings.append(
            f"{span} came after the last checkpoint (unsealed): until the next checkpoint "
            "they could be changed or removed without this check noticing"
        )
    return result


def _check_head(
    engine: Engine,
    result: VerifyResult,
    path: Path,
    key: Ed25519PublicKey | None,
    checkpoints: dict[int, str],
    last: int,
) -> None:
    """Compare the trail with the sealed head anchored outside the database."""
    try:
        head = read_head(path)
    except FileNotFoundError:
        if last == 0 and not checkpoints:
            result.warnings.append(f"no head file at {path} yet (the trail is empty)")
            return
        result.problem = (
            f"the head file {path} is missing: the sealed head is not anchored, so a cut "
            "tail cannot be ruled out (restore the file, or compare with the "
            "hub.audit.anchor lines of the system journal)"
        )
        return
    except (OSError, ValueError) as exc:
        result.problem = f"the head file {path} cannot be read: {exc}"
        return
    result.anchored_seq = head.seq
    expected = public_key_hex(key) if key is not None else _checkpoint_key(engine)
    if not head.signature_valid():
        result.problem = f"the head file {path} has an invalid signature (forged or damaged)"
        return
    if expected is not None and head.public_key != expected:
        result.problem = f"the head file {path} is signed by another key (forged)"
        return
    sealed_at = datetime.fromtimestamp(head.ts_us / 1e6, UTC).isoformat(timespec="seconds")
    if head.seq > last:
        result.first_bad_seq = last + 1
        gone = f"record {head.seq}" if head.seq == last + 1 else f"records {last + 1}..{head.seq}"
        result.problem = (
            f"the trail was cut: the head file seals record {head.seq} (checkpoint of "
            f"{sealed_at}) but the database ends at record {last}; {gone} and their "
            "checkpoints were removed"
        )
        return
    with engine.connect() as conn:
        stored = conn.exec_driver_sql(
            "SELECT hash FROM audit_records WHERE seq = " + str(int(head.seq))
        ).scalar()
    if stored != head.record_hash:
        result.first_bad_seq = head.seq
        result.problem = (
            f"record {head.seq} differs from the sealed head of {sealed_at}: the tail was "
            "cut and written again"
        )
        return
    if checkpoints.get(head.seq) != head.record_hash:
        result.first_bad_seq = head.seq
        result.problem = (
            f"the checkpoint of record {head.seq} ({sealed_at}), anchored by the head "
            "file, was removed from the database"
        )


def _checkpoint_key(engine: Engine) -> str | None:
    """The public key of the newest checkpoint (all verified above to be one key when a
    key was given; without one, the head must at least match the trail's own)."""
    with engine.connect() as conn:
        value = conn.exec_driver_sql(
            "SELECT public_key FROM audit_checkpoints ORDER BY seq DESC LIMIT 1"
        ).scalar()
    return None if value is None else str(value)
