"""The payments of a shift and of a day are found by an index (migration 0011).

Closing a shift, its Z-report and the daily report read a shift's or a day's
payments; without an index each scanned every payment of the file, years of
them (issue 15). Each statement these services run is asked for SQLite's query
plan: none reads the payment table whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event, select

from desk.models.db import Database
from desk.models.tables import Shift
from desk.services.daily_report import collect_daily_report
from desk.services.shift_report import shift_report_data
from desk.services.shifts import expected_cash
from tests.desk_fixtures import NOON, on_shift, pay_by_card

WHOLE_TABLE = re.compile(r"\bSCAN payment\b")


@contextmanager
def statements(db: Database) -> Iterator[list[tuple[str, Any]]]:
    seen: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, sql: str, params: Any, _ctx: Any, _many: bool) -> None:
        if "payment" in sql and sql.lstrip().upper().startswith("SELECT"):
            seen.append((sql, params))

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def plans(db: Database, seen: list[tuple[str, Any]]) -> list[str]:
    with db.engine.connect() as conn:
        raw = conn.connection.driver_connection
        assert raw is not None
        return [
            " / ".join(row[3] for row in raw.execute(f"EXPLAIN QUERY PLAN {sql}", params))
            for sql, params in seen
        ]


def test_a_shifts_and_a_days_payments_are_read_by_an_index(day_db: Database) -> None:
    ctx = on_shift(day_db)
    pay_by_card(day_db, ctx)
    with day_db.read() as session:
        shift = session.scalar(select(Shift).where(Shift.closed_at.is_(None)))
        assert shift is not None
        shift_id = shift.id

    with statements(day_db) as seen:
        with day_db.read() as session:
            held = session.get(Shift, shift_id)
            assert held is not None
            expected_cash(session, held)
        shift_report_data(day_db, shift_id, NOON)
        collect_daily_report(day_db, NOON.date(), None, None, printed_by="x", now=NOON)

    found = plans(day_db, seen)
    assert len(found) >= 5, found
    assert [plan for plan in found if WHOLE_TABLE.search(plan)] == []
    assert any("ix_payment_shift" in plan for plan in found)
    assert any("ix_payment_paid_at" in plan for plan in found)
