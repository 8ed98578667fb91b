# SPDX-License-Identifier: GPL-3.0-or-later
"""Messages between the relay supervisor (hub process) and the relay worker (GStreamer).

One JSON object per line. The supervisor writes requests to the worker's stdin; the worker
writes replies and events to its stdout. Secrets (device credentials in source URLs, grant
passphrases) travel only over these private pipes, never on a command line, and every text
the worker sends back has been through :func:`redact`.

Requests: ``{"id": n, "op": "open" | "close" | "health" | "shutdown", ...}``.
Replies: ``{"id": n, "ok": true, "result": {...}}`` or ``{"id": n, "ok": false, "error": s}``.
Events (no id): ``{"event": "ready", "pid": n}`` once the worker's main loop runs.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

OP_OPEN = "open"
OP_CLOSE = "close"
OP_HEALTH = "health"
OP_SHUTDOWN = "shutdown"
EVENT_READY = "ready"

PASSPHRASE_MIN = 10  # SRT's own limits for a passphrase
PASSPHRASE_MAX = 79
PBKEYLENS = (16, 24, 32)

_USERINFO = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]*://)[^/@\s?#]*@")
_PASSPHRASE_PARAM = re.compile(r"(passphrase=)[^&\s]*", re.IGNORECASE)
REDACTED = "***"


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """``text`` with URL credentials, passphrase parameters and known secrets masked.

    Args:
        text: any text that may have been built from a source URL or a grant.
        secrets: strings to mask wherever they occur (passwords, passphrases, whole URLs).

    Returns:
        The text, safe for logs, errors and health reports.
    """
    snapshot = tuple(secrets)  # one C-level copy: other threads may add secrets meanwhile
    for secret in sorted({s for s in snapshot if s}, key=len, reverse=True):
        if len(secret) >= 3:
            text = text.replace(secret, REDACTED)
    text = _USERINFO.sub(lambda m: f"{m.group('scheme')}{REDACTED}@", text)
    return _PASSPHRASE_PARAM.sub(lambda m: f"{m.group(1)}{REDACTED}", text)


def url_secrets(url: str) -> list[str]:
    """The whole URL and its user-info parts, for :func:`redact`."""
    found = [url]
    match = re.match(r"[A-Za-z][A-Za-z0-9+.\-]*://([^/@\s?#]*)@", url)
    if match:
        userinfo = match.group(1)
        found.append(userinfo)
        found.extend(part for part in userinfo.split(":", 1)[1:] if part)
    return found


def check_passphrase(passphrase: str) -> None:
    """Raise ``ValueError`` unless SRT accepts ``passphrase`` (10–79 characters)."""
    if not PASSPHRASE_MIN <= len(passphrase) <= PASSPHRASE_MAX:
        raise ValueError(
            f"an SRT passphrase has {PASSPHRASE_MIN}–{PASSPHRASE_MAX} characters "
            f"(got {len(passphrase)})"
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
    """One grant's SRT listener: where it binds, its passphrase and what it carries."""

    output_id: str
    source: SourceSpec
    host: str
    port: int
    passphrase: str
    pbkeylen: int = 32
    latency_ms: int = 120

    def to_message(self, request_id: int) -> dict[str, Any]:
        """The ``open`` request for this output."""
        return {"id": request_id, "op": OP_OPEN, **asdict(self)}

    @classmethod
    def from_message(cls, message: dict[str, Any]) -> OutputSpec:
        """Parse an ``open`` request (raises ``KeyError``/``TypeError`` when malformed)."""
        source = SourceSpec(**message["source"])
        fields = {k: message[k] for k in ("output_id", "host", "port", "passphrase")}
        extra = {k: message[k] for k in ("pbkeylen", "latency_ms") if k in message}
        return cls(source=source, **fields, **extra)


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
