"""What the payer hands over: cash (with change), card, or both; credit goes first.

The change and what is still missing are worked out as the cashier types,
by the same ``tender_outcome`` the payment service applies, so the screen and
the stored payment never disagree: what the service would refuse (a card paying
more than is due, since a card gives no change) is said in its words before
Enter, and no change or credit is offered for it. Less cash than due is refused;
an overpayment stays as credit only when the cashier ticks that the payer wants it so.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QCheckBox, QFormLayout, QWidget

from desk.money import Money
from desk.services.payments import Tender, tender_outcome
from desk.ui.kit.formatting import money_text
from desk.ui.kit.session import DeskState
from desk.ui.kit.widgets import DeskDialog, MoneyEdit, key_button, set_style_property
from desk.ui.plain_text import DataLabel


class TenderDialog(DeskDialog):
    tendered = Signal(object)  # Tender

    def __init__(
        self, state: DeskState, due: Money, credit: Money, parent: QWidget | None = None
    ) -> None:
        super().__init__(state, parent)
        self.setObjectName("tenderDialog")
        self.due, self.credit = due, credit
        self._due_caption = DataLabel()
        self._due = DataLabel(money_text(due), objectName="bigAmount")
        self.use_credit = QCheckBox()
        self.use_credit.setChecked(credit.positive)
        self.use_credit.setVisible(credit.positive)
        self.cash = MoneyEdit()
        self.card = MoneyEdit()
        self._cash_caption, self._card_caption = DataLabel(), DataLabel()
        self._cash_caption.setBuddy(self.cash)
        self._card_caption.setBuddy(self.card)
        self.change = DataLabel(objectName="changeAmount", wordWrap=True)
        self.keep_credit = QCheckBox()
        self.all_by_card = key_button()
        self.ok = key_button(default=True)
        self.cancel = key_button()
        self.all_by_card.clicked.connect(self._all_by_card)
        QShortcut(QKeySequence("F3"), self, self._all_by_card)
        self.ok.clicked.connect(self.confirm)
        self.cancel.clicked.connect(self.reject)
        for signal in (self.cash.textChanged, self.card.textChanged):
            signal.connect(self._update)
        for box in (self.use_credit, self.keep_credit):
            box.toggled.connect(self._update)

        form = QFormLayout()
        form.setHorizontalSpacing(18)
        form.setVerticalSpacing(10)
        form.addRow(self._due_caption, self._due)
        form.addRow("", self.use_credit)
        form.addRow(self._cash_caption, self.cash)
        form.addRow(self._card_caption, self.card)
        form.addRow("", self.change)
        form.addRow("", self.keep_credit)
        self.lay_out(form, buttons=[self.cancel, self.ok], left=[self.all_by_card])
        self.setTabOrder(self.cash, self.card)
        self.setMinimumWidth(560)
        self.retranslate()
        self.cash.setFocus()

    def tender(self) -> Tender | None:
        cash, card = self.cash.money(), self.card.money()
        if cash is None or card is None:
            return None
        return Tender(cash, card, self.use_credit.isChecked(), self.keep_credit.isChecked())

    def confirm(self) -> None:
        tender = self.tender()
        if tender is None:
            self.problem.show_problem(self.tr("Type amounts like 100 or 93,46."))
            return
        refusal = tender_outcome(self.due, self.credit, tender).refusal
        if refusal is not None:
            self.problem.show_problem(str(refusal))
            field = self.card if refusal.code == "payment.card_over" else self.cash
            field.setFocus()
            field.selectAll()
            return
        self.tendered.emit(tender)
        self.accept()

    def _all_by_card(self) -> None:
        credit = self.credit.min(self.due) if self.use_credit.isChecked() else Money.zero()
        self.cash.clear()
        # As the cashier would type it in the UI's language: "93,46", or "93.46" in English.
        self.card.setText((self.due - credit).plain().replace(".", QLocale().decimalPoint()))
        self.card.setFocus()

    def _update(self) -> None:
        tender = self.tender()
        excess = Money.zero()
        refused = ""
        if tender is None:
            self.change.setText("")
        else:
            outcome = tender_outcome(self.due, self.credit, tender)
            excess = outcome.excess
            if outcome.refusal is not None and not outcome.missing.positive:
                # Nothing typed later can make it right (a card over what is due):
                # the service's own words now, not an offer it would refuse.
                refused = str(outcome.refusal)
                self.change.setText("")
            elif outcome.missing.positive:
                still_due = self.tr("Still due: {amount}")
                self.change.setText(still_due.format(amount=money_text(outcome.missing)))
            elif outcome.credit_left.positive:
                self.change.setText(self.tr("Change: none, kept as credit"))
            else:
                change = money_text(outcome.change)
                self.change.setText(self.tr("Change: {amount}").format(amount=change))
            set_style_property(self.change, "short", outcome.missing.positive)
        self.change.setVisible(bool(self.change.text()))
        self.problem.show_problem(refused)
        self.keep_credit.setVisible(excess.positive)
        self.keep_credit.setText(
            self.tr("Keep the change of {amount} as credit").format(amount=money_text(excess))
        )

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Payment"))
        self._due_caption.setText(self.tr("To pay"))
        use_credit = self.tr("Use the credit balance first ({amount})")
        self.use_credit.setText(use_credit.format(amount=money_text(self.credit)))
        self._cash_caption.setText(self.tr("&Cash handed over"))
        self._card_caption.setText(self.tr("C&ard"))
        self.all_by_card.setText(self.tr("All by card (F3)"))
        self.ok.setText(self.tr("Take payment (Enter)"))
        self.cancel.setText(self.tr("Cancel (Esc)"))
        self._update()
