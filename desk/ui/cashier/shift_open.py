"""Opening a shift with the counted float: no payment is taken before it.

A desk has one open shift at a time (the database holds it, migration 0007). When
someone else's shift is open here, a cashier is told whose and since when, and that
its owner must close it; a supervisor may count and close it for them, giving a
reason (the shift stays theirs). A float above the setting asks for an explicit yes.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLineEdit, QWidget

from desk.messages import when
from desk.money import Money
from desk.services.context import SUPERVISING_ROLES
from desk.services.shifts import (
    TAKEOVER_REASON_MIN,
    HeldShift,
    NeedsConfirmation,
    ShiftInfo,
    held_shift,
    open_shift,
)
from desk.ui.cashier.confirm import ask_to_confirm
from desk.ui.kit.formatting import money_text
from desk.ui.kit.session import DeskState
from desk.ui.kit.widgets import DeskDialog, MoneyEdit, key_button
from desk.ui.plain_text import DataLabel
from desk.ui.style import named


class OpenShiftDialog(DeskDialog):
    opened = Signal(object)  # ShiftInfo
    # A supervisor chose to count and close the shift left open: (HeldShift, reason).
    close_held = Signal(object, str)
    # Someone else's shift is open at this desk (or None): the panel's status line says so.
    held_known = Signal(object)

    def __init__(self, state: DeskState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.setObjectName("openShiftDialog")
        self.held: HeldShift | None = None  # someone else's open shift at this desk
        # Read once: the dialog may outlive the log-out that closes it by an event or two.
        self.may_take_over = state.user.role in SUPERVISING_ROLES
        self.confirm_box: QWidget | None = None
        self._title = DataLabel(objectName="dialogTitle")
        self._about = DataLabel(wordWrap=True, objectName="shiftAbout")
        self._caption = DataLabel()
        self.opening_float = MoneyEdit()
        self._caption.setBuddy(self.opening_float)
        self._reason_caption = DataLabel()
        self.reason = named(QLineEdit(), "takeoverReason")
        self.reason.setMaxLength(200)
        self._reason_caption.setBuddy(self.reason)
        self.ok = key_button(default=True)
        self.cancel = key_button()
        self.ok.clicked.connect(self.confirm)
        self.cancel.clicked.connect(self.reject)

        self.form = QFormLayout()
        self.form.addRow(self._caption, self.opening_float)
        self.form.addRow(self._reason_caption, self.reason)
        self.form.setRowVisible(1, False)
        self.lay_out(self._title, self._about, self.form, buttons=[self.cancel, self.ok])
        self.setMinimumWidth(520)
        self.retranslate()
        self.opening_float.setFocus()
        database, ctx = state.db, state.user
        self.run(lambda: held_shift(database, ctx), self._held_read)

    def _held_read(self, held: HeldShift | None) -> None:
        self.held = held
        self.held_known.emit(held)
        if held is not None:
            self.form.setRowVisible(0, False)
            self.form.setRowVisible(1, self.may_take_over)
            self.ok.setVisible(self.may_take_over)
            (self.reason if self.may_take_over else self.cancel).setFocus()
        self.retranslate()

    def confirm(self) -> None:
        if self.busy:
            return
        if self.held is not None:
            self._take_over()
            return
        amount = self._typed_float()
        if amount is not None:
            self._open(amount, confirmed=False)

    def _typed_float(self) -> Money | None:
        """The float typed, or None with the reason said next to the field."""
        text = self.opening_float.text().strip()
        amount = self.opening_float.money()
        if text.startswith("-"):
            self.problem.show_problem(self.tr("Opening float: cannot be negative."))
        elif amount is None or not text:
            self.problem.show_problem(
                self.tr("Opening float: type the amount counted, e.g. 100 or 150,50.")
            )
        else:
            self.problem.show_problem("")
            return amount
        self.opening_float.setFocus()
        return None

    def _open(self, amount: Money, *, confirmed: bool) -> None:
        database, ctx, now = self.state.db, self.state.user, self.state.now()

        def attempt() -> ShiftInfo | NeedsConfirmation:
            try:
                return open_shift(database, ctx, amount, now, confirmed=confirmed)
            except NeedsConfirmation as ask:
                return ask

        self.run(attempt, lambda outcome: self._answered(amount, outcome))

    def _answered(self, amount: Money, outcome: ShiftInfo | NeedsConfirmation) -> None:
        if isinstance(outcome, NeedsConfirmation):
            self.confirm_box = ask_to_confirm(
                self,
                self.tr("Opening float"),
                str(outcome),
                self.tr("Open with {amount}").format(amount=money_text(amount)),
                lambda: self._open(amount, confirmed=True),
            )
            return
        self._opened(outcome)

    def _take_over(self) -> None:
        """The supervisor goes on to count the drawer; the close itself records the reason."""
        reason = self.reason.text().strip()
        if len(reason) < TAKEOVER_REASON_MIN:
            self.problem.show_problem(self.tr("Reason: say why you close this shift."))
            self.reason.setFocus()
            return
        assert self.held is not None
        held = self.held
        self.accept()
        self.close_held.emit(held, reason)

    def _opened(self, shift: ShiftInfo) -> None:
        self.state.shift = shift
        self.opened.emit(shift)
        self.accept()

    def retranslate(self) -> None:
        held = self.held
        self.setWindowTitle(self.tr("Open shift"))
        self._caption.setText(self.tr("Opening &float"))
        self._reason_caption.setText(self.tr("&Reason"))
        self.cancel.setText(self.tr("Cancel (Esc)"))
        if held is None:
            self._title.setText(self.tr("Open shift"))
            self._about.setText(
                self.tr("Count the cash in the drawer and type the opening float in euro.")
            )
            self.ok.setText(self.tr("Open shift (Enter)"))
            return
        since = when(held.opened_at)
        self._title.setText(self.tr("A shift is open at this desk"))
        if self.may_take_over:
            self._about.setText(
                self.tr(
                    "{name} ({user}) has had a shift open at {desk} since {since}. One desk has "
                    "one drawer and one open shift. Count the drawer and close it for them: "
                    "say why; the reason is recorded, and the shift stays theirs."
                ).format(name=held.full_name, user=held.username, desk=held.desk_code, since=since)
            )
            self.ok.setText(self.tr("Count and close it (Enter)"))
        else:
            self._about.setText(
                self.tr(
                    "{name} ({user}) has had a shift open at {desk} since {since}. One desk has "
                    "one drawer and one open shift: {name} must close it (F12), or a supervisor "
                    "count and close it for them. Payments wait until then."
                ).format(name=held.full_name, user=held.username, desk=held.desk_code, since=since)
            )
            self.cancel.setText(self.tr("Close (Esc)"))
