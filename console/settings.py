# SPDX-License-Identifier: GPL-3.0-or-later
"""Workstation settings kept in the system keyring: hub URL, user name, session token.

Passwords are never stored here: there is deliberately no way to pass one in.

The hub URL may be a failover list (several hubs on one PostgreSQL): it is kept as the
list's text, the URLs separated by commas, under the same entry as a single URL was, so
a workstation that knew one hub still finds it (the one-URL list). Everything the
console keys by hub (remembered walls and favourites) uses the list's first URL
(:func:`hub_key`): adding hubs behind the first one loses nothing.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass

import keyring
from keyring.errors import KeyringError, PasswordDeleteError

from hub.client import hub_urls

log = logging.getLogger(__name__)

SERVICE = "vwall"
DEFAULT_HUB_URL = "http://127.0.0.1:8470"  # the embedded hub (hub/README.md `serve`)

_HUB_URL = "hub_url"
_USERNAME = "username"
_TOKEN = "session_token"


def parse_hub_urls(text: str | Sequence[str]) -> list[str]:
    """The URLs of a hub address as typed or given (``--hub`` repeated, or separated by
    commas), in order, without trailing slashes, empties or repeats."""
    if isinstance(text, str):
        return list(hub_urls(text))
    return list(hub_urls([u for part in text for u in hub_urls(part)]))


def join_hub_urls(urls: str | Sequence[str]) -> str:
    """A hub address as shown and kept: the URLs separated by ``", "`` (empty when none)."""
    return ", ".join(parse_hub_urls(urls))


def hub_key(urls: str | Sequence[str]) -> str:
    """The URL things remembered per hub are keyed by: the list's first one."""
    parsed = parse_hub_urls(urls)
    return parsed[0] if parsed else ""


@dataclass(frozen=True)
class WorkstationSession:
    """What the workstation remembers between starts (``hub_url`` may be a list's text)."""

    hub_url: str
    username: str
    token: str | None

    @property
    def hub_urls(self) -> list[str]:
        """The remembered hub URLs, in failover order."""
        return parse_hub_urls(self.hub_url)


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
        """Store a signed-in session (the password is not an argument on purpose);
        ``hub_url`` is one URL or a failover list's text.

        Without a usable keyring the session still works; it is just not remembered.
        """
        try:
            keyring.set_password(self.service, _HUB_URL, join_hub_urls(hub_url))
            keyring.set_password(self.service, _USERNAME, username)
            keyring.set_password(self.service, _TOKEN, token)
        except KeyringError as exc:
            log.warning("no usable keyring, the session is not remembered: %s", exc)

    def forget_token(self) -> None:
        """Drop the session token (logout, expiry); URL and user name stay."""
        with contextlib.suppress(PasswordDeleteError, KeyringError):
            keyring.delete_password(self.service, _TOKEN)
