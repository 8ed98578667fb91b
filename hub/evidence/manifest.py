# SPDX-License-Identifier: GPL-3.0-or-later
"""The layout of an evidence package and the bytes its signatures cover; shared by the
hub that builds a package and ``vwall-verify`` that checks one (no database, no hub).

A package is a ZIP (or the directory it unpacks to) holding, at its root:

- ``manifest.json`` — the SHA-256 and size of every other file below, and
  ``content_sha256``: the SHA-256 of the entries of every file but the summary PDF (the
  PDF prints it as a QR code, so it cannot cover itself);
- ``manifest.sig`` — the hub's Ed25519 signature over ``manifest.json``'s bytes (base64);
- ``timestamp.json`` — when the manifest existed: an RFC 3161 token of a time-stamping
  authority (``timestamp.tsr``, DER, its SHA-256 here) or, when none is configured, the
  hub's own time, marked ``"kind": "hub-signed"``; every field signed by the hub
  (``hub_signature``), so no byte of it changes unseen;
- ``hub-public-key.pem`` and its fingerprint in the manifest; ``case.json``,
  ``events.json``, ``custody.json``, ``summary.pdf``, ``media/…`` (watermarked copies)
  and, for a raw export, ``original/…`` (the stored files, bit for bit).

Only the four control files (manifest, signature, time-stamp and its token) are outside
the manifest; any other file not in it is an extra file.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

FORMAT = "vwall-evidence-package/1"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
TIMESTAMP = "timestamp.json"
TIMESTAMP_TOKEN = "timestamp.tsr"
PUBLIC_KEY = "hub-public-key.pem"
SUMMARY = "summary.pdf"
CONTROL_FILES = frozenset({MANIFEST, SIGNATURE, TIMESTAMP, TIMESTAMP_TOKEN})
HUB_SIGNED = "hub-signed"
RFC3161 = "rfc3161"
HUB_SIGNATURE = "hub_signature"


def sha256_hex(data: bytes) -> str:
    """SHA-256 of bytes, hex."""
    return hashlib.sha256(data).hexdigest()


def canonical_json(value: Any) -> bytes:
    """Sorted keys, no spaces, UTF-8: the same value gives the same bytes."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def pretty_json(value: Any) -> bytes:
    """Readable JSON for a person (the files of a package other than the manifest)."""
    return (json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def content_digest(files: Iterable[Mapping[str, Any]]) -> str:
    """SHA-256 over the entries (path, sha256, size) of every file but the summary."""
    entries = sorted(
        (str(f["path"]), str(f["sha256"]), int(f["size"])) for f in files if f["path"] != SUMMARY
    )
    return sha256_hex(canonical_json([list(e) for e in entries]))


def key_fingerprint(key: Ed25519PublicKey) -> str:
    """``sha256:<hex>`` of the raw 32-byte public key (what a receiver is told to trust)."""
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return "sha256:" + sha256_hex(raw)


def public_key_pem(key: Ed25519PublicKey) -> bytes:
    """The public key as PEM (SubjectPublicKeyInfo)."""
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def timestamp_message(info: Mapping[str, Any]) -> bytes:
    """The bytes the hub signs over ``timestamp.json`` (every field but its signature):
    its own time when no authority is configured, and what it says about the token."""
    fields = {k: v for k, v in info.items() if k != HUB_SIGNATURE}
    return b"vwall-evidence-timestamp:v1:" + canonical_json(fields)


def sign_timestamp(key: Ed25519PrivateKey, info: Mapping[str, Any]) -> dict[str, Any]:
    """``info`` with the hub's signature over it (``hub_signature``)."""
    return {**info, HUB_SIGNATURE: b64(key.sign(timestamp_message(info)))}


def b64(data: bytes) -> str:
    """Base64 text."""
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    """Bytes of base64 text (strict).

    Raises:
        ValueError: not base64.
    """
    return base64.b64decode(text.strip(), validate=True)
