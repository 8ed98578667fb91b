# SPDX-License-Identifier: GPL-3.0-or-later
"""AES-256-GCM sealing of TOTP secrets with a key file kept outside the database."""

from __future__ import annotations

import base64
import os
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

_VERSION = "v1:"
_NONCE_BYTES = 12
_KEY_BYTES = 32


class SecretUnreadable(Exception):
    """A sealed value that this key cannot open (other key, tampered, or moved row)."""


class SecretBox:
    """Seals short secrets; each value is bound to its place (e.g. one user's row).

    The stored form is ``v1:`` + base64url(nonce ‖ ciphertext ‖ tag); the place is the
    associated data, so a sealed secret copied onto another user's row does not open.
    """

    def __init__(self, key: bytes) -> None:
        if len(key) != _KEY_BYTES:
            raise ValueError("the secret key must be 32 bytes (AES-256)")
        self._aead = AESGCM(key)

    @classmethod
    def load_or_create(cls, path: Path) -> SecretBox:
        """Load the key file, creating it (32 random bytes, base64, mode 0600) if absent.

        Whoever copies the database alone cannot read the secrets; keep the key file out
        of database backups (and back it up separately: without it, users must re-enrol).
        """
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                return cls.load_or_create(path)  # another hub process won the race
            with os.fdopen(fd, "wb") as fh:
                fh.write(base64.b64encode(AESGCM.generate_key(bit_length=256)) + b"\n")
        return cls(base64.b64decode(path.read_bytes().strip(), validate=True))

    def seal(self, plaintext: str, place: str) -> str:
        """Encrypt ``plaintext`` for ``place`` with a fresh random nonce."""
        nonce = os.urandom(_NONCE_BYTES)
        sealed = self._aead.encrypt(nonce, plaintext.encode(), place.encode())
        return _VERSION + base64.urlsafe_b64encode(nonce + sealed).decode()

    def open(self, sealed: str, place: str) -> str:
        """Decrypt a value sealed for ``place``.

        Raises:
            SecretUnreadable: another key, another place, or a changed value.
        """
        if not sealed.startswith(_VERSION):
            raise SecretUnreadable("unknown sealed format")
        try:
            raw = base64.urlsafe_b64decode(sealed[len(_VERSION) :])
            plain = self._aead.decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], place.encode())
        except (InvalidTag, ValueError) as exc:
            raise SecretUnreadable("the sealed value does not open with this key") from exc
        return plain.decode()

    def seal_totp(self, user_id: int, secret: str) -> str:
        """Seal a user's TOTP secret, bound to that user's id."""
        return self.seal(secret, totp_place(user_id))

    def open_totp(self, user_id: int, sealed: str) -> str:
        """Open a user's sealed TOTP secret."""
        return self.open(sealed, totp_place(user_id))


def totp_place(user_id: int) -> str:
    """The associated data binding a TOTP secret to its user."""
    return f"vwall:users.totp_secret:{user_id}"
