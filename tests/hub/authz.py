# SPDX-License-Identifier: GPL-3.0-or-later
"""The authorization matrix's vocabulary: actors, situations, cases and rules.

Each domain declares the rules of its routes in a module ``tests/hub/authz_<domain>.py``
exporting ``RULES``; ``test_authz_matrix.py`` gathers them with its own.

Cameras of the matrix are catalogue rows of the simulated fleet (``camsim_fleet``): a
fixed camera for live, archive and snapshots, domes for PTZ; an allowed cell reaches the
device and answers its success, a refused one never gets that far.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from camsim.process import FleetProcess
from hub.catalog.models import Camera, CameraUsingUnit
from hub.contracts import Domain, Permission, Role
from hub.db import transaction
from hub.testing import LiveHub, Province, add_user

SITUATIONS = ("in_scope", "out_of_scope", "with_approval")
# Where each situation's target lies: districtA actors oversee A (and A1); B is someone
# else's; B1 is someone else's too but every actor holds a written approval for it.
TERRITORY = {"in_scope": "A1", "out_of_scope": "B", "with_approval": "B1"}
UNIT = {"in_scope": "communeA1", "out_of_scope": "districtB", "with_approval": "communeB1"}
ACTORS: list[Role | None] = [*Role, None]

# Camera routes also cross domain and unit (HCM 7, DB 7-8, TN 6: specialised centres see
# the cameras of their domain; a unit registered on a camera works with its images):
# - own_domain / other_domain: the actor works at the provincial traffic department
#   (whole province, domain traffic); the camera lies in A1, of the traffic or the health
#   domain — in territory both times, only the first in the actor's domain;
# - unit_registered: a district A actor, the camera in district B managed there, with
#   district A registered as a using unit (basis ``unit``).
DOMAIN_SITUATIONS = ("own_domain", "other_domain")
CAMERA_SITUATIONS = (*SITUATIONS, *DOMAIN_SITUATIONS, "unit_registered")
DOMAIN_UNIT = "traffic"  # the department the domain actors work at (added by the matrix)


@dataclass(frozen=True)
class Placement:
    """Where a situation's camera stands and who is registered on it."""

    territory: str
    unit: str  # managing and operating unit
    domain: Domain | None = None
    using: tuple[str, ...] = ()


CAMERA_AT: dict[str, Placement] = {
    "in_scope": Placement("A1", "communeA1"),
    "out_of_scope": Placement("B", "districtB"),
    "with_approval": Placement("B1", "communeB1"),
    "own_domain": Placement("A1", "communeA1", Domain.TRAFFIC),
    "other_domain": Placement("A1", "communeA1", Domain.HEALTH),
    "unit_registered": Placement("B", "districtB", using=("districtA",)),
}


def actor_name(role: Role | None, situation: str) -> str:
    """The account that plays ``role`` in ``situation``: ``r_<role>`` of district A (the
    IOC leader at the IOC), ``d_<role>`` of the traffic department in domain situations."""
    prefix = "d" if situation in DOMAIN_SITUATIONS else "r"
    return f"{prefix}_{role.value if role else 'none'}"


PUBLIC, TICKET, SESSION = "public", "ticket", "session"


@dataclass
class Ctx:
    """What a case builder may use."""

    live: LiveHub
    province: Province
    fleet: FleetProcess
    tokens: dict[str, str] = field(default_factory=dict)
    placement: dict[str, tuple[list[Role], str]] = field(default_factory=dict)
    counter: itertools.count[int] = field(default_factory=itertools.count)
    cameras: dict[tuple[str, str, str | None], int] = field(default_factory=dict)
    device_of: dict[int, str] = field(default_factory=dict)  # camera id -> simulator id
    memo: dict[str, Any] = field(default_factory=dict)  # a domain module's own state
    cleanups: list[Callable[[], None]] = field(default_factory=list)  # run at the end

    def fresh_user(self, unit: str, roles: list[Role] | None = None) -> tuple[str, int]:
        name = f"user{next(self.counter)}"
        return name, add_user(self.live.hub, self.province, name, unit, roles or [])

    def territory(self, situation: str) -> int:
        return self.province.territories[TERRITORY[situation]]

    def unit(self, situation: str) -> int:
        return self.province.units[UNIT[situation]]

    def domes(self) -> list[dict[str, Any]]:
        """The fleet's PTZ domes (the last one is kept free for onboarding)."""
        return [c for c in self.fleet.cameras if c["ptz"]]

    def camera(self, situation: str, kind: str = "fixed", owner: str | None = None) -> int:
        """A catalogue camera placed as ``situation`` says, on a simulator device: the
        fixed camera, or a dome (``kind="dome"``); one per (situation, kind, owner), so
        PTZ actors each steer a camera of their own (no lock between them)."""
        key = (situation, kind, owner)
        if key not in self.cameras:
            if kind == "dome":
                domes = self.domes()[:-1]
                n = sum(1 for k in self.cameras if k[1] == "dome")
                entry = domes[n % len(domes)]
            else:
                entry = self.fleet.first(kind)
            self.cameras[key] = self.register(entry, CAMERA_AT[situation])
        return self.cameras[key]

    def register(self, entry: dict[str, Any], place: Placement) -> int:
        """A catalogue row for a simulator camera (device URLs, profile tokens, sealed
        credentials), straight into the database: a device may stand behind many rows
        here, which onboarding refuses."""
        n = next(self.counter)
        units = self.province.units
        with transaction(self.live.hub.sessions) as s:
            now = self.live.clock.now()
            camera = Camera(
                code=f"mx{n}-{entry['id']}",
                name=f"Matrix {n} {entry['name']}",
                onvif_url=str(entry["onvif"]["url"]),
                rtsp_main_url=str(entry["rtsp"]["main"]),
                rtsp_sub_url=str(entry["rtsp"]["sub"]),
                main_profile_token="profile_main",
                sub_profile_token="profile_sub",
                has_ptz=bool(entry["ptz"]),
                has_recording=True,
                has_events=True,
                managing_unit_id=units[place.unit],
                operating_unit_id=units[place.unit],
                tier="tier_3",
                category="security",
                territory_id=self.province.territories[place.territory],
                domain=place.domain.value if place.domain else None,
                mounting_layer="5_10m",
                created_at=now,
                updated_at=now,
            )
            s.add(camera)
            s.flush()
            camera.credentials = (str(entry["username"]), str(entry["password"]))
            camera.using_units = [CameraUsingUnit(unit_id=units[u]) for u in place.using]
            self.device_of[camera.id] = str(entry["id"])
            return camera.id


@dataclass
class Case:
    """One request: path, JSON body, optional token replacing the actor's session."""

    path: str
    body: Any = None
    token: str | None = None
    after: Callable[[httpx.Response], None] | None = None  # sees the answer (clean-up)


Builder = Callable[[Ctx, str, str], Case]  # (ctx, actor name, situation) -> case


@dataclass(frozen=True)
class Rule:
    """Who may call a route: ``need`` is PUBLIC, TICKET, SESSION or a permission.

    ``scoped``: the target must lie in the caller's scope (territory and domain);
    ``approval_extends`` / ``unit_extends``: a written approval / the caller's unit
    registered on the camera stands in for scope; ``camera``: the target is a camera
    (``Ctx.camera``), so the rule also runs the domain and unit situations.
    """

    need: str | Permission
    build: Builder
    scoped: bool = False
    approval_extends: bool = False
    unit_extends: bool = False
    camera: bool = False

    @property
    def situations(self) -> tuple[str, ...]:
        return CAMERA_SITUATIONS if self.camera else SITUATIONS


def image_rule(need: str | Permission, build: Builder, scoped: bool = True) -> Rule:
    """A rule of a route that works with a camera's images: in scope, under a written
    approval, or through the caller's unit registered on the camera (``use_camera``)."""
    return Rule(
        need, build, scoped=scoped, approval_extends=scoped, unit_extends=scoped, camera=True
    )


def static(path: str, body: Any = None) -> Builder:
    """A case that is the same for every actor and situation."""
    return lambda ctx, actor, situation: Case(path, body)


# Routes that take a wall display's token instead of a user session (hub/walls): a user's
# session token is refused there with 401, exactly as on the login-ticket routes, so the
# matrix expects of DISPLAY rules what it expects of TICKET rules.
DISPLAY = TICKET
