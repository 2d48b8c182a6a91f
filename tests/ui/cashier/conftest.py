"""Fixtures of the cashier's desk: a real main window on a real SQLite file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desk.models.db import Database
from desk.ui.i18n import Translations
from desk.ui.main_window import MainWindow
from tests.desk_fixtures import make_scenario_db
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
    db = make_scenario_db(tmp_path / "overdue.sqlite", "commercial_discount_needs_everything_paid")
    yield db
    db.close()
