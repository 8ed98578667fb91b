# SPDX-License-Identifier: GPL-3.0-or-later
"""The login flow: password, then TOTP (or enrolment) or a recovery code, then a session."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hub.audit.service import Actor
from hub.auth import throttle, totp
from hub.auth.gate import LoginGateFull
from hub.auth.mfa import issue_recovery_codes
from hub.auth.models import LoginTicket, RecoveryCode
from hub.auth.passwords import check_password_policy
from hub.auth.principal import Principal
from hub.auth.secretbox import SecretBox
from hub.auth.sessions import (
    end_session,
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
from hub.errors import HubError, PendingAudit
from hub.org.models import User
from hub.org.service import user_out

LOGIN_FAILED = "auth.login_failed"
# Ticket stages that are not a LoginStage the client sees: confirming a started enrolment.
ENROL_CONFIRM = "enrol_conf"


@contextmanager
def _login_step(hub: Hub) -> Iterator[Session]:
    """A login step's own transaction; a refusal carrying an audit record has it written
    after the rollback (these routes have no request transaction)."""
    try:
        with hub.sessions() as session, session.begin():
            yield session
    except HubError as exc:
        if exc.audit is not None:
            hub.audit.record_now(
                hub.sessions, exc.audit.actor, exc.audit.action, **exc.audit.fields
            )
        raise


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


# A password step re-verifies when the account's password changed while it was hashing;
# after this many changes in a row it gives up (audited, like any refusal).
_PASSWORD_ROUNDS = 3


async def login_async(hub: Hub, req: LoginRequest, source: str | None) -> LoginChallenge:
    """:func:`login` on the hub's login gate, never on a request thread; with every
    worker busy and the queue full the attempt is refused at once (429, audited).

    Raises:
        HubError: 401 ``auth.login_failed`` or 429 ``auth.throttled``.
    """
    try:
        return await hub.login_gate.run(lambda: login(hub, req, source))
    except LoginGateFull:
        pass
    await asyncio.to_thread(
        hub.audit.record_now,
        hub.sessions,
        Actor(None, req.username[:64], source),
        "auth.login",
        outcome="failure",
        reason="busy",
    )
    raise HubError(429, "auth.throttled", {"retry_after": 1.0})


def login(hub: Hub, req: LoginRequest, source: str | None) -> LoginChallenge:
    """Check the password; the same answer and cost whether or not the user exists.

    No transaction is open while argon2id runs (~0.1 s): one short transaction reads
    the throttle and the account, the password is verified, and another records the
    outcome, re-reading the account under lock (a password changed meanwhile is
    verified again; disabled, locked and the failure counters are those of now).
    Failures are counted and audited in that committed transaction, then raised.

    Raises:
        HubError: 401 ``auth.login_failed`` or 429 ``auth.throttled``.
    """
    keys = throttle.throttle_keys(req.username, source)
    for _ in range(_PASSWORD_ROUNDS):
        throttled: HubError | None = None
        with hub.sessions() as session, session.begin():
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
                throttled = exc
            seen = _account(session, req.username)
        if throttled is not None:
            raise throttled
        # Outside any transaction: the database is free while argon2id works.
        ok = hub.passwords.verify(seen[1] if seen else None, req.password)
        rehashed = (
            hub.passwords.hash(req.password)
            if ok and seen and hub.passwords.needs_rehash(seen[1])
            else None
        )
        with hub.sessions() as session, session.begin():
            user = _locked_user(session, req.username)
            if (None if user is None else (user.id, user.password_hash)) != seen:
                continue  # the account changed while hashing: verify what it is now
            outcome = _password_outcome(hub, session, user, ok, rehashed, req, source)
        if isinstance(outcome, HubError):
            raise outcome
        return outcome
    hub.audit.record_now(
        hub.sessions,
        Actor(None, req.username[:64], source),
        "auth.login",
        outcome="failure",
        reason="account_changed",
    )
    raise HubError(401, LOGIN_FAILED)


def _account(session: Session, username: str) -> tuple[int, str] | None:
    """The id and password hash of the account called ``username``, if any."""
    row = session.execute(
        select(User.id, User.password_hash).where(User.username == username)
    ).one_or_none()
    return None if row is None else (row[0], row[1])


def _locked_user(session: Session, username: str) -> User | None:
    """The account called ``username`` as it is now, locked to this transaction's end
    (PostgreSQL: ``FOR UPDATE``, so concurrent failures never lose a count; SQLite:
    the transaction already holds the database's write lock)."""
    return session.scalars(
        select(User)
        .where(User.username == username)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one_or_none()


def _password_outcome(
    hub: Hub,
    session: Session,
    user: User | None,
    ok: bool,
    rehashed: str | None,
    req: LoginRequest,
    source: str | None,
) -> LoginChallenge | HubError:
    """Record a verified password step: a challenge, or the error to raise after commit."""
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
    if rehashed is not None:
        user.password_hash = rehashed
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


def _ticket(
    session: Session, hub: Hub, token: str, stage: str, source: str | None
) -> tuple[LoginTicket, User]:
    """The unspent ticket of ``stage`` presented as Bearer token, and its user.

    Raises:
        HubError: 401 ``auth.ticket_invalid`` / ``auth.ticket_expired`` (audited).
    """
    row = session.scalars(
        select(LoginTicket).where(LoginTicket.token_hash == token_digest(token))
    ).one_or_none()
    user = session.get(User, row.user_id) if row is not None else None

    def refuse(code: str, reason: str) -> HubError:
        actor = Actor(user.id, user.username, source) if user else Actor(None, None, source)
        fields: dict[str, Any] = {"outcome": "denied", "reason": reason, "detail": {"step": stage}}
        if user is not None:
            fields |= {"object_type": "user", "object_id": user.id}
        return HubError(401, code, audit=PendingAudit(actor, "auth.ticket_refused", fields))

    if row is None:
        raise refuse("auth.ticket_invalid", "unknown_ticket")
    if row.used_at is not None:
        raise refuse("auth.ticket_invalid", "spent_ticket")
    if row.stage != stage:
        raise refuse("auth.ticket_invalid", f"ticket_for_{row.stage}")
    if hub.clock.now() >= row.expires_at:
        raise refuse("auth.ticket_expired", "expired_ticket")
    if user is None or user.disabled or user.locked:
        raise refuse("auth.ticket_invalid", "account_unavailable")
    return row, user


def _refused(
    user: User, source: str | None, status: int, code: str, action: str, reason: str
) -> HubError:
    """A refused login step of ``user``, audited after the rollback."""
    fields = {"outcome": "denied", "object_type": "user", "object_id": user.id, "reason": reason}
    actor = Actor(user.id, user.username, source)
    return HubError(status, code, audit=PendingAudit(actor, action, fields))


def _already_enrolled(user: User, source: str | None) -> HubError:
    """Refuse an enrolment step for an account that has an authenticator (audited)."""
    return _refused(
        user, source, 409, "auth.already_enrolled", "auth.mfa_enrol", "already_enrolled"
    )


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
    with _login_step(hub) as session:
        ticket, user = _ticket(session, hub, ticket_token, LoginStage.MFA.value, source)
        now = hub.clock.now()
        throttle.check_not_throttled(session, throttle.throttle_keys(user.username, source), now)
        if not user.totp_enrolled or user.totp_secret is None:
            # MFA was reset meanwhile (the reset spends tickets; a race can still get here).
            raise _refused(user, source, 401, "auth.ticket_invalid", "auth.mfa", "mfa_reset")
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


def _box(session: Session) -> SecretBox:
    box = session.info.get("secret_box")
    assert isinstance(box, SecretBox)
    return box


def start_enrolment(hub: Hub, ticket_token: str, source: str | None) -> EnrolmentStart:
    """Give a first-login user a new TOTP secret and its QR code.

    The enrolment ticket is spent; the answer carries a new ticket that confirms this
    secret only (the secret waits on that ticket, so enrolments never overwrite each other).

    Raises:
        HubError: 401 ``auth.ticket_*``, 409 ``auth.already_enrolled`` (audited).
    """
    with _login_step(hub) as session:
        ticket, user = _ticket(session, hub, ticket_token, LoginStage.ENROL.value, source)
        if user.totp_enrolled:
            # Re-enrolment only after an administrator's (audited) MFA reset.
            raise _already_enrolled(user, source)
        now = hub.clock.now()
        ticket.used_at = now
        secret = totp.new_secret()
        token = new_token()
        expires = now + timedelta(minutes=hub.settings.login_ticket_minutes)
        session.add(
            LoginTicket(
                token_hash=token_digest(token),
                user_id=user.id,
                stage=ENROL_CONFIRM,
                expires_at=expires,
                pending_secret_sealed=_box(session).seal_totp(user.id, secret),
            )
        )
        hub.audit.append(
            session,
            Actor(user.id, user.username, source),
            "auth.mfa_enrol_started",
            object_type="user",
            object_id=user.id,
        )
        uri = totp.provisioning_uri(secret, user.username, hub.settings.totp_issuer)
        svg, png = totp.qr_images(uri)
        return EnrolmentStart(
            secret=secret,
            otpauth_uri=uri,
            qr_svg=svg,
            qr_png_base64=png,
            ticket=token,
            expires_at=expires,
        )


def confirm_enrolment(hub: Hub, ticket_token: str, code: str, source: str | None) -> SessionGrant:
    """Activate TOTP with its first code; issue ten recovery codes and a session.

    Every other session and unspent ticket of the user ends (an old ticket cannot bind
    another authenticator afterwards). A wrong code leaves the ticket for another try.

    Raises:
        HubError: 401 ``auth.login_failed`` / ``auth.ticket_*``, 409
        ``auth.already_enrolled`` (audited).
    """
    with _login_step(hub) as session:
        ticket, user = _ticket(session, hub, ticket_token, ENROL_CONFIRM, source)
        if user.totp_enrolled:
            raise _already_enrolled(user, source)
        if ticket.pending_secret_sealed is None:
            raise _refused(
                user, source, 409, "auth.enrolment_not_started", "auth.mfa_enrol", "no_secret"
            )
        secret = _box(session).open_totp(user.id, ticket.pending_secret_sealed)
        now = hub.clock.now()
        step = totp.matching_step(secret, code, now, None)
        if step is not None:
            user.totp_secret_sealed = ticket.pending_secret_sealed
            user.totp_last_step = step
            user.totp_enrolled = True
            revoke_user_sessions(session, hub, user.id, "mfa_enrolled")
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
    """End the caller's session and its event streams."""
    end_session(session, hub, principal.session_id, "logout")
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
    revoke_user_sessions(session, hub, user.id, "password_change")
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
    # A change of the second factor: every other session and unspent ticket ends.
    revoke_user_sessions(
        session, hub, user.id, "recovery_codes_regenerated", keep=principal.session_id
    )
    hub.audit.append(
        session,
        principal.actor,
        "auth.recovery_codes_regenerated",
        object_type="user",
        object_id=user.id,
    )
    return codes
