"""Quitting (issue 13, point 10): an open shift is asked about, and the window does
not wait seconds for a sync that waits for the central database."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy import insert

from desk.models.db import Database
from desk.models.tables import Setting
from desk.sync.central import CONNECT_TIMEOUT_S
from desk.sync.config import CentralConfig, save_config, store_password
from desk.sync.replication import CID_KEY, SEQ_KEY
from desk.ui.main_window import MainWindow
from desk.ui.sync_status import SHUTDOWN_WAIT_MS
from tests.ui.cashier.steps import log_in, open_shift, plain


def quit_question(window: MainWindow) -> QMessageBox | None:
    found = window.findChild(QMessageBox, "quitQuestion")
    return found if found is not None and found.isVisible() else None


def press_ctrl_q(qtbot: QtBot) -> None:
    """Where a person's Ctrl+Q goes: the widget with the keys."""
    focused = QApplication.focusWidget()
    assert focused is not None
    qtbot.keyClick(focused, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)


def test_ctrl_q_with_the_shift_open_asks_first_naming_the_shift(
    qtbot: QtBot, desk_window: MainWindow
) -> None:
    window = desk_window
    log_in(qtbot, window)
    open_shift(qtbot, window)

    press_ctrl_q(qtbot)
    qtbot.waitUntil(lambda: quit_question(window) is not None)
    question = quit_question(window)
    assert question is not None
    text = plain(question.text())
    assert window.cashier.state.user.full_name in text
    assert "Каса 1" in text and "22.11.2026" in text and "12:00" in text
    qtbot.waitUntil(question.isActiveWindow)

    # Enter by habit, or Esc: the desk stays open, the shift with it.
    qtbot.keyClick(question, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: quit_question(window) is None)
    assert window.isVisible()
    qtbot.waitUntil(window.isActiveWindow)
    press_ctrl_q(qtbot)
    qtbot.waitUntil(lambda: quit_question(window) is not None)
    question = quit_question(window)
    assert question is not None
    qtbot.waitUntil(question.isActiveWindow)
    qtbot.keyClick(question, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: quit_question(window) is None)
    assert window.isVisible()

    # "Quit" quits.
    window.close()
    qtbot.waitUntil(lambda: quit_question(window) is not None)
    question = quit_question(window)
    assert question is not None
    quit_button = next(
        b for b in question.findChildren(QPushButton) if b.text().replace("&", "") == "Изход"
    )
    qtbot.mouseClick(quit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.isVisible())


def test_without_a_shift_ctrl_q_quits_at_once(qtbot: QtBot, desk_window: MainWindow) -> None:
    log_in(qtbot, desk_window, "sluzhitel")  # a clerk: no shift
    press_ctrl_q(qtbot)
    qtbot.waitUntil(lambda: not desk_window.isVisible())
    assert quit_question(desk_window) is None


def log_out_question(window: MainWindow) -> QMessageBox | None:
    found = window.findChild(QMessageBox, "logOutQuestion")
    return found if found is not None and found.isVisible() else None


def test_logging_out_with_the_shift_open_asks_first_and_the_shift_stays_open(
    qtbot: QtBot, desk_window: MainWindow
) -> None:
    window = desk_window
    log_in(qtbot, window)
    open_shift(qtbot, window)
    shift = window.cashier.state.shift
    assert shift is not None

    window.cashier.log_out_action.trigger()  # Desk → Log out
    qtbot.waitUntil(lambda: log_out_question(window) is not None)
    question = log_out_question(window)
    assert question is not None
    text = plain(question.text())
    assert window.cashier.state.user.full_name in text and "12:00" in text and "F12" in text
    qtbot.waitUntil(question.isActiveWindow)
    qtbot.keyClick(question, Qt.Key.Key_Escape)  # Esc (and Enter by habit): stay
    qtbot.waitUntil(lambda: log_out_question(window) is None)
    assert window.cashier.state.ctx is not None and window.cashier.state.shift is shift

    window.cashier.log_out_action.trigger()
    qtbot.waitUntil(lambda: log_out_question(window) is not None)
    question = log_out_question(window)
    assert question is not None
    leave = next(
        b
        for b in question.findChildren(QPushButton)
        if b.text().replace("&", "") == "Изход от профила"
    )
    qtbot.mouseClick(leave, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.cashier.state.ctx is None)
    assert window.cashier.overlay.isVisible()
    # The login has the keys; the shift is still open: the same cashier finds it.
    qtbot.waitUntil(window.cashier.overlay.username.hasFocus)
    log_in(qtbot, window)
    qtbot.waitUntil(lambda: window.cashier.state.shift is not None)
    assert window.cashier.state.shift.id == shift.id


def test_logging_out_without_a_shift_asks_nothing(qtbot: QtBot, desk_window: MainWindow) -> None:
    log_in(qtbot, desk_window, "sluzhitel")
    desk_window.cashier.log_out_action.trigger()
    qtbot.waitUntil(lambda: desk_window.cashier.state.ctx is None)
    assert log_out_question(desk_window) is None


@pytest.fixture
def silent_central() -> Iterator[int]:
    """A "central database" that takes the connection and never answers: a sync waits
    for it until the connect timeout, as behind a firewall that drops packets."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    yield server.getsockname()[1]
    server.close()


def test_quitting_does_not_wait_for_a_sync_stuck_on_the_central_database(
    qtbot: QtBot, desk_window: MainWindow, day_db: Database, silent_central: int
) -> None:
    config = CentralConfig(host="127.0.0.1", port=silent_central, dbname="central", role="k1")
    save_config(day_db, config)
    store_password(config, "secret", day_db.path)
    with day_db.write() as session:  # a desk that had its first replica
        session.execute(insert(Setting).values([(SEQ_KEY, "0"), (CID_KEY, "0")]))
    window = desk_window
    window.open_database(day_db.path)  # as at a start: the sync begins at once
    qtbot.waitUntil(lambda: window.sync.running)

    started = time.monotonic()
    stopped = window.close_database()
    took = time.monotonic() - started

    assert not stopped, "the sync is still waiting for the central database"
    assert took < SHUTDOWN_WAIT_MS / 1000 + 0.5 < CONNECT_TIMEOUT_S  # was the 5 s timeout
    window.sync.tasks.wait_for_done()  # let the test's worker end before the next test
