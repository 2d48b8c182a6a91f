"""Attacks on the history window (desk.services.retention): histories the demo lacks,
built older than the window, pruned, and every answer from the window on compared with
the unpruned file; a queued payment, a late pull, a run cut short, the refusals."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from desk.cli import main
from desk.models.db import Database, open_database
from desk.services import retention
from desk.services.checkout import open_checkout
from desk.services.daily_report import collect_daily_report
from desk.services.demo import generate_demo
from desk.services.problems import ProblemsError, UserError
from desk.services.quotes import quote_for, quote_json
from desk.services.receipts import receipt_data
from desk.services.retention import HISTORY_FROM, held_from, history_start, prune_history
from desk.services.statement import statement_data
from desk.services.tenure import change_holder
from desk.services.users import DEMO_PASSWORD, ensure_demo_users, log_in
from tests.desk_fixtures import copy_database

TODAY = date(2026, 11, 22)
START = history_start(TODAY)  # 2026-05-22
# The first day the desk answers, the new year, and a day after the next roll.
DAYS = (START + timedelta(days=35), TODAY, TODAY + timedelta(days=9), date(2027, 1, 5))
HISTORY = ("invoice", "payment", "allocation", "void", "receipt")


@dataclass(frozen=True, slots=True)
class Crafted:
    """Payers given a history the demo lacks, by what it is."""

    payers: dict[str, str]  # what -> payer code
    bills: dict[str, int]  # name -> invoice id
    payments: dict[str, str]  # what -> payment id


class _Writer:
    """Rows as the central database sends them, written with bare sqlite3."""

    def __init__(self, conn: sqlite3.Connection, series: str = "98") -> None:
        self.conn = conn
        self.series = series
        self.bills: dict[str, int] = {}
        self.serial = 0

    def desk(self, code: str) -> int:
        return int(self.conn.execute("SELECT id FROM desk WHERE code = ?", (code,)).fetchone()[0])

    def holder(self, offset: int) -> tuple[int, int, str]:
        payer, prop = self.conn.execute(
            "SELECT payer_id, property_id FROM tenure ORDER BY id LIMIT 1 OFFSET ?", (offset,)
        ).fetchone()
        code = self.conn.execute("SELECT payer_code FROM payer WHERE id = ?", (payer,)).fetchone()
        return payer, prop, code[0]

    def bill(
        self,
        name: str,
        who: tuple[int, int, str],
        period: str,
        cents: int,
        currency: str = "EUR",
        kind: str = "other",
    ) -> int:
        self.serial += 1
        year, month = map(int, period.split("-"))
        issued = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
        self.conn.execute(
            "INSERT INTO invoice (number, property_id, payer_id, period, kind, issued, "
            "amount_cents, currency) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                f"{self.series}{self.serial:08d}",
                who[1],
                who[0],
                period,
                kind,
                issued,
                cents,
                currency,
            ),
        )
        self.bills[name] = self.conn.execute("SELECT last_insert_rowid()").fetchone()[0]
        return self.bills[name]

    def pay(
        self,
        who: tuple[int, int, str],
        paid_at: str,
        allocations: list[tuple[str, int]],
        *,
        currency: str = "EUR",
        method: str = "cash",
        credit: int = 0,
        used: int = 0,
        desk_id: int | None = None,
        receipt: int | None = None,
        at: str = "10:00:00",
    ) -> str:
        """``allocations``: (bill name, or "case:<id>", cents)."""
        pid = str(uuid.uuid4())
        total = sum(c for _, c in allocations) + credit - used
        self.conn.execute(
            "INSERT INTO payment (id, payer_id, paid_at, method, currency, total_cents, "
            "credit_cents, credit_used_cents, cash_cents, card_cents, tendered_cents, "
            "change_cents, source, desk_id, receipt_number) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, 0, 'import', ?, ?)",
            (
                pid,
                who[0],
                f"{paid_at} {at}.000000",
                method,
                currency,
                total,
                credit,
                used,
                total,
                total,
                desk_id,
                receipt,
            ),
        )
        for item, cents in allocations:
            bill, case = (None, item[5:]) if item.startswith("case:") else (self.bills[item], None)
            self.conn.execute(
                "INSERT INTO allocation (payment_id, invoice_id, case_id, amount_cents, "
                "commercial_cents, loyalty_cents) VALUES (?, ?, ?, ?, 0, 0)",
                (pid, bill, case, cents),
            )
        return pid


def _craft(conn: sqlite3.Connection) -> Crafted:
    """One payer per history, every row of it older than the window unless said."""
    w = _Writer(conn)
    payers: dict[str, str] = {}

    # A payment that pays several bills: one settled exactly (leaves), one only in part
    # and finished inside the window (stays, and so does the payment).
    who = w.holder(3)
    payers["several"] = who[2]
    w.bill("sev_a", who, "2026-02", 10000)
    w.bill("sev_b", who, "2026-03", 8000)
    several = w.pay(
        who, "2026-04-10", [("sev_a", 10000), ("sev_b", 3000)], desk_id=w.desk("K2"), receipt=90001
    )
    w.pay(who, "2026-06-10", [("sev_b", 5000)])

    # Credit: left by a payment, spent by a payment of method "credit" (the spent sum
    # read from its allocations) and by a cash payment's credit_used.
    who = w.holder(7)
    payers["credit"] = who[2]
    w.bill("cr_a", who, "2026-01", 5000)
    w.bill("cr_b", who, "2026-02", 800)
    w.bill("cr_c", who, "2026-03", 3000)
    credit = w.pay(
        who, "2026-02-10", [("cr_a", 5000)], credit=2000, desk_id=w.desk("K2"), receipt=90002
    )
    w.pay(who, "2026-03-10", [("cr_b", 800)], method="credit")
    w.pay(who, "2026-04-15", [("cr_c", 3000)], used=1000)

    # A negative settlement: a credit to the payer, spent on the next bill.
    who = w.holder(11)
    payers["negative"] = who[2]
    w.bill("neg", who, "2026-03", -1500, kind="settlement")
    w.bill("neg_paid", who, "2026-04", 4000)
    w.pay(who, "2026-05-10", [("neg_paid", 4000)], used=1500)

    # A payment voided the same day, the bill paid again the next day.
    who = w.holder(13)
    payers["void"] = who[2]
    w.bill("vo", who, "2025-06", 6000, "BGN")
    voided = w.pay(who, "2025-07-10", [("vo", 6000)], currency="BGN")
    conn.execute(
        "INSERT INTO void (id, payment_id, voided_at, reason) VALUES (?, ?, ?, 'грешка')",
        (str(uuid.uuid4()), voided, "2025-07-10 11:00:00.000000"),
    )
    w.pay(who, "2025-07-11", [("vo", 6000)], currency="BGN")

    # Leva: one bill settled in leva in three parts before the changeover (leaves), one
    # half open on 2025-12-31, converted, and finished in euro in January (stays).
    who = w.holder(17)
    payers["leva"] = who[2]
    w.bill("lv_exact", who, "2025-09", 10000, "BGN")
    for day, cents in (("2025-10-03", 3333), ("2025-10-10", 3333), ("2025-10-20", 3334)):
        w.pay(who, day, [("lv_exact", cents)], currency="BGN")
    w.bill("lv_half", who, "2025-11", 10000, "BGN")
    w.pay(who, "2025-12-10", [("lv_half", 4000)], currency="BGN")
    w.pay(who, "2026-01-20", [("lv_half", 3068)])  # 6000 leva is 30.68 euro

    # A court case filed on a bill paid in part before the filing, the case then paid.
    who = w.holder(19)
    payers["court"] = who[2]
    w.bill("ct", who, "2026-01", 9000)
    w.pay(who, "2026-02-10", [("ct", 4000)])
    conn.execute(
        "INSERT INTO court_case (id, payer_id, property_id, case_number, stage, since) "
        "VALUES ('CC-ATTACK', ?, ?, 'гр.д. 1/2026', 'filed', '2026-03-16')",
        (who[0], who[1]),
    )
    conn.execute(
        "INSERT INTO court_case_invoice (case_id, invoice_id) VALUES ('CC-ATTACK', ?)",
        (w.bills["ct"],),
    )
    w.pay(who, "2026-04-20", [("case:CC-ATTACK", 5000)])

    # Paid twice over (a second desk, offline): the excess is credit, nothing leaves.
    who = w.holder(23)
    payers["twice"] = who[2]
    w.bill("tw", who, "2026-02", 7000)
    w.pay(who, "2026-03-05", [("tw", 7000)])
    w.pay(who, "2026-03-06", [("tw", 7000)])

    # A plain bill paid exactly: it leaves; a late pull will name it again.
    who = w.holder(29)
    payers["plain"] = who[2]
    w.bill("plain", who, "2026-02", 5000)
    w.pay(who, "2026-03-10", [("plain", 5000)])

    # Paid and voided late on the window's eve (a void is made the same day: payments.py),
    # and a payment a minute after midnight on the window's first day.
    who = w.holder(37)
    payers["midnight"] = who[2]
    w.bill("mid", who, "2026-04", 3100)
    late = w.pay(
        who, f"{START - timedelta(days=1)}", [("mid", 3100)], desk_id=w.desk("K2"), at="23:50:00"
    )
    conn.execute(
        "INSERT INTO void (id, payment_id, voided_at, reason, desk_id) VALUES (?, ?, ?, ?, ?)",
        (
            str(uuid.uuid4()),
            late,
            f"{START - timedelta(days=1)} 23:55:00.000000",
            "грешен платец",
            w.desk("K2"),
        ),
    )
    w.bill("mid_2", who, "2026-04", 3100)
    w.pay(who, f"{START}", [("mid_2", 3100)], desk_id=w.desk("K2"), at="00:01:00")
    return Crafted(payers, dict(w.bills), {"several": several, "credit": credit})


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Crafted]:
    """A demo with three years of history and the crafted ones, never pruned."""
    path = tmp_path_factory.mktemp("whole") / "whole.sqlite"
    generate_demo(path, properties=250, seed=15, today=TODAY)
    with sqlite3.connect(path) as conn:
        crafted = _craft(conn)
    conn.close()
    return path, crafted


@pytest.fixture(scope="module")
def whole(built: tuple[Path, Crafted]) -> Iterator[Database]:
    db = open_database(built[0], upgrade=False)
    yield db
    db.close()


def _copy(source: Path, tmp_path: Path, name: str) -> Database:
    return copy_database(source, tmp_path / name)


@pytest.fixture
def pruned(built: tuple[Path, Crafted], tmp_path: Path) -> Iterator[Database]:
    db = _copy(built[0], tmp_path, "pruned.sqlite")
    prune_history(db, TODAY)
    yield db
    db.close()


def _ids(db: Database, table: str) -> set[object]:
    with db.read() as session:
        return set(session.execute(text(f"SELECT id FROM {table}")).scalars())


def _all_codes(db: Database) -> list[str]:
    with db.read() as session:
        return list(session.execute(text("SELECT payer_code FROM payer ORDER BY id")).scalars())


def _same_answers(pruned: Database, whole: Database, code: str, days: tuple[date, ...]) -> None:
    for day in days:
        assert quote_json(quote_for(pruned, code, day)) == quote_json(
            quote_for(whole, code, day)
        ), (code, day)
        assert statement_data(pruned, code, day) == statement_data(whole, code, day), (code, day)
        assert open_checkout(pruned, code, day).quote == open_checkout(whole, code, day).quote


def _this_desk(db: Database) -> int:
    with db.read() as session:
        return int(
            session.execute(
                text(
                    "SELECT d.id FROM desk d JOIN setting s ON s.key = 'desk_code' "
                    "AND s.value = d.code"
                )
            ).scalar_one()
        )


def test_each_crafted_history_answers_the_same_from_the_window_on(
    built: tuple[Path, Crafted], whole: Database, pruned: Database
) -> None:
    crafted = built[1]
    kept = _ids(pruned, "invoice")
    left = {name for name, bill in crafted.bills.items() if bill not in kept}
    # What the predicate lets go. A bill goes only with every payment that paid it:
    # sev_a's payment also paid sev_b (finished in the window), cr_a's left credit,
    # cr_c's and neg_paid's spent some; those payments stay whole, and their bills too.
    assert left == {"vo", "lv_exact", "plain"}
    for code in crafted.payers.values():
        _same_answers(pruned, whole, code, DAYS)


def test_every_payer_answers_the_same_at_the_first_day_and_today(
    whole: Database, pruned: Database
) -> None:
    for code in _all_codes(whole):
        _same_answers(pruned, whole, code, (DAYS[0], TODAY))


def test_a_receipt_reprinted_after_the_prune_is_the_one_first_printed(
    built: tuple[Path, Crafted], whole: Database, pruned: Database
) -> None:
    """A payment that stays (it left credit, or also paid a bill still open) may have
    paid a bill that left; the account view lists it (payment_history), and a copy
    printed from there must show what it paid."""
    for payment in built[1].payments.values():
        # Fails: the bill's allocation left with the bill, so the copy lists less and its
        # total is short of what was paid (the credit one prints a total of 0.00).
        assert receipt_data(pruned, payment, copy=True) == receipt_data(
            whole, payment, copy=True
        ), payment


def test_the_daily_report_of_the_windows_first_day_is_the_whole_files(
    whole: Database, pruned: Database
) -> None:
    """A shift open past midnight: a payment on the window's eve voided after midnight."""
    now = datetime(2026, 11, 22, 9)
    assert collect_daily_report(
        pruned, START, None, None, printed_by="x", now=now
    ) == collect_daily_report(whole, START, None, None, printed_by="x", now=now)


def test_a_payment_still_in_the_outbox_keeps_the_allocations_the_push_will_send(
    built: tuple[Path, Crafted], tmp_path: Path
) -> None:
    """This desk took a payment before the window and has not pushed it (offline for
    months, or the central database refused the batch): the push reads the payment with
    its allocations as they are then (desk.sync.push._collect)."""
    db = _copy(built[0], tmp_path, "queued.sqlite")
    try:
        with sqlite3.connect(db.path) as conn:
            w = _Writer(conn, "97")
            who = w.holder(31)
            w.bill("queued", who, "2026-03", 4200)
            payment = w.pay(who, "2026-04-02", [("queued", 4200)], desk_id=_this_desk(db))
        conn.close()
        with db.read() as session:
            queued = session.execute(
                text("SELECT count(*) FROM outbox WHERE tbl = 'payment' AND key = :k"),
                {"k": payment},
            ).scalar()
        assert queued == 1  # the trigger queued it: it is this desk's own
        allocations = "SELECT invoice_id, amount_cents FROM allocation WHERE payment_id = :k"
        with db.read() as session:
            before = session.execute(text(allocations), {"k": payment}).all()
        prune_history(db, TODAY)
        with db.read() as session:
            after = session.execute(text(allocations), {"k": payment}).all()
        assert payment in _ids(db, "payment")
        # Fails: the bill it paid left (the bill's predicate does not ask the outbox),
        # and its allocation with it, so the push would send a payment that pays nothing.
        assert after == before
    finally:
        db.close()


def _late_old_rows(db: Database) -> str:
    """As a pull brings them: a bill and the payment that settled it, both older than
    the window, from a desk that was offline until now. The bill's number."""
    with sqlite3.connect(db.path) as conn:
        w = _Writer(conn, "96")
        who = w.holder(3)
        w.bill("late", who, "2026-01", 2500)
        w.pay(who, "2026-02-20", [("late", 2500)])
    conn.close()
    return "9600000001"


def test_old_rows_pulled_after_the_prune_change_no_answer(
    built: tuple[Path, Crafted], pruned: Database, tmp_path: Path
) -> None:
    code = built[1].payers["several"]
    full = _copy(built[0], tmp_path, "whole_late.sqlite")
    try:
        for db in (full, pruned):
            _late_old_rows(db)
        _same_answers(pruned, full, code, DAYS)
    finally:
        full.close()


def test_old_rows_pulled_after_the_prune_leave_with_the_next_roll(
    built: tuple[Path, Crafted], pruned: Database, tmp_path: Path
) -> None:
    """The daily roll removes what one prune at its day removes, late rows too."""
    at_once = _copy(built[0], tmp_path, "at_once_late.sqlite")
    try:
        numbers = "SELECT count(*) FROM invoice WHERE number = :n"
        for db in (at_once, pruned):
            number = _late_old_rows(db)
            prune_history(db, TODAY + timedelta(days=1))
        with at_once.read() as session:
            assert session.execute(text(numbers), {"n": number}).scalar() == 0
        # Fails: a roll only looks at bills issued or paid since the last start, and
        # this one was neither, so it stays for good.
        with pruned.read() as session:
            assert session.execute(text(numbers), {"n": number}).scalar() == 0
    finally:
        at_once.close()


def _cut_after_first_step(db: Database, today: date, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(retention, "PAYERS_PER_STEP", 40)

    def cut(done: int, total: int) -> None:
        raise KeyboardInterrupt  # the machine goes down between two steps

    with pytest.raises(KeyboardInterrupt):
        prune_history(db, today, progress=cut)


def test_a_run_cut_between_steps_is_finished_by_the_next_one(
    built: tuple[Path, Crafted], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cut = _copy(built[0], tmp_path, "cut.sqlite")
    once = _copy(built[0], tmp_path, "once.sqlite")
    try:
        before = _ids(cut, "invoice")
        _cut_after_first_step(cut, TODAY, monkeypatch)
        assert _ids(cut, "invoice") < before  # the first step's payers are done
        with cut.read() as session:
            assert session.execute(text("SELECT count(*) FROM retention_run")).scalar() == 0
        # Some payers' older history is gone: the days before the new start are
        # refused at once, not when the run is whole.
        assert held_from(cut) == START
        monkeypatch.undo()
        assert prune_history(cut, TODAY).start == START
        prune_history(once, TODAY)
        for table in HISTORY:
            assert _ids(cut, table) == _ids(once, table), table
    finally:
        cut.close()
        once.close()


def test_a_file_cut_in_its_first_prune_refuses_or_answers_the_days_it_lost(
    built: tuple[Path, Crafted], whole: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cut short, the first prune leaves a file that no longer holds the whole history
    but says it does: the daily roll never runs on it (it has no window), and a day
    before the window is answered from half the history instead of refused."""
    cut = _copy(built[0], tmp_path, "cut_first.sqlite")
    try:
        _cut_after_first_step(cut, TODAY, monkeypatch)
        day = date(2026, 3, 1)
        for code in _all_codes(cut)[:40]:  # the first step's payers
            try:
                answer = quote_json(quote_for(cut, code, day))
            except UserError as refused:
                assert refused.code == "retention.before_window"
                continue
            # Fails: the bills that were open on 1 March and settled by May have gone.
            assert answer == quote_json(quote_for(whole, code, day)), code
    finally:
        cut.close()


def test_a_roll_cut_between_steps_still_answers_the_days_it_allows(
    built: tuple[Path, Crafted], whole: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A roll to a later window cut after its first step: the days between the two
    starts are refused (some payers' history of them is gone), the rest answered right."""
    db = _copy(built[0], tmp_path, "cut_roll.sqlite")
    try:
        prune_history(db, TODAY - timedelta(days=60))
        _cut_after_first_step(db, TODAY, monkeypatch)
        assert held_from(db) == START  # the new start counts from the first step on
        days = (START + timedelta(days=35), TODAY)
        for code in _all_codes(db)[:40]:
            _same_answers(db, whole, code, days)
            with pytest.raises(UserError) as refused:
                quote_for(db, code, START + timedelta(days=20))
            assert refused.value.code == "retention.before_window"
    finally:
        db.close()


def test_the_refusals_name_the_first_day_held(pruned: Database) -> None:
    # A daily report needs no month before its day; a change of holder moves bills
    # from its start's month, which the desk may no longer hold.
    before = START - timedelta(days=1)
    with pytest.raises(UserError) as refused:
        collect_daily_report(pruned, before, None, None, printed_by="x", now=datetime(2026, 11, 22))
    assert refused.value.code == "retention.before_window"
    report = collect_daily_report(
        pruned, START, None, None, printed_by="x", now=datetime(2026, 11, 22)
    )
    assert report is not None
    with pytest.raises(UserError) as refused:
        quote_for(pruned, _all_codes(pruned)[0], START + timedelta(days=34))
    assert refused.value.code == "retention.before_window"

    ensure_demo_users(pruned)
    result, clerk = log_in(pruned, "sluzhitel", DEMO_PASSWORD, "IC1", datetime(2026, 11, 22, 9))
    assert result.ok and clerk is not None
    with pruned.read() as session:
        sub = session.execute(
            text(
                "SELECT p.subscriber_number FROM property p JOIN tenure t ON t.property_id = p.id "
                "AND t.end IS NULL ORDER BY p.id LIMIT 1"
            )
        ).scalar_one()
        code = session.execute(text("SELECT payer_code FROM payer ORDER BY id DESC")).scalar()
    with pytest.raises(ProblemsError) as problems:
        change_holder(
            pruned,
            clerk,
            sub,
            date(2026, 5, 1),
            "ownership",
            "нот. акт № 1/2026",
            datetime(2026, 11, 22, 9),
            payer_code=code,
        )
    codes = [getattr(p.message, "code", p.message) for p in problems.value.problems]
    assert "retention.before_window" in codes


def test_desk_prune_on_a_file_with_no_payers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = open_database(tmp_path / "empty.sqlite")
    empty.close()
    assert main(["--db", str(empty.path), "prune", "--today", "2026-11-22"]) == 0
    assert "нищо за махане" not in capsys.readouterr().out
    db = open_database(empty.path)
    try:
        assert held_from(db) == START
        with db.read() as session:
            assert (
                session.execute(
                    text("SELECT value FROM setting WHERE key = :k"), {"k": HISTORY_FROM}
                ).scalar()
                == START.isoformat()
            )
    finally:
        db.close()
    assert main(["--db", str(empty.path), "prune", "--today", "2026-11-22"]) == 0
    assert "нищо за махане" in capsys.readouterr().out
