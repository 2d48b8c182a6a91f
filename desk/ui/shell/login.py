"""The login form, laid over the whole window.

It is the first thing after the database opens and comes back after ten idle
minutes (desk.settings.IDLE_LOCK_MINUTES). Then only the same user may unlock,
and everything under it (the account, the ticks, an open dialog) stays as it was.

A user whose password is temporary (new, or reset by a supervisor) chooses a
new one here, typed twice, before the desk opens (issue 6, item 4).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from desk.messages import Message
from desk.services.context import DeskContext
from desk.services.desk_identity import NOT_A_DESK, this_desk_code
from desk.services.problems import UserError
from desk.services.users import (
    MIN_PASSWORD,
    LoginResult,
    change_password_and_log_in,
    log_in,
)
from desk.settings import IDLE_LOCK_MINUTES
from desk.ui.environment import describe_environment_error
from desk.ui.i18n import Retranslating
from desk.ui.kit.session import DeskState
from desk.ui.kit.widgets import ProblemLabel, key_button
from desk.ui.plain_text import DataLabel
from desk.ui.style import named


class LoginOverlay(Retranslating, QWidget):
    logged_in = Signal(object)  # DeskContext

    def __init__(self, state: DeskState, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("loginOverlay")
        self.state = state
        self.locked_user: str | None = None
        self.locked_name = ""
        self.locked_idle = False  # locked by the idle minutes, not by Ctrl+L
        # A temporary password was right: who, and the password typed, until a new one.
        # Nobody is logged in meanwhile (the service gives no context for it).
        self.changing: tuple[LoginResult, str] | None = None
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._covered = parent
        parent.installEventFilter(self)  # follow the size of what it covers

        self._title = DataLabel(objectName="loginTitle", alignment=Qt.AlignmentFlag.AlignCenter)
        self._subtitle = DataLabel(alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self._user_caption = DataLabel()
        self.username = named(QLineEdit(), "username")
        self._password_caption = DataLabel()
        self.password = named(QLineEdit(echoMode=QLineEdit.EchoMode.Password), "password")
        self._user_caption.setBuddy(self.username)
        self._password_caption.setBuddy(self.password)
        self._new_caption = DataLabel()
        self.new_password = named(QLineEdit(), "newPassword")
        self.new_password.setEchoMode(QLineEdit.EchoMode.Password)
        self._again_caption = DataLabel()
        self.new_again = named(QLineEdit(), "newPasswordAgain")
        self.new_again.setEchoMode(QLineEdit.EchoMode.Password)
        self._new_caption.setBuddy(self.new_password)
        self._again_caption.setBuddy(self.new_again)
        self._login_fields = (
            self._user_caption,
            self.username,
            self._password_caption,
            self.password,
        )
        self._new_fields = (
            self._new_caption,
            self.new_password,
            self._again_caption,
            self.new_again,
        )
        self.problem = ProblemLabel()
        self.button = key_button(default=True)
        self.username.returnPressed.connect(self.password.setFocus)
        self.password.returnPressed.connect(self.submit)
        self.new_password.returnPressed.connect(self.new_again.setFocus)
        self.new_again.returnPressed.connect(self.submit)
        self.button.clicked.connect(self.submit)

        card = named(QFrame(), "loginCard")
        card.setFixedWidth(520)
        form = QVBoxLayout(card)
        form.setContentsMargins(36, 30, 36, 30)
        form.setSpacing(10)
        form.addWidget(self._title)
        form.addWidget(self._subtitle)
        form.addSpacing(8)
        for widget in self._login_fields + self._new_fields:
            form.addWidget(widget)
        form.addWidget(self.problem)
        form.addSpacing(6)
        form.addWidget(self.button)
        # Centred by stretches, not by an alignment: an item with an alignment gets no
        # height for its width, and a line that wraps would squeeze the fields (issue 13, 12).
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card)
        row.addStretch(1)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        self.hide()
        self.retranslate()

    def ask(
        self, locked_user: str | None = None, locked_name: str = "", *, idle: bool = False
    ) -> None:
        """Show the form: empty for a new login, or for ``locked_user`` to unlock
        (``idle``: the idle minutes locked it, not the user)."""
        self.locked_user, self.locked_name = locked_user, locked_name
        self.locked_idle = idle
        self._show_step(changing=None)
        self.username.setText(locked_user or "")
        self.username.setReadOnly(locked_user is not None)
        self.password.clear()
        self.problem.show_problem("")
        self.button.setEnabled(True)
        self.retranslate()
        self.setGeometry(self._covered.rect())
        self.show()
        self.raise_()
        (self.password if locked_user else self.username).setFocus()

    def _show_step(self, changing: tuple[LoginResult, str] | None) -> None:
        """The login form, or (``changing``) the new password typed twice."""
        self.changing = changing
        for widget in self._login_fields:
            widget.setVisible(changing is None)
        for widget in self._new_fields:
            widget.setVisible(changing is not None)
        self.new_password.clear()
        self.new_again.clear()

    def submit(self) -> None:
        if self.changing is not None:
            self._submit_new_password()
            return
        username, password = self.username.text().strip(), self.password.text()
        if not self.button.isEnabled():
            return
        if not username or not password:
            self.problem.show_problem(self.tr("Type your user name and password."))
            return
        self.button.setEnabled(False)
        self.problem.show_problem("")
        database, now = self.state.db, self.state.now()

        def work() -> tuple[LoginResult, DeskContext | None]:
            code = this_desk_code(database)
            if code is None:
                return LoginResult(None, username, problem=Message(NOT_A_DESK)), None
            return log_in(database, username, password, code, now)

        self.state.tasks.run(
            work,
            lambda answer: self._answered(answer, password),
            on_environment_error=self._environment_error,
        )

    def _answered(self, answer: tuple[LoginResult, DeskContext | None], password: str) -> None:
        result, ctx = answer
        self.button.setEnabled(True)
        self.password.clear()
        if result.ok and result.must_change_password:
            self._show_step(changing=(result, password))
            self.retranslate()
            self.new_password.setFocus()
            return
        if ctx is None:
            self.problem.show_problem(str(result.problem or ""))
            self.password.setFocus()
            return
        self.hide()
        self.logged_in.emit(ctx)

    def _submit_new_password(self) -> None:
        if self.changing is None or not self.button.isEnabled():
            return
        result, old = self.changing
        new, again = self.new_password.text(), self.new_again.text()
        if len(new) < MIN_PASSWORD:
            self._new_password_problem(
                self.tr("The new password needs at least {count} characters.").format(
                    count=MIN_PASSWORD
                )
            )
            return
        if new != again:
            self._new_password_problem(self.tr("The two passwords are not the same."))
            return
        self.button.setEnabled(False)
        self.problem.show_problem("")
        database, now = self.state.db, self.state.now()

        def work() -> DeskContext:
            code = this_desk_code(database)
            if code is None:
                raise UserError(NOT_A_DESK)
            return change_password_and_log_in(database, result.username, old, new, code, now)

        self.state.run(
            work, self._password_changed, self._new_password_problem, self._environment_error
        )

    def _new_password_problem(self, message: str) -> None:
        self.button.setEnabled(True)
        self.problem.show_problem(message)
        self.new_password.clear()
        self.new_again.clear()
        self.new_password.setFocus()

    def _password_changed(self, ctx: DeskContext) -> None:
        self.button.setEnabled(True)
        self._show_step(changing=None)
        self.hide()
        self.logged_in.emit(ctx)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Esc while choosing a new password: back to the login form, nobody logged in.
        if (
            event.key() == Qt.Key.Key_Escape
            and self.changing is not None
            and self.button.isEnabled()
        ):
            self.ask(self.locked_user, self.locked_name, idle=self.locked_idle)
            return
        super().keyPressEvent(event)

    def _environment_error(self, error: BaseException) -> None:
        self.button.setEnabled(True)
        title, advice = describe_environment_error(error)
        self.problem.show_problem(f"{title} {advice}")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self._covered:
            self.setGeometry(self._covered.rect())
        return False

    def retranslate(self) -> None:
        self._user_caption.setText(self.tr("&User name"))
        self._password_caption.setText(self.tr("&Password"))
        self.button.setText(self.tr("Log in (Enter)"))
        self._new_caption.setText(self.tr("&New password"))
        self._again_caption.setText(self.tr("New password &again"))
        if self.changing is not None:
            who = self.changing[0]
            self.button.setText(self.tr("Save and log in (Enter)"))
            self._title.setText(self.tr("Choose a new password"))
            self._subtitle.setText(
                self.tr(
                    "{name}, your password is temporary. Choose your own, at least "
                    "{count} characters, and type it twice. Esc goes back."
                ).format(name=who.full_name, count=MIN_PASSWORD)
            )
        elif self.locked_user is None:
            self._title.setText(self.tr("Log in"))
            self._subtitle.setText(self.tr("Toplofikatsia Sofia — pay desk"))
        else:
            self._title.setText(self.tr("The screen is locked"))
            name = self.locked_name or self.locked_user
            if self.locked_idle:
                reason = self.tr(
                    "Locked after {minutes} idle minutes. Only {name} can unlock it."
                ).format(minutes=IDLE_LOCK_MINUTES, name=name)
            else:
                reason = self.tr("{name} locked the screen. Only {name} can unlock it.").format(
                    name=name
                )
            self._subtitle.setText(reason)
