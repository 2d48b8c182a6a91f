"""One message catalogue for both languages: services say what happened, the UI and CLI word it.

A service raises ``UserError("shift.held", user="kasier1", since=datetime(...))``: a code
and its values, never a sentence. ``word(code, values)`` turns that into the sentence of
the chosen language, formatting each value as that language writes it (money
"1 234,56 €" in Bulgarian and "€1,234.56" in English, times in Europe/Sofia). The
UI sets the language once when it switches (``set_language``), the CLI from ``--lang``
or ``DESK_LANG``; ``str(error)`` then words in it, so a message computed in a worker
reads the same as one computed on the GUI thread.

No Qt here: the CLI and the services use it too.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from desk.money import Money

SOFIA = ZoneInfo("Europe/Sofia")
LANGUAGES = ("bg", "en")
_language = os.environ.get("DESK_LANG", "bg") if os.environ.get("DESK_LANG") in LANGUAGES else "bg"

# code -> (Bulgarian, English). Values are named in braces: {user}, {amount}.
# Keep codes grouped by the module that raises them; add new ones at the end of the group.
CATALOGUE: dict[str, tuple[str, str]] = {
    # -- generic --------------------------------------------------------------
    "generic.text": ("{text}", "{text}"),
    # -- roles (services check who calls them) ----------------------------------
    "role.refused": (
        "{what}: не е разрешено за роля „{role}“",
        "{what}: not allowed for the role “{role}”",
    ),
    "role.supervisor_only": (
        "{what}: само ръководител или администратор",
        "{what}: supervisors and admins only",
    ),
    "user.inactive": ("потребителят е деактивиран", "this user is deactivated"),
}

# Words that appear as values ({role}, {what}) and are themselves translated.
WORDS: dict[str, tuple[str, str]] = {
    "cashier": ("касиер", "cashier"),
    "clerk": ("служител", "clerk"),
    "supervisor": ("ръководител", "supervisor"),
    "admin": ("администратор", "admin"),
}


def set_language(language: str) -> None:
    global _language
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; known: {', '.join(LANGUAGES)}")
    _language = language


def language() -> str:
    return _language


def money(amount: Money, lang: str | None = None) -> str:
    """ "1 234,56 €" in Bulgarian, "€1,234.56" in English."""
    from babel.numbers import format_currency

    locale = "bg_BG" if (lang or _language) == "bg" else "en_GB"
    return str(format_currency(amount.units, amount.currency, locale=locale))


def number(value: int | Decimal, lang: str | None = None) -> str:
    from babel.numbers import format_decimal

    return str(format_decimal(value, locale="bg_BG" if (lang or _language) == "bg" else "en_GB"))


def when(moment: datetime | date, lang: str | None = None) -> str:
    """A date as dd.mm.yyyy, a moment in Sofia time as dd.mm.yyyy HH:MM (both languages)."""
    if isinstance(moment, datetime):
        if moment.tzinfo is not None:
            moment = moment.astimezone(SOFIA)
        return moment.strftime("%d.%m.%Y %H:%M")
    return moment.strftime("%d.%m.%Y")


def _value(value: Any, lang: str) -> str:
    if isinstance(value, Money):
        return money(value, lang)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, Decimal)):
        return number(value, lang)
    if isinstance(value, (datetime, date)):
        return when(value, lang)
    if isinstance(value, Message):
        return value.text(lang)
    if isinstance(value, str) and value in WORDS:
        return WORDS[value][0 if lang == "bg" else 1]
    return str(value)


def word(code: str, values: Mapping[str, Any] | None = None, lang: str | None = None) -> str:
    """The sentence for ``code`` in ``lang`` (default: the current language).

    An unknown code is taken as a sentence already worded (older call sites)."""
    lang = lang or _language
    entry = CATALOGUE.get(code)
    if entry is None:
        return code
    template = entry[0 if lang == "bg" else 1]
    return template.format(**{k: _value(v, lang) for k, v in (values or {}).items()})


class Message:
    """A code and its values; worded when shown."""

    __slots__ = ("code", "values")

    def __init__(self, code: str, **values: Any) -> None:
        self.code = code
        self.values = values

    def text(self, lang: str | None = None) -> str:
        return word(self.code, self.values, lang)

    def __str__(self) -> str:
        return self.text()

    def __repr__(self) -> str:
        return f"Message({self.code!r}, {self.values!r})"

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Message) and other.code == self.code and other.values == self.values
        )

    def __hash__(self) -> int:
        return hash(self.code)
