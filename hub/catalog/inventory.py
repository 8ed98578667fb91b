# SPDX-License-Identifier: GPL-3.0-or-later
"""Onboarding a whole simulator inventory (``vwall-camsim --inventory FILE``).

The console's demo mode and other domains' tests need a catalogue quickly: each camera
of the inventory is onboarded like an administrator would (probed over ONVIF, sealed
credentials, installation deadline, audited — the actor being the system), codes
already registered are skipped. ``probe=False`` builds the device information from the
inventory instead of asking the device (tests that fault the device first).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from hub.audit.service import Actor
from hub.catalog.contracts import (
    CameraCategory,
    CameraOnboard,
    CameraTier,
    MountingLayer,
    UpdateMethod,
)
from hub.catalog.models import Camera
from hub.catalog.onvif_probe import DeviceProbe, StreamInfo
from hub.catalog.service import SYSTEM, onboard_camera
from hub.catalog.service import probe as probe_device_at
from hub.context import Hub
from hub.contracts import Domain
from hub.db import transaction
from hub.errors import HubError


@dataclass(frozen=True)
class InventoryResult:
    """What happened to one inventory camera."""

    code: str
    camera_id: int | None
    outcome: str  # "onboarded" | "skipped" | "failed"
    error: str | None = None


def read_inventory(path: Path) -> dict[str, Any]:
    """A simulator inventory file.

    Raises:
        ValueError: not an inventory (no ``cameras`` list).
    """
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("cameras"), list):
        raise ValueError(f"{path} is not a simulator inventory (no 'cameras' list)")
    return data


def probe_from_inventory(entry: dict[str, Any]) -> DeviceProbe:
    """Device information as the simulator's inventory states it (no device call)."""
    rtsp = entry.get("rtsp", {})
    sizes = {s["name"]: (int(s["width"]), int(s["height"])) for s in entry.get("streams", [])}
    codecs = {s["name"]: str(s.get("codec", "")).upper() for s in entry.get("streams", [])}

    def stream(name: str) -> StreamInfo | None:
        if name not in rtsp:
            return None
        width, height = sizes.get(name, (0, 0))
        return StreamInfo(f"profile_{name}", str(rtsp[name]), width, height, codecs.get(name, ""))

    return DeviceProbe(
        manufacturer=str(entry.get("manufacturer", "")),
        model=str(entry.get("model", "")),
        firmware="",
        serial_number=str(entry.get("serial", "")),
        hardware_id="",
        name=str(entry.get("name") or entry["id"]),
        scopes=[],
        profiles=["S", "G", "T"],
        main=stream("main"),
        sub=stream("sub"),
        has_ptz=bool(entry.get("ptz")),
        has_events=True,
        has_recording=True,
        streams=[s for s in (stream("main"), stream("sub")) if s is not None],
    )


def onboard_request(
    entry: dict[str, Any],
    territory_id: int,
    unit_id: int,
    *,
    code: str | None = None,
    category: CameraCategory = CameraCategory.SECURITY,
    tier: CameraTier = CameraTier.TIER_3,
    mounting_layer: MountingLayer = MountingLayer.FROM_5_TO_10M,
    domain: Domain | None = None,
    using_unit_ids: list[int] | None = None,
    dedicated: bool = False,
) -> CameraOnboard:
    """The onboarding request for one inventory camera (managed and operated by
    ``unit_id``; name and position from the inventory)."""
    location = entry.get("location") or {}
    return CameraOnboard(
        onvif_url=str(entry["onvif"]["url"]),
        username=str(entry["username"]),
        password=str(entry["password"]),
        code=code or str(entry["id"]),
        name=str(entry.get("name") or entry["id"])[:200],
        managing_unit_id=unit_id,
        operating_unit_id=unit_id,
        using_unit_ids=using_unit_ids or [],
        update_method=UpdateMethod.AUTOMATIC,
        update_frequency_days=1,
        tier=tier,
        category=category,
        territory_id=territory_id,
        domain=domain,
        latitude=location.get("latitude"),
        longitude=location.get("longitude"),
        mounting_layer=mounting_layer,
        public_sharing=False,
        dedicated=dedicated,
    )


def probe_device_of(hub: Hub, actor: Actor, req: CameraOnboard) -> DeviceProbe:
    """Probe the device of an onboarding request (catalogue errors as ``HubError``)."""
    return probe_device_at(hub, actor, req.onvif_url, req.username, req.password, req.code)


def onboard_inventory(
    hub: Hub,
    inventory: dict[str, Any] | list[dict[str, Any]],
    territory_id: int,
    unit_id: int,
    *,
    actor: Actor = SYSTEM,
    probe: bool = True,
    prefix: str = "",
    **options: Any,
) -> list[InventoryResult]:
    """Onboard every camera of an inventory, one transaction each; codes already
    registered are skipped and a failing device does not stop the others."""
    entries = inventory["cameras"] if isinstance(inventory, dict) else inventory
    results = []
    for entry in entries:
        code = f"{prefix}{entry['id']}"
        with transaction(hub.sessions) as session:
            existing = session.scalar(select(Camera.id).where(Camera.code == code))
        if existing is not None:
            results.append(InventoryResult(code, existing, "skipped"))
            continue
        req = onboard_request(entry, territory_id, unit_id, code=code, **options)
        try:
            # Probed outside any transaction: a slow device must not hold the write lock.
            found = probe_device_of(hub, actor, req) if probe else probe_from_inventory(entry)
            with transaction(hub.sessions) as session:
                camera = onboard_camera(hub, session, actor, req, found)
                camera_id = camera.id
        except HubError as exc:
            if exc.audit is not None:
                hub.audit.record_now(
                    hub.sessions, exc.audit.actor, exc.audit.action, **exc.audit.fields
                )
            reason = exc.detail.get("reason") if isinstance(exc.detail, dict) else None
            results.append(InventoryResult(code, None, "failed", reason or exc.code))
            continue
        results.append(InventoryResult(code, camera_id, "onboarded"))
    return results
