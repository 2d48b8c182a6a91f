"""How amounts, dates and domain words look on the desk's screens, every role's.

Words from the domain (kinds of item, court stages) are marked here and
translated when shown, so the language can switch at any time.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache

from babel.numbers import get_decimal_symbol, get_group_symbol, parse_decimal
from PySide6.QtCore import QCoreApplication, QDate, QLocale

from desk.money import Money, format_money
from desk.ui.i18n import QT_TRANSLATE_NOOP

# The shapes of an amount as a cashier types it, once spaces and the € sign are gone:
# up to nine digits of euro, up to two of cents after either mark ("100", "100,5",
# "93.46"); or, where the language groups with a comma (English), digits so grouped
# ("1,234.56"). Babel reads the number; alone it would take more than these ("-5",
# "1e3", "1_000", a third decimal). ``\d`` is Unicode's: another script's digits
# ("١٢٣", "１２３") are read as their values, as they always were.
_TYPED_AMOUNT = re.compile(r"^\d{1,9}([.,]\d{1,2})?$")
_GROUPED_WITH_COMMAS = re.compile(r"^\d{1,3}(,\d{3})+(\.\d{1,2})?$")
_EITHER_MARK = re.compile(r"[.,]")

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


def python_date(day: QDate) -> date:
    """The day a date field holds, as a ``date``: what ``QDate.toPython()`` returns, but
    typed (PySide6's stub says ``object``)."""
    return date(day.year(), day.month(), day.day())


def parse_amount(text: str) -> Money | None:
    """A typed amount in euro, or None when the text is not one.

    Either mark is a decimal one ("93,46", "93.46"); the UI language's thousands mark
    may group the digits: a space in Bulgarian ("1 234,56"), a comma in English
    ("1,234.56"). Anything else is not an amount (said so, never guessed at)."""
    compact = text.replace(" ", "").replace("\xa0", "").replace("€", "")
    locale = QLocale().name()
    if _TYPED_AMOUNT.match(compact):
        typed = _EITHER_MARK.sub(get_decimal_symbol(locale), compact)
    elif get_group_symbol(locale) == "," and _grouped_within_limit(compact):
        typed = compact
    else:
        return None
    # Not strict: the shape is checked above, and strict babel refuses a leading zero
    # before a group ("0,123"), which the desk has always read as 123.
    return Money.of(parse_decimal(typed, locale))


def _grouped_within_limit(compact: str) -> bool:
    """ "1,234.56": grouped by commas, and nine digits of euro at most, as ungrouped."""
    if not _GROUPED_WITH_COMMAS.match(compact):
        return False
    return len(compact.partition(".")[0].replace(",", "")) <= 9
