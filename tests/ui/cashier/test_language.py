"""English is a menu choice away, on the cashier's screens too."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desk.ui.account.models import REASON, STATUS
from desk.ui.main_window import MainWindow
from tests.ui.cashier.steps import log_in, open_account, row_of


def test_the_account_speaks_english_on_request(qtbot: QtBot, desk_window: MainWindow) -> None:
    log_in(qtbot, desk_window, "sluzhitel")
    open_account(qtbot, desk_window, "4000000010")
    panel = desk_window.cashier.panel

    desk_window.language_actions["en"].trigger()

    qtbot.waitUntil(lambda: panel.account.savings.text() == "Pay €93.46 now, save €2.89")
    model, row = panel.account.model, row_of(desk_window, "0000000003")
    assert model.headerData(STATUS, Qt.Orientation.Horizontal) == "Status"
    assert model.text(row, STATUS) == "Current"
    assert model.text(row, REASON) == "3% — paid on time"  # the services word it in English too
    assert desk_window.cashier.menu.title() == "&Desk"
