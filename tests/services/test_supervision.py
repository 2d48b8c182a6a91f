"""A day's shifts and voids at every desk, checked against plain SQL on the same file."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import insert, text

from desk.models.db import Database
from desk.models.tables import Desk, Payment, Void
from desk.money import Money
from desk.services.context import DeskContext
from desk.services.payments import void_payment
from desk.services.problems import UserError
from desk.services.shifts import open_shift
from desk.services.supervision import ShiftLine, VoidLine, day_shifts, day_voids
from desk.services.users import DEMO_PASSWORD, log_in
from tests.desk_fixtures import CLOSE, NOON, cashier, pay_by_card, pay_cash, work_a_shift

DAY = NOON.date()


def supervisor(db: Database) -> DeskContext:
    result, ctx = log_in(db, "nachalnik", DEMO_PASSWORD, "K1", NOON)
    assert result.ok and ctx is not None
    return ctx


def second_desk_open(db: Database) -> DeskContext:
    """Before K1's day is worked (the scenario has one bill to pay): desk K2 opened at
    13:00 on a 20 € float by the supervisor herself, a cash payment
    voided there at 13:30, the shift left open."""
    with db.write() as session:
        session.execute(
            insert(Desk).values(code="K2", name="Каса 2", kind="pay_desk", last_receipt_number=0)
        )
    result, ctx = log_in(db, "nachalnik", DEMO_PASSWORD, "K2", NOON)
    assert result.ok and ctx is not None
    open_shift(db, ctx, Money(2000), NOON.replace(hour=13))
    paid = pay_cash(db, ctx, NOON.replace(hour=13, minute=10))
    void_payment(
        db,
        ctx,
        paid,
        "двойно плащане",
        "nachalnik",
        DEMO_PASSWORD,
        NOON.replace(hour=13, minute=30),
    )
    return ctx


def test_the_days_shifts_match_the_rows(day_db: Database) -> None:
    second_desk_open(day_db)
    work_a_shift(day_db)

    shifts = day_shifts(day_db, supervisor(day_db), DAY)

    with day_db.read() as session:
        rows = session.execute(
            text(
                "SELECT d.code, u.full_name, s.opened_at, s.closed_at, s.opening_float_cents,"
                " s.expected_cents, s.counted_cents FROM shift s JOIN desk d ON d.id = s.desk_id"
                " JOIN user u ON u.id = s.user_id ORDER BY d.code"
            )
        ).all()
    assert [(s.desk_code, s.cashier, s.opening_float.cents) for s in shifts] == [
        (r[0], r[1], r[4]) for r in rows
    ]
    assert [s.counted for s in shifts] == [None if r[6] is None else Money(r[6]) for r in rows]
    closed, still_open = shifts
    assert closed == ShiftLine(
        id=closed.id,
        desk_code="K1",
        cashier="Мария Петрова",
        opened_at=NOON,
        closed_at=CLOSE,
        opening_float=Money(5000),
        expected=Money(rows[0][5]),
        counted=Money(14340),
    )
    assert closed.expected == Money(14346)
    assert closed.variance == Money(-6)  # a shortage
    # Still open: 20.00 float + 100.00 - 6.54 change - the voided 93.46 cash payment.
    assert (still_open.desk_code, still_open.closed_at, still_open.counted) == ("K2", None, None)
    assert still_open.expected == Money(2000) and still_open.variance is None


def test_a_shift_belongs_to_every_day_it_was_open(day_db: Database) -> None:
    second_desk_open(day_db)  # open since 13:00 on DAY, never closed
    work_a_shift(day_db)  # 12:00 to 18:00 on DAY
    ctx = supervisor(day_db)

    assert [s.desk_code for s in day_shifts(day_db, ctx, DAY - timedelta(1))] == []
    assert [s.desk_code for s in day_shifts(day_db, ctx, DAY + timedelta(3))] == ["K2"]


def test_every_void_of_the_day_with_its_receipts_cashier_and_approver(day_db: Database) -> None:
    second_desk_open(day_db)
    work_a_shift(day_db)

    voids = day_voids(day_db, supervisor(day_db), DAY)

    with day_db.read() as session:
        expected = session.execute(
            text(
                "SELECT v.voided_at, d.code, v.receipt_number, p.receipt_number, p.total_cents,"
                " y.payer_code, v.reason, c.full_name, a.full_name FROM void v"
                " JOIN payment p ON p.id = v.payment_id JOIN payer y ON y.id = p.payer_id"
                " JOIN desk d ON d.id = v.desk_id JOIN user c ON c.id = v.user_id"
                " JOIN user a ON a.id = v.approved_by"
                " WHERE v.voided_at >= :start AND v.voided_at < :end ORDER BY v.voided_at"
            ),
            {"start": datetime(2026, 11, 22), "end": datetime(2026, 11, 23)},
        ).all()
    assert len(expected) == 2
    assert [
        (
            v.voided_at,
            v.desk_code,
            v.receipt_number,
            v.original_receipt,
            v.amount.cents,
            v.payer_code,
            v.reason,
            v.cashier,
            v.approver,
        )
        for v in voids
    ] == [(datetime.fromisoformat(str(r[0])), *r[1:]) for r in expected]
    assert voids[0] == VoidLine(
        voided_at=NOON.replace(minute=10),
        desk_code="K1",
        void_desk_code="K1",
        receipt_number=2,
        original_receipt=1,
        amount=Money(9346),
        payer_code="4000000010",
        reason="грешен платец",
        cashier="Мария Петрова",
        approver="Стефан Колев",
    )
    assert day_voids(day_db, supervisor(day_db), date(2026, 11, 21)) == ()


def test_a_cashier_is_refused_both(day_db: Database) -> None:
    ctx = cashier(day_db)
    open_shift(day_db, ctx, Money(0), NOON)
    pay_by_card(day_db, ctx)
    with pytest.raises(UserError, match="само ръководител"):
        day_shifts(day_db, ctx, DAY)
    with pytest.raises(UserError, match="само ръководител"):
        day_voids(day_db, ctx, DAY)


def test_a_pulled_void_made_elsewhere_or_at_no_desk_is_the_payments(day_db: Database) -> None:
    """Data pulled from older versions: a K1 payment voided at K2, one naming no desk."""
    ctx = cashier(day_db)
    open_shift(day_db, ctx, Money(0), NOON)
    paid = pay_by_card(day_db, ctx)
    with day_db.write() as session:
        session.execute(
            insert(Desk).values(code="K2", name="Каса 2", kind="pay_desk", last_receipt_number=0)
        )
        k2 = session.execute(text("SELECT id FROM desk WHERE code = 'K2'")).scalar_one()
        session.execute(
            insert(Void).values(
                payment_id=paid.payment_id,
                voided_at=NOON.replace(minute=5),
                reason="стар запис",
                desk_id=k2,
                user_id=ctx.user_id,
                receipt_number=7,
            )
        )
        later = pay_cash_row(session, ctx)
        session.execute(
            insert(Void).values(
                payment_id=later,
                voided_at=NOON.replace(minute=6),
                reason="без каса",
                desk_id=None,
                user_id=ctx.user_id,
                receipt_number=8,
            )
        )
    voids = day_voids(day_db, supervisor(day_db), DAY)
    assert [(v.reason, v.desk_code, v.void_desk_code) for v in voids] == [
        ("стар запис", "K1", "K2"),
        ("без каса", "K1", ""),
    ]


def pay_cash_row(session: Any, ctx: DeskContext) -> str:
    """A K1 payment as a row (pulled), for a void to name."""
    payment = "00000000-0000-4000-8000-000000000077"
    session.execute(
        insert(Payment).values(
            id=payment,
            payer_id=1,
            paid_at=NOON.replace(minute=1),
            method="cash",
            currency="EUR",
            total_cents=500,
            cash_cents=500,
            tendered_cents=500,
            desk_id=ctx.desk_id,
            user_id=ctx.user_id,
            receipt_number=99,
        )
    )
    return payment
