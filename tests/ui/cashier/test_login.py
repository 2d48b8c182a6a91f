"""Login over the window, five-strikes messages from the service, and the idle lock."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import delete

from desk.models.tables import Setting
from desk.ui.cashier.tender_dialog import TenderDialog
from desk.ui.main_window import MainWindow
from tests.ui.cashier.steps import (
    at_the_account,
    enter,
    log_in,
    plain,
    press_pay,
    top_dialog,
)


def test_the_login_covers_the_window_until_the_password_is_right(
    qtbot: QtBot, desk_window: MainWindow
) -> None:
    overlay = desk_window.cashier.overlay
    assert overlay.geometry() == desk_window.centralWidget().rect()
    assert not desk_window.panels.isEnabled(), "nothing under the login takes keys"
    assert overlay.username.hasFocus()

    qtbot.keyClicks(overlay.username, "kasier1")
    enter(qtbot, overlay.username)
    qtbot.keyClicks(overlay.password, "wrong!")
    enter(qtbot, overlay.password)

    qtbot.waitUntil(lambda: overlay.problem.isVisible())
    assert overlay.problem.text() == "грешно потребителско име или парола"
    assert overlay.password.text() == ""
    assert overlay.password.hasFocus()
    assert overlay.isVisible()

    qtbot.keyClicks(overlay.password, "desk1234")
    enter(qtbot, overlay.password)
    qtbot.waitUntil(lambda: not overlay.isVisible())
    assert desk_window.panels.currentWidget() is desk_window.cashier.panel
    assert desk_window.panels.isEnabled()


def test_idle_minutes_lock_the_screen_and_unlocking_keeps_the_work(
    qtbot: QtBot, desk_window: MainWindow
) -> None:
    window, cashier = desk_window, desk_window.cashier
    panel = cashier.panel
    at_the_account(qtbot, window)
    tender = press_pay(qtbot, window)
    qtbot.keyClicks(tender.cash, "100")

    assert cashier.idle.watching
    cashier.idle.interval_ms = 50  # ten minutes in the desk
    cashier.idle.start()
    qtbot.waitUntil(lambda: cashier.overlay.isVisible())

    overlay = cashier.overlay
    assert overlay._title.text() == "Екранът е заключен"
    assert overlay.username.text() == "kasier1"
    assert overlay.username.isReadOnly()
    assert not tender.isVisible(), "an open dialog hides under the lock"
    assert not window.panels.isEnabled()
    assert not cashier.lock_action.isEnabled()

    qtbot.keyClicks(overlay.password, "desk1234")
    enter(qtbot, overlay.password)
    qtbot.waitUntil(lambda: not overlay.isVisible())

    assert top_dialog(panel, TenderDialog) is tender
    assert plain(tender.change.text()) == "Ресто: 6,54 €"
    assert panel.account.card._name.text() == "Иван Петров Иванов"
    assert cashier.idle.watching


def test_ctrl_l_locks_at_once(qtbot: QtBot, desk_window: MainWindow) -> None:
    log_in(qtbot, desk_window, "sluzhitel")
    panel = desk_window.cashier.panel
    qtbot.keyClick(panel.search.field, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: desk_window.cashier.overlay.isVisible())
    assert desk_window.cashier.overlay.username.text() == "sluzhitel"


def test_a_database_that_is_no_desk_yet_says_how_to_make_it_one(
    qtbot: QtBot, desk_window: MainWindow
) -> None:
    database = desk_window.cashier.state.db
    with database.write() as session:
        session.execute(delete(Setting).where(Setting.key == "desk_code"))
    overlay = desk_window.cashier.overlay
    qtbot.keyClicks(overlay.username, "kasier1")
    enter(qtbot, overlay.username)
    qtbot.keyClicks(overlay.password, "desk1234")
    enter(qtbot, overlay.password)

    qtbot.waitUntil(lambda: overlay.problem.isVisible())
    assert "desk set-desk" in overlay.problem.text()
    assert overlay.isVisible(), "nobody works at a desk that is none"
