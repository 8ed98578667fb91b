# SPDX-License-Identifier: GPL-3.0-or-later
"""Managing a second factor: issuing recovery codes, an administrator's MFA reset."""

from __future__ import annotations

from sqlalchemy import delete
from sqlalchemy.orm import Session

from hub.auth import totp
from hub.auth.models import RecoveryCode
from hub.auth.principal import Principal
from hub.auth.sessions import revoke_user_sessions
from hub.context import Hub
from hub.errors import HubError
from hub.org.models import User


def issue_recovery_codes(hub: Hub, session: Session, user: User) -> list[str]:
    """Replace the user's recovery codes by ten fresh ones (returned once, stored hashed)."""
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = totp.new_recovery_codes()
    for code in codes:
        session.add(RecoveryCode(user_id=user.id, code_hash=hub.passwords.hash(code)))
    return codes


def reset_mfa(hub: Hub, session: Session, actor: Principal, row: User) -> User:
    """Forget a user's authenticator and recovery codes; they enrol again at next login.

    Every session and unused login ticket of the user ends at once.

    Raises:
        HubError: 409 ``user.cannot_reset_own_mfa`` (another administrator must do it).
    """
    if row.id == actor.user_id:
        raise HubError(409, "user.cannot_reset_own_mfa")
    row.totp_secret = None
    row.totp_enrolled = False
    row.totp_last_step = None
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == row.id))
    revoke_user_sessions(session, hub, row.id, "mfa_reset")
    hub.audit.append(session, actor.actor, "user.mfa_reset", object_type="user", object_id=row.id)
    return row
