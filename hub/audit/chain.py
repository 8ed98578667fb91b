# SPDX-License-Identifier: GPL-3.0-or-later
"""Canonical serialisation, record hashes and checkpoint signatures of the audit chain."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
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


# --- The sealed head, anchored outside the database -------------------------------------
# Checkpoints live in the database, so whoever deletes the tail of the trail can delete
# its checkpoints too. The newest checkpoint is therefore also written to a small file
# beside the signing key (and logged to ``hub.audit.anchor``); ``audit verify`` compares.
# The file is signed with the audit key over a message of its own (a checkpoint's
# signature, readable in the database, cannot be replayed as a head) and holds nothing
# secret: the sequence number, record hash and time it seals, the public key, a signature.

HEAD_FILE = "audit-head.json"
HEAD_FORMAT = "vwall-audit-head/1"


def head_path(key_file: Path) -> Path:
    """Where the sealed head of the hub whose signing (or public) key is ``key_file`` lives."""
    return key_file.parent / HEAD_FILE


def head_message(seq: int, record_hash_hex: str, ts_us: int) -> bytes:
    """The bytes a head file signs (distinct from a checkpoint's)."""
    return f"vwall-audit-head:v1:{seq}:{record_hash_hex}:{ts_us}".encode()


@dataclass(frozen=True)
class SealedHead:
    """The content of a head file."""

    seq: int
    record_hash: str
    ts_us: int
    public_key: str
    signature: str

    def signature_valid(self) -> bool:
        """Whether the signature holds for the public key the file carries."""
        try:
            pub = Ed25519PublicKey.from_public_bytes(bytes.fromhex(self.public_key))
            pub.verify(
                bytes.fromhex(self.signature),
                head_message(self.seq, self.record_hash, self.ts_us),
            )
        except (ValueError, InvalidSignature):
            return False
        return True


def read_head(path: Path) -> SealedHead:
    """Read a head file.

    Raises:
        FileNotFoundError: there is none.
        ValueError: it is not a head file.
    """
    try:
        data = json.loads(path.read_text("utf-8"))
        if data.get("format") != HEAD_FORMAT:
            raise ValueError("not a vwall audit head file")
        return SealedHead(
            seq=int(data["seq"]),
            record_hash=str(data["record_hash"]),
            ts_us=int(data["ts_us"]),
            public_key=str(data["public_key"]),
            signature=str(data["signature"]),
        )
    except (KeyError, TypeError, UnicodeDecodeError, json.JSONDecodeError, AttributeError) as exc:
        raise ValueError(f"malformed head file: {exc}") from None


def write_head(
    path: Path, key: Ed25519PrivateKey, seq: int, record_hash_hex: str, ts_us: int
) -> bool:
    """Anchor the sealed head ``seq`` in ``path`` unless it already holds a later one.

    Atomic (a temporary file in the same directory, fsynced, renamed over the old one)
    and serialised across threads and processes by ``flock`` on a lock file beside it.

    Returns:
        Whether the file was written.
    """
    sig = key.sign(head_message(seq, record_hash_hex, ts_us)).hex()
    body = {
        "format": HEAD_FORMAT,
        "seq": seq,
        "record_hash": record_hash_hex,
        "ts_us": ts_us,
        "public_key": public_key_hex(key.public_key()),
        "signature": sig,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if read_head(path).seq >= seq:
                return False
        except (FileNotFoundError, ValueError):
            pass
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(body, fh, separators=(",", ":"))
            fh.write("\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    return True
