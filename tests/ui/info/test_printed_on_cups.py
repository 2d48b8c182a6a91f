"""The information desk prints on a real CUPS queue, the default printer (cups-pdf):
the worker spools the statement's PDF itself, the clerk reads where it went, and
what comes out is an A4 page with the payer's figures as text."""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desk.ui.kit.receipt_preview import ReceiptPreview
from desk.ui.main_window import MainWindow
from tests.printing.cups_queue import CupsQueue, cups
from tests.printing_helpers import pdf_text
from tests.ui.info.steps import enter, info_panel, open_payer, wait_dialog

__all__ = ["cups"]  # the fixture


def test_a_statement_prints_on_the_default_cups_queue(
    qtbot: QtBot, info_window: Callable[[str], MainWindow], cups: CupsQueue
) -> None:
    window = info_window("court_case_and_final_warning")
    del window.cashier.info.documents.output  # the real one: the default printer
    open_payer(qtbot, window, "4000000127")
    qtbot.keyClick(info_panel(window).payer_tabs, Qt.Key.Key_F7)
    enter(qtbot, wait_dialog(qtbot, window, ReceiptPreview).print_button)
    message = info_panel(window).message
    qtbot.waitUntil(lambda: cups.name in message.text(), timeout=30_000)

    printed = cups.printed(cups.last_job())
    (page,) = PdfReader(BytesIO(printed)).pages
    assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(
        (595.3, 841.9), abs=1
    )
    assert "4000000127" in pdf_text(printed)
