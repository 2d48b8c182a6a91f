"""Starting the desk: language, style sheet, and the database opened in a worker."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desk.models.db import Database
from desk.services.overview import database_overview
from desk.ui import app as desk_app
from desk.ui.main_window import MainWindow, open_desk_database


@pytest.fixture
def started(qapp: QApplication, qtbot: QtBot) -> Iterator[list[MainWindow]]:
    """Windows that ``start`` made; closed, and the application restyled, afterwards."""
    windows: list[MainWindow] = []
    yield windows
    for window in windows:
        qtbot.waitUntil(lambda window=window: window.tasks.pending == 0)
        window.close_database()
        window.translations.use("en")
        window.close()
        window.deleteLater()
    qapp.setStyleSheet("")


def test_the_desk_starts_in_bulgarian_with_large_type(
    qapp: QApplication, qtbot: QtBot, filled_db: Database, started: list[MainWindow]
) -> None:
    window = desk_app.start(qapp, filled_db.path, language="bg")
    started.append(window)

    qtbot.waitUntil(lambda: window.panels.currentWidget() is window.overview_panel)
    assert window.windowTitle() == "Топлофикация София — Desk"
    assert not window.cashier.overlay.isHidden()  # the login, the counts not waited for
    window.refresh_action.trigger()
    qtbot.waitUntil(lambda: window.overview_panel.value_text("invoices") == "4")
    assert "font-size: 13pt" in qapp.styleSheet()
    assert window.font().family() == "DejaVu Sans"
    assert window.font().pointSize() >= 13


def test_english_on_request(
    qapp: QApplication, qtbot: QtBot, filled_db: Database, started: list[MainWindow]
) -> None:
    window = desk_app.start(qapp, filled_db.path, language="en")
    started.append(window)

    qtbot.waitUntil(lambda: window.panels.currentWidget() is window.overview_panel)
    assert window.windowTitle() == "Toplofikatsia Sofia — Desk"


def test_an_unknown_language_is_refused(qapp: QApplication) -> None:
    with pytest.raises(ValueError, match="unknown language 'de'"):
        desk_app.start(qapp, None, language="de")


def test_run_returns_the_exit_code_and_closes_the_database(
    qapp: QApplication, filled_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # platformdirs reads these: the crash log goes to the test's folder, not the home.
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    # As a cashier ends the day: closing the last window ends the event loop.
    QTimer.singleShot(0, close_main_windows)

    assert desk_app.run(filled_db.path, language="en") == 0

    assert (tmp_path / "state" / "desk" / "log" / "desk.log").exists()
    qapp.setStyleSheet("")


def close_main_windows() -> None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow):
            widget.close()


def test_the_demo_database_is_prepared_in_the_worker(tmp_path: Path) -> None:
    pytest.importorskip("desk.services.demo")
    path = tmp_path / "data" / "demo.sqlite"

    database, file = open_desk_database(path, prepare_demo=True)
    try:
        properties = database_overview(database).properties
    finally:
        database.close()

    assert file.demo_seed is not None
    assert properties > 0


def test_the_default_database_is_the_demo_in_the_user_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))

    assert desk_app.default_database_path() == tmp_path / "desk" / "demo.sqlite"
