"""Finding a payer or a property from one search field.

The field takes a subscriber number (7 digits), a payer code (10 digits, Luhn),
an invoice number (10 digits), a scanned barcode (the same digits), or words
of a name or address in any case, matched by prefix (FTS5).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select, text
from sqlalchemy.orm import Session
from stdnum import luhn

from desk.identifiers import is_ascii_digits
from desk.messages import Message
from desk.models.db import Database
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
    with db.read() as session:
        return search_in(session, query, on, limit)


def search_in(session: Session, query: str, on: date, limit: int = SEARCH_LIMIT) -> SearchResult:
    kind = classify(query)
    q = query.strip()
    if kind == "subscriber":
        return SearchResult(_by_property(session, [q], on, "subscriber"))
    if kind == "code":
        hits: list[Hit] = []
        if luhn.is_valid(q):
            hits += _by_payer(session, q, on, "payer")
        invoice = session.execute(
            select(Invoice.payer_id, Property.subscriber_number)
            .join(Property, Property.id == Invoice.property_id)
            .where(Invoice.number == q)
        ).first()
        if invoice is not None:
            code = session.scalar(select(Payer.payer_code).where(Payer.id == invoice[0]))
            hits += [
                h
                for h in _by_payer(session, code or "", on, "invoice")
                if h.subscriber_number == invoice[1]
            ]
        problem = payer_code_problem(q) if not hits else None
        return SearchResult(tuple(hits), problem)
    if kind == "digits":
        return SearchResult((), Message("search.digit_count"))
    return SearchResult(_by_words(session, q, on, limit))


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


def _by_words(session: Session, query: str, on: date, limit: int) -> tuple[Hit, ...]:
    """Words of the payer's name and the property's address, in any order and case."""
    match = fts_query(query)
    if match is None:
        return ()
    # No ORDER BY rank: a common prefix can match a large share of a million
    # rows, and LIMIT without ranking stops at the first ``limit`` of them.
    tenure_ids = list(
        session.scalars(
            text("SELECT rowid FROM holder_fts WHERE holder_fts MATCH :m LIMIT :n"),
            {"m": match, "n": limit},
        )
    )
    if not tenure_ids:
        return ()
    return tuple(_rows(session, on, "words", Tenure.id.in_(tenure_ids))[:limit])


def _by_payer(session: Session, code: str, on: date, matched: str) -> list[Hit]:
    payer_id = session.scalar(select(Payer.id).where(Payer.payer_code == code))
    if payer_id is None:
        return []
    return _rows(session, on, matched, Tenure.payer_id == payer_id)


def _by_property(session: Session, subs: list[str], on: date, matched: str) -> tuple[Hit, ...]:
    ids = list(session.scalars(select(Property.id).where(Property.subscriber_number.in_(subs))))
    if not ids:
        return ()
    return tuple(_rows(session, on, matched, Tenure.property_id.in_(ids)))


def _rows(session: Session, on: date, matched: str, where: object) -> list[Hit]:
    """Tenures joined to payer and property, the current holder first."""
    stmt = (
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
        .where(where)  # type: ignore[arg-type]
        .order_by(Property.subscriber_number, Tenure.start.desc())
    )
    hits = []
    for code, name, sub, address, district, start, end in session.execute(stmt):
        holds = start <= on and (end is None or end >= on)
        hits.append(Hit(code, name, sub, address, district, holds, matched))
    hits.sort(key=lambda h: (not h.current, h.subscriber_number))
    return hits
