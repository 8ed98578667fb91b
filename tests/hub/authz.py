# SPDX-License-Identifier: GPL-3.0-or-later
"""The authorization matrix's vocabulary: actors, situations, cases and rules.

Each domain declares the rules of its routes in a module ``tests/hub/authz_<domain>.py``
exporting ``RULES``; ``test_authz_matrix.py`` gathers them with its own.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from hub.contracts import Permission, Role
from hub.testing import LiveHub, Province, add_user

SITUATIONS = ("in_scope", "out_of_scope", "with_approval")
# Where each situation's target lies: districtA actors oversee A (and A1); B is someone
# else's; B1 is someone else's too but every actor holds a written approval for it.
TERRITORY = {"in_scope": "A1", "out_of_scope": "B", "with_approval": "B1"}
UNIT = {"in_scope": "communeA1", "out_of_scope": "districtB", "with_approval": "communeB1"}
ACTORS: list[Role | None] = [*Role, None]

PUBLIC, TICKET, SESSION = "public", "ticket", "session"


@dataclass
class Ctx:
    """What a case builder may use."""

    live: LiveHub
    province: Province
    tokens: dict[str, str] = field(default_factory=dict)
    placement: dict[str, tuple[list[Role], str]] = field(default_factory=dict)
    counter: itertools.count[int] = field(default_factory=itertools.count)

    def fresh_user(self, unit: str, roles: list[Role] | None = None) -> tuple[str, int]:
        name = f"user{next(self.counter)}"
        return name, add_user(self.live.hub, self.province, name, unit, roles or [])

    def territory(self, situation: str) -> int:
        return self.province.territories[TERRITORY[situation]]

    def unit(self, situation: str) -> int:
        return self.province.units[UNIT[situation]]


@dataclass
class Case:
    """One request: path, JSON body, optional token replacing the actor's session."""

    path: str
    body: Any = None
    token: str | None = None


Builder = Callable[[Ctx, str, str], Case]  # (ctx, actor name, situation) -> case


@dataclass(frozen=True)
class Rule:
    """Who may call a route: ``need`` is PUBLIC, TICKET, SESSION or a permission."""

    need: str | Permission
    build: Builder
    scoped: bool = False
    approval_extends: bool = False


def static(path: str, body: Any = None) -> Builder:
    """A case that is the same for every actor and situation."""
    return lambda ctx, actor, situation: Case(path, body)


# Routes that take a wall display's token instead of a user session (hub/walls): a user's
# session token is refused there with 401, exactly as on the login-ticket routes, so the
# matrix expects of DISPLAY rules what it expects of TICKET rules.
DISPLAY = TICKET
