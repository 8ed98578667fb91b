# SPDX-License-Identifier: GPL-3.0-or-later
"""Authorization rules of the saved-wall and wall-display routes (hub/walls)."""

from __future__ import annotations

import json
import secrets

from hub.auth.sessions import token_digest
from hub.contracts import Permission
from hub.db import transaction
from hub.walls.models import Display, Wall
from tests.hub.authz import DISPLAY, SESSION, Case, Ctx, Rule, static

GRID = {"name": "1", "rows": 1, "cols": 1, "cells": [{"row": 0, "col": 0}]}


def _wall_of(ctx: Ctx, actor: str) -> int:
    """A wall owned by the actor (a fresh one per case: DELETE removes it)."""
    with transaction(ctx.live.hub.sessions) as s:
        now = ctx.live.clock.now()
        wall = Wall(
            name=f"matrix {next(ctx.counter)}",
            owner_id=ctx.province.user_ids[actor],
            shared_unit_id=None,
            layout_json=json.dumps(GRID),
            cameras_json="[]",
            created_at=now,
            updated_at=now,
        )
        s.add(wall)
        s.flush()
        return wall.id


def _display_in(ctx: Ctx, actor: str, situation: str) -> int:
    """A display of the situation's unit (a fresh one per case: revoke ends it)."""
    with transaction(ctx.live.hub.sessions) as s:
        display = Display(
            name=f"matrix {next(ctx.counter)}",
            unit_id=ctx.unit(situation),
            token_hash=token_digest(secrets.token_urlsafe(32)),
            created_by=ctx.province.user_ids[actor],
            created_at=ctx.live.clock.now(),
        )
        s.add(display)
        s.flush()
        return display.id


def _wall_body(ctx: Ctx) -> dict[str, object]:
    return {"name": f"wall {next(ctx.counter)}", "layout": GRID, "cameras": []}


RULES: dict[tuple[str, str], Rule] = {
    ("GET", "/api/walls"): Rule(SESSION, static("/api/walls")),
    ("POST", "/api/walls"): Rule(
        SESSION, lambda ctx, actor, sit: Case("/api/walls", _wall_body(ctx))
    ),
    ("GET", "/api/walls/last"): Rule(SESSION, static("/api/walls/last")),
    ("PUT", "/api/walls/last"): Rule(
        SESSION, static("/api/walls/last", {"layout": GRID, "cameras": []})
    ),
    ("PUT", "/api/walls/{wall_id}"): Rule(
        SESSION,
        lambda ctx, actor, sit: Case(f"/api/walls/{_wall_of(ctx, actor)}", _wall_body(ctx)),
    ),
    ("DELETE", "/api/walls/{wall_id}"): Rule(
        SESSION, lambda ctx, actor, sit: Case(f"/api/walls/{_wall_of(ctx, actor)}")
    ),
    ("POST", "/api/displays"): Rule(
        Permission.DISPLAY_MANAGE,
        lambda ctx, actor, sit: Case(
            "/api/displays", {"name": "Màn hình", "unit_id": ctx.unit(sit), "wall_ids": []}
        ),
        scoped=True,
    ),
    ("GET", "/api/displays/targets"): Rule(Permission.IMAGE_LIVE, static("/api/displays/targets")),
    ("GET", "/api/displays"): Rule(Permission.DISPLAY_MANAGE, static("/api/displays")),
    ("POST", "/api/displays/{display_id}/revoke"): Rule(
        Permission.DISPLAY_MANAGE,
        lambda ctx, actor, sit: Case(f"/api/displays/{_display_in(ctx, actor, sit)}/revoke"),
        scoped=True,
    ),
    ("POST", "/api/displays/{display_id}/show"): Rule(
        Permission.IMAGE_LIVE,
        lambda ctx, actor, sit: Case(
            f"/api/displays/{_display_in(ctx, actor, sit)}/show",
            {"content": {"layout": GRID, "cameras": []}},
        ),
        scoped=True,
    ),
    ("GET", "/api/display/me"): Rule(DISPLAY, static("/api/display/me")),
    ("GET", "/api/display/events"): Rule(DISPLAY, static("/api/display/events?max_seconds=0")),
    ("POST", "/api/display/grants/{grant_id}/renew"): Rule(
        DISPLAY, static("/api/display/grants/nope/renew")
    ),
    ("DELETE", "/api/display/grants/{grant_id}"): Rule(DISPLAY, static("/api/display/grants/nope")),
    ("POST", "/api/display/grants"): Rule(DISPLAY, static("/api/display/grants", {"camera_id": 1})),
}
