"""The Users tab, driven with the keyboard on a real SQLite file."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desk.services.users import MAX_FAILED_LOGINS, UserRow, add_user, log_in
from desk.ui.main_window import MainWindow
from desk.ui.supervisor.user_dialogs import (
    ConfirmDialog,
    NewUserDialog,
    PasswordDialog,
    RoleDialog,
)
from desk.ui.supervisor.users_page import UsersModel, UsersPage
from tests.desk_fixtures import NOON, make_day_db
from tests.ui.cashier.steps import enter, type_text
from tests.ui.supervisor.steps import open_supervisor, open_tab, wait_dialog

Make = Callable[..., MainWindow]


def a_desk(tmp_path: Path) -> Path:
    db = make_day_db(tmp_path / "desk.sqlite")
    db.close()
    return tmp_path / "desk.sqlite"


def users_tab(qtbot: QtBot, window: MainWindow) -> UsersPage:
    panel = open_supervisor(qtbot, window)
    page = panel.users
    open_tab(qtbot, window, page)
    qtbot.waitUntil(lambda: page.model.rowCount() == 5 and not page.loading)
    page.table.setFocus()
    return page


def usernames(page: UsersPage) -> list[str]:
    return [page.model.text(row, 0) for row in range(page.model.rowCount())]


def choose(qtbot: QtBot, page: UsersPage, username: str) -> None:
    page.select_user(username)
    assert page.selected() is not None and page.selected().username == username  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: page.window().isActiveWindow())
    page.table.setFocus()


def log_out(qtbot: QtBot, window: MainWindow) -> None:
    window.cashier.log_out_action.trigger()
    qtbot.waitUntil(lambda: window.cashier.overlay.isVisible())


def log_in_choosing_a_password(
    qtbot: QtBot, window: MainWindow, username: str, temporary: str, new: str
) -> None:
    """Through the overlay: the temporary password, then the new one twice."""
    overlay = window.cashier.overlay
    qtbot.keyClicks(overlay.username, username)
    enter(qtbot, overlay.username)
    qtbot.keyClicks(overlay.password, temporary)
    enter(qtbot, overlay.password)
    qtbot.waitUntil(lambda: overlay.new_password.isVisible())
    assert window.cashier.state.ctx is None, "nobody works before the new password"
    qtbot.keyClicks(overlay.new_password, new)
    enter(qtbot, overlay.new_password)
    qtbot.keyClicks(overlay.new_again, new)
    enter(qtbot, overlay.new_again)
    qtbot.waitUntil(lambda: not overlay.isVisible())
    assert window.cashier.state.ctx is not None
    assert window.cashier.state.ctx.username == username


def test_a_supervisor_creates_a_user_who_then_chooses_a_password_at_the_login(
    qtbot: QtBot, supervisor_window: Make, tmp_path: Path
) -> None:
    window = supervisor_window(a_desk(tmp_path))
    page = users_tab(qtbot, window)
    assert usernames(page) == ["admin", "kasier1", "kasier2", "nachalnik", "sluzhitel"]

    qtbot.keyClick(page.table, Qt.Key.Key_Insert)
    dialog = wait_dialog(qtbot, window, NewUserDialog)
    assert dialog.username.hasFocus()
    qtbot.keyClicks(dialog.username, "Ivan")
    qtbot.keyClick(dialog.username, Qt.Key.Key_Tab)
    assert dialog.full_name.hasFocus()
    type_text(dialog.full_name, "Иван Иванов")
    qtbot.keyClick(dialog.full_name, Qt.Key.Key_Tab)
    assert dialog.role.hasFocus()
    qtbot.keyClick(dialog.role, Qt.Key.Key_Down)  # cashier -> clerk
    qtbot.keyClick(dialog.role, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.password, "vremenna1")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.again, "vremenna1")
    enter(qtbot, dialog.again)

    qtbot.waitUntil(lambda: dialog.problems["username"].isVisible() and not dialog.busy)
    assert dialog.problems["username"].text().startswith("потребителско име: от 3 до 40 знака")
    assert dialog.username.hasFocus() and dialog.isVisible()
    dialog.username.selectAll()
    qtbot.keyClicks(dialog.username, "ivan.ivanov")
    enter(qtbot, dialog.username)

    qtbot.waitUntil(lambda: "ivan.ivanov" in usernames(page))
    assert dialog not in window.cashier.supervisor.dialogs
    assert page.selected() == UserRow(
        page.selected().id,  # type: ignore[union-attr]
        "ivan.ivanov",
        "Иван Иванов",
        "clerk",
        True,
        None,
        True,
    )
    row = usernames(page).index("ivan.ivanov")
    assert page.model.text(row, 1) == "Иван Иванов"

    log_out(qtbot, window)
    log_in_choosing_a_password(qtbot, window, "ivan.ivanov", "vremenna1", "moja-parola")
    qtbot.waitUntil(lambda: window.panels.currentWidget() is window.cashier.info)


def test_a_made_up_password_is_shown_once(
    qtbot: QtBot, supervisor_window: Make, tmp_path: Path
) -> None:
    window = supervisor_window(a_desk(tmp_path))
    page = users_tab(qtbot, window)
    page.new_button.click()
    dialog = wait_dialog(qtbot, window, NewUserDialog)
    qtbot.keyClicks(dialog.username, "petar")
    type_text(dialog.full_name, "Петър Петров")
    enter(qtbot, dialog.full_name)
    shown = wait_dialog(qtbot, window, PasswordDialog)
    temporary = shown.password.text()
    assert len(temporary) == 10
    enter(qtbot, shown)
    qtbot.waitUntil(lambda: shown not in window.cashier.supervisor.dialogs)
    db = window.cashier.state.db
    result, _ctx = log_in(db, "petar", temporary, "K1", NOON)
    assert result.ok and result.must_change_password and result.role == "cashier"


def test_a_reset_password_is_shown_once_and_must_be_changed_at_the_login(
    qtbot: QtBot, supervisor_window: Make, tmp_path: Path
) -> None:
    window = supervisor_window(a_desk(tmp_path))
    page = users_tab(qtbot, window)
    choose(qtbot, page, "kasier1")
    assert "Ctrl+P" in page.reset_button.text()
    qtbot.keyClick(page.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    confirm = wait_dialog(qtbot, window, ConfirmDialog)
    assert "kasier1" in confirm.question.text()
    enter(qtbot, confirm)
    shown = wait_dialog(qtbot, window, PasswordDialog)
    temporary = shown.password.text()
    enter(qtbot, shown)
    qtbot.waitUntil(lambda: not window.cashier.supervisor.dialogs and not page.loading)
    row = usernames(page).index("kasier1")
    assert page.model.text(row, 5) != "", "the password is marked temporary"

    log_out(qtbot, window)
    log_in_choosing_a_password(qtbot, window, "kasier1", temporary, "nova-parola")


def test_unlock_lets_a_locked_out_user_in_again(
    qtbot: QtBot, supervisor_window: Make, tmp_path: Path
) -> None:
    path = a_desk(tmp_path)
    window = supervisor_window(path)
    db = window.cashier.state.db
    for _ in range(MAX_FAILED_LOGINS):
        log_in(db, "kasier2", "wrong!", "K1", NOON)
    page = users_tab(qtbot, window)
    row = usernames(page).index("kasier2")
    assert page.model.text(row, 4) == "22.11.2026 12:15"
    choose(qtbot, page, "kasier2")
    qtbot.keyClick(page.table, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.model.text(usernames(page).index("kasier2"), 4) == "")
    result, _ctx = log_in(db, "kasier2", "desk1234", "K1", NOON)
    assert result.ok


def test_deactivating_oneself_is_refused_in_words_and_another_user_is_deactivated(
    qtbot: QtBot, supervisor_window: Make, tmp_path: Path
) -> None:
    window = supervisor_window(a_desk(tmp_path))
    page = users_tab(qtbot, window)
    choose(qtbot, page, "nachalnik")
    assert not page.active_button.isEnabled(), "off for one's own row, and the reason shown"
    assert "Не можете да деактивирате себе си." in page.why.text()
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert page.problem.text() == "Не можете да деактивирате себе си."
    assert not window.cashier.supervisor.dialogs, "no question that can only be refused"

    choose(qtbot, page, "kasier2")
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    confirm = wait_dialog(qtbot, window, ConfirmDialog)
    enter(qtbot, confirm)
    qtbot.waitUntil(lambda: usernames(page)[-1] == "kasier2" and not page.loading)
    assert page.selected() is not None and not page.selected().active  # type: ignore[union-attr]
    result, _ctx = log_in(window.cashier.state.db, "kasier2", "desk1234", "K1", NOON)
    assert not result.ok


def test_the_users_model_passes_the_model_tester(qtmodeltester: ModelTester) -> None:
    model = UsersModel()
    model.show_users(
        (
            UserRow(1, "kasier1", "Мария Петрова", "cashier", True, NOON, True),
            UserRow(2, "stari", "Стар Служител", "clerk", False, None, False),
        ),
        datetime(2026, 11, 22, 11, 0),
    )
    qtmodeltester.check(model)
    assert model.text(0, 4) == "22.11.2026 12:00"


def test_the_tab_keeps_off_the_desks_f_keys_and_ctrl_e_offers_a_supervisor_two_roles(
    qtbot: QtBot, supervisor_window: Make, tmp_path: Path
) -> None:
    window = supervisor_window(a_desk(tmp_path))
    page = users_tab(qtbot, window)
    panel = window.cashier.supervisor
    choose(qtbot, page, "kasier1")
    assert "Ctrl+E" in page.role_button.text() and "Ctrl+U" in page.unlock_button.text()
    for key in (Qt.Key.Key_F4, Qt.Key.Key_F6, Qt.Key.Key_F7):  # open shift, report, statement
        qtbot.keyClick(page.table, key)
        qtbot.waitUntil(lambda: window.tasks.pending == 0)
        assert not panel.dialogs, "no user action on a key that means something else"
        assert window.panels.currentWidget() is panel

    qtbot.keyClick(page.table, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = wait_dialog(qtbot, window, RoleDialog)
    roles = [dialog.role.itemData(i) for i in range(dialog.role.count())]
    assert roles == ["cashier", "clerk"], "a supervisor gives no supervisor's or admin's role"
    assert dialog.role.currentData() == "cashier"
    qtbot.keyClick(dialog.role, Qt.Key.Key_Down)
    enter(qtbot, dialog.role)
    qtbot.waitUntil(lambda: dialog not in panel.dialogs and not page.loading)
    assert page.model.text(usernames(page).index("kasier1"), 2) == "служител"


def test_an_older_list_arriving_last_does_not_replace_the_newer_one(
    qtbot: QtBot, supervisor_window: Make, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = supervisor_window(a_desk(tmp_path))
    page = users_tab(qtbot, window)
    state = window.cashier.state
    held: list[tuple[Callable[[object], None], object]] = []
    real_run = state.run

    def holding_run(
        work: Callable[[], object], on_done: Callable[[object], None], *rest: Any
    ) -> None:
        """The read runs for real in a worker; its answer waits for the test to deliver it."""
        real_run(work, lambda answer: held.append((on_done, answer)), *rest)

    monkeypatch.setattr(state, "run", holding_run)
    page.reload()  # reads the five demo users
    qtbot.waitUntil(lambda: len(held) == 1)
    add_user(state.db, state.user, "ivan", "Иван Иванов", "cashier", "", "", NOON)
    page.reload()  # reads six
    qtbot.waitUntil(lambda: len(held) == 2)
    monkeypatch.undo()

    (older_done, older), (newer_done, newer) = held
    newer_done(newer)
    older_done(older)  # the slow first read finishes last

    assert "ivan" in usernames(page) and len(usernames(page)) == 6
    assert not page.loading


@pytest.mark.parametrize(
    ("username", "allowed"), [("kasier1", False), ("sluzhitel", False), ("nachalnik", True)]
)
def test_a_cashier_and_a_clerk_cannot_reach_the_supervisors_screens_by_the_keyboard(
    qtbot: QtBot, supervisor_window: Make, tmp_path: Path, username: str, allowed: bool
) -> None:
    window = supervisor_window(a_desk(tmp_path), user=username)
    desk = window.cashier
    assert desk.state.ctx is not None and desk.state.ctx.username == username
    before = window.panels.currentWidget()
    assert before is not desk.supervisor

    # As a person would: the window active, the key pressed where the focus is (a key
    # sent to an inactive window reaches no shortcut, and would prove nothing).
    qtbot.waitUntil(window.isActiveWindow)
    focused = QApplication.focusWidget()
    assert focused is not None and focused.window() is window
    qtbot.keyClick(focused, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.tasks.pending == 0)

    assert desk.supervisor_action.isEnabled() is allowed
    if allowed:  # the same key press does open it for a supervisor: the test can tell
        assert window.panels.currentWidget() is desk.supervisor
    else:
        assert window.panels.currentWidget() is before
        assert desk.supervisor.users.rows == (), "nothing of the users was read"


def test_the_banner_follows_the_selected_row(
    qtbot: QtBot, supervisor_window: Make, tmp_path: Path
) -> None:
    window = supervisor_window(a_desk(tmp_path))
    page = users_tab(qtbot, window)
    admin_only = "Само администратор променя профил на ръководител или администратор."
    choose(qtbot, page, "admin")
    assert page.why.isVisible() and admin_only in page.why.text()
    qtbot.keyClick(page.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)  # reset
    assert page.problem.isVisible() and page.problem.text() == admin_only
    assert not window.cashier.supervisor.dialogs

    assert usernames(page)[:2] == ["admin", "kasier1"]
    qtbot.keyClick(page.table, Qt.Key.Key_Down)  # down to kasier1, by the keyboard
    assert page.selected() is not None and page.selected().username == "kasier1"  # type: ignore[union-attr]
    assert not page.problem.isVisible() and page.problem.text() == ""
    assert not page.why.isVisible()
    assert page.reset_button.isEnabled()
