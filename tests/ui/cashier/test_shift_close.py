"""Closing the shift on the real widgets: the expected cash read in a worker, the
difference following every count typed, the variance recorded, and the shift
report (X while counting, Z once closed) previewed and printed from its PDF."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desk.ui.cashier.shift_close import CloseShiftDialog
from desk.ui.cashier.tender_dialog import TenderDialog
from desk.ui.kit.receipt_preview import X_REPORT, Z_REPORT, ReceiptPreview
from desk.ui.main_window import MainWindow
from tests.printing_helpers import pdf_text
from tests.ui.cashier.steps import (
    Printed,
    at_the_account,
    enter,
    log_in,
    open_shift,
    plain,
    wait_closed,
    wait_dialog,
    wait_window,
)


def count(qtbot: QtBot, dialog: CloseShiftDialog, cents: int, pieces: str) -> None:
    """The cashier is on ``cents``'s box: types the pieces (if any) and Enter goes on."""
    assert dialog.boxes[cents].hasFocus()
    if pieces:
        qtbot.keyClicks(dialog.boxes[cents], pieces)
    enter(qtbot, dialog.boxes[cents])


def difference(dialog: CloseShiftDialog) -> str:
    return plain(dialog.difference.text())


def test_the_count_meets_the_expected_cash_and_the_z_report_prints_the_variance(
    qtbot: QtBot, desk_window: MainWindow, printed: Printed, query_threads: list[int]
) -> None:
    window, panel = desk_window, desk_window.cashier.panel
    at_the_account(qtbot, window)  # a 100 € float, the punctual payer's account
    qtbot.keyClick(panel.account.view, Qt.Key.Key_F5)
    tender = wait_dialog(qtbot, panel, TenderDialog)
    qtbot.keyClicks(tender.cash, "100")  # 93.46 due: 6.54 change
    enter(qtbot, tender.cash)
    enter(qtbot, wait_dialog(qtbot, panel, ReceiptPreview).print_button)
    qtbot.waitUntil(lambda: panel.account.model.rowCount() == 0)
    wait_window(qtbot, window)

    qtbot.keyClick(panel.account.view, Qt.Key.Key_F12)
    close = wait_dialog(qtbot, panel, CloseShiftDialog)
    # 100.00 float + 100.00 handed over - 6.54 change
    assert plain(close.expected_label.text()) == "Очаквано: 193,46 €"
    assert difference(close) == "Липса: 193,46 €"  # nothing counted yet

    count(qtbot, close, 50000, "")
    count(qtbot, close, 20000, "")
    count(qtbot, close, 10000, "1")
    assert difference(close) == "Липса: 93,46 €"
    count(qtbot, close, 5000, "1")
    assert difference(close) == "Липса: 43,46 €"
    qtbot.keyClicks(close.boxes[2000], "5")  # five 20 € notes: a miscount
    assert plain(close.counted.text()) == "Преброено: 250,00 €"
    assert difference(close) == "Излишък: 56,54 €"
    assert close.difference.property("balanced") is False
    qtbot.keyClick(close.boxes[2000], Qt.Key.Key_Backspace)
    count(qtbot, close, 2000, "2")
    for cents, pieces in ((1000, ""), (500, ""), (200, "1"), (100, "1"), (50, ""), (20, "2")):
        count(qtbot, close, cents, pieces)
    assert plain(close.counted.text()) == "Преброено: 193,40 €"
    assert difference(close) == "Липса: 0,06 €"

    qtbot.keyClick(close.boxes[10], Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: close.result_shift is not None)
    assert plain(close.outcome.variance.text()) == "-0,06 € (липса)"
    assert plain(close.report_button.text()) == "Печат на Z-отчет (F6)"
    assert close.done_button.hasFocus()
    qtbot.keyClick(close.done_button, Qt.Key.Key_Backtab)  # the report is one key away
    assert close.report_button.hasFocus()
    enter(qtbot, close.report_button)

    preview = wait_dialog(qtbot, panel, ReceiptPreview)
    assert preview.kind == Z_REPORT
    assert plain(preview.windowTitle()) == "Отчет за смяна (Z) K1 22.11.2026 12:00"
    enter(qtbot, preview.print_button)
    assert printed.kinds == ["receipt", Z_REPORT]
    assert printed.names[-1] == "Z-K1-20261122-1200"
    report = pdf_text(printed.pdfs[-1])
    assert "ОТЧЕТ ЗА СМЯНА (Z)" in report
    assert "Квитанции: 1 (K1-0000001 … K1-0000001)" in report
    assert "Начална наличност\n100,00 €" in report
    assert "В брой\n93,46 €" in report and "Общо получено\n93,46 €" in report
    assert "Отстъпки 3%\n2,89 €" in report
    assert "Очаквана наличност\n193,46 €" in report
    assert "Преброена наличност\n193,40 €" in report
    assert "Разлика (липса)\n-0,06 €" in report

    # Back on the closed shift's dialog: Enter is "Done".
    wait_closed(qtbot, panel, preview)
    qtbot.waitUntil(lambda: close.isActiveWindow())
    assert close.done_button.hasFocus()
    enter(qtbot, close.done_button)
    wait_closed(qtbot, panel, close)
    assert window.cashier.state.shift is None
    assert threading.get_ident() not in query_threads, "no SQL on the GUI thread"


def test_f6_while_counting_prints_the_x_report_and_the_shift_stays_open(
    qtbot: QtBot, desk_window: MainWindow, printed: Printed
) -> None:
    window, panel = desk_window, desk_window.cashier.panel
    log_in(qtbot, window)
    open_shift(qtbot, window, "100")
    qtbot.keyClick(panel.search.field, Qt.Key.Key_F12)
    close = wait_dialog(qtbot, panel, CloseShiftDialog)
    assert plain(close.expected_label.text()) == "Очаквано: 100,00 €"
    count(qtbot, close, 50000, "")
    count(qtbot, close, 20000, "")
    qtbot.keyClicks(close.boxes[10000], "1")
    assert difference(close) == "Няма разлика"
    assert close.difference.property("balanced") is True
    assert plain(close.report_button.text()) == "Междинен отчет (F6)"

    qtbot.keyClick(close.boxes[10000], Qt.Key.Key_F6)
    preview = wait_dialog(qtbot, panel, ReceiptPreview)
    assert preview.kind == X_REPORT
    enter(qtbot, preview.print_button)
    assert printed.kinds == [X_REPORT]
    assert printed.names == ["X-K1-20261122-1200"]
    report = pdf_text(printed.pdfs[0])
    assert "МЕЖДИНЕН ОТЧЕТ (X)" in report and "Към\n22.11.2026 12:00" in report
    assert "Очаквана наличност\n100,00 €" in report
    assert "Преброена" not in report and "Разлика" not in report

    wait_closed(qtbot, panel, preview)
    qtbot.waitUntil(lambda: close.isActiveWindow())
    assert close.boxes[10000].text() == "1", "the count waits under the report"
    qtbot.keyClick(close.boxes[10000], Qt.Key.Key_Escape)
    wait_closed(qtbot, panel, close)
    assert window.cashier.state.shift is not None
