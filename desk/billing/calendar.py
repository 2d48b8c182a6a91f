"""Dates of the domain: periods, deadlines, months (DOMAIN.md "Invoices and due dates")."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from functools import lru_cache

from desk.billing import policy

_PERIOD = re.compile(r"([0-9]{4})-(0[1-9]|1[0-2])")  # ASCII, matched whole


def parse_period(text: str) -> tuple[int, int]:
    match = _PERIOD.fullmatch(text)
    if not match:
        raise ValueError(f"not a month: {text!r}")
    return int(match.group(1)), int(match.group(2))


def month_index(period: str) -> int:
    year, month = parse_period(period)
    return year * 12 + month - 1


def period_of(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def months_between(first: str, later: str) -> int:
    """Whole months from ``first`` to ``later`` ("2026-05" to "2027-03" is 10)."""
    return month_index(later) - month_index(first)


def first_day(period: str) -> date:
    year, month = parse_period(period)
    return date(year, month, 1)


def add_months(day: date, months: int) -> date:
    """Same day of month ``months`` later, clamped to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


@lru_cache(maxsize=1024)  # asked for every bill of every account opened: a few dozen months
def deadline(period: str) -> date:
    """Due by the 30th day of the next month; in a shorter month by its last day."""
    year, month = divmod(month_index(period) + 1, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(policy.DEADLINE_DAY, last))


def days_after(day: date, days: int) -> date:
    return day + timedelta(days=days)
