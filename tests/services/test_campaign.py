"""Campaign progress per district: counts from GROUP BY queries, checked against
figures computed here, row by row, from the database's own rows."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select

from desk.models.db import Database
from desk.models.tables import ContactChange, Payer, Property, Setting, SurveyCard, Tenure
from desk.services.campaign import DistrictProgress, campaign_progress, campaign_start, share
from tests.desk_fixtures import NOON, PAYER

ON = date(2026, 11, 22)
START = date(2026, 10, 1)


def test_shares_are_decimal_percentages_rounded_half_up_to_a_tenth() -> None:
    assert share(1, 3) == Decimal("33.3")
    assert share(2, 3) == Decimal("66.7")
    assert share(1, 8) == Decimal("12.5")  # 12.5 exactly
    assert share(1, 16) == Decimal("6.3")  # 6.25 half up
    assert share(5, 5) == Decimal("100.0")
    assert share(0, 0) is None


def _populate(db: Database) -> None:
    """Three districts, tenures open, ended and not yet started, a payer in two
    districts, cards before and after the start, blank cards, changes."""
    with db.write() as session:
        session.add(Setting(key="campaign_start", value=START.isoformat()))
        districts = ["Люлин", "Надежда", "Младост", "Люлин", "Надежда", "Люлин"]
        props = [
            Property(subscriber_number=f"20000{n:02d}", district=d, address=f"бл. {n}")
            for n, d in enumerate(districts)
        ]
        payers = [
            Payer(payer_code=f"50000000{n:02d}", kind="person", name=f"Платец {n}")
            for n in range(8)
        ]
        session.add_all(props + payers)
        session.flush()
        p, q = props, payers
        tenures = [
            (q[0], p[0], date(2020, 1, 1), None),
            (q[1], p[1], date(2020, 1, 1), date(2026, 11, 22)),  # ends today: still active
            (q[2], p[1], date(2026, 11, 23), None),  # starts tomorrow: not yet
            (q[3], p[2], date(2019, 5, 1), date(2026, 10, 31)),  # a former payer
            (q[4], p[3], date(2021, 1, 1), None),  # two districts: counts in Люлин
            (q[4], p[4], date(2021, 1, 1), None),
            (q[5], p[5], date(2022, 2, 1), None),
            (q[6], p[4], date(2010, 1, 1), date(2020, 12, 31)),
        ]
        session.add_all(
            Tenure(payer_id=a.id, property_id=b.id, kind="ownership", start=s, end=e)
            for a, b, s, e in tenures
        )
        day = datetime(2026, 10, 15, 10, 0)
        cards = [
            (q[0], datetime(2026, 9, 20), datetime(2026, 10, 2)),  # printed before the start
            (q[0], day, None),
            (q[1], day, day),
            (q[3], day, day),  # a former payer's card
            (q[4], day, datetime(2026, 11, 23, 9)),  # returned after ``on``
            (None, day, None),  # blank
            (q[5], datetime(2026, 11, 22, 23, 59), None),  # late on ``on``: counts
        ]
        session.add_all(
            SurveyCard(
                number=f"0020000000{n:02d}",
                payer_id=None if who is None else who.id,
                printed_at=printed,
                returned_at=returned,
            )
            for n, (who, printed, returned) in enumerate(cards)
        )
        changes = [
            (q[0], datetime(2026, 9, 30, 23, 59)),  # before the start
            (q[1], day),
            (q[1], NOON),  # the same payer twice: counts once
            (q[3], day),  # a former payer
            (q[5], datetime(2026, 10, 1)),  # at the start
            (q[6], day),
        ]
        session.add_all(
            ContactChange(payer_id=who.id, field="phone", changed_at=at, source="info_centre")
            for who, at in changes
        )


def _expected(db: Database, on: date) -> dict[str | None, tuple[int, int, int, int]]:
    """The same figures from the rows, the plain way: one payer at a time."""
    with db.read() as session:
        start = date.fromisoformat(
            session.scalar(select(Setting.value).where(Setting.key == "campaign_start")) or ""
        )
        districts_of: dict[int, set[str]] = defaultdict(set)
        for tenure, prop in session.execute(
            select(Tenure, Property).join(Property, Property.id == Tenure.property_id)
        ):
            if tenure.start <= on and (tenure.end is None or tenure.end >= on):
                districts_of[tenure.payer_id].add(prop.district)
        home = {payer: min(names) for payer, names in districts_of.items()}
        cards = session.scalars(select(SurveyCard)).all()
        changes = session.scalars(select(ContactChange)).all()

    def since(at: datetime | None) -> bool:
        return at is not None and start <= at.date() <= on

    figures: dict[str | None, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for district in home.values():
        figures[district][0] += 1
    for card in cards:
        district = home.get(card.payer_id) if card.payer_id is not None else None
        figures[district][1] += since(card.printed_at)
        figures[district][2] += since(card.returned_at)
    updated = {c.payer_id for c in changes if since(c.changed_at)}
    for payer in updated:
        figures[home.get(payer)][3] += 1
    return {k: (a, b, c, d) for k, (a, b, c, d) in figures.items() if a or b or c or d}


def test_progress_per_district_matches_the_rows(day_db: Database) -> None:
    _populate(day_db)
    progress = campaign_progress(day_db, ON)

    assert progress.start == START == campaign_start(day_db)
    got = {
        r.district: (r.active_payers, r.cards_printed, r.cards_returned, r.payers_updated)
        for r in progress.districts
    }
    assert got == _expected(day_db, ON)
    # Written out, so that a mistake shared by both computations shows too.
    assert got == {
        "Люлин": (3, 3, 1, 1),  # payers 0, 4, 5 (4 also holds in Надежда)
        "Младост": (1, 0, 0, 0),  # PAYER of the scenario
        "Надежда": (1, 1, 1, 1),  # payer 1, whose tenure ends today
        None: (0, 2, 1, 2),  # the former payer's card and change, the blank card, payer 6
    }
    assert [r.district for r in progress.districts] == ["Люлин", "Младост", "Надежда", None]
    # The total is of the active payers: the row without a district stays out of it
    # (it has no share of its own), so no share can pass 100 %.
    assert progress.total == DistrictProgress(None, 5, 4, 2, 2)
    assert (
        progress.total.printed_share,
        progress.total.returned_share,
        progress.total.updated_share,
    ) == (
        Decimal("80.0"),  # cards of payers 0, 1, 4, 5 of 5 active (not 6 of 5)
        Decimal("40.0"),
        Decimal("40.0"),  # payers 1 and 5 of 5; not the former payer 3 nor payer 6
    )
    outside = progress.districts[-1]
    assert outside.district is None and outside.updated_share is None
    lyulin = progress.districts[0]
    assert (lyulin.printed_share, lyulin.returned_share, lyulin.updated_share) == (
        Decimal("100.0"),
        Decimal("33.3"),
        Decimal("33.3"),
    )
    assert progress.districts[-1].printed_share is None  # no active payers to share among


def test_a_day_before_everything_happened_counts_nothing_since_the_start(
    day_db: Database,
) -> None:
    _populate(day_db)
    progress = campaign_progress(day_db, date(2026, 9, 30))
    assert (progress.total.cards_printed, progress.total.payers_updated) == (0, 0)
    assert progress.total.active_payers == 6  # payer 3 still held the Младост flat
    assert {r.district: r.active_payers for r in progress.districts}["Младост"] == 2
    assert campaign_progress(day_db, ON).total.active_payers == 5
    with day_db.read() as session:
        assert session.scalar(select(Payer.id).where(Payer.payer_code == PAYER)) is not None
