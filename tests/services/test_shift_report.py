"""The shift report's figures from a real shift on a real SQLite file."""

from __future__ import annotations

import pytest

from desk.models.db import Database
from desk.money import Money
from desk.printing.shift_report import CountLine, ShiftVoidLine
from desk.services.payments import void_payment
from desk.services.problems import UserError
from desk.services.shift_report import shift_expected, shift_report_data
from desk.services.shifts import current_shift
from desk.services.users import DEMO_PASSWORD
from tests.desk_fixtures import (
    CLOSE,
    NOON,
    cashier,
    on_shift,
    pay_by_card,
    pay_cash,
    work_a_shift,
)


def test_a_closed_shift_gives_the_z_report_net_of_its_void(day_db: Database) -> None:
    report = shift_report_data(day_db, work_a_shift(day_db))

    assert report.final and report.closed_at == CLOSE and report.opened_at == NOON
    assert (report.desk_code, report.desk_name, report.cashier) == ("K1", "Каса 1", "Мария Петрова")
    assert report.opening_float == Money(5000)
    assert (report.receipts, report.first_receipt, report.last_receipt) == (3, 1, 3)
    assert (report.cash, report.card, report.credit_used) == (Money(9346), Money(0), Money(0))
    assert report.received == Money(9346)
    assert report.voided == Money(9346)
    assert (report.commercial, report.loyalty) == (Money(289), Money(0))  # the voided 3% is out
    assert report.voids == (
        ShiftVoidLine(
            receipt_number=2,
            original_receipt=1,
            voided_at=NOON.replace(minute=10),
            amount=Money(9346),
            cash=Money(0),
            reason="грешен платец",
            approver="Стефан Колев",
        ),
    )
    assert report.expected == Money(14346)  # 50.00 float + 100.00 - 6.54 change
    assert report.counted == Money(14340)
    assert report.variance == Money(-6)
    assert report.count == (
        CountLine(Money(10000), 1),
        CountLine(Money(2000), 2),
        CountLine(Money(200), 1),
        CountLine(Money(100), 1),
        CountLine(Money(20), 2),
    )
    assert report.count[1].amount == Money(4000)


def test_an_open_shift_gives_an_x_report_with_the_cash_expected_now(day_db: Database) -> None:
    ctx = on_shift(day_db)
    cash = pay_cash(day_db, ctx, NOON)
    void_payment(
        day_db, ctx, cash, "грешна сума", "nachalnik", DEMO_PASSWORD, NOON.replace(minute=5)
    )
    pay_by_card(day_db, ctx)
    shift = current_shift(day_db, ctx)
    assert shift is not None

    report = shift_report_data(day_db, shift.id)

    assert not report.final and report.closed_at is None
    assert (report.receipts, report.first_receipt, report.last_receipt) == (3, 1, 3)
    assert (report.cash, report.card, report.received) == (Money(0), Money(9346), Money(9346))
    assert [(v.amount, v.cash) for v in report.voids] == [(Money(9346), Money(9346))]
    # The voided 100 € note handed back less its 6.54 change leaves the empty float.
    assert report.expected == Money(0) == shift_expected(day_db, ctx)
    assert (report.counted, report.variance, report.count) == (None, None, ())


def test_a_shift_with_nothing_taken_reports_zeros(day_db: Database) -> None:
    ctx = on_shift(day_db)
    shift = current_shift(day_db, ctx)
    assert shift is not None
    report = shift_report_data(day_db, shift.id)
    assert (report.receipts, report.first_receipt, report.last_receipt) == (0, None, None)
    assert (report.received, report.voided, report.voids) == (Money(0), Money(0), ())


def test_no_open_shift_expects_nothing(day_db: Database) -> None:
    assert shift_expected(day_db, cashier(day_db)) is None


def test_an_unknown_shift_is_a_user_error(day_db: Database) -> None:
    with pytest.raises(UserError, match="няма такава смяна"):
        shift_report_data(day_db, "no-such-shift")
