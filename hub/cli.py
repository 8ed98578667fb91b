# SPDX-License-Identifier: GPL-3.0-or-later
"""`vwall-hub`: the control-room service's command line."""

from __future__ import annotations

import argparse
import sys


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="vwall-hub", description="vwall control-room hub")
    parser.add_subparsers(dest="command", metavar="COMMAND")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        # The service itself (serve, audit verify) lands with the hub identity issue.
        print("\nvwall-hub: no commands yet.", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
