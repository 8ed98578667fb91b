# SPDX-License-Identifier: GPL-3.0-or-later
"""Test helper: put simulator cameras in a test hub's catalogue in one call."""

from __future__ import annotations

from typing import Any

from hub.catalog.inventory import onboard_inventory
from hub.context import Hub
from hub.testing import LiveHub, Province


def register_fleet(
    live_or_hub: LiveHub | Hub,
    province: Province,
    inventory: dict[str, Any] | list[dict[str, Any]],
    territory: str = "A1",
    unit: str = "communeA1",
    *,
    probe: bool = True,
    prefix: str = "",
    **options: Any,
) -> dict[str, int]:
    """Onboard simulator cameras (a ``FleetProcess.inventory`` or some of its
    ``cameras`` entries) at ``territory``, managed by ``unit``; returns code → camera id.

    Codes are the simulator ids (``cam01``…) with ``prefix``. ``probe=False`` skips the
    ONVIF probe and takes the device information from the inventory (fast; works while
    the device is faulted). ``options``: ``category``, ``tier``, ``mounting_layer``,
    ``domain``, ``using_unit_ids``, ``dedicated``.

    Raises:
        AssertionError: a camera could not be onboarded.
    """
    hub = live_or_hub.hub if isinstance(live_or_hub, LiveHub) else live_or_hub
    results = onboard_inventory(
        hub,
        inventory,
        province.territories[territory],
        province.units[unit],
        probe=probe,
        prefix=prefix,
        **options,
    )
    failed = [r for r in results if r.camera_id is None]
    assert not failed, f"cameras not onboarded: {failed}"
    return {r.code: r.camera_id for r in results if r.camera_id is not None}
