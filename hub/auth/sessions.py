# SPDX-License-Identifier: GPL-3.0-or-later
"""Opaque server-side sessions: idle timeout, absolute lifetime, revocation."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from hub.auth.models import AuthSession, LoginTicket
from hub.auth.principal import Principal
from hub.context import Hub
from hub.contracts import Role
from hub.errors import HubError
from hub.events import disconnect_after_commit
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
    session: Session, hub: Hub, user_id: int, reason: str, keep: int | None = None
) -> None:
    """End everything a user is signed in with: every open session (but ``keep``), every
    unspent login ticket, and, once the transaction commits, the sessions' event streams.

    Called when the user enrols, changes or has reset the password or MFA, or is
    disabled. Both live in the database, so every hub process sharing it sees the end.
    """
    now = hub.clock.now()
    stmt = (
        update(AuthSession)
        .where(AuthSession.user_id == user_id, AuthSession.revoked_at.is_(None))
        .values(revoked_at=now, revoked_reason=reason)
    )
    if keep is not None:
        stmt = stmt.where(AuthSession.id != keep)
    session.execute(stmt)
    session.execute(
        update(LoginTicket)
        .where(LoginTicket.user_id == user_id, LoginTicket.used_at.is_(None))
        .values(used_at=now)
    )
    disconnect_after_commit(
        session, hub.events, lambda s: s.user_id == user_id and s.session_id != keep
    )


def end_session(session: Session, hub: Hub, session_id: int, reason: str) -> None:
    """End one session (logout) and, once the transaction commits, its event streams."""
    row = session.get(AuthSession, session_id)
    if row is not None and row.revoked_at is None:
        row.revoked_at, row.revoked_reason = hub.clock.now(), reason
    disconnect_after_commit(session, hub.events, lambda s: s.session_id == session_id)


def ended_sessions(session: Session, hub: Hub, session_ids: set[int]) -> set[int]:
    """Which of ``session_ids`` are no longer valid: revoked (by any hub process sharing
    the database), idle or past their lifetime, or of a disabled account. Read-only."""
    if not session_ids:
        return set()
    now = hub.clock.now()
    idle = timedelta(minutes=hub.settings.session_idle_minutes)
    rows = session.execute(
        select(
            AuthSession.id,
            AuthSession.revoked_at,
            AuthSession.last_seen_at,
            AuthSession.expires_at,
            User.disabled,
        )
        .join(User, User.id == AuthSession.user_id)
        .where(AuthSession.id.in_(session_ids))
    ).all()
    alive = {
        ident
        for ident, revoked_at, last_seen_at, expires_at, disabled in rows
        if revoked_at is None and not disabled and now - last_seen_at <= idle and now < expires_at
    }
    return session_ids - alive


def password_change_due(hub: Hub, user: User, now: datetime) -> bool:
    """Whether the user must change the password before doing anything else."""
    if user.password_change_required:
        return True
    # HCM 12.2, DB 17.4, TN 10.1: administrator passwords are rotated regularly.
    is_admin = any(r.role == Role.ADMIN for r in user.roles)
    max_age = timedelta(days=hub.admin_password_max_age_days)
    return is_admin and now - user.password_changed_at > max_age


def authenticate(
    session: Session, hub: Hub, token: str, source: str | None, touch: bool = True
) -> Principal:
    """Resolve a bearer token, re-checking the session and the account on every call.

    ``touch`` counts the call as activity (the idle timeout restarts); the event stream
    re-checks with ``touch=False``: idle time counts operator actions, not pushes.

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
    if touch:
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
