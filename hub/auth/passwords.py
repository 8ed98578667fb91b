# SPDX-License-Identifier: GPL-3.0-or-later
"""Password hashing (argon2id) and the password policy (NIST SP 800-63B 5.1.1.2)."""

from __future__ import annotations

from functools import cache
from importlib import resources

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from hub.errors import HubError
from hub.settings import Argon2Params


@cache
def common_passwords() -> frozenset[str]:
    """The bundled list of common passwords, lower-cased."""
    text = resources.files("hub.data").joinpath("common-passwords.txt").read_text("utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line and not line.startswith("#")
    )


class PasswordHashing:
    """argon2id with configured cost; a dummy hash makes unknown users cost the same."""

    def __init__(self, params: Argon2Params) -> None:
        self._hasher = PasswordHasher(
            time_cost=params.time_cost,
            memory_cost=params.memory_cost,
            parallelism=params.parallelism,
            type=Type.ID,
        )
        self._dummy = self._hasher.hash("vwall-dummy-password-for-timing")

    def hash(self, secret: str) -> str:
        """Hash a password or a recovery code."""
        return self._hasher.hash(secret)

    def verify(self, stored: str | None, secret: str) -> bool:
        """Check ``secret`` against ``stored``; with no stored hash, spend the same time."""
        try:
            return self._hasher.verify(stored or self._dummy, secret) and stored is not None
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, stored: str) -> bool:
        """Whether the hash was made with other cost parameters."""
        return self._hasher.check_needs_rehash(stored)


def check_password_policy(password: str, username: str, min_length: int) -> None:
    """Refuse short, common or name-based passwords.

    Raises:
        HubError: ``password.too_short``, ``password.common`` or ``password.contains_name``.
    """
    if len(password) < min_length:
        raise HubError(422, "password.too_short", {"min_length": min_length})
    if len(password) > 256:
        raise HubError(422, "password.too_long", {"max_length": 256})
    lowered = password.lower()
    if lowered in common_passwords() or len(set(lowered)) <= 2:
        raise HubError(422, "password.common")
    if username and username.lower() in lowered:
        raise HubError(422, "password.contains_name")
