"""The cashier's day through the services, on a real SQLite file."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select, text

from desk.models.db import Database
from desk.models.tables import Payment, Receipt
from desk.money import Money
from desk.services.accounts import load_account
from desk.services.payments import Tender, take_payment, void_payment
from desk.services.problems import UserError
from desk.services.quotes import quote_for
from desk.services.shifts import close_shift, current_shift, open_shift
from desk.services.users import DEMO_PASSWORD, log_in
from tests.desk_fixtures import NOON, PAYER, cashier, on_shift, pay_by_card


def test_a_whole_day(day_db: Database) -> None:
    ctx = cashier(day_db)
    open_shift(day_db, ctx, Money.parse("100.00"), NOON)
    q = quote_for(day_db, PAYER, NOON.date())
    assert q.totals.to_pay == Money.parse("93.46")

    done = take_payment(
        day_db,
        ctx,
        PAYER,
        {"0000000003": None},
        Tender(cash=Money(10000)),
        Money.parse("93.46"),
        NOON,
    )
    assert (done.receipt_number, done.change, done.discount) == (
        1,
        Money.parse("6.54"),
        Money.parse("2.89"),
    )
    assert quote_for(day_db, PAYER, NOON.date()).items == ()

    void = void_payment(
        day_db,
        ctx,
        done.payment_id,
        "грешен платец",
        "nachalnik",
        DEMO_PASSWORD,
        NOON.replace(hour=13),
    )
    assert void.receipt_number == 2
    assert quote_for(day_db, PAYER, NOON.date()).totals.to_pay == Money.parse("93.46")

    closed = close_shift(day_db, ctx, {10000: 1}, NOON.replace(hour=18))
    assert closed.expected == Money.parse("100.00")
    assert closed.variance == Money(0)
    assert current_shift(day_db, ctx) is None


def test_no_payment_without_an_open_shift(day_db: Database) -> None:
    with pytest.raises(UserError, match="смяна"):
        take_payment(
            day_db,
            cashier(day_db),
            PAYER,
            {"0000000003": None},
            Tender(cash=Money(10000)),
            Money.parse("93.46"),
            NOON,
        )


def test_less_cash_than_due_is_refused_and_the_series_keeps_no_gap(day_db: Database) -> None:
    ctx = cashier(day_db)
    open_shift(day_db, ctx, Money(0), NOON)
    with pytest.raises(UserError, match="в брой"):
        take_payment(
            day_db,
            ctx,
            PAYER,
            {"0000000003": None},
            Tender(cash=Money(9000)),
            Money.parse("93.46"),
            NOON,
        )
    done = take_payment(
        day_db,
        ctx,
        PAYER,
        {"0000000003": None},
        Tender(cash=Money(5000), card=Money(4346)),
        Money.parse("93.46"),
        NOON,
    )
    assert done.receipt_number == 1
    with day_db.read() as session:
        assert list(session.scalars(select(Receipt.number))) == [1]
        desk_made = select(Payment.method).where(Payment.source == "desk")
        assert list(session.scalars(desk_made)) == ["split"]


def test_overpayment_kept_as_credit_is_spent_first_next_time(day_db: Database) -> None:
    ctx = cashier(day_db)
    open_shift(day_db, ctx, Money(0), NOON)
    done = take_payment(
        day_db,
        ctx,
        PAYER,
        {"0000000003": None},
        Tender(cash=Money(10000), keep_overpayment=True),
        Money.parse("93.46"),
        NOON,
    )
    assert (done.change, done.credit_left) == (Money(0), Money.parse("6.54"))
    with day_db.read() as session:
        account = load_account(session, PAYER)
    assert account is not None
    assert quote_for(day_db, PAYER, NOON.date()).credit == Money.parse("6.54")


def test_a_changed_quote_is_not_paid_blindly(day_db: Database) -> None:
    ctx = cashier(day_db)
    open_shift(day_db, ctx, Money(0), NOON)
    with pytest.raises(UserError, match="промени"):
        take_payment(
            day_db,
            ctx,
            PAYER,
            {"0000000003": None},
            Tender(cash=Money(10000)),
            Money.parse("96.35"),
            NOON,
        )


def test_a_void_needs_a_supervisor_and_the_same_day(day_db: Database) -> None:
    ctx = on_shift(day_db)
    done = pay_by_card(day_db, ctx)
    with pytest.raises(UserError, match="ръководител"):
        void_payment(day_db, ctx, done.payment_id, "грешка", "kasier2", DEMO_PASSWORD, NOON)
    with pytest.raises(UserError, match="деня"):
        void_payment(
            day_db,
            ctx,
            done.payment_id,
            "грешка",
            "nachalnik",
            DEMO_PASSWORD,
            datetime(2026, 11, 23, 9),
        )
    with pytest.raises(UserError, match="парола"):
        void_payment(day_db, ctx, done.payment_id, "грешка", "nachalnik", "wrong", NOON)
    void_payment(day_db, ctx, done.payment_id, "грешка", "nachalnik", DEMO_PASSWORD, NOON)
    with pytest.raises(UserError, match="вече"):
        void_payment(day_db, ctx, done.payment_id, "грешка", "nachalnik", DEMO_PASSWORD, NOON)


def test_payments_cannot_be_edited_or_deleted(day_db: Database) -> None:
    pay_by_card(day_db, on_shift(day_db))
    for statement in (
        "UPDATE payment SET total_cents = 1",
        "DELETE FROM payment",
        "UPDATE allocation SET amount_cents = 1",
        "DELETE FROM receipt",
    ):
        with pytest.raises(Exception, match="append-only"), day_db.write() as session:
            session.execute(text(statement))


def test_five_wrong_passwords_lock_the_account_for_fifteen_minutes(day_db: Database) -> None:
    for _ in range(5):
        result, _ = log_in(day_db, "kasier1", "wrong", "K1", NOON)
        assert not result.ok
    result, _ = log_in(day_db, "kasier1", DEMO_PASSWORD, "K1", NOON.replace(minute=10))
    assert result.problem is not None and "заключен" in str(result.problem)
    result, _ = log_in(day_db, "kasier1", DEMO_PASSWORD, "K1", NOON.replace(minute=16))
    assert result.ok


def test_a_payment_is_voided_only_at_the_desk_that_took_it(day_db: Database) -> None:
    """Its cash is in that desk's drawer: a void elsewhere would misstate both shifts."""
    ctx = on_shift(day_db)
    done = pay_by_card(day_db, ctx)
    with day_db.write() as session:
        session.execute(
            text(
                "INSERT INTO desk (code, name, kind, last_receipt_number) "
                "VALUES ('K2', 'Каса 2', 'pay_desk', 0)"
            )
        )
    result, other = log_in(day_db, "kasier2", DEMO_PASSWORD, "K2", NOON)
    assert other is not None, result.problem
    open_shift(day_db, other, Money(0), NOON)

    with pytest.raises(UserError, match="каса K1"):
        void_payment(
            day_db,
            other,
            done.payment_id,
            "грешна сума",
            "nachalnik",
            DEMO_PASSWORD,
            NOON.replace(minute=5),
        )

    with day_db.read() as session:
        assert session.scalar(text("SELECT count(*) FROM void")) == 0
    void_payment(
        day_db,
        ctx,
        done.payment_id,
        "грешна сума",
        "nachalnik",
        DEMO_PASSWORD,
        NOON.replace(minute=6),
    )  # at K1 it goes through
