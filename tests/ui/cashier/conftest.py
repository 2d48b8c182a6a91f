"""Fixtures of the cashier's desk: a real main window on a real SQLite file."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import insert

from desk.models.db import Database, open_database
from desk.models.tables import Desk
from desk.services.desk_identity import set_this_desk
from desk.services.importer import import_data
from desk.services.users import ensure_demo_users
from desk.ui.i18n import Translations
from desk.ui.main_window import MainWindow
from tests.conftest import SHARED
from tests.ui.cashier.steps import Printed, close_window, make_window


@pytest.fixture
def printed() -> Printed:
    return Printed()


@pytest.fixture
def desk_window(
    qtbot: QtBot, translations: Translations, day_db: Database, printed: Printed
) -> Iterator[MainWindow]:
    """The window on commercial_discount_on_time, the login over it, the clock at NOON."""
    window = make_window(qtbot, translations, day_db.path, printed)
    yield window
    close_window(qtbot, window)


@pytest.fixture
def overdue_db(tmp_path: Path) -> Iterator[Database]:
    """commercial_discount_needs_everything_paid: an overdue agreement installment."""
    db = open_database(tmp_path / "overdue.sqlite")
    scenario = json.loads(
        (SHARED / "scenarios" / "commercial_discount_needs_everything_paid.json").read_text("utf-8")
    )
    import_data(db, scenario["data"])
    with db.write() as session:
        session.execute(
            insert(Desk).values(code="K1", name="Каса 1", kind="pay_desk", last_receipt_number=0)
        )
    set_this_desk(db, "K1")
    ensure_demo_users(db)
    yield db
    db.close()
