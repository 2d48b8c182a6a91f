"""Identifiers of the domain: formats, check digits, masking (DOMAIN.md "Identifiers").

Each check returns ``None`` when the text is valid, else a message a cashier
understands (Bulgarian); callers attach the field name.
"""

from __future__ import annotations

import re

from stdnum import luhn
from stdnum.bg import egn, vat
from stdnum.exceptions import ValidationError

SUBSCRIBER_NUMBER = re.compile(r"^\d{7}$")
PAYER_CODE = re.compile(r"^\d{10}$")
INVOICE_NUMBER = re.compile(r"^\d{10}$")


def payer_code_check_digit(first_nine: str) -> str:
    """The Luhn check digit that completes a payer code (our format choice)."""
    return str(luhn.calc_check_digit(first_nine))


def make_payer_code(serial: int) -> str:
    body = f"{serial:09d}"
    return body + payer_code_check_digit(body)


def check_payer_code(text: str) -> str | None:
    if not PAYER_CODE.match(text):
        return "кодът на платец е 10 цифри"
    if not luhn.is_valid(text):
        return "грешна контролна цифра на кода на платец"
    return None


def check_subscriber_number(text: str) -> str | None:
    if not SUBSCRIBER_NUMBER.match(text):
        return "абонатният номер е 7 цифри"
    return None


def check_invoice_number(text: str) -> str | None:
    if not INVOICE_NUMBER.match(text):
        return "номерът на фактура е 10 цифри"
    return None


def check_id_number(text: str, kind: str) -> str | None:
    """EGN (10 digits) for a person, EIK/BULSTAT (9 or 13 digits) for a company."""
    try:
        if kind == "person":
            egn.validate(text)
        else:
            vat.validate(text)
    except ValidationError:
        return "невалидно ЕГН" if kind == "person" else "невалиден ЕИК/БУЛСТАТ"
    return None


def mask_id_number(text: str | None) -> str:
    """Show only the last 4 digits (DOMAIN.md: masked on screens and receipts)."""
    if not text:
        return ""
    return "•" * (len(text) - 4) + text[-4:]
