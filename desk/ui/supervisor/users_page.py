"""Users (issue 6, item 4): the list, and a supervisor's actions on it.

Insert makes a new user (a temporary password, typed twice or made up and
shown once); F4 changes the role, F6 resets the password (shown once), F7
unlocks after five wrong passwords, Del deactivates or reactivates (users are
never deleted: payments name them). The rules, refusals and the audit log live
in ``desk.services.users``; this page shows what it says.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk.services.context import ROLES
from desk.services.problems import Problem, ProblemsError
from desk.services.users import (
    F_FULL_NAME,
    F_PASSWORD,
    F_ROLE,
    F_USERNAME,
    UserCreated,
    UserRow,
    add_user,
    change_role,
    list_users,
    reset_password,
    set_active,
    unlock,
)
from desk.ui.cashier.formatting import time_text, word
from desk.ui.cashier.models import RowsModel
from desk.ui.cashier.session import CashierState
from desk.ui.cashier.widgets import DeskDialog, ProblemLabel, key_button, set_style_property
from desk.ui.info.context import InfoContext
from desk.ui.supervisor.pages import SupervisorPage

# The roles in words (context "Words", as desk.ui.cashier.formatting's tables).
ROLE_WORDS = {
    "cashier": QT_TRANSLATE_NOOP("Words", "cashier"),
    "clerk": QT_TRANSLATE_NOOP("Words", "clerk"),
    "supervisor": QT_TRANSLATE_NOOP("Words", "supervisor"),
    "admin": QT_TRANSLATE_NOOP("Words", "admin"),
}
# The new-user form's fields, by the name a service problem gives them.
FIELD_OF_PROBLEM = {
    F_USERNAME: "username",
    F_FULL_NAME: "full_name",
    F_ROLE: "role",
    F_PASSWORD: "password",
}


def role_word(role: str) -> str:
    return word(ROLE_WORDS, role)


class UsersModel(RowsModel):
    """Every user, active ones first."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.now = datetime.min

    def show_users(self, rows: tuple[UserRow, ...], now: datetime) -> None:
        self.now = now
        self.set_rows(list(rows))

    def headers(self) -> tuple[str, ...]:
        return (
            self.tr("User name"),
            self.tr("Name"),
            self.tr("Role"),
            self.tr("State"),
            self.tr("Locked until"),
            self.tr("Password"),
        )

    def row_texts(self, row: UserRow) -> tuple[str, ...]:
        locked = row.locked_until is not None and row.locked_until > self.now
        return (
            row.username,
            row.full_name,
            role_word(row.role),
            self.tr("active") if row.active else self.tr("deactivated"),
            time_text(row.locked_until) if locked else "",
            self.tr("temporary") if row.must_change_password else "",
        )


class NewUserDialog(DeskDialog):
    """User name, name, role and a temporary password typed twice (empty: made up)."""

    created = Signal(object)  # UserCreated

    def __init__(self, state: CashierState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.setObjectName("newUserDialog")
        self._title = QLabel(objectName="dialogTitle")
        self._about = QLabel(wordWrap=True)
        self.username = QLineEdit(objectName="newUsername")
        self.username.setMaxLength(40)
        self.full_name = QLineEdit(objectName="newFullName")
        self.full_name.setMaxLength(100)
        self.role = QComboBox(objectName="newRole")
        for role in ROLES:
            self.role.addItem("", role)
        self.password = QLineEdit(objectName="newPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.again = QLineEdit(objectName="newPasswordAgain")
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.inputs: dict[str, QWidget] = {
            "username": self.username,
            "full_name": self.full_name,
            "role": self.role,
            "password": self.password,
            "again": self.again,
        }
        self.labels = {name: QLabel() for name in self.inputs}
        self.problems = {name: ProblemLabel() for name in self.inputs}
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        for row, (name, widget) in enumerate(self.inputs.items()):
            self.labels[name].setBuddy(widget)
            grid.addWidget(self.labels[name], row, 0)
            grid.addWidget(widget, row, 1)
            grid.addWidget(self.problems[name], row, 2)
        self.ok = key_button(default=True)
        self.cancel = key_button()
        self.ok.clicked.connect(self.confirm)
        self.cancel.clicked.connect(self.reject)
        self.lay_out(self._title, self._about, grid, buttons=[self.cancel, self.ok])
        self.setMinimumWidth(640)
        self.retranslate()
        self.username.setFocus()

    def confirm(self) -> None:
        if self.busy:
            return
        self._show_problems(())
        state = self.state
        database, ctx, now = state.db, state.user, state.now()
        username, full_name = self.username.text(), self.full_name.text()
        role, password, again = (
            str(self.role.currentData()),
            self.password.text(),
            self.again.text(),
        )

        def work() -> UserCreated | tuple[Problem, ...]:
            try:
                return add_user(database, ctx, username, full_name, role, password, again, now)
            except ProblemsError as refused:  # each problem goes next to its field
                return tuple(refused.problems)

        self.run(work, self._answered)

    def _answered(self, answer: UserCreated | tuple[Problem, ...]) -> None:
        if isinstance(answer, tuple):
            self._show_problems(answer)
            return
        self.created.emit(answer)
        self.accept()

    def _show_problems(self, problems: tuple[Problem, ...]) -> None:
        shown: dict[str | None, list[str]] = {}
        for problem in problems:
            shown.setdefault(FIELD_OF_PROBLEM.get(problem.where), []).append(str(problem))
        for name, label in self.problems.items():
            label.show_problem("\n".join(shown.get(name, [])))
            set_style_property(self.inputs[name], "problem", name in shown)
        self.problem.show_problem("\n".join(shown.get(None, [])))
        first = next((name for name in self.inputs if name in shown), None)
        if first is not None:
            self.inputs[first].setFocus()
            if first == "password":
                self.password.clear()
                self.again.clear()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("New user"))
        self._title.setText(self.tr("New user"))
        self._about.setText(
            self.tr(
                "Type a temporary password twice, or leave both empty to have one made up "
                "and shown once. The user chooses their own at the first login."
            )
        )
        self.labels["username"].setText(self.tr("&User name"))
        self.labels["full_name"].setText(self.tr("&Name"))
        self.labels["role"].setText(self.tr("&Role"))
        self.labels["password"].setText(self.tr("Temporary &password"))
        self.labels["again"].setText(self.tr("Password &again"))
        for index, role in enumerate(ROLES):
            self.role.setItemText(index, role_word(role))
        self.ok.setText(self.tr("Create (Enter)"))
        self.cancel.setText(self.tr("Cancel (Esc)"))


class RoleDialog(DeskDialog):
    """Choose the role of one user."""

    changed = Signal(object)  # UserRow

    def __init__(self, state: CashierState, user: UserRow, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.setObjectName("roleDialog")
        self.user = user
        self._title = QLabel(objectName="dialogTitle")
        self._caption = QLabel()
        self.role = QComboBox(objectName="roleChoice")
        for role in ROLES:
            self.role.addItem("", role)
        self.role.setCurrentIndex(max(self.role.findData(user.role), 0))
        self._caption.setBuddy(self.role)
        self.ok = key_button(default=True)
        self.cancel = key_button()
        self.ok.clicked.connect(self.confirm)
        self.cancel.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self._caption)
        row.addWidget(self.role, 1)
        self.lay_out(self._title, row, buttons=[self.cancel, self.ok])
        self.setMinimumWidth(480)
        self.retranslate()
        self.role.setFocus()

    def confirm(self) -> None:
        if self.busy:
            return
        database, ctx, now = self.state.db, self.state.user, self.state.now()
        user_id, role = self.user.id, str(self.role.currentData())
        self.run(lambda: change_role(database, ctx, user_id, role, now), self._changed)

    def _changed(self, row: UserRow) -> None:
        self.changed.emit(row)
        self.accept()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Change role"))
        self._title.setText(
            self.tr("Role of {name} ({user})").format(
                name=self.user.full_name, user=self.user.username
            )
        )
        self._caption.setText(self.tr("&Role"))
        for index, role in enumerate(ROLES):
            self.role.setItemText(index, role_word(role))
        self.ok.setText(self.tr("Save (Enter)"))
        self.cancel.setText(self.tr("Cancel (Esc)"))


class ConfirmDialog(DeskDialog):
    """A question; Enter does it (in a worker), Esc does not. ``done_with`` gets the answer."""

    answered = Signal(object)

    def __init__(
        self,
        state: CashierState,
        title: str,
        question: str,
        action: str,
        work: Callable[[], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(state, parent)
        self.setObjectName("confirmDialog")
        self.work = work
        self.setWindowTitle(title)
        self._title = QLabel(title, objectName="dialogTitle")
        self.question = QLabel(question, wordWrap=True)
        self.ok = key_button(default=True)
        self.ok.setText(action)
        self.cancel = key_button()
        self.ok.clicked.connect(self.confirm)
        self.cancel.clicked.connect(self.reject)
        self.lay_out(self._title, self.question, buttons=[self.cancel, self.ok])
        self.setMinimumWidth(480)
        self.retranslate()
        self.ok.setFocus()

    def confirm(self) -> None:
        if not self.busy:
            self.run(self.work, self._done)

    def _done(self, answer: object) -> None:
        self.answered.emit(answer)
        self.accept()

    def retranslate(self) -> None:
        self.cancel.setText(self.tr("Cancel (Esc)"))


class PasswordDialog(DeskDialog):
    """A temporary password, shown this once; Enter or Esc closes."""

    def __init__(
        self, state: CashierState, user: UserRow, password: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(state, parent)
        self.setObjectName("passwordDialog")
        self.user = user
        self._title = QLabel(objectName="dialogTitle")
        self._about = QLabel(wordWrap=True)
        self.password = QLabel(password, objectName="temporaryPassword")
        self.password.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.password.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.password.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setFamily("monospace")
        self.password.setFont(font)
        self.ok = key_button(default=True)
        self.ok.clicked.connect(self.accept)
        self.lay_out(self._title, self._about, self.password, buttons=[self.ok])
        self.setMinimumWidth(480)
        self.retranslate()
        self.ok.setFocus()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Temporary password"))
        self._title.setText(
            self.tr("Temporary password of {name} ({user})").format(
                name=self.user.full_name, user=self.user.username
            )
        )
        self._about.setText(
            self.tr(
                "It is shown only now: hand it over. At the next login the user "
                "must choose a new password."
            )
        )
        self.ok.setText(self.tr("Close (Enter)"))


class UsersPage(SupervisorPage):
    def __init__(self, info: InfoContext, parent: QWidget | None = None) -> None:
        super().__init__(info, parent)
        self.setObjectName("usersPage")
        self.rows: tuple[UserRow, ...] = ()
        self.loading = False
        self.model = UsersModel(self)
        self.table = QTableView(objectName="usersTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.problem = ProblemLabel()

        self.new_button = key_button()
        self.role_button = key_button()
        self.reset_button = key_button()
        self.unlock_button = key_button()
        self.active_button = key_button()
        self.actions: list[tuple[QPushButton, str, Callable[[], None]]] = [
            (self.new_button, "Ins", self.new_user),
            (self.role_button, "F4", self.change_role),
            (self.reset_button, "F6", self.reset_password),
            (self.unlock_button, "F7", self.unlock),
            (self.active_button, "Del", self.toggle_active),
        ]
        buttons = QHBoxLayout()
        self.shortcuts: list[QShortcut] = []
        for button, key, slot in self.actions:
            button.clicked.connect(slot)
            buttons.addWidget(button)
            shortcut = QShortcut(QKeySequence(key), self, slot)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.shortcuts.append(shortcut)
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 12, 8, 8)
        layout.addLayout(buttons)
        layout.addWidget(self.problem)
        layout.addWidget(self.table, 1)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._enable())
        self.retranslate()
        self._enable()

    # --- reading ----------------------------------------------------------------------

    def activated(self) -> None:
        self.reload()

    def reset(self) -> None:
        self.rows = ()
        self.model.show_users((), datetime.min)
        self.problem.show_problem("")
        self._enable()

    def reload(self, select: str | None = None) -> None:
        state = self.info.state
        if state.ctx is None:
            return
        keep = select or (self.selected().username if self.selected() else None)
        database, ctx, now = state.db, state.user, state.now()
        self.loading = True
        state.run(
            lambda: list_users(database, ctx),
            lambda rows: self._loaded(rows, now, keep),
            self._refused,
        )

    def _loaded(self, rows: tuple[UserRow, ...], now: datetime, keep: str | None) -> None:
        self.loading = False
        self.rows = rows
        self.model.show_users(rows, now)
        found = next((i for i, row in enumerate(rows) if row.username == keep), 0)
        if rows:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(found, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        self._enable()

    def _refused(self, message: str) -> None:
        self.loading = False
        self.problem.show_problem(message)

    def selected(self) -> UserRow | None:
        index = self.table.currentIndex()
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row: UserRow = self.model.row(index.row())
        return row

    def select_user(self, username: str) -> None:
        """Make ``username`` the current row (tests and a freshly made user)."""
        for number, row in enumerate(self.rows):
            if row.username == username:
                self.table.setCurrentIndex(self.model.index(number, 0))

    def _enable(self) -> None:
        user = self.selected()
        for button in (self.role_button, self.reset_button, self.unlock_button, self.active_button):
            button.setEnabled(user is not None)
        self._active_text()

    # --- actions ----------------------------------------------------------------------

    def _done(self, message: str, username: str) -> None:
        self.problem.show_problem("")
        self.info.show_message(message)
        self.reload(username)

    def new_user(self) -> None:
        dialog = NewUserDialog(self.info.state, self.info.documents.dialog_parent)
        dialog.created.connect(self._created)
        self.info.open_dialog(dialog)

    def _created(self, made: UserCreated) -> None:
        self._done(
            self.tr("User {user} created.").format(user=made.user.username), made.user.username
        )
        if made.password is not None:
            self._show_password(made.user, made.password)

    def _show_password(self, user: UserRow, password: str) -> None:
        shown = PasswordDialog(self.info.state, user, password, self.info.documents.dialog_parent)
        self.info.open_dialog(shown)

    def change_role(self) -> None:
        user = self.selected()
        if user is None:
            return
        dialog = RoleDialog(self.info.state, user, self.info.documents.dialog_parent)
        dialog.changed.connect(
            lambda row: self._done(
                self.tr("{user} is now: {role}.").format(
                    user=row.username, role=role_word(row.role)
                ),
                row.username,
            )
        )
        self.info.open_dialog(dialog)

    def reset_password(self) -> None:
        user = self.selected()
        if user is None:
            return
        state = self.info.state
        database, ctx, now = state.db, state.user, state.now()
        dialog = ConfirmDialog(
            state,
            self.tr("Reset password"),
            self.tr(
                "Give {name} ({user}) a new temporary password? The old one stops working now."
            ).format(name=user.full_name, user=user.username),
            self.tr("Reset (Enter)"),
            lambda: reset_password(database, ctx, user.id, now),
            self.info.documents.dialog_parent,
        )
        dialog.answered.connect(self._password_reset)
        self.info.open_dialog(dialog)

    def _password_reset(self, answer: tuple[UserRow, str]) -> None:
        row, password = answer
        self._done(self.tr("Password of {user} reset.").format(user=row.username), row.username)
        self._show_password(row, password)

    def unlock(self) -> None:
        user = self.selected()
        if user is None:
            return
        state = self.info.state
        database, ctx, now = state.db, state.user, state.now()
        state.run(
            lambda: unlock(database, ctx, user.id, now),
            lambda row: self._done(
                self.tr("{user} may log in again.").format(user=row.username), row.username
            ),
            self._refused,
        )

    def toggle_active(self) -> None:
        user = self.selected()
        if user is None:
            return
        state = self.info.state
        database, ctx, now = state.db, state.user, state.now()
        active = not user.active
        if active:
            title = self.tr("Reactivate")
            question = self.tr("Let {name} ({user}) log in again?")
            action = self.tr("Reactivate (Enter)")
        else:
            title = self.tr("Deactivate")
            question = self.tr(
                "Stop {name} ({user}) from logging in? The user stays on file with their payments."
            )
            action = self.tr("Deactivate (Enter)")
        dialog = ConfirmDialog(
            state,
            title,
            question.format(name=user.full_name, user=user.username),
            action,
            lambda: set_active(database, ctx, user.id, active, now),
            self.info.documents.dialog_parent,
        )
        dialog.answered.connect(
            lambda row: self._done(
                (
                    self.tr("{user} may log in again.")
                    if row.active
                    else self.tr("{user} is deactivated.")
                ).format(user=row.username),
                row.username,
            )
        )
        self.info.open_dialog(dialog)

    # --- texts ------------------------------------------------------------------------

    def _active_text(self) -> None:
        user = self.selected()
        if user is not None and not user.active:
            self.active_button.setText(self.tr("Reactivate (Del)"))
        else:
            self.active_button.setText(self.tr("Deactivate (Del)"))

    def title(self) -> str:
        return self.tr("Users")

    def retranslate(self) -> None:
        self.new_button.setText(self.tr("New user (Ins)"))
        self.role_button.setText(self.tr("Change role (F4)"))
        self.reset_button.setText(self.tr("Reset password (F6)"))
        self.unlock_button.setText(self.tr("Unlock (F7)"))
        self._active_text()
        self.model.retranslate()
