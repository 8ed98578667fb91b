# SPDX-License-Identifier: GPL-3.0-or-later
"""Authorization rules of the PTZ routes (``/api/cameras/{id}/ptz/…``).

Every actor steers a camera of its own in each situation (``Ctx.camera(…, "dome",
owner)``: no lock or reservation of one actor stands in another's way), each a catalogue
row of a simulated dome, so an allowed command reaches the device and answers its success
(200, 201 for a new preset, 204 for a deleted one).

Presets live on the device, shared by every row of that dome and by the rest of the test
session: goto and rename use one preset per dome made for the matrix, a delete removes a
preset made for it, and whatever the matrix made is removed at the end.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any

import httpx

from hub.catalog.models import Camera
from hub.contracts import Permission, Role
from hub.db import transaction
from hub.ptz.locks import Controller, Refused, priority_of
from hub.ptz.service import PtzService
from hub.testing import LiveHub
from tests.hub.authz import Builder, Case, Ctx, Rule, image_rule

HELPER = "matrix_ptz"  # an IOC supervisor who makes and removes the matrix's presets
HELPER_ROLES = [Role.SUPERVISOR]


@dataclass
class Presets:
    """The matrix's presets on the simulated domes."""

    tag: str = field(default_factory=lambda: secrets.token_hex(3))  # in the names
    kept: dict[str, str] = field(default_factory=dict)  # dome -> preset for goto/rename
    doomed: dict[str, str] = field(default_factory=dict)  # dome -> preset for a delete
    made: dict[tuple[str, str], int] = field(default_factory=dict)  # (dome, token) -> camera

    def name(self, ctx: Ctx, what: str) -> str:
        """A preset name no earlier run left on a dome."""
        return f"matrix {self.tag} {what} {next(ctx.counter)}"


def _presets(ctx: Ctx) -> Presets:
    book = ctx.memo.get("ptz")
    if book is None:
        book = ctx.memo["ptz"] = Presets()
        ctx.cleanups.append(lambda: _remove_presets(ctx, book))
    assert isinstance(book, Presets)
    return book


def _helper(ctx: Ctx) -> httpx.Client:
    return ctx.live.client(ctx.tokens[HELPER])


def _make_preset(ctx: Ctx, camera_id: int) -> str:
    """A new preset on the camera's dome (by the helper), remembered for the clean-up."""
    book = _presets(ctx)
    with _helper(ctx) as http:
        r = http.post(
            f"/api/cameras/{camera_id}/ptz/presets", json={"name": book.name(ctx, "made")}
        )
    assert r.status_code == 201, r.text
    token = str(r.json()["token"])
    book.made[ctx.device_of[camera_id], token] = camera_id
    return token


def _remove_presets(ctx: Ctx, book: Presets) -> None:
    """Remove the presets the matrix left on the domes (the fleet outlives the test)."""
    with _helper(ctx) as http:
        for (_dome, token), camera_id in book.made.items():
            r = http.delete(f"/api/cameras/{camera_id}/ptz/presets/{token}")
            assert r.status_code in (204, 404), r.text
        for camera_id in set(book.made.values()):
            left = http.get(f"/api/cameras/{camera_id}/ptz/presets").json()
            assert not [p for p in left if book.tag in p["name"]], left


def _camera(ctx: Ctx, actor: str, situation: str) -> int:
    return ctx.camera(situation, "dome", owner=actor)


def _kept_preset(ctx: Ctx, camera_id: int) -> str:
    book = _presets(ctx)
    dome = ctx.device_of[camera_id]
    if dome not in book.kept:
        book.kept[dome] = _make_preset(ctx, camera_id)
    return book.kept[dome]


def _case(suffix: str, body: Any = None) -> Builder:
    return lambda ctx, actor, sit: Case(
        f"/api/cameras/{_camera(ctx, actor, sit)}/ptz{suffix}", body
    )


def _goto(ctx: Ctx, actor: str, situation: str) -> Case:
    camera_id = _camera(ctx, actor, situation)
    return Case(f"/api/cameras/{camera_id}/ptz/presets/{_kept_preset(ctx, camera_id)}/goto")


def _rename(ctx: Ctx, actor: str, situation: str) -> Case:
    camera_id = _camera(ctx, actor, situation)
    token = _kept_preset(ctx, camera_id)
    name = _presets(ctx).name(ctx, "renamed")
    return Case(f"/api/cameras/{camera_id}/ptz/presets/{token}", {"name": name})


def _save(ctx: Ctx, actor: str, situation: str) -> Case:
    camera_id = _camera(ctx, actor, situation)
    book = _presets(ctx)

    def saved(r: httpx.Response) -> None:
        if r.status_code == 201:
            book.made[ctx.device_of[camera_id], str(r.json()["token"])] = camera_id

    name = book.name(ctx, "saved")
    return Case(f"/api/cameras/{camera_id}/ptz/presets", {"name": name}, after=saved)


def _delete(ctx: Ctx, actor: str, situation: str) -> Case:
    """Delete a preset made for it (the one a refused delete left, else a new one)."""
    camera_id = _camera(ctx, actor, situation)
    book = _presets(ctx)
    dome = ctx.device_of[camera_id]
    token = book.doomed.pop(dome, None) or _make_preset(ctx, camera_id)

    def deleted(r: httpx.Response) -> None:
        if r.status_code == 204:
            book.made.pop((dome, token), None)
        else:
            book.doomed[dome] = token

    return Case(f"/api/cameras/{camera_id}/ptz/presets/{token}", after=deleted)


def ptz_service(live: LiveHub) -> PtzService:
    service = live.hub.services["ptz"]
    assert isinstance(service, PtzService)
    return service


def _heartbeat(ctx: Ctx, actor: str, situation: str) -> Case:
    """The actor's own move, started past the route (scope was checked when a move
    starts; a heartbeat only keeps the caller's running move alive)."""
    camera_id = _camera(ctx, actor, situation)
    service = ptz_service(ctx.live)
    roles, _unit = ctx.placement[actor]
    user_id = ctx.province.user_ids[actor]
    with transaction(ctx.live.hub.sessions) as s:
        camera = s.get(Camera, camera_id)
        assert camera is not None
        place = (camera.territory_id, camera.domain)
    who = Controller(user_id, actor, actor, priority_of(frozenset(roles), service.priorities))
    try:
        with transaction(ctx.live.hub.sessions) as s:
            service.locks.acquire(s, camera_id, place, who)
            service.locks.start_move(s, camera_id, user_id, (0.1, 0.0, 0.0), 5.0)
    except Refused as exc:  # pragma: no cover - only the actor steers its camera
        raise AssertionError(f"{actor}'s own camera is held: {exc.code}") from None
    return Case(f"/api/cameras/{camera_id}/ptz/heartbeat")


def _rule(need: Permission, build: Builder, scoped: bool = True) -> Rule:
    return image_rule(need, build, scoped=scoped)


BASE = "/api/cameras/{camera_id}/ptz"
PTZ, PRESET, RESERVE = (
    Permission.IMAGE_PTZ,
    Permission.IMAGE_PTZ_PRESET,
    Permission.IMAGE_PTZ_RESERVE,
)

RULES: dict[tuple[str, str], Rule] = {
    ("POST", f"{BASE}/move"): _rule(PTZ, _case("/move", {"pan": 0.5, "tilt": 0, "zoom": 0})),
    ("POST", f"{BASE}/stop"): _rule(PTZ, _case("/stop")),
    # Renews only the caller's own move (scope was checked when it started).
    ("POST", f"{BASE}/heartbeat"): _rule(PTZ, _heartbeat, scoped=False),
    ("POST", f"{BASE}/absolute"): _rule(PTZ, _case("/absolute", {"pan": 0.1, "tilt": 0.1})),
    ("POST", f"{BASE}/relative"): _rule(PTZ, _case("/relative", {"pan": 0.1})),
    ("POST", f"{BASE}/home"): _rule(PTZ, _case("/home")),
    ("GET", f"{BASE}/status"): _rule(PTZ, _case("/status")),
    ("POST", f"{BASE}/release"): _rule(PTZ, _case("/release")),
    ("POST", f"{BASE}/reserve"): _rule(RESERVE, _case("/reserve", {"minutes": 5, "reason": "lũ"})),
    ("DELETE", f"{BASE}/reserve"): _rule(PTZ, _case("/reserve")),
    ("GET", f"{BASE}/presets"): _rule(PTZ, _case("/presets")),
    ("POST", f"{BASE}/presets"): _rule(PRESET, _save),
    ("POST", f"{BASE}/presets/{{preset}}/goto"): _rule(PTZ, _goto),
    ("PUT", f"{BASE}/presets/{{preset}}"): _rule(PRESET, _rename),
    ("DELETE", f"{BASE}/presets/{{preset}}"): _rule(PRESET, _delete),
}
