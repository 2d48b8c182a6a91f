"""desk.identifiers: formats, check digits and masking (DOMAIN.md "Identifiers")."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desk.identifiers import (
    check_id_number,
    check_invoice_number,
    check_payer_code,
    check_subscriber_number,
    make_payer_code,
    mask_id_number,
    payer_code_check_digit,
)

# Real check digits: EGN 7523169263 and 8032056031, EIK 175074752 and 131071587;
# 1750747520019 is a 13-digit EIK (branch 001 of 175074752: weights 2,7,3,5 give 9).
VALID_EGN = ["7523169263", "8032056031"]
VALID_EIK_9 = ["175074752", "131071587"]
VALID_EIK_13 = "1750747520019"


def test_luhn_payer_codes() -> None:
    assert check_payer_code("4000000010") is None
    assert check_payer_code("4000000028") is None
    assert str(check_payer_code("4000000017")) == "грешна контролна цифра на кода на платец"


@pytest.mark.parametrize("text", ["400000001", "40000000100", "40000000a0", "", " 4000000010"])
def test_payer_code_must_be_ten_digits(text: str) -> None:
    assert str(check_payer_code(text)) == "кодът на платец е 10 цифри"


@given(st.integers(min_value=0, max_value=999_999_999))
@settings(max_examples=100, deadline=None)
def test_made_payer_codes_are_valid_and_any_other_last_digit_is_not(serial: int) -> None:
    code = make_payer_code(serial)
    assert len(code) == 10
    assert code[:9] == f"{serial:09d}"
    assert code[9] == payer_code_check_digit(code[:9])
    assert check_payer_code(code) is None
    for digit in "0123456789":
        if digit != code[9]:
            assert check_payer_code(code[:9] + digit) is not None


def test_a_swap_of_two_adjacent_digits_is_caught() -> None:
    # The point of the check digit: a mistyped code is caught at the desk.
    code = make_payer_code(123456789)
    swapped = code[0] + code[2] + code[1] + code[3:]
    assert check_payer_code(swapped) is not None


def test_subscriber_and_invoice_number_formats() -> None:
    assert check_subscriber_number("1000001") is None
    assert check_subscriber_number("100001") is not None
    assert check_subscriber_number("10000011") is not None
    assert check_invoice_number("0000000001") is None
    assert check_invoice_number("000000001") is not None
    assert check_invoice_number("00000000x1") is not None


@pytest.mark.parametrize("egn", VALID_EGN)
def test_valid_egn(egn: str) -> None:
    assert check_id_number(egn, "person") is None


@pytest.mark.parametrize("egn", ["7523169264", "752316926", "75231692630", "7513169263"])
def test_invalid_egn(egn: str) -> None:
    assert str(check_id_number(egn, "person")) == "невалидно ЕГН"


@pytest.mark.parametrize("eik", VALID_EIK_9)
def test_valid_nine_digit_eik(eik: str) -> None:
    assert check_id_number(eik, "company") is None


def test_valid_thirteen_digit_eik() -> None:
    # DOMAIN.md "Identifiers": company numbers are 9 or 13 digits with check digits.
    assert check_id_number(VALID_EIK_13, "company") is None


def test_thirteen_digit_eik_with_a_wrong_check_digit() -> None:
    assert str(check_id_number(VALID_EIK_13[:-1] + "8", "company")) == "невалиден ЕИК/БУЛСТАТ"


@pytest.mark.parametrize("eik", ["175074753", "17507475", "1750747521"])
def test_invalid_eik(eik: str) -> None:
    assert str(check_id_number(eik, "company")) == "невалиден ЕИК/БУЛСТАТ"


def test_an_egn_is_not_a_company_number() -> None:
    # DOMAIN.md: ЕИК/БУЛСТАТ has 9 or 13 digits; a 10-digit EGN is a person's number.
    assert str(check_id_number(VALID_EGN[0], "company")) == "невалиден ЕИК/БУЛСТАТ"


def test_an_eik_is_not_a_personal_number() -> None:
    assert str(check_id_number(VALID_EIK_9[0], "person")) == "невалидно ЕГН"


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("7523169263", "••••••9263"),
        ("175074752", "•••••4752"),
        (VALID_EIK_13, "•••••••••0019"),
    ],
)
def test_masking_shows_only_the_last_four_digits(number: str, masked: str) -> None:
    shown = mask_id_number(number)
    assert shown == masked
    assert shown[-4:] == number[-4:]
    assert not any(ch.isdigit() for ch in shown[:-4])
    assert len(shown) == len(number)


def test_masking_nothing_is_empty() -> None:
    assert mask_id_number(None) == ""
    assert mask_id_number("") == ""
