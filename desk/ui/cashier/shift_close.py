"""Closing the shift: count the drawer by denomination, then see expected against counted.

The count is blind: the expected cash is shown with the variance once the
count is recorded (DOMAIN.md "Shifts and reports"). Enter moves to the next
count, as cashiers count note by note; Ctrl+Enter closes the shift.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent, QIntValidator, QKeyEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desk.money import Money
from desk.services.shifts import DENOMINATIONS, ShiftInfo, close_shift, count_total
from desk.ui.cashier.formatting import money_text
from desk.ui.cashier.session import CashierState
from desk.ui.cashier.widgets import DeskDialog, key_button, set_style_property
from desk.ui.i18n import Retranslating

NOTES = tuple(d for d in DENOMINATIONS if d >= 500)
COINS = tuple(d for d in DENOMINATIONS if d < 500)


class CountBox(QLineEdit):
    """How many pieces of one denomination; Enter goes on to the next.

    A line edit, not a spin box: arrow keys and the wheel must not change a count.
    """

    def __init__(self, cents: int) -> None:
        super().__init__(objectName="countBox")
        self.cents = cents
        self.setValidator(QIntValidator(0, 99_999, self))
        self.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.setFixedWidth(100)

    def value(self) -> int:
        return int(self.text()) if self.text() else 0

    def setValue(self, pieces: int) -> None:
        self.setText(str(pieces) if pieces else "")

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.selectAll()  # the first digit replaces the count, however the focus came

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                event.ignore()  # Ctrl+Enter is the dialog's: close the shift
            else:
                self.focusNextChild()
            return
        super().keyPressEvent(event)


def denomination_text(cents: int) -> str:
    return money_text(Money(cents)).replace(",00", "") if cents >= 100 else money_text(Money(cents))


class ShiftOutcome(Retranslating, QWidget):
    """Expected against counted, and the variance in colour, once the shift is closed."""

    def __init__(self) -> None:
        super().__init__(objectName="shiftOutcome")
        self.shift: ShiftInfo | None = None
        self._captions = [QLabel(), QLabel(), QLabel()]
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        self.expected = QLabel(alignment=right)
        self.counted = QLabel(alignment=right)
        self.variance = QLabel(objectName="variance", alignment=right)
        grid = QGridLayout()
        grid.setHorizontalSpacing(40)
        grid.setVerticalSpacing(14)
        for row, value in enumerate((self.expected, self.counted, self.variance)):
            grid.addWidget(self._captions[row], row, 0)
            grid.addWidget(value, row, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addLayout(grid)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(1)

    def show_shift(self, shift: ShiftInfo) -> None:
        self.shift = shift
        self.retranslate()

    def retranslate(self) -> None:
        for caption, text in zip(
            self._captions,
            (self.tr("Expected"), self.tr("Counted"), self.tr("Variance")),
            strict=True,
        ):
            caption.setText(text)
        shift = self.shift
        if shift is None or shift.expected is None or shift.counted is None:
            return
        variance = shift.variance or Money.zero()
        self.expected.setText(money_text(shift.expected))
        self.counted.setText(money_text(shift.counted))
        self.variance.setText(money_text(variance))
        set_style_property(self.variance, "balanced", variance.is_zero)


class CloseShiftDialog(DeskDialog):
    closed = Signal(object)  # ShiftInfo

    def __init__(self, state: CashierState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.setObjectName("closeShiftDialog")
        self.result_shift: ShiftInfo | None = None
        self._title = QLabel(objectName="dialogTitle")
        self.boxes = {cents: CountBox(cents) for cents in DENOMINATIONS}
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        self._lines = {cents: QLabel(alignment=right) for cents in DENOMINATIONS}
        self._notes, self._coins = QLabel(objectName="factName"), QLabel(objectName="factName")
        self.counted = QLabel(objectName="bigAmount")
        self.outcome = ShiftOutcome()
        self.ok = key_button()
        self.ok.setAutoDefault(True)  # Enter on the focused button closes, not on a count
        self.cancel = key_button()
        self.done_button = key_button()
        self.ok.clicked.connect(self.confirm)
        self.cancel.clicked.connect(self.reject)
        self.done_button.clicked.connect(self.accept)
        for box in self.boxes.values():
            box.textChanged.connect(self._update)

        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.addWidget(self._notes, 0, 0, 1, 3)
        grid.addWidget(self._coins, 0, 4, 1, 3)
        for column, group in ((0, NOTES), (4, COINS)):
            for row, cents in enumerate(group, start=1):
                grid.addWidget(QLabel(denomination_text(cents)), row, column)
                grid.addWidget(self.boxes[cents], row, column + 1)
                grid.addWidget(self._lines[cents], row, column + 2)
        grid.setColumnMinimumWidth(3, 30)
        count_page = QWidget()
        count_layout = QVBoxLayout(count_page)
        count_layout.setContentsMargins(0, 0, 0, 0)
        count_layout.addLayout(grid)
        count_layout.addWidget(self.counted, 0, Qt.AlignmentFlag.AlignRight)
        self.pages = QStackedWidget()
        self.pages.addWidget(count_page)
        self.pages.addWidget(self.outcome)

        self.done_button.hide()
        self.lay_out(self._title, self.pages, buttons=[self.cancel, self.ok, self.done_button])
        self.retranslate()
        self.boxes[NOTES[0]].setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        ctrl = event.modifiers() & Qt.KeyboardModifier.ControlModifier
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if ctrl and enter and self.ok.isVisible() and self.ok.isEnabled():
            self.confirm()
            return
        super().keyPressEvent(event)

    def counts(self) -> dict[int, int]:
        return {cents: box.value() for cents, box in self.boxes.items() if box.value()}

    def confirm(self) -> None:
        counts, database, ctx, now = self.counts(), self.state.db, self.state.user, self.state.now()
        self.run(lambda: close_shift(database, ctx, counts, now), self._closed)

    def _closed(self, shift: ShiftInfo) -> None:
        self.result_shift = shift
        self.state.shift = None
        self.outcome.show_shift(shift)
        self.pages.setCurrentWidget(self.outcome)
        self.ok.hide()
        self.cancel.hide()
        self.done_button.show()
        self.done_button.setDefault(True)
        self.done_button.setFocus()
        self.retranslate()
        self.closed.emit(shift)

    def _update(self) -> None:
        for cents, box in self.boxes.items():
            line = Money(cents * box.value())
            self._lines[cents].setText(money_text(line) if line.positive else "")
        self.counted.setText(
            self.tr("Counted: {amount}").format(amount=money_text(count_total(self.counts())))
        )

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Close shift"))
        if self.result_shift is None:
            self._title.setText(self.tr("Close shift: count the cash by denomination"))
        else:
            self._title.setText(self.tr("The shift is closed"))
        self._notes.setText(self.tr("Notes"))
        self._coins.setText(self.tr("Coins"))
        self.ok.setText(self.tr("Close shift (Ctrl+Enter)"))
        self.cancel.setText(self.tr("Cancel (Esc)"))
        self.done_button.setText(self.tr("Done (Enter)"))
        self._update()
