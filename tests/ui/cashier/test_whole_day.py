"""The cashier's whole day on the real widgets and a real SQLite file, by keys alone:
login → open shift → scan a payer code → pay cash with change → receipt PDF →
void with a supervisor → close the shift with no variance (issue 3, "Done when")."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desk.models.db import Database
from desk.money import Money
from desk.ui.account.models import DISCOUNT, REASON, STATUS, TO_PAY
from desk.ui.cashier.history_dialog import HistoryDialog
from desk.ui.cashier.shift_close import CloseShiftDialog
from desk.ui.cashier.tender_dialog import TenderDialog
from desk.ui.cashier.void_dialog import VoidDialog
from desk.ui.i18n import Translations
from desk.ui.kit.receipt_preview import ReceiptPreview
from desk.ui.main_window import MainWindow
from tests.printing_helpers import pdf_barcodes, pdf_rows, pdf_text
from tests.ui.cashier.steps import (
    Printed,
    close_window,
    enter,
    log_in,
    make_window,
    open_account,
    open_shift,
    plain,
    row_of,
    type_text,
    wait_closed,
    wait_dialog,
    wait_window,
)


def test_the_whole_day_by_keys(
    qtbot: QtBot, desk_window: MainWindow, printed: Printed, query_threads: list[int]
) -> None:
    window, panel = desk_window, desk_window.cashier.panel

    log_in(qtbot, window)
    assert plain(panel._who.text()) == "Мария Петрова · Каса 1"
    open_shift(qtbot, window, "100")
    assert plain(panel._shift.text()) == "Смяна от 12:00, начална наличност 100,00 €"

    # A scanner types the payer code fast and ends with Enter.
    open_account(qtbot, window, "4000000010")
    model, row = panel.account.model, row_of(window, "0000000003")
    assert plain(model.text(row, DISCOUNT)) == "-2,89 €"
    assert model.text(row, REASON) == "3% — платено в срок"
    assert plain(model.text(row, TO_PAY)) == "93,46 €"
    assert model.text(row, STATUS) == "В срок"
    assert plain(panel.account.savings.text()) == "Платете 93,46 € сега и спестете 2,89 €"

    qtbot.keyClick(panel.account.view, Qt.Key.Key_F5)
    tender = wait_dialog(qtbot, panel, TenderDialog)
    assert tender.cash.hasFocus()
    qtbot.keyClicks(tender.cash, "100")
    assert plain(tender.change.text()) == "Ресто: 6,54 €"
    enter(qtbot, tender.cash)

    preview = wait_dialog(qtbot, panel, ReceiptPreview)
    assert preview.number == "K1-0000001"
    assert plain(panel.message.text()) == "Платено 93,46 €, квитанция K1-0000001. Ресто: 6,54 €"
    enter(qtbot, preview.print_button)
    assert printed.names == ["K1-0000001"]
    receipt = pdf_text(printed.pdfs[0])
    assert "K1-0000001" in receipt
    assert "93,46 €" in receipt
    assert "182,79 лв." in receipt  # the leva line, through 2026
    assert "Ресто" in receipt
    assert pdf_barcodes(printed.pdfs[0]) == ["K1-0000001"]
    # The account is read again: nothing is left to pay.
    qtbot.waitUntil(lambda: panel.account.model.rowCount() == 0)
    wait_window(qtbot, window)

    # F9: the payer's payments, straight into voiding the newest.
    qtbot.keyClick(panel.account.view, Qt.Key.Key_F9)
    void = wait_dialog(qtbot, panel, VoidDialog)
    assert void.receipt == "K1-0000001"
    assert void.reason.hasFocus()
    type_text(void.reason, "грешен платец")
    enter(qtbot, void.reason)
    assert void.supervisor.hasFocus()
    qtbot.keyClicks(void.supervisor, "nachalnik")
    enter(qtbot, void.supervisor)
    qtbot.keyClicks(void.password, "desk1234")
    enter(qtbot, void.password)

    void_preview = wait_dialog(qtbot, panel, ReceiptPreview)
    assert void_preview.number == "K1-0000002"
    enter(qtbot, void_preview.print_button)
    assert printed.names == ["K1-0000001", "K1-0000002"]
    void_rows = pdf_rows(printed.pdfs[1])
    assert "СТОРНО" in void_rows
    assert "Сторнира № K1-0000001" in void_rows
    assert "Причина: грешен платец" in void_rows
    assert "Одобрил Стефан Колев" in void_rows
    assert "ОБЩО -93,46 €" in void_rows and "В брой -93,46 €" in void_rows
    history = wait_dialog(qtbot, panel, HistoryDialog)
    # The payment's row names the void's receipt (issue 13 point 6).
    qtbot.waitUntil(lambda: history.model.text(0, 4) == "Сторнирано (сторно № K1-0000002)")
    qtbot.keyClick(history.table, Qt.Key.Key_Escape)
    wait_closed(qtbot, panel, history)
    # The void gives the bill back, with its discount.
    qtbot.waitUntil(lambda: panel.account.model.rowCount() == 1)
    wait_window(qtbot, window)

    qtbot.keyClick(panel.account.view, Qt.Key.Key_F12)
    close = wait_dialog(qtbot, panel, CloseShiftDialog)
    # Count note by note: Enter goes on from 500 € to 200 € to 100 €.
    assert close.boxes[50000].hasFocus()
    enter(qtbot, close.boxes[50000])
    enter(qtbot, close.boxes[20000])
    assert close.boxes[10000].hasFocus()
    qtbot.keyClicks(close.boxes[10000], "1")  # one 100 € note: the float, nothing else
    assert plain(close.counted.text()) == "Преброено: 100,00 €"
    qtbot.keyClick(close.boxes[10000], Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: close.result_shift is not None)
    assert close.result_shift.variance == Money.zero()
    assert plain(close.outcome.expected.text()) == "100,00 €"
    assert plain(close.outcome.counted.text()) == "100,00 €"
    assert plain(close.outcome.variance.text()) == "0,00 €"
    enter(qtbot, close.done_button)
    wait_closed(qtbot, panel, close)
    assert window.cashier.state.shift is None
    assert not panel.pay_action.isEnabled()

    assert query_threads, "the day was read from and written to the database"
    assert threading.get_ident() not in query_threads, "no SQL on the GUI thread"


def test_unticking_the_overdue_installment_takes_the_three_percent_away(
    qtbot: QtBot, translations: Translations, overdue_db: Database, printed: Printed
) -> None:
    window = make_window(qtbot, translations, overdue_db.path, printed)
    panel = window.cashier.panel
    try:
        log_in(qtbot, window)
        open_shift(qtbot, window)
        open_account(qtbot, window, "4000000044")
        model, view = panel.account.model, panel.account.view
        bill, installment = row_of(window, "0000000003"), row_of(window, "AG-4/3")
        assert plain(model.text(bill, DISCOUNT)) == "-2,26 €"
        assert model.text(installment, STATUS) == "Просрочено"
        assert "Просрочено: 50,00 €" in [plain(t) for t in panel.account.card.banner_texts]

        view.setCurrentIndex(model.index(installment, 0))
        qtbot.keyClick(view, Qt.Key.Key_Space)

        assert model.text(bill, DISCOUNT) == ""
        assert model.text(bill, REASON) == "има просрочена сметка"
        assert model.text(installment, TO_PAY) == ""
        assert plain(panel.account.savings.text()) == "За плащане: 75,40 €"

        qtbot.keyClick(view, Qt.Key.Key_Space)  # ticked again: the 3% is back
        assert plain(model.text(bill, DISCOUNT)) == "-2,26 €"
        assert plain(panel.account.savings.text()) == "Платете 123,14 € сега и спестете 2,26 €"
    finally:
        close_window(qtbot, window)
