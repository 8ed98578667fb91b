# SPDX-License-Identifier: GPL-3.0-or-later
"""The signed-in caller of a request, as the services see it."""

from __future__ import annotations

from dataclasses import dataclass

from hub.audit.service import Actor
from hub.contracts import ROLE_PERMISSIONS, Permission, Role


@dataclass(frozen=True)
class Principal:
    """A user re-checked on this request: roles, unit and session."""

    user_id: int
    username: str
    unit_id: int
    roles: frozenset[Role]
    session_id: int
    source: str | None
    password_change_required: bool

    @property
    def permissions(self) -> frozenset[Permission]:
        """Union of the roles' permissions; families never imply one another (TN 11.1)."""
        out: set[Permission] = set()
        for role in self.roles:
            out |= ROLE_PERMISSIONS[role]
        return frozenset(out)

    @property
    def actor(self) -> Actor:
        """This caller as an audit actor."""
        return Actor(self.user_id, self.username, self.source)
