# SPDX-License-Identifier: GPL-3.0-or-later
"""`vwall`: the operator console's entry point."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading

from console.embedded import EmbeddedStack


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="vwall", description="Video-wall operator console")
    parser.add_argument("--demo", action="store_true", help="also start simulated cameras")
    parser.add_argument("--cameras", type=int, default=8, help="simulated cameras with --demo")
    parser.add_argument("--log-level", default="INFO")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=args.log_level.upper(), format="%(levelname)s %(name)s: %(message)s")
    stack = EmbeddedStack(demo=args.demo, demo_cameras=args.cameras)
    stopped = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stopped.set())
    stack.start()
    try:
        # The console window (login, wall) arrives with the live-wall issue; until
        # then the embedded stack runs until the user stops it.
        for camera in stack.summary():
            print(f"{camera['id']}  {camera['kind']:5}  {camera['onvif']}  {camera['name']}")
        print("vwall: embedded stack running; Ctrl+C stops it.", flush=True)
        stopped.wait()
    finally:
        stack.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
