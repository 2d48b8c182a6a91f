"""The daily report tab, driven from the keyboard on a real SQLite file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desk.ui.kit.receipt_preview import ReceiptPreview
from desk.ui.main_window import MainWindow
from tests.desk_fixtures import NOON, make_day_db, work_a_shift
from tests.printing_helpers import pdf_text
from tests.ui.cashier.steps import Printed, enter
from tests.ui.supervisor.steps import open_supervisor, open_tab, wait_dialog

Make = Callable[..., MainWindow]


def worked_day(tmp_path: Path) -> Path:
    """K1's day (tests.desk_fixtures.work_a_shift): a void and a shift six cents short."""
    db = make_day_db(tmp_path / "day.sqlite")
    work_a_shift(db)
    db.close()
    return tmp_path / "day.sqlite"


def test_enter_shows_the_report_and_enter_prints_it(
    qtbot: QtBot, supervisor_window: Make, documents: Printed, tmp_path: Path
) -> None:
    window = supervisor_window(worked_day(tmp_path))
    panel = open_supervisor(qtbot, window)
    page = panel.daily
    open_tab(qtbot, window, page)
    assert panel.tabs.tabText(panel.tabs.currentIndex()) == page.title()
    assert page.day.date() == QDate(NOON.date())
    assert page.day.hasFocus()
    qtbot.waitUntil(lambda: page.desk.count() == 2)
    assert [page.desk.itemData(i) for i in range(2)] == [None, "K1"]
    assert page.desk.itemText(1) == "K1 Каса 1"

    enter(qtbot, page.day)
    preview = wait_dialog(qtbot, window, ReceiptPreview)
    text = pdf_text(preview.pdf)
    assert "ДНЕВЕН ОТЧЕТ" in text and "Дата: 22.11.2026 · всички каси" in text
    assert "Изготвен от Стефан Колев на 22.11.2026 12:00" in text
    assert "грешен платец" in text and "-0,06 € липса" in text
    enter(qtbot, preview)
    qtbot.waitUntil(lambda: len(documents.pdfs) == 1)
    assert documents.names == ["daily-report-2026-11-22-all.pdf"]
    assert documents.pdfs[0] == preview.pdf


def test_one_desk_chosen_with_the_keyboard(
    qtbot: QtBot, supervisor_window: Make, documents: Printed, tmp_path: Path
) -> None:
    window = supervisor_window(worked_day(tmp_path))
    page = open_supervisor(qtbot, window).daily
    open_tab(qtbot, window, page)
    qtbot.waitUntil(lambda: page.desk.count() == 2)
    for _ in ("day", "month", "year"):  # Tab walks the date's sections, then leaves it
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert page.desk.hasFocus()
    qtbot.keyClick(page.desk, Qt.Key.Key_Down)
    enter(qtbot, page.desk)
    preview = wait_dialog(qtbot, window, ReceiptPreview)
    assert "Дата: 22.11.2026 · каса K1" in pdf_text(preview.pdf)
    qtbot.keyClick(preview, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.cashier.supervisor.dialogs)
    assert documents.pdfs == []


def test_a_cashier_cannot_open_the_supervisor_panel(
    qtbot: QtBot, supervisor_window: Make, tmp_path: Path
) -> None:
    window = supervisor_window(worked_day(tmp_path), user="kasier1")
    action = window.cashier.supervisor_action
    assert not action.isEnabled()
    action.trigger()
    window.cashier.show_supervisor()  # even asked for directly
    assert window.panels.currentWidget() is window.cashier.panel
    assert not window.cashier.supervisor.isVisible()


def test_a_report_built_after_a_log_out_is_not_shown(
    qtbot: QtBot, supervisor_window: Make, tmp_path: Path
) -> None:
    window = supervisor_window(worked_day(tmp_path))
    panel = open_supervisor(qtbot, window)
    page = panel.daily
    open_tab(qtbot, window, page)
    previews: list[str] = []  # what reaches the preview, whether or not it would open
    page.info.documents.show = lambda _pdf, title, _name: previews.append(title)  # type: ignore[method-assign]
    page.preview()  # the PDF is being built...
    assert page.busy
    window.cashier.log_out()  # ...when the supervisor logs out
    qtbot.waitUntil(lambda: window.tasks.pending == 0)  # built, delivered and dropped
    assert previews == []
    assert not [d for d in panel.dialogs if isinstance(d, ReceiptPreview)]
    assert not page.busy and page.preview_button.isEnabledTo(page)
    assert page.desk.count() == 1, "the desks are read again at the next log-in"
