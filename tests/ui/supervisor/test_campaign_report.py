"""The campaign report tab, driven from the keyboard on a real SQLite file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from desk.services.campaign import campaign_progress
from desk.ui.kit.receipt_preview import ReceiptPreview
from desk.ui.main_window import MainWindow
from tests.desk_fixtures import NOON, make_day_db
from tests.printing_helpers import pdf_text
from tests.services.test_campaign_report import populate
from tests.test_campaign_report_pdf import line
from tests.ui.cashier.steps import Printed, enter
from tests.ui.supervisor.steps import open_supervisor, open_tab, wait_dialog

Make = Callable[..., MainWindow]


def campaign_day(tmp_path: Path) -> Path:
    db = make_day_db(tmp_path / "campaign.sqlite")
    populate(db)
    db.close()
    return tmp_path / "campaign.sqlite"


def test_enter_previews_the_report_and_enter_prints_it(
    qtbot: QtBot, supervisor_window: Make, documents: Printed, tmp_path: Path
) -> None:
    path = campaign_day(tmp_path)
    window = supervisor_window(path)
    panel = open_supervisor(qtbot, window)
    page = panel.campaign
    open_tab(qtbot, window, page)
    assert panel.tabs.tabText(panel.tabs.currentIndex()) == page.title()
    assert page.day.date() == QDate(NOON.date()) and page.day.hasFocus()

    enter(qtbot, page.day)
    preview = wait_dialog(qtbot, window, ReceiptPreview)
    text = " ".join(pdf_text(preview.pdf).split())
    assert "ОТЧЕТ ЗА КАМПАНИЯТА ЗА ДАННИ ЗА КОНТАКТ" in text
    assert "Отпечатал: Стефан Колев, 22.11.2026 12:00" in text
    progress = campaign_progress(window.cashier.state.db, NOON.date())
    for row in progress.districts:
        if row.district is not None:
            assert line(row.district, row) in text
    assert line("Общо", progress.total) in text

    enter(qtbot, preview)
    qtbot.waitUntil(lambda: len(documents.pdfs) == 1)
    assert documents.names == ["campaign-report-2026-11-22.pdf"]
    assert documents.pdfs[0] == preview.pdf


def test_an_earlier_date_reports_the_campaign_as_it_stood(
    qtbot: QtBot, supervisor_window: Make, documents: Printed, tmp_path: Path
) -> None:
    window = supervisor_window(campaign_day(tmp_path))
    page = open_supervisor(qtbot, window).campaign
    open_tab(qtbot, window, page)

    page.day.setDate(QDate(2026, 10, 31))
    qtbot.keyClick(page.day, Qt.Key.Key_Return)
    preview = wait_dialog(qtbot, window, ReceiptPreview)
    text = " ".join(pdf_text(preview.pdf).split())
    assert "данни към края на 31.10.2026" in text
    # NOON's returned card and changes are not in yet: Люлин had 1 card back, 1 payer updated.
    assert "Люлин 3 3 100,0 % 1 33,3 % 1 33,3 %" in text
    qtbot.keyClick(preview, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not preview.isVisible())
    assert documents.pdfs == []
