"""The supervisor's screens as issue 13 (point 22) found them: actions on one's own row
or an admin's offered and refused only on save, refusals over the question, the audit
log's wrong password with no desk, the header saying "pay desk"."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from desk.services.users import reset_password
from desk.ui.main_window import MainWindow
from desk.ui.style import apply_style
from desk.ui.supervisor.user_dialogs import ConfirmDialog, RoleDialog
from desk.ui.supervisor.users_page import UsersPage
from tests.desk_fixtures import make_day_db
from tests.ui.cashier.steps import enter, log_in
from tests.ui.supervisor.steps import open_supervisor, open_tab, wait_dialog

Make = Callable[..., MainWindow]


@pytest.fixture
def desk_style(qapp: QApplication) -> Iterator[None]:
    """The desk's own style sheet and fonts (larger type), as the app starts with."""
    sheet, style = qapp.styleSheet(), qapp.style().name()
    apply_style(qapp)
    yield
    qapp.setStyleSheet(sheet)
    qapp.setStyle(style)


def a_desk(tmp_path: Path) -> Path:
    make_day_db(tmp_path / "desk.sqlite").close()
    return tmp_path / "desk.sqlite"


def users_tab(qtbot: QtBot, window: MainWindow) -> UsersPage:
    panel = open_supervisor(qtbot, window)
    open_tab(qtbot, window, panel.users)
    qtbot.waitUntil(lambda: panel.users.model.rowCount() == 5 and not panel.users.loading)
    panel.users.table.setFocus()
    return panel.users


def choose(qtbot: QtBot, page: UsersPage, username: str) -> None:
    page.select_user(username)
    qtbot.waitUntil(lambda: page.window().isActiveWindow())
    page.table.setFocus()


def test_ones_own_role_is_not_offered_and_the_reason_is_shown(
    qtbot: QtBot, supervisor_window: Make, tmp_path: Path
) -> None:
    window = supervisor_window(a_desk(tmp_path), user="admin")
    page = users_tab(qtbot, window)
    choose(qtbot, page, "admin")

    assert not page.role_button.isEnabled()
    assert page.why.isVisible() and "Вашият профил" in page.why.text()
    qtbot.keyClick(page.table, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert not window.cashier.supervisor.dialogs, "no dialog that can only refuse on save"
    assert "Вашият профил" in page.problem.text()

    choose(qtbot, page, "kasier1")
    assert page.role_button.isEnabled() and not page.why.isVisible()
    qtbot.keyClick(page.table, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = wait_dialog(qtbot, window, RoleDialog)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)


def background(widget: QWidget) -> QColor:
    image = widget.grab().toImage()
    return image.pixelColor(8, image.height() // 2)


def test_a_supervisor_is_not_offered_to_change_an_admins_account(
    qtbot: QtBot, supervisor_window: Make, tmp_path: Path, desk_style: None
) -> None:
    window = supervisor_window(a_desk(tmp_path))
    page = users_tab(qtbot, window)
    choose(qtbot, page, "admin")
    for button in (page.role_button, page.reset_button, page.unlock_button, page.active_button):
        assert not button.isEnabled()
        assert background(button) != background(page.new_button), "and looks off"
    assert "Само администратор" in page.why.text()
    qtbot.keyClick(page.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert not window.cashier.supervisor.dialogs


def apart_and_whole(dialog: QWidget) -> None:
    """Every sentence shown whole, none over another."""
    labels = [label for label in dialog.findChildren(QLabel) if label.isVisible() and label.text()]
    for label in labels:
        if label.wordWrap():
            assert label.height() >= label.heightForWidth(label.width()), label.text()
        else:
            assert label.width() >= label.sizeHint().width(), label.text()
    for first in labels:
        for second in labels:
            if first is not second and first.parentWidget() is second.parentWidget():
                assert not first.geometry().intersects(second.geometry()), (
                    first.text(),
                    second.text(),
                )


def test_refusals_in_the_role_and_reset_dialogs_wrap_below_the_question(
    qtbot: QtBot, supervisor_window: Make, tmp_path: Path, desk_style: None
) -> None:
    window = supervisor_window(a_desk(tmp_path))
    window.resize(1366, 768)
    panel = window.cashier.supervisor
    page = users_tab(qtbot, window)
    state = window.cashier.state
    own = next(row for row in page.rows if row.username == "nachalnik")
    admin = next(row for row in page.rows if row.username == "admin")

    # What a row's buttons no longer offer can still be refused by the service (the
    # row changed at another desk meanwhile): the refusal must read whole.
    role = RoleDialog(state, own, window)
    panel.open_dialog(role)
    qtbot.waitUntil(role.isActiveWindow)
    enter(qtbot, role.role)
    qtbot.waitUntil(role.problem.isVisible)
    assert "собствената си роля" in role.problem.text()
    qtbot.waitUntil(lambda: role.height() >= role.layout().totalHeightForWidth(role.width()))
    apart_and_whole(role)
    qtbot.keyClick(role, Qt.Key.Key_Escape)

    database, ctx, now = state.db, state.user, state.now()
    question = page.tr(
        "Give {name} ({user}) a new temporary password? The old one stops working now."
    ).format(name=admin.full_name, user=admin.username)
    reset = ConfirmDialog(
        state,
        "Нулиране на парола",
        question,
        "Нулирай (Enter)",
        lambda: reset_password(database, ctx, admin.id, now),
        window,
    )
    panel.open_dialog(reset)
    qtbot.waitUntil(reset.isActiveWindow)
    enter(qtbot, reset)
    qtbot.waitUntil(reset.problem.isVisible)
    assert "само администратор" in reset.problem.text()
    qtbot.waitUntil(lambda: reset.height() >= reset.layout().totalHeightForWidth(reset.width()))
    apart_and_whole(reset)
    qtbot.keyClick(reset, Qt.Key.Key_Escape)


def test_a_wrong_password_is_logged_at_its_desk_under_a_readable_desk_column(
    qtbot: QtBot, supervisor_window: Make, tmp_path: Path, desk_style: None
) -> None:
    window = supervisor_window(a_desk(tmp_path))
    window.cashier.log_out_action.trigger()
    overlay = window.cashier.overlay
    qtbot.waitUntil(lambda: overlay.isVisible() and overlay.username.hasFocus())
    qtbot.keyClicks(overlay.username, "kasier1")
    enter(qtbot, overlay.username)
    qtbot.keyClicks(overlay.password, "wrong!")
    enter(qtbot, overlay.password)
    qtbot.waitUntil(overlay.problem.isVisible)
    overlay.username.clear()
    overlay.username.setFocus()
    log_in(qtbot, window, "nachalnik")
    for dialog in list(window.cashier.panel.dialogs):  # the shift he is offered: not now
        qtbot.waitUntil(lambda d=dialog: d.isActiveWindow() and not d.busy)
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    panel = open_supervisor(qtbot, window)
    page = panel.audit
    open_tab(qtbot, window, page)
    qtbot.waitUntil(lambda: not page.loading and page.model.total > 0)
    model = page.model
    rows = [[model.index(r, c).data() for c in range(5)] for r in range(model.rowCount())]
    failed = [row for row in rows if row[3] == "грешна парола"]
    assert failed and failed[0][2] == "K1", rows

    header = page.table.horizontalHeader()
    for column in range(4):  # the last one stretches
        assert page.table.columnWidth(column) >= header.sectionSizeHint(column), column


def test_the_supervisors_screen_is_headed_as_the_supervisors(
    qtbot: QtBot, supervisor_window: Make, tmp_path: Path
) -> None:
    window = supervisor_window(a_desk(tmp_path))
    open_supervisor(qtbot, window)
    assert window.header.title_text() == "Топлофикация София — ръководител"
    window.cashier.desk_action.trigger()
    qtbot.waitUntil(lambda: window.panels.currentWidget() is window.cashier.panel)
    assert window.header.title_text() == "Топлофикация София — каса"
