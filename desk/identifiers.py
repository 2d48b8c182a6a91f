"""Identifiers of the domain: formats, check digits, masking (DOMAIN.md "Identifiers").

Each check returns ``None`` when the text is valid, else a ``Message`` (a catalogue
code, desk/messages.py) worded in the UI's language when shown; callers attach the
field name.
"""

from __future__ import annotations

import re

from stdnum import luhn
from stdnum.bg import egn
from stdnum.exceptions import ValidationError

from desk.messages import Message

# ASCII digits only, matched whole (``fullmatch``): ``\d`` would take "٠" or "𝟘" and
# ``$`` a trailing newline, and each would make a second, different key for one record.
SUBSCRIBER_NUMBER = re.compile(r"[0-9]{7}")
PAYER_CODE = re.compile(r"[0-9]{10}")
INVOICE_NUMBER = re.compile(r"[0-9]{10}")
ASCII_DIGITS = re.compile(r"[0-9]+")


def payer_code_check_digit(first_nine: str) -> str:
    """The Luhn check digit that completes a payer code (our format choice)."""
    return str(luhn.calc_check_digit(first_nine))


def make_payer_code(serial: int) -> str:
    body = f"{serial:09d}"
    return body + payer_code_check_digit(body)


def check_payer_code(text: str) -> Message | None:
    if not PAYER_CODE.fullmatch(text):
        return Message("id.payer_code_digits")
    if not luhn.is_valid(text):
        return Message("id.payer_code_check_digit")
    return None


def check_subscriber_number(text: str) -> Message | None:
    if not SUBSCRIBER_NUMBER.fullmatch(text):
        return Message("id.subscriber_number_digits")
    return None


def check_invoice_number(text: str) -> Message | None:
    if not INVOICE_NUMBER.fullmatch(text):
        return Message("id.invoice_number_digits")
    return None


def check_id_number(text: str, kind: str) -> Message | None:
    """EGN (10 digits) for a person, EIK/BULSTAT (9 or 13 digits) for a company."""
    if kind == "person":
        if not ASCII_DIGITS.fullmatch(text) or len(text) != 10:
            return Message("id.egn_invalid")
        try:
            egn.validate(text)
        except ValidationError:
            return Message("id.egn_invalid")
        return None
    return None if eik_is_valid(text) else Message("id.eik_invalid")


def _eik_digit(digits: str, first: tuple[int, ...], second: tuple[int, ...]) -> int:
    """The Registry Agency's check digit: weights mod 11, a second set on 10, 10 → 0."""
    for weights in (first, second):
        rest = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
        if rest != 10:
            return rest
    return 0


def eik_is_valid(text: str) -> bool:
    """EIK/BULSTAT: 9 digits, or 13 for a branch (the 9 plus 4 with their own check)."""
    if not ASCII_DIGITS.fullmatch(text) or len(text) not in (9, 13):
        return False
    if _eik_digit(text[:8], tuple(range(1, 9)), tuple(range(3, 11))) != int(text[8]):
        return False
    if len(text) == 9:
        return True
    return _eik_digit(text[8:12], (2, 7, 3, 5), (4, 9, 5, 7)) == int(text[12])


def mask_id_number(text: str | None) -> str:
    """Show only the last 4 digits (DOMAIN.md: masked on screens and receipts)."""
    if not text:
        return ""
    return "•" * (len(text) - 4) + text[-4:]


def is_ascii_digits(text: str, length: int | None = None) -> bool:
    """Only the digits 0-9 (``str.isdigit`` takes "٣" and "𝟛" too), ``length`` of them."""
    return bool(ASCII_DIGITS.fullmatch(text)) and (length is None or len(text) == length)
