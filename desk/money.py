"""Amounts of money: one constructor, one rounding rule, leva to euro.

An amount is an integer number of cents and a currency. Nothing here uses
floats. Rounding happens only in :func:`round_cents` (half-up to the cent),
which every percentage and conversion goes through.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

EUR = "EUR"
BGN = "BGN"
CURRENCIES = (EUR, BGN)

# DOMAIN.md "Currency": the fixed rate since 2026-01-01.
BGN_PER_EUR = Decimal("1.95583")
EURO_DAY = date(2026, 1, 1)
# Cash in leva was accepted until this day (DOMAIN.md "Currency").
LAST_LEVA_CASH_DAY = date(2026, 1, 31)
# Receipts show leva beside euro through this day (DOMAIN.md "Currency").
LAST_DUAL_DISPLAY_DAY = date(2026, 12, 31)

_AMOUNT_TEXT = re.compile(r"-?[0-9]{1,12}\.[0-9]{2}")  # ASCII, matched whole


class MoneyError(ValueError):
    """A text or value that is not an amount of money."""


def round_cents(value: Decimal) -> int:
    """Round a value in cents half-up to a whole cent: the one rounding rule."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True, order=True, slots=True)
class Money:
    """An exact amount: integer cents in one currency."""

    cents: int
    currency: str = EUR

    def __post_init__(self) -> None:
        if type(self.cents) is not int:
            raise TypeError(f"Money needs integer cents, got {type(self.cents).__name__}")
        if self.currency not in CURRENCIES:
            raise MoneyError(f"unknown currency: {self.currency!r}")

    # -- construction -------------------------------------------------------
    @classmethod
    def parse(cls, text: str, currency: str = EUR) -> Money:
        """Parse the interchange form: a string with exactly two decimals ("84.20")."""
        if not isinstance(text, str) or not _AMOUNT_TEXT.fullmatch(text):
            raise MoneyError(f"not an amount: {text!r}")
        return cls(round_cents(Decimal(text) * 100), currency)

    @classmethod
    def of(cls, value: Decimal | int | str, currency: str = EUR) -> Money:
        """An amount from a Decimal number of units (euro, leva), rounded half-up."""
        if isinstance(value, float):
            raise MoneyError(f"money is never a float: {value!r}")
        try:
            units = Decimal(value)
        except (InvalidOperation, TypeError) as exc:
            raise MoneyError(f"not an amount: {value!r}") from exc
        if not units.is_finite():
            raise MoneyError(f"not an amount: {value!r}")
        return cls(round_cents(units * 100), currency)

    @classmethod
    def zero(cls, currency: str = EUR) -> Money:
        return cls(0, currency)

    # -- arithmetic ---------------------------------------------------------
    def _same(self, other: Money) -> None:
        if not isinstance(other, Money):
            raise TypeError(f"cannot combine Money with {type(other).__name__}")
        if other.currency != self.currency:
            raise MoneyError(f"cannot combine {self.currency} with {other.currency}")

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.cents + other.cents, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.cents - other.cents, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.cents, self.currency)

    def percent(self, rate: Decimal) -> Money:
        """``rate`` percent of this amount, rounded half-up to the cent."""
        return Money(round_cents(Decimal(self.cents) * rate / 100), self.currency)

    def min(self, other: Money) -> Money:
        self._same(other)
        return self if self.cents <= other.cents else other

    def max(self, other: Money) -> Money:
        self._same(other)
        return self if self.cents >= other.cents else other

    @property
    def is_zero(self) -> bool:
        return self.cents == 0

    @property
    def positive(self) -> bool:
        return self.cents > 0

    @property
    def units(self) -> Decimal:
        return Decimal(self.cents) / 100

    # -- presentation -------------------------------------------------------
    def plain(self) -> str:
        """The interchange form: "84.20", "-3.05"."""
        sign = "-" if self.cents < 0 else ""
        whole, cents = divmod(abs(self.cents), 100)
        return f"{sign}{whole}.{cents:02d}"

    def __str__(self) -> str:
        return f"{self.plain()} {self.currency}"


def to_eur(amount: Money) -> Money:
    """Convert leva to euro at the fixed rate, half-up to the cent (DOMAIN.md "Currency")."""
    if amount.currency == EUR:
        return amount
    return Money(round_cents(Decimal(amount.cents) / BGN_PER_EUR), EUR)


def to_bgn(amount: Money) -> Money:
    """The leva counter-value of a euro amount, shown on receipts through 2026."""
    if amount.currency == BGN:
        return amount
    return Money(round_cents(Decimal(amount.cents) * BGN_PER_EUR), BGN)


def currency_on(day: date) -> str:
    """The currency invoices and payments were in on ``day``."""
    return EUR if day >= EURO_DAY else BGN


def format_money(amount: Money, locale: str = "bg_BG") -> str:
    """Format the Bulgarian way: "1 234,56 €" (babel, CLDR data)."""
    from babel.numbers import format_currency

    return str(format_currency(amount.units, amount.currency, locale=locale))
