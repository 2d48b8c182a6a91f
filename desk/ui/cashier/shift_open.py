"""Opening a shift with the counted float: no payment is taken before it."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from desk.services.shifts import ShiftInfo, open_shift
from desk.ui.cashier.session import CashierState
from desk.ui.cashier.widgets import DeskDialog, MoneyEdit, key_button


class OpenShiftDialog(DeskDialog):
    opened = Signal(object)  # ShiftInfo

    def __init__(self, state: CashierState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.setObjectName("openShiftDialog")
        self._title = QLabel(objectName="dialogTitle")
        self._about = QLabel(wordWrap=True)
        self._caption = QLabel()
        self.opening_float = MoneyEdit()
        self._caption.setBuddy(self.opening_float)
        self.ok = key_button(default=True)
        self.cancel = key_button()
        self.ok.clicked.connect(self.confirm)
        self.cancel.clicked.connect(self.reject)

        form = QFormLayout()
        form.addRow(self._caption, self.opening_float)
        self.lay_out(self._title, self._about, form, buttons=[self.cancel, self.ok])
        self.setMinimumWidth(520)
        self.retranslate()
        self.opening_float.setFocus()

    def confirm(self) -> None:
        amount = self.opening_float.money()
        if amount is None or not self.opening_float.text().strip():
            self.problem.show_problem(self.tr("Type the amount counted, e.g. 100 or 150,50."))
            return
        database, ctx, now = self.state.db, self.state.user, self.state.now()
        self.run(lambda: open_shift(database, ctx, amount, now), self._opened)

    def _opened(self, shift: ShiftInfo) -> None:
        self.state.shift = shift
        self.opened.emit(shift)
        self.accept()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Open shift"))
        self._title.setText(self.tr("Open shift"))
        self._about.setText(
            self.tr("Count the cash in the drawer and type the opening float in euro.")
        )
        self._caption.setText(self.tr("Opening &float"))
        self.ok.setText(self.tr("Open shift (Enter)"))
        self.cancel.setText(self.tr("Cancel (Esc)"))
