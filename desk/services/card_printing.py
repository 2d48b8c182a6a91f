"""Printing survey cards at the information desk: one card (or some blank ones) shown
before it is recorded, and a batch for a group of payers, numbered and drawn a chunk
at a time.

The Survey cards tab (desk.ui.info.cards_page) runs each function here in a worker
and keeps only the screen's side: the preview, the questions, the progress bar and
Cancel. What a card row means ("printed", for a batch "sent to the printer") and
why a batch is capped at ``MAX_CARDS`` is said there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime

from desk.messages import word
from desk.models.db import Database
from desk.printing.survey_card import CardData, CardPdf, render_cards
from desk.services.context import DeskContext
from desk.services.survey_cards import CardStillOut, NumbersMoved, issue_cards, next_cards


def _nothing() -> None:
    return None


@dataclass
class Batch:
    """A batch being printed. Its bookkeeping (``done``, ``cancelled``, ``problems``)
    belongs to the one thread that drives it; ``pdf`` grows in the chunk's worker.

    The database and the clerk are taken once, when the batch starts: a clerk who logs
    out meanwhile does not stop the chunk already running."""

    db: Database
    ctx: DeskContext
    codes: list[str]
    pdf: CardPdf
    file_name: str
    done: int = 0
    cancelled: bool = False
    problems: list[str] = field(default_factory=list)

    @property
    def over(self) -> bool:
        """No chunk follows: cancelled, stopped by a problem, or every card printed."""
        return self.cancelled or bool(self.problems) or self.done >= len(self.codes)

    def next_codes(self, size: int) -> list[str]:
        """The payers of the next chunk of at most ``size`` cards."""
        return self.codes[self.done : self.done + size]


def new_batch(
    db: Database, ctx: DeskContext, codes: list[str], district: str | None, now: datetime
) -> Batch:
    """A batch for ``codes`` (a district's, or all districts' when ``district`` is None):
    its PDF's title names the group and the day, its file name the minute, which tells
    batches apart (desk.saving adds -2 to a name taken)."""
    where = district or word("cards.all_districts", lang="bg")
    title = word("cards.batch_title", {"where": where, "day": f"{now:%d.%m.%Y}"}, lang="bg")
    return Batch(
        db,
        ctx,
        codes,
        CardPdf(title),
        f"anketni-karti-{now:%Y%m%d-%H%M}.pdf",
    )


def print_chunk(
    db: Database,
    ctx: DeskContext,
    codes: list[str],
    now: datetime,
    pdf: CardPdf,
    after_page: Callable[[], None] = _nothing,
) -> int:
    """Number and record these cards in one transaction, then add their pages to
    ``pdf``; the count printed. ``after_page`` runs after each page (~10 ms of pure
    Python): the desk hands the GIL to its GUI thread there."""
    cards = issue_cards(db, ctx, codes, 0, now)
    for card in cards:
        pdf.add(card)
        after_page()
    return len(cards)


@dataclass
class Previewed:
    """One card (or some blank ones) on screen, numbered but not recorded yet."""

    db: Database
    ctx: DeskContext
    codes: list[str]
    blank: int
    title: str
    cards: tuple[CardData, ...]
    pdf: bytes
    confirmed_out: tuple[str, ...] = ()  # cards out the clerk confirmed a second card past

    @property
    def file_name(self) -> str:
        return f"anketna-karta-{self.cards[0].number}.pdf"


@dataclass(frozen=True)
class Issued:
    cards: tuple[CardData, ...]
    pdf: bytes


def preview_cards(
    db: Database,
    ctx: DeskContext,
    codes: list[str],
    blank: int,
    now: datetime,
    title: str,
    confirmed_out: tuple[str, ...] = (),
) -> Previewed:
    """The cards as this desk would number them now, drawn; writes nothing."""
    cards = next_cards(db, ctx, codes, blank, now, confirmed_out)
    pdf = render_cards(cards, title)
    return Previewed(db, ctx, codes, blank, title, cards, pdf, confirmed_out)


def preview_or_card_out(
    db: Database,
    ctx: DeskContext,
    codes: list[str],
    blank: int,
    now: datetime,
    title: str,
    confirmed_out: tuple[str, ...] = (),
) -> Previewed | CardStillOut:
    """The preview, or the card already out that the clerk must confirm a second card
    past (``issue_cards`` refuses it otherwise)."""
    try:
        return preview_cards(db, ctx, codes, blank, now, title, confirmed_out)
    except CardStillOut as out:
        return out


def print_previewed(shown: Previewed, now: datetime) -> Issued | Previewed:
    """Print was pressed: record the cards shown, if their numbers are still this desk's
    next ones (Issued, the PDF to send), else the cards numbered anew for another look
    (Previewed: another clerk on the same desk database printed meanwhile)."""
    try:
        cards = issue_cards(
            shown.db,
            shown.ctx,
            shown.codes,
            shown.blank,
            now,
            expect_first=shown.cards[0].number,
            confirmed_out=shown.confirmed_out,
        )
    except NumbersMoved:
        return preview_cards(
            shown.db, shown.ctx, shown.codes, shown.blank, now, shown.title, shown.confirmed_out
        )
    if _as_printed(cards) == _as_printed(shown.cards):
        return Issued(cards, shown.pdf)
    return Issued(cards, render_cards(cards, shown.title))  # details changed meanwhile


def _as_printed(cards: tuple[CardData, ...]) -> list[CardData]:
    """What the page shows: the day printed, not the minute."""
    return [
        replace(card, printed_at=datetime.combine(card.printed_at, datetime.min.time()))
        for card in cards
    ]
