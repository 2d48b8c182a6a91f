"""Survey cards (анкетни карти): numbers, printing, return.

A card number is 12 digits: the desk's id (3 digits), that desk's own card
sequence (8 digits) and a Luhn check digit. Digits only, so a scanner types it
the same whatever keyboard layout is active, and 12 digits never look like a
subscriber number (7) or a payer code or invoice (10).

Cards are numbered per desk without gaps: the next number is this desk's
highest plus one, taken inside the write transaction (BEGIN IMMEDIATE) that
stores the card rows, so two clerks on one desk database never get the same
number; the unique ``number`` column guards the rest.

A card is recorded when it is printed, not before: ``next_cards`` gives what
``issue_cards`` would write now (the numbers this desk would issue next) for a
preview and writes nothing; ``issue_cards(..., expect_first=...)`` then writes
the rows only if those numbers are still this desk's next ones, and raises
``NumbersMoved`` when another clerk on the same desk database took them meanwhile.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time

from sqlalchemy import ColumnElement, Select, and_, case, func, insert, or_, select
from sqlalchemy.orm import Session
from stdnum import luhn

from desk.identifiers import is_ascii_digits, mask_id_number
from desk.models.db import Database
from desk.models.tables import Desk, Payer, Property, SurveyCard, Tenure, new_uuid
from desk.printing.survey_card import CardData, HeldProperty
from desk.services.context import INFO_ROLES, DeskContext, audit_as, require_role
from desk.services.problems import UserError

CARD_NUMBER_LENGTH = 12
SEQUENCE_DIGITS = 8
MAX_CARDS = 5000  # one request, and one batch PDF (held in memory): see cards_page
IN_CHUNK = 500  # payer codes per IN (...): well inside SQLite's variable limit

__all__ = [
    "CardData",
    "CardInfo",
    "CardOut",
    "CardStillOut",
    "GroupCount",
    "HeldProperty",
    "NumbersMoved",
    "UnreturnedCard",
    "UnreturnedCards",
    "card_data",
    "card_number",
    "districts",
    "find_card",
    "group_payers",
    "issue_cards",
    "looks_like_card_number",
    "next_cards",
    "record_cards",
    "unreturned_cards",
]


def card_number(desk_id: int, seq: int) -> str:
    first = f"{desk_id:03d}{seq:08d}"
    return first + str(luhn.calc_check_digit(first))


def looks_like_card_number(text: str) -> bool:
    """What the information desk's search field treats as a scanned card."""
    text = text.strip()
    return is_ascii_digits(text, CARD_NUMBER_LENGTH)


@dataclass(frozen=True, slots=True)
class CardInfo:
    number: str
    payer_code: str | None  # None: a blank card
    printed_at: datetime
    returned_at: datetime | None


def find_card(db: Database, number: str) -> CardInfo | None:
    """The card with this number, or None (a mistyped or unknown number)."""
    with db.read() as session:
        row = session.execute(
            select(
                SurveyCard.number, Payer.payer_code, SurveyCard.printed_at, SurveyCard.returned_at
            )
            .outerjoin(Payer, Payer.id == SurveyCard.payer_id)
            .where(SurveyCard.number == number.strip())
        ).first()
    return None if row is None else CardInfo(*row)


# --- printing: numbers and rows ---------------------------------------------------------


class NumbersMoved(UserError):
    """The numbers a preview showed are no longer this desk's next ones: another clerk
    on the same desk database printed cards meanwhile. Nothing was written."""

    def __init__(self) -> None:
        super().__init__("cards.numbers_moved")


@dataclass(frozen=True, slots=True)
class CardOut:
    """A pre-filled card printed for a payer and not returned yet."""

    payer_code: str
    payer_name: str
    number: str
    printed_at: datetime


class CardStillOut(UserError):
    """A pre-filled card was asked for a payer who already has one out (printed, not
    returned), and the clerk did not confirm that very card (``confirmed_out``): the
    card out is named, nothing was written. A batch never confirms, so it never prints
    a second card (issue 13, point 20)."""

    def __init__(self, out: Sequence[CardOut]) -> None:
        first = out[0]
        super().__init__(
            "card.still_out",
            card=first.number,
            name=first.payer_name,
            payer=first.payer_code,
            printed=first.printed_at.date(),
        )
        self.out = tuple(out)


def next_cards(
    db: Database,
    ctx: DeskContext,
    payer_codes: Sequence[str] | None,
    blank: int,
    now: datetime,
    confirmed_out: Collection[str] = (),
) -> tuple[CardData, ...]:
    """What ``issue_cards`` would print now, numbered as this desk's next cards, for a
    preview. Writes nothing; refuses what ``issue_cards`` refuses."""
    codes = _checked_codes(payer_codes, blank)
    with db.read() as session:
        cards, _payer_ids = _cards(session, ctx.desk_id, codes, blank, now, confirmed_out)
    return cards


def issue_cards(
    db: Database,
    ctx: DeskContext,
    payer_codes: Sequence[str] | None,
    blank: int,
    now: datetime,
    expect_first: str | None = None,
    confirmed_out: Collection[str] = (),
) -> tuple[CardData, ...]:
    """Number and record cards: one pre-filled per payer code (in the order given), then
    ``blank`` blank ones. Returns what the printout needs, in the same order.

    A payer with a card out (printed, not returned) gets no second one unless the clerk
    confirmed that card: its number is in ``confirmed_out``; else ``CardStillOut``.

    ``expect_first``: the first number a preview showed; when this desk's next number
    is another one now, ``NumbersMoved`` is raised. Nothing is written when a code is
    unknown (UserError naming the code) or the numbers moved.
    """
    codes = _checked_codes(payer_codes, blank)
    with db.write() as session:
        require_role(session, ctx, INFO_ROLES, "what.survey_card")
        cards, _ids = record_cards(
            session, ctx, codes, blank, now, expect_first=expect_first, confirmed_out=confirmed_out
        )
    return cards


def record_cards(
    session: Session,
    ctx: DeskContext,
    codes: Sequence[str],
    blank: int,
    now: datetime,
    *,
    channel: str = "print",
    expect_first: str | None = None,
    confirmed_out: Collection[str] = (),
) -> tuple[tuple[CardData, ...], list[str]]:
    """``issue_cards`` inside the caller's write transaction (the caller checked the role
    and the codes): the cards, numbered, and their row ids. ``channel`` "email": cards
    that go out by e-mail (desk.services.email_cards records the sending in the same
    transaction), audited as ``survey_cards_emailed``."""
    cards, payer_ids = _cards(session, ctx.desk_id, codes, blank, now, confirmed_out)
    if expect_first is not None and cards[0].number != expect_first:
        raise NumbersMoved()
    rows = [
        {
            "id": new_uuid(),
            "number": card.number,
            "payer_id": payer_id,
            "printed_at": now,
            "returned_at": None,
            "desk_id": ctx.desk_id,
            "user_id": ctx.user_id,
            "channel": channel,
        }
        for card, payer_id in zip(cards, payer_ids, strict=True)
    ]
    session.execute(insert(SurveyCard), rows)
    audit_as(
        session,
        ctx,
        "survey_cards_emailed" if channel == "email" else "survey_cards_printed",
        now,
        count=len(cards),
        pre_filled=len(codes),
        blank=blank,
        first=cards[0].number,
        last=cards[-1].number,
        **({"second_to": ", ".join(sorted(confirmed_out))} if confirmed_out else {}),
    )
    return cards, [str(row["id"]) for row in rows]


def _checked_codes(payer_codes: Sequence[str] | None, blank: int) -> list[str]:
    codes = list(dict.fromkeys(code.strip() for code in payer_codes or ()))
    if blank < 0 or not 0 < len(codes) + blank <= MAX_CARDS:
        raise UserError("cards.count_range", most=MAX_CARDS)
    return codes


def _cards(
    session: Session,
    desk_id: int,
    codes: Sequence[str],
    blank: int,
    now: datetime,
    confirmed_out: Collection[str] = (),
) -> tuple[tuple[CardData, ...], list[int | None]]:
    """The cards numbered from this desk's next number on, and each one's payer id."""
    filled = _pre_filled(session, codes, now.date())
    missing = [code for code in codes if code not in filled]
    if missing:
        raise UserError("cards.no_such_payers", codes=", ".join(missing[:5]))
    out = [card for card in _cards_out(session, codes, filled) if card.number not in confirmed_out]
    if out:
        raise CardStillOut(out)
    seq = _last_sequence(session, desk_id)
    cards: list[CardData] = []
    payer_ids: list[int | None] = []
    templates = [filled[code] for code in codes] + [None] * blank
    for template in templates:
        seq += 1
        number = card_number(desk_id, seq)
        if template is None:
            cards.append(CardData(number=number, printed_at=now))
            payer_ids.append(None)
        else:
            payer_id, data = template
            cards.append(replace(data, number=number, printed_at=now))
            payer_ids.append(payer_id)
    return tuple(cards), payer_ids


def _cards_out(
    session: Session, codes: Sequence[str], filled: dict[str, tuple[int, CardData]]
) -> list[CardOut]:
    """The cards out (printed, not returned) of these payers, in the order of ``codes``."""
    by_payer: dict[int | None, list[tuple[str, datetime]]] = {}
    payer_ids = [filled[code][0] for code in codes]
    for start in range(0, len(payer_ids), IN_CHUNK):
        part = payer_ids[start : start + IN_CHUNK]
        for payer_id, number, printed_at in session.execute(
            select(SurveyCard.payer_id, SurveyCard.number, SurveyCard.printed_at)
            .where(SurveyCard.payer_id.in_(part), SurveyCard.returned_at.is_(None))
            .order_by(SurveyCard.printed_at, SurveyCard.number)
        ):
            by_payer.setdefault(payer_id, []).append((number, printed_at))
    return [
        CardOut(code, filled[code][1].payer_name or "", number, printed_at)
        for code in codes
        for number, printed_at in by_payer.get(filled[code][0], ())
    ]


def _last_sequence(session: Session, desk_id: int) -> int:
    """This desk's highest card sequence so far (0: none yet); uses the number's index."""
    prefix = f"{desk_id:03d}"
    top = session.scalar(
        select(func.max(SurveyCard.number)).where(
            SurveyCard.number.between(prefix + "0" * 9, prefix + "9" * 9),
            func.length(SurveyCard.number) == CARD_NUMBER_LENGTH,
        )
    )
    return 0 if top is None else int(top[3 : 3 + SEQUENCE_DIGITS])


def _chunks(items: Sequence[str], size: int = IN_CHUNK) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def card_data(
    session: Session, payer_codes: Sequence[str], on: date
) -> dict[str, tuple[int, CardData]]:
    """Payer id and card data (number still empty) by payer code: what a card of theirs
    shows on ``on``, for a card made again from its row (an e-mailed card resent)."""
    return _pre_filled(session, payer_codes, on)


def _pre_filled(
    session: Session, codes: Sequence[str], on: date
) -> dict[str, tuple[int, CardData]]:
    """Payer id and card data (number still empty) by payer code, for the codes that exist."""
    found: dict[str, tuple[int, CardData]] = {}
    for part in _chunks(codes):
        payers = session.scalars(select(Payer).where(Payer.payer_code.in_(part))).all()
        held: dict[int, list[HeldProperty]] = {}
        for payer_id, subscriber_number, address in session.execute(
            select(Tenure.payer_id, Property.subscriber_number, Property.address)
            .join(Property, Property.id == Tenure.property_id)
            .where(Tenure.payer_id.in_([p.id for p in payers]), _open_on(on))
            .order_by(Property.subscriber_number)
        ):
            held.setdefault(payer_id, []).append(HeldProperty(subscriber_number, address))
        for payer in payers:
            found[payer.payer_code] = (
                payer.id,
                CardData(
                    number="",
                    printed_at=datetime.min,
                    payer_code=payer.payer_code,
                    payer_name=payer.name,
                    id_number_masked=mask_id_number(payer.id_number),
                    properties=tuple(held.get(payer.id, ())),
                    phone=payer.phone,
                    phone_2=payer.phone_2,
                    email=payer.email,
                    address=payer.address,
                    preferred_channel=payer.preferred_channel,
                    e_invoice=bool(payer.e_invoice),
                    e_invoice_email=payer.e_invoice_email,
                    consent_on=payer.consent_on,
                ),
            )
    return found


def _open_on(on: date) -> ColumnElement[bool]:
    return and_(Tenure.start <= on, or_(Tenure.end.is_(None), Tenure.end >= on))


# --- choosing a group -------------------------------------------------------------------


def _group_query(
    district: str | None, not_confirmed_since: date | None, on: date
) -> Select[str, str, str, bool]:
    """The group, one row a payer: payer code, first district and address (for the
    delivery order), and whether a card printed for the payer is still out."""
    card_out = (
        select(SurveyCard.id)
        .where(SurveyCard.payer_id == Payer.id, SurveyCard.returned_at.is_(None))
        .exists()
    )
    query = (
        select(
            Payer.payer_code,
            func.min(Property.district).label("district"),
            func.min(Property.address).label("address"),
            card_out.label("card_out"),
        )
        .join(Tenure, Tenure.payer_id == Payer.id)
        .join(Property, Property.id == Tenure.property_id)
        .where(_open_on(on))
        .group_by(Payer.id)
    )
    if district is not None:
        query = query.where(Property.district == district)
    if not_confirmed_since is not None:
        since = datetime.combine(not_confirmed_since, time())
        query = query.where(
            or_(Payer.contacts_confirmed_at.is_(None), Payer.contacts_confirmed_at < since)
        )
    return query


def group_payers(
    db: Database,
    district: str | None,
    not_confirmed_since: date | None,
    on: date,
    limit: int | None = None,
) -> list[str]:
    """Payer codes holding a property on ``on`` (in ``district``, if given) whose contacts
    were not confirmed since ``not_confirmed_since`` (if given), in delivery order:
    district, then address. A payer with a card still out (printed, not returned) is
    left out: a batch never prints a second card for the same payer. ``limit``: at most
    that many (a caller that refuses a group too large asks for one more than it takes)."""
    inner = _group_query(district, not_confirmed_since, on).subquery()
    query = (
        select(inner.c.payer_code)
        .where(inner.c.card_out.is_(False))
        .order_by(inner.c.district, inner.c.address, inner.c.payer_code)
        .limit(limit)
    )
    with db.read() as session:
        return list(session.scalars(query))


@dataclass(frozen=True, slots=True)
class GroupCount:
    payers: int  # who a batch would print for
    card_out: int  # left out: a card printed for them is not back yet


def count_group(
    db: Database, district: str | None, not_confirmed_since: date | None, on: date
) -> GroupCount:
    inner = _group_query(district, not_confirmed_since, on).subquery()
    out = func.coalesce(func.sum(case((inner.c.card_out, 1), else_=0)), 0)
    with db.read() as session:
        total, card_out = session.execute(select(func.count(), out).select_from(inner)).one()
    return GroupCount(total - card_out, card_out)


def districts(db: Database) -> list[str]:
    with db.read() as session:
        return list(
            session.scalars(select(Property.district).distinct().order_by(Property.district))
        )


# --- cards out, not yet back ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class UnreturnedCard:
    number: str
    payer_code: str | None  # None: a blank card
    payer_name: str | None
    printed_at: datetime
    desk_code: str | None


@dataclass(frozen=True, slots=True)
class UnreturnedCards:
    total: int  # every card out, not only the rows of this page
    rows: tuple[UnreturnedCard, ...]


def unreturned_cards(db: Database, limit: int | None = None, offset: int = 0) -> UnreturnedCards:
    """Cards printed and not yet returned, newest first; ``limit`` None: all of them."""
    out = SurveyCard.returned_at.is_(None)
    with db.read() as session:
        total = session.scalar(select(func.count()).select_from(SurveyCard).where(out)) or 0
        query = (
            select(
                SurveyCard.number,
                Payer.payer_code,
                Payer.name,
                SurveyCard.printed_at,
                Desk.code,
            )
            .outerjoin(Payer, Payer.id == SurveyCard.payer_id)
            .outerjoin(Desk, Desk.id == SurveyCard.desk_id)
            .where(out)
            .order_by(SurveyCard.printed_at.desc(), SurveyCard.number.desc())
            .offset(offset)
        )
        if limit is not None:
            query = query.limit(limit)
        rows = tuple(UnreturnedCard(*row) for row in session.execute(query))
    return UnreturnedCards(total, rows)
