# SPDX-License-Identifier: GPL-3.0-or-later
"""Workstation settings kept in the system keyring: hub URL, user name, session token.

Passwords are never stored here: there is deliberately no way to pass one in.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass

import keyring
from keyring.errors import KeyringError, PasswordDeleteError

log = logging.getLogger(__name__)

SERVICE = "vwall"
DEFAULT_HUB_URL = "http://127.0.0.1:8470"  # the embedded hub (hub/README.md `serve`)

_HUB_URL = "hub_url"
_USERNAME = "username"
_TOKEN = "session_token"


@dataclass(frozen=True)
class WorkstationSession:
    """What the workstation remembers between starts."""

    hub_url: str
    username: str
    token: str | None


class WorkstationSettings:
    """The console's entries under the keyring service ``vwall``."""

    def __init__(self, service: str = SERVICE) -> None:
        self.service = service

    def load(self) -> WorkstationSession:
        """The remembered hub URL and user name (defaults when none) and session token.

        A workstation without a usable keyring gets the defaults.
        """
        try:
            return WorkstationSession(
                hub_url=keyring.get_password(self.service, _HUB_URL) or DEFAULT_HUB_URL,
                username=keyring.get_password(self.service, _USERNAME) or "",
                token=keyring.get_password(self.service, _TOKEN),
            )
        except KeyringError as exc:
            log.warning("no usable keyring, nothing is remembered: %s", exc)
            return WorkstationSession(hub_url=DEFAULT_HUB_URL, username="", token=None)

    def remember(self, hub_url: str, username: str, token: str) -> None:
        """Store a signed-in session (the password is not an argument on purpose).

        Without a usable keyring the session still works; it is just not remembered.
        """
        try:
            keyring.set_password(self.service, _HUB_URL, hub_url)
            keyring.set_password(self.service, _USERNAME, username)
            keyring.set_password(self.service, _TOKEN, token)
        except KeyringError as exc:
            log.warning("no usable keyring, the session is not remembered: %s", exc)

    def forget_token(self) -> None:
        """Drop the session token (logout, expiry); URL and user name stay."""
        with contextlib.suppress(PasswordDeleteError, KeyringError):
            keyring.delete_password(self.service, _TOKEN)
