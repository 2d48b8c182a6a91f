"""Checking a billing export (INTERCHANGE.md "desk import") field by field.

Every problem names its JSON path (``invoices[3].amount: not an amount: "84,2"``).
The checker turns valid input into plain records; nothing here writes.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from stdnum import luhn

from desk.billing.calendar import parse_period
from desk.identifiers import INVOICE_NUMBER, PAYER_CODE, SUBSCRIBER_NUMBER, check_id_number
from desk.messages import Message
from desk.money import BGN, EUR, EURO_DAY, Money, MoneyError
from desk.services.contacts import email_problem, phone_e164
from desk.services.problems import Problem

T = TypeVar("T")
SOFIA = ZoneInfo("Europe/Sofia")
FORMAT = "desk/1"
PAYER_KINDS = ("person", "company")
TENURE_KINDS = ("ownership", "use", "tenancy")
INVOICE_KINDS = ("monthly", "installment", "settlement", "other")
METHODS = ("cash", "card", "split", "credit")
_INSTALLMENT_ITEM = re.compile(r"(.+)/([0-9]{1,4})")  # ASCII, matched whole
# The id of a plan, court case, agreement or payment: ASCII letters, digits and - _ .,
# starting with a letter or digit (no "/": an installment is named "AG-1/2").
RECORD_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
ID_LIMIT = 40  # the id columns
PAYMENT_ID_LIMIT = 36  # payment.id: a UUID fits
# Longest text per field (the columns' lengths; README "The import file").
TEXT_LIMIT = 200
LIMITS = {"district": 80, "case_number": 60, "id_number": 13, "phone": 40}
SHOWN = 60  # a value quoted in a refusal is cut to this many characters
# Dates, months and moments: the years a utility's records can be in.
YEARS = range(1900, 2200)
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_MOMENT = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.,][0-9]{1,6})?)?)?"
    r"(Z|[+-][0-9]{2}(:?[0-9]{2})?)?"
)
# An amount, and a payment's total, at most 10 000 000.00: the cents columns are 32-bit
# integers in PostgreSQL (at most 21 474 836.47).
MAX_CENTS = 10_000_000_00
# Control, format (bidi overrides, zero-width), surrogate, private and unassigned
# characters are refused in every text: none belongs in a name or an address.
_BAD_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})


# What a value should have been, in a refusal ("not a date (YYYY-MM-DD): ...").
DATE, MONTH, MOMENT = "import.what.date", "import.what.month", "import.what.moment"


def show(value: Any) -> str:
    """The value as JSON, cut to SHOWN characters: a refusal never repeats a huge value."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (ValueError, RecursionError):
        text = repr(type(value).__name__)
    if len(text) > SHOWN:
        return text[: SHOWN - 1] + "…"
    return text


def bad_character(text: str) -> str | None:
    """The first character no text may hold, as U+XXXX, or None."""
    for char in text:
        if unicodedata.category(char) in _BAD_CATEGORIES:
            return f"U+{ord(char):04X}"
    return None


@dataclass
class Checker:
    """Collects problems; each ``need_*`` returns the parsed value or None."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, where: str, code: str, /, **values: Any) -> None:
        """A problem at ``where``: a catalogue code (desk/messages.py) and its values."""
        self.problems.append(Problem(where, Message(code, **values)))

    def obj(self, where: str, value: Any) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.add(where, "import.not_object", value=show(value))
            return None
        return value

    def records(self, section: str, rows: list[Any]) -> Iterator[tuple[str, dict[str, Any]]]:
        """Each object of a section with its JSON path; non-objects are problems."""
        for i, raw in enumerate(rows):
            where = f"{section}[{i}]"
            record = self.obj(where, raw)
            if record is not None:
                yield where, record

    def payer_ref(self, where: str, obj: dict[str, Any], codes: set[str]) -> str | None:
        """A payer code that must be valid and known (in the file or the database)."""
        code = self.payer_code(where, obj)
        self.known(f"{where}.payer_code", code, codes.__contains__, "payer")
        return code

    def property_ref(self, where: str, obj: dict[str, Any], subs: set[str]) -> str | None:
        sub = self.subscriber(where, obj)
        self.known(f"{where}.subscriber_number", sub, subs.__contains__, "property")
        return sub

    def array(self, data: dict[str, Any], key: str) -> list[Any]:
        value = data.get(key, [])
        if not isinstance(value, list):
            self.add(key, "import.not_list", value=show(value))
            return []
        return value

    def text(
        self,
        where: str,
        obj: dict[str, Any],
        key: str,
        *,
        optional: bool = False,
        pattern: re.Pattern[str] | None = None,
        what: str = "import.what.text",
        choices: tuple[str, ...] | None = None,
        limit: int | None = None,
    ) -> str | None:
        """A string, at most ``limit`` characters (LIMITS or TEXT_LIMIT), without control
        characters, matching ``pattern`` whole when one is given."""
        path = f"{where}.{key}"
        if key not in obj:
            if not optional:
                self.add(path, "import.missing")
            return None
        value = obj[key]
        if value is None and optional:
            return None
        if not isinstance(value, str) or not value.strip():
            self.add(path, "import.not_a", what=Message(what), value=show(value))
            return None
        limit = limit or LIMITS.get(key, TEXT_LIMIT)
        if len(value) > limit:
            self.problems.append(
                Problem(path, Message("import.too_long", limit=limit, length=len(value)))
            )
            return None
        bad = bad_character(value)
        if bad is not None:
            self.problems.append(
                Problem(path, Message("import.bad_character", char=bad, value=show(value)))
            )
            return None
        if pattern is not None and not pattern.fullmatch(value):
            self.add(path, "import.not_a", what=Message(what), value=show(value))
            return None
        if choices is not None and value not in choices:
            self.add(path, "import.not_one_of", choices=", ".join(choices), value=show(value))
            return None
        return value

    def day(
        self, where: str, obj: dict[str, Any], key: str, *, optional: bool = False
    ) -> date | None:
        raw = self.text(where, obj, key, optional=optional, what=DATE, limit=10)
        if raw is None:
            return None
        try:
            if not _DAY.fullmatch(raw):  # fromisoformat takes "2026-W01-1" too
                raise ValueError
            day = date.fromisoformat(raw)
        except ValueError:
            self.add(f"{where}.{key}", "import.not_a", what=Message(DATE), value=show(raw))
            return None
        return self.in_years(f"{where}.{key}", day.year, day)

    def month(self, where: str, obj: dict[str, Any], key: str) -> str | None:
        raw = self.text(where, obj, key, what=MONTH, limit=7)
        if raw is None:
            return None
        try:
            year, _ = parse_period(raw)
        except ValueError:
            self.add(f"{where}.{key}", "import.not_a", what=Message(MONTH), value=show(raw))
            return None
        return self.in_years(f"{where}.{key}", year, raw)

    def moment(self, where: str, obj: dict[str, Any], key: str) -> datetime | None:
        """ISO 8601; no zone means Europe/Sofia; stored as naive Sofia local time."""
        raw = self.text(where, obj, key, what=MOMENT, limit=40)
        if raw is None:
            return None
        try:
            if not _MOMENT.fullmatch(raw):
                raise ValueError
            moment = datetime.fromisoformat(raw)
        except ValueError:
            self.add(f"{where}.{key}", "import.not_a", what=Message(MOMENT), value=show(raw))
            return None
        if self.in_years(f"{where}.{key}", moment.year, moment) is None:
            return None
        if moment.tzinfo is not None:  # (in range: 0001-01-01 UTC+14 would overflow)
            moment = moment.astimezone(SOFIA).replace(tzinfo=None)
        return moment

    def in_years(self, path: str, year: int, value: T) -> T | None:
        """``value`` if its year is one the import takes (YEARS), else a problem."""
        if year in YEARS:
            return value
        self.add(path, "import.year_out_of_range", low=str(YEARS[0]), high=str(YEARS[-1]))
        return None

    def amount(
        self,
        where: str,
        obj: dict[str, Any],
        key: str,
        currency: str = EUR,
        *,
        optional: bool = False,
        negative: bool = False,
    ) -> Money | None:
        path = f"{where}.{key}"
        if key not in obj:
            if not optional:
                self.add(path, "import.missing")
            return None
        value = obj[key]
        if value is None and optional:
            return None
        try:
            money = Money.parse(value, currency)
        except MoneyError:
            self.add(path, "import.not_amount", value=show(value))
            return None
        if money.cents < 0 and not negative:
            self.add(path, "import.negative", value=show(value))
            return None
        if abs(money.cents) > MAX_CENTS:
            self.add(path, "import.amount_too_big", limit=Money(MAX_CENTS, currency))
            return None
        return money

    def flag(self, where: str, obj: dict[str, Any], key: str) -> bool:
        value = obj.get(key, False)
        if not isinstance(value, bool):
            self.add(f"{where}.{key}", "import.not_bool", value=show(value))
            return False
        return value

    def payer_code(self, where: str, obj: dict[str, Any], key: str = "payer_code") -> str | None:
        code = self.text(where, obj, key, pattern=PAYER_CODE, what="import.what.payer_code")
        if code is not None and not luhn.is_valid(code):
            self.add(f"{where}.{key}", "import.check_digit", value=show(code))
            return None
        return code

    def subscriber(self, where: str, obj: dict[str, Any]) -> str | None:
        return self.text(
            where,
            obj,
            "subscriber_number",
            pattern=SUBSCRIBER_NUMBER,
            what="import.what.subscriber_number",
        )

    def invoice_number(self, where: str, obj: dict[str, Any], key: str = "number") -> str | None:
        return self.text(where, obj, key, pattern=INVOICE_NUMBER, what="import.what.invoice_number")

    def record_id(
        self, where: str, obj: dict[str, Any], key: str = "id", limit: int = ID_LIMIT
    ) -> str | None:
        """A record's id (RECORD_ID, at most ``limit`` characters)."""
        value = self.text(where, obj, key, limit=limit)
        if value is not None and not RECORD_ID.fullmatch(value):
            self.problems.append(
                Problem(f"{where}.{key}", Message("import.bad_id", limit=limit, value=show(value)))
            )
            return None
        return value

    def phone(self, where: str, obj: dict[str, Any], key: str = "phone") -> str | None:
        """The contacts form's rule (a Bulgarian number); stored as E.164 as it stores it."""
        raw = self.text(where, obj, key, optional=True, what="import.what.phone")
        if raw is None:
            return None
        number, problem = phone_e164(raw)
        if problem is not None:
            self.problems.append(Problem(f"{where}.{key}", problem))
        return number

    def email(self, where: str, obj: dict[str, Any], key: str = "email") -> str | None:
        """The contacts form's rule for an e-mail address."""
        raw = self.text(where, obj, key, optional=True, what="import.what.email")
        problem = None if raw is None else email_problem(raw)
        if problem is not None:
            self.problems.append(Problem(f"{where}.{key}", problem))
            return None
        return None if raw is None else raw.strip()

    def known(self, path: str, value: str | None, exists: Callable[[str], bool], what: str) -> None:
        if value is not None and not exists(value):
            self.add(path, f"import.unknown.{what}", value=show(value))

    def id_number(self, where: str, obj: dict[str, Any], kind: str | None) -> str | None:
        raw = self.text(where, obj, "id_number", optional=True, what="import.what.id_number")
        if raw is not None and kind is not None and check_id_number(raw, kind):
            code = "import.not_egn" if kind == "person" else "import.not_eik"
            self.add(f"{where}.id_number", code, value=show(raw))
            return None
        return raw


def currency_of(issued: date) -> str:
    """DOMAIN.md "Currency": invoices issued before 2026 are in leva."""
    return EUR if issued >= EURO_DAY else BGN


def split_installment_item(item: str) -> tuple[str, int] | None:
    match = _INSTALLMENT_ITEM.fullmatch(item)
    if not match:
        return None
    return match.group(1), int(match.group(2))
