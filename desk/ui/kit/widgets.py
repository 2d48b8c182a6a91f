"""Small pieces every role's screens share: a dialog that runs work, an amount field."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk.money import Money
from desk.ui.environment import describe_environment_error
from desk.ui.i18n import Retranslating
from desk.ui.kit.formatting import parse_amount
from desk.ui.kit.session import DeskState
from desk.ui.layout import GrowOnLayout
from desk.ui.plain_text import DataLabel

T = TypeVar("T")


class ProblemLabel(DataLabel):
    """A calm, visible sentence about what is wrong; hidden while nothing is."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent=parent, objectName="problem")
        self.setWordWrap(True)
        self.hide()

    def show_problem(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))


class MoneyEdit(QLineEdit):
    """An amount in euro as typed: "100", "93,46", "1 234.5"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("amount")
        self.setAlignment(Qt.AlignmentFlag.AlignRight)
        # Any key shows: a "-" or a letter is then refused in words by the dialog, never
        # swallowed without a word (issue 13 points 4 and 8).
        self.setMaxLength(20)

    def money(self) -> Money | None:
        """The amount typed; an empty field is zero; None when it is not an amount."""
        if not self.text().strip():
            return Money.zero()
        return parse_amount(self.text())


class DeskDialog(Retranslating, QDialog):
    """A dialog that runs a service in a worker and shows refusals in its own words.

    Opened with ``open()`` (window-modal, no nested event loop), so a test drives
    it with key events like a cashier. Esc rejects, Enter presses the default button.
    """

    def __init__(self, state: DeskState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.problem = ProblemLabel()
        self.busy = False
        # A message that appears (and wraps) makes the dialog taller, never its fields shorter.
        self._grow = GrowOnLayout(self)
        self.installEventFilter(self._grow)

    def lay_out(
        self,
        *parts: QWidget | QLayout,
        buttons: Sequence[QWidget],
        left: Sequence[QWidget] = (),
    ) -> None:
        """Top to bottom: ``parts``, the problem line, then the buttons (``left`` ones first)."""
        row = QHBoxLayout()
        for button in left:
            row.addWidget(button)
        row.addStretch(1)
        for button in buttons:
            row.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        for part in parts:
            if isinstance(part, QLayout):
                layout.addLayout(part)
            else:
                layout.addWidget(part)
        layout.addWidget(self.problem)
        layout.addLayout(row)

    def run(self, work: Callable[[], T], on_done: Callable[[T], None]) -> None:
        self.problem.show_problem("")
        self.set_busy(True)

        def done(result: T) -> None:
            if self._gone():
                return
            self.set_busy(False)
            on_done(result)

        def refused(message: str) -> None:
            if not self._gone():
                self._refused(message)

        def environment_error(error: BaseException) -> None:
            if not self._gone():
                self._environment_error(error)

        self.state.run(work, done, refused, environment_error)

    def _gone(self) -> bool:
        """Closed and deleted while its work ran (a log-out closes every dialog, busy or
        not): the answer has no screen left to land on. What the work stored stays
        stored; the next person's screens read it afresh."""
        return not shiboken6.isValid(self)

    def set_busy(self, busy: bool) -> None:
        self.busy = busy
        for button in self.findChildren(QPushButton):
            button.setEnabled(not busy)

    def _refused(self, message: str) -> None:
        self.set_busy(False)
        self.problem.show_problem(message)

    def _environment_error(self, error: BaseException) -> None:
        self.set_busy(False)
        title, advice = describe_environment_error(error)
        self.problem.show_problem(f"{title} {advice}")

    def reject(self) -> None:
        # Esc while a worker writes: the answer still arrives, so the dialog stays for it.
        if not self.busy:
            super().reject()


def set_style_property(widget: QWidget, name: str, value: object) -> None:
    """Set a property the style sheet selects on, and let the style see the change.

    The same value again changes nothing, and is not polished again: the search field
    is told on every key typed, and a polish re-reads the style sheet (issue 15)."""
    if widget.property(name) == value:
        return
    widget.setProperty(name, value)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def key_button(parent: QWidget | None = None, *, default: bool = False) -> QPushButton:
    """A button whose text names its key ("Pay (F5)"); only the default one takes Enter."""
    button = QPushButton(parent)
    button.setAutoDefault(default)
    button.setDefault(default)
    return button
