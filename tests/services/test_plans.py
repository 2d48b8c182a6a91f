"""Enrolment in equal installments at an information centre, on a real SQLite file."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select, update

from desk.billing import policy
from desk.billing.quote import quote
from desk.models.db import Database
from desk.models.tables import AuditEntry, Payer, Plan, Property, Tenure
from desk.money import Money
from desk.services.accounts import load_account
from desk.services.plans import enrol_plan, plan_first_month, plan_offer
from desk.services.problems import UserError
from tests.desk_fixtures import NOON
from tests.services.test_agreements import as_user, scenario_db

PUNCTUAL = "4000000010"  # tenure since 2015, nothing overdue on 22.11.2026
PROPERTY = "1000001"


@pytest.fixture
def on_time_db(tmp_path: Path) -> Iterator[Database]:
    db = scenario_db(tmp_path / "desk.sqlite", "commercial_discount_on_time")
    yield db
    db.close()


def tenure_since(db: Database, start: date) -> None:
    with db.write() as session:
        session.execute(update(Tenure).values(start=start))


@pytest.mark.parametrize(
    ("on", "first_month"),
    [
        (date(2026, 11, 22), "2027-05"),
        (date(2027, 4, 30), "2027-05"),
        (date(2027, 5, 1), "2027-05"),  # the year under way ...
        (date(2027, 6, 30), "2027-05"),  # ... until installment 1's deadline
        (date(2027, 7, 1), "2028-05"),  # then the next year
    ],
)
def test_the_plan_year_is_the_one_under_way_until_its_first_deadline(
    on: date, first_month: str
) -> None:
    assert policy.PLAN_JOIN_YEAR_UNDER_WAY
    assert plan_first_month(on) == first_month


def test_without_joining_a_year_under_way_it_is_the_next_may_that_has_not_begun(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(policy, "PLAN_JOIN_YEAR_UNDER_WAY", False)
    assert plan_first_month(date(2027, 4, 30)) == "2027-05"
    assert plan_first_month(date(2027, 5, 1)) == "2028-05"  # May has begun: next year's


def test_a_payer_since_april_enrolling_in_may_joins_this_year_as_a_new_client(
    on_time_db: Database,
) -> None:
    tenure_since(on_time_db, date(2026, 4, 20))
    may = datetime(2026, 5, 2, 12, 0)
    offer = plan_offer(on_time_db, PUNCTUAL, may.date())
    assert (offer.first_month, offer.new_client, offer.good_standing) == ("2026-05", True, True)
    done = enrol_plan(
        on_time_db, as_user(on_time_db, "sluzhitel"), PUNCTUAL, PROPERTY, Money(72000), may
    )
    assert (done.first_month, done.new_client) == ("2026-05", True)
    assert done.deadlines[0] == date(2026, 6, 30)  # installment 1, the one with 50% off


def test_a_property_is_offered_only_if_held_on_the_plan_years_first_day(
    on_time_db: Database,
) -> None:
    # Sold from 01.05.2027 (registered ahead): held today, not when the plan year begins.
    with on_time_db.write() as session:
        session.execute(update(Tenure).values(end=date(2027, 4, 30)))
    assert plan_offer(on_time_db, PUNCTUAL, NOON.date()).properties == ()
    with pytest.raises(
        UserError, match=r"имот: 1000001 не е имот на платеца днес и на 01\.05\.2027"
    ):
        enrol_plan(
            on_time_db, as_user(on_time_db, "sluzhitel"), PUNCTUAL, PROPERTY, Money(72000), NOON
        )
    # Bought after the year under way began: not for that year either.
    with on_time_db.write() as session:
        session.execute(update(Tenure).values(start=date(2026, 5, 15), end=None))
    june = date(2026, 6, 1)
    offer = plan_offer(on_time_db, PUNCTUAL, june)
    assert offer.first_month == "2026-05" and offer.properties == ()
    assert [
        p.subscriber_number for p in plan_offer(on_time_db, PUNCTUAL, NOON.date()).properties
    ] == [PROPERTY]


def test_an_existing_client_is_enrolled_for_the_next_plan_year(on_time_db: Database) -> None:
    done = enrol_plan(
        on_time_db,
        as_user(on_time_db, "sluzhitel"),
        PUNCTUAL,
        PROPERTY,
        Money.parse("720.00"),
        NOON,
    )

    assert done.id == "PL-IC1-20261122-1"
    assert not done.new_client
    assert done.installment == Money.parse("65.45")  # 720.00 / 11 = 65.4545…
    assert done.first_month == "2027-05"
    assert done.months[0] == "2027-05" and done.months[-1] == "2028-03" and len(done.months) == 11
    assert done.deadlines[0] == date(2027, 6, 30)
    with on_time_db.read() as session:
        plan = session.scalars(select(Plan)).one()
        assert (plan.id, plan.first_month, plan.installment_cents) == (done.id, "2027-05", 6545)
        audit = session.scalars(select(AuditEntry).where(AuditEntry.action == "plan_enrolled"))
        assert done.id in (audit.one().details or "")
        account = load_account(session, PUNCTUAL)
    assert account is not None
    # Billing sees the plan (the banner shows once its year begins).
    assert "plan:" + done.id in quote(account, date(2027, 5, 2)).banners


@pytest.mark.parametrize(
    ("estimate", "installment"),
    [("100.00", "9.09"), ("1.06", "0.10"), ("1000.01", "90.91"), ("550.00", "50.00")],
)
def test_the_installment_is_the_estimate_over_eleven_rounded_half_up(
    on_time_db: Database, estimate: str, installment: str
) -> None:
    done = enrol_plan(
        on_time_db,
        as_user(on_time_db, "sluzhitel"),
        PUNCTUAL,
        PROPERTY,
        Money.parse(estimate),
        NOON,
    )
    assert done.installment == Money.parse(installment)


@pytest.mark.parametrize(
    ("start", "new"),
    [
        (date(2026, 5, 1), False),  # exactly 12 months before May 2027: not less than 12
        (date(2026, 5, 2), True),
        (date(2026, 11, 1), True),
    ],
)
def test_a_new_client_started_less_than_twelve_months_before_the_plan(
    on_time_db: Database, start: date, new: bool
) -> None:
    tenure_since(on_time_db, start)
    assert plan_offer(on_time_db, PUNCTUAL, NOON.date()).new_client is new
    done = enrol_plan(
        on_time_db,
        as_user(on_time_db, "sluzhitel"),
        PUNCTUAL,
        PROPERTY,
        Money.parse("720.00"),
        NOON,
    )
    assert done.new_client is new


def test_a_payer_once_in_a_plan_is_not_new(on_time_db: Database) -> None:
    tenure_since(on_time_db, date(2026, 5, 2))
    with on_time_db.write() as session:
        payer_id = session.scalar(select(Payer.id).where(Payer.payer_code == PUNCTUAL))
        property_id = session.scalar(
            select(Property.id).where(Property.subscriber_number == PROPERTY)
        )
        session.execute(
            insert(Plan).values(
                id="PL-OLD",
                payer_id=payer_id,
                property_id=property_id,
                first_month="2026-05",
                installment_cents=5000,
            )
        )
    done = enrol_plan(
        on_time_db,
        as_user(on_time_db, "sluzhitel"),
        PUNCTUAL,
        PROPERTY,
        Money.parse("720.00"),
        NOON,
    )
    assert not done.new_client


def test_a_second_plan_for_the_property_and_year_is_refused(on_time_db: Database) -> None:
    clerk = as_user(on_time_db, "sluzhitel")
    first = enrol_plan(on_time_db, clerk, PUNCTUAL, PROPERTY, Money.parse("720.00"), NOON)
    assert plan_offer(on_time_db, PUNCTUAL, NOON.date()).properties[0].enrolled == first.id
    with pytest.raises(UserError, match="имот: 1000001 вече е в равни вноски за 2027/2028"):
        enrol_plan(on_time_db, clerk, PUNCTUAL, PROPERTY, Money.parse("800.00"), NOON)
    with on_time_db.read() as session:
        assert session.scalar(select(func.count()).select_from(Plan)) == 1


def test_a_payer_with_overdue_bills_is_refused_with_the_overdue_total(tmp_path: Path) -> None:
    db = scenario_db(tmp_path / "court.sqlite", "court_case_and_final_warning")
    try:
        assert not plan_offer(db, "4000000127", NOON.date()).good_standing
        with pytest.raises(UserError, match="платец: има просрочени задължения за 75,00\xa0€"):
            enrol_plan(
                db, as_user(db, "sluzhitel"), "4000000127", "1000012", Money.parse("720.00"), NOON
            )
        with db.read() as session:
            assert session.scalar(select(func.count()).select_from(Plan)) == 0
    finally:
        db.close()


@pytest.mark.parametrize(
    ("subscriber", "estimate", "message"),
    [
        (PROPERTY, None, "годишна прогноза: сума в евро"),
        (PROPERTY, "0.00", "годишна прогноза: трябва да е положителна"),
        (PROPERTY, "50000.01", "годишна прогноза: най-много 50\xa0000,00\xa0€"),
        (PROPERTY, "0.05", "годишна прогноза: твърде малка"),
        ("1000002", "720.00", "имот: 1000002 не е имот на платеца"),
    ],
)
def test_bad_input_names_its_field(
    on_time_db: Database, subscriber: str, estimate: str | None, message: str
) -> None:
    amount = Money.parse(estimate) if estimate else None
    with pytest.raises(UserError, match=message):
        enrol_plan(on_time_db, as_user(on_time_db, "sluzhitel"), PUNCTUAL, subscriber, amount, NOON)
