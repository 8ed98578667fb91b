# SPDX-License-Identifier: GPL-3.0-or-later
"""Hub errors: every failure leaves as JSON ``{code, message_key, detail}``."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from hub.auth.secretbox import SecretUnreadable

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PendingAudit:
    """An audit record to write after the refused request's transaction rolls back."""

    actor: Any  # hub.audit.service.Actor
    action: str
    fields: dict[str, Any] = field(default_factory=dict)


class HubError(Exception):
    """A refusal with a stable code; ``message_key`` is what the console translates."""

    def __init__(
        self,
        status: int,
        code: str,
        detail: Any = None,
        audit: PendingAudit | None = None,
        keep_changes: bool = False,
        audited: bool = False,
    ) -> None:
        super().__init__(code)
        self.status = status
        self.code = code
        self.detail = detail
        self.audit = audit
        # True when the refusal itself changed state that must stay (failure counters).
        self.keep_changes = keep_changes
        # True when the refusal was audited where it was decided (no PendingAudit);
        # otherwise the error handler audits it (hub.audit.refusals).
        self.audited = audited or audit is not None

    @property
    def message_key(self) -> str:
        """The i18n key of the message (``error.<code>``)."""
        return f"error.{self.code}"


def error_response(
    status: int, code: str, detail: Any = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    """The one JSON shape of every error."""
    body = {"code": code, "message_key": f"error.{code}", "detail": detail}
    return JSONResponse(body, status_code=status, headers=headers)


_HTTP_CODES = {
    400: "malformed_json",  # FastAPI raises it for bodies it cannot decode
    401: "auth.required",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "body_too_large",
    415: "unsupported_media_type",
}


def _clean_validation(errors: Any) -> list[dict[str, Any]]:
    out = []
    for err in errors:
        # Echoing input back could leak a password or bytes that are not JSON-safe.
        out.append(
            {
                "loc": list(err.get("loc", ())),
                "type": err.get("type", ""),
                "msg": str(err.get("msg", "")),
            }
        )
    return out


async def audit_refusal(
    request: Request, status: int, code: str, extra: dict[str, Any] | None = None
) -> None:
    """Audit a refused request through the refusal auditor (``hub.audit.refusals``):
    the route (its template, never the client's path), method, status and source, never
    the request's values (they may hold a password, a device URL or bytes that are not
    text). Floods are summarised per minute there."""
    from hub.audit.refusals import audit_refusal as record
    from hub.deps import get_source

    hub = getattr(request.app.state, "hub", None)
    if hub is None:
        return
    route = request.scope.get("route")
    detail = {"method": request.method, "route": getattr(route, "path", None), **(extra or {})}
    try:
        await asyncio.to_thread(
            record,
            hub,
            request.headers.get("authorization"),
            get_source(request),
            status,
            code,
            detail,
        )
    except Exception:  # the answer is still the 4xx; the log says the audit failed
        log.exception("cannot audit a refused request")


async def _audit_invalid(
    request: Request, status: int, code: str, errors: list[dict[str, Any]]
) -> None:
    """Audit a request refused for its input (``request.invalid``) with the fields at
    fault, never their values."""
    fields = sorted({".".join(str(part) for part in e["loc"])[:80] for e in errors})[:20]
    await audit_refusal(request, status, code, {"fields": [f for f in fields if f.isprintable()]})


def install_error_handlers(app: FastAPI) -> None:
    """Map every exception class the app can raise to the JSON error shape."""

    @app.exception_handler(HubError)
    async def _hub_error(request: Request, exc: HubError) -> JSONResponse:
        from hub.audit.refusals import needs_audit

        route = getattr(request.scope.get("route"), "path", None)
        if needs_audit(exc.status, exc.code, route, exc.audited):
            await audit_refusal(request, exc.status, exc.code)
        headers = None
        if isinstance(exc.detail, dict) and "retry_after" in exc.detail:
            headers = {"Retry-After": str(int(exc.detail["retry_after"]) + 1)}
        return error_response(exc.status, exc.code, exc.detail, headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = _clean_validation(exc.errors())
        if any(e["type"] == "json_invalid" for e in errors):
            status, code = 400, "malformed_json"
        else:
            status, code = 422, "invalid_input"
        await _audit_invalid(request, status, code, errors)
        return error_response(status, code, errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _HTTP_CODES.get(exc.status_code, f"http_{exc.status_code}")
        if 400 <= exc.status_code < 500:  # no such route or method: probes count too
            await audit_refusal(request, exc.status_code, code)
        return error_response(exc.status_code, code, None, dict(exc.headers or {}) or None)

    @app.exception_handler(SecretUnreadable)
    async def _secret(_request: Request, exc: SecretUnreadable) -> JSONResponse:
        # The secret key file is not the one the database's secrets were sealed with
        # (restored database without its key, or a replaced key file): an operator must
        # restore the key; users cannot fix it, so say so instead of a bare 500.
        log.error("a sealed secret does not open with this hub's key file: %s", exc)
        return error_response(503, "secret.key_mismatch", None)

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error", exc_info=exc)
        return error_response(500, "internal", None)
