"""A whole number as typed: never changed behind the clerk's back (issue 13, point 8)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit


class WholeNumberEdit(QLineEdit):
    """A whole number kept as typed: 30 stays 30 even where only 2 to 24 is allowed,
    and the range check says so next to the field; a spin box would have refused the
    0 and left 3 to be saved without a word. ``value()`` is None for what is not a
    whole number (the page says so too). Up and Down step within the range; Enter
    tells the form to move on."""

    entered = Signal()

    def __init__(self, low: int, high: int, objectName: str) -> None:
        super().__init__()
        self.setObjectName(objectName)
        self.low, self.high = low, high
        self.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.setMaximumWidth(self.fontMetrics().horizontalAdvance("0") * 8 + 24)
        self.returnPressed.connect(self.entered)

    def value(self) -> int | None:
        """The number typed, or None when the text is not a whole number."""
        text = self.text().strip()
        return int(text) if text.isascii() and text.isdigit() else None

    def setValue(self, value: int) -> None:
        self.setText(str(value))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        step = {Qt.Key.Key_Up: 1, Qt.Key.Key_Down: -1}.get(Qt.Key(event.key()))
        if step is not None:
            current = self.value()
            start = self.low - step if current is None else current
            self.setValue(min(max(start + step, self.low), self.high))
            self.selectAll()
            return
        super().keyPressEvent(event)
