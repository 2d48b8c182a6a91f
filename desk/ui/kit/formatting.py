"""How amounts, dates and domain words look on the cashier's screens.

Words from the domain (kinds of item, court stages) are marked here and
translated when shown, so the language can switch at any time.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale

from desk.money import Money, format_money

# Amounts as a cashier types them: "100", "100,5", "1 234,56", "93.46".
_TYPED_AMOUNT = re.compile(r"^\d{1,9}([.,]\d{1,2})?$")
_GROUPED_WITH_COMMAS = re.compile(r"^\d{1,3}(,\d{3})+(\.\d{1,2})?$")  # 1,234.56 in English

KINDS = {
    "monthly": QT_TRANSLATE_NOOP("Words", "Monthly bill"),
    "installment": QT_TRANSLATE_NOOP("Words", "Plan installment"),
    "settlement": QT_TRANSLATE_NOOP("Words", "Settlement"),
    "other": QT_TRANSLATE_NOOP("Words", "Other"),
    "agreement": QT_TRANSLATE_NOOP("Words", "Agreement installment"),
    "court": QT_TRANSLATE_NOOP("Words", "Court award"),
}
COURT_STAGES = {
    "warning": QT_TRANSLATE_NOOP("Words", "final warning"),
    "filed": QT_TRANSLATE_NOOP("Words", "application filed"),
    "order": QT_TRANSLATE_NOOP("Words", "enforcement order"),
    "writ": QT_TRANSLATE_NOOP("Words", "writ of execution"),
    "enforcement": QT_TRANSLATE_NOOP("Words", "at a bailiff"),
}
TENURES = {
    "ownership": QT_TRANSLATE_NOOP("Words", "owner"),
    "use": QT_TRANSLATE_NOOP("Words", "right of use"),
    "tenancy": QT_TRANSLATE_NOOP("Words", "tenant"),
}
METHODS = {
    "cash": QT_TRANSLATE_NOOP("Words", "cash"),
    "card": QT_TRANSLATE_NOOP("Words", "card"),
    "split": QT_TRANSLATE_NOOP("Words", "cash and card"),
    "credit": QT_TRANSLATE_NOOP("Words", "credit"),
}


def word(table: dict[str, str], key: str) -> str:
    """The translated word for ``key``, or the key itself when the table lacks it."""
    source = table.get(key)
    return QCoreApplication.translate("Words", source) if source else key


def money_text(amount: Money) -> str:
    """ "1 234,56 €" in Bulgarian, "€1,234.56" in English (the UI language decides)."""
    return _money_text(amount.cents, amount.currency, QLocale().name())


@lru_cache(maxsize=8192)
def _money_text(cents: int, currency: str, locale: str) -> str:
    # babel takes ~0.1 ms an amount, and a tick formats every row again: a desk
    # meets the same few thousand amounts all day.
    return format_money(Money(cents, currency), locale)


def date_text(day: date | None) -> str:
    return "" if day is None else f"{day:%d.%m.%Y}"


def time_text(moment: datetime | None) -> str:
    return "" if moment is None else f"{moment:%d.%m.%Y %H:%M}"


def parse_amount(text: str) -> Money | None:
    """A typed amount in euro, or None when the text is not one.

    Either mark is a decimal one ("93,46", "93.46"); the UI language's thousands mark
    may group the digits: a space in Bulgarian ("1 234,56"), a comma in English
    ("1,234.56"). Anything else is not an amount (said so, never guessed at)."""
    compact = text.replace(" ", "").replace("\xa0", "").replace("€", "")
    if QLocale().groupSeparator() == "," and _GROUPED_WITH_COMMAS.match(compact):
        compact = compact.replace(",", "")
    if not _TYPED_AMOUNT.match(compact):
        return None
    return Money.of(Decimal(compact.replace(",", ".")))
