"""Pages shown instead of a panel while work runs or when the environment lets us down."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QProgressBar, QPushButton, QVBoxLayout, QWidget

from desk.ui.environment import describe_environment_error, technical_detail
from desk.ui.i18n import Retranslating
from desk.ui.plain_text import DataLabel


class BusyPage(Retranslating, QWidget):
    """A message and a moving bar: the window stays responsive while a worker runs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._message: Callable[[], str] = str
        self._label = DataLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self._label.setWordWrap(True)
        bar = QProgressBar()
        bar.setRange(0, 0)  # no known length: Qt shows a busy indicator
        bar.setTextVisible(False)
        bar.setFixedWidth(360)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self._label)
        layout.addWidget(bar, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)

    def show_message(self, message: Callable[[], str]) -> None:
        """``message`` returns the text in the current language (called again on a switch)."""
        self._message = message
        self.retranslate()

    def message_text(self) -> str:
        return self._label.text()

    def retranslate(self) -> None:
        self._label.setText(self._message())


class ProblemPage(Retranslating, QWidget):
    """An environment error, calmly: what happened, what to do, and a way to try again."""

    retry = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._error: BaseException | None = None
        self._title = DataLabel(objectName="problemTitle")
        self._advice = DataLabel()
        self._detail = DataLabel(objectName="problemDetail")
        self.retry_button = QPushButton()
        self.retry_button.clicked.connect(self.retry)
        for label in (self._title, self._advice, self._detail):
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(60, 20, 60, 20)
        layout.setSpacing(14)
        layout.addStretch(1)
        layout.addWidget(self._title)
        layout.addWidget(self._advice)
        layout.addWidget(self.retry_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self._detail)
        layout.addStretch(2)

    def show_error(self, error: BaseException) -> None:
        self._error = error
        self.retranslate()
        self.retry_button.setFocus()

    def title_text(self) -> str:
        return self._title.text()

    def retranslate(self) -> None:
        self.retry_button.setText(self.tr("Try again"))
        if self._error is not None:
            title, advice = describe_environment_error(self._error)
            self._title.setText(title)
            self._advice.setText(advice)
            self._detail.setText(technical_detail(self._error))
