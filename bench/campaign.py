"""Benchmark: the campaign's progress per district and by channel (issue 16) on a big file.

    .venv/bin/python -m bench.campaign [--properties 25000] [--cards 4] [--changes 10]

Builds (or reuses) a demo database in bench/out/, copies it, and adds ``--cards``
survey cards a payer (printed at the pay desks and the information centre, one in
five e-mailed, a third returned) and ``--changes`` contact change rows a payer
(every source, some naming a card, as the web form and the desks write them).
Then it times ``campaign_progress`` (the figures and the channels, one query)
against the query without channels (the report before issue 16, kept here as
``without_channels``), best of five, in CPU seconds of this process (the machine
is shared; wall time follows the load), and prints SQLite's plan for the query:
every table is read by an index or once whole, never once a payer.
"""

from __future__ import annotations

import argparse
import sqlite3
import time
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from typing import Any

from sqlalchemy import event, func, literal, or_, select, union_all

from bench.lookup import OUT, TODAY
from desk.models.db import Database, open_database
from desk.models.tables import ContactChange, Property, SurveyCard, Tenure
from desk.services import campaign

SOURCES = (
    "CASE (p.id + n.i) % 5 WHEN 0 THEN 'desk' WHEN 1 THEN 'info_centre' "
    "WHEN 2 THEN 'survey_card' WHEN 3 THEN 'web' ELSE 'e_invoice' END"
)


def ensure(path: Path, properties: int) -> None:
    if not path.exists():
        from desk.services.demo import generate_demo

        generate_demo(path, properties=properties, seed=1, today=TODAY)


def grown_copy(source: Path, cards: int, changes: int) -> Path:
    """A copy with ``cards`` cards and ``changes`` change rows a payer added."""
    copy = OUT / "campaign-run.sqlite"
    for old in (copy, copy.with_name(copy.name + "-wal"), copy.with_name(copy.name + "-shm")):
        old.unlink(missing_ok=True)
    with sqlite3.connect(source) as original, sqlite3.connect(copy) as target:
        original.backup(target)
        target.executescript(f"""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {cards})
            INSERT INTO survey_card (id, number, payer_id, printed_at, returned_at, desk_id,
                                     user_id, channel)
            SELECT lower(hex(randomblob(16))), printf('9%02d%09d', n.i, p.id), p.id,
                   '2026-10-0' || (1 + p.id % 9) || ' 10:00:00.000000',
                   CASE WHEN p.id % 3 = 0
                        THEN '2026-11-0' || (1 + p.id % 9) || ' 11:00:00.000000' END,
                   CASE WHEN (p.id + n.i) % 2 = 0
                        THEN (SELECT min(id) FROM desk WHERE kind = 'pay_desk')
                        ELSE (SELECT min(id) FROM desk WHERE kind = 'info_centre') END, NULL,
                   CASE WHEN (p.id + n.i) % 5 = 0 THEN 'email' ELSE 'print' END
              FROM payer p, n;
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {changes})
            INSERT INTO contact_change (id, payer_id, field, old_value, new_value, changed_at,
                                        source, survey_card_id, desk_id, user_id, hlc)
            SELECT lower(hex(randomblob(16))), p.id, 'phone', NULL, 'x',
                   '2026-1' || (n.i % 2) || '-1' || (n.i % 9) || ' 09:00:00.000000',
                   {SOURCES},
                   CASE WHEN (p.id + n.i) % 5 IN (2, 3) AND n.i % 2 = 0
                        THEN (SELECT id FROM survey_card s WHERE s.payer_id = p.id LIMIT 1) END,
                   NULL, NULL, NULL
              FROM payer p, n;
            ANALYZE;
        """)
    original.close()
    target.close()
    return copy


def without_channels(db: Database, on: date) -> list[Any]:
    """The report's query before issue 16: the four figures per district, no channels."""
    with db.read() as session:
        since = datetime.combine(campaign._start(session), clock())
        until = datetime.combine(on + timedelta(1), clock())
        holding = (
            select(Tenure.payer_id, func.min(Property.district).label("district"))
            .join(Property, Property.id == Tenure.property_id)
            .where(Tenure.start <= on, or_(Tenure.end.is_(None), Tenure.end >= on))
            .group_by(Tenure.payer_id)
            .cte("holding")
        )
        names = ("active", "printed", "returned", "updated")

        def one(payer_id: Any, name: str) -> Any:
            return select(
                payer_id.label("payer_id"), *(literal(int(n == name)).label(n) for n in names)
            )

        events = union_all(
            one(holding.c.payer_id, "active"),
            one(SurveyCard.payer_id, "printed").where(
                SurveyCard.printed_at >= since, SurveyCard.printed_at < until
            ),
            one(SurveyCard.payer_id, "returned").where(
                SurveyCard.returned_at >= since, SurveyCard.returned_at < until
            ),
            one(ContactChange.payer_id, "updated")
            .where(ContactChange.changed_at >= since, ContactChange.changed_at < until)
            .distinct(),
        ).subquery("events")
        return list(
            session.execute(
                select(holding.c.district, *(func.sum(events.c[n]) for n in names))
                .select_from(events.outerjoin(holding, holding.c.payer_id == events.c.payer_id))
                .group_by(holding.c.district)
            ).all()
        )


def best_cpu(run: Callable[[], object], times: int = 5) -> float:
    best = float("inf")
    for _ in range(times):
        started = time.process_time()
        run()
        best = min(best, time.process_time() - started)
    return best


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--properties", type=int, default=25_000)
    parser.add_argument("--cards", type=int, default=4, help="cards a payer")
    parser.add_argument("--changes", type=int, default=10, help="contact change rows a payer")
    args = parser.parse_args(argv)
    OUT.mkdir(exist_ok=True)
    demo = OUT / f"campaign-demo-{args.properties}.sqlite"
    ensure(demo, args.properties)
    path = grown_copy(demo, args.cards, args.changes)
    db = open_database(path)
    try:
        with sqlite3.connect(path) as raw:
            payers, cards, changes = (
                raw.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for table in ("payer", "survey_card", "contact_change")
            )
        raw.close()
        print(f"{payers:,} payers, {cards:,} survey cards, {changes:,} contact change rows")
        statements: list[tuple[str, Any]] = []

        @event.listens_for(db.engine, "before_cursor_execute")
        def keep(_conn: Any, _cursor: Any, sql: str, params: Any, *_: Any) -> None:
            statements.append((sql, params))

        progress = campaign.campaign_progress(db, TODAY)
        sql, params = statements[-1]
        total = progress.total
        print(
            f"total: {total.active_payers:,} active, {total.cards_printed:,} printed, "
            f"{total.cards_returned:,} returned, {total.payers_updated:,} updated"
        )
        for figures in total.channels:
            print(f"  {figures}")
        channels = best_cpu(lambda: campaign.campaign_progress(db, TODAY))
        plain = best_cpu(lambda: without_channels(db, TODAY))
        print(f"campaign_progress (with channels): {channels:.3f} s CPU, best of 5")
        print(f"without channels (before issue 16): {plain:.3f} s CPU, best of 5")
        with sqlite3.connect(path) as raw:
            print("plan:")
            for row in raw.execute("EXPLAIN QUERY PLAN " + sql, params):
                print(f"  {row[-1]}")
        raw.close()
    finally:
        db.close()


if __name__ == "__main__":
    main()
