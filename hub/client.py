# SPDX-License-Identifier: GPL-3.0-or-later
"""Typed async client of the hub for the console (imports only httpx and the contracts).

Async ``httpx`` rather than ``requests``: the console runs on ``qasync``, so hub calls
are awaited on the Qt event loop without a thread per request and without blocking it.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, TypeAdapter

from hub.archive.contracts import (
    ArchiveGrantOut,
    ArchiveGrantRequest,
    ArchiveLimitOut,
    RecordingsOut,
    SnapshotOut,
    SnapshotRequest,
)
from hub.catalog import contracts as catalog
from hub.catalog.contracts import StreamGrantOut, StreamKind
from hub.contracts import (
    AccessDecision,
    AccessReason,
    AccessRequest,
    AccountReview,
    ApprovalCreate,
    ApprovalOut,
    AuditPage,
    EmergencyCreate,
    EmergencyOut,
    EnrolmentConfirm,
    EnrolmentStart,
    Health,
    LoginChallenge,
    LoginRequest,
    MfaRequest,
    PasswordChange,
    PasswordReset,
    RecoveryCodes,
    RecoveryCodesRegenerate,
    ScopeOut,
    SessionGrant,
    TerritoryCreate,
    TerritoryOut,
    UnitCreate,
    UnitOut,
    UnitUpdate,
    UserCreate,
    UserOut,
    UserUpdate,
)
from hub.profiles.model import ActiveProfile
from hub.ptz.contracts import (
    PtzAbsolute,
    PtzControl,
    PtzMove,
    PtzPreset,
    PtzPresetCreate,
    PtzPresetRename,
    PtzRelative,
    PtzReserve,
    PtzStatus,
)
from hub.streams.contracts import LiveGrantRequest
from hub.walls.contracts import (
    DisplayCreate,
    DisplayEnrolled,
    DisplayGrantRequest,
    DisplayMe,
    DisplayOut,
    DisplayShow,
    DisplayTarget,
    DisplayWallEvent,
    LastWallIn,
    LastWallOut,
    WallCreate,
    WallOut,
)

M = TypeVar("M")
EVENT_READ_TIMEOUT = 40.0  # seconds without a byte before an event stream counts as dead


@dataclass(frozen=True)
class PushedEvent:
    """One event from ``GET /api/events``: its id (for ``Last-Event-ID``), topic, data.

    An empty ``topic`` is a bare id (the hub telling where the stream starts): nothing to
    dispatch, only the point to resume from."""

    id: int | None
    topic: str
    data: Any


class HubApiError(Exception):
    """A refusal from the hub: ``code`` is stable, ``message_key`` is what to translate."""

    def __init__(self, status: int, code: str, message_key: str, detail: Any = None) -> None:
        super().__init__(f"{status} {code}")
        self.status = status
        self.code = code
        self.message_key = message_key
        self.detail = detail


class HubClient:
    """One operator's connection to a hub; keeps the login ticket and the session token."""

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float = 15.0,
        verify: bool | str = True,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._http = httpx.AsyncClient(
            base_url=base_url, timeout=timeout, verify=verify, transport=transport
        )
        self._ticket: str | None = None
        self.token: str | None = None

    async def __aenter__(self) -> HubClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._http.aclose()

    async def _call(
        self,
        method: str,
        path: str,
        out: type[M] | TypeAdapter[M] | None,
        *,
        body: BaseModel | None = None,
        params: dict[str, Any] | None = None,
        bearer: str | None = None,
    ) -> M:
        headers = {"Authorization": f"Bearer {bearer}"} if bearer else {}
        content = body.model_dump_json(exclude_unset=True) if body is not None else None
        if content is not None:
            headers["Content-Type"] = "application/json"
        try:
            r = await self._http.request(
                method, path, content=content, params=params, headers=headers
            )
        except httpx.TransportError as exc:
            raise HubApiError(0, "network", "error.network", str(exc)) from exc
        if r.status_code >= 400:
            try:
                err = r.json()
                raise HubApiError(r.status_code, err["code"], err["message_key"], err.get("detail"))
            except (ValueError, KeyError, TypeError):
                raise HubApiError(r.status_code, "http", "error.http", r.text[:200]) from None
        if out is None:
            return None  # type: ignore[return-value]
        adapter = out if isinstance(out, TypeAdapter) else TypeAdapter(out)
        return adapter.validate_json(r.content)

    def _session(self) -> str:
        if self.token is None:
            raise HubApiError(401, "auth.required", "error.auth.required")
        return self.token

    def _take_grant(self, grant: SessionGrant) -> SessionGrant:
        self._ticket = None
        self.token = grant.token
        return grant

    # --- login ---------------------------------------------------------------------

    async def health(self) -> Health:
        """Liveness of the hub."""
        return await self._call("GET", "/api/health", Health)

    async def login(self, username: str, password: str) -> LoginChallenge:
        """Password step; the answer says whether to ask for a code or enrol MFA."""
        challenge = await self._call(
            "POST",
            "/api/auth/login",
            LoginChallenge,
            body=LoginRequest(username=username, password=password),
        )
        self._ticket = challenge.ticket
        return challenge

    async def submit_code(self, code: str) -> SessionGrant:
        """Second factor with the authenticator's six digits."""
        grant = await self._call(
            "POST", "/api/auth/mfa", SessionGrant, body=MfaRequest(code=code), bearer=self._ticket
        )
        return self._take_grant(grant)

    async def submit_recovery_code(self, code: str) -> SessionGrant:
        """Second factor with one of the one-time recovery codes."""
        grant = await self._call(
            "POST",
            "/api/auth/mfa",
            SessionGrant,
            body=MfaRequest(recovery_code=code),
            bearer=self._ticket,
        )
        return self._take_grant(grant)

    async def start_enrolment(self) -> EnrolmentStart:
        """First login: the new TOTP secret and its QR code."""
        return await self._call("POST", "/api/auth/mfa/enrol", EnrolmentStart, bearer=self._ticket)

    async def confirm_enrolment(self, code: str) -> SessionGrant:
        """First code from the new authenticator; the grant carries the recovery codes."""
        grant = await self._call(
            "POST",
            "/api/auth/mfa/enrol/confirm",
            SessionGrant,
            body=EnrolmentConfirm(code=code),
            bearer=self._ticket,
        )
        return self._take_grant(grant)

    async def logout(self) -> None:
        """End the session."""
        await self._call("POST", "/api/auth/logout", None, bearer=self._session())
        self.token = None

    async def me(self) -> UserOut:
        """The signed-in account."""
        return await self._call("GET", "/api/auth/me", UserOut, bearer=self._session())

    async def change_password(self, current: str, new: str) -> None:
        """Change one's password; the session ends and a new login is needed."""
        await self._call(
            "POST",
            "/api/auth/password",
            None,
            bearer=self._session(),
            body=PasswordChange(current_password=current, new_password=new),
        )
        self.token = None

    async def regenerate_recovery_codes(self, password: str, code: str) -> list[str]:
        """Ten new recovery codes (the old ones stop working); shown once."""
        out = await self._call(
            "POST",
            "/api/auth/mfa/recovery-codes",
            RecoveryCodes,
            body=RecoveryCodesRegenerate(password=password, code=code),
            bearer=self._session(),
        )
        return out.codes

    async def profile(self) -> ActiveProfile:
        """The hub's regulation profile and the security periods in force."""
        return await self._call("GET", "/api/profile", ActiveProfile, bearer=self._session())

    # --- scope ---------------------------------------------------------------------

    async def my_scope(self) -> ScopeOut:
        """The caller's territory and domain."""
        return await self._call("GET", "/api/scope/me", ScopeOut, bearer=self._session())

    async def request_access(self, req: AccessRequest) -> AccessDecision:
        """Ask to use a permission on a scoped object (HubApiError 403 when refused)."""
        return await self._call(
            "POST", "/api/scope/access", AccessDecision, body=req, bearer=self._session()
        )

    async def approvals(self) -> list[ApprovalOut]:
        """Approvals the caller oversees."""
        return await self._call(
            "GET", "/api/approvals", TypeAdapter(list[ApprovalOut]), bearer=self._session()
        )

    async def record_approval(self, req: ApprovalCreate) -> ApprovalOut:
        """Record a written approval."""
        return await self._call(
            "POST", "/api/approvals", ApprovalOut, body=req, bearer=self._session()
        )

    async def revoke_approval(self, approval_id: int) -> ApprovalOut:
        """Withdraw an approval."""
        return await self._call(
            "POST", f"/api/approvals/{approval_id}/revoke", ApprovalOut, bearer=self._session()
        )

    async def emergencies(self) -> list[EmergencyOut]:
        """Emergency command periods in force."""
        return await self._call(
            "GET", "/api/emergencies", TypeAdapter(list[EmergencyOut]), bearer=self._session()
        )

    async def raise_emergency(self, req: EmergencyCreate) -> EmergencyOut:
        """Take emergency command (IOC leaders)."""
        return await self._call(
            "POST", "/api/emergencies", EmergencyOut, body=req, bearer=self._session()
        )

    async def end_emergency(self, emergency_id: int) -> EmergencyOut:
        """End one's emergency command."""
        return await self._call(
            "POST", f"/api/emergencies/{emergency_id}/end", EmergencyOut, bearer=self._session()
        )

    # --- organisation and accounts -------------------------------------------------

    async def territories(self) -> list[TerritoryOut]:
        """Every territory."""
        return await self._call(
            "GET", "/api/territories", TypeAdapter(list[TerritoryOut]), bearer=self._session()
        )

    async def create_territory(self, req: TerritoryCreate) -> TerritoryOut:
        """Add a territory."""
        return await self._call(
            "POST", "/api/territories", TerritoryOut, body=req, bearer=self._session()
        )

    async def units(self) -> list[UnitOut]:
        """The organisation tree, flat."""
        return await self._call(
            "GET", "/api/units", TypeAdapter(list[UnitOut]), bearer=self._session()
        )

    async def create_unit(self, req: UnitCreate) -> UnitOut:
        """Add a unit."""
        return await self._call("POST", "/api/units", UnitOut, body=req, bearer=self._session())

    async def update_unit(self, unit_id: int, req: UnitUpdate) -> UnitOut:
        """Change a unit."""
        return await self._call(
            "PATCH", f"/api/units/{unit_id}", UnitOut, body=req, bearer=self._session()
        )

    async def users(self) -> list[UserOut]:
        """Accounts in the caller's scope."""
        return await self._call(
            "GET", "/api/users", TypeAdapter(list[UserOut]), bearer=self._session()
        )

    async def create_user(self, req: UserCreate) -> UserOut:
        """Issue an account."""
        return await self._call("POST", "/api/users", UserOut, body=req, bearer=self._session())

    async def update_user(self, user_id: int, req: UserUpdate) -> UserOut:
        """Rename an account or change its roles."""
        return await self._call(
            "PATCH", f"/api/users/{user_id}", UserOut, body=req, bearer=self._session()
        )

    async def user_action(self, user_id: int, action: str) -> UserOut:
        """``disable``, ``enable``, ``unlock``, ``review`` or ``mfa/reset`` an account."""
        if action not in {"disable", "enable", "unlock", "review", "mfa/reset"}:
            raise ValueError(action)
        return await self._call(
            "POST", f"/api/users/{user_id}/{action}", UserOut, bearer=self._session()
        )

    async def reset_password(self, user_id: int, new_password: str) -> UserOut:
        """Set a temporary password for an account."""
        return await self._call(
            "POST",
            f"/api/users/{user_id}/password",
            UserOut,
            body=PasswordReset(new_password=new_password),
            bearer=self._session(),
        )

    async def account_review(self) -> AccountReview:
        """Accounts due for review and unused accounts."""
        return await self._call("GET", "/api/users/review", AccountReview, bearer=self._session())

    # --- audit ---------------------------------------------------------------------

    async def audit_records(
        self,
        *,
        actor: str | None = None,
        action: str | None = None,
        object_type: str | None = None,
        object_id: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        after: int | None = None,
        limit: int = 100,
    ) -> AuditPage:
        """One page of the audit trail (auditors only)."""
        params: dict[str, Any] = {
            "actor": actor,
            "action": action,
            "object_type": object_type,
            "object_id": object_id,
            "after": after,
            "limit": limit,
            "since": since.isoformat() if since else None,
            "until": until.isoformat() if until else None,
        }
        return await self._call(
            "GET",
            "/api/audit/records",
            AuditPage,
            bearer=self._session(),
            params={k: v for k, v in params.items() if v is not None},
        )

    # --- catalogue (cameras, onboarding, deadlines, health) ---

    async def list_cameras(
        self, q: str | None = None, status: catalog.CameraStatus | None = None
    ) -> list[catalog.CameraOut]:
        """Cameras the caller sees (scope, own unit, written approvals), by code;
        ``q`` searches code and name, ``status`` filters by health."""
        params = {"q": q, "status": status.value if status else None}
        return await self._call(
            "GET",
            "/api/cameras",
            TypeAdapter(list[catalog.CameraOut]),
            bearer=self._session(),
            params={k: v for k, v in params.items() if v is not None},
        )

    async def camera(self, camera_id: int) -> catalog.CameraOut:
        """One catalogue entry (403 ``scope.out_of_scope``, 404 ``camera.not_found``)."""
        return await self._call(
            "GET", f"/api/cameras/{camera_id}", catalog.CameraOut, bearer=self._session()
        )

    async def onboard_camera(self, req: catalog.CameraOnboard) -> catalog.CameraOut:
        """Probe a device over ONVIF and register it (camera.manage, territory in scope).

        Raises:
            HubApiError: 502 ``camera.unreachable`` / ``camera.bad_reply``, 422
                ``camera.auth_failed``, 409 ``camera.duplicate``…
        """
        return await self._call(
            "POST", "/api/cameras/onboard", catalog.CameraOut, body=req, bearer=self._session()
        )

    async def update_camera(self, camera_id: int, req: catalog.CameraUpdate) -> catalog.CameraOut:
        """Change a catalogue entry (opens a "change" catalogue deadline)."""
        return await self._call(
            "PATCH",
            f"/api/cameras/{camera_id}",
            catalog.CameraOut,
            body=req,
            bearer=self._session(),
        )

    async def refresh_camera(self, camera_id: int) -> catalog.CameraOut:
        """Probe the device again and store what changed."""
        return await self._call(
            "POST", f"/api/cameras/{camera_id}/refresh", catalog.CameraOut, bearer=self._session()
        )

    async def check_camera(self, camera_id: int) -> catalog.CameraOut:
        """Check a camera's health now (status, last seen, clock offset)."""
        return await self._call(
            "POST", f"/api/cameras/{camera_id}/check", catalog.CameraOut, bearer=self._session()
        )

    async def discover_cameras(
        self, req: catalog.DiscoverRequest
    ) -> list[catalog.DiscoveredDevice]:
        """WS-Discovery scan; ``registered`` marks devices already in the catalogue."""
        return await self._call(
            "POST",
            "/api/cameras/discover",
            TypeAdapter(list[catalog.DiscoveredDevice]),
            body=req,
            bearer=self._session(),
        )

    async def catalogue_deadlines(
        self, open_only: bool = False, overdue_only: bool = False
    ) -> list[catalog.DeadlineOut]:
        """Catalogue deadlines of cameras in scope (camera.manage)."""
        params = {"open": str(open_only).lower(), "overdue": str(overdue_only).lower()}
        return await self._call(
            "GET",
            "/api/catalogue/deadlines",
            TypeAdapter(list[catalog.DeadlineOut]),
            bearer=self._session(),
            params=params,
        )

    async def close_catalogue_deadline(self, deadline_id: int) -> catalog.DeadlineOut:
        """Record that the central catalogue received the update."""
        return await self._call(
            "POST",
            f"/api/catalogue/deadlines/{deadline_id}/close",
            catalog.DeadlineOut,
            bearer=self._session(),
        )

    # --- event stream (/api/events) ---

    async def events(
        self,
        topics: Iterable[str] = (),
        last_event_id: int | None = None,
        max_seconds: float = 3600,
        on_open: Callable[[], None] | None = None,
    ) -> AsyncIterator[PushedEvent]:
        """The caller's push stream (Server-Sent Events), one :class:`PushedEvent` at a time.

        Ends when the hub ends the stream (``max_seconds``, logout); the caller reconnects
        with the last event's id to receive what it missed from the hub's backlog.
        ``on_open`` is called once the hub has accepted the stream.

        Raises:
            HubApiError: the hub refused the stream (401/403), or the network failed
                (``network``; also when no keep-alive arrived within the read timeout).
        """
        headers = {"Authorization": f"Bearer {self._session()}", "Accept": "text/event-stream"}
        if last_event_id is not None:
            headers["Last-Event-ID"] = str(last_event_id)
        params = {"topics": ",".join(topics), "max_seconds": str(max_seconds)}
        # The hub sends a keep-alive comment every 15 s: a longer silence is a dead link.
        timeout = httpx.Timeout(10.0, read=EVENT_READ_TIMEOUT)
        try:
            async with self._http.stream(
                "GET", "/api/events", params=params, headers=headers, timeout=timeout
            ) as r:
                if r.status_code >= 400:
                    await r.aread()
                    try:
                        err = r.json()
                        code, key = err["code"], err["message_key"]
                    except (ValueError, KeyError, TypeError):
                        code, key = "http", "error.http"
                    raise HubApiError(r.status_code, code, key)
                if on_open is not None:
                    on_open()
                event_id: int | None = None
                topic = "message"
                data: list[str] = []
                async for line in r.aiter_lines():
                    if not line:
                        if data:
                            payload = json.loads("\n".join(data))
                            yield PushedEvent(event_id, topic, payload)
                        elif event_id is not None:  # an id alone moves the resume point
                            yield PushedEvent(event_id, "", None)
                        event_id, topic, data = None, "message", []
                        continue
                    if line.startswith(":"):
                        continue
                    name, _, value = line.partition(":")
                    value = value.removeprefix(" ")
                    if name == "id" and value.isdigit():
                        event_id = int(value)
                    elif name == "event":
                        topic = value
                    elif name == "data":
                        data.append(value)
        except httpx.TransportError as exc:
            raise HubApiError(0, "network", "error.network", str(exc)) from exc

    # --- live stream grants ---

    async def grant_stream(
        self,
        camera_id: int,
        stream: StreamKind,
        reason: AccessReason | None = None,
        reason_note: str | None = None,
    ) -> StreamGrantOut:
        """A short-lived SRT URL for a camera's live stream (never log or show its ``url``:
        it carries the grant's passphrase). Renew it before ``expires_at``; the hub pushes
        ``stream.revoked`` (:class:`~hub.streams.contracts.StreamRevokedEvent`) when it
        ends without being released. ``reason`` is the TN 6.2 reason a central operator
        gives to open a dedicated system.

        Raises:
            HubApiError: 403 ``forbidden`` / ``scope.out_of_scope`` /
                ``scope.reason_required``, 404 ``camera.not_found``, 409
                ``camera.stream_unavailable``, 503 ``media.relay_unavailable``.
        """
        body = LiveGrantRequest(stream=stream, reason=reason, reason_note=reason_note)
        return await self._call(
            "POST",
            f"/api/cameras/{camera_id}/grants",
            StreamGrantOut,
            body=body,
            bearer=self._session(),
        )

    async def renew_grant(self, grant_id: str) -> StreamGrantOut:
        """Extend a grant (live or archive) before it expires; right and scope are checked
        again. 404 ``grant.not_found`` once it ended; 403 (and the grant ends) when the
        right or scope is gone."""
        return await self._call(
            "POST", f"/api/grants/{grant_id}/renew", StreamGrantOut, bearer=self._session()
        )

    async def release_grant(self, grant_id: str) -> None:
        """End a grant now (the tile closed or switched camera or stream)."""
        await self._call("DELETE", f"/api/grants/{grant_id}", None, bearer=self._session())

    # --- archive: recordings, archive grants, snapshots ---

    async def archive_limits(self) -> ArchiveLimitOut:
        """How far back I may replay (``limit_days`` None: no limit)."""
        return await self._call(
            "GET", "/api/archive/limits", ArchiveLimitOut, bearer=self._session()
        )

    async def recordings(self, camera_id: int, start: datetime, end: datetime) -> RecordingsOut:
        """Recorded ranges, gaps and event markers of a camera in [start, end]."""
        return await self._call(
            "GET",
            f"/api/cameras/{camera_id}/recordings",
            RecordingsOut,
            bearer=self._session(),
            params={"start": start.isoformat(), "end": end.isoformat()},
        )

    async def archive_grant(
        self,
        camera_id: int,
        start: datetime,
        rate: float = 1.0,
        stream: StreamKind = StreamKind.SUB,
    ) -> ArchiveGrantOut:
        """An archive stream grant replaying from ``start`` at ``rate``; renew and release
        it with :meth:`renew_grant` / :meth:`release_grant`."""
        body = ArchiveGrantRequest(start=start, rate=rate, stream=stream)
        return await self._call(
            "POST",
            f"/api/cameras/{camera_id}/archive-grants",
            ArchiveGrantOut,
            body=body,
            bearer=self._session(),
        )

    async def take_snapshot(
        self, camera_id: int, at: datetime | None = None, stream: StreamKind = StreamKind.MAIN
    ) -> SnapshotOut:
        """Have the hub grab and keep one frame (live, or the archive at ``at``)."""
        body = SnapshotRequest(at=at, stream=stream)
        return await self._call(
            "POST",
            f"/api/cameras/{camera_id}/snapshots",
            SnapshotOut,
            body=body,
            bearer=self._session(),
        )

    async def snapshot_jpeg(self, snapshot_id: int) -> bytes:
        """The JPEG of a stored snapshot."""
        headers = {"Authorization": f"Bearer {self._session()}"}
        try:
            r = await self._http.get(f"/api/snapshots/{snapshot_id}", headers=headers)
        except httpx.TransportError as exc:
            raise HubApiError(0, "network", "error.network", str(exc)) from exc
        if r.status_code >= 400:
            try:
                err = r.json()
                raise HubApiError(r.status_code, err["code"], err["message_key"], err.get("detail"))
            except (ValueError, KeyError, TypeError):
                raise HubApiError(r.status_code, "http", "error.http", r.text[:200]) from None
        return r.content

    # --- PTZ ---

    def _ptz(self, camera_id: int, tail: str) -> str:
        return f"/api/cameras/{camera_id}/ptz/{tail}"

    async def ptz_move(
        self,
        camera_id: int,
        pan: float,
        tilt: float,
        zoom: float,
        timeout_ms: int | None = None,
    ) -> PtzControl:
        """Start a continuous move (velocities in [-1, 1]); keep it alive with
        :meth:`ptz_heartbeat`, end it with :meth:`ptz_stop`.

        Raises:
            HubApiError: 403, 409 ``ptz.locked`` / ``ptz.reserved`` / ``ptz.unsupported``,
                429 ``ptz.rate_limited``, 502 ``ptz.device_error``.
        """
        body = PtzMove(pan=pan, tilt=tilt, zoom=zoom, timeout_ms=timeout_ms)
        return await self._call(
            "POST", self._ptz(camera_id, "move"), PtzControl, body=body, bearer=self._session()
        )

    async def ptz_stop(self, camera_id: int) -> PtzControl:
        """Stop pan, tilt and zoom."""
        return await self._call(
            "POST", self._ptz(camera_id, "stop"), PtzControl, bearer=self._session()
        )

    async def ptz_heartbeat(self, camera_id: int) -> PtzControl:
        """Keep one's running move alive (409 ``ptz.not_moving`` when it was stopped)."""
        return await self._call(
            "POST", self._ptz(camera_id, "heartbeat"), PtzControl, bearer=self._session()
        )

    async def ptz_absolute(self, camera_id: int, req: PtzAbsolute) -> PtzControl:
        """Go to a position (click-to-centre)."""
        return await self._call(
            "POST", self._ptz(camera_id, "absolute"), PtzControl, body=req, bearer=self._session()
        )

    async def ptz_relative(self, camera_id: int, req: PtzRelative) -> PtzControl:
        """Move by a translation (drag, wheel zoom)."""
        return await self._call(
            "POST", self._ptz(camera_id, "relative"), PtzControl, body=req, bearer=self._session()
        )

    async def ptz_home(self, camera_id: int) -> PtzControl:
        """Go to the home position."""
        return await self._call(
            "POST", self._ptz(camera_id, "home"), PtzControl, bearer=self._session()
        )

    async def ptz_status(self, camera_id: int) -> PtzStatus:
        """Who controls the camera and where it looks."""
        return await self._call(
            "GET", self._ptz(camera_id, "status"), PtzStatus, bearer=self._session()
        )

    async def ptz_release(self, camera_id: int) -> PtzControl:
        """Give up one's control of the camera."""
        return await self._call(
            "POST", self._ptz(camera_id, "release"), PtzControl, bearer=self._session()
        )

    async def ptz_reserve(self, camera_id: int, minutes: int, reason: str) -> PtzControl:
        """Keep the camera for a time and a reason (image.ptz_reserve)."""
        return await self._call(
            "POST",
            self._ptz(camera_id, "reserve"),
            PtzControl,
            body=PtzReserve(minutes=minutes, reason=reason),
            bearer=self._session(),
        )

    async def ptz_end_reservation(self, camera_id: int) -> PtzControl:
        """End one's reservation."""
        return await self._call(
            "DELETE", self._ptz(camera_id, "reserve"), PtzControl, bearer=self._session()
        )

    async def ptz_presets(self, camera_id: int) -> list[PtzPreset]:
        """The camera's presets."""
        return await self._call(
            "GET",
            self._ptz(camera_id, "presets"),
            TypeAdapter(list[PtzPreset]),
            bearer=self._session(),
        )

    async def ptz_goto_preset(self, camera_id: int, token: str) -> PtzControl:
        """Go to a preset."""
        return await self._call(
            "POST",
            self._ptz(camera_id, f"presets/{token}/goto"),
            PtzControl,
            bearer=self._session(),
        )

    async def ptz_save_preset(self, camera_id: int, name: str) -> PtzPreset:
        """Save the current position as a preset (image.ptz_preset)."""
        return await self._call(
            "POST",
            self._ptz(camera_id, "presets"),
            PtzPreset,
            body=PtzPresetCreate(name=name),
            bearer=self._session(),
        )

    async def ptz_rename_preset(self, camera_id: int, token: str, name: str) -> PtzPreset:
        """Rename a preset (image.ptz_preset)."""
        return await self._call(
            "PUT",
            self._ptz(camera_id, f"presets/{token}"),
            PtzPreset,
            body=PtzPresetRename(name=name),
            bearer=self._session(),
        )

    async def ptz_delete_preset(self, camera_id: int, token: str) -> None:
        """Delete a preset (image.ptz_preset)."""
        await self._call(
            "DELETE",
            self._ptz(camera_id, f"presets/{token}"),
            None,
            bearer=self._session(),
        )

    # --- saved walls and wall displays ---

    async def walls(self) -> list[WallOut]:
        """My saved walls and those shared with my unit (or a unit above it)."""
        return await self._call(
            "GET", "/api/walls", TypeAdapter(list[WallOut]), bearer=self._session()
        )

    async def save_wall(self, req: WallCreate) -> WallOut:
        """Save a new wall (409 ``wall.name_taken`` when I already have that name)."""
        return await self._call("POST", "/api/walls", WallOut, body=req, bearer=self._session())

    async def update_wall(self, wall_id: int, req: WallCreate) -> WallOut:
        """Replace one of my walls (name, layout, cameras, share)."""
        return await self._call(
            "PUT", f"/api/walls/{wall_id}", WallOut, body=req, bearer=self._session()
        )

    async def delete_wall(self, wall_id: int) -> None:
        """Delete one of my walls."""
        await self._call("DELETE", f"/api/walls/{wall_id}", None, bearer=self._session())

    async def last_wall(self) -> LastWallOut | None:
        """The wall to restore at login (None before the first one)."""
        return await self._call(
            "GET", "/api/walls/last", TypeAdapter(LastWallOut | None), bearer=self._session()
        )

    async def set_last_wall(self, req: LastWallIn) -> LastWallOut:
        """Remember what my wall shows now."""
        return await self._call(
            "PUT", "/api/walls/last", LastWallOut, body=req, bearer=self._session()
        )

    async def enrol_display(self, req: DisplayCreate) -> DisplayEnrolled:
        """Enrol a wall display (administrators); the token is in the answer only."""
        return await self._call(
            "POST", "/api/displays", DisplayEnrolled, body=req, bearer=self._session()
        )

    async def displays(self) -> list[DisplayOut]:
        """Displays of units in my scope (administrators)."""
        return await self._call(
            "GET", "/api/displays", TypeAdapter(list[DisplayOut]), bearer=self._session()
        )

    async def display_targets(self) -> list[DisplayTarget]:
        """Displays I may push walls to (operators)."""
        return await self._call(
            "GET", "/api/displays/targets", TypeAdapter(list[DisplayTarget]), bearer=self._session()
        )

    async def revoke_display(self, display_id: int) -> DisplayOut:
        """Revoke a display's token: it blanks at once."""
        return await self._call(
            "POST", f"/api/displays/{display_id}/revoke", DisplayOut, bearer=self._session()
        )

    async def show_on_display(self, display_id: int, req: DisplayShow) -> DisplayWallEvent:
        """Push a saved wall or an ad-hoc layout to a display of my scope."""
        return await self._call(
            "POST",
            f"/api/displays/{display_id}/show",
            DisplayWallEvent,
            body=req,
            bearer=self._session(),
        )

    # The display's own calls: ``token`` holds the display token, not a user session.

    async def display_me(self) -> DisplayMe:
        """The display's name, bound walls and current wall."""
        return await self._call("GET", "/api/display/me", DisplayMe, bearer=self._session())

    async def display_grant(self, camera_id: int, stream: StreamKind) -> StreamGrantOut:
        """A view-only live grant for a camera on one of the display's walls."""
        return await self._call(
            "POST",
            "/api/display/grants",
            StreamGrantOut,
            body=DisplayGrantRequest(camera_id=camera_id, stream=stream),
            bearer=self._session(),
        )

    async def display_renew_grant(self, grant_id: str) -> StreamGrantOut:
        """Extend one of the display's grants (404 ``grant.not_found`` once it ended)."""
        return await self._call(
            "POST", f"/api/display/grants/{grant_id}/renew", StreamGrantOut, bearer=self._session()
        )

    async def display_release_grant(self, grant_id: str) -> None:
        """End one of the display's grants now."""
        await self._call("DELETE", f"/api/display/grants/{grant_id}", None, bearer=self._session())

    async def display_events(
        self,
        last_event_id: int | None = None,
        max_seconds: float = 3600,
        on_open: Callable[[], None] | None = None,
    ) -> AsyncIterator[tuple[int | None, str, Any]]:
        """The display's push stream: ``(event id, topic, data)`` per event.

        Ends when the hub ends it (``max_seconds``, or at once on revocation); the
        display reconnects with the last id, and a revoked token then gets 401.

        Raises:
            HubApiError: 401 ``display.token_invalid``, or ``network``.
        """
        headers = {"Authorization": f"Bearer {self._session()}", "Accept": "text/event-stream"}
        if last_event_id is not None:
            headers["Last-Event-ID"] = str(last_event_id)
        timeout = httpx.Timeout(10.0, read=40.0)  # keep-alives come every 15 s
        try:
            async with self._http.stream(
                "GET",
                "/api/display/events",
                params={"max_seconds": str(max_seconds)},
                headers=headers,
                timeout=timeout,
            ) as r:
                if r.status_code >= 400:
                    await r.aread()
                    try:
                        err = r.json()
                        code, key = err["code"], err["message_key"]
                    except (ValueError, KeyError, TypeError):
                        code, key = "http", "error.http"
                    raise HubApiError(r.status_code, code, key)
                if on_open is not None:
                    on_open()
                event_id: int | None = None
                topic, data = "message", list[str]()
                async for line in r.aiter_lines():
                    if not line:
                        if data:
                            yield event_id, topic, json.loads("\n".join(data))
                        event_id, topic, data = None, "message", []
                    elif not line.startswith(":"):
                        name, _, value = line.partition(":")
                        value = value.removeprefix(" ")
                        if name == "id" and value.isdigit():
                            event_id = int(value)
                        elif name == "event":
                            topic = value
                        elif name == "data":
                            data.append(value)
        except httpx.TransportError as exc:
            raise HubApiError(0, "network", "error.network", str(exc)) from exc
