"""What a locked screen or a log-out does to answers still on their way, and a role
changed while the screen was locked."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from desk.models.db import Database
from desk.models.tables import User
from desk.services.users import DEMO_PASSWORD
from desk.ui.main_window import MainWindow
from tests.ui.cashier.steps import enter
from tests.ui.supervisor.steps import open_supervisor


def unlock(qtbot: QtBot, window: MainWindow) -> None:
    overlay = window.cashier.overlay
    qtbot.waitUntil(lambda: overlay.isVisible() and overlay.password.hasFocus())
    qtbot.keyClicks(overlay.password, DEMO_PASSWORD)
    enter(qtbot, overlay.password)
    qtbot.waitUntil(lambda: not overlay.isVisible())


def test_a_dialog_opened_under_the_lock_waits_for_the_unlock(
    qtbot: QtBot, supervisor_window: Callable[..., MainWindow], day_db: Database
) -> None:
    path = day_db.path
    day_db.close()
    window = supervisor_window(path)
    panel = open_supervisor(qtbot, window)
    window.cashier.lock()

    answer = QDialog(window)  # e.g. a report preview whose answer arrives now
    panel.open_dialog(answer)

    assert answer in panel.dialogs and not answer.isVisible()
    unlock(qtbot, window)
    qtbot.waitUntil(answer.isVisible)
    answer.done(QDialog.DialogCode.Rejected)


def test_an_answer_after_the_log_out_opens_nothing(
    qtbot: QtBot, supervisor_window: Callable[..., MainWindow], day_db: Database
) -> None:
    path = day_db.path
    day_db.close()
    window = supervisor_window(path)
    panel = open_supervisor(qtbot, window)
    window.cashier.log_out()

    answer = QDialog(window)
    panel.open_dialog(answer)

    assert answer not in panel.dialogs and not answer.isVisible()


def test_a_role_taken_away_under_the_lock_takes_the_supervisors_screens_with_it(
    qtbot: QtBot, supervisor_window: Callable[..., MainWindow], day_db: Database
) -> None:
    path = day_db.path
    window = supervisor_window(path)
    open_supervisor(qtbot, window)
    window.cashier.lock()
    with day_db.write() as session:  # an admin demoted the supervisor meanwhile
        session.execute(update(User).where(User.username == "nachalnik").values(role="cashier"))
    day_db.close()

    unlock(qtbot, window)

    desk = window.cashier
    assert window.panels.currentWidget() is desk.panel  # routed as a cashier now
    assert not desk.supervisor_action.isEnabled()
    # As a cashier now, the desk offers to open a shift: Esc, not today.
    # (Once it has read whether the desk has a shift open: Esc waits while it reads.)
    qtbot.waitUntil(
        lambda: (
            bool(desk.panel.dialogs)
            and desk.panel.dialogs[-1].isActiveWindow()
            and not getattr(desk.panel.dialogs[-1], "busy", False)
        )
    )
    qtbot.keyClick(desk.panel.dialogs[-1], Qt.Key.Key_Escape)
    # The key goes where a person's key goes: the focused widget of the active window.
    qtbot.waitUntil(lambda: not desk.panel.dialogs and window.isActiveWindow())
    focused = QApplication.focusWidget()
    assert focused is not None
    qtbot.keyClick(focused, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window.panels.currentWidget() is desk.panel
