"""Void (сторно) a payment: a reason and a supervisor's name and password, in one dialog.

The service checks the rest (same day, shift still open, not voided before)
and answers in words the cashier can act on; the original payment stays.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLineEdit, QWidget

from desk.services.account_view import PastPayment
from desk.services.payments import VoidDone, void_payment, void_reason_problem
from desk.ui.kit.formatting import money_text, time_text
from desk.ui.kit.session import DeskState
from desk.ui.kit.widgets import DeskDialog, key_button
from desk.ui.plain_text import DataLabel
from desk.ui.style import named


class VoidDialog(DeskDialog):
    voided = Signal(object)  # VoidDone

    def __init__(
        self, state: DeskState, payment: PastPayment, receipt: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(state, parent)
        self.setObjectName("voidDialog")
        self.payment, self.receipt = payment, receipt
        self._short_reason = ""  # the words shown for a reason too short, while shown
        self._title = DataLabel(objectName="dialogTitle")
        self._about = DataLabel(wordWrap=True)
        self.reason = named(QLineEdit(), "voidReason")
        self.supervisor = named(QLineEdit(), "supervisor")
        self.password = named(QLineEdit(), "supervisorPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self._captions = [DataLabel(), DataLabel(), DataLabel()]
        for caption, field in zip(
            self._captions, (self.reason, self.supervisor, self.password), strict=True
        ):
            caption.setBuddy(field)
        self.ok = key_button(default=True)
        self.cancel = key_button()
        self.ok.clicked.connect(self.confirm)
        self.cancel.clicked.connect(self.reject)

        form = QFormLayout()
        form.setVerticalSpacing(10)
        form.addRow(self._captions[0], self.reason)
        form.addRow(self._captions[1], self.supervisor)
        form.addRow(self._captions[2], self.password)
        self.lay_out(self._title, self._about, form, buttons=[self.cancel, self.ok])
        self.setMinimumWidth(640)
        self.retranslate()
        self.reason.setFocus()

    def confirm(self) -> None:
        # Enter in the reason or the name moves on (the dialog sends it here); the password submits.
        # A reason the service would refuse keeps the cursor there and says why: typing
        # the supervisor's name into the wrong box helped nobody.
        short = void_reason_problem(self.reason.text())
        if short is not None:
            self._short_reason = str(short)
            self.problem.show_problem(self._short_reason)
            self.reason.setFocus()
            return
        if self.reason.hasFocus() and self.problem.text() == self._short_reason:
            self.problem.show_problem("")  # the reason now will do
        if self.reason.hasFocus() or self.supervisor.hasFocus():
            self.focusNextChild()
            return
        reason, supervisor = self.reason.text(), self.supervisor.text()
        password = self.password.text()
        database, ctx, now = self.state.db, self.state.user, self.state.now()
        payment_id = self.payment.payment_id
        self.password.clear()
        self.run(
            lambda: void_payment(database, ctx, payment_id, reason, supervisor, password, now),
            self._voided,
        )

    def _voided(self, done: VoidDone) -> None:
        self.voided.emit(done)
        self.accept()

    def _refused(self, message: str) -> None:
        super()._refused(message)
        self.password.setFocus()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Void payment"))
        self._title.setText(self.tr("Void receipt {receipt}").format(receipt=self.receipt))
        self._about.setText(
            self.tr(
                "{amount} paid on {when}. A void is a new document; the original stays. "
                "A supervisor approves it here with their name and password."
            ).format(amount=money_text(self.payment.total), when=time_text(self.payment.paid_at))
        )
        self._captions[0].setText(self.tr("&Reason"))
        self._captions[1].setText(self.tr("&Supervisor"))
        self._captions[2].setText(self.tr("Supervisor's &password"))
        self.ok.setText(self.tr("Void (Enter)"))
        self.cancel.setText(self.tr("Cancel (Esc)"))
