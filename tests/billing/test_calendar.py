"""Deadlines and months (DOMAIN.md "Invoices and due dates")."""

from __future__ import annotations

import calendar
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desk.billing.calendar import (
    add_months,
    days_after,
    deadline,
    first_day,
    month_index,
    months_between,
    parse_period,
    period_of,
)

# Consumption month -> due date: the 30th of the next month, or its last day.
DEADLINES_2026 = {
    "2026-01": date(2026, 2, 28),
    "2026-02": date(2026, 3, 30),
    "2026-03": date(2026, 4, 30),
    "2026-04": date(2026, 5, 30),
    "2026-05": date(2026, 6, 30),
    "2026-06": date(2026, 7, 30),
    "2026-07": date(2026, 8, 30),
    "2026-08": date(2026, 9, 30),
    "2026-09": date(2026, 10, 30),
    "2026-10": date(2026, 11, 30),
    "2026-11": date(2026, 12, 30),
    "2026-12": date(2027, 1, 30),
}


@pytest.mark.parametrize(("period", "due"), sorted(DEADLINES_2026.items()))
def test_deadline_is_the_30th_of_the_next_month(period: str, due: date) -> None:
    assert deadline(period) == due


@pytest.mark.parametrize(
    ("period", "due"),
    [
        ("2028-01", date(2028, 2, 29)),  # leap year: February's last day is the 29th
        ("2027-01", date(2027, 2, 28)),
        ("2025-01", date(2025, 2, 28)),
        ("2024-01", date(2024, 2, 29)),
        ("2100-01", date(2100, 2, 28)),  # not a leap year (century)
        ("2000-01", date(2000, 2, 29)),  # a leap year (400)
        ("2025-12", date(2026, 1, 30)),  # December -> January 30th of the next year
        ("2027-12", date(2028, 1, 30)),
    ],
)
def test_deadline_in_february_and_across_the_year(period: str, due: date) -> None:
    assert deadline(period) == due


@given(st.integers(min_value=2000 * 12, max_value=2100 * 12))
@settings(max_examples=200, deadline=None)
def test_every_deadline_is_in_the_next_month_on_the_30th_or_its_last_day(index: int) -> None:
    period = period_of(index)
    due = deadline(period)
    nxt = first_day(period_of(index + 1))
    assert (due.year, due.month) == (nxt.year, nxt.month)
    last = calendar.monthrange(due.year, due.month)[1]
    assert due.day == min(30, last)


@pytest.mark.parametrize("text", ["2026-13", "2026-00", "2026-1", "26-01", "2026/01", ""])
def test_a_period_must_be_yyyy_mm(text: str) -> None:
    with pytest.raises(ValueError):
        parse_period(text)


def test_months_between() -> None:
    assert months_between("2026-05", "2027-03") == 10
    assert months_between("2026-05", "2026-05") == 0
    assert months_between("2026-12", "2027-01") == 1
    assert months_between("2027-01", "2026-12") == -1
    assert months_between("2025-01", "2027-01") == 24


def test_period_of_and_month_index_are_inverse() -> None:
    for period in ("2025-01", "2025-12", "2026-06", "2028-02"):
        assert period_of(month_index(period)) == period


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 3, 31), 1, date(2026, 4, 30)),
        (date(2026, 1, 31), 2, date(2026, 3, 31)),
        (date(2026, 1, 15), 12, date(2027, 1, 15)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2026, 5, 1), -12, date(2025, 5, 1)),
        (date(2026, 1, 10), -1, date(2025, 12, 10)),
        (date(2026, 1, 10), 0, date(2026, 1, 10)),
    ],
)
def test_add_months_clamps_to_the_last_day(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


def test_days_after() -> None:
    assert days_after(date(2026, 7, 10), 31) == date(2026, 8, 10)
    assert days_after(date(2026, 2, 28), 1) == date(2026, 3, 1)
