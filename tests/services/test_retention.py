"""The history window (desk.services.retention): what leaves a desk's file changes no
answer from the window on, a later roll removes what an earlier start would, and
nothing the outbox still names ever leaves."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from desk.cli import main
from desk.models.db import Database, open_database
from desk.money import Money
from desk.services.demo import generate_demo
from desk.services.problems import UserError
from desk.services.quotes import quote_for, quote_json
from desk.services.retention import (
    HISTORY_FROM,
    Pruned,
    compact,
    held_from,
    history_start,
    prune_history,
    roll_window,
)
from desk.services.shifts import close_shift, open_shift
from desk.services.statement import statement_data
from desk.services.users import DEMO_PASSWORD, ensure_demo_users, log_in
from tests.desk_fixtures import copy_database

TODAY = date(2026, 11, 22)
HISTORY = ("invoice", "payment", "allocation", "void", "receipt")


@pytest.fixture(scope="module")
def whole(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo with three years of history, never pruned."""
    path = tmp_path_factory.mktemp("whole") / "whole.sqlite"
    generate_demo(path, properties=250, seed=15, today=TODAY)
    with sqlite3.connect(path) as conn:
        _old_credit_and_overpayment(conn)
    return path


def _old_credit_and_overpayment(conn: sqlite3.Connection) -> None:
    """Two histories the demo lacks, both older than the window: a bill paid with money
    left over as credit, and a bill paid twice over. The first bill may leave (the
    payment stays: it moved credit); the second may not (not settled exactly)."""
    payer, prop = conn.execute("SELECT payer_id, property_id FROM tenure LIMIT 1").fetchone()
    bills = (
        ("9999999001", "2025-02", "2025-02-28", 2000),
        ("9999999002", "2025-03", "2025-03-31", 1000),
    )
    for number, period, issued, cents in bills:
        conn.execute(
            "INSERT INTO invoice (number, property_id, payer_id, period, kind, issued, "
            "amount_cents, currency) VALUES (?, ?, ?, ?, 'other', ?, ?, 'BGN')",
            (number, prop, payer, period, issued, cents),
        )
    first, second = (
        conn.execute("SELECT id FROM invoice WHERE number = ?", (n,)).fetchone()[0]
        for n in ("9999999001", "9999999002")
    )
    payments = (  # paid_at, total, credit, the bill it pays and how much
        ("2025-03-10 10:00:00.000000", 2500, 500, first, 2000),
        ("2025-04-10 10:00:00.000000", 700, 0, second, 700),
        ("2025-04-11 10:00:00.000000", 700, 0, second, 700),
    )
    for paid_at, total, credit, bill, cents in payments:
        pid = str(uuid.uuid4())
        conn.execute(
            "INSERT INTO payment (id, payer_id, paid_at, method, currency, total_cents, "
            "credit_cents, credit_used_cents, cash_cents, card_cents, tendered_cents, "
            "change_cents, source) VALUES (?, ?, ?, 'cash', 'BGN', ?, ?, 0, ?, 0, ?, 0, 'import')",
            (pid, payer, paid_at, total, credit, total, total),
        )
        conn.execute(
            "INSERT INTO allocation (payment_id, invoice_id, amount_cents, commercial_cents, "
            "loyalty_cents) VALUES (?, ?, ?, 0, 0)",
            (pid, bill, cents),
        )


def _copy(source: Path, tmp_path: Path, name: str) -> Database:
    return copy_database(source, tmp_path / name)


@pytest.fixture
def pruned(whole: Path, tmp_path: Path) -> Iterator[Database]:
    db = _copy(whole, tmp_path, "pruned.sqlite")
    prune_history(db, TODAY)
    yield db
    db.close()


def _ids(path: Path, table: str) -> set[object]:
    with sqlite3.connect(path) as conn:
        return {row[0] for row in conn.execute(f"SELECT id FROM {table}")}


def _codes(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return [row[0] for row in conn.execute("SELECT payer_code FROM payer ORDER BY id")]


def test_every_payers_quote_and_statement_are_the_same_after_the_prune(
    whole: Path, pruned: Database
) -> None:
    start = history_start(TODAY)
    assert held_from(pruned) == start
    for table in ("invoice", "payment", "allocation"):
        kept, all_rows = _ids(pruned.path, table), _ids(whole, table)
        assert kept < all_rows, table  # some history left, and nothing new appeared
    with sqlite3.connect(pruned.path) as conn:
        numbers = {r[0] for r in conn.execute("SELECT number FROM invoice WHERE number > '9'")}
        credit = conn.execute("SELECT count(*) FROM payment WHERE credit_cents = 500").fetchone()
    conn.close()
    # The bill paid twice over stays; so does the one paid by a payment that left
    # credit, as that payment stays whole (its receipt reprints as it was).
    assert numbers == {"9999999001", "9999999002"}
    assert credit == (1,)
    full = open_database(whole, upgrade=False)
    try:
        # Days from the first one the desk still answers, to the new year and beyond.
        days = [start + timedelta(days=35), TODAY - timedelta(days=40), TODAY]
        days += [TODAY + timedelta(days=9), date(2027, 1, 5)]
        for code in _codes(whole):
            for day in days:
                assert quote_json(quote_for(pruned, code, day)) == quote_json(
                    quote_for(full, code, day)
                ), (code, day)
            assert statement_data(pruned, code, TODAY) == statement_data(full, code, TODAY)
    finally:
        full.close()


def test_a_day_the_desk_no_longer_holds_is_refused_by_name(pruned: Database) -> None:
    code = _codes(pruned.path)[0]
    too_early = history_start(TODAY) + timedelta(days=34)
    with pytest.raises(UserError) as refused:
        quote_for(pruned, code, too_early)
    assert refused.value.code == "retention.before_window"
    with pytest.raises(UserError):
        statement_data(pruned, code, too_early)


def test_rolling_the_window_day_by_day_leaves_what_one_prune_at_the_end_leaves(
    whole: Path, tmp_path: Path
) -> None:
    rolled = _copy(whole, tmp_path, "rolled.sqlite")
    at_once = _copy(whole, tmp_path, "at_once.sqlite")
    try:
        for day in (TODAY - timedelta(days=70), TODAY - timedelta(days=31), TODAY):
            prune_history(rolled, day)
        assert prune_history(rolled, TODAY).start is None  # nothing more to do today
        prune_history(at_once, TODAY)
        for table in HISTORY:
            assert _ids(rolled.path, table) == _ids(at_once.path, table), table
    finally:
        rolled.close()
        at_once.close()


def test_rows_the_outbox_names_stay_and_only_the_prune_may_delete(
    whole: Path, tmp_path: Path
) -> None:
    db = _copy(whole, tmp_path, "queued.sqlite")
    try:
        start = history_start(TODAY)
        with db.write() as session:
            old = session.execute(
                text(
                    "SELECT p.id FROM payment p WHERE p.paid_at < :s AND p.credit_cents = 0 "
                    "AND p.method <> 'credit' ORDER BY p.paid_at LIMIT 1"
                ),
                {"s": start},
            ).scalar_one()
            # As if this desk took it and has not heard the central's commit yet.
            session.execute(
                text("INSERT INTO outbox (tbl, key, queued_at) VALUES ('payment', :k, :q)"),
                {"k": old, "q": TODAY},
            )
        with pytest.raises(IntegrityError), db.write() as session:
            session.execute(text("DELETE FROM payment WHERE id = :k"), {"k": old})
        pruned = prune_history(db, TODAY)
        assert pruned.payments > 0
        assert old in _ids(db.path, "payment")
        with db.read() as session:
            assert session.execute(text("SELECT count(*) FROM retention_run")).scalar() == 0
            assert session.execute(
                text("SELECT value FROM setting WHERE key = :k"), {"k": HISTORY_FROM}
            ).scalar() == str(start)
    finally:
        db.close()


def test_the_window_rolls_after_a_sync_only_while_no_shift_is_open(pruned: Database) -> None:
    ensure_demo_users(pruned)
    later = TODAY + timedelta(days=20)
    _, ctx = log_in(pruned, "kasier1", DEMO_PASSWORD, "K1", datetime(2026, 12, 12, 8, 0))
    open_shift(pruned, ctx, Money(0), datetime(2026, 12, 12, 8, 1))
    assert roll_window(pruned, later) == Pruned(None)  # the cashier is working
    assert held_from(pruned) == history_start(TODAY)
    close_shift(pruned, ctx, {}, datetime(2026, 12, 12, 18, 0), confirmed=True)
    rolled = roll_window(pruned, later)
    assert rolled.start == history_start(later) and rolled.invoices > 0
    assert held_from(pruned) == history_start(later)


def test_compacting_reports_the_size_the_file_has_when_it_is_done(
    whole: Path, tmp_path: Path
) -> None:
    db = _copy(whole, tmp_path, "compact.sqlite")
    prune_history(db, TODAY)
    before, after = compact(db)
    assert after < before
    assert after == db.path.stat().st_size, "the size printed is the file's, not the old one"
    db.close()
    assert db.path.stat().st_size == after


def test_desk_prune_keeps_the_window_and_compacts_the_file(
    whole: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = _copy(whole, tmp_path, "cli.sqlite")
    db.close()
    size = db.path.stat().st_size
    assert main(["--db", str(db.path), "prune", "--today", "2026-11-22", "--compact"]) == 0
    printed = capsys.readouterr().out
    assert "22.05.2026" in printed and "MB →" in printed
    assert db.path.stat().st_size < size
    assert main(["--db", str(db.path), "prune", "--today", "2026-11-22"]) == 0
    assert "нищо за махане" in capsys.readouterr().out
