# SPDX-License-Identifier: GPL-3.0-or-later
"""`vwall-camsim`: start a fleet of simulated ONVIF/RTSP cameras on loopback."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import ipaddress
import json
import logging
import os
import signal
import sys
from pathlib import Path

from camsim.camera import CODECS
from camsim.fleet import Fleet, FleetConfig

FAULT_KINDS = (
    "stream_drop",
    "onvif_delay",
    "soap_fault",
    "malformed_xml",
    "offline",
    "rtp_bursts",
)


def _fault(text: str) -> tuple[str, str, str | None]:
    camera, _, rest = text.partition(":")
    kind, _, value = rest.partition("=")
    if not camera or kind not in FAULT_KINDS:
        raise argparse.ArgumentTypeError(
            f"expected CAMERA:KIND[=VALUE] with KIND one of {', '.join(FAULT_KINDS)}"
        )
    return camera, kind, value or None


def _camera_ids(text: str) -> list[str]:
    ids = [part.strip() for part in text.split(",") if part.strip()]
    if not ids:
        raise argparse.ArgumentTypeError("expected camera ids, e.g. cam02,cam05")
    return ids


def _nvr(text: str) -> tuple[str, int]:
    camera, _, count = text.partition(":")
    if not camera or not count.isdigit() or not 2 <= int(count) <= 64:
        raise argparse.ArgumentTypeError("expected CAMERA:CHANNELS, e.g. cam03:4 (2 to 64)")
    return camera, int(count)


def _onvif_root(text: str) -> str:
    root = "/" + text.strip("/")
    if root == "/" or any(c in root for c in "?#{} "):
        raise argparse.ArgumentTypeError("expected a path such as /cgi-bin/onvif")
    return root


def _loopback(text: str) -> str:
    if not ipaddress.ip_address(text).is_loopback:
        raise argparse.ArgumentTypeError("the simulator only serves loopback addresses")
    return text


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="vwall-camsim",
        description="Simulated ONVIF/RTSP cameras on loopback, for vwall's tests and demo.",
    )
    parser.add_argument("--cameras", type=int, default=8, help="how many cameras (default 8)")
    parser.add_argument("--host", type=_loopback, default="127.0.0.1")
    parser.add_argument(
        "--base-port",
        type=int,
        default=0,
        help="control API on P, camera i's ONVIF on P+1+2i and RTSP on P+2+2i; 0 = free ports",
    )
    parser.add_argument("--discovery-port", type=int, default=None, help="WS-Discovery UDP port")
    parser.add_argument("--username", default="admin")
    parser.add_argument("--password", default=None, help="default: random per run")
    parser.add_argument("--fixed-every", type=int, default=4, help="every Nth camera is fixed")
    parser.add_argument("--gop", type=float, default=1.0, help="seconds between key frames")
    parser.add_argument("--event-period", type=float, default=10.0, help="0 = no own events")
    parser.add_argument("--recording-days", type=int, default=30)
    parser.add_argument(
        "--codec", choices=CODECS, default="h264", help="what every camera encodes (default h264)"
    )
    parser.add_argument(
        "--h265",
        type=_camera_ids,
        action="append",
        default=[],
        metavar="CAM[,CAM…]",
        help="these cameras encode H.265 (e.g. --h265 cam02,cam05)",
    )
    parser.add_argument(
        "--media1-only",
        type=_camera_ids,
        action="append",
        default=[],
        metavar="CAM[,CAM…]",
        help="these cameras offer no ONVIF Media 2 (older Profile S devices)",
    )
    parser.add_argument(
        "--nvr",
        type=_nvr,
        action="append",
        default=[],
        metavar="CAM:CHANNELS",
        help="this device is an NVR/encoder with that many channels at one address",
    )
    parser.add_argument(
        "--onvif-root",
        type=_onvif_root,
        default="/onvif",
        help="where every device serves its ONVIF services (default /onvif)",
    )
    parser.add_argument(
        "--recordings-dir",
        type=Path,
        default=None,
        help="where the recorded video is stored (default: a temporary directory, removed)",
    )
    parser.add_argument(
        "--recordings-mb",
        type=int,
        default=1024,
        help="how much recorded video is kept on disk (MiB, default 1024; oldest used dropped)",
    )
    parser.add_argument("--inventory", type=Path, default=None, help="also write JSON here")
    parser.add_argument(
        "--fault", type=_fault, action="append", default=[], help="CAMERA:KIND[=VALUE]"
    )
    parser.add_argument("--log-level", default="WARNING")
    return parser


async def run(args: argparse.Namespace) -> int:
    config = FleetConfig(
        cameras=args.cameras,
        host=args.host,
        base_port=args.base_port,
        discovery_port=args.discovery_port,
        username=args.username,
        password=args.password,
        fixed_every=args.fixed_every,
        gop_seconds=args.gop,
        event_period=args.event_period,
        recording_days=args.recording_days,
        faults=args.fault,
        codec=args.codec,
        h265_cameras=frozenset(cam for group in args.h265 for cam in group),
        media1_only=frozenset(cam for group in args.media1_only for cam in group),
        channels=dict(args.nvr),
        onvif_root=args.onvif_root,
    )
    from camsim import segments  # GStreamer: only in the simulator's own process

    segments.configure(args.recordings_dir, args.recordings_mb << 20)
    fleet = Fleet(config)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    try:
        await fleet.start()
        inventory = json.dumps(fleet.inventory(), ensure_ascii=False)
        if args.inventory:
            tmp = args.inventory.with_suffix(".tmp")
            tmp.write_text(inventory, encoding="utf-8")
            os.replace(tmp, args.inventory)
        print(inventory, flush=True)
        await stop.wait()
    except OSError as exc:
        print(f"vwall-camsim: cannot start: {exc}", file=sys.stderr)
        return 2
    finally:
        await fleet.stop()
        if args.inventory:
            with contextlib.suppress(FileNotFoundError):
                args.inventory.unlink()
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.cameras < 1:
        build_parser().error("--cameras must be at least 1")
    logging.basicConfig(level=args.log_level.upper(), format="%(levelname)s %(name)s: %(message)s")
    return asyncio.run(run(args))


if __name__ == "__main__":
    sys.exit(main())
