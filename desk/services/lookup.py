"""Finding a payer or a property from one search field.

The field takes a subscriber number (7 digits), a payer code (10 digits, Luhn),
an invoice number (10 digits), a scanned barcode (the same digits), or words
of a name or address in any case, matched by prefix (FTS5).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, Integer, bindparam, column, select, text
from sqlalchemy.orm import Session
from stdnum import luhn

from desk.identifiers import is_ascii_digits
from desk.messages import Message
from desk.models.db import Database
from desk.models.rows import Query, Reader, Row
from desk.models.tables import Invoice, Payer, Property, Tenure

SEARCH_LIMIT = 50
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Hit:
    """One row of the search results: a payer at a property."""

    payer_code: str
    name: str
    subscriber_number: str
    address: str
    district: str
    current: bool  # the payer holds the property now
    matched: str  # subscriber | payer | invoice | words


@dataclass(frozen=True, slots=True)
class SearchResult:
    hits: tuple[Hit, ...]
    problem: Message | None = None  # e.g. a payer code with a wrong check digit


def classify(query: str) -> str:
    """What the text looks like: subscriber, code (10 digits), words, or bad_code."""
    q = query.strip()
    if is_ascii_digits(q, 7):
        return "subscriber"
    if is_ascii_digits(q, 10):
        return "code"
    if is_ascii_digits(q):
        return "digits"
    return "words"


def payer_code_problem(query: str) -> Message | None:
    """Flag a mistyped payer code as the cashier types (before any search)."""
    q = query.strip()
    if is_ascii_digits(q, 10) and not luhn.is_valid(q):
        return Message("search.check_digit")
    return None


def search(db: Database, query: str, on: date, limit: int = SEARCH_LIMIT) -> SearchResult:
    with db.snapshot() as reader:
        return search_in(reader, query, on, limit)


def search_in(
    source: Session | Reader, query: str, on: date, limit: int = SEARCH_LIMIT
) -> SearchResult:
    reader = Reader.of(source)
    kind = classify(query)
    q = query.strip()
    if kind == "subscriber":
        return SearchResult(tuple(_hits(_BY_SUBSCRIBER.all(reader, sub=q), on, "subscriber")))
    if kind == "code":
        hits: list[Hit] = []
        if luhn.is_valid(q):
            hits += _hits(_BY_PAYER.all(reader, code=q), on, "payer")
        invoice = _INVOICE.first(reader, number=q)
        if invoice is not None:
            code, subscriber_number = invoice
            hits += [
                h
                for h in _hits(_BY_PAYER.all(reader, code=code), on, "invoice")
                if h.subscriber_number == subscriber_number
            ]
        problem = payer_code_problem(q) if not hits else None
        return SearchResult(tuple(hits), problem)
    if kind == "digits":
        return SearchResult((), Message("search.digit_count"))
    return SearchResult(_by_words(reader, q, on, limit))


def fts_query(query: str) -> str | None:
    """Words as quoted prefix terms: "иван"* AND "младост"* AND "12".

    Numbers (block, entrance, flat) and single letters match whole: "бл. 1"
    means block 1, not every number starting with 1, and a one-character
    prefix would have to scan a large part of the index.
    """
    words = _WORD.findall(query)
    if not words:
        return None
    return " AND ".join(f'"{w}"' if w.isdigit() or len(w) < 2 else f'"{w}"*' for w in words)


def _by_words(reader: Reader, query: str, on: date, limit: int) -> tuple[Hit, ...]:
    """Words of the payer's name and the property's address, in any order and case."""
    match = fts_query(query)
    if match is None:
        return ()
    return tuple(_hits(_BY_WORDS.all(reader, match=match, limit=limit), on, "words")[:limit])


def _holders(where: ColumnElement[bool]) -> Query:
    """Tenures joined to payer and property, by property; the current holder is put
    first by ``_hits``, which knows the day."""
    return Query(
        select(
            Payer.payer_code,
            Payer.name,
            Property.subscriber_number,
            Property.address,
            Property.district,
            Tenure.start,
            Tenure.end,
        )
        .join(Payer, Payer.id == Tenure.payer_id)
        .join(Property, Property.id == Tenure.property_id)
        .where(where)
        .order_by(Property.subscriber_number, Tenure.start.desc())
    )


_BY_SUBSCRIBER = _holders(Property.subscriber_number == bindparam("sub"))
_BY_PAYER = _holders(Payer.payer_code == bindparam("code"))
# No ORDER BY rank: a common prefix can match a large share of a million rows,
# and LIMIT without ranking stops at the first ``limit`` of them.
_BY_WORDS = _holders(
    Tenure.id.in_(
        text("SELECT rowid FROM holder_fts WHERE holder_fts MATCH :match LIMIT :limit").columns(
            column("rowid", Integer)
        )
    )
)
_INVOICE = Query(
    select(Payer.payer_code, Property.subscriber_number)
    .select_from(Invoice)
    .join(Payer, Payer.id == Invoice.payer_id)
    .join(Property, Property.id == Invoice.property_id)
    .where(Invoice.number == bindparam("number"))
)


def _hits(rows: list[Row], on: date, matched: str) -> list[Hit]:
    """The rows as hits, the current holder first."""
    hits = []
    for code, name, sub, address, district, start, end in rows:
        holds = start <= on and (end is None or end >= on)
        hits.append(Hit(code, name, sub, address, district, holds, matched))
    hits.sort(key=lambda h: (not h.current, h.subscriber_number))
    return hits
