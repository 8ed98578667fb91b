# SPDX-License-Identifier: GPL-3.0-or-later
"""Appending to the audit trail and querying it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select, text
from sqlalchemy.orm import Session, sessionmaker

from hub.audit.chain import (
    GENESIS_HASH,
    canonical_detail,
    checkpoint_message,
    public_key_hex,
    record_hash,
)
from hub.audit.models import CHAIN_COLUMNS, AuditCheckpoint, AuditRecord
from hub.clock import Clock, as_utc
from hub.contracts import AuditPage, AuditRecordOut

# Any constant will do; it names "the audit chain head" for pg_advisory_xact_lock.
_PG_CHAIN_LOCK = 0x76_77_61_6C_6C_41


_HEADS = text(
    "SELECT r.seq, r.hash, c.seq, c.ts_us FROM (SELECT 1 AS one) AS o"
    " LEFT JOIN (SELECT seq, hash FROM audit_records ORDER BY seq DESC LIMIT 1) AS r ON 1 = 1"
    " LEFT JOIN (SELECT seq, ts_us FROM audit_checkpoints ORDER BY seq DESC LIMIT 1) AS c"
    " ON 1 = 1"
)


@dataclass(frozen=True)
class Actor:
    """Who did something and from where."""

    user_id: int | None = None
    username: str | None = None
    source: str | None = None


def to_us(moment: datetime) -> int:
    """Microseconds since the epoch (the stored, hashed form of a time)."""
    delta = as_utc(moment) - datetime(1970, 1, 1, tzinfo=UTC)
    return delta.days * 86_400_000_000 + delta.seconds * 1_000_000 + delta.microseconds


def from_us(value: int) -> datetime:
    """Inverse of :func:`to_us`."""
    return datetime.fromtimestamp(value / 1_000_000, UTC)


class AuditTrail:
    """Writes chained records; one appender at a time per database, never a fork."""

    def __init__(
        self, clock: Clock, signing_key: Ed25519PrivateKey, every_records: int, every_minutes: int
    ) -> None:
        self._clock = clock
        self._key = signing_key
        self._pub = public_key_hex(signing_key.public_key())
        self._every_records = every_records
        self._every_us = every_minutes * 60_000_000

    def append(
        self,
        session: Session,
        actor: Actor,
        action: str,
        *,
        outcome: str = "success",
        object_type: str | None = None,
        object_id: object = None,
        reason: str | None = None,
        detail: dict[str, Any] | None = None,
    ) -> AuditRecord:
        """Add a record inside the caller's transaction (it commits with the change).

        The chain head is read under a lock held to commit: on SQLite the whole
        transaction runs under ``BEGIN IMMEDIATE``; on PostgreSQL an advisory
        transaction lock serialises appenders across hub processes.
        """
        if session.get_bind().dialect.name == "postgresql":
            session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_CHAIN_LOCK})
        # Chain head and newest checkpoint in one round trip.
        head_seq, head_hash, cp_seq, cp_ts = session.execute(_HEADS).one()
        seq, prev = (head_seq + 1, head_hash) if head_seq is not None else (1, GENESIS_HASH)
        ts_us = to_us(self._clock.now())
        row = AuditRecord(
            seq=seq,
            ts_us=ts_us,
            actor=actor.username,
            actor_id=actor.user_id,
            source=actor.source,
            action=action,
            object_type=object_type,
            object_id=None if object_id is None else str(object_id),
            outcome=outcome,
            reason=reason,
            detail=canonical_detail(detail),
            prev_hash=prev,
        )
        row.hash = record_hash([getattr(row, c) for c in CHAIN_COLUMNS])
        session.add(row)
        session.flush()
        due = (
            cp_seq is None  # sign the very first record: the key is bound from the start
            or seq - cp_seq >= self._every_records
            or ts_us - cp_ts >= self._every_us
        )
        if due:
            self.checkpoint(session, seq, row.hash, ts_us)
        return row

    def checkpoint(self, session: Session, seq: int, hash_hex: str, ts_us: int) -> None:
        """Sign the chain head ``seq`` and store the checkpoint."""
        sig = self._key.sign(checkpoint_message(seq, hash_hex, ts_us)).hex()
        session.add(
            AuditCheckpoint(
                seq=seq, record_hash=hash_hex, ts_us=ts_us, public_key=self._pub, signature=sig
            )
        )
        session.flush()

    def seal(self, session: Session) -> bool:
        """Sign the chain head now unless already signed (shutdown, before a backup).

        Returns:
            Whether a checkpoint was written.
        """
        if session.get_bind().dialect.name == "postgresql":
            session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_CHAIN_LOCK})
        head = session.execute(
            select(AuditRecord.seq, AuditRecord.hash, AuditRecord.ts_us)
            .order_by(AuditRecord.seq.desc())
            .limit(1)
        ).first()
        if (
            head is None
            or session.scalar(select(AuditCheckpoint.id).where(AuditCheckpoint.seq == head[0]))
            is not None
        ):
            return False
        self.checkpoint(session, head[0], head[1], head[2])
        return True

    def record_now(
        self, factory: sessionmaker[Session], actor: Actor, action: str, **fields: Any
    ) -> None:
        """Append in a transaction of its own (refusals whose request rolls back)."""
        with factory() as session, session.begin():
            self.append(session, actor, action, **fields)


@dataclass(frozen=True)
class AuditFilter:
    """Criteria of an audit query; all optional, combined with AND."""

    actor: str | None = None
    action: str | None = None
    object_type: str | None = None
    object_id: str | None = None
    since: datetime | None = None
    until: datetime | None = None


def query(session: Session, flt: AuditFilter, after: int | None, limit: int) -> AuditPage:
    """Records matching ``flt`` with ``seq > after``, oldest first, at most ``limit``."""
    stmt = select(AuditRecord).order_by(AuditRecord.seq).limit(limit + 1)
    if after is not None:
        stmt = stmt.where(AuditRecord.seq > after)
    if flt.actor is not None:
        stmt = stmt.where(AuditRecord.actor == flt.actor)
    if flt.action is not None:
        stmt = stmt.where(AuditRecord.action == flt.action)
    if flt.object_type is not None:
        stmt = stmt.where(AuditRecord.object_type == flt.object_type)
    if flt.object_id is not None:
        stmt = stmt.where(AuditRecord.object_id == flt.object_id)
    if flt.since is not None:
        stmt = stmt.where(AuditRecord.ts_us >= to_us(flt.since))
    if flt.until is not None:
        stmt = stmt.where(AuditRecord.ts_us < to_us(flt.until))
    rows = list(session.scalars(stmt))
    more = len(rows) > limit
    rows = rows[:limit]
    items = [
        AuditRecordOut(
            seq=r.seq,
            ts=from_us(r.ts_us),
            actor=r.actor,
            actor_id=r.actor_id,
            source=r.source,
            action=r.action,
            object_type=r.object_type,
            object_id=r.object_id,
            outcome=r.outcome,
            reason=r.reason,
            detail=json.loads(r.detail) if r.detail else None,
            prev_hash=r.prev_hash,
            hash=r.hash,
        )
        for r in rows
    ]
    return AuditPage(items=items, next_after=rows[-1].seq if more and rows else None)
