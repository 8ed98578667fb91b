# SPDX-License-Identifier: GPL-3.0-or-later
"""Opaque server-side sessions: idle timeout, absolute lifetime, revocation."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.orm import Session

from hub.auth.models import AuthSession
from hub.auth.principal import Principal
from hub.context import Hub
from hub.contracts import Role
from hub.errors import HubError
from hub.org.models import User


def token_digest(token: str) -> str:
    """What is stored of a bearer token: its SHA-256."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    """A fresh opaque bearer token (256 bits)."""
    return secrets.token_urlsafe(32)


def open_session(
    session: Session, hub: Hub, user: User, source: str | None
) -> tuple[str, AuthSession]:
    """Create a session for ``user``; return the token (shown once) and the row."""
    now = hub.clock.now()
    token = new_token()
    row = AuthSession(
        token_hash=token_digest(token),
        user_id=user.id,
        source=source,
        created_at=now,
        last_seen_at=now,
        expires_at=now + timedelta(hours=hub.settings.session_absolute_hours),
    )
    session.add(row)
    session.flush()
    return token, row


def revoke_user_sessions(
    session: Session, user_id: int, now: datetime, reason: str, keep: int | None = None
) -> None:
    """Revoke every open session of a user (logout everywhere, disable, password change)."""
    stmt = (
        update(AuthSession)
        .where(AuthSession.user_id == user_id, AuthSession.revoked_at.is_(None))
        .values(revoked_at=now, revoked_reason=reason)
    )
    if keep is not None:
        stmt = stmt.where(AuthSession.id != keep)
    session.execute(stmt)


def password_change_due(hub: Hub, user: User, now: datetime) -> bool:
    """Whether the user must change the password before doing anything else."""
    if user.password_change_required:
        return True
    # HCM 12.2, DB 17.4, TN 10.1: administrator passwords are rotated regularly.
    is_admin = any(r.role == Role.ADMIN for r in user.roles)
    max_age = timedelta(days=hub.admin_password_max_age_days)
    return is_admin and now - user.password_changed_at > max_age


def authenticate(session: Session, hub: Hub, token: str, source: str | None) -> Principal:
    """Resolve a bearer token, re-checking the session and the account on every call.

    Raises:
        HubError: 401 ``auth.session_invalid`` / ``auth.session_expired``.
    """
    now = hub.clock.now()
    row = session.query(AuthSession).filter_by(token_hash=token_digest(token)).one_or_none()
    if row is None or row.revoked_at is not None:
        raise HubError(401, "auth.session_invalid")
    idle = timedelta(minutes=hub.settings.session_idle_minutes)
    if now - row.last_seen_at > idle or now >= row.expires_at:
        row.revoked_at, row.revoked_reason = now, "expired"
        raise HubError(401, "auth.session_expired")
    user = session.get(User, row.user_id)
    # A lockout stops new logins only: failed guesses by someone else must not end the
    # owner's open session. Disabling ends it at once.
    if user is None or user.disabled:
        row.revoked_at, row.revoked_reason = now, "account_disabled"
        raise HubError(401, "auth.session_invalid")
    row.last_seen_at = now
    return Principal(
        user_id=user.id,
        username=user.username,
        unit_id=user.unit_id,
        roles=frozenset(Role(r.role) for r in user.roles),
        session_id=row.id,
        source=source,
        password_change_required=password_change_due(hub, user, now),
    )
