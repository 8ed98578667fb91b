# SPDX-License-Identifier: GPL-3.0-or-later
"""``vwall-hub cameras``: onboard a simulator inventory, list the catalogue, probe a device.

Device passwords never travel as process arguments (other users of the machine read
those): ``cameras probe`` takes the password from the environment variable named by
``--password-env``, or asks for it (no echo), or reads one line from a non-terminal stdin.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import json
import os
import sys
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
    probe = actions.add_parser(
        "probe",
        help="ask a device what onboarding would register (nothing is stored; audited)",
        parents=[common],
    )
    probe.add_argument("url", help="the ONVIF device-service URL, as given (http or https)")
    probe.add_argument("--username", required=True)
    probe.add_argument(
        "--password-env",
        metavar="NAME",
        default=None,
        help="read the device password from this environment variable (default: ask)",
    )
    probe.add_argument(
        "--channel", default=None, help="an NVR's channel: video source or profile token"
    )
    probe.add_argument("--json", action="store_true", help="print the probe as JSON")


def run(settings: Settings, args: argparse.Namespace) -> int:
    """Run a ``cameras`` action; returns the exit status."""
    from hub.context import open_hub

    hub = open_hub(settings)
    try:
        if args.cameras_command == "onboard-inventory":
            return _onboard(hub, args)
        if args.cameras_command == "probe":
            return _probe(hub, args)
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


def _password(args: argparse.Namespace) -> str | None:
    """The device password: from ``--password-env``, a prompt, or a line of stdin."""
    if args.password_env:
        value = os.environ.get(args.password_env)
        if value is None:
            print(f"vwall-hub cameras probe: {args.password_env} is not set", file=sys.stderr)
        return value
    if sys.stdin.isatty():
        return getpass.getpass(f"password of {args.username}: ")
    return sys.stdin.readline().rstrip("\n")


def _probe(hub: Any, args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from hub.catalog.contracts import CameraProbe, url_credentials
    from hub.catalog.onvif_probe import CARRIED_CODECS, ProbeError, UnknownChannel, probe_device
    from hub.catalog.service import SYSTEM, probe_channels
    from hub.db import transaction

    try:
        secret_in_url = url_credentials(args.url) is not None
    except ValueError:
        secret_in_url = False  # the contract says what is wrong with the URL
    if secret_in_url:
        print(
            "vwall-hub cameras probe: no credentials in the URL (process arguments are "
            "visible to other users): give --username and the password as asked",
            file=sys.stderr,
        )
        return 2
    password = _password(args)
    if password is None:
        return 2
    try:
        req = CameraProbe(
            onvif_url=args.url, username=args.username, password=password, channel=args.channel
        )
    except ValidationError as exc:
        fields = sorted({str(e["loc"][-1]) for e in exc.errors() if e["loc"]})
        print(f"vwall-hub cameras probe: invalid {', '.join(fields) or 'input'}", file=sys.stderr)
        return 2
    limit = hub.settings.onvif_timeout_seconds
    try:
        found = asyncio.run(
            probe_device(req.onvif_url, req.username, req.password, limit, req.channel)
        )
    except ProbeError as exc:
        with transaction(hub.sessions) as session:
            hub.audit.append(
                session,
                SYSTEM,
                "camera.probe",
                outcome="failed",
                object_type="camera",
                reason=exc.code,
            )
        extra = f" (channels: {', '.join(exc.channels)})" if isinstance(exc, UnknownChannel) else ""
        print(f"vwall-hub cameras probe: {exc.code}: {exc}{extra}", file=sys.stderr)
        return 1
    refusal = None if found.main is not None else "camera.codec_unsupported"
    with transaction(hub.sessions) as session:
        channels = probe_channels(session, req, found)
        hub.audit.append(
            session,
            SYSTEM,
            "camera.probe",
            object_type="camera",
            detail={
                "scheme": req.onvif_url.split(":", 1)[0],
                "manufacturer": found.manufacturer,
                "model": found.model,
                "channel": found.channel,
                "channels": len(channels),
                "refusal": refusal,
            },
        )
    if args.json:
        data = {
            "manufacturer": found.manufacturer,
            "model": found.model,
            "firmware": found.firmware,
            "serial_number": found.serial_number,
            "name": found.name,
            "onvif_profiles": found.profiles,
            "media_service": found.media_service,
            "channel": found.channel,
            "channels": [c.model_dump(mode="json") for c in channels],
            "has_ptz": found.has_ptz,
            "has_events": found.has_events,
            "has_recording": found.has_recording,
            "refusal": refusal,
        }
        print(json.dumps(data, ensure_ascii=False))
        return 0
    print(f"{found.manufacturer} {found.model} (firmware {found.firmware}, {found.media_service})")
    print(
        f"ONVIF profiles {','.join(found.profiles) or '-'}; PTZ {_yes(found.has_ptz)}, "
        f"recording {_yes(found.has_recording)}, events {_yes(found.has_events)}"
    )
    for c in channels:
        mark = "*" if c.token == found.channel else " "
        taken = "  (registered)" if c.registered else ""
        print(f"{mark} channel {c.token or '-'}{'  PTZ' if c.has_ptz else ''}{taken}")
        for p in c.profiles:
            carried = "" if p.carried else f"  not carried ({', '.join(CARRIED_CODECS)} only)"
            print(f"    {p.token:<24} {p.codec or '?':<6} {p.width}x{p.height}{carried}")
    if refusal:
        print(f"onboarding would be refused: {refusal}")
    return 0


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"
