# SPDX-License-Identifier: GPL-3.0-or-later
"""The table of publications: each blurred copy of a case medium made for a channel is a
row (the final tracks, who, when, the hashes of the copy and of the original), never
rewritten into another: publishing again is a new row."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hub.db import Base, UtcDateTime


class Publication(Base):
    """One published copy of a case medium (``tracks_json``: the tracks blurred)."""

    __tablename__ = "case_publications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    media_id: Mapped[int] = mapped_column(ForeignKey("case_media.id"))
    channel: Mapped[str] = mapped_column(String(30))
    status: Mapped[str] = mapped_column(String(20))
    tracks_json: Mapped[str] = mapped_column(Text)
    track_count: Mapped[int] = mapped_column(Integer)
    masks_json: Mapped[str] = mapped_column(Text)
    note: Mapped[str] = mapped_column(Text, default="")
    original_sha256: Mapped[str] = mapped_column(String(64))
    published_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    published_unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"))
    published_at: Mapped[datetime] = mapped_column(UtcDateTime)
    built_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    file_name: Mapped[str | None] = mapped_column(String(200))
    sha256: Mapped[str | None] = mapped_column(String(64))
    size: Mapped[int | None] = mapped_column(BigInteger)
    failure: Mapped[str | None] = mapped_column(String(300))
    # A render in progress holds a lease (hub.leases); ``attempts`` counts its starts.
    lease_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
