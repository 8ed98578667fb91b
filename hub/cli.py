# SPDX-License-Identifier: GPL-3.0-or-later
"""`vwall-hub`: serve the hub, set up a province, verify the audit trail."""

from __future__ import annotations

import argparse
import secrets
import sys
import time
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from hub.contracts import SERVER_KEEP_ALIVE_SECONDS
from hub.settings import Settings, settings_from_env

if TYPE_CHECKING:
    from hub.context import Hub


def _user_name(value: str) -> str:
    """An account name as the hub takes it (argparse answers a clear error, exit 2)."""
    from pydantic import TypeAdapter, ValidationError

    from hub.contracts import Username

    try:
        return str(TypeAdapter(Username).validate_python(value))
    except ValidationError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a valid user name: 3 to 64 characters, lower-case letters, "
            "digits, '.', '_' or '-'"
        ) from None


def _name(value: str) -> str:
    """A name of a territory, unit or person (1 to 200 characters, no control characters)."""
    from pydantic import TypeAdapter, ValidationError

    from hub.contracts import Name

    try:
        return str(TypeAdapter(Name).validate_python(value))
    except ValidationError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a valid name: 1 to 200 characters, no control characters"
        ) from None


def build_parser() -> argparse.ArgumentParser:
    """The command line: ``serve``, ``relay``, ``init``, ``migrate``, ``profile``, ``deadline``,
    ``audit verify``, ``purge-events``, ``cameras``."""
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
    serve.add_argument("--tls-cert", type=Path, help="PEM certificate (chain) for HTTPS")
    serve.add_argument("--tls-key", type=Path, help="PEM private key of the certificate")
    serve.add_argument(
        "--insecure-http",
        action="store_true",
        help="serve plain HTTP on a non-loopback address (passwords, codes and session "
        "tokens cross the network unencrypted: only behind a TLS reverse proxy)",
    )

    relay = sub.add_parser(
        "relay",
        help="run a relay host of the pool (PostgreSQL; hubs with relay_pool use it)",
        description="A media relay for hubs with VWALL_HUB_RELAY_POOL=true: it pulls the "
        "camera streams hubs place on it and serves their grants (MPEG-TS over HTTP(S) on "
        "one port), takes orders on a control port authenticated by the secret in "
        "VWALL_HUB_RELAY_CONTROL_SECRET_FILE (default: relay-control-secret in the data "
        "dir; never give a secret as an argument), and heartbeats in the database.",
        parents=[common],
    )
    relay.add_argument("--bind", dest="relay_bind_host", default=None, help="listen address")
    relay.add_argument("--public-host", default=None, help="host consoles and hubs reach")
    relay.add_argument("--media-port", type=int, default=None, help="media port (0: any)")
    relay.add_argument("--control-port", type=int, default=None, help="control port (0: any)")
    relay.add_argument("--tls-cert", type=Path, help="PEM certificate (chain) for TLS")
    relay.add_argument("--tls-key", type=Path, help="PEM private key of the certificate")

    sub.add_parser(
        "migrate", help="upgrade the database schema to the newest version", parents=[common]
    )

    init = sub.add_parser(
        "init", help="create the province, its IOC and a first admin", parents=[common]
    )
    init.add_argument("--province", required=True, type=_name)
    init.add_argument(
        "--jurisdiction",
        type=_name,
        help="the jurisdiction this hub serves, as shown to users (default: --province); "
        "e.g. 'Tỉnh Lào Cai' for a hub under the Yên Bái regulation since 1 July 2025",
    )
    init.add_argument("--ioc-name", default="Trung tâm IOC", type=_name)
    init.add_argument("--leader", required=True, type=_name, help="IOC leader's name (TN 22.1)")
    init.add_argument(
        "--it-focal-point", required=True, type=_name, help="IOC IT focal point (TN 22.1)"
    )
    init.add_argument(
        "--admin", default="admin", type=_user_name, help="user name of the first administrator"
    )
    init.add_argument(
        "--tls-self-signed",
        metavar="NAMES",
        type=_tls_names,
        help="also make a self-signed TLS certificate (tls.crt, tls.key in the data dir) for "
        "these comma-separated host names and addresses consoles use",
    )
    init.add_argument(
        "--operator",
        type=_user_name,
        help="also create a shift supervisor (live, archive, PTZ, snapshots) at the IOC "
        "with this user name (demos: the administrator holds no image rights)",
    )

    sub.add_parser("profile", help="print the active regulation profile (JSON)", parents=[common])

    deadline = sub.add_parser(
        "deadline",
        help="when a period runs out (ISO 8601, +07:00)",
        description="When AMOUNT UNIT from --from run out under the profile (Civil Code "
        "2015 arts. 147-148, Vietnamese working days with the recorded day swaps, the "
        "profile's office hours). A period in days ends at 24:00 of its last day, printed "
        "as 00:00 of the next day. With --db, the hub's recorded days off and working days "
        "count; without, the ones shipped with vwall.",
        parents=[common],
    )
    deadline.add_argument(
        "--from", dest="start", required=True, type=_aware_instant, metavar="ISO-8601"
    )
    deadline.add_argument("--amount", required=True, type=_amount, metavar="N")
    deadline.add_argument(
        "--unit",
        required=True,
        choices=["working_days", "days", "hours", "working_hours", "months"],
    )

    audit = sub.add_parser("audit", help="audit trail tools", parents=[common])
    audit_sub = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    verify = audit_sub.add_parser(
        "verify", help="check the hash chain and signed checkpoints", parents=[common]
    )
    verify.add_argument("--key", type=Path, help="public key (PEM) the checkpoints must match")
    verify.add_argument(
        "--head",
        type=Path,
        help="the sealed head file (default: audit-head.json beside --key, else beside "
        "the hub's signing key)",
    )

    sub.add_parser(
        "purge-events",
        help="delete events past the profile's retention (open incidents and holds kept)",
        parents=[common],
    )

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


def _aware_instant(text: str) -> datetime:
    """An ISO 8601 instant with its offset (a naive time is ambiguous: refused)."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an ISO 8601 date and time") from None
    if moment.tzinfo is None:
        raise argparse.ArgumentTypeError(
            f"{text!r} has no UTC offset: write it, e.g. 2026-01-09T16:00:00+07:00"
        )
    return moment


def _amount(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= 1000:
        raise argparse.ArgumentTypeError(f"{text!r}: give a whole number from 1 to 1000")
    return value


def _deadline(settings: Settings, args: argparse.Namespace) -> int:
    from hub.profiles.data import profile_for
    from hub.profiles.working_days import due_at

    try:
        profile = profile_for(settings.profile)
    except ValueError as exc:
        print(f"vwall-hub deadline: {exc}", file=sys.stderr)
        return 2
    days = None
    if getattr(args, "db", None) is not None:
        from sqlalchemy.exc import SQLAlchemyError

        from hub.db import make_engine, make_sessionmaker
        from hub.profiles.store import stored_days

        engine = make_engine(settings.database_url)
        try:
            with make_sessionmaker(engine)() as session:
                days = stored_days(session)
        except SQLAlchemyError as exc:
            print(
                f"vwall-hub deadline: cannot read the recorded days of {settings.database_url} "
                f"(run `vwall-hub migrate`?): {type(exc).__name__}",
                file=sys.stderr,
            )
            return 2
        finally:
            engine.dispose()
    try:
        due = due_at(profile, args.start, args.amount, args.unit, days)
    except (ValueError, OverflowError) as exc:
        print(f"vwall-hub deadline: {exc}", file=sys.stderr)
        return 2
    print(due.isoformat())
    return 0


def _tls_names(text: str) -> list[str]:
    names = [n.strip() for n in text.split(",") if n.strip()]
    if not names:
        raise argparse.ArgumentTypeError("name at least one host name or address")
    return names


def _serve(settings: Settings, args: argparse.Namespace) -> int:
    import uvicorn

    from hub.app import create_app
    from hub.tls import is_loopback, pem_fingerprint

    cert, key = args.tls_cert, args.tls_key
    if (cert is None) != (key is None):
        print("vwall-hub serve: give both --tls-cert and --tls-key", file=sys.stderr)
        return 2
    if cert is None and not is_loopback(settings.host) and not args.insecure_http:
        print(
            f"vwall-hub serve: refusing plain HTTP on {settings.host}: consoles on other "
            "workstations would send passwords, one-time codes and session tokens in clear. "
            "Give --tls-cert and --tls-key (`vwall-hub init --tls-self-signed NAMES` makes a "
            "certificate), or --insecure-http behind a TLS reverse proxy.",
            file=sys.stderr,
        )
        return 2
    if cert is not None:
        try:
            print(f"TLS certificate SHA-256 fingerprint: {pem_fingerprint(cert.read_bytes())}")
        except (OSError, ValueError) as exc:
            print(f"vwall-hub serve: cannot read the TLS certificate: {exc}", file=sys.stderr)
            return 2
        settings = replace(settings, tls_cert=str(cert), tls_key=str(key))
    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        proxy_headers=False,
        timeout_keep_alive=SERVER_KEEP_ALIVE_SECONDS,
        log_level="info",
        ssl_certfile=str(cert) if cert else None,
        ssl_keyfile=str(key) if key else None,
    )
    return 0


def _relay(settings: Settings, args: argparse.Namespace) -> int:
    import logging

    from sqlalchemy.exc import SQLAlchemyError

    from hub.relaypool.host import RelayHost, load_control_secret, open_relay_side

    cert, key = args.tls_cert, args.tls_key
    if (cert is None) != (key is None):
        print("vwall-hub relay: give both --tls-cert and --tls-key", file=sys.stderr)
        return 2
    settings = settings.with_overrides(
        relay_bind_host=args.relay_bind_host,
        relay_public_host=args.public_host,
        relay_port=args.media_port,
        relay_control_port=args.control_port,
        relay_tls_cert=str(cert) if cert else None,
        relay_tls_key=str(key) if key else None,
    )
    if not settings.database_url.startswith("postgresql"):
        print("vwall-hub relay: the relay pool needs PostgreSQL (--db)", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    try:
        secret = load_control_secret(settings, create=True)
    except RuntimeError as exc:
        print(f"vwall-hub relay: {exc}", file=sys.stderr)
        return 2
    hub = open_relay_side(settings)  # no hub key file is read or made here
    try:
        try:
            host = RelayHost(hub, secret).start()
        except SQLAlchemyError as exc:
            print(
                "vwall-hub relay: the hubs' database is not ready (start a hub first: it "
                f"creates the tables): {type(exc).__name__}",
                file=sys.stderr,
            )
            return 2
        assert host.ref is not None
        print(
            f"relay host {host.host_id}: media {host.ref.media_url}, "
            f"control {host.ref.control_url}",
            flush=True,
        )
        host.run()
    finally:
        hub.close()
    return 0


def _verify(settings: Settings, key_path: Path | None, head: Path) -> int:
    from hub.audit.chain import load_public_key
    from hub.audit.verify import verify_chain
    from hub.db import make_engine

    key = load_public_key(key_path) if key_path else None
    engine = make_engine(settings.database_url)
    started = time.perf_counter()
    result = verify_chain(engine, key, head=head)
    elapsed = time.perf_counter() - started
    engine.dispose()
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if not result.ok:
        where = "" if result.first_bad_seq is None else f" at record {result.first_bad_seq}"
        print(f"audit verify: FAILED{where}: {result.problem}")
        return 1
    rate = result.records / elapsed if elapsed > 0 else 0.0
    anchored = (
        "no head anchored yet"
        if result.anchored_seq is None
        else f"head anchored at record {result.anchored_seq}"
    )
    print(
        f"audit verify: OK, {result.records} records, {result.checkpoints} signed "
        f"checkpoints, {anchored}, {elapsed:.2f} s ({rate:,.0f} records/s)"
    )
    return 0


def _init(settings: Settings, args: argparse.Namespace) -> int:
    from hub.context import open_hub
    from hub.errors import HubError
    from hub.tls import CERT_FILE, KEY_FILE, make_self_signed, pem_fingerprint

    tls_dir = settings.data_dir
    if args.tls_self_signed and any((tls_dir / f).exists() for f in (CERT_FILE, KEY_FILE)):
        print(f"vwall-hub init: refused: a TLS key or certificate is in {tls_dir} already "
              "(consoles pinned it; replace it by hand if you must)", file=sys.stderr)  # fmt: skip
        return 2
    hub = open_hub(settings)
    try:
        code = _create_province(hub, args)
    except HubError as exc:  # e.g. a name already taken: say it, no traceback
        print(f"vwall-hub init: refused: {exc.code} {exc.detail or ''}".rstrip(), file=sys.stderr)
        return 2
    finally:
        hub.close()
    if args.tls_self_signed and code == 0:
        try:
            files = make_self_signed(args.tls_self_signed, tls_dir)
        except (ValueError, OSError) as exc:
            print(f"vwall-hub init: no TLS certificate made: {exc}", file=sys.stderr)
            return 2
        print(
            f"TLS certificate {files.cert} and key {files.key} "
            f"for {', '.join(args.tls_self_signed)}"
        )
        print(f"TLS certificate SHA-256 fingerprint: {pem_fingerprint(files.cert.read_bytes())}")
        print(f"serve with: vwall-hub serve --tls-cert {files.cert} --tls-key {files.key}")
    return code


def _one_time_password(username: str) -> str:
    """A random first password the policy accepts (it must not contain the user name)."""
    while True:
        password = secrets.token_urlsafe(18)
        if username.lower() not in password.lower():
            return password


def _create_province(hub: Hub, args: argparse.Namespace) -> int:
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
    from hub.profiles.store import set_jurisdiction

    password = _one_time_password(args.admin)
    jurisdiction = args.jurisdiction or args.province
    with transaction(hub.sessions) as session:
        set_jurisdiction(session, jurisdiction, hub.clock.now())
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
        operator_password = _one_time_password(args.operator or args.admin)
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
    print(f"regulation profile: {profile.code} — {profile.regulation} ({profile.issued_by})")
    if profile.now_part_of:
        print(f"  the territory it was issued for is now part of {profile.now_part_of}")
    print(f"jurisdiction served: {jurisdiction}")
    print(f"created province {province.id}, IOC unit {ioc.id}, administrator {args.admin!r}")
    print(f"one-time password (change it and enrol MFA at first login): {password}")
    if args.operator:
        print(f"shift supervisor {args.operator!r}, one-time password: {operator_password}")
    return 0


def _purge_events(settings: Settings) -> int:
    from hub.context import open_hub
    from hub.db import transaction
    from hub.incidents.upkeep import purge_events

    hub = open_hub(settings)
    try:
        with transaction(hub.sessions) as session:
            result = purge_events(hub, session)
    finally:
        hub.close()
    print(
        f"purge-events: {result.deleted} events received before "
        f"{result.cutoff.isoformat()} deleted; kept {result.kept_open} of open incidents "
        f"and {result.kept_held} held; {result.files_removed} pictures removed"
    )
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
        return _serve(settings, args)
    if args.command == "relay":
        return _relay(settings, args)
    if args.command == "migrate":
        from hub.auth.secretbox import SecretBox
        from hub.db import make_engine, upgrade

        engine = make_engine(settings.database_url)
        upgrade(engine, SecretBox.load_or_create(settings.totp_key_file))
        engine.dispose()
        return 0
    if args.command == "init":
        if args.operator is not None and args.operator == args.admin:
            parser.error("argument --operator: must differ from the administrator's name")
        return _init(settings, args)
    if args.command == "profile":
        from hub.profiles.data import profile_for

        print(profile_for(settings.profile).model_dump_json(indent=2))
        return 0
    if args.command == "deadline":
        return _deadline(settings, args)
    if args.command == "purge-events":
        return _purge_events(settings)
    if args.command == "cameras":
        from hub.catalog.cli import run as run_cameras

        return run_cameras(settings, args)
    if args.command == "audit":
        from hub.audit.chain import head_path

        default_pub = settings.key_path.with_name(settings.key_path.name + ".pub")
        key = args.key or (default_pub if default_pub.exists() else None)
        return _verify(settings, key, args.head or head_path(args.key or settings.key_path))
    parser.error(f"unknown command {args.command}")
    return 2


if __name__ == "__main__":
    sys.exit(main())
