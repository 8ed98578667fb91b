# SPDX-License-Identifier: GPL-3.0-or-later
"""The hub's evidence signing key and the time-stamp of a package's manifest.

The key is Ed25519 like the audit chain's and created the same way
(:func:`hub.audit.chain.load_or_create_signing_key`: mode 0600, outside the database,
public half beside it), in a file of its own next to the audit key: a receiver who is
told to trust the evidence key trusts nothing else, and either key can be replaced
without the other.

TN 11.3 asks that data shared outside be signed and time-stamped. With a time-stamping
authority configured (``evidence_tsa_url``), the manifest is sent to it (RFC 3161,
SHA-256, nonce, certificate asked) and its token goes into the package; if the
authority cannot be reached the package is not made (502 ``evidence.tsa_unavailable``)
rather than silently weaker. Without one, the hub signs its own time over the
manifest's hash and the package says so (``"kind": "hub-signed"``): proof of when is
then only as good as the hub's clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from hub.audit.chain import load_or_create_signing_key
from hub.evidence.manifest import (
    HUB_SIGNED,
    RFC3161,
    TIMESTAMP_TOKEN,
    sha256_hex,
)
from hub.settings import Settings

EVIDENCE_KEY_FILE = "evidence-signing-key.pem"


def evidence_key_path(settings: Settings) -> Path:
    """Where the evidence signing key lives (beside the audit key unless set)."""
    return settings.evidence_key_path or settings.key_path.with_name(EVIDENCE_KEY_FILE)


def evidence_key(settings: Settings) -> Ed25519PrivateKey:
    """The evidence signing key, created on first use."""
    return load_or_create_signing_key(evidence_key_path(settings))


class TimeStampUnavailable(Exception):
    """The configured time-stamping authority did not give a valid token."""


@dataclass(frozen=True)
class Stamp:
    """A manifest's time-stamp: ``timestamp.json`` and the RFC 3161 token if any."""

    info: dict[str, Any]
    token: bytes | None = None


def hub_signed(now: datetime, manifest: bytes) -> Stamp:
    """The hub's own time over the manifest (the builder signs ``timestamp.json``)."""
    return Stamp(
        {
            "kind": HUB_SIGNED,
            "time": now.isoformat(),
            "manifest_sha256": sha256_hex(manifest),
            "note": "No time-stamping authority is configured: the hub signed its own time "
            "(Thời gian do hub tự ký; chưa cấu hình đơn vị cấp dấu thời gian).",
        }
    )


def rfc3161(url: str, timeout: float, manifest: bytes) -> Stamp:
    """An RFC 3161 token over the manifest from the authority at ``url``.

    Raises:
        TimeStampUnavailable: the authority did not answer, refused, or answered a
            token that is not over this manifest or not for this request.
    """
    from rfc3161_client import (
        HashAlgorithm,
        PKIStatus,
        TimestampRequestBuilder,
        decode_timestamp_response,
    )

    request = (
        TimestampRequestBuilder()
        .data(manifest)
        .hash_algorithm(HashAlgorithm.SHA256)
        .nonce(nonce=True)
        .cert_request(cert_request=True)
        .build()
    )
    try:
        answer = httpx.post(
            url,
            content=request.as_bytes(),
            headers={"Content-Type": "application/timestamp-query"},
            timeout=timeout,
        )
        answer.raise_for_status()
        response = decode_timestamp_response(answer.content)
    except (httpx.HTTPError, ValueError) as exc:
        raise TimeStampUnavailable(f"{type(exc).__name__}: {exc}") from exc
    if response.status != PKIStatus.GRANTED:
        raise TimeStampUnavailable(f"status {response.status}")
    info = response.tst_info
    if info.nonce != request.nonce or info.message_imprint.message != bytes.fromhex(
        sha256_hex(manifest)
    ):
        raise TimeStampUnavailable("the token is not over this request")
    return Stamp(
        {
            "kind": RFC3161,
            "time": info.gen_time.isoformat(),
            "manifest_sha256": sha256_hex(manifest),
            "token_file": TIMESTAMP_TOKEN,
            "tsa_url": url,
            "serial_number": str(info.serial_number),
            "token_sha256": sha256_hex(response.as_bytes()),
        },
        response.as_bytes(),
    )
