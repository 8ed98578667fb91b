# SPDX-License-Identifier: GPL-3.0-or-later
"""HTTP endpoints of the login flow and of one's own account."""

from __future__ import annotations

from fastapi import APIRouter

from hub.auth import service
from hub.contracts import (
    EnrolmentConfirm,
    EnrolmentStart,
    LoginChallenge,
    LoginRequest,
    MfaRequest,
    PasswordChange,
    RecoveryCodes,
    RecoveryCodesRegenerate,
    SessionGrant,
    UserOut,
)
from hub.deps import BearerToken, CurrentUser, DbSession, HubDep, SessionPrincipal, SourceDep
from hub.org import service as org

router = APIRouter(prefix="/api/auth", tags=["auth"])


@router.post("/login")
async def login(req: LoginRequest, hub: HubDep, source: SourceDep) -> LoginChallenge:
    """First factor: user name and password (checked on the hub's login workers, never
    on a request thread nor inside a transaction)."""
    return await service.login_async(hub, req, source)


@router.post("/mfa")
def mfa(req: MfaRequest, hub: HubDep, ticket: BearerToken, source: SourceDep) -> SessionGrant:
    """Second factor (Bearer: the login ticket): TOTP code or recovery code."""
    return service.verify_mfa(hub, ticket, req, source)


@router.post("/mfa/enrol")
def enrol(hub: HubDep, ticket: BearerToken, source: SourceDep) -> EnrolmentStart:
    """First login (Bearer: the login ticket, spent here): a new TOTP secret, its QR code
    and the ticket that confirms it. Refused (409 ``auth.already_enrolled``) once the
    account has an authenticator: re-enrolment follows an administrator's MFA reset."""
    return service.start_enrolment(hub, ticket, source)


@router.post("/mfa/enrol/confirm")
def confirm_enrolment(
    req: EnrolmentConfirm, hub: HubDep, ticket: BearerToken, source: SourceDep
) -> SessionGrant:
    """Activate MFA with its first code (Bearer: the ticket of ``mfa/enrol``); answers with
    the session and recovery codes. Every other session and ticket of the account ends."""
    return service.confirm_enrolment(hub, ticket, req.code, source)


@router.post("/logout", status_code=204)
def logout(hub: HubDep, db: DbSession, principal: SessionPrincipal) -> None:
    """End this session."""
    service.logout(hub, db, principal)


@router.get("/me")
def me(db: DbSession, principal: SessionPrincipal) -> UserOut:
    """The signed-in account (``password_change_required`` tells the console what to ask)."""
    return org.user_out(org.user(db, principal.user_id), principal.password_change_required)


@router.post("/password", status_code=204)
def change_password(
    req: PasswordChange, hub: HubDep, db: DbSession, principal: SessionPrincipal
) -> None:
    """Change one's own password; every session of the account ends."""
    service.change_password(hub, db, principal, req)


@router.post("/mfa/recovery-codes")
def regenerate_recovery_codes(
    req: RecoveryCodesRegenerate, hub: HubDep, db: DbSession, principal: CurrentUser
) -> RecoveryCodes:
    """Ten new recovery codes (password and a fresh TOTP code required); old ones end."""
    return RecoveryCodes(codes=service.regenerate_recovery_codes(hub, db, principal, req))
