# SPDX-License-Identifier: GPL-3.0-or-later
"""Stream grants in the database: every hub process sees every open grant.

One row per grant, written by the hub that opened its relay output (``hub_id``, a random
id per process) and read, renewed and ended through any hub (PostgreSQL: the scale-out
path; the embedded SQLite hub keeps its grants in its process). The URL the console got
is sealed (AES-256-GCM with the hubs' shared secret key, bound to the grant id) and the
token is kept as its SHA-256 only: a copy of the database opens no stream.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Float, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hub.db import Base, UtcDateTime


class StreamGrantRow(Base):
    """One stream grant: its owner, what it shows, its lifetime and how it ended."""

    __tablename__ = "stream_grants"

    grant_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    # The relay's output id: random on the pool's hosts ("p…", what /media/ looks up),
    # a counter on a hub's own relay (unique only within that hub's process).
    output_id: Mapped[str] = mapped_column(String(64), index=True)
    hub_id: Mapped[str] = mapped_column(String(64), index=True)
    user_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    session_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    display_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    camera_id: Mapped[int] = mapped_column(Integer)
    stream: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(16))
    source_key: Mapped[str] = mapped_column(String(200))
    start: Mapped[float | None] = mapped_column(Float, nullable=True)
    rate: Mapped[float] = mapped_column(Float)
    issued_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    # Granted on an emergency without a TN 6.2 reason of the holder's own / without the
    # camera's privacy masks: the renewal re-checks that ground.
    emergency: Mapped[bool] = mapped_column(Boolean, default=False)
    unmasked: Mapped[bool] = mapped_column(Boolean, default=False)
    token_sha256: Mapped[str] = mapped_column(String(64))
    url_sealed: Mapped[str] = mapped_column(Text)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    end_reason: Mapped[str | None] = mapped_column(String(40), nullable=True)


class GrantHolderRow(Base):
    """A hub process holding grant outputs, and when it last checked them (seconds since
    the epoch on the database's clock). A holder silent for long is gone (kill -9, a dead
    machine): its grants are not renewed or redirected through other hubs any more, so
    consoles ask for new ones instead of keeping URLs nobody serves."""

    __tablename__ = "stream_grant_holders"

    hub_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    seen_at: Mapped[float] = mapped_column(Float)
    check_seconds: Mapped[float] = mapped_column(Float)  # how often it stamps
