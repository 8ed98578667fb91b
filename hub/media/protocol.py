# SPDX-License-Identifier: GPL-3.0-or-later
"""Messages between the relay supervisor (hub process) and the relay worker (GStreamer).

One JSON object per line. The supervisor writes requests to the worker's stdin; the worker
writes replies and events to its stdout. Secrets (device credentials in source URLs, grant
tokens) travel only over these private pipes, never on a command line, and every text
the worker sends back has been through :func:`redact`.

Requests: ``{"id": n, "op": "listen" | "open" | "close" | "health" | "shutdown", ...}``;
``listen`` (``host``, ``port``, ``certfile``, ``keyfile``) comes first and binds the one
HTTP(S) listener every grant is served on.
Replies: ``{"id": n, "ok": true, "result": {...}}`` or ``{"id": n, "ok": false, "error": s}``.
Events (no id): ``{"event": "ready", "pid": n}`` once the worker's main loop runs.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

OP_LISTEN = "listen"
OP_OPEN = "open"
OP_CLOSE = "close"
OP_HEALTH = "health"
OP_SHUTDOWN = "shutdown"
EVENT_READY = "ready"

TOKEN_MIN = 16  # a grant token: URL-safe, at least 96 random bits
TOKEN_MAX = 128
_TOKEN = re.compile(r"[A-Za-z0-9_\-]+")

_USERINFO = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]*://)[^/@\s?#]*@")
_SECRET_PARAM = re.compile(r"((?:passphrase|token)=)[^&\s]*", re.IGNORECASE)
REDACTED = "***"


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """``text`` with URL credentials, token parameters and known secrets masked.

    Args:
        text: any text that may have been built from a source URL or a grant.
        secrets: strings to mask wherever they occur (passwords, tokens, whole URLs).

    Returns:
        The text, safe for logs, errors and health reports.
    """
    snapshot = tuple(secrets)  # one C-level copy: other threads may add secrets meanwhile
    for secret in sorted({s for s in snapshot if s}, key=len, reverse=True):
        if len(secret) >= 3:
            text = text.replace(secret, REDACTED)
    text = _USERINFO.sub(lambda m: f"{m.group('scheme')}{REDACTED}@", text)
    return _SECRET_PARAM.sub(lambda m: f"{m.group(1)}{REDACTED}", text)


def url_secrets(url: str) -> list[str]:
    """The whole URL and its user-info parts, for :func:`redact`."""
    found = [url]
    match = re.match(r"[A-Za-z][A-Za-z0-9+.\-]*://([^/@\s?#]*)@", url)
    if match:
        userinfo = match.group(1)
        found.append(userinfo)
        found.extend(part for part in userinfo.split(":", 1)[1:] if part)
    return found


def check_token(token: str) -> None:
    """Raise ``ValueError`` unless ``token`` is a grant token (16–128 URL-safe characters)."""
    if not TOKEN_MIN <= len(token) <= TOKEN_MAX or not _TOKEN.fullmatch(token):
        raise ValueError(
            f"a grant token has {TOKEN_MIN}–{TOKEN_MAX} URL-safe characters (got {len(token)})"
        )


@dataclass(frozen=True)
class SourceSpec:
    """Where a relay pulls from: a live RTSP URL now; a replay adds start and rate later.

    ``start`` (Unix seconds) and ``rate`` are reserved for archive pulls (ONVIF replay with
    ``Range: clock=``); a live source leaves them ``None``/1.0. Sources with the same key
    share one pull.
    """

    key: str
    url: str
    start: float | None = None
    rate: float = 1.0


@dataclass(frozen=True)
class OutputSpec:
    """One grant's output: what it carries and the token a player must present."""

    output_id: str
    source: SourceSpec
    token: str

    def to_message(self, request_id: int) -> dict[str, Any]:
        """The ``open`` request for this output."""
        return {"id": request_id, "op": OP_OPEN, **asdict(self)}

    @classmethod
    def from_message(cls, message: dict[str, Any]) -> OutputSpec:
        """Parse an ``open`` request (raises ``KeyError``/``TypeError`` when malformed)."""
        source = SourceSpec(**message["source"])
        return cls(str(message["output_id"]), source, str(message["token"]))


@dataclass(frozen=True)
class ListenSpec:
    """The worker's HTTP(S) listener: address, and the hub's certificate for TLS."""

    host: str
    port: int
    certfile: str | None = None
    keyfile: str | None = None

    def to_message(self) -> dict[str, Any]:
        """The ``listen`` request."""
        return {"op": OP_LISTEN, **asdict(self)}

    @classmethod
    def from_message(cls, message: dict[str, Any]) -> ListenSpec:
        """Parse a ``listen`` request."""
        return cls(
            str(message["host"]),
            int(message["port"]),
            message.get("certfile") or None,
            message.get("keyfile") or None,
        )


@dataclass
class Reply:
    """A worker's answer to one request."""

    id: int
    ok: bool
    result: dict[str, Any] = field(default_factory=dict)
    error: str = ""


def encode(message: dict[str, Any]) -> bytes:
    """One message as a JSON line."""
    return (json.dumps(message, separators=(",", ":"), ensure_ascii=False) + "\n").encode()


def decode(line: bytes | str) -> dict[str, Any]:
    """Parse one JSON line into a message (raises ``ValueError`` when it is not an object)."""
    value = json.loads(line)
    if not isinstance(value, dict):
        raise ValueError("a protocol message is a JSON object")
    return value
