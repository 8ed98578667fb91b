# SPDX-License-Identifier: GPL-3.0-or-later
"""TOTP (RFC 6238) checks with replay protection, enrolment QR codes, recovery codes."""

from __future__ import annotations

import base64
import io
import secrets
from datetime import datetime

import pyotp
import segno

STEP_SECONDS = 30
RECOVERY_CODE_COUNT = 10
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def new_secret() -> str:
    """A fresh base32 TOTP secret (160 bits)."""
    return pyotp.random_base32(32)


def matching_step(secret: str, code: str, now: datetime, last_step: int | None) -> int | None:
    """The time step ``code`` belongs to (current ±1), or ``None``.

    A step at or before ``last_step`` is refused so a used code cannot be replayed.
    """
    totp = pyotp.TOTP(secret, interval=STEP_SECONDS)
    current = int(now.timestamp()) // STEP_SECONDS
    for step in (current - 1, current, current + 1):
        if last_step is not None and step <= last_step:
            continue
        if secrets.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def code_at(secret: str, now: datetime) -> str:
    """The code an authenticator shows at ``now`` (tests, enrolment checks)."""
    return pyotp.TOTP(secret, interval=STEP_SECONDS).at(now)


def provisioning_uri(secret: str, username: str, issuer: str) -> str:
    """The ``otpauth://`` URI an authenticator app scans."""
    return pyotp.TOTP(secret, interval=STEP_SECONDS).provisioning_uri(
        name=username, issuer_name=issuer
    )


def qr_images(uri: str) -> tuple[str, str]:
    """The URI as a QR code: SVG text and base64 PNG."""
    qr = segno.make(uri, error="m")
    svg = io.BytesIO()
    qr.save(svg, kind="svg", scale=4)
    png = io.BytesIO()
    qr.save(png, kind="png", scale=4)
    return svg.getvalue().decode(), base64.b64encode(png.getvalue()).decode()


def new_recovery_codes() -> list[str]:
    """Ten fresh one-time recovery codes shaped ``xxxxx-xxxxx``."""
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
    return codes


def normalise_recovery_code(code: str) -> str:
    """Lower-case, keep the dash form whatever the user typed."""
    raw = "".join(ch for ch in code.lower() if ch.isalnum())
    return f"{raw[:5]}-{raw[5:]}"
