# SPDX-License-Identifier: GPL-3.0-or-later
"""The login flow: password, then TOTP (or enrolment) or a recovery code, then a session."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from hub.audit.service import Actor
from hub.auth import throttle, totp
from hub.auth.mfa import issue_recovery_codes
from hub.auth.models import AuthSession, LoginTicket, RecoveryCode
from hub.auth.passwords import check_password_policy
from hub.auth.principal import Principal
from hub.auth.sessions import (
    new_token,
    open_session,
    password_change_due,
    revoke_user_sessions,
    token_digest,
)
from hub.context import Hub
from hub.contracts import (
    EnrolmentStart,
    LoginChallenge,
    LoginRequest,
    LoginStage,
    MfaRequest,
    PasswordChange,
    RecoveryCodesRegenerate,
    SessionGrant,
)
from hub.errors import HubError
from hub.org.models import User
from hub.org.service import user_out

LOGIN_FAILED = "auth.login_failed"


def record_login_failure(
    hub: Hub,
    session: Session,
    user: User | None,
    username: str,
    source: str | None,
    action: str,
    reason: str,
) -> HubError:
    """Count a failure (throttle, lockout), audit it; the caller commits then raises."""
    now = hub.clock.now()
    throttle.record_failure(session, throttle.throttle_keys(username, source), now, hub.settings)
    if user is not None:
        user.failed_logins += 1
        # NIST SP 800-63B 5.2.2: lock after at most 100 consecutive failures.
        if not user.locked and user.failed_logins >= hub.settings.lockout_threshold:
            user.locked = True
            hub.audit.append(
                session,
                Actor(user.id, user.username, source),
                "auth.lockout",
                object_type="user",
                object_id=user.id,
                reason=f"{user.failed_logins} consecutive failures",
            )
    hub.audit.append(
        session,
        Actor(user.id if user else None, username[:64], source),
        action,
        outcome="failure",
        object_type="user",
        object_id=user.id if user else None,
        reason=reason,
    )
    return HubError(401, LOGIN_FAILED)


def login(hub: Hub, req: LoginRequest, source: str | None) -> LoginChallenge:
    """Check the password; the same answer and cost whether or not the user exists.

    Failures are counted and audited in a committed transaction, then raised.

    Raises:
        HubError: 401 ``auth.login_failed`` or 429 ``auth.throttled``.
    """
    with hub.sessions() as session, session.begin():
        keys = throttle.throttle_keys(req.username, source)
        try:
            throttle.check_not_throttled(session, keys, hub.clock.now())
        except HubError as exc:
            hub.audit.append(
                session,
                Actor(None, req.username[:64], source),
                "auth.login",
                outcome="failure",
                reason="throttled",
            )
            outcome: LoginChallenge | HubError = exc
        else:
            outcome = _check_password(hub, session, req, source)
    if isinstance(outcome, HubError):
        raise outcome
    return outcome


def _check_password(
    hub: Hub, session: Session, req: LoginRequest, source: str | None
) -> LoginChallenge | HubError:
    """The password step proper: a challenge, or the error to raise after commit."""
    user = session.scalars(select(User).where(User.username == req.username)).one_or_none()
    ok = hub.passwords.verify(user.password_hash if user else None, req.password)
    if user is None:
        return record_login_failure(
            hub, session, None, req.username, source, "auth.login", "unknown_user"
        )
    if not ok:
        return record_login_failure(
            hub, session, user, req.username, source, "auth.login", "bad_password"
        )
    if user.disabled or user.locked:
        reason = "disabled" if user.disabled else "locked"
        return record_login_failure(hub, session, user, req.username, source, "auth.login", reason)
    if hub.passwords.needs_rehash(user.password_hash):
        user.password_hash = hub.passwords.hash(req.password)
    stage = LoginStage.MFA if user.totp_enrolled else LoginStage.ENROL
    token = new_token()
    expires = hub.clock.now() + timedelta(minutes=hub.settings.login_ticket_minutes)
    session.add(
        LoginTicket(
            token_hash=token_digest(token), user_id=user.id, stage=stage.value, expires_at=expires
        )
    )
    hub.audit.append(
        session,
        Actor(user.id, user.username, source),
        "auth.password_ok",
        object_type="user",
        object_id=user.id,
        detail={"next": stage.value},
    )
    return LoginChallenge(stage=stage, ticket=token, expires_at=expires)


def _ticket(session: Session, hub: Hub, token: str, stage: LoginStage) -> tuple[LoginTicket, User]:
    row = session.scalars(
        select(LoginTicket).where(LoginTicket.token_hash == token_digest(token))
    ).one_or_none()
    if row is None or row.used_at is not None or row.stage != stage.value:
        raise HubError(401, "auth.ticket_invalid")
    if hub.clock.now() >= row.expires_at:
        raise HubError(401, "auth.ticket_expired")
    user = session.get(User, row.user_id)
    if user is None or user.disabled or user.locked:
        raise HubError(401, "auth.ticket_invalid")
    return row, user


def _grant(
    hub: Hub,
    session: Session,
    user: User,
    ticket: LoginTicket,
    source: str | None,
    method: str,
    recovery: list[str] | None = None,
) -> SessionGrant:
    now = hub.clock.now()
    ticket.used_at = now
    user.failed_logins = 0
    user.last_login_at = now
    throttle.clear(session, f"user:{user.username}")
    token, row = open_session(session, hub, user, source)
    hub.audit.append(
        session,
        Actor(user.id, user.username, source),
        "auth.login",
        object_type="user",
        object_id=user.id,
        detail={"mfa": method},
    )
    out = user_out(user, password_change_due(hub, user, now))
    return SessionGrant(
        token=token,
        idle_timeout_seconds=hub.settings.session_idle_minutes * 60,
        expires_at=row.expires_at,
        user=out,
        recovery_codes=recovery,
    )


def verify_mfa(hub: Hub, ticket_token: str, req: MfaRequest, source: str | None) -> SessionGrant:
    """Second factor: a fresh TOTP code or an unused recovery code.

    Raises:
        HubError: 401 ``auth.login_failed`` / ``auth.ticket_invalid``, 429 ``auth.throttled``.
    """
    with hub.sessions() as session, session.begin():
        ticket, user = _ticket(session, hub, ticket_token, LoginStage.MFA)
        now = hub.clock.now()
        throttle.check_not_throttled(session, throttle.throttle_keys(user.username, source), now)
        if not user.totp_enrolled or user.totp_secret is None:
            raise HubError(401, "auth.ticket_invalid")  # MFA was reset meanwhile
        if req.code is not None:
            step = totp.matching_step(user.totp_secret, req.code, now, user.totp_last_step)
            if step is not None:
                user.totp_last_step = step  # a used code can never be used again
                return _grant(hub, session, user, ticket, source, "totp")
            reason = "bad_totp"
        else:
            assert req.recovery_code is not None
            wanted = totp.normalise_recovery_code(req.recovery_code)
            for code in session.scalars(
                select(RecoveryCode).where(
                    RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)
                )
            ):
                if hub.passwords.verify(code.code_hash, wanted):
                    code.used_at = now
                    return _grant(hub, session, user, ticket, source, "recovery_code")
            reason = "bad_recovery_code"
        error = record_login_failure(hub, session, user, user.username, source, "auth.mfa", reason)
    raise error


def start_enrolment(hub: Hub, ticket_token: str) -> EnrolmentStart:
    """Give a first-login user a new TOTP secret and its QR code."""
    with hub.sessions() as session, session.begin():
        _, user = _ticket(session, hub, ticket_token, LoginStage.ENROL)
        user.totp_secret = totp.new_secret()
        uri = totp.provisioning_uri(user.totp_secret, user.username, hub.settings.totp_issuer)
        svg, png = totp.qr_images(uri)
        return EnrolmentStart(
            secret=user.totp_secret, otpauth_uri=uri, qr_svg=svg, qr_png_base64=png
        )


def confirm_enrolment(hub: Hub, ticket_token: str, code: str, source: str | None) -> SessionGrant:
    """Activate TOTP with its first code; issue ten recovery codes and a session.

    Raises:
        HubError: 409 ``auth.enrolment_not_started`` or 401 ``auth.login_failed``.
    """
    with hub.sessions() as session, session.begin():
        ticket, user = _ticket(session, hub, ticket_token, LoginStage.ENROL)
        if user.totp_secret is None:
            raise HubError(409, "auth.enrolment_not_started")
        now = hub.clock.now()
        step = totp.matching_step(user.totp_secret, code, now, user.totp_last_step)
        if step is not None:
            user.totp_last_step = step
            user.totp_enrolled = True
            codes = issue_recovery_codes(hub, session, user)
            hub.audit.append(
                session,
                Actor(user.id, user.username, source),
                "auth.mfa_enrolled",
                object_type="user",
                object_id=user.id,
            )
            return _grant(hub, session, user, ticket, source, "totp_enrolment", codes)
        error = record_login_failure(
            hub, session, user, user.username, source, "auth.mfa_enrol", "bad_totp"
        )
    raise error


def logout(hub: Hub, session: Session, principal: Principal) -> None:
    """End the caller's session."""
    row = session.get(AuthSession, principal.session_id)
    if row is not None and row.revoked_at is None:
        row.revoked_at, row.revoked_reason = hub.clock.now(), "logout"
    hub.audit.append(
        session, principal.actor, "auth.logout", object_type="user", object_id=principal.user_id
    )


def change_password(hub: Hub, session: Session, principal: Principal, req: PasswordChange) -> None:
    """Change one's own password; every session of the user (this one too) is revoked.

    Raises:
        HubError: 403 ``auth.wrong_password`` or a ``password.*`` policy error.
    """
    user = session.get(User, principal.user_id)
    assert user is not None
    throttle.check_not_throttled(
        session, throttle.throttle_keys(user.username, principal.source), hub.clock.now()
    )
    if not hub.passwords.verify(user.password_hash, req.current_password):
        # A stolen session must not become a password-guessing oracle: count it.
        record_login_failure(
            hub,
            session,
            user,
            user.username,
            principal.source,
            "auth.password_change",
            "bad_password",
        )
        raise HubError(403, "auth.wrong_password", keep_changes=True)
    check_password_policy(req.new_password, user.username, hub.settings.password_min_length)
    if hub.passwords.verify(user.password_hash, req.new_password):
        raise HubError(422, "password.unchanged")
    now = hub.clock.now()
    user.password_hash = hub.passwords.hash(req.new_password)
    user.password_changed_at = now
    user.password_change_required = False
    revoke_user_sessions(session, user.id, now, "password_change")
    hub.audit.append(
        session, principal.actor, "auth.password_changed", object_type="user", object_id=user.id
    )


def regenerate_recovery_codes(
    hub: Hub, session: Session, principal: Principal, req: RecoveryCodesRegenerate
) -> list[str]:
    """Replace one's ten recovery codes after proving password and a fresh TOTP code.

    A wrong password or code counts as a failed login (throttling, lockout) so a stolen
    session cannot guess either.

    Raises:
        HubError: 403 ``auth.reauthentication_failed``, 409 ``auth.mfa_not_enrolled``.
    """
    user = session.get(User, principal.user_id)
    assert user is not None
    now = hub.clock.now()
    throttle.check_not_throttled(
        session, throttle.throttle_keys(user.username, principal.source), now
    )
    if not user.totp_enrolled or user.totp_secret is None:
        raise HubError(409, "auth.mfa_not_enrolled")
    step = None
    if hub.passwords.verify(user.password_hash, req.password):
        step = totp.matching_step(user.totp_secret, req.code, now, user.totp_last_step)
        reason = "bad_totp"
    else:
        reason = "bad_password"
    if step is None:
        record_login_failure(
            hub, session, user, user.username, principal.source, "auth.recovery_codes", reason
        )
        raise HubError(403, "auth.reauthentication_failed", keep_changes=True)
    user.totp_last_step = step
    codes = issue_recovery_codes(hub, session, user)
    hub.audit.append(
        session,
        principal.actor,
        "auth.recovery_codes_regenerated",
        object_type="user",
        object_id=user.id,
    )
    return codes
