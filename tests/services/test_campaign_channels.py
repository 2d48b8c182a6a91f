"""The campaign by channel (issue 16): cards issued at a pay desk, at an information
centre or by e-mail, returned as a scanned card, an e-mailed card or on the web form,
and payers confirmed or changed by each channel, per district and in total.

Cards are issued by desk.services.survey_cards and entered by
desk.services.contacts as the desks do; e-mailed cards and web answers, which have no
service on a desk yet, are rows written here as those will write them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import insert, select

from desk.models.db import Database
from desk.models.tables import (
    ContactChange,
    Desk,
    Payer,
    Property,
    Setting,
    SurveyCard,
    Tenure,
)
from desk.services.campaign import (
    ChannelFigures,
    DistrictProgress,
    campaign_progress,
)
from desk.services.contacts import change_contacts, payer_contacts
from desk.services.context import DeskContext
from desk.services.survey_cards import issue_cards
from desk.services.users import DEMO_PASSWORD, log_in
from tests.desk_fixtures import NOON

ON = NOON.date()
START = date(2026, 10, 1)
DAY = datetime(2026, 10, 15, 10)
LATER = datetime(2026, 11, 2, 11)
# Payers 0-4 in Люлин, 5-8 in Надежда, 9 held nothing since October.
DISTRICTS = ["Люлин"] * 5 + ["Надежда"] * 4 + ["Младост"]


def code(n: int) -> str:
    return f"70000000{n:02d}"


def log(db: Database, user: str, desk: str) -> DeskContext:
    result, ctx = log_in(db, user, DEMO_PASSWORD, desk, DAY)
    assert result.ok and ctx is not None
    return ctx


def payers(db: Database) -> None:
    with db.write() as session:
        session.add(Setting(key="campaign_start", value=START.isoformat()))
        session.execute(insert(Desk).values(code="IC1", name="Инфо", kind="info_centre"))
        props = [
            Property(subscriber_number=f"40000{n:02d}", district=d, address=f"бл. {n}")
            for n, d in enumerate(DISTRICTS)
        ]
        people = [Payer(payer_code=code(n), kind="person", name=f"Платец {n}") for n in range(10)]
        session.add_all(props + people)
        session.flush()
        for n, (payer, prop) in enumerate(zip(people, props, strict=True)):
            end = date(2026, 9, 30) if n == 9 else None
            session.add(
                Tenure(
                    payer_id=payer.id,
                    property_id=prop.id,
                    kind="ownership",
                    start=date(2020, 1, 1),
                    end=end,
                )
            )


def emailed(db: Database, number: str, n: int) -> str:
    """A card e-mailed to payer ``n`` (what desk.services.email_cards records)."""
    with db.write() as session:
        payer_id = session.scalar(select(Payer.id).where(Payer.payer_code == code(n)))
        desk_id = session.scalar(select(Desk.id).where(Desk.code == "IC1"))
        card = SurveyCard(
            number=number, payer_id=payer_id, printed_at=DAY, desk_id=desk_id, channel="email"
        )
        session.add(card)
        session.flush()
        return card.id


def confirm(
    db: Database, ctx: DeskContext, n: int, at: datetime, source: str, card: str | None = None
) -> None:
    """The payer's details confirmed as they are, through the contacts service."""
    values = payer_contacts(db, code(n)).values
    change_contacts(
        db, ctx, code(n), values, at, base=values, source=source, survey_card_number=card
    )


def on_web(
    db: Database, n: int, at: datetime, card_number: str | None = None, mark: bool = True
) -> None:
    """An answer on the web form: a change row naming the card, and the card marked
    returned unless ``mark`` is False (the central form, c0012, leaves it unmarked)."""
    with db.write() as session:
        payer_id = session.scalar(select(Payer.id).where(Payer.payer_code == code(n)))
        card = None
        if card_number is not None:
            card = session.scalars(select(SurveyCard).where(SurveyCard.number == card_number)).one()
            card.returned_at = at if mark else None
        session.add(
            ContactChange(
                payer_id=payer_id,
                field="confirmed",
                changed_at=at,
                source="web",
                survey_card_id=None if card is None else card.id,
            )
        )


def populate(db: Database) -> None:
    payers(db)
    pay_desk, clerk = log(db, "nachalnik", "K1"), log(db, "sluzhitel", "IC1")
    # Pay desk: payers 0, 1, 5; information centre: payers 2, 3, 6 and a blank card.
    at_desk = issue_cards(db, pay_desk, [code(0), code(1), code(5)], 0, DAY)
    at_centre = issue_cards(db, clerk, [code(2), code(3), code(6)], 1, DAY)
    emailed(db, "900000000001", 4)
    emailed(db, "900000000002", 7)
    emailed(db, "900000000003", 8)
    # Returned: payer 0's paper card scanned at the information centre; payer 2's
    # printed card answered on the web; payer 4 printed the e-mailed card and brought
    # it in; payer 7 answered the e-mailed card on the web; payer 8 never answered.
    confirm(db, clerk, 0, LATER, "info_centre", card=at_desk[0].number)
    on_web(db, 2, LATER, card_number=at_centre[1].number)
    confirm(db, clerk, 4, LATER, "info_centre", card="900000000001")
    on_web(db, 7, LATER, card_number="900000000002", mark=False)
    # Without a card: payer 1 at the pay desk (twice: counts once), payer 3 at the
    # information centre and at the pay desk, payer 5 on the web, payer 6 by a reply
    # to an e-invoice, payer 9 (no current property) at the pay desk.
    confirm(db, pay_desk, 1, LATER, "desk")
    confirm(db, pay_desk, 1, NOON, "desk")
    confirm(db, clerk, 3, LATER, "info_centre")
    confirm(db, pay_desk, 3, NOON, "desk")
    on_web(db, 5, LATER)
    confirm(db, clerk, 6, LATER, "e_invoice")
    confirm(db, pay_desk, 9, LATER, "desk")
    # Before the campaign started: counts nowhere.
    confirm(db, pay_desk, 8, datetime(2026, 9, 20, 9), "desk")


NOTHING = {
    "pay_desk": (0, None, 0),
    "info_centre": (0, None, 0),
    "scanned_card": (None, 0, 0),
    "email_card": (0, 0, 0),
    "web": (None, 0, 0),
}


def figures(row: DistrictProgress) -> dict[str, tuple[int | None, int | None, int]]:
    return {c.channel: (c.cards_issued, c.cards_returned, c.payers_updated) for c in row.channels}


def test_each_card_and_each_payer_counts_in_its_channel_per_district(day_db: Database) -> None:
    populate(day_db)

    progress = campaign_progress(day_db, ON)

    rows = {row.district: row for row in progress.districts}
    assert list(rows) == ["Люлин", "Младост", "Надежда", None]
    #                      issued returned updated
    assert figures(rows["Люлин"]) == {
        "pay_desk": (2, None, 2),  # cards of 0 and 1; payers 1 and 3
        "info_centre": (2, None, 1),  # cards of 2 and 3; payer 3
        "scanned_card": (None, 1, 1),  # payer 0's paper card
        "email_card": (1, 1, 1),  # payer 4's, printed and brought in
        "web": (None, 1, 1),  # payer 2's printed card, answered on the web
    }
    assert figures(rows["Надежда"]) == {
        "pay_desk": (1, None, 0),  # payer 5's card, never returned
        "info_centre": (1, None, 0),  # payer 6's card
        "scanned_card": (None, 0, 0),
        "email_card": (2, 1, 2),  # 7 and 8 e-mailed, 7 answered; payer 6's e-invoice reply
        "web": (None, 0, 1),  # payer 5, with no card
    }
    assert figures(rows["Младост"]) == NOTHING  # the scenario's payer
    assert figures(rows[None]) == {  # the blank card; payer 9, who holds nothing now
        "pay_desk": (0, None, 1),
        "info_centre": (1, None, 0),
        "scanned_card": (None, 0, 0),
        "email_card": (0, 0, 0),
        "web": (None, 0, 0),
    }
    assert figures(progress.total) == {
        "pay_desk": (3, None, 2),
        "info_centre": (3, None, 1),
        "scanned_card": (None, 1, 1),
        "email_card": (3, 2, 3),
        "web": (None, 1, 2),
    }


def test_the_channels_add_up_to_the_totals_of_before(day_db: Database) -> None:
    populate(day_db)

    progress = campaign_progress(day_db, ON)

    # The figures keep their meaning: cards issued and returned add up over the
    # channels; a payer who used two channels (payer 3) is one payer updated.
    assert progress.total == DistrictProgress(None, 10, 9, 4, 8)
    for row in (*progress.districts, progress.total):
        assert row.cards_printed == sum(c.cards_issued or 0 for c in row.channels)
        assert row.cards_returned == sum(c.cards_returned or 0 for c in row.channels)
        assert row.payers_updated <= sum(c.payers_updated for c in row.channels)
    assert progress.total.channels[0] == ChannelFigures("pay_desk", 3, None, 2)


def test_nothing_before_the_start_nor_after_the_day(day_db: Database) -> None:
    populate(day_db)

    progress = campaign_progress(day_db, date(2026, 10, 31))

    # On 31 October: the cards are out, nothing came back yet, nobody confirmed.
    assert figures(progress.total) == {
        "pay_desk": (3, None, 0),
        "info_centre": (3, None, 0),
        "scanned_card": (None, 0, 0),
        "email_card": (3, 0, 0),
        "web": (None, 0, 0),
    }
