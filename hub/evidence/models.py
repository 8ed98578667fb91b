# SPDX-License-Identifier: GPL-3.0-or-later
"""The table of evidence packages: each export of a case as a package is a row (who asked,
who approved, what it holds, the hash of what left), never updated into another export:
a repeat is a new row with its own approval and record."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hub.db import Base, UtcDateTime


class EvidencePackage(Base):
    """One package of a case, recorded with the case export it is (``export_id``)."""

    __tablename__ = "evidence_packages"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    export_id: Mapped[int] = mapped_column(ForeignKey("case_exports.id"), unique=True)
    raw: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(20))
    requested_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    requested_unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"))
    requested_at: Mapped[datetime] = mapped_column(UtcDateTime)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    decision_note: Mapped[str | None] = mapped_column(Text)
    built_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    file_name: Mapped[str | None] = mapped_column(String(200))
    sha256: Mapped[str | None] = mapped_column(String(64))
    size: Mapped[int | None] = mapped_column(BigInteger)
    manifest_sha256: Mapped[str | None] = mapped_column(String(64))
    content_sha256: Mapped[str | None] = mapped_column(String(64))
    key_fingerprint: Mapped[str | None] = mapped_column(String(80))
    timestamp_kind: Mapped[str | None] = mapped_column(String(20))
    failure: Mapped[str | None] = mapped_column(String(300))
    downloaded_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # While ``building``: the builder's lease and how many builds started (hub.leases).
    lease_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
