# SPDX-License-Identifier: GPL-3.0-or-later
"""`vwall-hub`: serve the hub, set up a province, verify the audit trail."""

from __future__ import annotations

import argparse
import secrets
import sys
import time
from pathlib import Path

from hub.settings import Settings, settings_from_env


def build_parser() -> argparse.ArgumentParser:
    """The command line: ``serve``, ``init``, ``migrate``, ``audit verify``, ``cameras``."""
    # The database options work before or after the command (`vwall-hub serve --db URL`).
    common = argparse.ArgumentParser(add_help=False, argument_default=argparse.SUPPRESS)
    common.add_argument("--db", help="database URL or SQLite file (default: data dir)")
    common.add_argument("--data-dir", type=Path, help="data directory (SQLite, signing key)")
    common.add_argument("--audit-key", type=Path, help="audit signing key file (Ed25519 PEM)")
    common.add_argument("--profile", help="regulation profile: HCM, DB, DH, YB or TN (default TN)")
    parser = argparse.ArgumentParser(
        prog="vwall-hub", description="vwall control-room hub", parents=[common]
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    serve = sub.add_parser("serve", help="run the HTTP service", parents=[common])
    serve.add_argument("--host", default=None)
    serve.add_argument("--port", type=int, default=None)

    sub.add_parser(
        "migrate", help="upgrade the database schema to the newest version", parents=[common]
    )

    init = sub.add_parser(
        "init", help="create the province, its IOC and a first admin", parents=[common]
    )
    init.add_argument("--province", required=True)
    init.add_argument("--ioc-name", default="Trung tâm IOC")
    init.add_argument("--leader", required=True, help="IOC leader's name (TN 22.1)")
    init.add_argument("--it-focal-point", required=True, help="IOC IT focal point (TN 22.1)")
    init.add_argument("--admin", default="admin", help="user name of the first administrator")
    init.add_argument(
        "--operator",
        help="also create a shift supervisor (live, archive, PTZ, snapshots) at the IOC "
        "with this user name (demos: the administrator holds no image rights)",
    )

    sub.add_parser("profile", help="print the active regulation profile (JSON)", parents=[common])

    audit = sub.add_parser("audit", help="audit trail tools", parents=[common])
    audit_sub = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    verify = audit_sub.add_parser(
        "verify", help="check the hash chain and signed checkpoints", parents=[common]
    )
    verify.add_argument("--key", type=Path, help="public key (PEM) the checkpoints must match")

    from hub.catalog.cli import add_parser as add_cameras_parser

    add_cameras_parser(sub, common)
    return parser


def _settings(args: argparse.Namespace) -> Settings:
    return settings_from_env().with_overrides(
        db_url=getattr(args, "db", None),
        data_dir=getattr(args, "data_dir", None),
        audit_key_path=getattr(args, "audit_key", None),
        profile=getattr(args, "profile", None),
        host=getattr(args, "host", None),
        port=getattr(args, "port", None),
    )


def _serve(settings: Settings) -> int:
    import uvicorn

    from hub.app import create_app

    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        proxy_headers=False,
        log_level="info",
    )
    return 0


def _verify(settings: Settings, key_path: Path | None) -> int:
    from hub.audit.chain import load_public_key
    from hub.audit.verify import verify_chain
    from hub.db import make_engine

    key = load_public_key(key_path) if key_path else None
    engine = make_engine(settings.database_url)
    started = time.perf_counter()
    result = verify_chain(engine, key)
    elapsed = time.perf_counter() - started
    engine.dispose()
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if not result.ok:
        print(f"audit verify: FAILED at record {result.first_bad_seq}: {result.problem}")
        return 1
    rate = result.records / elapsed if elapsed > 0 else 0.0
    print(
        f"audit verify: OK, {result.records} records, {result.checkpoints} signed "
        f"checkpoints, {elapsed:.2f} s ({rate:,.0f} records/s)"
    )
    return 0


def _init(settings: Settings, args: argparse.Namespace) -> int:
    from hub.context import open_hub
    from hub.contracts import (
        Role,
        TerritoryCreate,
        TerritoryLevel,
        UnitCreate,
        UnitKind,
        UserCreate,
    )
    from hub.db import transaction
    from hub.org import service

    hub = open_hub(settings)
    password = secrets.token_urlsafe(18)
    with transaction(hub.sessions) as session:
        province = service.create_territory(
            hub, session, None, TerritoryCreate(name=args.province, level=TerritoryLevel.PROVINCE)
        )
        ioc = service.create_unit(
            hub,
            session,
            None,
            UnitCreate(
                name=args.ioc_name,
                kind=UnitKind.PROVINCE_IOC,
                territory_id=province.id,
                leader=args.leader,
                it_focal_point=args.it_focal_point,
            ),
        )
        user = service.create_user(
            hub,
            session,
            None,
            UserCreate(
                username=args.admin,
                display_name=args.admin,
                unit_id=ioc.id,
                roles=[Role.ADMIN],
                password=password,
            ),
        )
        user.password_change_required = True
        operator_password = secrets.token_urlsafe(18)
        if args.operator:
            operator = service.create_user(
                hub,
                session,
                None,
                UserCreate(
                    username=args.operator,
                    display_name=args.operator,
                    unit_id=ioc.id,
                    roles=[Role.SUPERVISOR],
                    password=operator_password,
                ),
            )
            operator.password_change_required = True
    profile = hub.profile
    hub.close()
    print(f"regulation profile: {profile.code} — {profile.jurisdiction} ({profile.regulation})")
    print(f"created province {province.id}, IOC unit {ioc.id}, administrator {args.admin!r}")
    print(f"one-time password (change it and enrol MFA at first login): {password}")
    if args.operator:
        print(f"shift supervisor {args.operator!r}, one-time password: {operator_password}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``vwall-hub``."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    settings = _settings(args)
    if args.command == "serve":
        return _serve(settings)
    if args.command == "migrate":
        from hub.auth.secretbox import SecretBox
        from hub.db import make_engine, upgrade

        engine = make_engine(settings.database_url)
        upgrade(engine, SecretBox.load_or_create(settings.totp_key_file))
        engine.dispose()
        return 0
    if args.command == "init":
        return _init(settings, args)
    if args.command == "profile":
        from hub.profiles.data import profile_for

        print(profile_for(settings.profile).model_dump_json(indent=2))
        return 0
    if args.command == "cameras":
        from hub.catalog.cli import run as run_cameras

        return run_cameras(settings, args)
    if args.command == "audit":
        default_pub = settings.key_path.with_name(settings.key_path.name + ".pub")
        key = args.key or (default_pub if default_pub.exists() else None)
        return _verify(settings, key)
    parser.error(f"unknown command {args.command}")
    return 2


if __name__ == "__main__":
    sys.exit(main())
