# SPDX-License-Identifier: GPL-3.0-or-later
"""Canonical serialisation, record hashes and checkpoint signatures of the audit chain."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

GENESIS_HASH = "0" * 64
_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def record_hash(values: Sequence[Any]) -> str:
    """SHA-256 of a record's chained columns (``CHAIN_COLUMNS`` order) as a JSON array.

    A JSON array of scalars is unambiguous (no field can bleed into the next) and the
    C encoder keeps verification fast.
    """
    return hashlib.sha256(_encode(list(values)).encode()).hexdigest()


def canonical_detail(detail: dict[str, Any] | None) -> str | None:
    """The stored (and hashed) text of a record's free-form detail."""
    if detail is None:
        return None
    return json.dumps(
        detail, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    )


def checkpoint_message(seq: int, record_hash_hex: str, ts_us: int) -> bytes:
    """The bytes a checkpoint signs."""
    return f"vwall-audit-checkpoint:v1:{seq}:{record_hash_hex}:{ts_us}".encode()


def public_key_hex(key: Ed25519PublicKey) -> str:
    """Raw 32-byte public key as hex."""
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()


def load_or_create_signing_key(path: Path) -> Ed25519PrivateKey:
    """Load the Ed25519 key, creating it with mode 0600 on first start.

    The key lives in a file outside the database so that whoever can write the
    database still cannot forge checkpoints. The public half goes next to it (``.pub``).
    """
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return load_or_create_signing_key(path)  # another hub process won the race
        with os.fdopen(fd, "wb") as fh:
            fh.write(pem)
        pub = key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        public_path(path).write_bytes(pub)
    loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(loaded, Ed25519PrivateKey):
        raise ValueError(f"{path} is not an Ed25519 private key")
    return loaded


def public_path(private_path: Path) -> Path:
    """Where the public key of a signing key file is written."""
    return private_path.with_name(private_path.name + ".pub")


def load_public_key(path: Path) -> Ed25519PublicKey:
    """Read a PEM public key (or derive it from a PEM private key)."""
    data = path.read_bytes()
    if b"PRIVATE KEY" in data:
        priv = serialization.load_pem_private_key(data, password=None)
        if not isinstance(priv, Ed25519PrivateKey):
            raise ValueError(f"{path} is not an Ed25519 key")
        return priv.public_key()
    pub = serialization.load_pem_public_key(data)
    if not isinstance(pub, Ed25519PublicKey):
        raise ValueError(f"{path} is not an Ed25519 public key")
    return pub
