"""Survey cards (анкетни карти): numbers, printing, return.

A card number is 12 digits: the desk's id (3 digits), that desk's own card
sequence (8 digits) and a Luhn check digit. Digits only, so a scanner types it
the same whatever keyboard layout is active, and 12 digits never look like a
subscriber number (7) or a payer code or invoice (10).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from stdnum import luhn

from desk.models.db import Database
from desk.models.tables import Payer, SurveyCard

CARD_NUMBER_LENGTH = 12


def card_number(desk_id: int, seq: int) -> str:
    first = f"{desk_id:03d}{seq:08d}"
    return first + str(luhn.calc_check_digit(first))


def looks_like_card_number(text: str) -> bool:
    """What the information desk's search field treats as a scanned card."""
    text = text.strip()
    return text.isdigit() and len(text) == CARD_NUMBER_LENGTH


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
