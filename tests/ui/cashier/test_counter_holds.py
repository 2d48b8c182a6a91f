"""Issue 13 points 1-4 through the real window: no money on an account other than the one
the cashier last chose, one shift per desk, and an explicit yes for unusual amounts."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desk.models.db import Database
from desk.models.tables import Payment, Shift, User
from desk.ui.cashier.shift_close import CloseShiftDialog
from desk.ui.cashier.shift_open import OpenShiftDialog
from desk.ui.cashier.tender_dialog import TenderDialog
from desk.ui.main_window import MainWindow
from tests.ui.cashier.steps import (
    at_the_account,
    enter,
    log_in,
    log_out_leaving_the_shift_open,
    open_account,
    open_shift,
    plain,
    top_dialog,
    wait_closed,
    wait_dialog,
    wait_window,
)


def nothing_payable(window: MainWindow) -> bool:
    panel = window.cashier.panel
    return (
        panel.account.account is None
        and panel.stack.currentWidget() is not panel.account
        and not panel.pay_action.isEnabled()
    )


def press_f5_and_see_no_tender(qtbot: QtBot, window: MainWindow) -> None:
    panel = window.cashier.panel
    qtbot.keyClick(panel.search.field, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: window.tasks.pending == 0)
    assert top_dialog(panel, TenderDialog) is None


def payments(db: Database) -> int:
    with db.read() as session:
        return len(session.scalars(select(Payment.id)).all())


# --- point 1: a failed or changed search leaves nothing payable ---------------------------


def test_a_search_that_finds_nothing_leaves_no_account_to_pay(
    qtbot: QtBot, desk_window: MainWindow, day_db: Database
) -> None:
    window, panel = desk_window, desk_window.cashier.panel
    at_the_account(qtbot, window)
    assert panel.pay_action.isEnabled()
    before = payments(day_db)

    qtbot.keyClick(panel.account.view, Qt.Key.Key_F2)
    qtbot.keyClicks(panel.search.field, "400000O010")  # a letter O for a zero
    enter(qtbot, panel.search.field)
    qtbot.waitUntil(lambda: window.tasks.pending == 0)

    assert nothing_payable(window)
    press_f5_and_see_no_tender(qtbot, window)
    assert payments(day_db) == before


def test_typing_over_the_search_puts_the_account_away_at_the_first_key(
    qtbot: QtBot, desk_window: MainWindow
) -> None:
    window, panel = desk_window, desk_window.cashier.panel
    at_the_account(qtbot, window)

    qtbot.keyClick(panel.account.view, Qt.Key.Key_F2)  # selects the field's text
    qtbot.keyClicks(panel.search.field, "1")  # the first digit of another number

    assert nothing_payable(window)
    press_f5_and_see_no_tender(qtbot, window)
    # Back to the same number and Enter: the account is the one chosen again.
    panel.search.field.selectAll()
    qtbot.keyClicks(panel.search.field, "4000000010")
    enter(qtbot, panel.search.field)
    qtbot.waitUntil(lambda: panel.stack.currentWidget() is panel.account)
    assert panel.pay_action.isEnabled()


def test_an_account_read_for_an_older_search_is_not_shown(
    qtbot: QtBot, desk_window: MainWindow
) -> None:
    """Enter on the payer, then at once a different search: whichever answer comes last,
    the screen ends with the second search's outcome, never the first payer."""
    window, panel = desk_window, desk_window.cashier.panel
    log_in(qtbot, window)
    open_shift(qtbot, window)
    qtbot.keyClick(panel.search.field, Qt.Key.Key_F2)
    qtbot.keyClicks(panel.search.field, "4000000010")
    enter(qtbot, panel.search.field)
    panel.search.field.selectAll()
    qtbot.keyClicks(panel.search.field, "9999999999")
    enter(qtbot, panel.search.field)
    qtbot.waitUntil(lambda: window.tasks.pending == 0)

    assert nothing_payable(window)


def test_a_log_out_leaves_no_line_of_the_last_search(qtbot: QtBot, desk_window: MainWindow) -> None:
    window, panel = desk_window, desk_window.cashier.panel
    log_in(qtbot, window)
    open_shift(qtbot, window)
    qtbot.keyClicks(panel.search.field, "9999999999")
    enter(qtbot, panel.search.field)
    qtbot.waitUntil(lambda: panel.search.message.text() != "" and window.tasks.pending == 0)

    log_out_leaving_the_shift_open(qtbot, window)

    assert panel.search.message.text() == ""
    assert panel.search.field.text() == ""
    assert panel.search.model.rowCount() == 0


def test_the_tender_is_taken_only_on_the_account_it_was_opened_for(
    qtbot: QtBot, desk_window: MainWindow, day_db: Database
) -> None:
    window, panel = desk_window, desk_window.cashier.panel
    at_the_account(qtbot, window)
    before = payments(day_db)
    qtbot.keyClick(panel.account.view, Qt.Key.Key_F5)
    tender = wait_dialog(qtbot, panel, TenderDialog)
    account = panel.account.account
    assert account is not None

    panel.search.field.setText("1")  # e.g. a scanner typing while the dialog was up
    panel.flow._take(account, tender.tender())  # the tender dialog's answer arrives

    qtbot.waitUntil(lambda: window.tasks.pending == 0)
    assert payments(day_db) == before
    assert "nothing was taken" in panel.message.text() or "нищо не е прието" in plain(
        panel.message.text()
    )


# --- point 2: one shift per desk ----------------------------------------------------------


def test_a_second_cashier_is_told_whose_shift_is_open_and_a_supervisor_takes_it_over(
    qtbot: QtBot, desk_window: MainWindow, day_db: Database
) -> None:
    window, panel = desk_window, desk_window.cashier.panel
    log_in(qtbot, window, "kasier1")
    open_shift(qtbot, window, "50")
    log_out_leaving_the_shift_open(qtbot, window)

    log_in(qtbot, window, "kasier2")
    dialog = wait_dialog(qtbot, panel, OpenShiftDialog)
    qtbot.waitUntil(lambda: dialog.held is not None)
    about = plain(dialog._about.text())
    assert "kasier1" in about and "12:00" in about
    assert not dialog.opening_float.isVisible() and not dialog.ok.isVisible()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    wait_closed(qtbot, panel, dialog)
    wait_window(qtbot, window)
    assert window.cashier.state.shift is None
    assert "12:00" in panel._shift.text() and not panel.pay_action.isEnabled()
    window.cashier.log_out_action.trigger()
    qtbot.waitUntil(lambda: window.cashier.overlay.isVisible())

    log_in(qtbot, window, "nachalnik")
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.panels.currentWidget() is panel)
    takeover = wait_dialog(qtbot, panel, OpenShiftDialog)
    qtbot.waitUntil(lambda: takeover.held is not None and takeover.reason.isVisible())
    enter(qtbot, takeover.reason)  # no reason: refused in words
    assert takeover.problem.isVisible()
    qtbot.keyClicks(takeover.reason, "kasier1 left with the shift open")
    enter(qtbot, takeover.reason)
    close = wait_dialog(qtbot, panel, CloseShiftDialog)
    assert close.held is not None and close.held.full_name in close._title.text()
    qtbot.waitUntil(lambda: close.expected is not None)
    assert close.expected is not None and close.expected.cents == 5000
    qtbot.keyClicks(close.boxes[5000], "1")
    qtbot.keyClick(close.boxes[5000], Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: close.result_shift is not None)

    with day_db.read() as session:
        shifts = session.execute(select(Shift.user_id, Shift.closed_at, Shift.counted_cents)).all()
        kasier1 = session.scalar(select(User.id).where(User.username == "kasier1"))
    assert len(shifts) == 1 and shifts[0].closed_at is not None
    assert shifts[0].user_id == kasier1, "the shift stays the cashier's"
    assert shifts[0].counted_cents == 5000
    assert window.cashier.state.shift is None


# --- points 3 and 4: unusual amounts need a yes ------------------------------------------


def confirm_box(qtbot: QtBot, dialog: OpenShiftDialog | CloseShiftDialog) -> QMessageBox:
    qtbot.waitUntil(lambda: dialog.confirm_box is not None and dialog.confirm_box.isVisible())
    box = dialog.confirm_box
    assert isinstance(box, QMessageBox)
    qtbot.waitUntil(box.isActiveWindow)
    return box


def test_a_float_of_a_million_asks_first_naming_it(
    qtbot: QtBot, desk_window: MainWindow, day_db: Database
) -> None:
    window, panel = desk_window, desk_window.cashier.panel
    log_in(qtbot, window)
    dialog = wait_dialog(qtbot, panel, OpenShiftDialog)
    qtbot.keyClicks(dialog.opening_float, "1000000")
    enter(qtbot, dialog.opening_float)

    box = confirm_box(qtbot, dialog)
    assert "1 000 000,00 €" in plain(box.text())
    enter(qtbot, box)  # Enter is "back": the safe answer is the default
    qtbot.waitUntil(lambda: not box.isVisible())
    qtbot.waitUntil(lambda: not dialog.busy)
    assert window.cashier.state.shift is None

    dialog.confirm_box = None
    enter(qtbot, dialog.opening_float)
    box = confirm_box(qtbot, dialog)
    qtbot.keyClick(box, Qt.Key.Key_Tab)  # the yes is a deliberate step
    enter(qtbot, box.focusWidget())
    qtbot.waitUntil(lambda: window.cashier.state.shift is not None)
    assert window.cashier.state.shift.opening_float.cents == 100_000_000
    wait_window(qtbot, window)


def test_closing_with_nothing_counted_asks_naming_the_shortage(
    qtbot: QtBot, desk_window: MainWindow, day_db: Database
) -> None:
    window, panel = desk_window, desk_window.cashier.panel
    log_in(qtbot, window)
    open_shift(qtbot, window, "100")
    qtbot.keyClick(panel.search.field, Qt.Key.Key_F12)
    close = wait_dialog(qtbot, panel, CloseShiftDialog)
    qtbot.waitUntil(lambda: close.expected is not None)

    qtbot.keyClick(close.boxes[50000], Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    box = confirm_box(qtbot, close)
    assert "100,00 €" in plain(box.text())
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not box.isVisible() and not close.busy)
    with day_db.read() as session:
        assert session.scalar(select(Shift.closed_at)) is None

    close.confirm_box = None
    qtbot.keyClick(close.boxes[50000], Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    box = confirm_box(qtbot, close)
    qtbot.keyClick(box, Qt.Key.Key_Tab)
    enter(qtbot, box.focusWidget())
    qtbot.waitUntil(lambda: close.result_shift is not None)
    assert close.result_shift.variance is not None
    assert close.result_shift.variance.cents == -10_000


def test_a_count_within_ten_euro_closes_without_a_question(
    qtbot: QtBot, desk_window: MainWindow
) -> None:
    window, panel = desk_window, desk_window.cashier.panel
    log_in(qtbot, window)
    open_shift(qtbot, window, "100")
    qtbot.keyClick(panel.search.field, Qt.Key.Key_F12)
    close = wait_dialog(qtbot, panel, CloseShiftDialog)
    qtbot.waitUntil(lambda: close.expected is not None)
    qtbot.keyClicks(close.boxes[5000], "1")
    qtbot.keyClicks(close.boxes[2000], "2")  # 90 €: 10 € short, the limit itself

    qtbot.keyClick(close.boxes[2000], Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    qtbot.waitUntil(lambda: close.result_shift is not None)
    assert close.confirm_box is None


def test_opening_the_account_again_after_a_refused_search_works(
    qtbot: QtBot, desk_window: MainWindow
) -> None:
    window = desk_window
    at_the_account(qtbot, window)
    open_account(qtbot, window, "4000000010")
    assert window.cashier.panel.pay_action.isEnabled()


def test_a_negative_or_wordy_float_is_refused_in_words_and_opens_nothing(
    qtbot: QtBot, desk_window: MainWindow
) -> None:
    window, panel = desk_window, desk_window.cashier.panel
    log_in(qtbot, window)
    dialog = wait_dialog(qtbot, panel, OpenShiftDialog)

    qtbot.keyClicks(dialog.opening_float, "-50")
    assert dialog.opening_float.text() == "-50", "the key shows, never swallowed"
    enter(qtbot, dialog.opening_float)
    assert "отрицателна" in dialog.problem.text()

    dialog.opening_float.clear()
    qtbot.keyClicks(dialog.opening_float, "sto")
    enter(qtbot, dialog.opening_float)
    assert "Начална наличност" in dialog.problem.text()
    assert window.tasks.pending == 0 and window.cashier.state.shift is None


def test_a_count_that_is_not_a_number_is_named_and_closes_nothing(
    qtbot: QtBot, desk_window: MainWindow, day_db: Database
) -> None:
    window, panel = desk_window, desk_window.cashier.panel
    log_in(qtbot, window)
    open_shift(qtbot, window, "100")
    qtbot.keyClick(panel.search.field, Qt.Key.Key_F12)
    close = wait_dialog(qtbot, panel, CloseShiftDialog)
    qtbot.keyClicks(close.boxes[5000], "2x")

    qtbot.keyClick(close.boxes[5000], Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    assert plain(close.problem.text()).startswith("50 €")
    assert close.boxes[5000].hasFocus()
    with day_db.read() as session:
        assert session.scalar(select(Shift.closed_at)) is None


def test_an_account_changed_under_the_screen_is_refused_and_shown_afresh(
    qtbot: QtBot, desk_window: MainWindow, day_db: Database
) -> None:
    """What another desk's sync would do: the bill on screen changes in the file."""
    from sqlalchemy import update

    from desk.models.tables import Invoice

    window, panel = desk_window, desk_window.cashier.panel
    at_the_account(qtbot, window)
    before = payments(day_db)
    shown = plain(panel.account.savings.text())
    with day_db.write() as session:
        session.execute(
            update(Invoice)
            .where(Invoice.number == "0000000003")
            .values(amount_cents=Invoice.amount_cents + 1000)
        )
    qtbot.keyClick(panel.account.view, Qt.Key.Key_F5)
    tender = wait_dialog(qtbot, panel, TenderDialog)
    qtbot.keyClick(tender, Qt.Key.Key_F3)  # all by card, the amount shown before
    enter(qtbot, tender.card)

    qtbot.waitUntil(lambda: plain(panel.account.savings.text()) not in ("", shown))
    assert payments(day_db) == before
    assert panel.message.isVisible() and panel.message.text()


def test_f5_pressed_before_the_account_arrives_opens_the_tender_when_it_does(
    qtbot: QtBot, desk_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cashier's hands run ahead of the worker: Enter, F5 at once. The F5 is kept for
    the account asked for, so the amount typed next goes to the tender, not to a row."""
    import threading

    from desk.ui.cashier import cashier_panel

    window, panel = desk_window, desk_window.cashier.panel
    log_in(qtbot, window)
    open_shift(qtbot, window)
    arrive = threading.Event()
    read = cashier_panel.read_account

    def slow_read(*args: object) -> object:
        assert arrive.wait(10)
        return read(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(cashier_panel, "read_account", slow_read)
    qtbot.keyClicks(panel.search.field, "4000000010")
    enter(qtbot, panel.search.field)
    qtbot.waitUntil(lambda: panel.search.searched == "4000000010")

    qtbot.keyClick(panel.search.field, Qt.Key.Key_F5)
    assert top_dialog(panel, TenderDialog) is None and panel.account.account is None
    arrive.set()

    tender = wait_dialog(qtbot, panel, TenderDialog)
    assert tender.cash.hasFocus()


def test_a_list_cut_at_the_limit_says_so(
    qtbot: QtBot, desk_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desk.ui.account import search_panel

    window, panel = desk_window, desk_window.cashier.panel
    log_in(qtbot, window)
    open_shift(qtbot, window)
    monkeypatch.setattr(search_panel, "SEARCH_LIMIT", 1)  # one hit is then "the limit"

    open_account(qtbot, window, "4000000010")

    assert "type more words" in panel.search.message.text() or "още думи" in plain(
        panel.search.message.text()
    )
