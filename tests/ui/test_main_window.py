"""The main window as a cashier meets it: opened on a real file, read by workers only.

Opening shows the file and the login; the overview's counts, which scan the
whole history, are read when they are asked for (Ctrl+R, the Desk menu).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, event

from desk.models.db import Database, open_database
from desk.models.tables import Property
from desk.services import overview as overview_service
from desk.services.overview import Overview, database_overview
from desk.ui import main_window
from desk.ui.main_window import MainWindow


def wait_for_overview(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.panels.currentWidget() is window.overview_panel)


def ask_for_overview(qtbot: QtBot, window: MainWindow) -> None:
    """Ctrl+R, as a person asks for the counts, and wait until they are shown."""
    wait_for_overview(qtbot, window)
    window.refresh_action.trigger()
    qtbot.waitUntil(lambda: window.overview_panel.overview is not None)


def test_overview_shows_what_the_database_holds(
    qtbot: QtBot, window: MainWindow, filled_db: Database
) -> None:
    window.open_database(filled_db.path)
    ask_for_overview(qtbot, window)

    panel = window.overview_panel
    shown = {field: panel.value_text(field) for field in ("properties", "payers", "invoices")}
    assert shown == {"properties": "3", "payers": "2", "invoices": "4"}
    assert panel.value_text("payments") == "5"
    assert panel.value_text("court_cases") == "1"
    assert panel.value_text("agreements") == "1"
    assert panel.value_text("plans") == "1"
    assert panel.periods_text() == "декември 2024 – февруари 2026"
    assert window.status_label.text() == "Готово"


def test_the_gui_thread_never_queries_the_database(
    qtbot: QtBot, window: MainWindow, filled_db: Database, query_threads: list[int]
) -> None:
    window.open_database(filled_db.path)

    # Nothing is read yet: the window shows that it is working and stays usable.
    assert window.panels.currentWidget() is window.busy_page
    assert window.busy_page.message_text() == "Отваряне на базата данни…"
    assert window.overview_panel.value_text("payers") == "—"

    wait_for_overview(qtbot, window)
    window.refresh()
    qtbot.waitUntil(lambda: window.tasks.pending == 0)

    assert window.overview_panel.value_text("payers") == "2"
    assert query_threads, "the overview was read from the database"
    assert threading.get_ident() not in query_threads


def test_a_refresh_shows_rows_added_meanwhile(
    qtbot: QtBot, window: MainWindow, filled_db: Database
) -> None:
    window.open_database(filled_db.path)
    wait_for_overview(qtbot, window)
    with filled_db.write() as session:
        session.add(Property(subscriber_number="1000004", district="Надежда", address="бл. 9"))

    window.refresh_action.trigger()

    qtbot.waitUntil(lambda: window.overview_panel.value_text("properties") == "4")


def test_the_header_names_the_database_and_marks_demo_data(
    qtbot: QtBot, window: MainWindow, filled_db: Database
) -> None:
    window.open_database(filled_db.path)
    wait_for_overview(qtbot, window)

    assert window.header.database_text() == f"База данни: {filled_db.path}"
    assert window.header.demo_badge_text() == "ДЕМО ДАННИ"


def test_english_is_a_menu_choice_away(
    qtbot: QtBot, window: MainWindow, filled_db: Database
) -> None:
    window.open_database(filled_db.path)
    ask_for_overview(qtbot, window)
    assert window.windowTitle() == "Топлофикация София — Desk"
    assert window.language_menu.title() == "&Език"

    window.language_actions["en"].trigger()

    # Qt posts LanguageChange: the texts change once the event loop has run.
    qtbot.waitUntil(lambda: window.windowTitle() == "Toplofikatsia Sofia — Desk")
    assert window.language_menu.title() == "&Language"
    assert window.overview_panel.periods_text() == "December 2024 – February 2026"
    assert window.status_label.text() == "Ready"
    assert window.language_actions["en"].isChecked()

    window.language_actions["bg"].trigger()

    qtbot.waitUntil(lambda: window.windowTitle() == "Топлофикация София — Desk")


def test_a_missing_folder_is_explained_calmly_and_can_be_retried(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    path = tmp_path / "not-yet-mounted" / "desk.sqlite"

    # A crash would reach pytest-qt's exception hook and fail this test.
    window.open_database(path)

    qtbot.waitUntil(lambda: window.panels.currentWidget() is window.problem_page)
    assert window.problem_page.title_text() == "Файлът на базата данни не може да се отвори."
    assert window.status_label.text() == "Файлът на базата данни не може да се отвори."

    path.parent.mkdir()
    open_database(path).close()
    qtbot.mouseClick(window.problem_page.retry_button, Qt.MouseButton.LeftButton)

    ask_for_overview(qtbot, window)
    assert window.overview_panel.value_text("invoices") == "0"


def test_counts_that_come_late_leave_the_screen_chosen_meanwhile(
    qtbot: QtBot, window: MainWindow, filled_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.open_database(filled_db.path)
    wait_for_overview(qtbot, window)
    release = threading.Event()

    def slow_overview(database: Database, stop: Callable[[], bool]) -> Overview:
        release.wait(10)  # a city's file, cold: the counting takes its time
        return database_overview(database, stop)

    monkeypatch.setattr(main_window, "database_overview", slow_overview)
    window.refresh_action.trigger()
    window.panels.setCurrentWidget(window.cashier.panel)  # meanwhile, back to work
    release.set()

    qtbot.waitUntil(lambda: window.overview_panel.overview is not None)
    assert window.panels.currentWidget() is window.cashier.panel
    assert window.overview_panel.value_text("payments") == "5"
    assert window.status_label.text() == "Готово"


def test_a_closed_window_stops_counting(
    qtbot: QtBot, window: MainWindow, filled_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.open_database(filled_db.path)
    wait_for_overview(qtbot, window)
    monkeypatch.setattr(overview_service, "STOP_CHECK_STEPS", 1)  # asked at every step
    window.close()

    window.refresh()

    # The count stopped at its first step: no numbers, no error, nothing left running.
    qtbot.waitUntil(lambda: window.tasks.pending == 0)
    assert window.overview_panel.overview is None


def test_opening_reads_nothing_that_grows_with_history(
    qtbot: QtBot, window: MainWindow, filled_db: Database, statements: list[str]
) -> None:
    window.open_database(filled_db.path)
    wait_for_overview(qtbot, window)
    qtbot.waitUntil(lambda: window.tasks.pending == 0 and window.sync.pending == 0)

    # The login is asked for at once: no invoice or payment was read to get there.
    assert not window.cashier.overlay.isHidden()
    assert [s for s in statements if re.search(r"\b(invoice|payment)\b", s)] == []
    assert window.overview_panel.value_text("invoices") == "—"
    assert window.overview_panel.size_text() != ""
    assert window.header.demo_badge_text() == "ДЕМО ДАННИ"


@pytest.fixture
def statements() -> Iterator[list[str]]:
    """Every SQL statement any engine runs during the test."""
    seen: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        seen.append(statement)

    event.listen(Engine, "before_cursor_execute", record)
    yield seen
    event.remove(Engine, "before_cursor_execute", record)


@pytest.fixture
def shown_window(qtbot: QtBot, window: MainWindow) -> MainWindow:
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    return window


def test_f1_opens_the_help(
    qtbot: QtBot, shown_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[QMessageBox] = []
    monkeypatch.setattr(shown_window, "show_dialog", opened.append)

    qtbot.keyClick(shown_window, Qt.Key.Key_F1)

    assert [dialog.windowTitle() for dialog in opened] == ["Помощ"]
    assert "Ctrl+Q" in opened[0].text()


def test_about_names_the_version(shown_window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[QMessageBox] = []
    monkeypatch.setattr(shown_window, "show_dialog", opened.append)

    shown_window.about_action.trigger()

    assert [dialog.windowTitle() for dialog in opened] == ["За Desk"]
    assert "Desk 0." in opened[0].text()


def test_ctrl_q_quits(qtbot: QtBot, shown_window: MainWindow) -> None:
    qtbot.keyClick(shown_window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)

    qtbot.waitUntil(lambda: not shown_window.isVisible())
