"""The dialogs of the Users tab: a new user, a role, a question, a temporary password.

Each runs its service call in a worker (DeskDialog.run) and shows a refusal in
words; the rules are ``desk.services.users``'s. A supervisor is offered the
roles a supervisor may give (cashier, clerk); the service is the lock.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QHBoxLayout, QLineEdit, QWidget

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
    roles_given_by,
)
from desk.ui.i18n import QT_TRANSLATE_NOOP
from desk.ui.kit.formatting import word
from desk.ui.kit.session import DeskState
from desk.ui.kit.widgets import DeskDialog, ProblemLabel, key_button, set_style_property
from desk.ui.layout import keep_text_width
from desk.ui.plain_text import DataLabel
from desk.ui.style import named

# The roles in words (context "Words", as desk.ui.kit.formatting's tables).
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


def role_choices(combo: QComboBox, roles: tuple[str, ...]) -> None:
    """Fill ``combo`` with ``roles`` (texts set by retranslate_roles)."""
    for role in roles:
        combo.addItem("", role)


def retranslate_roles(combo: QComboBox) -> None:
    for index in range(combo.count()):
        combo.setItemText(index, role_word(str(combo.itemData(index))))


class NewUserDialog(DeskDialog):
    """User name, name, role and a temporary password typed twice (empty: made up)."""

    created = Signal(object)  # UserCreated

    def __init__(self, state: DeskState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.setObjectName("newUserDialog")
        self._title = DataLabel(objectName="dialogTitle")
        self._about = DataLabel(wordWrap=True)
        self.username = named(QLineEdit(), "newUsername")
        self.username.setMaxLength(40)
        self.full_name = named(QLineEdit(), "newFullName")
        self.full_name.setMaxLength(100)
        self.role = named(QComboBox(), "newRole")
        role_choices(self.role, roles_given_by(state.user.role))
        self.password = named(QLineEdit(), "newPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.again = named(QLineEdit(), "newPasswordAgain")
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.inputs: dict[str, QWidget] = {
            "username": self.username,
            "full_name": self.full_name,
            "role": self.role,
            "password": self.password,
            "again": self.again,
        }
        self.labels = {name: DataLabel() for name in self.inputs}
        self.problems = {name: ProblemLabel() for name in self.inputs}
        grid = QGridLayout()
        # The fields keep room for a whole name; a problem beside one wraps (issue 13, 12).
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(2, 2)
        for edit in (self.username, self.full_name, self.password, self.again):
            keep_text_width(edit, "Administrator Petrova")
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
        self.setMinimumWidth(820)  # room beside the fields for a problem on a line or two
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
        retranslate_roles(self.role)
        self.ok.setText(self.tr("Create (Enter)"))
        self.cancel.setText(self.tr("Cancel (Esc)"))


class RoleDialog(DeskDialog):
    """Choose the role of one user."""

    changed = Signal(object)  # UserRow

    def __init__(self, state: DeskState, user: UserRow, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.setObjectName("roleDialog")
        self.user = user
        self._title = DataLabel(objectName="dialogTitle")
        self._caption = DataLabel()
        self.role = named(QComboBox(), "roleChoice")
        given = roles_given_by(state.user.role)
        role_choices(self.role, tuple(r for r in ROLES if r in given or r == user.role))
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
        retranslate_roles(self.role)
        self.ok.setText(self.tr("Save (Enter)"))
        self.cancel.setText(self.tr("Cancel (Esc)"))


class ConfirmDialog(DeskDialog):
    """A question; Enter does it (in a worker), Esc does not. ``done_with`` gets the answer."""

    answered = Signal(object)

    def __init__(
        self,
        state: DeskState,
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
        self._title = DataLabel(title, objectName="dialogTitle")
        self.question = DataLabel(question, wordWrap=True)
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
        self, state: DeskState, user: UserRow, password: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(state, parent)
        self.setObjectName("passwordDialog")
        self.user = user
        self._title = DataLabel(objectName="dialogTitle")
        self._about = DataLabel(wordWrap=True)
        self.password = DataLabel(password, objectName="temporaryPassword")
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
