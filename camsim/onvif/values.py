# SPDX-License-Identifier: GPL-3.0-or-later
"""Reading request arguments and writing XML Schema values (times, durations, booleans)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from camsim.onvif.soap import NS, Element, invalid_arg

_DURATION = re.compile(
    r"^(?P<sign>-)?P(?:(?P<days>\d+(?:\.\d+)?)D)?"
    r"(?:T(?:(?P<hours>\d+(?:\.\d+)?)H)?(?:(?P<minutes>\d+(?:\.\d+)?)M)?"
    r"(?:(?P<seconds>\d+(?:\.\d+)?)S)?)?$"
)


def parse_duration(text: str) -> float:
    """Seconds of an ``xs:duration`` without years or months (``PT1M30S``, ``P1DT2H``).

    Raises:
        SoapFault: ``ter:InvalidArgVal`` for anything else.
    """
    match = _DURATION.match(text.strip())
    if match is None or text.strip() in ("P", "PT") or text.strip().endswith("T"):
        raise invalid_arg(f"Invalid duration: {text!r}")
    parts = {k: float(v) for k, v in match.groupdict().items() if v and k != "sign"}
    seconds = (
        parts.get("days", 0.0) * 86400
        + parts.get("hours", 0.0) * 3600
        + parts.get("minutes", 0.0) * 60
        + parts.get("seconds", 0.0)
    )
    return -seconds if match.group("sign") else seconds


def format_duration(seconds: float) -> str:
    """An ``xs:duration`` in seconds (``PT60S``, ``PT0.5S``)."""
    if float(seconds).is_integer():
        return f"PT{int(seconds)}S"
    return f"PT{seconds:.3f}S"


def parse_datetime(text: str) -> float:
    """Unix seconds of an ``xs:dateTime``; a time without zone is UTC.

    Raises:
        SoapFault: ``ter:InvalidArgVal`` when the text is not a date-time.
    """
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise invalid_arg(f"Invalid dateTime: {text!r}") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def format_datetime(unix_seconds: float) -> str:
    """An ``xs:dateTime`` in UTC with a ``Z``; milliseconds only when there are some."""
    moment = datetime.fromtimestamp(unix_seconds, UTC)
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%S")
    millis = moment.microsecond // 1000
    return f"{stamp}.{millis:03d}Z" if millis else f"{stamp}Z"


def xs_bool(value: bool) -> str:
    """``true`` or ``false``."""
    return "true" if value else "false"


def xs_float(value: float) -> str:
    """A float without noise (``0.25``, ``-1``)."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def find(element: Element, path: str) -> Element | None:
    """The first match of a prefixed path (``tt:PanTilt``) under ``element``."""
    return element.find(path, NS)


def text_arg(element: Element, path: str) -> str | None:
    """The stripped text at ``path``, or None when the element is absent."""
    found = element.find(path, NS)
    if found is None:
        return None
    return (found.text or "").strip()


def required_text(element: Element, path: str) -> str:
    """The stripped text at ``path``.

    Raises:
        SoapFault: ``ter:InvalidArgVal`` when the element is missing or empty.
    """
    value = text_arg(element, path)
    if not value:
        raise invalid_arg(f"Missing argument {path}")
    return value


def float_attr(element: Element | None, name: str) -> float | None:
    """A float attribute (``x``, ``y``) of ``element``, or None when either is absent.

    Raises:
        SoapFault: ``ter:InvalidArgVal`` when the attribute is not a finite number.
    """
    if element is None:
        return None
    raw = element.get(name)
    if raw is None:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise invalid_arg(f"Invalid number {name}={raw!r}") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise invalid_arg(f"Invalid number {name}={raw!r}")
    return value


def int_arg(element: Element, path: str, default: int) -> int:
    """An integer argument at ``path``, ``default`` when absent.

    Raises:
        SoapFault: ``ter:InvalidArgVal`` when it is not an integer.
    """
    raw = text_arg(element, path)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise invalid_arg(f"Invalid integer {path}={raw!r}") from None


def bool_arg(element: Element, path: str, default: bool) -> bool:
    """A boolean argument at ``path``, ``default`` when absent.

    Raises:
        SoapFault: ``ter:InvalidArgVal`` when it is not ``true``/``false``/``1``/``0``.
    """
    raw = text_arg(element, path)
    if raw is None or raw == "":
        return default
    if raw in ("true", "1"):
        return True
    if raw in ("false", "0"):
        return False
    raise invalid_arg(f"Invalid boolean {path}={raw!r}")
