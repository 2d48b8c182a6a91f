"""The information desk without a printer saves its documents: in the database's own
folder, named once ".pdf", and never over an earlier file (two batches of survey
cards printed the same day keep both PDFs)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinterInfo
from pytestqt.qtbot import QtBot

from desk.models.identity import database_id
from desk.ui.kit import receipt_output
from desk.ui.kit.receipt_preview import ReceiptPreview
from desk.ui.main_window import MainWindow
from tests.printing_helpers import pdf_text
from tests.ui.cashier.steps import Printed
from tests.ui.info.steps import enter, info_panel, open_payer, wait_dialog
from tests.ui.info.test_cards import cards_tab, print_batch


class NoPrinter:
    """The outer edge: a desk with no default printer (the file is the real one)."""

    @staticmethod
    def defaultPrinter() -> QPrinterInfo:
        return QPrinterInfo()


@pytest.fixture
def documents_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where the desk's data folder is (platformdirs reads XDG_DATA_HOME): its documents."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setattr(receipt_output, "QPrinterInfo", NoPrinter)
    return tmp_path / "data" / "desk" / "documents"


def saving_window(info_window: Callable[[str], MainWindow], scenario: str) -> MainWindow:
    window = info_window(scenario)
    del window.cashier.info.documents.output  # the real one: printer, or a file
    return window


def saved(home: Path) -> list[Path]:
    return sorted(home.rglob("*.pdf"))


def test_a_statement_is_saved_once_pdf_in_the_databases_folder(
    qtbot: QtBot,
    info_window: Callable[[str], MainWindow],
    documents: Printed,
    documents_home: Path,
) -> None:
    window = saving_window(info_window, "court_case_and_final_warning")
    open_payer(qtbot, window, "4000000127")
    qtbot.keyClick(info_panel(window).payer_tabs, Qt.Key.Key_F7)
    enter(qtbot, wait_dialog(qtbot, window, ReceiptPreview).print_button)

    folder = documents_home / database_id(window.cashier.state.db)
    qtbot.waitUntil(lambda: len(saved(documents_home)) == 1)
    assert saved(documents_home) == [folder / "spravka-4000000127-20261122.pdf"]
    message = info_panel(window).message
    qtbot.waitUntil(lambda: str(saved(documents_home)[0]) in message.text())
    assert documents.pdfs == []  # the fake printer was not asked


def test_two_batches_of_one_day_keep_both_files(
    qtbot: QtBot,
    info_window: Callable[[str], MainWindow],
    documents: Printed,
    documents_home: Path,
) -> None:
    window = saving_window(info_window, "installment_loyalty")  # three payers, none confirmed
    page = cards_tab(qtbot, window)
    page.chunk_size = 1

    def cancel_after_the_first(done: int, _total: int) -> None:
        if done == 1:
            qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)

    page.progressed.connect(cancel_after_the_first)
    print_batch(qtbot, window, page)  # one card, then Cancel
    qtbot.waitUntil(lambda: page.batch is None and len(saved(documents_home)) == 1)
    page.progressed.disconnect(cancel_after_the_first)
    qtbot.waitUntil(lambda: page.group_size is not None and page.group_size.payers == 2)
    print_batch(qtbot, window, page)  # the other two, the same minute
    qtbot.waitUntil(lambda: page.batch is None and len(saved(documents_home)) == 2)

    folder = documents_home / database_id(window.cashier.state.db)
    first, second = (
        folder / "anketni-karti-20261122-1200.pdf",
        folder / "anketni-karti-20261122-1200-2.pdf",
    )
    assert set(saved(documents_home)) == {first, second}
    assert pdf_text(first.read_bytes()).count("АНКЕТНА КАРТА") == 1
    assert pdf_text(second.read_bytes()).count("АНКЕТНА КАРТА") == 2
