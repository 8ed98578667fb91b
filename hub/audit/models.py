# SPDX-License-Identifier: GPL-3.0-or-later
"""Audit tables: append-only records chained by SHA-256 and signed checkpoints."""

from __future__ import annotations

from sqlalchemy import BigInteger, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hub.db import Base

# Column order of the canonical serialisation; the verifier reads them in this order.
CHAIN_COLUMNS = (
    "seq",
    "ts_us",
    "actor",
    "actor_id",
    "source",
    "action",
    "object_type",
    "object_id",
    "outcome",
    "reason",
    "detail",
    "prev_hash",
)


class AuditRecord(Base):
    """One event: who, from where, when, what, on which object, outcome, reason."""

    __tablename__ = "audit_records"

    seq: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=False
    )
    ts_us: Mapped[int] = mapped_column(BigInteger, index=True)
    actor: Mapped[str | None] = mapped_column(String(64), index=True)
    actor_id: Mapped[int | None] = mapped_column(BigInteger)
    source: Mapped[str | None] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64), index=True)
    object_type: Mapped[str | None] = mapped_column(String(40))
    object_id: Mapped[str | None] = mapped_column(String(80))
    outcome: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(Text)
    detail: Mapped[str | None] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    __table_args__ = (Index("ix_audit_records_object", "object_type", "object_id"),)


class AuditCheckpoint(Base):
    """An Ed25519 signature over the chain head at ``seq`` (TN 11.3)."""

    __tablename__ = "audit_checkpoints"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, unique=True)
    record_hash: Mapped[str] = mapped_column(String(64))
    ts_us: Mapped[int] = mapped_column(BigInteger)
    public_key: Mapped[str] = mapped_column(String(64))
    signature: Mapped[str] = mapped_column(String(128))
