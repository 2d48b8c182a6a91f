"""The statement's figures are the cashier's quote, grouped for the notice."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import insert

from desk.billing.quote import Quote, quote
from desk.models.db import Database, open_database
from desk.models.tables import Desk
from desk.money import Money
from desk.services.accounts import load_account
from desk.services.agreements import create_agreement
from desk.services.desk_identity import set_this_desk
from desk.services.importer import import_data
from desk.services.problems import UserError
from desk.services.statement import StatementData, statement_data
from desk.services.users import DEMO_PASSWORD, ensure_demo_users, log_in
from tests.conftest import SHARED
from tests.desk_fixtures import NOON

ON = date(2026, 11, 22)
SCENARIOS = sorted((SHARED / "scenarios").glob("*.json"))


def scenario_db(path: Path, scenario: Path) -> Database:
    db = open_database(path)
    import_data(db, json.loads(scenario.read_text("utf-8"))["data"])
    return db


def payers(scenario: Path) -> list[str]:
    data = json.loads(scenario.read_text("utf-8"))["data"]
    return [p["payer_code"] for p in data["payers"]]


@pytest.fixture
def court_db(tmp_path: Path) -> Iterator[Database]:
    db = scenario_db(
        tmp_path / "court.sqlite", SHARED / "scenarios/court_case_and_final_warning.json"
    )
    yield db
    db.close()


def the_quote(db: Database, payer_code: str, on: date = ON) -> Quote:
    with db.read() as session:
        account = load_account(session, payer_code)
    assert account is not None
    return quote(account, on)


def test_a_payer_in_warning_gets_the_final_warning_and_each_overdue_bill(
    court_db: Database,
) -> None:
    data = statement_data(court_db, "4000000127", ON)
    assert data.final_warning
    assert data.payer_name == "Стоян Христов Илиев"
    assert [h.subscriber_number for h in data.holdings] == ["1000012"]
    assert [(x.item, x.period, x.balance.plain()) for x in data.overdue] == [
        ("0000000005", "2026-06", "40.00"),
        ("0000000006", "2026-07", "35.00"),
    ]
    assert data.current == () and data.installments == ()
    assert data.overdue_total.plain() == "75.00"
    assert data.to_pay.plain() == "75.00"


def test_a_payer_at_court_order_sees_one_court_item_with_its_stage_and_no_warning(
    court_db: Database,
) -> None:
    data = statement_data(court_db, "4000000119", ON)
    assert not data.final_warning
    (court,) = data.overdue
    assert (court.item, court.stage, court.case_number) == ("CC-11", "order", "4711/2026 СРС")
    assert (court.costs, court.interest, court.principal) == (
        Money.zero(),
        Money.parse("15.00"),
        Money.parse("300.00"),
    )
    # The invoices the case covers are not lines of their own; the current bill is.
    assert [x.item for x in data.current] == ["0000000004"]
    assert data.overdue_total.plain() == "315.00"
    assert data.balance.plain() == "370.00"


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda p: p.stem)
def test_every_figure_is_the_cashiers_quote(tmp_path: Path, scenario: Path) -> None:
    db = scenario_db(tmp_path / "s.sqlite", scenario)
    try:
        for code in payers(scenario):
            data = statement_data(db, code, ON)
            q = the_quote(db, code)
            assert_matches_quote(data, q)
    finally:
        db.close()


def assert_matches_quote(data: StatementData, q: Quote) -> None:
    lines = data.current + data.overdue + data.installments
    assert sorted(x.item for x in lines) == sorted(e.item for e in q.items if e.selected)
    for line in lines:
        entry = q.item(line.item)
        assert (line.balance, line.overdue, line.original) == (
            entry.balance,
            entry.overdue,
            entry.original,
        )
    assert all(x.overdue for x in data.overdue)
    assert all(x.kind == "agreement" for x in data.installments)
    assert data.overdue_total == q.totals.overdue
    assert data.balance == q.totals.balance
    assert data.credit == q.credit
    assert data.discount == q.totals.discount
    assert data.to_pay == (q.totals.to_pay - q.credit).max(Money.zero())
    # The final warning exactly where the desk shows one, and only with something overdue.
    assert data.final_warning == ("final_warning" in q.banners)
    assert data.final_warning <= q.totals.overdue.positive
    # The paper adds up: open - later installments - credit - discounts = to pay.
    assert all(q.item(x.item).selected for x in data.installments)
    later = [e for e in q.items if not e.selected]
    assert data.later_count == len(later)
    assert data.later_installments == sum((e.balance for e in later), Money.zero())
    assert all(e.kind == "agreement" and e.deadline > data.due_until for e in later)
    assert data.balance - data.later_installments - data.credit_used - data.discount == data.to_pay


def test_an_agreement_installment_overdue_is_listed_as_overdue(tmp_path: Path) -> None:
    scenario = SHARED / "scenarios/commercial_discount_needs_everything_paid.json"
    db = scenario_db(tmp_path / "a.sqlite", scenario)
    try:
        data = statement_data(db, "4000000044", ON)
    finally:
        db.close()
    assert [(x.item, x.kind) for x in data.overdue] == [("AG-4/3", "agreement")]
    assert [x.item for x in data.current] == ["0000000003"]


def test_leva_bills_show_euro_and_their_leva_original(tmp_path: Path) -> None:
    scenario = SHARED / "scenarios/leva_balance_and_february_deadline.json"
    db = scenario_db(tmp_path / "l.sqlite", scenario)
    try:
        data = statement_data(db, "4000000051", ON)
    finally:
        db.close()
    (line,) = data.overdue
    assert line.balance.currency == "EUR" and line.balance.plain() == "30.68"
    assert line.original is not None and str(line.original) == "100.00 BGN"


def test_a_mistyped_or_unknown_payer_code_is_refused(court_db: Database) -> None:
    with pytest.raises(UserError, match="контролна цифра"):
        statement_data(court_db, "4000000128", ON)
    with pytest.raises(UserError, match="няма такъв платец"):
        statement_data(court_db, "4000000135", ON)


def agree_on_the_warned_bills(db: Database, months: int = 12) -> None:
    """The clerk at IC1 makes 4000000127 an agreement over its two warned bills."""
    with db.write() as session:
        session.execute(
            insert(Desk).values(code="IC1", name="Информационен център", kind="info_centre")
        )
    set_this_desk(db, "IC1")
    ensure_demo_users(db)
    result, ctx = log_in(db, "sluzhitel", DEMO_PASSWORD, "IC1", NOON)
    assert result.ok and ctx is not None
    create_agreement(db, ctx, "4000000127", ["0000000005", "0000000006"], None, months, 10, NOON)


def test_no_final_warning_once_a_kept_agreement_covers_the_warned_bills(
    court_db: Database,
) -> None:
    agree_on_the_warned_bills(court_db)
    q = the_quote(court_db, "4000000127")
    assert "final_warning" not in q.banners  # nothing overdue: the desk agrees (one rule)
    data = statement_data(court_db, "4000000127", ON)
    assert data.overdue == () and data.overdue_total.plain() == "0.00"
    assert not data.final_warning
    # A year later, nothing paid: the agreement is breached, the warning is back.
    later = statement_data(court_db, "4000000127", date(2027, 11, 22))
    assert later.overdue and later.final_warning


def test_only_the_installments_due_within_31_days_are_listed(court_db: Database) -> None:
    agree_on_the_warned_bills(court_db)  # 12 x 6.25, due on the 10th from 10.12.2026
    data = statement_data(court_db, "4000000127", ON)
    assert data.due_until == date(2026, 12, 23)
    assert [(x.item, x.deadline, x.balance.plain()) for x in data.installments] == [
        ("AG-IC1-20261122-1/1", date(2026, 12, 10), "6.25")
    ]
    assert (data.later_count, data.later_installments.plain()) == (11, "68.75")
    assert data.balance.plain() == "75.00"
    assert data.to_pay.plain() == "6.25"
    assert_matches_quote(data, the_quote(court_db, "4000000127"))
