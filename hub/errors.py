# SPDX-License-Identifier: GPL-3.0-or-later
"""Hub errors: every failure leaves as JSON ``{code, message_key, detail}``."""

from __future__ import annotations

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
    ) -> None:
        super().__init__(code)
        self.status = status
        self.code = code
        self.detail = detail
        self.audit = audit
        # True when the refusal itself changed state that must stay (failure counters).
        self.keep_changes = keep_changes

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


def install_error_handlers(app: FastAPI) -> None:
    """Map every exception class the app can raise to the JSON error shape."""

    @app.exception_handler(HubError)
    async def _hub_error(_request: Request, exc: HubError) -> JSONResponse:
        headers = None
        if isinstance(exc.detail, dict) and "retry_after" in exc.detail:
            headers = {"Retry-After": str(int(exc.detail["retry_after"]) + 1)}
        return error_response(exc.status, exc.code, exc.detail, headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = _clean_validation(exc.errors())
        if any(e["type"] == "json_invalid" for e in errors):
            return error_response(400, "malformed_json", errors)
        return error_response(422, "invalid_input", errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _HTTP_CODES.get(exc.status_code, f"http_{exc.status_code}")
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
