"""Fixtures of the information desk: a real main window on a real SQLite file,
a shared scenario imported, desk IC1 (an information centre), the clerk logged in."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
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
from tests.db_templates import from_template
from tests.ui.cashier.steps import Printed
from tests.ui.info.steps import close_info_window, make_info_window


def make_info_db(path: Path, scenario: str) -> Database:
    """``scenario`` (a file of ../shared/scenarios without .json) imported, this desk IC1.

    Built once per test process and copied (tests/db_templates.py)."""
    return from_template(path, f"info:{scenario}", lambda fresh: _build_info_db(fresh, scenario))


def _build_info_db(path: Path, scenario: str) -> Database:
    db = open_database(path)
    data = json.loads((SHARED / "scenarios" / f"{scenario}.json").read_text("utf-8"))["data"]
    import_data(db, data)
    with db.write() as session:
        session.execute(
            insert(Desk).values(
                [
                    {"code": "IC1", "name": "Информационен център", "kind": "info_centre"},
                    {"code": "K1", "name": "Каса 1", "kind": "pay_desk"},
                ]
            )
        )
    set_this_desk(db, "IC1")
    ensure_demo_users(db)
    return db


@pytest.fixture
def documents() -> Printed:
    """The A4 documents the information desk printed (instead of a printer)."""
    return Printed()


@pytest.fixture
def info_window(
    qtbot: QtBot, translations: Translations, tmp_path: Path, documents: Printed
) -> Iterator[Callable[[str], MainWindow]]:
    """Call with a scenario name: the window on it, the clerk (sluzhitel) logged in."""
    made: list[MainWindow] = []

    def make(scenario: str) -> MainWindow:
        db = make_info_db(tmp_path / f"{scenario}.sqlite", scenario)
        path = db.path
        db.close()
        window = make_info_window(qtbot, translations, path, documents)
        made.append(window)
        return window

    yield make
    for window in made:
        close_info_window(qtbot, window)
