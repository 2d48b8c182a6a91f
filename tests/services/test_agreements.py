"""Installment agreements set up at an information centre, on a real SQLite file."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select

from desk.billing.ledger import build_ledger
from desk.billing.quote import Quote, quote
from desk.models.db import Database, open_database
from desk.models.tables import (
    Agreement,
    AgreementCover,
    AgreementInstallment,
    Allocation,
    AuditEntry,
    Desk,
)
from desk.money import Money
from desk.services.accounts import load_account
from desk.services.agreements import (
    agreement_offer,
    agreement_terms,
    create_agreement,
    first_due_date,
)
from desk.services.context import DeskContext
from desk.services.desk_identity import set_this_desk
from desk.services.importer import import_data
from desk.services.payments import Tender, take_payment
from desk.services.problems import UserError
from desk.services.shifts import open_shift
from desk.services.users import DEMO_PASSWORD, ensure_demo_users, log_in
from tests.conftest import SHARED
from tests.desk_fixtures import NOON

WARNED = "4000000127"  # two overdue bills (40.00, 35.00) under a final warning
IN_COURT = "4000000119"  # a case at `order` (315.00 left of 365.00), a current bill


def scenario_db(path: Path, scenario: str) -> Database:
    db = open_database(path)
    data = json.loads((SHARED / "scenarios" / f"{scenario}.json").read_text("utf-8"))["data"]
    import_data(db, data)
    with db.write() as session:
        session.execute(
            insert(Desk).values(
                [
                    {"code": "IC1", "name": "Информационен център", "kind": "info_centre"},
                    {"code": "K1", "name": "Каса 1", "kind": "pay_desk"},
                ]
            )
        )
    set_this_desk(db, "IC1")
    ensure_demo_users(db)
    return db


def as_user(db: Database, username: str, desk: str = "IC1") -> DeskContext:
    result, ctx = log_in(db, username, DEMO_PASSWORD, desk, NOON)
    assert result.ok and ctx is not None
    return ctx


@pytest.fixture
def court_db(tmp_path: Path) -> Iterator[Database]:
    db = scenario_db(tmp_path / "desk.sqlite", "court_case_and_final_warning")
    yield db
    db.close()


def current_quote(db: Database, payer_code: str) -> Quote:
    with db.read() as session:
        account = load_account(session, payer_code)
    assert account is not None
    return quote(account, NOON.date())


def test_the_offer_is_the_overdue_bills_and_the_court_sums(court_db: Database) -> None:
    warned = agreement_offer(court_db, WARNED, NOON.date())
    in_court = agreement_offer(court_db, IN_COURT, NOON.date())

    # Bills under a final warning are ordinary overdue bills.
    assert [(i.item, i.balance) for i in warned.items] == [
        ("0000000005", Money.parse("40.00")),
        ("0000000006", Money.parse("35.00")),
    ]
    # The case at `order` is one item; the current bill (due 30.11) is not overdue.
    assert [(i.item, i.kind, i.balance) for i in in_court.items] == [
        ("CC-11", "court", Money.parse("315.00"))
    ]


def test_the_first_due_date_is_the_next_such_day_after_today() -> None:
    assert first_due_date(date(2026, 11, 22), 10) == date(2026, 12, 10)
    assert first_due_date(date(2026, 11, 22), 23) == date(2026, 11, 23)
    assert first_due_date(date(2026, 11, 22), 22) == date(2026, 12, 22)  # not today
    assert first_due_date(date(2026, 12, 30), 5) == date(2027, 1, 5)


def test_a_saved_agreement_replaces_the_bills_by_its_installments(court_db: Database) -> None:
    clerk = as_user(court_db, "sluzhitel")
    done = create_agreement(
        court_db, clerk, WARNED, ["0000000006", "0000000005"], Money.parse("15.00"), 3, 10, NOON
    )

    assert done.id == "AG-IC1-20261122-1"
    assert done.total == Money.parse("75.00")
    assert [(i.seq, i.due, i.amount.plain()) for i in done.installments] == [
        (0, date(2026, 12, 10), "15.00"),
        (1, date(2027, 1, 10), "20.00"),
        (2, date(2027, 2, 10), "20.00"),
        (3, date(2027, 3, 10), "20.00"),
    ]
    assert sum((i.amount for i in done.installments), Money.zero()) == done.total
    assert [i.item for i in done.items] == ["0000000005", "0000000006"]  # oldest first

    after = current_quote(court_db, WARNED)
    keys = [e.item for e in after.items]
    assert "0000000005" not in keys and "0000000006" not in keys
    assert keys == [f"{done.id}/{n}" for n in range(4)]
    # The default selection takes the installment due within 31 days (10.12), not the rest.
    assert [e.item for e in after.items if e.selected] == [f"{done.id}/0"]
    assert after.good_standing and after.totals.overdue == Money.zero()
    assert "agreement:active" in after.banners
    # Offered no more: a kept agreement covers them.
    assert agreement_offer(court_db, WARNED, NOON.date()).items == ()

    with court_db.read() as session:
        agreement = session.scalars(select(Agreement)).one()
        assert (agreement.signed, agreement.down_payment_cents) == (NOON.date(), 1500)
        assert session.scalar(select(func.count()).select_from(AgreementCover)) == 2
        assert session.scalar(select(func.count()).select_from(AgreementInstallment)) == 4
        audit = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "agreement_created")
        ).one()
        assert audit.details is not None and done.id in audit.details


def test_a_court_sum_in_24_months_the_last_takes_the_remainder(court_db: Database) -> None:
    clerk = as_user(court_db, "sluzhitel")
    first = create_agreement(court_db, clerk, WARNED, ["0000000005"], None, 2, 1, NOON)
    done = create_agreement(court_db, clerk, IN_COURT, ["CC-11"], None, 24, 28, NOON)

    assert (first.id, done.id) == ("AG-IC1-20261122-1", "AG-IC1-20261122-2")
    amounts = [i.amount.cents for i in done.installments]
    assert [i.seq for i in done.installments] == list(range(1, 25))  # no down payment
    assert amounts[:23] == [1312] * 23 and amounts[23] == 31500 - 1312 * 23 == 1324
    assert done.installments[0].due == date(2026, 11, 28)
    assert done.installments[-1].due == date(2028, 10, 28)
    after = current_quote(court_db, IN_COURT)
    assert "CC-11" not in [e.item for e in after.items]
    assert "0000000004" in [e.item for e in after.items]  # the current bill stays as it is


@pytest.mark.parametrize(
    ("items", "down", "months", "day", "message"),
    [
        (["0000000005"], None, 1, 10, "брой вноски: от 2 до 24"),
        (["0000000005"], None, 25, 10, "брой вноски: от 2 до 24"),
        (["0000000005"], "40.00", 3, 10, "първоначална вноска: трябва да е по-малка"),
        (["0000000005"], None, 3, 29, "ден от месеца: от 1 до 28"),
        ([], None, 3, 10, "задължения: изберете поне едно"),
        (["0000000004"], None, 3, 10, "задължения: 0000000004 вече не е просрочено"),
        (["0000000001"], None, 3, 10, "задължения: 0000000001 вече не е"),  # another payer's
    ],
)
def test_each_problem_names_its_field_and_nothing_is_written(
    court_db: Database,
    items: list[str],
    down: str | None,
    months: int,
    day: int,
    message: str,
) -> None:
    clerk = as_user(court_db, "sluzhitel")
    down_payment = Money.parse(down) if down else None
    with pytest.raises(UserError, match=message):
        create_agreement(court_db, clerk, WARNED, items, down_payment, months, day, NOON)
    with court_db.read() as session:
        assert session.scalar(select(func.count()).select_from(Agreement)) == 0
        assert session.scalar(select(func.count()).select_from(AgreementInstallment)) == 0


def test_the_terms_show_every_problem_at_once() -> None:
    terms = agreement_terms([], Money.parse("-1.00"), 30, 0, NOON.date())
    assert [p.where for p in terms.problems] == [
        "задължения",
        "брой вноски",
        "ден от месеца",
        "първоначална вноска",
    ]
    assert terms.installments == ()


def test_a_cashier_takes_an_installment_and_it_settles_the_oldest_bill(
    court_db: Database,
) -> None:
    done = create_agreement(
        court_db,
        as_user(court_db, "sluzhitel"),
        WARNED,
        ["0000000005", "0000000006"],
        None,
        3,
        10,
        NOON,
    )
    cashier = as_user(court_db, "kasier1")
    open_shift(court_db, cashier, Money(0), NOON)
    first = f"{done.id}/1"
    take_payment(
        court_db, cashier, WARNED, {first: None}, Tender(cash=Money(2500)), Money(2500), NOON
    )

    after = current_quote(court_db, WARNED)
    assert first not in [e.item for e in after.items]
    with court_db.read() as session:
        row = session.execute(
            select(AgreementInstallment.agreement_id, AgreementInstallment.seq).join(
                Allocation, Allocation.installment_id == AgreementInstallment.id
            )
        ).one()
        assert tuple(row) == (done.id, 1)
    # The money settled the covered bills oldest first: 25.00 of the 40.00 bill.
    with court_db.read() as session:
        account = load_account(session, WARNED)
    assert account is not None
    ledger = build_ledger(account, NOON.date())
    assert ledger.items["0000000005"].balance == Money.parse("15.00")
    assert ledger.items["0000000006"].balance == Money.parse("35.00")
