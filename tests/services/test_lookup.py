"""The one search field (desk.services.lookup) on a real, imported SQLite file."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from desk.models.db import Database
from desk.services.importer import import_data
from desk.services.lookup import classify, fts_query, search

IVAN = "4000000010"
MARIA = "4000000028"
FIRM = "4000000044"
ON = date(2026, 11, 22)


def _payer(
    code: str, name: str, kind: str = "person", address: str | None = None
) -> dict[str, Any]:
    return {
        "payer_code": code,
        "kind": kind,
        "name": name,
        "id_number": None,
        "phone": None,
        "email": None,
        "address": address,
        "e_invoice": False,
    }


def _tenure(code: str, sub: str, start: str, end: str | None = None) -> dict[str, Any]:
    return {
        "payer_code": code,
        "subscriber_number": sub,
        "kind": "ownership",
        "start": start,
        "end": end,
    }


DATA: dict[str, Any] = {
    "format": "desk/1",
    "properties": [
        {
            "subscriber_number": "1000001",
            "district": "Младост",
            "address": "ж.к. Младост 1, бл. 12, ап. 9",
        },
        {
            "subscriber_number": "1000002",
            "district": "Лозенец",
            "address": "ул. Милин камък 5, ап. 2",
        },
        {"subscriber_number": "1000003", "district": "Люлин", "address": "ж.к. Люлин 3, бл. 301"},
    ],
    "payers": [
        _payer(IVAN, "Иван Петров Иванов"),
        _payer(MARIA, "Мария Георгиева Димитрова"),
        _payer(FIRM, "Топлина ООД", kind="company", address="ул. Витоша 1"),
    ],
    "tenures": [
        # Ivan sold 1000001 to Maria; he still holds 1000002.
        _tenure(IVAN, "1000001", "2015-03-01", "2025-10-14"),
        _tenure(MARIA, "1000001", "2025-10-15"),
        _tenure(IVAN, "1000002", "2020-01-01"),
        _tenure(FIRM, "1000003", "2018-06-01"),
    ],
    "invoices": [
        {
            "number": "0000000007",
            "subscriber_number": "1000002",
            "payer_code": IVAN,
            "period": "2026-10",
            "kind": "monthly",
            "issued": "2026-11-05",
            "amount": "84.20",
            "currency": "EUR",
            "plan": None,
        },
        {
            "number": "0000000008",
            "subscriber_number": "1000001",
            "payer_code": IVAN,
            "period": "2025-09",
            "kind": "monthly",
            "issued": "2025-10-05",
            "amount": "120.00",
            "currency": "BGN",
            "plan": None,
        },
    ],
}


@pytest.fixture
def filled(db: Database) -> Database:
    import_data(db, DATA)
    return db


def _pairs(db: Database, query: str) -> list[tuple[str, str]]:
    return [(h.payer_code, h.subscriber_number) for h in search(db, query, ON).hits]


def test_by_subscriber_number_current_holder_first(filled: Database) -> None:
    result = search(filled, "1000001", ON)
    assert result.problem is None
    assert [(h.payer_code, h.current, h.matched) for h in result.hits] == [
        (MARIA, True, "subscriber"),
        (IVAN, False, "subscriber"),
    ]
    hit = result.hits[0]
    assert (hit.name, hit.district) == ("Мария Георгиева Димитрова", "Младост")


def test_surrounding_spaces_are_ignored(filled: Database) -> None:
    assert _pairs(filled, "  1000002 ") == [(IVAN, "1000002")]


def test_by_payer_code_every_property_the_payer_held(filled: Database) -> None:
    result = search(filled, IVAN, ON)
    assert result.problem is None
    assert [(h.subscriber_number, h.current, h.matched) for h in result.hits] == [
        ("1000002", True, "payer"),
        ("1000001", False, "payer"),
    ]


def test_by_invoice_number_its_payer_at_its_property(filled: Database) -> None:
    result = search(filled, "0000000008", ON)
    assert result.problem is None
    assert [(h.payer_code, h.subscriber_number, h.matched) for h in result.hits] == [
        (IVAN, "1000001", "invoice")
    ]


def test_a_payer_code_with_a_wrong_check_digit_is_a_problem_with_no_hits(filled: Database) -> None:
    result = search(filled, "4000000017", ON)
    assert result.hits == ()
    assert result.problem is not None
    assert "контролна цифра" in str(result.problem)


def test_an_unknown_valid_code_has_no_hits_and_no_problem(filled: Database) -> None:
    result = search(filled, "4000000036", ON)
    assert (result.hits, result.problem) == ((), None)


def test_other_digit_counts_are_a_problem(filled: Database) -> None:
    for query in ("12345", "100000", "100000123"):
        result = search(filled, query, ON)
        assert result.hits == ()
        assert result.problem is not None


@pytest.mark.parametrize(
    "query", ["иван", "ИВАН", "Иван", "иВаН", "ив", "петров", "иван петр", "ИВАНОВ ПЕТ"]
)
def test_words_of_a_name_in_any_case_by_prefix(filled: Database, query: str) -> None:
    assert set(_pairs(filled, query)) == {(IVAN, "1000002"), (IVAN, "1000001")}
    assert all(h.matched == "words" for h in search(filled, query, ON).hits)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # Every holder of the property, the current one first: a former owner
        # may come to pay for their own periods.
        ("млад", [(MARIA, "1000001"), (IVAN, "1000001")]),
        ("МЛАДОСТ бл", [(MARIA, "1000001"), (IVAN, "1000001")]),
        ("лозенец", [(IVAN, "1000002")]),
        ("милин КАМ", [(IVAN, "1000002")]),
        ("люлин 301", [(FIRM, "1000003")]),
        ("топлина", [(FIRM, "1000003")]),
        ("витоша", [(FIRM, "1000003")]),  # the payer's own address
    ],
)
def test_words_of_an_address_or_district(
    filled: Database, query: str, expected: list[tuple[str, str]]
) -> None:
    assert _pairs(filled, query) == expected


@pytest.mark.parametrize("query", ["ивн", "иванова", "мария иван", "", "  ", "!!"])
def test_words_that_match_nothing(filled: Database, query: str) -> None:
    assert search(filled, query, ON).hits == ()


def test_search_is_current_for_the_day_asked(filled: Database) -> None:
    before_sale = search(filled, "1000001", date(2025, 10, 14))
    assert [(h.payer_code, h.current) for h in before_sale.hits] == [(IVAN, True), (MARIA, False)]


def test_quotes_in_words_cannot_break_the_fts_query(filled: Database) -> None:
    assert {h.payer_code for h in search(filled, 'иван"', ON).hits} == {IVAN}
    assert search(filled, 'иван" OR "мария', ON).hits == ()  # OR is a word here, not syntax
    assert fts_query('a"b') == '"a" AND "b"'
    assert fts_query("бл. 12 ив") == '"бл"* AND "12" AND "ив"*'
    assert fts_query("...") is None


def test_classify() -> None:
    assert classify("1000001") == "subscriber"
    assert classify(" 4000000010 ") == "code"
    assert classify("123") == "digits"
    assert classify("Иван") == "words"


@pytest.mark.parametrize("query", ["иван милин", "ЛОЗЕНЕЦ петров", "милин иванов 5"])
def test_words_of_a_name_and_an_address_together(filled: Database, query: str) -> None:
    assert _pairs(filled, query) == [(IVAN, "1000002")]


def test_the_index_follows_a_renamed_payer_and_a_moved_address(filled: Database) -> None:
    from sqlalchemy import update

    from desk.models.tables import Payer, Property

    with filled.write() as session:
        session.execute(update(Payer).where(Payer.payer_code == FIRM).values(name="Топлина АД"))
        session.execute(
            update(Property)
            .where(Property.subscriber_number == "1000003")
            .values(address="ул. Пирин 7")
        )
    assert _pairs(filled, "топлина ад пирин") == [(FIRM, "1000003")]
    assert _pairs(filled, "люлин 301") == []
    assert _pairs(filled, "ООД") == []
