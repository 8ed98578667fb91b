# SPDX-License-Identifier: GPL-3.0-or-later
"""The console's client, catalogue section, against a real hub and the simulator."""

from __future__ import annotations

import asyncio

import pytest

from camsim.process import FleetProcess
from hub.catalog.contracts import (
    CameraCategory,
    CameraOnboard,
    CameraStatus,
    CameraTier,
    CameraUpdate,
    DiscoverRequest,
    MountingLayer,
)
from hub.client import HubApiError, HubClient
from tests.hub.catalog.common import Catalogue


def test_catalogue_calls(catalogue: Catalogue, camsim_fleet: FleetProcess) -> None:
    cat, p = catalogue, catalogue.province
    entry = camsim_fleet.cameras[0]
    where = camsim_fleet.inventory["discovery"]

    async def flow() -> None:
        async with HubClient(cat.live.url) as admin, HubClient(cat.live.url) as operator:
            admin.token, operator.token = cat.tokens["admin_a"], cat.tokens["op_b"]
            onboard = CameraOnboard(
                onvif_url=entry["onvif"]["url"],
                username=entry["username"],
                password=entry["password"],
                code="TN-client-1",
                managing_unit_id=p.units["communeA1"],
                operating_unit_id=p.units["communeA1"],
                tier=CameraTier.TIER_3,
                category=CameraCategory.SECURITY,
                territory_id=p.territories["A1"],
                mounting_layer=MountingLayer.BELOW_3M,
            )
            cam = await admin.onboard_camera(onboard)
            assert cam.model == entry["model"] and cam.streams
            assert [c.id for c in await admin.list_cameras(q="client")] == [cam.id]
            assert await admin.list_cameras(status=CameraStatus.OFFLINE) == []
            changed = await admin.update_camera(cam.id, CameraUpdate(public_sharing=True))
            assert changed.public_sharing
            assert (await admin.refresh_camera(cam.id)).id == cam.id
            checked = await admin.check_camera(cam.id)
            assert checked.status is CameraStatus.ONLINE
            assert (await admin.camera(cam.id)).last_checked_at is not None
            found = await admin.discover_cameras(
                DiscoverRequest(address=where["host"], port=where["port"], timeout_seconds=0.5)
            )
            assert any(d.registered for d in found)
            deadlines = await admin.catalogue_deadlines(open_only=True)
            assert [d.kind.value for d in deadlines] == ["installation", "change"]
            closed = await admin.close_catalogue_deadline(deadlines[0].id)
            assert closed.closed_at is not None
            with pytest.raises(HubApiError) as denied:
                await operator.camera(cam.id)
            assert (denied.value.status, denied.value.code) == (403, "scope.out_of_scope")

    asyncio.run(asyncio.wait_for(flow(), 60))
