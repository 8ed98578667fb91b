# SPDX-License-Identifier: GPL-3.0-or-later
"""Request/response models shared by the hub and the console (pydantic only, no server code)."""

from __future__ import annotations

import ipaddress
import re
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    model_validator,
)

# Idle HTTP connections. A client that sends a request on a kept-alive connection at the
# moment the server closes it for idleness gets no answer ("server disconnected"); a POST
# cannot then be sent again safely. So the hub keeps idle connections open longer than any
# client of ours keeps them (a reverse proxy in front must keep them at least as long as
# CLIENT_IDLE_SECONDS too; nginx's default is 75 s).
SERVER_KEEP_ALIVE_SECONDS = 30
CLIENT_IDLE_SECONDS = 10.0


def _no_control(value: str) -> str:
    # NUL and other C0 controls break PostgreSQL text and log readers: refuse early.
    if any(ord(ch) < 32 and ch not in "\t\n\r" for ch in value):
        raise ValueError("control characters are not allowed")
    return value


Text = Annotated[str, Field(max_length=500), AfterValidator(_no_control)]
Name = Annotated[str, Field(min_length=1, max_length=200), AfterValidator(_no_control)]
Username = Annotated[str, Field(min_length=3, max_length=64, pattern=r"^[a-z0-9._-]+$")]
# Database ids as clients may send them: positive and within a 32-bit column.
RowId = Annotated[int, Field(ge=1, le=2_147_483_647)]
Secret = Annotated[str, Field(min_length=1, max_length=256), AfterValidator(_no_control)]


# --- instants, URLs and addresses clients send ---------------------------------------------
# Every time a client sends is converted to UTC at the door. A datetime near the ends of
# Python's range (0001-01-01T00:00+14:00, 9999-12-31T23:30-12:00) has no UTC value, and
# the services add and subtract days, so the API takes instants from 0001-01-02 to
# 9999-12-30 UTC: anything else is a 422 ``invalid_input``, never an OverflowError.
EARLIEST_INSTANT = datetime(1, 1, 2, tzinfo=UTC)
LATEST_INSTANT = datetime(9999, 12, 30, 23, 59, 59, 999999, tzinfo=UTC)


def utc_instant(value: datetime) -> datetime:
    """``value`` in UTC (a naive value is taken as UTC).

    Raises:
        ValueError: the instant has no UTC value or lies outside the accepted range.
    """
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    try:
        utc = value.astimezone(UTC)
    except (OverflowError, ValueError):
        raise ValueError("the time is out of range once converted to UTC") from None
    if not EARLIEST_INSTANT <= utc <= LATEST_INSTANT:
        raise ValueError("the time must lie between 0001-01-02 and 9999-12-30 UTC")
    return utc


# A timezone-aware instant, returned in UTC; the only datetime type of request bodies
# and query parameters.
UtcDateTimeIn = Annotated[AwareDatetime, AfterValidator(utc_instant)]
# The same where a naive value has always been accepted as UTC (audit queries).
UtcOrNaiveDateTimeIn = Annotated[datetime, AfterValidator(utc_instant)]

_LABEL = re.compile(r"^[A-Za-z0-9_-]{1,63}$")


def host_name(value: str) -> str:
    """``value`` if it is an IP address or a host name the resolver accepts: labels of 1
    to 63 letters, digits, ``-`` or ``_`` (internationalised names are taken in their
    ``xn--`` form), 253 characters at most. Python's IDNA codec raises ``UnicodeError``
    deep in the resolver on anything else.

    Raises:
        ValueError: not an address or host name.
    """
    candidate = value[1:-1] if value.startswith("[") and value.endswith("]") else value
    try:
        ipaddress.ip_address(candidate)
        return value
    except ValueError:
        pass
    name = value[:-1] if value.endswith(".") else value
    try:
        ascii_name = name.encode("idna").decode("ascii")
    except UnicodeError:
        raise ValueError("not an IP address or a host name") from None
    if not ascii_name or len(ascii_name) > 253:
        raise ValueError("a host name has 1 to 253 characters")
    if not all(_LABEL.match(label) for label in ascii_name.split(".")):
        raise ValueError("not an IP address or a host name")
    return value


def http_url(value: str) -> str:
    """``value`` if it is an absolute ``http(s)://`` URL with a valid host and port.

    Raises:
        ValueError: no such URL (a bad IPv6 literal, port or host name).
    """
    if any(ord(ch) < 33 or ord(ch) == 127 for ch in value):
        raise ValueError("the URL holds spaces or control characters")
    try:
        parts = urlsplit(value)
        port = parts.port  # raises ValueError on a port out of range or not a number
        host = parts.hostname
    except ValueError:
        raise ValueError("not a valid URL") from None
    if parts.scheme not in ("http", "https") or not host:
        raise ValueError("an http:// or https:// URL with a host is needed")
    host_name(host)
    if port == 0:
        raise ValueError("the port must be 1 to 65535")
    return value


HostName = Annotated[str, AfterValidator(host_name)]
HttpUrlText = Annotated[str, AfterValidator(http_url)]


class Contract(BaseModel):
    """Base of every contract: unknown fields are an error, never silently dropped."""

    model_config = ConfigDict(extra="forbid")


class ErrorBody(Contract):
    """Every hub error: a stable ``code``, a ``message_key`` the console translates."""

    code: str
    message_key: str
    detail: Any = None


class Permission(StrEnum):
    """Single rights; each belongs to exactly one family (TN 11.1)."""

    ORG_MANAGE = "org.manage"
    USER_MANAGE = "user.manage"
    ACCOUNT_REVIEW = "account.review"
    CAMERA_MANAGE = "camera.manage"
    DISPLAY_MANAGE = "display.manage"
    IMAGE_LIVE = "image.live"
    IMAGE_ARCHIVE = "image.archive"
    IMAGE_PTZ = "image.ptz"
    IMAGE_PTZ_PRESET = "image.ptz_preset"
    IMAGE_PTZ_RESERVE = "image.ptz_reserve"
    IMAGE_SNAPSHOT = "image.snapshot"
    IMAGE_EXPORT_REQUEST = "image.export_request"
    BIOMETRIC_MATCH = "biometric.match"
    CASE_WORK = "case.work"
    APPROVAL_GRANT = "approval.grant"
    AUDIT_READ = "audit.read"
    EMERGENCY_COMMAND = "emergency.command"
    INCIDENT_HANDLE = "incident.handle"
    INCIDENT_SUPERVISE = "incident.supervise"
    FAULT_HANDLE = "fault.handle"
    STORAGE_DEVICE_MANAGE = "storage_device.manage"
    PRIVACY_MANAGE = "privacy.manage"
    PRIVACY_LIFT = "privacy.lift"
    CASE_PUBLISH = "case.publish"


class Family(StrEnum):
    """Privilege families kept apart: holding one never implies another (TN 11.1)."""

    TECHNICAL_ADMINISTRATION = "technical_administration"
    IMAGE_EXPLOITATION = "image_exploitation"
    BIOMETRIC_MATCHING = "biometric_matching"
    CASE_WORK = "case_work"
    APPROVAL = "approval"
    AUDIT = "audit"
    COMMAND = "command"


class Role(StrEnum):
    """Roles issued per function (HCM 19.4); each lies inside one family."""

    ADMIN = "admin"
    OPERATOR = "operator"
    PTZ_OPERATOR = "ptz_operator"
    SUPERVISOR = "supervisor"
    EXPORT_REQUESTER = "export_requester"
    BIOMETRIC_MATCHER = "biometric_matcher"
    CASE_WORKER = "case_worker"
    APPROVER = "approver"
    AUDITOR = "auditor"
    IOC_LEADER = "ioc_leader"


ROLE_FAMILY: dict[Role, Family] = {
    Role.ADMIN: Family.TECHNICAL_ADMINISTRATION,
    Role.OPERATOR: Family.IMAGE_EXPLOITATION,
    Role.PTZ_OPERATOR: Family.IMAGE_EXPLOITATION,
    Role.SUPERVISOR: Family.IMAGE_EXPLOITATION,
    Role.EXPORT_REQUESTER: Family.IMAGE_EXPLOITATION,
    Role.BIOMETRIC_MATCHER: Family.BIOMETRIC_MATCHING,
    Role.CASE_WORKER: Family.CASE_WORK,
    Role.APPROVER: Family.APPROVAL,
    Role.AUDITOR: Family.AUDIT,
    Role.IOC_LEADER: Family.COMMAND,
}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(
        {
            Permission.ORG_MANAGE,
            Permission.USER_MANAGE,
            Permission.ACCOUNT_REVIEW,
            Permission.CAMERA_MANAGE,
            Permission.DISPLAY_MANAGE,
            Permission.FAULT_HANDLE,
            Permission.STORAGE_DEVICE_MANAGE,
            Permission.PRIVACY_MANAGE,
        }
    ),
    Role.OPERATOR: frozenset(
        {
            Permission.IMAGE_LIVE,
            Permission.IMAGE_ARCHIVE,
            Permission.IMAGE_SNAPSHOT,
            Permission.INCIDENT_HANDLE,
        }
    ),
    Role.PTZ_OPERATOR: frozenset(
        {Permission.IMAGE_LIVE, Permission.IMAGE_PTZ, Permission.INCIDENT_HANDLE}
    ),
    # A shift supervisor: every image right, PTZ presets and reservations (higher rights).
    Role.SUPERVISOR: frozenset(
        {
            Permission.IMAGE_LIVE,
            Permission.IMAGE_ARCHIVE,
            Permission.IMAGE_PTZ,
            Permission.IMAGE_PTZ_PRESET,
            Permission.IMAGE_PTZ_RESERVE,
            Permission.IMAGE_SNAPSHOT,
            Permission.INCIDENT_HANDLE,
            Permission.INCIDENT_SUPERVISE,
            Permission.PRIVACY_LIFT,
            Permission.CASE_PUBLISH,
        }
    ),
    Role.EXPORT_REQUESTER: frozenset({Permission.IMAGE_ARCHIVE, Permission.IMAGE_EXPORT_REQUEST}),
    Role.BIOMETRIC_MATCHER: frozenset({Permission.BIOMETRIC_MATCH}),
    Role.CASE_WORKER: frozenset({Permission.CASE_WORK}),
    Role.APPROVER: frozenset({Permission.APPROVAL_GRANT}),
    Role.AUDITOR: frozenset({Permission.AUDIT_READ}),
    Role.IOC_LEADER: frozenset({Permission.EMERGENCY_COMMAND}),
}

PERMISSION_FAMILY: dict[Permission, Family] = {
    perm: ROLE_FAMILY[role] for role, perms in ROLE_PERMISSIONS.items() for perm in perms
}


class UnitKind(StrEnum):
    """Kinds of organisation units (DH 11.2, YB 11.2; DB 3.3 tiers)."""

    PROVINCE_IOC = "province_ioc"
    DEPARTMENT = "department"
    SPECIALISED_CENTRE = "specialised_centre"
    DISTRICT = "district"
    COMMUNE = "commune"
    PROVINCIAL_POLICE = "provincial_police"
    CITY_POLICE = "city_police"
    WARD_POLICE = "ward_police"
    TRAFFIC_POLICE_TEAM = "traffic_police_team"
    URBAN_ORDER_TEAM = "urban_order_team"


class Domain(StrEnum):
    """Domains of specialised centres and of scoped objects (lĩnh vực)."""

    TRAFFIC = "traffic"
    HEALTH = "health"
    EDUCATION = "education"
    ENVIRONMENT = "environment"
    INDUSTRIAL_ZONE = "industrial_zone"
    URBAN_MANAGEMENT = "urban_management"
    SECURITY = "security"
    TOURISM = "tourism"


class TerritoryLevel(StrEnum):
    """Administrative levels: tỉnh, quận/huyện, xã/phường."""

    PROVINCE = "province"
    DISTRICT = "district"
    COMMUNE = "commune"


class AccessReason(StrEnum):
    """TN 6.2: the only reasons the central operator may open a dedicated system."""

    EMERGENCY_ORDERED_BY_PROVINCIAL_LEADERS = "emergency_ordered_by_provincial_leaders"
    TECHNICAL_FAULT_HANDLING = "technical_fault_handling"
    COMPETENT_AUTHORITY_WRITTEN_REQUEST = "competent_authority_written_request"


class LoginStage(StrEnum):
    """What the client must do after a correct password."""

    MFA = "mfa"
    ENROL = "enrol"


# --- authentication -------------------------------------------------------------------


class LoginRequest(Contract):
    """First factor."""

    username: Annotated[str, Field(min_length=1, max_length=64), AfterValidator(_no_control)]
    password: Secret


class LoginChallenge(Contract):
    """A correct password: present ``ticket`` as Bearer token to the MFA step."""

    stage: LoginStage
    ticket: str
    expires_at: datetime


class MfaRequest(Contract):
    """Second factor: a TOTP code or one of the recovery codes."""

    code: Annotated[str | None, Field(default=None, pattern=r"^[0-9]{6}$")] = None
    recovery_code: Annotated[str | None, Field(default=None, max_length=32)] = None

    @model_validator(mode="after")
    def _exactly_one(self) -> MfaRequest:
        if (self.code is None) == (self.recovery_code is None):
            raise ValueError("give exactly one of code or recovery_code")
        return self


class EnrolmentStart(Contract):
    """TOTP secret to enrol, as text, otpauth URI and QR images.

    The enrolment ticket is spent: ``ticket`` (Bearer) is the one that confirms this
    secret with its first code, before ``expires_at``.
    """

    secret: str
    otpauth_uri: str
    qr_svg: str
    qr_png_base64: str
    ticket: str
    expires_at: datetime


class EnrolmentConfirm(Contract):
    """The first code from the new authenticator."""

    code: Annotated[str, Field(pattern=r"^[0-9]{6}$")]


class RecoveryCodesRegenerate(Contract):
    """Prove both factors again to replace one's ten recovery codes."""

    password: Secret
    code: Annotated[str, Field(pattern=r"^[0-9]{6}$")]


class RecoveryCodes(Contract):
    """Fresh one-time recovery codes, shown once; the previous ones no longer work."""

    codes: list[str]


class PasswordChange(Contract):
    """Change one's own password; every other session is revoked."""

    current_password: Secret
    new_password: Secret


class PasswordReset(Contract):
    """An administrator sets a new password (the user must change it again)."""

    new_password: Secret


# --- organisation and people ----------------------------------------------------------


class TerritoryCreate(Contract):
    """A province, district or commune/ward."""

    name: Name
    level: TerritoryLevel
    parent_id: RowId | None = None


class TerritoryOut(Contract):
    """A territory as stored."""

    id: int
    name: str
    level: TerritoryLevel
    parent_id: int | None


class UnitCreate(Contract):
    """An organisation unit; each names a leader and an IT focal point (TN 22.1)."""

    name: Name
    kind: UnitKind
    parent_id: RowId | None = None
    territory_id: RowId
    domain: Domain | None = None
    leader: Name
    it_focal_point: Name


class UnitUpdate(Contract):
    """Fields an administrator may change on a unit."""

    name: Name | None = None
    leader: Name | None = None
    it_focal_point: Name | None = None


class UnitOut(Contract):
    """An organisation unit as stored."""

    id: int
    name: str
    kind: UnitKind
    parent_id: int | None
    territory_id: int
    domain: Domain | None
    leader: str
    it_focal_point: str


class UserCreate(Contract):
    """A new account in a unit, issued for a function (HCM 19.4)."""

    username: Username
    display_name: Name
    unit_id: RowId
    roles: list[Role] = Field(default_factory=list, max_length=len(Role))
    password: Secret


class UserUpdate(Contract):
    """Changes to an account's name, roles or unit (never one's own roles or unit).

    Roles of two privilege families (TN 11.1) are refused unless the regulation profile
    allows them, and then wait for a second administrator (a :class:`RoleChangeOut`).
    """

    display_name: Name | None = None
    roles: list[Role] | None = Field(default=None, max_length=len(Role))
    unit_id: RowId | None = None


class RoleChangeStatus(StrEnum):
    """Where a four-eyes role change stands."""

    PENDING = "pending"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"
    SUPERSEDED = "superseded"


class RoleChangeOut(Contract):
    """A role change that needs (or had) a second administrator's confirmation."""

    id: int
    user_id: int
    username: str
    roles_before: list[Role]
    roles_after: list[Role]
    requested_by: int
    requested_at: datetime
    status: RoleChangeStatus
    decided_by: int | None
    decided_at: datetime | None


class UserOut(Contract):
    """An account as administrators and the user see it."""

    id: int
    username: str
    display_name: str
    unit_id: int
    roles: list[Role]
    disabled: bool
    locked: bool
    mfa_enrolled: bool
    password_change_required: bool
    created_at: datetime
    last_login_at: datetime | None
    last_reviewed_at: datetime | None


class SessionGrant(Contract):
    """A signed-in session: keep ``token`` secret; recovery codes are shown once."""

    token: str
    idle_timeout_seconds: int
    expires_at: datetime
    user: UserOut
    recovery_codes: list[str] | None = None


class AccountReview(Contract):
    """Accounts due for periodic review and accounts unused for long (TN 18.1)."""

    due_for_review: list[UserOut]
    unused: list[UserOut]


# --- scope, approvals, emergency -------------------------------------------------------


class ScopedObject(Contract):
    """Anything with a place and a domain (a camera, later); ``dedicated`` = Tier II/III."""

    territory_id: RowId
    domain: Domain | None = None
    dedicated: bool = False
    object_type: Annotated[str, Field(max_length=40, pattern=r"^[a-z_]+$")] = "object"
    object_id: Annotated[str, Field(max_length=80), AfterValidator(_no_control)] = ""


class AccessRequest(Contract):
    """Ask to use a permission on a scoped object, giving a TN 6.2 reason if needed."""

    object: ScopedObject
    permission: Permission
    reason: AccessReason | None = None
    reason_note: Text | None = None


class AccessDecision(Contract):
    """Why access was allowed."""

    allowed: bool
    basis: str
    approval_id: int | None = None
    emergency_id: int | None = None


class ApprovalCreate(Contract):
    """A written approval for out-of-scope access (HCM 10.3, DB 8.2, TN 9.1)."""

    grantee_id: RowId
    territory_id: RowId
    domain: Domain | None = None
    document_number: Name
    document_date: date
    approver: Name
    purpose: Text
    expires_at: UtcDateTimeIn


class ApprovalOut(Contract):
    """A recorded approval."""

    id: int
    grantee_id: int
    territory_id: int
    domain: Domain | None
    document_number: str
    document_date: date
    approver: str
    purpose: str
    expires_at: datetime
    recorded_by: int
    revoked: bool


class EmergencyCreate(Contract):
    """HCM 7.1: an IOC leader takes command of every centre for a time."""

    reason: Text
    duration_minutes: int = Field(ge=1, le=7 * 24 * 60)


class EmergencyOut(Contract):
    """An emergency command period."""

    id: int
    raised_by: int
    reason: str
    started_at: datetime
    ends_at: datetime
    ended_at: datetime | None


class ScopeOut(Contract):
    """The caller's own scope."""

    unit_id: int
    territory_id: int
    domain: Domain | None
    everything: bool
    emergency_id: int | None


# --- audit ------------------------------------------------------------------------------


class AuditRecordOut(Contract):
    """One audit trail record (nhật ký hệ thống)."""

    seq: int
    ts: datetime
    actor: str | None
    actor_id: int | None
    source: str | None
    action: str
    object_type: str | None
    object_id: str | None
    outcome: str
    reason: str | None
    detail: dict[str, Any] | None
    prev_hash: str
    hash: str


class AuditPage(Contract):
    """A page of audit records; pass ``next_after`` back as ``after`` for the next one."""

    items: list[AuditRecordOut]
    next_after: int | None


class Health(Contract):
    """Liveness, and the hub's clock: what "now" is for the hub's checks (a range in its
    future is refused), so a workstation can reckon with its own clock's error."""

    status: str
    version: str
    time: datetime | None = None  # None from a hub before this field
