# SPDX-License-Identifier: GPL-3.0-or-later
"""Appending to the audit trail and querying it."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import ColumnElement, String, and_, cast, event, or_, select, text
from sqlalchemy.orm import Session, sessionmaker

from hub.audit.chain import (
    GENESIS_HASH,
    canonical_detail,
    checkpoint_message,
    public_key_hex,
    record_hash,
    write_head,
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


_ANCHOR = "audit_head_to_anchor"
_ANCHOR_HOOKED = "audit_head_hooked"
anchor_log = logging.getLogger("hub.audit.anchor")


def _forget_anchor(session: Session) -> None:
    session.info.pop(_ANCHOR, None)


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
        self,
        clock: Clock,
        signing_key: Ed25519PrivateKey | None,
        every_records: int,
        every_minutes: int,
        head_file: Path | None = None,
    ) -> None:
        self._clock = clock
        # None: this process appends but never signs (a relay host: it holds no hub key);
        # the next hub append that finds a checkpoint due signs the head.
        self._key = signing_key
        self._pub = public_key_hex(signing_key.public_key()) if signing_key else ""
        self._every_records = every_records
        self._every_us = every_minutes * 60_000_000
        # Where the newest checkpoint is anchored outside the database (None: nowhere).
        self.head_file = head_file

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
        self.lock_chain(session)
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
        if due and self._key is not None:
            self.checkpoint(session, seq, row.hash, ts_us)
        return row

    def checkpoint(self, session: Session, seq: int, hash_hex: str, ts_us: int) -> None:
        """Sign the chain head ``seq`` and store the checkpoint."""
        if self._key is None:
            raise RuntimeError("this process holds no audit signing key")
        sig = self._key.sign(checkpoint_message(seq, hash_hex, ts_us)).hex()
        session.add(
            AuditCheckpoint(
                seq=seq, record_hash=hash_hex, ts_us=ts_us, public_key=self._pub, signature=sig
            )
        )
        session.flush()
        # Anchored once the transaction commits (a rolled-back checkpoint never existed).
        if not session.info.get(_ANCHOR_HOOKED):
            session.info[_ANCHOR_HOOKED] = True
            event.listen(session, "after_commit", self._anchor)
            event.listen(session, "after_rollback", _forget_anchor)
        session.info[_ANCHOR] = (seq, hash_hex, ts_us)

    def _anchor(self, session: Session) -> None:
        """After commit: write the head file and log the head (``hub.audit.anchor``)."""
        head = session.info.pop(_ANCHOR, None)
        if head is None or self._key is None:
            return
        seq, hash_hex, ts_us = head
        anchor_log.info(
            "audit checkpoint seq=%d record_hash=%s ts_us=%d public_key=%s",
            seq,
            hash_hex,
            ts_us,
            self._pub,
        )
        if self.head_file is None:
            return
        try:
            write_head(self.head_file, self._key, seq, hash_hex, ts_us)
        except OSError:  # committed already: say so loudly, `audit verify` will too
            anchor_log.exception("cannot write the audit head file %s", self.head_file)

    @staticmethod
    def lock_chain(session: Session) -> None:
        """Take the chain lock for the rest of the caller's transaction (PostgreSQL; SQLite's
        ``BEGIN IMMEDIATE`` already serialises writers).

        A transaction that will append and also write rows another appender writes must
        take it before its first such row: two transactions that take a row and the chain
        in opposite orders deadlock (seen: the health service's round and a health check
        on the same camera).
        """
        if session.get_bind().dialect.name == "postgresql":
            session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_CHAIN_LOCK})

    def seal(self, session: Session) -> bool:
        """Sign the chain head now unless already signed (shutdown, before a backup).

        Returns:
            Whether a checkpoint was written (never without a signing key).
        """
        if self._key is None:
            return False
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


@dataclass(frozen=True)
class AuditReach:
    """The part of the trail a scoped auditor reads: records whose actor is a user of a
    unit inside the scope (territory subtree, and the domain if the scope has one), and
    records about a camera inside the scope. Records without a user (unknown names at the
    login, the system) belong to the whole province: only the IOC's auditors read them."""

    territory_ids: frozenset[int]
    domain: str | None

    def condition(self) -> ColumnElement[bool]:
        """The SQL condition selecting the records in reach."""
        from hub.catalog.models import Camera
        from hub.org.models import OrgUnit, User

        units = select(OrgUnit.id).where(OrgUnit.territory_id.in_(self.territory_ids))
        cameras = select(cast(Camera.id, String)).where(Camera.territory_id.in_(self.territory_ids))
        if self.domain is not None:
            units = units.where(OrgUnit.domain == self.domain)
            cameras = cameras.where(Camera.domain == self.domain)
        users = select(User.id).where(User.unit_id.in_(units))
        return or_(
            AuditRecord.actor_id.in_(users),
            and_(AuditRecord.object_type == "camera", AuditRecord.object_id.in_(cameras)),
        )


def query(
    session: Session,
    flt: AuditFilter,
    after: int | None,
    limit: int,
    reach: AuditReach | None = None,
) -> AuditPage:
    """Records matching ``flt`` with ``seq > after``, oldest first, at most ``limit``;
    only those in ``reach`` when given (``None``: the whole trail, the IOC's auditors)."""
    stmt = select(AuditRecord).order_by(AuditRecord.seq).limit(limit + 1)
    if reach is not None:
        stmt = stmt.where(reach.condition())
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
