# SPDX-License-Identifier: GPL-3.0-or-later
"""Authorization rules of the camera catalogue routes (see ``authz.py``).

Cameras are catalogue rows of the simulated fleet (``Ctx.camera``): an allowed refresh
re-probes the device over ONVIF (200), a health check finds it online (200),
onboarding probes and registers the one dome kept free for it (201), and a probe-only
call describes a dome without storing it (200).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from hub.auth.sessions import open_session
from hub.catalog.models import Camera, CatalogueDeadline
from hub.catalog.service import same_device
from hub.contracts import Permission
from hub.db import transaction
from hub.org.models import User
from tests.hub.authz import SESSION, Case, Ctx, Rule, image_rule, static

NOWHERE = "127.0.0.1:9"  # discard port: nothing listens on loopback, refused at once


def _spare_device(ctx: Ctx) -> dict[str, Any]:
    """The dome no matrix camera uses, free again: a row an earlier case onboarded for it
    is pointed elsewhere (onboarding refuses a device the catalogue already holds)."""
    entry = ctx.domes()[-1]
    url = str(entry["onvif"]["url"])
    with transaction(ctx.live.hub.sessions) as s:
        for camera in s.scalars(select(Camera)):
            if same_device(camera.onvif_url, url):
                camera.onvif_url = f"http://{NOWHERE}/retired/{camera.id}"
    return entry


def _onboard(ctx: Ctx, actor: str, situation: str) -> Case:
    entry = _spare_device(ctx)
    unit = ctx.unit(situation)
    return Case(
        "/api/cameras/onboard",
        {
            "onvif_url": entry["onvif"]["url"],
            "username": entry["username"],
            "password": entry["password"],
            "code": f"onboard-{next(ctx.counter)}",
            "managing_unit_id": unit,
            "operating_unit_id": unit,
            "tier": "tier_3",
            "category": "security",
            "territory_id": ctx.territory(situation),
            "mounting_layer": "5_10m",
        },
    )


def _probe(ctx: Ctx, actor: str, situation: str) -> Case:
    """A probe stores nothing: any simulator device will do, registered or not."""
    entry = ctx.domes()[0]
    return Case(
        "/api/cameras/probe",
        {
            "onvif_url": entry["onvif"]["url"],
            "username": entry["username"],
            "password": entry["password"],
        },
    )


def _check(ctx: Ctx, actor: str, situation: str) -> Case:
    case = Case(f"/api/cameras/{ctx.camera(situation)}/check")
    if actor.endswith("_admin"):
        # The route admits image.live OR camera.manage (the administrator's), which a
        # one-permission rule cannot state: the admin row is played by a role-less
        # colleague (403); the administrator's own check is in tests/hub/catalog.
        _, uid = ctx.fresh_user(ctx.placement[actor][1], [])
        with transaction(ctx.live.hub.sessions) as s:
            user = s.get(User, uid)
            assert user is not None
            case.token, _ = open_session(s, ctx.live.hub, user, None)
    return case


def _deadline(ctx: Ctx, actor: str, situation: str) -> Case:
    camera_id = ctx.camera(situation)
    with transaction(ctx.live.hub.sessions) as s:
        now = ctx.live.clock.now()
        row = CatalogueDeadline(camera_id=camera_id, kind="change", opened_at=now, due_at=now)
        s.add(row)
        s.flush()
        return Case(f"/api/catalogue/deadlines/{row.id}/close")


MANAGE = Permission.CAMERA_MANAGE


def _managed(build: Callable[[Ctx, str, str], Case]) -> Rule:
    """Managing a catalogue entry: in the caller's own scope only (no approval, and a
    unit registered as using the camera does not manage it)."""
    return Rule(MANAGE, build, scoped=True, camera=True)


RULES: dict[tuple[str, str], Rule] = {
    ("GET", "/api/cameras"): Rule(SESSION, static("/api/cameras")),
    # Any signed-in user reads a camera they see: scope, approval or own unit.
    ("GET", "/api/cameras/{camera_id}"): image_rule(
        SESSION, lambda ctx, actor, sit: Case(f"/api/cameras/{ctx.camera(sit)}")
    ),
    ("POST", "/api/cameras/onboard"): Rule(MANAGE, _onboard, scoped=True),
    # Probing names no territory: camera.manage is all it takes (nothing is stored).
    ("POST", "/api/cameras/probe"): Rule(MANAGE, _probe),
    ("PATCH", "/api/cameras/{camera_id}"): _managed(
        lambda ctx, actor, sit: Case(f"/api/cameras/{ctx.camera(sit)}", {"name": "Đổi tên"})
    ),
    ("POST", "/api/cameras/{camera_id}/refresh"): _managed(
        lambda ctx, actor, sit: Case(f"/api/cameras/{ctx.camera(sit)}/refresh")
    ),
    ("POST", "/api/cameras/{camera_id}/check"): image_rule(Permission.IMAGE_LIVE, _check),
    ("POST", "/api/cameras/discover"): Rule(
        MANAGE,
        static(
            "/api/cameras/discover", {"address": "127.0.0.1", "port": 9, "timeout_seconds": 0.2}
        ),
    ),
    ("GET", "/api/catalogue/deadlines"): Rule(
        MANAGE, static("/api/catalogue/deadlines?open=true&overdue=true")
    ),
    ("POST", "/api/catalogue/deadlines/{deadline_id}/close"): _managed(_deadline),
}
