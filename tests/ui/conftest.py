"""Fixtures of the GUI tests: a translated main window on a real SQLite file."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event

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

HERE = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # The offscreen platform warns once per shown window; a real display does not.
    offscreen_noise = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(offscreen_noise)


@pytest.fixture
def query_threads() -> Iterator[list[int]]:
    """The thread of every SQL statement any engine runs during the test."""
    threads: list[int] = []

    def record(*_args: Any) -> None:
        threads.append(threading.get_ident())

    event.listen(Engine, "before_cursor_execute", record)
    yield threads
    event.remove(Engine, "before_cursor_execute", record)


@pytest.fixture
def filled_db(db: Database) -> Database:
    """A few rows of every counted kind, invoice periods from 2024-12 to 2026-02."""
    with db.write() as session:
        session.add_all(
            [
                Property(id=1, subscriber_number="1000001", district="Лозенец", address="ул. 1"),
                Property(id=2, subscriber_number="1000002", district="Люлин", address="бл. 5"),
                Property(id=3, subscriber_number="1000003", district="Младост", address="бл. 7"),
                Payer(id=1, payer_code="1234567897", kind="person", name="Иван Петров"),
                Payer(id=2, payer_code="2345678904", kind="company", name="Топло ЕООД"),
                Setting(key="demo_seed", value="7"),
            ]
        )
        session.flush()
        session.add(
            Plan(id="PL-1", payer_id=1, property_id=1, first_month="2025-10", installment_cents=1)
        )
        for number, period in (
            ("0000000001", "2025-11"),
            ("0000000002", "2024-12"),
            ("0000000003", "2026-02"),
            ("0000000004", "2026-01"),
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
            CourtCase(id="CC-1", payer_id=2, property_id=2, stage="filed", since=date(2025, 6, 1))
        )
        session.add(Agreement(id="AG-1", payer_id=1, signed=date(2026, 2, 2)))
        for minute in range(5):
            session.add(
                Payment(
                    payer_id=1,
                    paid_at=datetime(2026, 3, 2, 10, minute),
                    method="cash",
                    currency="EUR",
                    total_cents=100,
                )
            )
    return db
