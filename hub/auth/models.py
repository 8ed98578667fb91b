# SPDX-License-Identifier: GPL-3.0-or-later
"""Tables of sessions, login tickets, recovery codes and per-source throttling."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from hub.db import Base, UtcDateTime


class AuthSession(Base):
    """A signed-in session; only the SHA-256 of its opaque token is stored."""

    __tablename__ = "auth_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    source: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    last_seen_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    revoked_reason: Mapped[str | None] = mapped_column(String(40))


class LoginTicket(Base):
    """Proof of a correct password, good for one step of one purpose (``stage``) only.

    ``mfa``: the second factor; ``enrol``: start an enrolment (spent there, it gives an
    ``enrol_conf`` ticket); ``enrol_conf``: confirm it with the first code of
    ``pending_secret_sealed`` (sealed like ``users.totp_secret_sealed``, for the same user).
    A ticket is spent on its successful use, and every unspent ticket of a user is spent
    when the user enrols, changes or has reset the password or MFA, or is disabled.
    """

    __tablename__ = "login_tickets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    stage: Mapped[str] = mapped_column(String(10))
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    pending_secret_sealed: Mapped[str | None] = mapped_column(String(200))


class RecoveryCode(Base):
    """One of ten one-time recovery codes, stored as an argon2id hash."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(256))
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class LoginThrottle(Base):
    """Failures in the sliding window per key (`ip:<addr>` or `user:<name>`, existing or
    not) and the next attempt they allow, for slow-down."""

    __tablename__ = "login_throttles"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class LoginFailure(Base):
    """One failed attempt on a throttle key: the sliding window counts these."""

    __tablename__ = "login_failures"
    __table_args__ = (Index("ix_login_failures_key_at", "key", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(80))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
