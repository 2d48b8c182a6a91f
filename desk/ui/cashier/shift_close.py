"""Closing the shift: count the drawer by denomination against the cash expected.

The expected cash (float + cash taken - change - cash voids, DOMAIN.md
"Shifts and reports") is read in a worker when the dialog opens; the
difference, shortage or surplus, follows every count typed. Enter moves to the
next count, as cashiers count note by note; Ctrl+Enter closes the shift, and
the expected, counted and variance recorded are shown. F6 prints the shift
report: the interim X-report while counting, the Z-report once closed.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desk.money import Money
from desk.services.shift_report import shift_expected
from desk.services.shifts import (
    DENOMINATIONS,
    HeldShift,
    NeedsConfirmation,
    ShiftInfo,
    close_shift,
    count_total,
)
from desk.ui.cashier.confirm import ask_to_confirm
from desk.ui.i18n import Retranslating
from desk.ui.kit.formatting import money_text
from desk.ui.kit.session import DeskState
from desk.ui.kit.widgets import DeskDialog, key_button, set_style_property
from desk.ui.plain_text import DataLabel

NOTES = tuple(d for d in DENOMINATIONS if d >= 500)
COINS = tuple(d for d in DENOMINATIONS if d < 500)


class CountBox(QLineEdit):
    """How many pieces of one denomination; Enter goes on to the next.

    A line edit, not a spin box: arrow keys and the wheel must not change a count.
    """

    def __init__(self, cents: int) -> None:
        super().__init__()
        self.setObjectName("countBox")
        self.cents = cents
        # Any key shows; what is not a count is refused in words on closing (issue 13).
        self.setMaxLength(7)
        self.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.setFixedWidth(100)

    def value(self) -> int:
        """The pieces counted; 0 for an empty box or one that holds no count."""
        return self.pieces() or 0

    def pieces(self) -> int | None:
        """The pieces typed: 0 for an empty box, None when the text is not a count."""
        text = self.text().strip()
        if not text:
            return 0
        return int(text) if text.isascii() and text.isdigit() else None

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


def difference_text(difference: Money) -> str:
    """Counted - expected as the cashier reads it while counting: "Shortage: 0,06 €"."""
    if difference.cents < 0:
        text = QCoreApplication.translate("ShiftDifference", "Shortage: {amount}")
        return text.format(amount=money_text(-difference))
    if difference.positive:
        text = QCoreApplication.translate("ShiftDifference", "Surplus: {amount}")
        return text.format(amount=money_text(difference))
    return QCoreApplication.translate("ShiftDifference", "No difference")


def variance_text(variance: Money) -> str:
    """The recorded variance, signed and named as on the Z-report: "-0,06 € (shortage)"."""
    if variance.cents < 0:
        word = QCoreApplication.translate("ShiftDifference", "shortage")
    elif variance.positive:
        word = QCoreApplication.translate("ShiftDifference", "surplus")
    else:
        return money_text(variance)
    return f"{money_text(variance)} ({word})"


class ShiftOutcome(Retranslating, QWidget):
    """Expected against counted, and the variance in colour, once the shift is closed."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("shiftOutcome")
        self.shift: ShiftInfo | None = None
        self._captions = [DataLabel(), DataLabel(), DataLabel()]
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        self.expected = DataLabel(alignment=right)
        self.counted = DataLabel(alignment=right)
        self.variance = DataLabel(objectName="variance", alignment=right)
        grid = QGridLayout()
        grid.setHorizontalSpacing(40)
        grid.setVerticalSpacing(14)
        for row, value in enumerate((self.expected, self.counted, self.variance)):
            grid.addWidget(self._captions[row], row, 0)
            grid.addWidget(value, row, 1)
        centred = QHBoxLayout()
        centred.addStretch(1)
        centred.addLayout(grid)
        centred.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(centred)
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
        self.variance.setText(variance_text(variance))
        set_style_property(self.variance, "balanced", variance.is_zero)


class CloseShiftDialog(DeskDialog):
    closed = Signal(object)  # ShiftInfo
    report_requested = Signal(str)  # shift id: its X-report while open, Z-report once closed

    def __init__(
        self,
        state: DeskState,
        parent: QWidget | None = None,
        held: HeldShift | None = None,
        reason: str = "",
    ) -> None:
        """The user's own open shift, or ``held``: a shift left open at this desk that a
        supervisor counts and closes for its cashier, for ``reason``."""
        super().__init__(state, parent)
        self.setObjectName("closeShiftDialog")
        self.held, self.reason = held, reason
        if held is None:
            assert state.shift is not None, "the panel opens this dialog on an open shift only"
            self.shift_id = state.shift.id
        else:
            self.shift_id = held.id
        self.result_shift: ShiftInfo | None = None
        self.confirm_box: QWidget | None = None  # the question for an empty or uneven count
        self.expected: Money | None = None  # read in a worker when the dialog opens
        self._title = DataLabel(objectName="dialogTitle")
        self.boxes = {cents: CountBox(cents) for cents in DENOMINATIONS}
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        self._lines = {cents: DataLabel(alignment=right) for cents in DENOMINATIONS}
        self._notes, self._coins = (
            DataLabel(objectName="factName"),
            DataLabel(objectName="factName"),
        )
        self.counted = DataLabel(objectName="bigAmount")
        self.expected_label = DataLabel(objectName="expectedCash")
        self.difference = DataLabel(objectName="variance")
        self.outcome = ShiftOutcome()
        self.ok = key_button()
        self.ok.setAutoDefault(True)  # Enter on the focused button closes, not on a count
        self.cancel = key_button()
        self.done_button = key_button()
        self.report_button = key_button()
        self.report_button.setAutoDefault(True)  # reached by Tab, pressed by Enter or Space
        self.ok.clicked.connect(self.confirm)
        self.cancel.clicked.connect(self.reject)
        self.done_button.clicked.connect(self.accept)
        self.report_button.clicked.connect(self.request_report)
        QShortcut(QKeySequence("F6"), self, self.report_button.click)
        for box in self.boxes.values():
            box.textChanged.connect(self._update)

        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.addWidget(self._notes, 0, 0, 1, 3)
        grid.addWidget(self._coins, 0, 4, 1, 3)
        for column, group in ((0, NOTES), (4, COINS)):
            for row, cents in enumerate(group, start=1):
                grid.addWidget(DataLabel(denomination_text(cents)), row, column)
                grid.addWidget(self.boxes[cents], row, column + 1)
                grid.addWidget(self._lines[cents], row, column + 2)
        grid.setColumnMinimumWidth(3, 30)
        summary = QVBoxLayout()
        summary.setSpacing(2)
        for label in (self.counted, self.expected_label, self.difference):
            summary.addWidget(label, 0, Qt.AlignmentFlag.AlignRight)
        count_page = QWidget()
        count_layout = QVBoxLayout(count_page)
        count_layout.setContentsMargins(0, 0, 0, 0)
        count_layout.addLayout(grid)
        count_layout.addLayout(summary)
        self.pages = QStackedWidget()
        self.pages.addWidget(count_page)
        self.pages.addWidget(self.outcome)

        self.done_button.hide()
        self.lay_out(
            self._title,
            self.pages,
            buttons=[self.cancel, self.ok, self.done_button],
            left=[self.report_button],
        )
        # After the last coin, Enter goes on to "Close shift"; the rest follow.
        chain = [self.boxes[COINS[-1]], self.ok, self.cancel, self.report_button, self.done_button]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        self.retranslate()
        self.boxes[NOTES[0]].setFocus()
        database, ctx, held_id = state.db, state.user, None if held is None else held.id
        self.run(lambda: shift_expected(database, ctx, held_id), self._expected_read)

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
        if self.busy:
            return
        for cents, box in self.boxes.items():
            if box.pieces() is None:
                self.problem.show_problem(
                    self.tr("{denomination}: type a whole number of pieces").format(
                        denomination=denomination_text(cents)
                    )
                )
                box.setFocus()
                return
        self._close(self.counts(), confirmed=False)

    def _close(self, counts: dict[int, int], *, confirmed: bool) -> None:
        """Close with ``counts``; nothing counted or a variance over the setting comes back
        from the service as a question naming the amount, and closes only on its yes."""
        database, ctx, now = self.state.db, self.state.user, self.state.now()
        held_id = None if self.held is None else self.held.id

        def attempt() -> ShiftInfo | NeedsConfirmation:
            try:
                return close_shift(
                    database,
                    ctx,
                    counts,
                    now,
                    confirmed=confirmed,
                    held_shift_id=held_id,
                    reason=self.reason,
                )
            except NeedsConfirmation as ask:
                return ask

        def answered(outcome: ShiftInfo | NeedsConfirmation) -> None:
            if isinstance(outcome, ShiftInfo):
                self._closed(outcome)
                return
            self.confirm_box = ask_to_confirm(
                self,
                self.tr("Close shift"),
                str(outcome),
                self.tr("Close the shift as counted"),
                lambda: self._close(counts, confirmed=True),
            )

        self.run(attempt, answered)

    def request_report(self) -> None:
        """F6: the shift report, made and previewed by the panel's printouts."""
        if self.busy:
            return
        if self.result_shift is not None:
            self.done_button.setFocus()  # back from the printed Z-report, Enter finishes
        self.report_requested.emit(self.shift_id)

    def _expected_read(self, expected: Money | None) -> None:
        self.expected = expected
        self._update()

    def _closed(self, shift: ShiftInfo) -> None:
        self.result_shift = shift
        if self.held is None:
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
        counted = count_total(self.counts())
        self.counted.setText(self.tr("Counted: {amount}").format(amount=money_text(counted)))
        if self.expected is None:
            self.expected_label.setText(self.tr("Expected: …"))
            self.difference.setText("")
            return
        self.expected_label.setText(
            self.tr("Expected: {amount}").format(amount=money_text(self.expected))
        )
        difference = counted - self.expected
        self.difference.setText(difference_text(difference))
        if self.difference.property("balanced") != difference.is_zero:
            set_style_property(self.difference, "balanced", difference.is_zero)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Close shift"))
        if self.result_shift is None and self.held is not None:
            self._title.setText(
                self.tr("Close {name}'s shift: count the cash by denomination").format(
                    name=self.held.full_name
                )
            )
            self.report_button.setText(self.tr("Interim report (F6)"))
        elif self.result_shift is None:
            self._title.setText(self.tr("Close shift: count the cash by denomination"))
            self.report_button.setText(self.tr("Interim report (F6)"))
        else:
            self._title.setText(self.tr("The shift is closed"))
            self.report_button.setText(self.tr("Print Z-report (F6)"))
        self._notes.setText(self.tr("Notes"))
        self._coins.setText(self.tr("Coins"))
        self.ok.setText(self.tr("Close shift (Ctrl+Enter)"))
        self.cancel.setText(self.tr("Cancel (Esc)"))
        self.done_button.setText(self.tr("Done (Enter)"))
        self._update()
