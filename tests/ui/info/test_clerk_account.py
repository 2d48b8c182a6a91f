"""The clerk's account tab (issue 13, point 13): the same account and ticks as at a
pay desk, but none of the cashier's words about paying here; Ctrl+L from a payer's
document (point 21)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desk.ui.kit.receipt_preview import ReceiptPreview
from desk.ui.main_window import MainWindow
from tests.ui.cashier.steps import plain
from tests.ui.info.steps import info_panel, open_payer, wait_dialog


def test_the_clerks_account_tab_says_what_a_pay_desk_would_take_not_pay_here(
    qtbot: QtBot, info_window: Callable[[str], MainWindow]
) -> None:
    window = info_window("court_case_and_final_warning")
    panel = info_panel(window)
    open_payer(qtbot, window, "4000000127")
    account = panel.account
    panel.payer_tabs.setCurrentWidget(account)
    account.view.setFocus()
    qtbot.waitUntil(account.view.hasFocus)

    hint = account.hint_text()
    assert "Плащания се приемат на каса" in hint
    assert "частично плащане" not in hint and "плаща изцяло" not in hint
    assert plain(account.savings.text()).startswith("На каса днес: ")

    qtbot.keyClick(account.view, Qt.Key.Key_Space)  # untick the first row: the total follows
    qtbot.keyClick(account.view, Qt.Key.Key_Space)
    assert plain(account.savings.text()).startswith("На каса днес: ")
    assert not window.cashier.panel.account.hint_text().startswith("Колко би платил")


def test_ctrl_l_in_a_document_preview_locks_and_hides_the_payers_document(
    qtbot: QtBot, info_window: Callable[[str], MainWindow]
) -> None:
    window = info_window("court_case_and_final_warning")
    panel = info_panel(window)
    open_payer(qtbot, window, "4000000127")
    qtbot.keyClick(panel.payer_tabs, Qt.Key.Key_F7)
    preview = wait_dialog(qtbot, window, ReceiptPreview)
    focused = QApplication.focusWidget()
    assert focused is not None and focused.window() is preview

    qtbot.keyClick(focused, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)

    overlay = window.cashier.overlay
    qtbot.waitUntil(overlay.isVisible)
    assert not preview.isVisible(), "the payer's statement is not left over the lock"
    qtbot.waitUntil(overlay.password.hasFocus)
    qtbot.keyClicks(overlay.password, "desk1234")
    qtbot.keyClick(overlay.password, Qt.Key.Key_Return)
    qtbot.waitUntil(preview.isVisible)
    preview.reject()
