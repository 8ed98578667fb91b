# SPDX-License-Identifier: GPL-3.0-or-later
"""A stream grant test site: a real hub with the relay on, the simulated fleet in its
catalogue, and users inside and outside the cameras' scope."""

from __future__ import annotations

from dataclasses import dataclass, field

from camsim.process import FleetProcess
from hub.catalog.models import Camera
from hub.db import transaction
from hub.streams.service import NAME, RelayService
from hub.testing import LiveHub, Province, login


def register_cameras(
    live: LiveHub, province: Province, fleet: FleetProcess, territory: str, unit: str
) -> dict[str, int]:
    """Catalogue rows for the fleet's cameras (simulator id -> camera id), put straight
    into the database with their device URLs and sealed credentials.

    The catalogue domain onboards cameras over ONVIF; these tests only need the rows.
    """
    ids: dict[str, int] = {}
    now = live.clock.now()
    with transaction(live.hub.sessions) as s:
        for entry in fleet.cameras:
            camera = Camera(
                code=f"streams-{entry['id']}-{territory}",
                name=str(entry["name"]),
                onvif_url=str(entry["onvif"]["url"]),
                rtsp_main_url=str(entry["rtsp"]["main"]),
                rtsp_sub_url=str(entry["rtsp"]["sub"]),
                has_ptz=bool(entry["ptz"]),
                managing_unit_id=province.units[unit],
                operating_unit_id=province.units[unit],
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


@dataclass
class Site:
    """A hub with the relay on, cameras in A1 (``cams``) and in B (``foreign``), users."""

    live: LiveHub
    province: Province
    fleet: FleetProcess
    cams: dict[str, int]
    foreign: dict[str, int]
    tokens: dict[str, str] = field(default_factory=dict)

    @property
    def relay(self) -> RelayService:
        service = self.live.hub.services[NAME]
        assert isinstance(service, RelayService)
        return service

    def login(self, name: str) -> str:
        self.tokens[name] = login(self.live, self.province, name)
        return self.tokens[name]

    def headers(self, name: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[name]}"}
