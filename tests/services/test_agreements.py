"""Installment agreements set up at an information centre, on a real SQLite file."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select

from desk.billing import policy
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
    BreachedAgreement,
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
    # The down payment is due on the signing day; the installments start on the day chosen.
    assert [(i.seq, i.due, i.amount.plain()) for i in done.installments] == [
        (0, date(2026, 11, 22), "15.00"),
        (1, date(2026, 12, 10), "20.00"),
        (2, date(2027, 1, 10), "20.00"),
        (3, date(2027, 2, 10), "20.00"),
    ]
    assert sum((i.amount for i in done.installments), Money.zero()) == done.total
    assert [i.item for i in done.items] == ["0000000005", "0000000006"]  # oldest first

    after = current_quote(court_db, WARNED)
    keys = [e.item for e in after.items]
    assert "0000000005" not in keys and "0000000006" not in keys
    assert keys == [f"{done.id}/{n}" for n in range(4)]
    # The default selection takes what is due within 31 days (22.11, 10.12), not the rest.
    assert [e.item for e in after.items if e.selected] == [f"{done.id}/0", f"{done.id}/1"]
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
    assert [p.field() for p in terms.problems] == [
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


def test_a_down_payment_not_paid_is_overdue_the_next_day_and_breaches_a_month_on(
    court_db: Database,
) -> None:
    done = create_agreement(
        court_db,
        as_user(court_db, "sluzhitel"),
        WARNED,
        ["0000000005", "0000000006"],
        Money(1000),
        2,
        10,
        NOON,
    )
    with court_db.read() as session:
        account = load_account(session, WARNED)
    assert account is not None
    down = f"{done.id}/0"
    assert quote(account, date(2026, 11, 22)).good_standing  # due today: on time
    assert quote(account, date(2026, 11, 23)).item(down).overdue
    assert not quote(account, date(2026, 11, 23)).good_standing
    # Unpaid 30 days after the signing day: breached (not 30 days after the 10.12 installment).
    assert "agreement:active" in quote(account, date(2026, 12, 22)).banners
    assert "agreement:breached" in quote(account, date(2026, 12, 23)).banners


def test_with_the_old_reading_the_down_payment_takes_the_first_day(
    court_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(policy, "DOWN_PAYMENT_DUE_ON_SIGNING", False)
    terms = agreement_terms(
        agreement_offer(court_db, WARNED, NOON.date()).items, Money(1500), 3, 10, NOON.date()
    )
    assert [(i.seq, i.due) for i in terms.installments] == [
        (0, date(2026, 12, 10)),
        (1, date(2027, 1, 10)),
        (2, date(2027, 2, 10)),
        (3, date(2027, 3, 10)),
    ]


def test_a_total_changed_since_it_was_shown_is_refused_and_nothing_is_written(
    court_db: Database,
) -> None:
    clerk = as_user(court_db, "sluzhitel")
    shown = agreement_offer(court_db, WARNED, NOON.date())
    shown_total = sum((i.balance for i in shown.items), Money.zero())
    assert shown_total == Money.parse("75.00")
    # Meanwhile a cashier takes 10.00 off the older bill.
    cashier = as_user(court_db, "kasier1")
    open_shift(court_db, cashier, Money(0), NOON)
    take_payment(
        court_db,
        cashier,
        WARNED,
        {"0000000005": Money(1000)},
        Tender(cash=Money(1000)),
        Money(1000),
        NOON,
    )
    keys = [i.item for i in shown.items]
    with pytest.raises(UserError, match="задължения: сумата се промени: 75,00\xa0€ → 65,00\xa0€"):
        create_agreement(court_db, clerk, WARNED, keys, None, 3, 10, NOON, shown_total=shown_total)
    with court_db.read() as session:
        assert session.scalar(select(func.count()).select_from(Agreement)) == 0
    # Read again and shown anew, it saves: 65.00.
    again = agreement_offer(court_db, WARNED, NOON.date())
    total = sum((i.balance for i in again.items), Money.zero())
    done = create_agreement(court_db, clerk, WARNED, keys, None, 3, 10, NOON, shown_total=total)
    assert done.total == Money.parse("65.00")


def test_a_breached_agreement_is_in_the_offer(court_db: Database) -> None:
    signed = datetime(2026, 9, 1, 12, 0)  # both bills overdue by then
    done = create_agreement(
        court_db,
        as_user(court_db, "sluzhitel"),
        WARNED,
        ["0000000005", "0000000006"],
        None,
        2,
        10,
        signed,
    )
    assert [i.due for i in done.installments] == [date(2026, 9, 10), date(2026, 10, 10)]
    # Nothing paid: 30 days after 10.09 it is breached, from 11.10 on.
    kept = agreement_offer(court_db, WARNED, date(2026, 10, 10))
    assert kept.breached == () and kept.items == ()
    offer = agreement_offer(court_db, WARNED, NOON.date())
    assert offer.breached == (BreachedAgreement(done.id, date(2026, 10, 11), Money(7500)),)
    assert offer.items == ()  # the installments stand for the bills: not agreed again
    assert "agreement:breached" in current_quote(court_db, WARNED).banners
