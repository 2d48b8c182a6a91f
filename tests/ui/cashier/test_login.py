"""Login over the window, five-strikes messages from the service, and the idle lock."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import delete, select

from desk.models.db import Database
from desk.models.tables import AuditEntry, Desk, Setting, User
from desk.services.users import list_users, reset_password
from desk.services.users import log_in as service_log_in
from desk.ui.cashier.tender_dialog import TenderDialog
from desk.ui.main_window import MainWindow
from tests.desk_fixtures import NOON
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
    cashier.idle.interval_ms = 600_000  # not locked again 50 ms after the unlock

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


def logins_at(database: Database, username: str) -> list[str]:
    """The desks ``username`` logged in at, from the audit log."""
    with database.read() as session:
        return list(
            session.scalars(
                select(Desk.code)
                .join(AuditEntry, AuditEntry.desk_id == Desk.id)
                .join(User, User.id == AuditEntry.user_id)
                .where(AuditEntry.action == "login", User.username == username)
                .order_by(AuditEntry.id)
            )
        )


def reset_and_type_the_temporary(qtbot: QtBot, window: MainWindow, username: str) -> str:
    """A supervisor resets ``username``'s password; they type the temporary one at the login."""
    database = window.cashier.state.db
    _result, boss = service_log_in(database, "nachalnik", "desk1234", "K1", NOON)
    assert boss is not None
    user = next(u for u in list_users(database, boss) if u.username == username)
    _row, temporary = reset_password(database, boss, user.id, NOON)
    overlay = window.cashier.overlay
    qtbot.keyClicks(overlay.username, username)
    enter(qtbot, overlay.username)
    qtbot.keyClicks(overlay.password, temporary)
    enter(qtbot, overlay.password)
    qtbot.waitUntil(lambda: overlay.new_password.isVisible())
    return temporary


def new_password_twice(qtbot: QtBot, window: MainWindow, first: str, second: str) -> None:
    overlay = window.cashier.overlay
    qtbot.keyClicks(overlay.new_password, first)
    enter(qtbot, overlay.new_password)
    assert overlay.new_again.hasFocus()
    qtbot.keyClicks(overlay.new_again, second)
    enter(qtbot, overlay.new_again)


def test_a_temporary_password_must_be_replaced_before_the_desk_opens(
    qtbot: QtBot, desk_window: MainWindow
) -> None:
    database = desk_window.cashier.state.db
    temporary = reset_and_type_the_temporary(qtbot, desk_window, "kasier1")
    overlay = desk_window.cashier.overlay
    assert overlay.new_password.hasFocus()
    assert not overlay.username.isVisible() and not overlay.password.isVisible()
    assert overlay.isVisible() and not desk_window.panels.isEnabled(), "the desk stays shut"
    assert desk_window.cashier.state.ctx is None
    assert logins_at(database, "kasier1") == [], "the temporary password logged nobody in"

    new_password_twice(qtbot, desk_window, "moja-parola", "druga-parola")
    assert overlay.problem.isVisible() and overlay.isVisible()
    assert overlay.new_password.hasFocus() and overlay.new_password.text() == ""

    new_password_twice(qtbot, desk_window, temporary, temporary)
    qtbot.waitUntil(lambda: "различна" in overlay.problem.text())
    assert overlay.isVisible(), "the service refuses the old password as the new one"

    new_password_twice(qtbot, desk_window, "moja-parola", "moja-parola")
    qtbot.waitUntil(lambda: not overlay.isVisible())
    assert desk_window.cashier.state.ctx is not None
    assert desk_window.cashier.state.ctx.username == "kasier1"
    assert desk_window.panels.isEnabled()
    assert logins_at(database, "kasier1") == ["K1"], "in with the new password, at this desk"

    again, _ctx = service_log_in(database, "kasier1", "moja-parola", "K1", NOON)
    assert again.ok and not again.must_change_password


def test_esc_while_choosing_a_new_password_goes_back_to_the_login(
    qtbot: QtBot, desk_window: MainWindow
) -> None:
    reset_and_type_the_temporary(qtbot, desk_window, "kasier2")
    overlay = desk_window.cashier.overlay
    qtbot.keyClick(overlay.new_password, Qt.Key.Key_Escape)
    assert overlay.username.isVisible() and overlay.username.hasFocus()
    assert not overlay.new_password.isVisible()
    assert desk_window.cashier.state.ctx is None
