# SPDX-License-Identifier: GPL-3.0-or-later
"""Authorization rules of the PTZ routes (``/api/cameras/{id}/ptz/…``).

The matrix runs without a simulator: each case gets a fresh PTZ camera (so no lock or
rate limit from an earlier case interferes) whose device address refuses connections.
Routes that call the device get a camera without PTZ (409 ``ptz.unsupported`` once right
and scope passed: the matrix wants no 5xx, and a dead device would answer 502); the others
get a PTZ camera and answer 200 (status with ``device_error``, reserve, release) or 409
(heartbeat with nothing moving) — never 401/403 for an allowed caller.
"""

from __future__ import annotations

from typing import Any

from hub.catalog.models import Camera
from hub.contracts import Permission
from hub.db import transaction
from tests.hub.authz import UNIT, Builder, Case, Ctx, Rule

# Nothing listens on the discard port of loopback: connections are refused at once.
DEAD_DEVICE = "http://127.0.0.1:9/onvif/device_service"


def _camera(ctx: Ctx, situation: str, ptz: bool) -> int:
    n = next(ctx.counter)
    now = ctx.live.clock.now()
    unit = ctx.province.units[UNIT[situation]]
    with transaction(ctx.live.hub.sessions) as s:
        camera = Camera(
            code=f"ptz-matrix-{n}",
            name=f"PTZ {n}",
            onvif_url=DEAD_DEVICE,
            main_profile_token="profile_main",
            has_ptz=ptz,
            managing_unit_id=unit,
            operating_unit_id=unit,
            tier="tier_3",
            category="security",
            territory_id=ctx.territory(situation),
            mounting_layer="5_10m",
            created_at=now,
            updated_at=now,
        )
        s.add(camera)
        s.flush()
        camera.credentials = ("admin", "secret")
        return camera.id


def _ptz(suffix: str, body: Any, device: bool) -> Builder:
    return lambda ctx, actor, sit: Case(
        f"/api/cameras/{_camera(ctx, sit, ptz=not device)}/ptz{suffix}", body
    )


def _rule(
    need: Permission, suffix: str, body: Any = None, scoped: bool = True, device: bool = True
) -> Rule:
    return Rule(need, _ptz(suffix, body, device), scoped=scoped, approval_extends=scoped)


BASE = "/api/cameras/{camera_id}/ptz"
PTZ, PRESET, RESERVE = (
    Permission.IMAGE_PTZ,
    Permission.IMAGE_PTZ_PRESET,
    Permission.IMAGE_PTZ_RESERVE,
)

RULES: dict[tuple[str, str], Rule] = {
    ("POST", f"{BASE}/move"): _rule(PTZ, "/move", {"pan": 0.5, "tilt": 0, "zoom": 0}),
    ("POST", f"{BASE}/stop"): _rule(PTZ, "/stop"),
    # Renews only the caller's own move (scope was checked when it started).
    ("POST", f"{BASE}/heartbeat"): _rule(PTZ, "/heartbeat", scoped=False, device=False),
    ("POST", f"{BASE}/absolute"): _rule(PTZ, "/absolute", {"pan": 0.1, "tilt": 0.1}),
    ("POST", f"{BASE}/relative"): _rule(PTZ, "/relative", {"pan": 0.1}),
    ("POST", f"{BASE}/home"): _rule(PTZ, "/home"),
    ("GET", f"{BASE}/status"): _rule(PTZ, "/status", device=False),
    ("POST", f"{BASE}/release"): _rule(PTZ, "/release", device=False),
    ("POST", f"{BASE}/reserve"): _rule(
        RESERVE, "/reserve", {"minutes": 5, "reason": "lũ"}, device=False
    ),
    ("DELETE", f"{BASE}/reserve"): _rule(PTZ, "/reserve", device=False),
    ("GET", f"{BASE}/presets"): _rule(PTZ, "/presets"),
    ("POST", f"{BASE}/presets"): _rule(PRESET, "/presets", {"name": "Cổng"}),
    ("POST", f"{BASE}/presets/{{preset}}/goto"): _rule(PTZ, "/presets/preset1/goto"),
    ("PUT", f"{BASE}/presets/{{preset}}"): _rule(PRESET, "/presets/preset1", {"name": "B"}),
    ("DELETE", f"{BASE}/presets/{{preset}}"): _rule(PRESET, "/presets/preset1"),
}
