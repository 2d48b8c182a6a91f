"""The campaign report's data: campaign_progress per district and in total, for a
supervisor only; its counts checked against plain SQL on the same file."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import text

from desk.models.db import Database
from desk.models.tables import ContactChange, Payer, Property, Setting, SurveyCard, Tenure
from desk.services.campaign import campaign_progress
from desk.services.campaign_report import campaign_report_data
from desk.services.context import DeskContext
from desk.services.problems import UserError
from desk.services.users import DEMO_PASSWORD, log_in
from tests.desk_fixtures import NOON, cashier

ON = NOON.date()
START = date(2026, 10, 1)


def supervisor(db: Database) -> DeskContext:
    result, ctx = log_in(db, "nachalnik", DEMO_PASSWORD, "K1", NOON)
    assert result.ok and ctx is not None
    return ctx


def populate(db: Database) -> None:
    """Besides the scenario's payer in Младост: three payers in Люлин and two in Надежда,
    one former payer; cards printed and returned, changes, one blank card."""
    with db.write() as session:
        session.add(Setting(key="campaign_start", value=START.isoformat()))
        districts = ["Люлин", "Люлин", "Люлин", "Надежда", "Надежда", "Надежда"]
        props = [
            Property(subscriber_number=f"30000{n:02d}", district=d, address=f"бл. {n}")
            for n, d in enumerate(districts)
        ]
        payers = [
            Payer(payer_code=f"60000000{n:02d}", kind="person", name=f"Платец {n}")
            for n in range(6)
        ]
        session.add_all(props + payers)
        session.flush()
        for n, (payer, prop) in enumerate(zip(payers, props, strict=True)):
            end = date(2026, 10, 31) if n == 5 else None  # payer 5 left in October
            session.add(
                Tenure(
                    payer_id=payer.id,
                    property_id=prop.id,
                    kind="ownership",
                    start=date(2020, 1, 1),
                    end=end,
                )
            )
        day = datetime(2026, 10, 15, 10)
        cards = [(0, day, day), (1, day, None), (2, day, NOON), (3, day, None), (None, day, None)]
        session.add_all(
            SurveyCard(
                number=f"0030000000{n:02d}",
                payer_id=None if who is None else payers[who].id,
                printed_at=printed,
                returned_at=returned,
            )
            for n, (who, printed, returned) in enumerate(cards)
        )
        changes = [(0, day), (0, NOON), (2, NOON), (3, day), (5, day)]
        session.add_all(
            ContactChange(payer_id=payers[who].id, field="phone", changed_at=at, source="desk")
            for who, at in changes
        )


def test_the_report_carries_campaign_progress_per_district_and_the_total(
    day_db: Database,
) -> None:
    populate(day_db)

    report = campaign_report_data(day_db, supervisor(day_db), ON, NOON)
    progress = campaign_progress(day_db, ON)

    assert (report.start, report.on) == (START, ON)
    assert (report.printed_by, report.printed_at) == ("Стефан Колев", NOON)
    figures = {
        r.name: (r.active_payers, r.cards_printed, r.cards_returned, r.payers_updated)
        for r in report.districts
    }
    assert figures == {
        p.district: (p.active_payers, p.cards_printed, p.cards_returned, p.payers_updated)
        for p in progress.districts
        if p.district is not None
    }
    assert figures == {"Люлин": (3, 3, 2, 2), "Младост": (1, 0, 0, 0), "Надежда": (2, 1, 0, 1)}
    total = report.total
    assert (total.active_payers, total.cards_printed, total.cards_returned) == (6, 4, 2)
    assert (total.payers_updated, total.updated_share) == (3, progress.total.updated_share)
    assert str(total.updated_share) == "50.0"
    assert report.outside is not None  # the blank card and the former payer's change
    assert (report.outside.cards_printed, report.outside.payers_updated) == (1, 1)


def test_the_figures_match_plain_sql(day_db: Database) -> None:
    populate(day_db)
    report = campaign_report_data(day_db, supervisor(day_db), ON, NOON)
    with day_db.read() as session:
        active = session.scalar(
            text(
                "SELECT count(DISTINCT payer_id) FROM tenure"
                ' WHERE start <= :on AND ("end" IS NULL OR "end" >= :on)'
            ),
            {"on": ON},
        )
        printed, returned = session.execute(
            text(
                "SELECT count(*), count(returned_at) FROM survey_card c"
                ' JOIN tenure t ON t.payer_id = c.payer_id AND t."end" IS NULL'
                " WHERE c.printed_at >= :start"
            ),
            {"start": datetime(2026, 10, 1)},
        ).one()
    assert (report.total.active_payers, report.total.cards_printed) == (active, printed)
    assert report.total.cards_returned == returned


def test_a_cashier_is_refused(day_db: Database) -> None:
    with pytest.raises(UserError, match="само ръководител"):
        campaign_report_data(day_db, cashier(day_db), ON, NOON)
