"""The lock as a person meets it (issue 13, points 13 and 21): Ctrl+L from inside a
dialog, the keys where they were after the unlock, "Log out" from the locked screen,
the card saying why it is locked and showing every line; the header, the title, the
menus and their accelerators."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QLabel,
    QMenu,
    QStyleFactory,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desk.ui.account.models import TO_PAY
from desk.ui.cashier.shift_open import OpenShiftDialog
from desk.ui.cashier.tender_dialog import TenderDialog
from desk.ui.main_window import MainWindow
from desk.ui.style import DeskStyle
from tests.ui.cashier.steps import (
    at_the_account,
    enter,
    log_in,
    plain,
    press_pay,
    top_dialog,
    wait_dialog,
)
from tests.ui.cashier.test_login import reset_and_type_the_temporary


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nobody has the keys"
    return widget


def unlock(qtbot: QtBot, window: MainWindow) -> None:
    overlay = window.cashier.overlay
    qtbot.waitUntil(lambda: overlay.isVisible() and overlay.password.hasFocus())
    qtbot.keyClicks(overlay.password, "desk1234")
    enter(qtbot, overlay.password)
    qtbot.waitUntil(lambda: not overlay.isVisible())


def idle_lock(qtbot: QtBot, window: MainWindow) -> None:
    """The ten idle minutes, in 50 ms; then ten minutes again, for the rest of the test."""
    idle = window.cashier.idle
    minutes = idle.interval_ms
    idle.interval_ms = 50
    idle.start()
    qtbot.waitUntil(window.cashier.overlay.isVisible)
    idle.interval_ms = minutes


def test_ctrl_l_in_the_payment_dialog_locks_and_hides_it(
    qtbot: QtBot, desk_window: MainWindow
) -> None:
    window, panel = desk_window, desk_window.cashier.panel
    at_the_account(qtbot, window)
    tender = press_pay(qtbot, window)
    qtbot.keyClicks(tender.cash, "100")

    qtbot.keyClick(focused(), Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)

    qtbot.waitUntil(window.cashier.overlay.isVisible)
    assert not tender.isVisible(), "the payer's data does not stay on the locked screen"
    unlock(qtbot, window)
    qtbot.waitUntil(lambda: top_dialog(panel, TenderDialog) is tender)
    assert tender.cash.text() == "100"


def test_an_idle_lock_over_the_amount_editor_keeps_the_typing_and_the_keys(
    qtbot: QtBot, desk_window: MainWindow
) -> None:
    window, cashier = desk_window, desk_window.cashier
    view = cashier.panel.account.view
    at_the_account(qtbot, window)
    to_pay = view.model().index(0, TO_PAY)
    assert plain(to_pay.data()) == "93,46 €"
    QTest.sendKeyEvent(
        QTest.KeyAction.Click, view, Qt.Key.Key_1, "1", Qt.KeyboardModifier.NoModifier
    )
    qtbot.waitUntil(lambda: view.state() == QAbstractItemView.State.EditingState)

    idle_lock(qtbot, window)
    assert plain(to_pay.data()) == "93,46 €", "a half-typed amount is not taken by the lock"
    unlock(qtbot, window)

    # The editor is back with the "1", and the keys in it: the cashier types on.
    assert view.state() == QAbstractItemView.State.EditingState
    QTest.sendKeyEvent(
        QTest.KeyAction.Click, focused(), Qt.Key.Key_0, "0", Qt.KeyboardModifier.NoModifier
    )
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.State.EditingState)
    assert plain(to_pay.data()) == "10,00 €"
    qtbot.keyClick(focused(), Qt.Key.Key_F5)  # where a person's F5 goes, no click first
    wait_dialog(qtbot, cashier.panel, TenderDialog)


def test_log_out_from_the_locked_screens_menu_logs_out(
    qtbot: QtBot, desk_window: MainWindow
) -> None:
    window, cashier = desk_window, desk_window.cashier
    at_the_account(qtbot, window)
    tender = press_pay(qtbot, window)
    cashier.lock_action.trigger()
    qtbot.waitUntil(cashier.overlay.isVisible)

    assert cashier.log_out_action.isEnabled()
    assert not cashier.desk_action.isEnabled() and not cashier.lock_action.isEnabled()
    cashier.log_out_action.trigger()

    overlay = cashier.overlay
    assert cashier.state.ctx is None
    assert overlay.isVisible() and overlay.username.text() == ""
    assert not overlay.username.isReadOnly()
    assert overlay._title.text() == "Вход"
    assert tender not in cashier.panel.dialogs
    qtbot.waitUntil(lambda: window.isActiveWindow() and overlay.username.hasFocus())
    log_in(qtbot, window, "sluzhitel")  # the next person starts afresh
    assert cashier.state.ctx is not None and cashier.state.ctx.username == "sluzhitel"


def test_the_lock_card_says_who_locked_it_or_that_the_minutes_did(
    qtbot: QtBot, desk_window: MainWindow
) -> None:
    window, cashier = desk_window, desk_window.cashier
    log_in(qtbot, window, "sluzhitel")
    qtbot.keyClick(focused(), Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(cashier.overlay.isVisible)
    subtitle = cashier.overlay._subtitle.text()
    assert "заключи екрана" in subtitle and "бездействие" not in subtitle

    unlock(qtbot, window)
    idle_lock(qtbot, window)
    assert "10 минути бездействие" in cashier.overlay._subtitle.text()


def card_labels(window: MainWindow) -> list[QLabel]:
    overlay = window.cashier.overlay
    return [label for label in overlay.findChildren(QLabel) if label.isVisible() and label.text()]


def wrapped_whole(label: QLabel) -> bool:
    return not label.wordWrap() or label.height() >= label.heightForWidth(label.width())


def test_the_lock_and_new_password_cards_show_every_line_at_1366x768(
    qtbot: QtBot, desk_window: MainWindow
) -> None:
    window, cashier = desk_window, desk_window.cashier
    window.resize(1366, 768)
    log_in(qtbot, window)
    cashier.lock_action.trigger()
    qtbot.waitUntil(cashier.overlay.isVisible)
    overlay = cashier.overlay
    qtbot.keyClicks(overlay.password, "wrong")
    enter(qtbot, overlay.password)
    qtbot.waitUntil(overlay.problem.isVisible)
    qtbot.waitUntil(lambda: all(wrapped_whole(label) for label in card_labels(window)))
    assert overlay._subtitle.heightForWidth(overlay._subtitle.width()) > (
        overlay._subtitle.fontMetrics().lineSpacing() * 1.5
    ), "the sentence wraps: the case of the report"

    cashier.log_out_action.trigger()
    reset_and_type_the_temporary(qtbot, window, "kasier1")
    qtbot.waitUntil(overlay.new_password.isVisible)
    assert overlay._subtitle.heightForWidth(overlay._subtitle.width()) > (
        overlay._subtitle.fontMetrics().lineSpacing() * 1.5
    ), "the sentence wraps"
    qtbot.waitUntil(lambda: all(wrapped_whole(label) for label in card_labels(window)))


def test_the_header_names_the_screen_shown_after_a_role_change(
    qtbot: QtBot, desk_window: MainWindow
) -> None:
    window, cashier = desk_window, desk_window.cashier
    log_in(qtbot, window, "sluzhitel")  # a clerk lands at the information desk
    assert window.header.title_text() == "Топлофикация София — информационен център"
    cashier.log_out_action.trigger()
    log_in(qtbot, window, "kasier1")
    qtbot.waitUntil(lambda: window.panels.currentWidget() is cashier.panel)
    assert window.header.title_text() == "Топлофикация София — каса"


def test_a_cashier_is_not_offered_screens_a_cashier_cannot_open(
    qtbot: QtBot, desk_window: MainWindow
) -> None:
    cashier = desk_window.cashier
    log_in(qtbot, desk_window, "kasier1")
    shown = [a for a in cashier.menu.actions() if a.isVisible() and not a.isSeparator()]
    assert cashier.info_action not in shown and cashier.supervisor_action not in shown
    assert cashier.desk_action in shown and cashier.log_out_action in shown


def mnemonic(text: str) -> str:
    at = text.replace("&&", "").find("&")
    return text.replace("&&", "")[at + 1].lower() if at >= 0 else ""


@pytest.mark.parametrize("language", ["bg", "en"])
def test_every_menu_gives_each_item_its_own_letter(
    qtbot: QtBot, desk_window: MainWindow, language: str
) -> None:
    window = desk_window
    window.translations.use(language)
    qtbot.waitUntil(
        lambda: window.cashier.menu.title() == ("&Каса" if language == "bg" else "&Desk")
    )
    log_in(qtbot, window, "nachalnik")  # every item visible
    menus = [window.menuBar(), *window.menuBar().findChildren(QMenu)]
    for menu in menus:
        letters = [mnemonic(a.text()) for a in menu.actions() if a.isVisible() and a.text()]
        letters = [letter for letter in letters if letter]
        assert len(letters) == len(set(letters)), (menu.title(), letters)
    window.translations.use("bg")


@pytest.mark.qt_log_ignore(
    "does not support raise", "does not support grabbing", "does not support propagateSizeHints"
)
def test_a_lone_alt_does_not_turn_the_next_letter_into_a_menu(
    qtbot: QtBot, desk_window: MainWindow, qapp: QApplication
) -> None:
    # The window's menu bar has DeskStyle, whatever the application's style.
    assert isinstance(desk_window.menuBar().style(), DeskStyle)
    previous = qapp.style().name()
    qapp.setStyle(QStyleFactory.create("Fusion"))
    try:
        log_in(qtbot, desk_window, "sluzhitel")
        field = desk_window.cashier.info.search.field
        field.setFocus()
        qtbot.waitUntil(field.hasFocus)
        # Alt pressed and let go alone (a stray press, a layout switch), then "f".
        QTest.keyPress(field, Qt.Key.Key_Alt, Qt.KeyboardModifier.AltModifier)
        QTest.keyRelease(field, Qt.Key.Key_Alt, Qt.KeyboardModifier.NoModifier)
        QTest.keyClicks(focused(), "f")
        assert field.text() == "f" and field.hasFocus()
        assert not desk_window.file_menu.isVisible()

        # Alt held with the File menu's letter (Ф of «&Файл») opens it: it types nothing.
        QTest.sendKeyEvent(
            QTest.KeyAction.Click, field, Qt.Key(ord("Ф")), "ф", Qt.KeyboardModifier.AltModifier
        )
        qtbot.waitUntil(desk_window.file_menu.isVisible)
        assert field.text() == "f"
        desk_window.file_menu.close()
    finally:
        qapp.setStyle(previous)


def test_the_title_has_one_desk_with_the_applications_name_added(
    desk_window: MainWindow, qapp: QApplication
) -> None:
    name = qapp.applicationDisplayName()
    qapp.setApplicationDisplayName("Desk")
    try:
        title = desk_window.windowTitle()
        # The window system appends " — Desk" unless the title ends with it already.
        shown = title if title.endswith("Desk") else f"{title} — Desk"
        assert shown == "Топлофикация София — Desk"
    finally:
        qapp.setApplicationDisplayName(name)


def test_ctrl_l_over_a_question_on_a_dialog_hides_both_and_brings_both_back(
    qtbot: QtBot, desk_window: MainWindow
) -> None:
    window, cashier = desk_window, desk_window.cashier
    log_in(qtbot, window)
    dialog = wait_dialog(qtbot, cashier.panel, OpenShiftDialog)
    qtbot.keyClicks(dialog.opening_float, "1000000")
    enter(qtbot, dialog.opening_float)
    qtbot.waitUntil(lambda: dialog.confirm_box is not None and dialog.confirm_box.isVisible())
    box = dialog.confirm_box
    qtbot.waitUntil(box.isActiveWindow)

    qtbot.keyClick(focused(), Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)

    qtbot.waitUntil(cashier.overlay.isVisible)
    assert not box.isVisible() and not dialog.isVisible()
    unlock(qtbot, window)
    qtbot.waitUntil(lambda: box.isVisible() and dialog.isVisible())
