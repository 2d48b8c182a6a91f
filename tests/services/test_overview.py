"""database_overview counts what a real migrated SQLite file holds."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from desk.models.db import Database
from desk.models.tables import (
    Agreement,
    CourtCase,
    Invoice,
    Payer,
    Payment,
    Plan,
    Property,
    Setting,
)
from desk.services import overview as overview_service
from desk.services.overview import CountingStopped, database_file, database_overview


def test_an_empty_database_has_nothing_and_no_period_range(db: Database) -> None:
    overview = database_overview(db)

    assert overview.path == db.path
    assert overview.size_bytes > 0
    counts = (
        overview.properties,
        overview.payers,
        overview.invoices,
        overview.payments,
        overview.court_cases,
        overview.agreements,
        overview.plans,
    )
    assert counts == (0, 0, 0, 0, 0, 0, 0)
    assert (overview.first_period, overview.last_period) == (None, None)
    assert overview.demo_seed is None


def test_counts_period_range_and_demo_seed(db: Database) -> None:
    with db.write() as session:
        session.add_all(
            [
                Property(id=1, subscriber_number="1000001", district="Лозенец", address="ул. А 1"),
                Property(id=2, subscriber_number="1000002", district="Люлин", address="бл. 5"),
                Payer(id=1, payer_code="1234567897", kind="person", name="Иван Петров"),
                Setting(key="demo_seed", value="20260115"),
            ]
        )
        session.flush()
        session.add(
            Plan(
                id="PL-1", payer_id=1, property_id=1, first_month="2025-10", installment_cents=5000
            )
        )
        for number, period in (
            ("0000000001", "2025-11"),
            ("0000000002", "2024-12"),
            ("0000000003", "2026-02"),
        ):
            session.add(
                Invoice(
                    number=number,
                    property_id=1,
                    payer_id=1,
                    period=period,
                    kind="monthly",
                    issued=date(2026, 3, 1),
                    amount_cents=100,
                    currency="EUR",
                )
            )
        session.add(
            CourtCase(id="CC-1", payer_id=1, property_id=2, stage="filed", since=date(2025, 6, 1))
        )
        session.add(Agreement(id="AG-1", payer_id=1, signed=date(2026, 2, 2)))
        session.add(
            Payment(
                payer_id=1,
                paid_at=datetime(2026, 3, 2, 10, 0),
                method="cash",
                currency="EUR",
                total_cents=100,
            )
        )

    overview = database_overview(db)

    assert (overview.properties, overview.payers, overview.invoices) == (2, 1, 3)
    assert (overview.payments, overview.court_cases, overview.agreements, overview.plans) == (
        1,
        1,
        1,
        1,
    )
    assert (overview.first_period, overview.last_period) == ("2024-12", "2026-02")
    assert overview.demo_seed == "20260115"


def test_size_counts_rows_still_in_the_wal_journal(db: Database) -> None:
    empty = database_overview(db).size_bytes
    with db.write() as session:
        session.add_all(
            Property(subscriber_number=f"{n:07d}", district="Център", address="x" * 150)
            for n in range(200)
        )

    assert database_overview(db).size_bytes > empty


def test_the_file_alone_is_its_size_and_demo_seed(db: Database) -> None:
    with db.write() as session:
        session.add(Setting(key="demo_seed", value="20260115"))

    file = database_file(db)

    assert (file.path, file.demo_seed) == (db.path, "20260115")
    assert file.size_bytes == database_overview(db).size_bytes


def test_counting_stops_when_asked_and_the_file_counts_again_after(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    with db.write() as session:
        session.add_all(
            Property(subscriber_number=f"{n:07d}", district="Център", address="бл. 1")
            for n in range(1000001, 1000051)
        )
    monkeypatch.setattr(overview_service, "STOP_CHECK_STEPS", 1)

    with pytest.raises(CountingStopped):
        database_overview(db, stop=lambda: True)

    assert database_overview(db, stop=lambda: False).properties == 50
    assert database_overview(db).properties == 50
