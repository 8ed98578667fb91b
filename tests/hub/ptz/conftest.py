# SPDX-License-Identifier: GPL-3.0-or-later
"""Fixtures for PTZ tests: a real hub, the simulated fleet in its catalogue, operators."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
import requests

from camsim.process import FleetProcess
from hub.catalog.models import Camera
from hub.contracts import Role
from hub.db import transaction
from hub.ptz.service import PtzService
from hub.testing import LiveHub, Province, add_user, login, seed_province


def register_cameras(
    live: LiveHub, province: Province, fleet: FleetProcess, territory: str = "A1"
) -> dict[str, int]:
    """Catalogue rows for the fleet's cameras (simulator id → camera id), straight into
    the database with device URLs, profile tokens and sealed credentials."""
    ids: dict[str, int] = {}
    now = live.clock.now()
    unit = province.units["communeA1"]
    with transaction(live.hub.sessions) as s:
        for entry in fleet.cameras:
            camera = Camera(
                code=f"ptz-{entry['id']}-{territory}",
                name=str(entry["name"]),
                onvif_url=str(entry["onvif"]["url"]),
                rtsp_main_url=str(entry["rtsp"]["main"]),
                rtsp_sub_url=str(entry["rtsp"]["sub"]),
                main_profile_token="profile_main",
                sub_profile_token="profile_sub",
                has_ptz=bool(entry["ptz"]),
                managing_unit_id=unit,
                operating_unit_id=unit,
                tier="tier_3",
                category="security",
                territory_id=province.territories[territory],
                mounting_layer="5_10m",
                created_at=now,
                updated_at=now,
            )
            s.add(camera)
            s.flush()
            camera.credentials = (str(entry["username"]), str(entry["password"]))
            ids[str(entry["id"])] = camera.id
    return ids


def sim_position(fleet: FleetProcess, sim_id: str) -> dict[str, Any]:
    """Where the simulated dome looks, from the simulator's control API."""
    r = requests.get(f"{fleet.control_url}/cameras/{sim_id}/ptz", timeout=10)
    r.raise_for_status()
    return dict(r.json())


@dataclass
class Site:
    """A hub with the fleet catalogued in A1 and operators of each PTZ rank."""

    live: LiveHub
    province: Province
    fleet: FleetProcess
    cams: dict[str, int]
    tokens: dict[str, str] = field(default_factory=dict)

    @property
    def ptz(self) -> PtzService:
        service = self.live.hub.services["ptz"]
        assert isinstance(service, PtzService)
        return service

    def http(self, user: str) -> httpx.Client:
        return self.live.client(self.tokens[user])

    def dome(self, n: int = 0) -> tuple[str, int]:
        """(simulator id, camera id) of the n-th dome."""
        domes = [c["id"] for c in self.fleet.cameras if c["ptz"]]
        return domes[n], self.cams[domes[n]]

    def fixed(self) -> tuple[str, int]:
        sim = self.fleet.first("fixed")["id"]
        return sim, self.cams[sim]

    def position(self, sim_id: str) -> dict[str, Any]:
        return sim_position(self.fleet, sim_id)


USERS: dict[str, tuple[str, list[Role]]] = {
    "op1": ("districtA", [Role.PTZ_OPERATOR]),
    "op2": ("districtA", [Role.PTZ_OPERATOR]),
    "sup": ("districtA", [Role.SUPERVISOR]),
    "sup2": ("districtA", [Role.SUPERVISOR]),
    "viewer": ("districtA", [Role.OPERATOR]),
    "stranger": ("districtB", [Role.SUPERVISOR]),
    "auditor": ("ioc", [Role.AUDITOR]),
}


@pytest.fixture
def make_site(start_hub: Callable[..., LiveHub], camsim_fleet: FleetProcess) -> Callable[..., Site]:
    """``make_site(**settings)``: a hub with those settings, the fleet and the users."""

    def make(**settings: Any) -> Site:
        live = start_hub(session_idle_minutes=24 * 60, **settings)
        province = seed_province(live.hub)
        site = Site(live, province, camsim_fleet, register_cameras(live, province, camsim_fleet))
        for name, (unit, roles) in USERS.items():
            add_user(live.hub, province, name, unit, roles)
            site.tokens[name] = login(live, province, name)
        return site

    return make


@pytest.fixture
def site(make_site: Callable[..., Site]) -> Site:
    return make_site()
