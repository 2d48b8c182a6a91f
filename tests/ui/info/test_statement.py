"""F7 at the information desk: the open payer's statement, previewed, then printed."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desk.ui.kit.receipt_preview import ReceiptPreview
from desk.ui.main_window import MainWindow
from tests.printing_helpers import pdf_barcodes, pdf_text
from tests.ui.cashier.steps import Printed
from tests.ui.info.steps import enter, info_panel, open_payer, wait_dialog


def test_f7_previews_the_statement_and_enter_prints_it(
    qtbot: QtBot, info_window: Callable[[str], MainWindow], documents: Printed
) -> None:
    window = info_window("court_case_and_final_warning")
    panel = info_panel(window)
    open_payer(qtbot, window, "4000000127")

    qtbot.keyClick(panel.payer_tabs, Qt.Key.Key_F7)
    preview = wait_dialog(qtbot, window, ReceiptPreview)
    assert "4000000127" in preview.windowTitle()
    enter(qtbot, preview.print_button)

    qtbot.waitUntil(lambda: len(documents.pdfs) == 1)
    assert documents.names == ["spravka-4000000127-20261122.pdf"]
    text = " ".join(pdf_text(documents.pdfs[-1]).split())
    assert "Стоян Христов Илиев" in text
    assert "Просрочено: Фактура 0000000005" in text
    assert "ПОСЛЕДНО ПРЕДУПРЕЖДЕНИЕ" in text
    assert sorted(pdf_barcodes(documents.pdfs[-1])) == ["1000012", "4000000127"]
    qtbot.waitUntil(lambda: not preview.isVisible())


def test_the_statement_button_prints_another_payers_statement_without_the_warning(
    qtbot: QtBot, info_window: Callable[[str], MainWindow], documents: Printed
) -> None:
    window = info_window("court_case_and_final_warning")
    panel = info_panel(window)
    open_payer(qtbot, window, "4000000119")

    panel.statement_action.trigger()
    preview = wait_dialog(qtbot, window, ReceiptPreview)
    enter(qtbot, preview.print_button)

    qtbot.waitUntil(lambda: len(documents.pdfs) == 1)
    text = " ".join(pdf_text(documents.pdfs[-1]).split())
    assert "Просрочено: Съдебно вземане CC-11" in text
    assert "ПОСЛЕДНО ПРЕДУПРЕЖДЕНИЕ" not in text
