# SPDX-License-Identifier: GPL-3.0-or-later
"""Typed async client of the hub for the console (imports only httpx and the contracts).

Async ``httpx`` rather than ``requests``: the console runs on ``qasync``, so hub calls
are awaited on the Qt event loop without a thread per request and without blocking it.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import logging
import ssl
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from types import TracebackType
from typing import Any, Literal, TypeVar

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
from hub.cases import contracts as case_contracts
from hub.catalog import contracts as catalog
from hub.catalog.contracts import StreamGrantOut, StreamKind
from hub.contracts import (
    CLIENT_IDLE_SECONDS,
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
    RoleChangeOut,
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
from hub.incidents.camera_events import EventKind
from hub.incidents.contracts import (
    AiBoxCreate,
    AiBoxEnrolled,
    AiBoxOut,
    AssigneeOut,
    AssignIn,
    AttachmentIn,
    CommentIn,
    EscalateIn,
    EventOut,
    IncidentCategory,
    IncidentDetail,
    IncidentOut,
    IncidentReport,
    IncidentRuleOut,
    IncidentRuleUpdate,
    IncidentStatus,
    Priority,
    ProcedureTick,
    ReopenIn,
    ResolveIn,
    VersionIn,
)
from hub.privacy.contracts import PrivacyMaskIn, PrivacyMaskOut, PrivacyMasksIn
from hub.profiles.model import (
    ActiveProfile,
    CalendarChange,
    CalendarDay,
    CalendarDayOut,
    DeadlineAnswer,
    DeadlineUnit,
)
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

log = logging.getLogger(__name__)

M = TypeVar("M")
CaseStep = Literal[
    "send",
    "cancel",
    "close",
    "accept",
    "mark-complex",
    "identify",
    "record",
    "transfer",
    "extend",
    "decide",
    "conclude",
    "comments",
]
EVENT_READ_TIMEOUT = 40.0  # seconds without a byte before an event stream counts as dead
FAILOVER_PROBE_SECONDS = 2.0  # how long each listed hub has to answer health on a failover


def hub_urls(text: str | Sequence[str]) -> tuple[str, ...]:
    """The hub URLs of a failover list: a sequence, or one string separated by commas
    (spaces around them allowed); trailing slashes dropped, empties and repeats left out,
    the order kept (the first is the preferred hub)."""
    parts = text.split(",") if isinstance(text, str) else list(text)
    urls: list[str] = []
    for part in parts:
        url = part.strip().rstrip("/")
        if url and url not in urls:
            urls.append(url)
    return tuple(urls)


def _untrusted(exc: BaseException) -> bool:
    """Whether a connection failed because the peer's certificate was not trusted."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, ssl.SSLCertVerificationError):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False


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


def api_error(r: httpx.Response) -> HubApiError:
    """The hub's refusal in a response (its code, message key and detail)."""
    try:
        err = r.json()
        return HubApiError(r.status_code, err["code"], err["message_key"], err.get("detail"))
    except (ValueError, KeyError, TypeError):
        return HubApiError(r.status_code, "http", "error.http", r.text[:200])


class HubClient:
    """One operator's connection to a hub; keeps the login ticket and the session token.

    Several hub URLs (one PostgreSQL behind them all) make a failover list: ``base_url``
    is a sequence, or one string with the URLs separated by commas. Calls go to the
    current URL (:attr:`url`); a network failure (never an HTTP answer, not even a 5xx)
    has every listed hub asked for its health at once, and the first one in list order
    that answers becomes the current one (the current one if it answers again). The
    session token and the login ticket stay: they are valid on every hub of one
    database. A GET that failed is sent once more to the new hub; any other call fails
    with ``network`` as before (it may have been carried out) and its caller asks again.
    Each URL has its own connection pool with its own TLS verification
    (``verify_for(url)``, e.g. the pin of that hub), so a hub presenting a certificate
    this workstation does not trust is never switched to: when no other hub answers, it
    is reported to ``on_refused(url, "tls")``. ``on_switch(old, new)`` is told of every
    switch. There is no switching back: the new hub stays the current one until it fails.
    """

    def __init__(
        self,
        base_url: str | Sequence[str],
        *,
        timeout: float = 15.0,
        verify: bool | str | ssl.SSLContext = True,
        transport: httpx.AsyncBaseTransport | None = None,
        verify_for: Callable[[str], bool | str | ssl.SSLContext] | None = None,
    ) -> None:
        self.urls = hub_urls(base_url)
        if not self.urls:
            raise ValueError("no hub URL")
        self._timeout = timeout
        self._verify_for = verify_for or (lambda _url: verify)
        self._transport = transport
        self._pools: dict[str, httpx.AsyncClient] = {}
        self.url = self.urls[0]
        self._failing: asyncio.Future[bool] | None = None
        self.on_switch: Callable[[str, str], None] | None = None
        self.on_refused: Callable[[str, str], None] | None = None
        self._ticket: str | None = None
        self.token: str | None = None

    @property
    def _http(self) -> httpx.AsyncClient:
        """The connection pool of the current hub."""
        return self._pool(self.url)

    def _pool(self, url: str) -> httpx.AsyncClient:
        pool = self._pools.get(url)
        if pool is None:
            pool = httpx.AsyncClient(
                base_url=url,
                timeout=self._timeout,
                verify=self._verify_for(url),
                transport=self._transport,
                # Drop idle connections before the hub does (SERVER_KEEP_ALIVE_SECONDS).
                limits=httpx.Limits(keepalive_expiry=CLIENT_IDLE_SECONDS),
            )
            self._pools[url] = pool
        return pool

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
        """Close the connection pools."""
        pools, self._pools = list(self._pools.values()), {}
        for pool in pools:
            await pool.aclose()

    # --- failover ----------------------------------------------------------------------

    async def fail_over(self, failed: httpx.AsyncClient | None = None) -> bool:
        """After a network failure (of ``failed``, the pool the call used): find the hub
        to talk to now. Returns whether the current hub is another one than ``failed``'s.

        Concurrent failures share one search; a failure on a pool that is no longer the
        current one (another call already switched) only reports the switch.
        """
        if failed is not None and failed is not self._pools.get(self.url):
            return True
        if len(self.urls) < 2:
            return False
        if self._failing is None:
            search = asyncio.ensure_future(self._search())
            self._failing = search

            def searched(_done: asyncio.Future[bool]) -> None:
                if self._failing is search:
                    self._failing = None

            search.add_done_callback(searched)
        return await asyncio.shield(self._failing)

    async def _search(self) -> bool:
        before = self.url
        answers = await asyncio.gather(*(self._answers(url) for url in self.urls))
        alive = dict(zip(self.urls, answers, strict=True))
        if alive.get(before) is True:
            return False
        start = self.urls.index(before) if before in self.urls else -1
        ring = self.urls[start + 1 :] + self.urls[: start + 1]
        for url in ring:
            if alive[url] is True:
                self.url = url
                log.warning("hub %s does not answer: switched to %s", before, url)
                if self.on_switch is not None:
                    self.on_switch(before, url)
                return True
        for url in ring:  # none to switch to: say which ones were refused, and why
            if alive[url] is None:
                log.warning("hub %s presented a certificate that is not trusted", url)
                if self.on_refused is not None:
                    self.on_refused(url, "tls")
        return False

    async def _answers(self, url: str) -> bool | None:
        """Whether the hub at ``url`` answers its health check (None: it presented a
        certificate that this client's verification for it does not accept)."""
        try:
            r = await self._pool(url).get("/api/health", timeout=FAILOVER_PROBE_SECONDS)
        except httpx.TransportError as exc:
            return None if _untrusted(exc) else False
        return r.status_code == 200

    async def _network(self, exc: Exception, used: httpx.AsyncClient) -> HubApiError:
        """The ``network`` error of a call that failed on ``used``, after failing over."""
        await self.fail_over(used)
        return HubApiError(0, "network", "error.network", str(exc))

    async def _call(
        self,
        method: str,
        path: str,
        out: type[M] | TypeAdapter[M] | None,
        *,
        body: BaseModel | None = None,
        params: dict[str, Any] | None = None,
        bearer: str | None = None,
        wait: float | None = None,
    ) -> M:
        raw = await self.call_raw(method, path, body, params, bearer, wait)
        if out is None:
            return None  # type: ignore[return-value]
        adapter = out if isinstance(out, TypeAdapter) else TypeAdapter(out)
        return adapter.validate_json(raw)

    async def call_raw(
        self,
        method: str,
        path: str,
        body: BaseModel | None = None,
        params: dict[str, Any] | None = None,
        bearer: str | None = None,
        wait: float | None = None,
    ) -> bytes:
        """One request; the answer's bytes, or its refusal as :class:`HubApiError`
        (``wait``: this call's own HTTP timeout, for calls known to be long)."""
        headers = {"Authorization": f"Bearer {bearer}"} if bearer else {}
        content = body.model_dump_json(exclude_unset=True) if body is not None else None
        if content is not None:
            headers["Content-Type"] = "application/json"
        extra: dict[str, Any] = {"timeout": wait} if wait is not None else {}
        for attempt in (1, 2):
            http = self._http
            try:
                r = await http.request(
                    method, path, content=content, params=params, headers=headers, **extra
                )
                break
            except httpx.TransportError as exc:
                switched = await self.fail_over(http)
                # Sent again only when that cannot do anything twice: a read, or a call
                # that never reached the hub (no connection was made).
                again = method == "GET" or isinstance(exc, httpx.ConnectError)
                if not (switched and again and attempt == 1):
                    raise HubApiError(0, "network", "error.network", str(exc)) from exc
        if r.status_code >= 400:
            raise api_error(r)
        return r.content

    @contextlib.asynccontextmanager
    async def stream(
        self, path: str, wait: httpx.Timeout | float | None = None
    ) -> AsyncIterator[httpx.Response]:
        """A GET of the session whose body is read as it comes (downloads); a refusal is
        raised as :class:`HubApiError`, a broken connection as ``network``."""
        extra: dict[str, Any] = {"timeout": wait} if wait is not None else {}
        headers = {"Authorization": f"Bearer {self._session()}"}
        http = self._http
        try:
            async with http.stream("GET", path, headers=headers, **extra) as r:
                if r.status_code >= 400:
                    await r.aread()
                    raise api_error(r)
                yield r
        except httpx.TransportError as exc:
            raise await self._network(exc, http) from exc

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
        """First login: the new TOTP secret and its QR code (the login ticket is spent; the
        answer's ticket confirms the enrolment)."""
        start = await self._call("POST", "/api/auth/mfa/enrol", EnrolmentStart, bearer=self._ticket)
        self._ticket = start.ticket
        return start

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

    async def deadline(
        self, start: datetime, amount: int, unit: DeadlineUnit, profile: str | None = None
    ) -> DeadlineAnswer:
        """When a period runs out, by the hub's calendar (``hub.profiles.due_at``)."""
        params: dict[str, Any] = {"from": start.isoformat(), "amount": amount, "unit": unit.value}
        if profile is not None:
            params["profile"] = profile
        return await self._call(
            "GET", "/api/deadline", DeadlineAnswer, params=params, bearer=self._session()
        )

    async def calendar_days(self, year: int | None = None) -> list[CalendarDayOut]:
        """Days off and working days recorded beyond the public holidays (day swaps)."""
        return await self._call(
            "GET",
            "/api/calendar/days",
            TypeAdapter(list[CalendarDayOut]),
            params={"year": year} if year is not None else None,
            bearer=self._session(),
        )

    async def set_calendar_day(self, day: CalendarDay) -> CalendarChange:
        """Record a day off or working day with its decision (``org.manage``)."""
        return await self._call(
            "POST", "/api/calendar/days", CalendarChange, body=day, bearer=self._session()
        )

    async def remove_calendar_day(self, day: date) -> CalendarChange:
        """Forget a recorded day (``org.manage``)."""
        return await self._call(
            "DELETE",
            f"/api/calendar/days/{day.isoformat()}",
            CalendarChange,
            bearer=self._session(),
        )

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

    async def update_user(self, user_id: int, req: UserUpdate) -> UserOut | RoleChangeOut:
        """Rename an account, move it or change its roles; roles of two privilege families
        come back as a pending :class:`RoleChangeOut` for a second administrator."""
        return await self._call(
            "PATCH",
            f"/api/users/{user_id}",
            TypeAdapter(UserOut | RoleChangeOut),
            body=req,
            bearer=self._session(),
        )

    async def role_changes(self, status: str | None = "pending") -> list[RoleChangeOut]:
        """Role changes of accounts in the caller's scope (pending ones by default)."""
        return await self._call(
            "GET",
            "/api/role-changes",
            TypeAdapter(list[RoleChangeOut]),
            params={"status": status} if status else None,
            bearer=self._session(),
        )

    async def decide_role_change(self, change_id: int, confirm: bool) -> RoleChangeOut:
        """Confirm or reject another administrator's role change (four-eyes)."""
        action = "confirm" if confirm else "reject"
        return await self._call(
            "POST",
            f"/api/role-changes/{change_id}/{action}",
            RoleChangeOut,
            bearer=self._session(),
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

    async def probe_camera(self, req: catalog.CameraProbe) -> catalog.CameraProbeOut:
        """What onboarding a device (one channel of an NVR) would register, and the unit
        and territory it would default to; nothing is stored (camera.manage, audited).

        Raises:
            HubApiError: 502 ``camera.unreachable`` / ``camera.bad_reply``, 422
                ``camera.auth_failed`` / ``camera.unknown_channel``…
        """
        return await self._call(
            "POST", "/api/cameras/probe", catalog.CameraProbeOut, body=req, bearer=self._session()
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
        params = {"topics": ",".join(topics), "max_seconds": str(max_seconds)}
        # The hub sends a keep-alive comment every 15 s: a longer silence is a dead link.
        async for event in self._sse(
            "/api/events", params, last_event_id, EVENT_READ_TIMEOUT, on_open
        ):
            yield event

    async def _sse(
        self,
        path: str,
        params: dict[str, str],
        last_event_id: int | None,
        read_timeout: float,
        on_open: Callable[[], None] | None,
    ) -> AsyncIterator[PushedEvent]:
        """One Server-Sent Events stream of the hub, parsed (``events``, ``display_events``).

        Raises:
            HubApiError: the hub refused the stream, or the network failed (``network``).
        """
        headers = {"Authorization": f"Bearer {self._session()}", "Accept": "text/event-stream"}
        if last_event_id is not None:
            headers["Last-Event-ID"] = str(last_event_id)
        timeout = httpx.Timeout(10.0, read=read_timeout)
        http = self._http
        try:
            async with http.stream(
                "GET", path, params=params, headers=headers, timeout=timeout
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
            raise await self._network(exc, http) from exc

    # --- live stream grants ---

    async def grant_stream(
        self,
        camera_id: int,
        stream: StreamKind,
        reason: AccessReason | None = None,
        reason_note: str | None = None,
    ) -> StreamGrantOut:
        """A short-lived URL for a camera's live stream, MPEG-TS over HTTP(S) (never log
        or show its ``url``: it carries the grant's secret token). Renew it before
        ``expires_at``; the hub pushes ``stream.revoked``
        (:class:`~hub.streams.contracts.StreamRevokedEvent`) when it ends without being
        released. ``reason`` is the TN 6.2 reason a central operator
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

    async def recordings(
        self,
        camera_id: int,
        start: datetime,
        end: datetime,
        reason: AccessReason | None = None,
        reason_note: str | None = None,
    ) -> RecordingsOut:
        """Recorded ranges, gaps and event markers of a camera in [start, end];
        ``reason``/``reason_note``: a central operator's TN 6.2 reason."""
        params = {"start": start.isoformat(), "end": end.isoformat()}
        return await self._call(
            "GET",
            f"/api/cameras/{camera_id}/recordings",
            RecordingsOut,
            bearer=self._session(),
            params=params | (_reason_params(reason, reason_note) or {}),
        )

    async def archive_grant(
        self,
        camera_id: int,
        start: datetime,
        rate: float = 1.0,
        stream: StreamKind = StreamKind.SUB,
        reason: AccessReason | None = None,
        reason_note: str | None = None,
    ) -> ArchiveGrantOut:
        """An archive stream grant replaying from ``start`` at ``rate``; renew and release
        it with :meth:`renew_grant` / :meth:`release_grant`. ``reason``/``reason_note``:
        the TN 6.2 reason of a central operator (query parameters, as for PTZ)."""
        body = ArchiveGrantRequest(start=start, rate=rate, stream=stream)
        return await self._call(
            "POST",
            f"/api/cameras/{camera_id}/archive-grants",
            ArchiveGrantOut,
            body=body,
            params=_reason_params(reason, reason_note),
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
        http = self._http
        try:
            r = await http.get(f"/api/snapshots/{snapshot_id}", headers=headers)
        except httpx.TransportError as exc:
            raise await self._network(exc, http) from exc
        if r.status_code >= 400:
            try:
                err = r.json()
                raise HubApiError(r.status_code, err["code"], err["message_key"], err.get("detail"))
            except (ValueError, KeyError, TypeError):
                raise HubApiError(r.status_code, "http", "error.http", r.text[:200]) from None
        return r.content

    # --- privacy masks (hub.privacy.contracts) ---

    async def privacy_masks(self, camera_id: int) -> list[PrivacyMaskOut]:
        """A camera's privacy masks (``privacy.manage``, camera in my own scope)."""
        return await self._call(
            "GET",
            f"/api/cameras/{camera_id}/privacy-masks",
            TypeAdapter(list[PrivacyMaskOut]),
            bearer=self._session(),
        )

    async def set_privacy_masks(
        self, camera_id: int, masks: list[PrivacyMaskIn]
    ) -> list[PrivacyMaskOut]:
        """Replace a camera's privacy masks (audited with before and after).

        Raises:
            HubApiError: 403, 404, 422 ``privacy.unknown_mask`` /
                ``privacy.degenerate_polygon``.
        """
        return await self._call(
            "PUT",
            f"/api/cameras/{camera_id}/privacy-masks",
            TypeAdapter(list[PrivacyMaskOut]),
            body=PrivacyMasksIn(masks=masks),
            bearer=self._session(),
        )

    async def privacy_picture(self, camera_id: int) -> bytes:
        """A current JPEG of the camera to draw masks on (not stored; audited)."""
        headers = {"Authorization": f"Bearer {self._session()}"}
        path = f"/api/cameras/{camera_id}/privacy-masks/picture"
        http = self._http
        try:
            r = await http.get(path, headers=headers)
        except httpx.TransportError as exc:
            raise await self._network(exc, http) from exc
        if r.status_code >= 400:
            _raise_for(r)
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
        reason: AccessReason | None = None,
        reason_note: str | None = None,
    ) -> PtzControl:
        """Start a continuous move (velocities in [-1, 1]); keep it alive with
        :meth:`ptz_heartbeat`, end it with :meth:`ptz_stop`.

        Raises:
            HubApiError: 403, 409 ``ptz.locked`` / ``ptz.reserved`` / ``ptz.unsupported``,
                429 ``ptz.rate_limited``, 502 ``ptz.device_error``.
        """
        body = PtzMove(pan=pan, tilt=tilt, zoom=zoom, timeout_ms=timeout_ms)
        return await self._call(
            "POST",
            self._ptz(camera_id, "move"),
            PtzControl,
            body=body,
            params=_reason_params(reason, reason_note),
            bearer=self._session(),
        )

    async def ptz_stop(
        self, camera_id: int, reason: AccessReason | None = None, reason_note: str | None = None
    ) -> PtzControl:
        """Stop pan, tilt and zoom."""
        return await self._call(
            "POST",
            self._ptz(camera_id, "stop"),
            PtzControl,
            params=_reason_params(reason, reason_note),
            bearer=self._session(),
        )

    async def ptz_heartbeat(
        self, camera_id: int, reason: AccessReason | None = None, reason_note: str | None = None
    ) -> PtzControl:
        """Keep one's running move alive (409 ``ptz.not_moving`` when it was stopped)."""
        return await self._call(
            "POST",
            self._ptz(camera_id, "heartbeat"),
            PtzControl,
            params=_reason_params(reason, reason_note),
            bearer=self._session(),
        )

    async def ptz_absolute(
        self,
        camera_id: int,
        req: PtzAbsolute,
        reason: AccessReason | None = None,
        reason_note: str | None = None,
    ) -> PtzControl:
        """Go to a position (click-to-centre)."""
        return await self._call(
            "POST",
            self._ptz(camera_id, "absolute"),
            PtzControl,
            body=req,
            params=_reason_params(reason, reason_note),
            bearer=self._session(),
        )

    async def ptz_relative(
        self,
        camera_id: int,
        req: PtzRelative,
        reason: AccessReason | None = None,
        reason_note: str | None = None,
    ) -> PtzControl:
        """Move by a translation (drag, wheel zoom)."""
        return await self._call(
            "POST",
            self._ptz(camera_id, "relative"),
            PtzControl,
            body=req,
            params=_reason_params(reason, reason_note),
            bearer=self._session(),
        )

    async def ptz_home(
        self, camera_id: int, reason: AccessReason | None = None, reason_note: str | None = None
    ) -> PtzControl:
        """Go to the home position."""
        return await self._call(
            "POST",
            self._ptz(camera_id, "home"),
            PtzControl,
            params=_reason_params(reason, reason_note),
            bearer=self._session(),
        )

    async def ptz_status(
        self, camera_id: int, reason: AccessReason | None = None, reason_note: str | None = None
    ) -> PtzStatus:
        """Who controls the camera and where it looks."""
        return await self._call(
            "GET",
            self._ptz(camera_id, "status"),
            PtzStatus,
            params=_reason_params(reason, reason_note),
            bearer=self._session(),
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

    async def ptz_presets(
        self, camera_id: int, reason: AccessReason | None = None, reason_note: str | None = None
    ) -> list[PtzPreset]:
        """The camera's presets."""
        return await self._call(
            "GET",
            self._ptz(camera_id, "presets"),
            TypeAdapter(list[PtzPreset]),
            params=_reason_params(reason, reason_note),
            bearer=self._session(),
        )

    async def ptz_goto_preset(
        self,
        camera_id: int,
        token: str,
        reason: AccessReason | None = None,
        reason_note: str | None = None,
    ) -> PtzControl:
        """Go to a preset."""
        return await self._call(
            "POST",
            self._ptz(camera_id, f"presets/{token}/goto"),
            PtzControl,
            params=_reason_params(reason, reason_note),
            bearer=self._session(),
        )

    async def ptz_save_preset(
        self,
        camera_id: int,
        name: str,
        reason: AccessReason | None = None,
        reason_note: str | None = None,
    ) -> PtzPreset:
        """Save the current position as a preset (image.ptz_preset)."""
        return await self._call(
            "POST",
            self._ptz(camera_id, "presets"),
            PtzPreset,
            body=PtzPresetCreate(name=name),
            params=_reason_params(reason, reason_note),
            bearer=self._session(),
        )

    async def ptz_rename_preset(
        self,
        camera_id: int,
        token: str,
        name: str,
        reason: AccessReason | None = None,
        reason_note: str | None = None,
    ) -> PtzPreset:
        """Rename a preset (image.ptz_preset)."""
        return await self._call(
            "PUT",
            self._ptz(camera_id, f"presets/{token}"),
            PtzPreset,
            body=PtzPresetRename(name=name),
            params=_reason_params(reason, reason_note),
            bearer=self._session(),
        )

    async def ptz_delete_preset(
        self,
        camera_id: int,
        token: str,
        reason: AccessReason | None = None,
        reason_note: str | None = None,
    ) -> None:
        """Delete a preset (image.ptz_preset)."""
        await self._call(
            "DELETE",
            self._ptz(camera_id, f"presets/{token}"),
            None,
            params=_reason_params(reason, reason_note),
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
        """The display's push stream: ``(event id, topic, data)`` per event; an id alone
        (topic ``""``, data ``None``) moves the resume point.

        Ends when the hub ends it (``max_seconds``, or at once on revocation); the
        display reconnects with the last id, and a revoked token then gets 401.

        Raises:
            HubApiError: 401 ``display.token_invalid``, or ``network``.
        """
        params = {"max_seconds": str(max_seconds)}
        async for event in self._sse(
            "/api/display/events", params, last_event_id, EVENT_READ_TIMEOUT, on_open
        ):
            yield event.id, event.topic, event.data

    # --- incidents (hub.incidents.contracts) ---

    async def incidents(
        self,
        *,
        status: IncidentStatus | None = None,
        priority: Priority | None = None,
        category: IncidentCategory | None = None,
        camera_id: int | None = None,
        overdue: bool | None = None,
        open_only: bool | None = None,
        limit: int | None = None,
        before_id: int | None = None,
    ) -> list[IncidentOut]:
        """Incidents my scope covers, newest first (``before_id`` pages back)."""
        params = _params(
            status=status,
            priority=priority,
            category=category,
            camera_id=camera_id,
            overdue=overdue,
            open=open_only,
            limit=limit,
            before_id=before_id,
        )
        return await self._call(
            "GET",
            "/api/incidents",
            TypeAdapter(list[IncidentOut]),
            params=params,
            bearer=self._session(),
        )

    async def incident(self, incident_id: int) -> IncidentDetail:
        """One incident with its history, attachments, latest events and what I may do
        (``allowed_actions``). 404 ``incident.not_found`` when out of my scope."""
        return await self._call(
            "GET", f"/api/incidents/{incident_id}", IncidentDetail, bearer=self._session()
        )

    async def report_incident(self, req: IncidentReport) -> IncidentOut:
        """Report a fault, security incident, data leak or abuse (anyone signed in)."""
        return await self._call(
            "POST", "/api/incidents", IncidentOut, body=req, bearer=self._session()
        )

    async def incident_assignees(self, incident_id: int) -> list[AssigneeOut]:
        """People the incident can be assigned to."""
        return await self._call(
            "GET",
            "/api/incidents/assignees",
            TypeAdapter(list[AssigneeOut]),
            params={"incident_id": incident_id},
            bearer=self._session(),
        )

    async def _incident_step(self, incident_id: int, step: str, body: BaseModel) -> IncidentOut:
        """A life-cycle step: the new state, or 409 ``incident.stale`` (someone changed
        it since ``version``) / ``incident.bad_transition``, 403 (role), 404 (scope)."""
        return await self._call(
            "POST",
            f"/api/incidents/{incident_id}/{step}",
            IncidentOut,
            body=body,
            bearer=self._session(),
        )

    async def acknowledge_incident(self, incident_id: int, version: int) -> IncidentOut:
        """new → acknowledged."""
        return await self._incident_step(incident_id, "acknowledge", VersionIn(version=version))

    async def assign_incident(self, incident_id: int, version: int, user_id: int) -> IncidentOut:
        """Give the incident to someone (oneself, or others as a supervisor)."""
        body = AssignIn(version=version, user_id=user_id)
        return await self._incident_step(incident_id, "assign", body)

    async def start_incident(self, incident_id: int, version: int) -> IncidentOut:
        """Start handling it."""
        return await self._incident_step(incident_id, "start", VersionIn(version=version))

    async def resolve_incident(
        self, incident_id: int, version: int, resolution: str
    ) -> IncidentOut:
        """Record how it was resolved."""
        body = ResolveIn(version=version, resolution=resolution)
        return await self._incident_step(incident_id, "resolve", body)

    async def close_incident(self, incident_id: int, version: int) -> IncidentOut:
        """Close a resolved incident."""
        return await self._incident_step(incident_id, "close", VersionIn(version=version))

    async def reopen_incident(self, incident_id: int, version: int, reason: str) -> IncidentOut:
        """Reopen a resolved or closed incident, saying why."""
        body = ReopenIn(version=version, reason=reason)
        return await self._incident_step(incident_id, "reopen", body)

    async def escalate_incident(
        self, incident_id: int, version: int, reason: str, unit_id: int | None = None
    ) -> IncidentOut:
        """Hand it to a higher unit (``None``: the parent of its unit)."""
        body = EscalateIn(version=version, reason=reason, unit_id=unit_id)
        return await self._incident_step(incident_id, "escalate", body)

    async def comment_incident(self, incident_id: int, text: str) -> IncidentOut:
        """Add a comment."""
        return await self._incident_step(incident_id, "comments", CommentIn(text=text))

    async def tick_procedure(self, incident_id: int, key: str, done: bool) -> IncidentOut:
        """Tick (or untick) a step of the incident's procedure."""
        return await self._incident_step(incident_id, f"procedure/{key}", ProcedureTick(done=done))

    async def attach_to_incident(
        self, incident_id: int, name: str, content_type: str, data: bytes
    ) -> IncidentOut:
        """Attach a file (the hub limits its size)."""
        body = AttachmentIn(
            name=name, content_type=content_type, data_base64=base64.b64encode(data).decode()
        )
        return await self._incident_step(incident_id, "attachments", body)

    async def incident_attachment(self, incident_id: int, attachment_id: int) -> bytes:
        """The bytes of an attachment."""
        return await self._bytes(f"/api/incidents/{incident_id}/attachments/{attachment_id}")

    async def recent_events(
        self,
        camera_id: int | None = None,
        kind: EventKind | None = None,
        since: datetime | None = None,
        limit: int | None = None,
    ) -> list[EventOut]:
        """Events of the cameras I see, newest first."""
        params = _params(
            camera_id=camera_id,
            kind=kind,
            since=since.isoformat() if since is not None else None,
            limit=limit,
        )
        return await self._call(
            "GET",
            "/api/events/recent",
            TypeAdapter(list[EventOut]),
            params=params,
            bearer=self._session(),
        )

    async def event_snapshot(self, event_id: int) -> bytes:
        """The JPEG an AI box sent with an event."""
        return await self._bytes(f"/api/events/{event_id}/snapshot")

    async def incident_rules(self) -> list[IncidentRuleOut]:
        """How events become incidents (category, priority, folding, escalation)."""
        return await self._call(
            "GET", "/api/incident-rules", TypeAdapter(list[IncidentRuleOut]), bearer=self._session()
        )

    async def update_incident_rule(self, rule_id: int, req: IncidentRuleUpdate) -> IncidentRuleOut:
        """Change a rule (``incident.supervise``)."""
        return await self._call(
            "PATCH",
            f"/api/incident-rules/{rule_id}",
            IncidentRuleOut,
            body=req,
            bearer=self._session(),
        )

    async def enrol_ai_box(self, req: AiBoxCreate) -> AiBoxEnrolled:
        """Enrol an edge AI box (``camera.manage``); its token is in this answer only."""
        return await self._call(
            "POST", "/api/ai-boxes", AiBoxEnrolled, body=req, bearer=self._session()
        )

    async def ai_boxes(self) -> list[AiBoxOut]:
        """Enrolled AI boxes."""
        return await self._call(
            "GET", "/api/ai-boxes", TypeAdapter(list[AiBoxOut]), bearer=self._session()
        )

    async def revoke_ai_box(self, box_id: int) -> AiBoxOut:
        """Revoke a box's token."""
        return await self._call(
            "POST", f"/api/ai-boxes/{box_id}/revoke", AiBoxOut, bearer=self._session()
        )

    # --- violation cases (hub.cases.contracts) ---

    async def cases(
        self,
        *,
        status: case_contracts.CaseStatus | None = None,
        side: case_contracts.CaseSide | None = None,
        inbox: bool | None = None,
        open_only: bool | None = None,
        limit: int | None = None,
        before_id: int | None = None,
    ) -> list[case_contracts.CaseOut]:
        """Cases I see, newest first (``inbox``: sent to my unit, not yet accepted)."""
        params = _params(
            status=status,
            side=side,
            inbox=inbox,
            open=open_only,
            limit=limit,
            before_id=before_id,
        )
        return await self._call(
            "GET",
            "/api/cases",
            TypeAdapter(list[case_contracts.CaseOut]),
            params=params,
            bearer=self._session(),
        )

    async def case(self, case_id: int) -> case_contracts.CaseDetail:
        """One case with its media, history, extraction requests, exports and what I may
        do (``allowed_actions``); 404 ``case.not_found`` when I do not see it."""
        return await self._call(
            "GET", f"/api/cases/{case_id}", case_contracts.CaseDetail, bearer=self._session()
        )

    async def open_case(self, req: case_contracts.CaseCreate) -> case_contracts.CaseOut:
        """Open a case in my unit (from an incident, a tile or a timeline selection)."""
        return await self._call(
            "POST", "/api/cases", case_contracts.CaseOut, body=req, bearer=self._session()
        )

    async def edit_case(
        self, case_id: int, req: case_contracts.CaseUpdate
    ) -> case_contracts.CaseOut:
        """Change a draft (IOC side)."""
        return await self._call(
            "PATCH",
            f"/api/cases/{case_id}",
            case_contracts.CaseOut,
            body=req,
            bearer=self._session(),
        )

    async def case_step(
        self, case_id: int, step: CaseStep, body: BaseModel
    ) -> case_contracts.CaseOut:
        """A hand-off step (``send`` with :class:`~hub.cases.contracts.SendIn`, ``accept``
        with ``AcceptIn`` … see the contracts' docstring): the new state, or 409
        ``case.stale`` / ``case.bad_transition``, 403 ``forbidden`` (role, unit), 404."""
        return await self._call(
            "POST",
            f"/api/cases/{case_id}/{step}",
            case_contracts.CaseOut,
            body=body,
            bearer=self._session(),
        )

    async def add_case_clip(
        self, case_id: int, req: case_contracts.ClipIn
    ) -> case_contracts.CaseMediaOut:
        """Have the hub cut a clip of a case camera from the archive into the case."""
        return await self._call(
            "POST",
            f"/api/cases/{case_id}/media/clips",
            case_contracts.CaseMediaOut,
            body=req,
            bearer=self._session(),
        )

    async def add_case_snapshot(
        self, case_id: int, req: case_contracts.SnapshotIn
    ) -> case_contracts.CaseMediaOut:
        """Add an evidence snapshot (taken, or taken now from the archive) to the case."""
        return await self._call(
            "POST",
            f"/api/cases/{case_id}/media/snapshots",
            case_contracts.CaseMediaOut,
            body=req,
            bearer=self._session(),
        )

    async def case_board(
        self,
        *,
        side: case_contracts.CaseSide | None = None,
        state: case_contracts.DeadlineState | None = None,
        limit: int | None = None,
    ) -> list[case_contracts.BoardItem]:
        """Open deadlines due soon and overdue of the cases I see, soonest first."""
        return await self._call(
            "GET",
            "/api/cases/board",
            TypeAdapter(list[case_contracts.BoardItem]),
            params=_params(side=side, state=state, limit=limit),
            bearer=self._session(),
        )

    async def request_extraction(
        self, case_id: int, req: case_contracts.ExtractionRequestCreate
    ) -> case_contracts.ExtractionRequestOut:
        """Ask to extract a case's footage (the profile's approval chain)."""
        return await self._call(
            "POST",
            f"/api/cases/{case_id}/extraction-requests",
            case_contracts.ExtractionRequestOut,
            body=req,
            bearer=self._session(),
        )

    async def fast_extraction(
        self, case_id: int, req: case_contracts.FastExtractionIn
    ) -> case_contracts.ExtractionRequestOut:
        """TN 9.2 fast extraction (commune chairman or authorised person)."""
        return await self._call(
            "POST",
            f"/api/cases/{case_id}/fast-extractions",
            case_contracts.ExtractionRequestOut,
            body=req,
            bearer=self._session(),
        )

    async def extraction_requests(
        self, *, pending_for_me: bool | None = None, limit: int | None = None
    ) -> list[case_contracts.ExtractionRequestOut]:
        """Requests I made, may decide, or whose case I see (``pending_for_me``: mine to
        act on)."""
        return await self._call(
            "GET",
            "/api/extraction-requests",
            TypeAdapter(list[case_contracts.ExtractionRequestOut]),
            params=_params(pending_for_me=pending_for_me, limit=limit),
            bearer=self._session(),
        )

    async def decide_extraction(
        self, request_id: int, req: case_contracts.ApprovalDecisionIn
    ) -> case_contracts.ExtractionRequestOut:
        """Endorse or decide a request (never one's own)."""
        return await self._call(
            "POST",
            f"/api/extraction-requests/{request_id}/decide",
            case_contracts.ExtractionRequestOut,
            body=req,
            bearer=self._session(),
        )

    async def withdraw_extraction(
        self, request_id: int, req: case_contracts.WithdrawIn
    ) -> case_contracts.ExtractionRequestOut:
        """Withdraw my pending request."""
        return await self._call(
            "POST",
            f"/api/extraction-requests/{request_id}/withdraw",
            case_contracts.ExtractionRequestOut,
            body=req,
            bearer=self._session(),
        )

    async def complete_dossier(
        self, request_id: int, req: case_contracts.DossierIn
    ) -> case_contracts.ExtractionRequestOut:
        """The internal dossier of a fast extraction is complete (TN 9.2b)."""
        return await self._call(
            "POST",
            f"/api/extraction-requests/{request_id}/dossier",
            case_contracts.ExtractionRequestOut,
            body=req,
            bearer=self._session(),
        )

    async def storage_devices(self) -> list[case_contracts.StorageDeviceOut]:
        """Registered storage devices of my units."""
        return await self._call(
            "GET",
            "/api/storage-devices",
            TypeAdapter(list[case_contracts.StorageDeviceOut]),
            bearer=self._session(),
        )

    async def register_storage_device(
        self, req: case_contracts.StorageDeviceCreate
    ) -> case_contracts.StorageDeviceOut:
        """Register a state-owned storage device (``storage_device.manage``)."""
        return await self._call(
            "POST",
            "/api/storage-devices",
            case_contracts.StorageDeviceOut,
            body=req,
            bearer=self._session(),
        )

    async def revoke_storage_device(self, device_id: int) -> case_contracts.StorageDeviceOut:
        """Take a device off the register (``storage_device.manage``)."""
        return await self._call(
            "POST",
            f"/api/storage-devices/{device_id}/revoke",
            case_contracts.StorageDeviceOut,
            bearer=self._session(),
        )

    async def download_case_media(
        self,
        case_id: int,
        media_id: int,
        write: Callable[[bytes], Awaitable[None]],
        *,
        export_id: int | None = None,
    ) -> str:
        """Stream a case medium's stored bytes into ``write`` (chunk by chunk, never whole
        in memory); the answer is the SHA-256 the hub stored for it (its
        ``X-Content-SHA256``), which the caller checks against what it received."""
        headers = {"Authorization": f"Bearer {self._session()}"}
        path = f"/api/cases/{case_id}/media/{media_id}"
        http = self._http
        try:
            async with http.stream(
                "GET", path, params=_params(export_id=export_id), headers=headers
            ) as r:
                if r.status_code >= 400:
                    await r.aread()
                    _raise_for(r)
                stored = str(r.headers.get("x-content-sha256", ""))
                async for chunk in r.aiter_bytes(1 << 20):
                    await write(chunk)
        except httpx.TransportError as exc:
            raise await self._network(exc, http) from exc
        return stored

    async def report_export_copy(
        self, case_id: int, export_id: int, req: case_contracts.ExportCopyIn
    ) -> None:
        """Tell the hub how copying an export to the device went (audited there)."""
        await self._call(
            "POST",
            f"/api/cases/{case_id}/exports/{export_id}/copy",
            None,
            body=req,
            bearer=self._session(),
        )

    async def export_case_media(
        self, case_id: int, req: case_contracts.ExportIn
    ) -> case_contracts.ExportOut:
        """Copy a case's raw media to a registered device under an approved request."""
        return await self._call(
            "POST",
            f"/api/cases/{case_id}/exports",
            case_contracts.ExportOut,
            body=req,
            bearer=self._session(),
        )

    async def _bytes(self, path: str) -> bytes:
        """A binary answer (attachments, pictures), with the hub's error codes."""
        headers = {"Authorization": f"Bearer {self._session()}"}
        http = self._http
        try:
            r = await http.get(path, headers=headers)
        except httpx.TransportError as exc:
            raise await self._network(exc, http) from exc
        if r.status_code >= 400:
            try:
                err = r.json()
                raise HubApiError(r.status_code, err["code"], err["message_key"], err.get("detail"))
            except (ValueError, KeyError, TypeError):
                raise HubApiError(r.status_code, "http", "error.http", r.text[:200]) from None
        return r.content


def _raise_for(r: httpx.Response) -> None:
    """The hub's refusal in ``r`` as a :class:`HubApiError`."""
    try:
        err = r.json()
        raise HubApiError(r.status_code, err["code"], err["message_key"], err.get("detail"))
    except (ValueError, KeyError, TypeError):
        raise HubApiError(r.status_code, "http", "error.http", r.text[:200]) from None


def _reason_params(reason: AccessReason | None, note: str | None) -> dict[str, str] | None:
    """A central operator's TN 6.2 reason for archive and PTZ requests (query parameters:
    PTZ requests have no body, some none at all)."""
    if reason is None:
        return None
    return {"reason": reason.value} | ({"reason_note": note} if note else {})


def _params(**values: Any) -> dict[str, str]:
    """Query parameters without the ``None`` ones (booleans as ``true``/``false``)."""
    out: dict[str, str] = {}
    for name, value in values.items():
        if value is None:
            continue
        out[name] = str(value).lower() if isinstance(value, bool) else str(value)
    return out
