"""Users (issue 6, item 4): the list, and a supervisor's actions on it.

Insert makes a new user (a temporary password, typed twice or made up and
shown once); Ctrl+E changes the role, Ctrl+P gives a new temporary password
(shown once), Ctrl+U unlocks after five wrong passwords, Del deactivates or
reactivates (users are never deleted: payments name them). No F-key: F4, F6
and F7 mean open shift, shift report and statement elsewhere in the desk. The
rules, refusals and the audit log live in ``desk.services.users``; this page
shows what it says. The dialogs are in ``desk.ui.supervisor.user_dialogs``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QItemSelectionModel, QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk.services.users import (
    ADMIN_MANAGED,
    UserCreated,
    UserRow,
    list_users,
    reset_password,
    set_active,
    unlock,
)
from desk.ui.kit.context import PageContext
from desk.ui.kit.formatting import time_text
from desk.ui.kit.models import RowsModel
from desk.ui.kit.widgets import ProblemLabel, key_button
from desk.ui.plain_text import DataLabel
from desk.ui.style import named
from desk.ui.supervisor.pages import SupervisorPage
from desk.ui.supervisor.user_dialogs import (
    ConfirmDialog,
    NewUserDialog,
    PasswordDialog,
    RoleDialog,
    role_word,
)

# The keys of the tab's actions (none of the desk's F-keys).
NEW_KEY, ROLE_KEY, PASSWORD_KEY, UNLOCK_KEY, ACTIVE_KEY = "Ins", "Ctrl+E", "Ctrl+P", "Ctrl+U", "Del"


class UsersModel(RowsModel[UserRow]):
    """Every user, active ones first."""

    def __init__(self, parent: QObject | None = None) -> None:
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


class UsersPage(SupervisorPage):
    def __init__(self, info: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(info, parent)
        self.setObjectName("usersPage")
        self.rows: tuple[UserRow, ...] = ()
        self.loading = False
        # Each read carries the generation it was asked in; only the latest is shown, so
        # two reads that finish out of order never leave the older list on screen.
        self.generation = 0
        self.model = UsersModel(self)
        self.table = named(QTableView(), "usersTable")
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
        self.commands: list[tuple[QPushButton, str, Callable[[], None]]] = [
            (self.new_button, NEW_KEY, self.new_user),
            (self.role_button, ROLE_KEY, self.change_role),
            (self.reset_button, PASSWORD_KEY, self.reset_password),
            (self.unlock_button, UNLOCK_KEY, self.unlock),
            (self.active_button, ACTIVE_KEY, self.toggle_active),
        ]
        buttons = QHBoxLayout()
        self.shortcuts: list[QShortcut] = []
        for button, key, slot in self.commands:
            button.clicked.connect(slot)
            buttons.addWidget(button)
            shortcut = QShortcut(QKeySequence(key), self, slot)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.shortcuts.append(shortcut)
        buttons.addStretch(1)
        # Why some actions are off for the chosen row (one's own, or one only an admin changes).
        self.why = DataLabel(objectName="hint", wordWrap=True)
        self.why.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 12, 8, 8)
        layout.addLayout(buttons)
        layout.addWidget(self.why)
        layout.addWidget(self.problem)
        layout.addWidget(self.table, 1)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._row_changed())
        self.retranslate()
        self._enable()

    # --- reading ----------------------------------------------------------------------

    def activated(self) -> None:
        self.reload()

    def reset(self) -> None:
        self.generation += 1  # a log-out: answers still on their way are dropped
        self.loading = False
        self.rows = ()
        self.model.show_users((), datetime.min)
        self.problem.show_problem("")
        self._enable()

    def reload(self, select: str | None = None) -> None:
        state = self.info.state
        if state.ctx is None:
            return
        keep = select or (row.username if (row := self.selected()) else None)
        database, ctx, now = state.db, state.user, state.now()
        self.generation += 1
        generation = self.generation
        self.loading = True
        state.run(
            lambda: list_users(database, ctx),
            lambda rows: self._loaded(generation, rows, now, keep),
            lambda message: self._refused_since(generation, message),
        )

    def _loaded(
        self, generation: int, rows: tuple[UserRow, ...], now: datetime, keep: str | None
    ) -> None:
        if generation != self.generation:
            return
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

    def _refused_since(self, generation: int, message: str) -> None:
        if generation == self.generation:
            self.loading = False
            self.problem.show_problem(message)

    def _refused(self, message: str) -> None:
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

    def _row_changed(self) -> None:
        # The banner follows the row: a refusal said for the admin's row is not about
        # kasier1's, which the clerk chose next.
        self.problem.show_problem("")
        self._enable()

    def _enable(self) -> None:
        user = self.selected()
        refused = self._refused_for(user)
        for button in (self.role_button, self.reset_button, self.unlock_button, self.active_button):
            why = refused.get(button)
            button.setEnabled(user is not None and why is None)
            button.setToolTip(why or "")
        reasons = list(dict.fromkeys(refused.values()))
        self.why.setText(" ".join(reasons))
        self.why.setVisible(bool(reasons))
        self._active_text()

    def _refused_for(self, user: UserRow | None) -> dict[QPushButton, str]:
        """The actions the services refuse for ``user``'s row, each with the reason
        (the same rules as desk.services.users: asked here so that nothing opens that
        can only be refused on save)."""
        ctx = self.info.state.ctx
        if user is None or ctx is None:
            return {}
        refused: dict[QPushButton, str] = {}
        if user.id == ctx.user_id:
            refused[self.role_button] = self.tr(
                "Your own account: your role is changed by another supervisor or an admin."
            )
            if user.active:
                refused[self.active_button] = self.tr("You cannot deactivate yourself.")
        if user.role in ADMIN_MANAGED and ctx.role != "admin":
            why = self.tr("Only an admin changes a supervisor's or an admin's account.")
            for button in (self.role_button, self.reset_button, self.unlock_button):
                refused.setdefault(button, why)
            refused.setdefault(self.active_button, why)
        return refused

    def _allowed(self, button: QPushButton) -> UserRow | None:
        """The chosen row, if ``button``'s action may be done on it; else its reason shown
        (its key pressed while the button is off)."""
        user = self.selected()
        why = self._refused_for(user).get(button)
        if why is not None:
            self.problem.show_problem(why)
            return None
        return user

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
        user = self._allowed(self.role_button)
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
        user = self._allowed(self.reset_button)
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
        user = self._allowed(self.unlock_button)
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
        user = self._allowed(self.active_button)
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
        self.role_button.setText(self.tr("Change role (Ctrl+E)"))
        self.reset_button.setText(self.tr("Reset password (Ctrl+P)"))
        self.unlock_button.setText(self.tr("Unlock (Ctrl+U)"))
        self._enable()  # the reasons, in the new language
        self.model.retranslate()
