"""The dialogs from the keyboard: Esc closes, Enter confirms, refusals are shown calmly."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from desk.models.db import Database
from desk.services.retention import prune_history
from desk.ui.account.models import REASON, TO_PAY
from desk.ui.cashier.history_dialog import HistoryDialog
from desk.ui.cashier.shift_close import CloseShiftDialog
from desk.ui.cashier.shift_open import OpenShiftDialog
from desk.ui.cashier.tender_dialog import TenderDialog
from desk.ui.cashier.void_dialog import VoidDialog
from desk.ui.i18n import Translations
from desk.ui.kit.receipt_preview import ReceiptPreview
from desk.ui.main_window import MainWindow
from tests.desk_fixtures import NOON
from tests.printing_helpers import pdf_text
from tests.ui.cashier.steps import (
    Printed,
    at_the_account,
    close_window,
    enter,
    log_in,
    make_window,
    open_account,
    open_shift,
    plain,
    press_pay,
    row_of,
    wait_closed,
    wait_dialog,
    wait_window,
)


def escape(qtbot: QtBot, window: MainWindow, dialog: QDialog) -> None:
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    wait_closed(qtbot, window.cashier.panel, dialog)
    wait_window(qtbot, window)


def test_esc_closes_every_dialog(qtbot: QtBot, desk_window: MainWindow) -> None:
    window, panel = desk_window, desk_window.cashier.panel
    log_in(qtbot, window)
    escape(qtbot, window, wait_dialog(qtbot, panel, OpenShiftDialog))
    assert window.cashier.state.shift is None
    assert plain(panel._shift.text()) == "Няма открита смяна: за плащания е нужна (F4)"

    qtbot.keyClick(panel.search.field, Qt.Key.Key_F4)
    open_shift(qtbot, window)
    open_account(qtbot, window, "4000000010")
    view = panel.account.view
    for key, kind in (
        (Qt.Key.Key_F5, TenderDialog),
        (Qt.Key.Key_F8, HistoryDialog),
        (Qt.Key.Key_F12, CloseShiftDialog),
    ):
        qtbot.keyClick(view, key)
        escape(qtbot, window, wait_dialog(qtbot, panel, kind))
    assert window.cashier.state.shift is not None


def test_less_cash_than_due_is_refused_and_the_dialog_stays(
    qtbot: QtBot, desk_window: MainWindow
) -> None:
    window, panel = desk_window, desk_window.cashier.panel
    at_the_account(qtbot, window)
    tender = press_pay(qtbot, window)

    qtbot.keyClicks(tender.cash, "50")
    assert plain(tender.change.text()) == "Още дължими: 43,46 €"
    enter(qtbot, tender.cash)

    assert tender.isVisible()
    assert plain(tender.problem.text()) == (
        "в брой: подадени 50,00 €, дължими 93,46 €; не достигат 43,46 €"
    )
    assert not panel.flow.paying, "nothing was sent to the database"

    qtbot.keyClick(tender, Qt.Key.Key_F3)  # all by card instead
    assert tender.cash.text() == ""
    assert tender.card.text() == "93,46"
    assert plain(tender.change.text()) == "Ресто: 0,00 €"
    enter(qtbot, tender.card)
    wait_closed(qtbot, panel, tender)
    qtbot.waitUntil(lambda: "K1-0000001" in panel.message.text())


def test_an_overpayment_stays_as_credit_only_when_ticked(
    qtbot: QtBot, desk_window: MainWindow, printed: Printed
) -> None:
    window, panel = desk_window, desk_window.cashier.panel
    at_the_account(qtbot, window)
    tender = press_pay(qtbot, window)
    qtbot.keyClicks(tender.cash, "100")
    assert tender.keep_credit.isVisible()
    assert plain(tender.keep_credit.text()) == "Рестото от 6,54 € остава като аванс"

    tender.keep_credit.setFocus()
    qtbot.keyClick(tender.keep_credit, Qt.Key.Key_Space)
    assert plain(tender.change.text()) == "Ресто: няма, остава като аванс"
    enter(qtbot, tender.keep_credit)

    qtbot.waitUntil(lambda: panel.account.model.rowCount() == 0)
    qtbot.waitUntil(lambda: "Аванс: 6,54 €" in [plain(t) for t in panel.account.card.banner_texts])


def test_typing_an_amount_on_a_row_pays_part_of_it(qtbot: QtBot, desk_window: MainWindow) -> None:
    window, panel = desk_window, desk_window.cashier.panel
    at_the_account(qtbot, window)
    view, model, row = panel.account.view, panel.account.model, row_of(window, "0000000003")

    qtbot.keyClick(view, "5")  # the first digit opens the amount, replacing it
    editor = QApplication.focusWidget()
    assert editor.objectName() == "amountEditor"
    qtbot.keyClicks(editor, "0")
    enter(qtbot, editor)  # the delegate commits on the next turn of the event loop

    qtbot.waitUntil(lambda: plain(model.text(row, TO_PAY)) == "50,00 €")
    assert model.text(row, REASON) == "частично плащане"
    assert plain(panel.account.savings.text()) == "За плащане: 50,00 €"


def test_a_wrong_supervisor_password_is_refused_in_the_void_dialog(
    qtbot: QtBot, desk_window: MainWindow
) -> None:
    window, panel = desk_window, desk_window.cashier.panel
    at_the_account(qtbot, window)
    tender = press_pay(qtbot, window)
    qtbot.keyClick(tender, Qt.Key.Key_F3)
    enter(qtbot, tender.card)
    qtbot.waitUntil(lambda: panel.account.model.rowCount() == 0)
    qtbot.waitUntil(lambda: len(panel.dialogs) == 1)  # the receipt preview
    escape(qtbot, window, panel.dialogs[0])

    qtbot.keyClick(panel.account.view, Qt.Key.Key_F9)
    void = wait_dialog(qtbot, panel, VoidDialog)
    qtbot.keyClicks(void.reason, "wrong payer")
    enter(qtbot, void.reason)
    qtbot.keyClicks(void.supervisor, "kasier2")  # a cashier cannot approve
    enter(qtbot, void.supervisor)
    qtbot.keyClicks(void.password, "desk1234")
    enter(qtbot, void.password)

    qtbot.waitUntil(lambda: not void.busy and void.problem.isVisible())
    assert void.problem.text() == "одобрение: одобрява само ръководител"
    assert void.password.hasFocus()
    assert void.isVisible()

    qtbot.keyClick(void.reason, Qt.Key.Key_Escape)
    wait_closed(qtbot, panel, void)


def test_a_reprint_says_copy(qtbot: QtBot, desk_window: MainWindow, printed: Printed) -> None:
    window, panel = desk_window, desk_window.cashier.panel
    at_the_account(qtbot, window)
    tender = press_pay(qtbot, window)
    qtbot.keyClick(tender, Qt.Key.Key_F3)
    enter(qtbot, tender.card)
    enter(qtbot, wait_dialog(qtbot, panel, ReceiptPreview))
    wait_window(qtbot, window)

    qtbot.keyClick(panel.account.view, Qt.Key.Key_F8)
    history = wait_dialog(qtbot, panel, HistoryDialog)
    qtbot.waitUntil(lambda: history.model.rowCount() == 3)
    assert history.model.text(0, 1) == "K1-0000001"
    qtbot.keyClick(history.table, Qt.Key.Key_F6)
    enter(qtbot, wait_dialog(qtbot, panel, ReceiptPreview))

    assert printed.names == ["K1-0000001", "K1-0000001-copy"]
    assert "КОПИЕ" in pdf_text(printed.pdfs[1])
    assert "КОПИЕ" not in pdf_text(printed.pdfs[0])


def test_enter_on_an_empty_or_short_void_reason_stays_there_and_says_why(
    qtbot: QtBot, desk_window: MainWindow
) -> None:
    window, panel = desk_window, desk_window.cashier.panel
    at_the_account(qtbot, window)
    tender = press_pay(qtbot, window)
    qtbot.keyClick(tender, Qt.Key.Key_F3)
    enter(qtbot, tender.card)
    qtbot.waitUntil(lambda: panel.account.model.rowCount() == 0)
    qtbot.waitUntil(lambda: len(panel.dialogs) == 1)  # the receipt preview
    escape(qtbot, window, panel.dialogs[0])

    qtbot.keyClick(panel.account.view, Qt.Key.Key_F9)
    void = wait_dialog(qtbot, panel, VoidDialog)
    why = "причина: опишете защо се сторнира (поне 3 знака)"
    enter(qtbot, void.reason)  # empty: the cursor stays, the reason for it is shown
    assert void.reason.hasFocus() and void.problem.isVisible()
    assert void.problem.text() == why
    qtbot.keyClicks(void.reason, "no")
    enter(qtbot, void.reason)  # two letters: still too short
    assert void.reason.hasFocus() and void.problem.text() == why
    assert void.supervisor.text() == "" and void.isVisible()

    qtbot.keyClicks(void.reason, "t mine")  # "not mine": it will do, on to the name
    enter(qtbot, void.reason)
    assert void.supervisor.hasFocus() and not void.problem.isVisible()
    qtbot.keyClicks(void.supervisor, "nachalnik")
    assert void.supervisor.text() == "nachalnik" and void.reason.text() == "not mine"

    qtbot.keyClick(void.supervisor, Qt.Key.Key_Escape)
    wait_closed(qtbot, panel, void)


def test_the_history_says_from_when_the_desk_keeps_payments(
    qtbot: QtBot, translations: Translations, day_db: Database, printed: Printed
) -> None:
    prune_history(day_db, NOON.date())  # a desk that keeps its six-month window
    window = make_window(qtbot, translations, day_db.path, printed)
    try:
        panel = window.cashier.panel
        at_the_account(qtbot, window)
        qtbot.keyClick(panel.account.view, Qt.Key.Key_F8)
        history = wait_dialog(qtbot, panel, HistoryDialog)
        qtbot.waitUntil(lambda: history._held.isVisible())
        assert history._held.text() == (
            "Този пункт пази плащанията от 22.05.2026 нататък; по-старите са в централната база."
        )
        escape(qtbot, window, history)
    finally:
        close_window(qtbot, window)
