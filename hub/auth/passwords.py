# SPDX-License-Identifier: GPL-3.0-or-later
"""Password hashing (argon2id) and the password policy (NIST SP 800-63B 5.1.1.2)."""

from __future__ import annotations

import contextlib
import os
import threading
from concurrent.futures import ThreadPoolExecutor
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


def _lower_priority() -> None:
    """Make the calling thread (and the threads argon2 starts from it) yield the CPU to
    request threads: on Linux the nice value is per thread and inherited."""
    with contextlib.suppress(AttributeError, OSError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), HASHING_NICE)


# argon2id is pure CPU (~0.1 s a check): under a login flood it would take every core
# from the requests of signed-in operators. Its threads run at this nice value instead,
# using what CPU the requests leave.
HASHING_NICE = 10


class PasswordHashing:
    """argon2id with configured cost; a dummy hash makes unknown users cost the same.

    Hashing runs on ``workers`` threads of lower CPU priority; callers wait for it.
    """

    def __init__(self, params: Argon2Params, workers: int = 2) -> None:
        self._hasher = PasswordHasher(
            time_cost=params.time_cost,
            memory_cost=params.memory_cost,
            parallelism=params.parallelism,
            type=Type.ID,
        )
        self._dummy = self._hasher.hash("vwall-dummy-password-for-timing")
        self._pool = ThreadPoolExecutor(
            max_workers=max(1, workers), thread_name_prefix="argon2", initializer=_lower_priority
        )

    def hash(self, secret: str) -> str:
        """Hash a password or a recovery code."""
        return self._pool.submit(self._hasher.hash, secret).result()

    def verify(self, stored: str | None, secret: str) -> bool:
        """Check ``secret`` against ``stored``; with no stored hash, spend the same time."""
        return self._pool.submit(self._verify, stored, secret).result()

    def _verify(self, stored: str | None, secret: str) -> bool:
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
