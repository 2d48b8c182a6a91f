"""Printing survey cards: a preview writes nothing, Print records exactly what was shown
(or numbers anew when another clerk printed meanwhile), a batch goes a chunk at a time."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select, update

from desk.models.db import Database, open_database
from desk.models.tables import Desk, Payer, SurveyCard
from desk.printing.survey_card import CardPdf
from desk.services.card_printing import (
    Issued,
    Previewed,
    new_batch,
    preview_cards,
    preview_or_card_out,
    print_chunk,
    print_previewed,
)
from desk.services.desk_identity import set_this_desk
from desk.services.importer import import_data
from desk.services.survey_cards import CardStillOut, issue_cards
from desk.services.users import ensure_demo_users
from tests.services.test_survey_cards import _data, clerk

NOON = datetime(2026, 11, 22, 12, 0)
TITLE = "Анкетна карта"


@pytest.fixture
def cards_db(tmp_path: Path) -> Iterator[Database]:
    db = open_database(tmp_path / "desk.sqlite")
    import_data(db, _data())
    with db.write() as session:
        session.execute(
            insert(Desk).values(
                [{"code": "IC1", "name": "Информационен център", "kind": "info_centre"}]
            )
        )
    set_this_desk(db, "IC1")
    ensure_demo_users(db)
    yield db
    db.close()


def recorded(db: Database) -> list[str]:
    with db.read() as session:
        return list(session.scalars(select(SurveyCard.number).order_by(SurveyCard.number)))


def test_a_chunk_records_its_cards_and_adds_a_page_each_with_the_hook_after_every_page(
    cards_db: Database,
) -> None:
    ctx = clerk(cards_db)
    pdf = CardPdf("Анкетни карти, бенч")
    pages_seen: list[int] = []

    printed = print_chunk(
        cards_db, ctx, ["4000000010", "4000000028"], NOON, pdf, lambda: pages_seen.append(pdf.pages)
    )
    printed += print_chunk(cards_db, ctx, ["4000000036"], NOON, pdf)

    assert printed == 3 and pdf.pages == 3
    assert pages_seen == [1, 2]  # after each page of the first chunk, none for the second
    assert len(recorded(cards_db)) == 3
    assert pdf.finish().startswith(b"%PDF")


def test_a_preview_writes_nothing_and_print_records_what_it_showed(cards_db: Database) -> None:
    ctx = clerk(cards_db)
    shown = preview_cards(cards_db, ctx, ["4000000010"], 1, NOON, TITLE)

    assert recorded(cards_db) == []
    assert [c.payer_code for c in shown.cards] == ["4000000010", None]
    assert shown.file_name == f"anketna-karta-{shown.cards[0].number}.pdf"

    later = NOON.replace(minute=7)  # the minute differs: the page shows the day only
    issued = print_previewed(shown, later)

    assert isinstance(issued, Issued)
    assert [c.number for c in issued.cards] == [c.number for c in shown.cards]
    assert issued.pdf is shown.pdf  # the very document previewed goes out
    assert recorded(cards_db) == sorted(c.number for c in shown.cards)


def test_print_numbers_anew_when_another_clerk_printed_since_the_preview(
    cards_db: Database,
) -> None:
    ctx = clerk(cards_db)
    shown = preview_cards(cards_db, ctx, ["4000000010"], 0, NOON, TITLE)
    (taken,) = issue_cards(cards_db, ctx, None, 1, NOON)  # the same desk's next number
    assert taken.number == shown.cards[0].number

    again = print_previewed(shown, NOON)

    assert isinstance(again, Previewed)
    assert again.cards[0].number != shown.cards[0].number
    assert recorded(cards_db) == [taken.number]  # the preview still wrote nothing


def test_print_draws_the_cards_again_when_the_payer_changed_since_the_preview(
    cards_db: Database,
) -> None:
    ctx = clerk(cards_db)
    shown = preview_cards(cards_db, ctx, ["4000000010"], 0, NOON, TITLE)
    with cards_db.write() as session:
        session.execute(
            update(Payer).where(Payer.payer_code == "4000000010").values(name="Иван Петров-Нов")
        )

    issued = print_previewed(shown, NOON)

    assert isinstance(issued, Issued)
    assert issued.cards[0].payer_name == "Иван Петров-Нов"
    assert issued.pdf != shown.pdf


def test_a_second_card_is_asked_about_and_previewed_once_confirmed(cards_db: Database) -> None:
    ctx = clerk(cards_db)
    (first,) = issue_cards(cards_db, ctx, ["4000000010"], 0, NOON)

    out = preview_or_card_out(cards_db, ctx, ["4000000010"], 0, NOON, TITLE)
    assert isinstance(out, CardStillOut)
    assert out.out[0].number == first.number

    confirmed = preview_or_card_out(
        cards_db, ctx, ["4000000010"], 0, NOON, TITLE, confirmed_out=(first.number,)
    )
    assert isinstance(confirmed, Previewed)
    assert confirmed.confirmed_out == (first.number,)
    assert isinstance(print_previewed(confirmed, NOON), Issued)
    with cards_db.read() as session:
        assert session.scalar(select(func.count()).select_from(SurveyCard)) == 2


def test_a_batch_is_named_by_its_group_and_minute_and_goes_a_chunk_at_a_time(
    cards_db: Database,
) -> None:
    ctx = clerk(cards_db)
    codes = ["4000000010", "4000000028", "4000000036"]
    batch = new_batch(cards_db, ctx, codes, None, datetime(2026, 11, 22, 9, 5))
    assert batch.file_name == "anketni-karti-20261122-0905.pdf"
    assert new_batch(cards_db, ctx, codes, "Люлин", NOON).file_name.endswith("1200.pdf")

    steps: list[list[str]] = []
    while not batch.over:
        chunk = batch.next_codes(2)
        steps.append(chunk)
        batch.done += print_chunk(batch.db, batch.ctx, chunk, NOON, batch.pdf)

    assert steps == [codes[:2], codes[2:]]
    assert batch.done == 3 and batch.pdf.pages == 3

    stopped = new_batch(cards_db, ctx, codes, None, NOON)
    stopped.cancelled = True
    assert stopped.over
    refused = new_batch(cards_db, ctx, codes, None, NOON)
    refused.problems.append("the disk is full")
    assert refused.over
