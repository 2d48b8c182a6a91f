"""The shifts and voids tab on a worked day, read through the real services."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desk.ui.kit.models import RED
from desk.ui.main_window import MainWindow
from desk.ui.supervisor.shifts_page import VARIANCE
from tests.desk_fixtures import NOON, make_day_db, work_a_shift
from tests.ui.supervisor.steps import open_supervisor, open_tab

Make = Callable[..., MainWindow]


def worked_day(tmp_path: Path) -> Path:
    """K1's day (tests.desk_fixtures.work_a_shift): a void and a shift six cents short."""
    db = make_day_db(tmp_path / "day.sqlite")
    work_a_shift(db)
    db.close()
    return tmp_path / "day.sqlite"


def test_the_tab_shows_the_days_shift_and_void(
    qtbot: QtBot, supervisor_window: Make, qtmodeltester: ModelTester, tmp_path: Path
) -> None:
    window = supervisor_window(worked_day(tmp_path))
    panel = open_supervisor(qtbot, window)
    page = panel.shifts
    open_tab(qtbot, window, page)
    assert panel.tabs.tabText(panel.tabs.currentIndex()) == page.title()
    assert page.day.date() == QDate(NOON.date()) and page.day.hasFocus()
    qtbot.waitUntil(lambda: page.shown_day == NOON.date())

    shifts, voids = page.shifts_model, page.voids_model
    qtmodeltester.check(shifts)
    qtmodeltester.check(voids)
    assert shifts.rowCount() == 1
    texts = [shifts.text(0, c) for c in range(shifts.columnCount())]
    assert texts[:4] == ["K1", "Мария Петрова", "22.11.2026 12:00", "22.11.2026 18:00"]
    assert [t.replace("\xa0", " ") for t in texts[4:7]] == ["50,00 €", "143,46 €", "143,40 €"]
    # In words ("липса" once the lead's translations are in), whatever the language.
    assert texts[VARIANCE] == shifts.tr("{amount} shortage").format(amount="-0,06\xa0€")
    assert shifts.data(shifts.index(0, VARIANCE), Qt.ItemDataRole.ForegroundRole) == RED
    assert shifts.data(shifts.index(0, 5), Qt.ItemDataRole.ForegroundRole) is None

    assert voids.rowCount() == 1
    row = [voids.text(0, c) for c in range(voids.columnCount())]
    assert row[0] == "22.11.2026 12:10" and row[1] == "K1"
    assert row[2].endswith("2") and row[3].endswith("1")  # the void's receipt, the payment's
    assert row[4].replace("\xa0", " ") == "93,46 €"
    assert row[5:] == ["4000000010", "грешен платец", "Мария Петрова", "Стефан Колев"]
    assert page.shifts_heading.text().endswith("(1)")


def test_another_date_reads_again_and_f5_refreshes(
    qtbot: QtBot, supervisor_window: Make, tmp_path: Path
) -> None:
    window = supervisor_window(worked_day(tmp_path))
    page = open_supervisor(qtbot, window).shifts
    open_tab(qtbot, window, page)
    qtbot.waitUntil(lambda: page.shown_day == NOON.date())

    qtbot.keyClick(page.day, Qt.Key.Key_Down)  # one day back
    yesterday = NOON.date() - timedelta(days=1)
    qtbot.waitUntil(lambda: page.shown_day == yesterday and window.tasks.pending == 0)
    assert (page.shifts_model.rowCount(), page.voids_model.rowCount()) == (0, 0)

    page.day.setDate(QDate(NOON.date()))
    qtbot.waitUntil(lambda: page.shown_day == NOON.date() and window.tasks.pending == 0)
    assert page.shifts_model.rowCount() == 1
    page.shown_day = None
    qtbot.keyClick(page.day, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: page.shown_day == NOON.date() and window.tasks.pending == 0)
    assert page.voids_model.rowCount() == 1


def test_a_cashier_who_reached_the_page_is_refused_by_the_service(
    qtbot: QtBot, supervisor_window: Make, tmp_path: Path
) -> None:
    window = supervisor_window(worked_day(tmp_path), user="kasier1")
    assert not window.cashier.supervisor_action.isEnabled() or not (
        window.cashier.supervisor_action.isVisible()
    )
    page = window.cashier.supervisor.shifts
    page.activated()  # as if the panel were reached some other way
    qtbot.waitUntil(lambda: page.problem.isVisibleTo(page) and window.tasks.pending == 0)
    assert "само ръководител" in page.problem.text()
    assert (page.shifts_model.rowCount(), page.voids_model.rowCount()) == (0, 0)


def test_a_read_that_comes_back_after_a_log_out_leaves_the_tables_empty(
    qtbot: QtBot, supervisor_window: Make, tmp_path: Path
) -> None:
    window = supervisor_window(worked_day(tmp_path))
    page = open_supervisor(qtbot, window).shifts
    open_tab(qtbot, window, page)
    qtbot.waitUntil(lambda: page.shown_day == NOON.date())
    page.refresh()  # in the worker now; its answer reaches the GUI thread after...
    window.cashier.log_out()  # ...the supervisor has gone
    qtbot.waitUntil(lambda: window.tasks.pending == 0)  # the answer delivered (and dropped)
    assert page.shown_day is None
    assert (page.shifts_model.rowCount(), page.voids_model.rowCount()) == (0, 0)
    assert not page.busy and page.refresh_button.isEnabledTo(page)
