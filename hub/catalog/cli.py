# SPDX-License-Identifier: GPL-3.0-or-later
"""``vwall-hub cameras``: onboard a simulator inventory, list the catalogue."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from hub.settings import Settings


def add_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add ``cameras onboard-inventory`` and ``cameras list`` to the command line."""
    from hub.catalog.contracts import CameraCategory, CameraTier, MountingLayer
    from hub.contracts import Domain

    cameras = sub.add_parser("cameras", help="camera catalogue tools", parents=[common])
    actions = cameras.add_subparsers(dest="cameras_command", metavar="ACTION", required=True)
    onboard = actions.add_parser(
        "onboard-inventory",
        help="probe and register every camera of a simulator inventory (vwall-camsim "
        "--inventory FILE); codes already registered are skipped",
        parents=[common],
    )
    onboard.add_argument("file", type=Path, help="inventory JSON written by vwall-camsim")
    onboard.add_argument("--territory-id", type=int, required=True)
    onboard.add_argument("--unit-id", type=int, required=True, help="managing/operating unit")
    onboard.add_argument(
        "--category", choices=[c.value for c in CameraCategory], default="security"
    )
    onboard.add_argument("--tier", choices=[t.value for t in CameraTier], default="tier_3")
    onboard.add_argument(
        "--mounting-layer", choices=[m.value for m in MountingLayer], default="5_10m"
    )
    onboard.add_argument("--domain", choices=[d.value for d in Domain], default=None)
    onboard.add_argument("--prefix", default="", help="prepended to the simulator ids")
    onboard.add_argument(
        "--no-probe",
        action="store_true",
        help="take device information from the inventory instead of asking the devices",
    )
    listing = actions.add_parser("list", help="print the catalogue", parents=[common])
    listing.add_argument("--json", action="store_true", help="one JSON array (CameraOut)")


def run(settings: Settings, args: argparse.Namespace) -> int:
    """Run a ``cameras`` action; returns the exit status."""
    from hub.context import open_hub

    hub = open_hub(settings)
    try:
        if args.cameras_command == "onboard-inventory":
            return _onboard(hub, args)
        return _list(hub, args.json)
    finally:
        hub.close()


def _onboard(hub: Any, args: argparse.Namespace) -> int:
    from hub.catalog.contracts import CameraCategory, CameraTier, MountingLayer
    from hub.catalog.inventory import onboard_inventory, read_inventory
    from hub.contracts import Domain

    try:
        inventory = read_inventory(args.file)
    except (OSError, ValueError) as exc:
        print(f"vwall-hub cameras: {exc}")
        return 2
    results = onboard_inventory(
        hub,
        inventory,
        args.territory_id,
        args.unit_id,
        probe=not args.no_probe,
        prefix=args.prefix,
        category=CameraCategory(args.category),
        tier=CameraTier(args.tier),
        mounting_layer=MountingLayer(args.mounting_layer),
        domain=Domain(args.domain) if args.domain else None,
    )
    for r in results:
        suffix = f" ({r.error})" if r.error else ""
        ident = f" id {r.camera_id}" if r.camera_id is not None else ""
        print(f"{r.code}: {r.outcome}{ident}{suffix}")
    failed = sum(r.outcome == "failed" for r in results)
    done = sum(r.outcome == "onboarded" for r in results)
    skipped = sum(r.outcome == "skipped" for r in results)
    print(f"onboarded {done}, skipped {skipped}, failed {failed}")
    return 1 if failed else 0


def _list(hub: Any, as_json: bool) -> int:
    from sqlalchemy import select

    from hub.catalog.models import Camera
    from hub.catalog.service import camera_out
    from hub.db import transaction

    with transaction(hub.sessions) as session:
        cameras = [camera_out(c) for c in session.scalars(select(Camera).order_by(Camera.code))]
    if as_json:
        print(json.dumps([c.model_dump(mode="json") for c in cameras], ensure_ascii=False))
        return 0
    for c in cameras:
        ptz = "PTZ" if c.has_ptz else "fixed"
        print(f"{c.id:>5}  {c.code:<20} {c.status:<9} {ptz:<5} {c.model:<18} {c.name}")
    print(f"{len(cameras)} camera(s)")
    return 0
