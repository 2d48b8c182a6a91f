"""The information desk's shell: who lands there, search, a scanned card."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desk.ui.main_window import MainWindow
from tests.ui.cashier.steps import Printed, close_window, enter, log_in, make_window
from tests.ui.info.steps import info_panel, open_payer


def test_a_clerk_lands_at_the_information_desk_and_opens_a_payer(
    qtbot: QtBot, info_window: Callable[[str], MainWindow]
) -> None:
    window = info_window("court_case_and_final_warning")
    panel = info_panel(window)
    assert panel.search.field.hasFocus()
    open_payer(qtbot, window, "4000000127")
    assert panel.payer_code == "4000000127"
    assert panel.account.card.payer is not None
    assert panel.statement_action.isEnabled()


def test_an_unknown_card_number_says_so(
    qtbot: QtBot, info_window: Callable[[str], MainWindow]
) -> None:
    window = info_window("court_case_and_final_warning")
    panel = info_panel(window)
    qtbot.keyClicks(panel.search.field, "001000000018")
    enter(qtbot, panel.search.field)
    qtbot.waitUntil(lambda: "001000000018" in panel.message.text())
    assert panel.payer_code is None


def test_a_cashier_cannot_open_the_information_desk(
    qtbot: QtBot, translations, day_db, tmp_path
) -> None:
    path = day_db.path
    day_db.close()
    window = make_window(qtbot, translations, path, Printed())
    try:
        log_in(qtbot, window, "kasier1")
        desk = window.cashier
        assert not desk.info_action.isEnabled()
        desk.info_action.trigger()
        assert window.panels.currentWidget() is not desk.info
    finally:
        close_window(qtbot, window)


def test_ctrl_page_down_goes_through_the_payers_tabs_from_the_keyboard(
    qtbot: QtBot, info_window: Callable[[str], MainWindow]
) -> None:
    window = info_window("court_case_and_final_warning")
    panel = info_panel(window)
    open_payer(qtbot, window, "4000000127")
    panel.payer_tabs.setCurrentWidget(panel.contacts)
    panel.contacts.phone.setFocus()
    qtbot.keyClick(panel.contacts.phone, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert panel.payer_tabs.currentWidget() is panel.tenure
    focused = QApplication.focusWidget()
    assert focused is not None and panel.tenure.isAncestorOf(focused)
    qtbot.keyClick(
        panel.payer_tabs.currentWidget(), Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier
    )
    assert panel.payer_tabs.currentWidget() is panel.contacts
