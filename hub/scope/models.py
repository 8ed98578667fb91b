# SPDX-License-Identifier: GPL-3.0-or-later
"""Tables of out-of-scope approvals and emergency command periods."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hub.db import Base, UtcDateTime


class AccessApproval(Base):
    """A written approval letting a user work outside their scope until it expires."""

    __tablename__ = "access_approvals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    grantee_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    territory_id: Mapped[int] = mapped_column(ForeignKey("territories.id"))
    domain: Mapped[str | None] = mapped_column(String(40))
    document_number: Mapped[str] = mapped_column(String(200))
    document_date: Mapped[date] = mapped_column(Date)
    approver: Mapped[str] = mapped_column(String(200))
    purpose: Mapped[str] = mapped_column(Text)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    recorded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class Emergency(Base):
    """HCM 7.1: a period during which an IOC leader commands every centre."""

    __tablename__ = "emergencies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    raised_by: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    ends_at: Mapped[datetime] = mapped_column(UtcDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
