"""Benchmark: lookups, search and quote on a 1,000,000-property database.

    ./dev bench [--properties N] [--db PATH] [--samples K] [--ratios-only]

Builds the demo database once (kept under bench/out/ and reused), then prints
the median and 95th percentile of: lookup by subscriber number, by payer
code, name search, and a full quote (read the account + apply the rules) for
payers with three years of history. Targets (issue 2): lookups < 5 ms,
search < 50 ms, quote < 20 ms at the 95th percentile.

Then each lookup path beside bare sqlite3 answering the same question on the
same file (``bench.raw``), interleaved sample by sample in one run, as a
ratio. Targets (issue 15): a lookup within 3x of the raw query, opening a
checkout (account + quote) within 5x of reading the account raw.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from sqlalchemy import func, select, text

from bench.raw import Raw
from desk.billing.quote import quote
from desk.models.db import Database, open_database
from desk.models.tables import Payer, Property
from desk.services.account_view import payer_view
from desk.services.accounts import load_account
from desk.services.checkout import open_checkout
from desk.services.lookup import search
from desk.services.quotes import quote_for

TODAY = date(2026, 11, 22)
OUT = Path(__file__).resolve().parent / "out"


def timed(samples: Sequence[str], run: Callable[[str], object]) -> tuple[float, float]:
    """Median and 95th percentile in milliseconds (display only; never asserted)."""
    runs = []
    for sample in samples:
        start = time.perf_counter_ns()
        run(sample)
        runs.append((time.perf_counter_ns() - start) / 1e6)
    return median_p95(runs)


def ensure_database(path: Path, properties: int) -> None:
    if path.exists():
        return
    from desk.cli.progress import ProgressBar
    from desk.services.demo import generate_demo

    path.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()

    progress = ProgressBar("building")  # the command line's bar, as bench.join's
    try:
        summary = generate_demo(path, properties=properties, seed=1, progress=progress)
    finally:
        progress.finish()
    seconds = time.perf_counter() - started
    size = path.stat().st_size / 2**20
    print(f"built in {seconds:.0f} s, {size:,.0f} MiB: {summary}")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--properties", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path)
    parser.add_argument("--samples", type=int, default=500)
    parser.add_argument("--ratios-only", action="store_true", help="only raw vs Desk")
    args = parser.parse_args(argv)
    path = args.db or OUT / f"bench-{args.properties}.sqlite"
    ensure_database(path, args.properties)
    db = open_database(path)
    rng = random.Random(7)
    with db.read() as session:
        top = session.scalar(select(func.max(Property.id))) or 0
        pick = [rng.randint(1, top) for _ in range(args.samples)]
        subs = list(
            session.scalars(select(Property.subscriber_number).where(Property.id.in_(pick)))
        )
        payer_top = session.scalar(select(func.max(Payer.id))) or 0
        codes = list(
            session.scalars(
                select(Payer.payer_code).where(
                    Payer.id.in_([rng.randint(1, payer_top) for _ in range(args.samples)])
                )
            )
        )
        names = list(
            session.scalars(
                select(Payer.name).where(
                    Payer.id.in_([rng.randint(1, payer_top) for _ in range(args.samples)])
                )
            )
        )
        invoices = session.scalar(text("SELECT count(*) FROM invoice"))
    words = [" ".join(w[: max(3, len(w) - 2)] for w in name.split()[:2]) for name in names]
    # The worst case too: short, very common prefixes that match a large share.
    common = ["ив", "иван", "георги младост", "мар люлин", "петров", "бл. 1"] * 20
    print(
        f"database: {path} ({path.stat().st_size / 2**20:,.0f} MiB, {top:,} properties, "
        f"{invoices:,} invoices); {args.samples} samples each"
    )
    if not args.ratios_only:
        report(db, subs, codes, words, common)
    ratios(db, subs, codes, words)
    db.close()


def report(
    db: Database, subs: list[str], codes: list[str], words: list[str], common: list[str]
) -> None:
    def lookup(query: str) -> object:
        return search(db, query, TODAY)

    def full_quote(code: str) -> object:
        with db.read() as session:
            account = load_account(session, code)
        assert account is not None
        return quote(account, TODAY)

    def open_account(code: str) -> object:
        """Enter in the search field to the data of a filled account view."""
        assert search(db, code, TODAY).hits
        view = payer_view(db, code, TODAY)
        return view, open_checkout(db, code, TODAY)

    checkouts = {code: open_checkout(db, code, TODAY) for code in codes}
    owing = [code for code, checkout in checkouts.items() if checkout.quote.items]

    def tick(code: str) -> object:
        """Untick and tick back the first open item: two live re-quotes."""
        checkout = checkouts[code]
        first = checkout.quote.items[0].item
        checkout.toggle(first, False)
        return checkout.toggle(first, True)

    rows = [
        ("lookup by subscriber number", subs, lookup, 5),
        ("lookup by payer code", codes, lookup, 5),
        ("name search (two word prefixes)", words, lookup, 50),
        ("search, common short prefixes", common, lookup, 50),
        ("full quote, 3 years of history", codes, full_quote, 20),
        ("open an account (search+view+quote)", codes, open_account, 100),
        (f"tick: untick and tick back ({len(owing)})", owing, tick, 16),
    ]
    print(f"{'':34}{'median':>10}{'p95':>10}{'target':>10}")
    for label, samples, run, target in rows:
        for sample in samples[:20]:
            run(sample)  # warm the page cache like a desk that has been open a while
        median, p95 = timed(samples, run)
        verdict = "ok" if p95 < target else "OVER"
        print(f"{label:34}{median:>8.2f}ms{p95:>8.2f}ms{target:>8}ms  {verdict}")


def interleaved(
    samples: Sequence[str], raw: Callable[[str], object], desk: Callable[[str], object]
) -> tuple[list[float], list[float]]:
    """Both sides timed on each sample, one after the other, in alternating order,
    so that a busy moment of the machine or the page cache falls on both."""
    raw_ms: list[float] = []
    desk_ms: list[float] = []
    for n, sample in enumerate(samples):
        order = ((raw, raw_ms), (desk, desk_ms))
        for run, into in order if n % 2 else order[::-1]:
            start = time.perf_counter_ns()
            run(sample)
            into.append((time.perf_counter_ns() - start) / 1e6)
    return raw_ms, desk_ms


def median_p95(runs: list[float]) -> tuple[float, float]:
    runs = sorted(runs)
    return statistics.median(runs), runs[int(len(runs) * 0.95) - 1]


def ratios(db: Database, subs: list[str], codes: list[str], words: list[str]) -> None:
    """Each path as a multiple of bare sqlite3 answering the same question."""
    raw = Raw(db.path)

    def account(code: str) -> object:
        with db.read() as session:
            return load_account(session, code)

    rows = [
        ("lookup by subscriber number", subs, raw.by_subscriber, lambda s: search(db, s, TODAY), 3),
        ("lookup by payer code", codes, raw.by_code, lambda c: search(db, c, TODAY), 3),
        ("name search (two word prefixes)", words, raw.by_words, lambda w: search(db, w, TODAY), 3),
        ("a payer's whole account", codes, raw.account, account, 3),
        ("account + quote", codes, raw.account, lambda c: quote_for(db, c, TODAY), 5),
        ("open checkout", codes, raw.account, lambda c: open_checkout(db, c, TODAY), 5),
    ]
    print(f"\nraw sqlite3 vs Desk on the same file, interleaved, {len(codes)} samples each")
    head = f"{'':30}{'raw median':>11}{'p95':>9}{'Desk median':>13}{'p95':>9}"
    print(f"{head}{'ratio':>8}{'p95':>7}{'target':>8}")
    for label, samples, raw_run, desk_run, target in rows:
        # Warm both sides' caches on every sample first: a ratio of engine work, not of
        # which side happened to read a page from the disk first.
        interleaved(samples, raw_run, desk_run)
        raw_ms, desk_ms = interleaved(samples, raw_run, desk_run)
        (raw_med, raw_p95), (desk_med, desk_p95) = median_p95(raw_ms), median_p95(desk_ms)
        ratio = desk_med / raw_med
        verdict = "ok" if ratio <= target else "OVER"
        print(
            f"{label:30}{_us(raw_med):>11}{_us(raw_p95):>9}{_us(desk_med):>13}{_us(desk_p95):>9}"
            f"{ratio:>7.1f}x{desk_p95 / raw_p95:>6.1f}x{target:>7}x  {verdict}"
        )
    raw.close()


def _us(ms: float) -> str:
    return f"{ms * 1000:,.0f} µs" if ms < 1 else f"{ms:.2f} ms"


if __name__ == "__main__":
    main()
