"""desk.money: one constructor, one rounding rule, no floats (STYLE.md pattern 1)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desk.money import (
    BGN,
    EUR,
    Money,
    MoneyError,
    currency_on,
    format_money,
    round_cents,
    to_bgn,
    to_eur,
)


@pytest.mark.parametrize(
    ("text", "cents"),
    [("84.20", 8420), ("0.00", 0), ("0.01", 1), ("-3.05", -305), ("1234567.89", 123456789)],
)
def test_parse_reads_the_interchange_form(text: str, cents: int) -> None:
    assert Money.parse(text) == Money(cents, EUR)
    assert Money.parse(text).plain() == text


@given(st.integers(min_value=-(10**12), max_value=10**12), st.sampled_from([EUR, BGN]))
@settings(max_examples=200, deadline=None)
def test_plain_and_parse_round_trip(cents: int, currency: str) -> None:
    money = Money(cents, currency)
    assert Money.parse(money.plain(), currency) == money


@pytest.mark.parametrize(
    "text", ["84,2", "84,20", "1.5", "1.500", "1", ".50", "1e2", " 1.50", "1.50 ", "", "€1.00"]
)
def test_parse_refuses_what_is_not_two_decimals(text: str) -> None:
    with pytest.raises(MoneyError, match="not an amount"):
        Money.parse(text)


@pytest.mark.parametrize("value", [1.5, 84.2, 10, None, Decimal("1.50")])
def test_parse_refuses_anything_but_text(value: object) -> None:
    with pytest.raises(MoneyError):
        Money.parse(value)  # type: ignore[arg-type]


@pytest.mark.parametrize("cents", [1.5, 100.0, Decimal(100), "100", True])
def test_cents_must_be_an_int(cents: object) -> None:
    with pytest.raises(TypeError):
        Money(cents)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [0.1, 1.5, 84.2])
def test_of_refuses_floats(value: float) -> None:
    # DOMAIN.md "Currency": money is never a float; STYLE.md: no floats anywhere.
    with pytest.raises((MoneyError, TypeError)):
        Money.of(value)  # type: ignore[arg-type]


def test_of_takes_decimal_int_and_text_and_rounds_half_up() -> None:
    assert Money.of(Decimal("12.345")) == Money(1235)
    assert Money.of(Decimal("12.344")) == Money(1234)
    assert Money.of(7) == Money(700)
    assert Money.of("0.005") == Money(1)
    with pytest.raises(MoneyError):
        Money.of("abc")
    with pytest.raises(MoneyError):
        Money.of(Decimal("NaN"))


def test_unknown_currency_is_refused() -> None:
    with pytest.raises(MoneyError):
        Money(100, "USD")


def test_adding_and_subtracting_in_one_currency() -> None:
    assert Money.parse("84.20") + Money.parse("15.80") == Money.parse("100.00")
    assert Money.parse("84.20") - Money.parse("100.00") == Money.parse("-15.80")
    assert -Money.parse("1.00") == Money.parse("-1.00")


def test_mixing_currencies_raises() -> None:
    euro, leva = Money.parse("1.00", EUR), Money.parse("1.00", BGN)
    with pytest.raises(MoneyError):
        _ = euro + leva
    with pytest.raises(MoneyError):
        _ = leva - euro
    with pytest.raises(MoneyError):
        euro.min(leva)
    with pytest.raises(MoneyError):
        euro.max(leva)


def test_adding_a_number_raises() -> None:
    with pytest.raises(TypeError):
        _ = Money.parse("1.00") + 1  # type: ignore[operator]


@pytest.mark.parametrize(
    ("amount", "rate", "expected"),
    [
        ("75.40", 3, "2.26"),  # 2.262
        ("61.30", 3, "1.84"),  # 1.839
        ("61.30", 50, "30.65"),
        ("96.35", 3, "2.89"),  # 2.8905
        ("84.20", 3, "2.53"),  # 2.526
        ("0.50", 1, "0.01"),  # 0.005: half a cent rounds up
        ("1.50", 1, "0.02"),  # 0.015: half-up, not half-even
        ("2.50", 1, "0.03"),  # 0.025: half-up, not half-even
        ("0.49", 1, "0.00"),  # 0.0049
        ("0.01", 50, "0.01"),  # 0.005
    ],
)
def test_percent_rounds_half_up_to_the_cent(amount: str, rate: int, expected: str) -> None:
    assert Money.parse(amount).percent(Decimal(rate)) == Money.parse(expected)


def test_round_cents_is_half_up() -> None:
    assert round_cents(Decimal("0.5")) == 1
    assert round_cents(Decimal("1.5")) == 2
    assert round_cents(Decimal("2.5")) == 3
    assert round_cents(Decimal("2.4999")) == 2


@pytest.mark.parametrize(
    ("leva", "euro"),
    [("100.00", "51.13"), ("60.00", "30.68"), ("1.95583", None), ("120.00", "61.36")],
)
def test_to_eur_at_the_fixed_rate(leva: str, euro: str | None) -> None:
    if euro is None:
        assert to_eur(Money.of(Decimal(leva), BGN)) == Money.parse("1.00")
        return
    assert to_eur(Money.parse(leva, BGN)) == Money.parse(euro)


def test_to_eur_leaves_euro_alone_and_to_bgn_goes_back() -> None:
    assert to_eur(Money.parse("12.34")) == Money.parse("12.34")
    assert to_bgn(Money.parse("51.13")) == Money.parse("100.00", BGN)
    assert to_bgn(Money.parse("1.00", BGN)) == Money.parse("1.00", BGN)


def test_currency_changes_on_the_first_day_of_2026() -> None:
    assert currency_on(date(2025, 12, 31)) == BGN
    assert currency_on(date(2026, 1, 1)) == EUR


def _spaces(text: str) -> str:
    return text.replace("\xa0", " ").replace("\u202f", " ")


def test_format_money_the_bulgarian_way() -> None:
    assert _spaces(format_money(Money.parse("1234.56"))) == "1 234,56 €"
    assert _spaces(format_money(Money.parse("0.05"))) == "0,05 €"
    assert _spaces(format_money(Money.parse("84.20"))) == "84,20 €"
