"""Agreement schedules with the down payment due on its own day (DOWN_PAYMENT_DUE_ON_SIGNING)."""

from __future__ import annotations

from datetime import date

import pytest

from desk.billing.schedule import ScheduleError, agreement_schedule
from desk.money import Money


def test_a_down_payment_on_its_own_day_leaves_the_installments_on_the_first_due() -> None:
    schedule = agreement_schedule(
        Money(10001),
        months=3,
        first_due=date(2026, 12, 10),
        down_payment=Money(1000),
        down_payment_due=date(2026, 11, 22),
    )
    assert [(i.seq, i.due, i.amount.cents) for i in schedule] == [
        (0, date(2026, 11, 22), 1000),
        (1, date(2026, 12, 10), 3000),
        (2, date(2027, 1, 10), 3000),
        (3, date(2027, 2, 10), 3001),  # the last takes the remainder
    ]
    assert sum((i.amount for i in schedule), Money.zero()) == Money(10001)


def test_without_a_down_payment_its_day_changes_nothing() -> None:
    plain = agreement_schedule(Money(9000), months=3, first_due=date(2026, 12, 10))
    dated = agreement_schedule(
        Money(9000), months=3, first_due=date(2026, 12, 10), down_payment_due=date(2026, 11, 22)
    )
    assert plain == dated and [i.seq for i in dated] == [1, 2, 3]


def test_the_down_payment_falls_before_the_first_installment() -> None:
    with pytest.raises(ScheduleError, match="преди първата вноска"):
        agreement_schedule(
            Money(9000),
            months=3,
            first_due=date(2026, 12, 10),
            down_payment=Money(1000),
            down_payment_due=date(2026, 12, 10),
        )
