# SPDX-License-Identifier: GPL-3.0-or-later
"""At most ``clip_max_concurrent`` cuts run at once: one beyond waits for a slot up to
``device_timeout`` and then is refused with 503 ``clip.busy`` (audited)."""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from camsim.process import FleetProcess
from hub.archive.clips import ClipFile, cut_clip, cut_slots
from hub.audit.service import Actor
from hub.catalog.models import Camera
from hub.clock import ManualClock
from hub.errors import HubError
from hub.testing import LiveHub, add_user, login, seed_province, settings_for_tests
from tests.hub.archive.world import USERS, ArchiveWorld, audit, recorded_instant, register_fleet

WAIT = 3.0  # device_timeout: how long a cut waits for a slot


@pytest.fixture
def world(db_url: str, tmp_path: Path, camsim_fleet: FleetProcess) -> Iterator[ArchiveWorld]:
    settings = settings_for_tests(db_url, tmp_path / "data")
    archive = dataclasses.replace(settings.archive, clip_max_concurrent=1, device_timeout=WAIT)
    settings = dataclasses.replace(settings, archive=archive)
    live = LiveHub(settings, clock=ManualClock(datetime.now(UTC))).start()
    try:
        province = seed_province(live.hub)
        w = ArchiveWorld(live, province, camsim_fleet)
        w.cameras = register_fleet(live, province, camsim_fleet)
        unit, roles = USERS["operator"]
        add_user(live.hub, province, "operator", unit, roles)
        w.tokens["operator"] = login(live, province, "operator")
        yield w
    finally:
        live.stop()


async def _cut(world: ArchiveWorld, camera_id: int, start: float) -> ClipFile:
    with world.live.hub.sessions() as s:
        s.begin()
        camera = s.get(Camera, camera_id)
        assert camera is not None
        clip = await cut_clip(
            world.live.hub,
            s,
            Actor(username="operator", source="test"),
            camera,
            datetime.fromtimestamp(start, UTC),
            datetime.fromtimestamp(start + 2, UTC),
        )
        s.commit()
        return clip


def test_a_cut_beyond_the_limit_waits_then_is_refused_busy(world: ArchiveWorld) -> None:
    _entry, camera_id = world.camera(1)
    at = recorded_instant(world, camera_id, time.time() - 2 * 3600)

    async def busy() -> float:
        slots = cut_slots(world.live.hub)
        await slots.acquire()  # the one slot is taken by another cut
        began = time.monotonic()
        try:
            with pytest.raises(HubError) as refused:
                await _cut(world, camera_id, at)
        finally:
            slots.release()
        error = refused.value
        assert (error.status, error.code, error.detail) == (503, "clip.busy", {"limit": 1})
        # Audited once the caller's transaction has rolled back (as every refusal).
        assert error.audit is not None and error.audit.action == "clip.cut"
        assert error.audit.fields["outcome"] == "failed"
        assert error.audit.fields["reason"] == "clip.busy"
        return time.monotonic() - began

    waited = asyncio.run(busy())
    assert WAIT - 0.1 <= waited < WAIT + 2.0
    assert audit(world, "clip.cut") == []  # nothing cut


def test_a_waiting_cut_runs_when_a_slot_frees(world: ArchiveWorld) -> None:
    _entry, camera_id = world.camera(1)
    at = recorded_instant(world, camera_id, time.time() - 2 * 3600)

    async def waits() -> ClipFile:
        slots = cut_slots(world.live.hub)
        await slots.acquire()
        # The other cut ends well within the wait: the slot frees, this one runs.
        asyncio.get_running_loop().call_later(WAIT / 4, slots.release)
        return await _cut(world, camera_id, at)

    clip = asyncio.run(waits())
    assert clip.frames > 0
    (record,) = audit(world, "clip.cut")
    assert record.outcome == "success"
