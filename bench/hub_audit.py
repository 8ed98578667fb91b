# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark: audit append throughput and `audit verify` speed on SQLite or PostgreSQL.

Usage: .venv/bin/python bench/hub_audit.py [--records 1000000] [--appends 2000]
       [--threads 4] [--db postgresql+psycopg://user@host:port/postgres]

Appends go through the hub's AuditTrail, one record per transaction (what a request
does), first from one writer, then from several threads at once. The chain is then
filled up to --records with the same hashing in bulk, and verified end to end with the
public key, as `vwall-hub audit verify` does. Goal: verify >= 200,000 records/s.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from contextlib import ExitStack
from pathlib import Path

from sqlalchemy import insert

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hub.audit.chain import GENESIS_HASH, canonical_detail, record_hash
from hub.audit.models import CHAIN_COLUMNS, AuditCheckpoint, AuditRecord
from hub.audit.service import Actor, to_us
from hub.audit.verify import verify_chain
from hub.context import Hub, open_hub
from hub.db import transaction
from hub.settings import Settings
from hub.testing import postgres_database

BATCH = 10_000


def timed_appends(hub: Hub, count: int, threads: int) -> float:
    """Records per second with ``threads`` writers appending ``count`` records in all."""
    per = count // threads

    def writer(n: int) -> None:
        for i in range(per):
            with transaction(hub.sessions) as s:
                hub.audit.append(
                    s,
                    Actor(n, f"op{n}", "10.1.2.3"),
                    "access.image.live",
                    object_type="camera",
                    object_id=f"cam-{i % 64}",
                    detail={"basis": "scope", "territory_id": 12},
                )

    started = time.perf_counter()
    workers = [threading.Thread(target=writer, args=(n,)) for n in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return per * threads / (time.perf_counter() - started)


def bulk_fill(hub: Hub, total: int) -> None:
    """Extend the chain to ``total`` records quickly (same hashing, batched inserts)."""
    with hub.engine.connect() as conn:
        head = conn.exec_driver_sql(
            "SELECT seq, hash, ts_us FROM audit_records ORDER BY seq DESC LIMIT 1"
        ).first()
    seq, prev, ts = (
        (head[0], head[1], head[2]) if head else (0, GENESIS_HASH, to_us(hub.clock.now()))
    )
    detail = canonical_detail({"basis": "scope", "territory_id": 12})
    every = hub.settings.checkpoint_every_records
    while seq < total:
        rows, checkpoints = [], []
        for _ in range(min(BATCH, total - seq)):
            seq += 1
            ts += 1000
            values = [
                seq,
                ts,
                f"op{seq % 50}",
                seq % 50,
                "10.1.2.3",
                "access.image.live",
                "camera",
                f"cam-{seq % 64}",
                "success",
                None,
                detail,
                prev,
            ]
            prev = record_hash(values)
            rows.append({**dict(zip(CHAIN_COLUMNS, values, strict=True)), "hash": prev})
            if seq % every == 0:
                checkpoints.append((seq, prev, ts))
        with transaction(hub.sessions) as s:
            s.execute(insert(AuditRecord), rows)
            for cp in checkpoints:
                hub.audit.checkpoint(s, *cp)


def run(db: str, records: int, appends: int, threads: int) -> None:
    data = Path(tempfile.mkdtemp(prefix="vwall-bench-"))
    hub = open_hub(Settings(db_url=db, data_dir=data))
    kind = hub.engine.dialect.name
    one = timed_appends(hub, appends, 1)
    many = timed_appends(hub, appends, threads)
    print(
        f"[{kind}] append, 1 writer: {one:,.0f} records/s; "
        f"{threads} concurrent writers: {many:,.0f} records/s (one transaction each)"
    )
    started = time.perf_counter()
    bulk_fill(hub, records)
    print(f"[{kind}] bulk fill to {records:,} records: {time.perf_counter() - started:.1f} s")
    from hub.audit.chain import load_public_key, public_path

    key = load_public_key(public_path(hub.settings.key_path))
    started = time.perf_counter()
    result = verify_chain(hub.engine, key)
    elapsed = time.perf_counter() - started
    assert result.ok, result.problem
    with hub.sessions() as s:
        cps = s.query(AuditCheckpoint).count()
    print(
        f"[{kind}] audit verify: {result.records:,} records, {cps} checkpoints in "
        f"{elapsed:.2f} s = {result.records / elapsed:,.0f} records/s"
    )
    hub.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--appends", type=int, default=2000)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument(
        "--db",
        help="PostgreSQL server URL (a scratch database is made "
        "on it); default: a temporary SQLite file",
    )
    args = parser.parse_args()
    with ExitStack() as stack:
        if args.db and args.db.startswith("postgresql"):
            db = stack.enter_context(postgres_database(args.db))
        else:
            db = args.db or f"sqlite:///{tempfile.mkdtemp(prefix='vwall-bench-')}/hub.sqlite3"
        run(db, args.records, args.appends, args.threads)
    return 0


if __name__ == "__main__":
    sys.exit(main())
