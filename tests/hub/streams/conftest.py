# SPDX-License-Identifier: GPL-3.0-or-later
"""Fixtures for stream grant tests (see grant_site.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from camsim.process import FleetProcess
from hub.contracts import Role
from hub.testing import LiveHub, add_user, seed_province
from tests.hub.streams.grant_site import Site, register_cameras


@pytest.fixture
def make_site(start_hub: Callable[..., LiveHub], camsim_fleet: FleetProcess) -> Callable[..., Site]:
    """``make_site(**settings)``: a hub with the relay on and the fleet catalogued twice
    (in A1 and in B); ``opa`` (operator, district A) and ``auditor`` (no image.live,
    district A) are logged in."""

    def make(**overrides: object) -> Site:
        settings: dict[str, object] = {
            "media_relay": True,
            "grant_check_seconds": 0.2,
            "relay_keepalive_seconds": 0.0,
            **overrides,
        }
        live = start_hub(**settings)
        province = seed_province(live.hub)
        cams = register_cameras(live, province, camsim_fleet, "A1", "communeA1")
        foreign = register_cameras(live, province, camsim_fleet, "B", "districtB")
        site = Site(live, province, camsim_fleet, cams, foreign)
        add_user(live.hub, province, "opa", "districtA", [Role.OPERATOR])
        add_user(live.hub, province, "auditor", "districtA", [Role.AUDITOR])
        site.login("opa")
        site.login("auditor")
        return site

    return make


@pytest.fixture
def site(make_site: Callable[..., Site]) -> Site:
    """The default site: grants last 120 s, no keep-alive of idle pulls."""
    return make_site()
