"""Taking money and taking it back: tender → commit → receipt; history → reprint or void.

The payment is stored by one service call in a worker; the receipt is made
from what was stored, in another worker, only after that commit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox

from desk.printing.receipt import receipt_number_text
from desk.services.account_view import PastPayment
from desk.services.payments import PaymentDone, Tender, VoidDone, take_payment
from desk.ui.account.account_panel import OpenedAccount
from desk.ui.cashier.history_dialog import HistoryDialog
from desk.ui.cashier.tender_dialog import TenderDialog
from desk.ui.cashier.void_dialog import VoidDialog
from desk.ui.environment import describe_environment_error
from desk.ui.kit.formatting import money_text
from desk.ui.plain_text import plain_message

if TYPE_CHECKING:
    from desk.ui.cashier.cashier_panel import CashierPanel


class PaymentFlow(QObject):
    def __init__(self, panel: CashierPanel) -> None:
        super().__init__(panel)
        self.panel = panel
        self.state = panel.state
        self.history_dialog: HistoryDialog | None = None
        self.paying = False  # one payment at a time: a second F5 waits for the first

    # --- paying -----------------------------------------------------------------

    def pay(self) -> None:
        if self.panel.pay_when_shown():
            return  # F5 ahead of the account it is for: paid once it is on screen
        account, quote = self.panel.account.account, self.panel.account.quote
        if account is None or quote is None or self.paying:
            return
        if not self.panel.account_shown:
            # The search field reads something else than what this account was found by.
            return
        if self.state.shift is None:
            self.panel.show_message(self.tr("Open a shift first (F4)."))
            return
        if not any(e.selected for e in quote.items):
            self.panel.show_message(self.tr("Tick at least one item (Space)."))
            return
        if self.panel.account.card.former_holder:
            self._ask_about_former_holder()
            return
        self._tender()

    def _ask_about_former_holder(self) -> None:
        account = self.panel.account.account
        assert account is not None and account.hit is not None
        box = QMessageBox(self.panel.dialog_parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Former holder"))
        box.setText(
            self.tr(
                "{name} no longer holds {number}. The money will pay their own past "
                "periods, not the current holder's. Take it anyway?"
            ).format(name=account.payer.name, number=account.hit.subscriber_number)
        )
        plain_message(box)  # the payer's name as stored, never as markup
        take = box.addButton(self.tr("Take the payment"), QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(self.tr("Cancel (Esc)"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        box.finished.connect(lambda _code: self._tender() if box.clickedButton() is take else None)
        self.panel.open_dialog(box)

    def _tender(self) -> None:
        quote, account = self.panel.account.quote, self.panel.account.account
        assert quote is not None and account is not None
        parent = self.panel.dialog_parent
        dialog = TenderDialog(self.state, quote.totals.to_pay, quote.credit, parent)
        dialog.tendered.connect(lambda tender: self._take(account, tender))
        self.panel.open_dialog(dialog)

    def _take(self, account: OpenedAccount, tender: Tender) -> None:
        """Take ``tender`` on the account the tender dialog was opened for, and only while
        that account is still the one on screen (a log-out, a lock, a new search since: no)."""
        if self.panel.account.account is not account or not self.panel.account_shown:
            self.panel.show_message(self.tr("The account changed: nothing was taken."))
            return
        checkout = account.checkout
        database, ctx, now = self.state.db, self.state.user, self.state.now()
        code, selection = checkout.account.payer_code, dict(checkout.selection)
        expected = checkout.quote.totals.to_pay
        self.paying = True
        self.panel.show_message(self.tr("Saving the payment…"))
        self.state.run(
            lambda: take_payment(database, ctx, code, selection, tender, expected, now),
            self._paid,
            self._refused,
            self._not_saved,
        )

    def _paid(self, done: PaymentDone) -> None:
        self.paying = False
        number = receipt_number_text(self.state.user.desk_code, done.receipt_number)
        if done.change.positive:
            text = self.tr("Paid {total}, receipt {number}. Change: {change}")
        else:
            text = self.tr("Paid {total}, receipt {number}.")
        self.panel.show_message(
            text.format(total=money_text(done.total), number=number, change=money_text(done.change))
        )
        self.panel.receipts.show(done.payment_id)
        account = self.panel.account.account
        self.panel.load_account(done.payer_code, account.hit if account else None)

    def _not_saved(self, error: BaseException) -> None:
        """The file could not be written (another program holds it, the disk is full):
        the payment's one transaction was not made, so F5 takes it again, once."""
        self.paying = False
        title, advice = describe_environment_error(error)
        again = self.tr("The payment was not saved: press F5 to take it again.")
        self.panel.show_message(f"{title} {again} {advice}")

    def _refused(self, message: str) -> None:
        self.paying = False
        self.panel.show_message(message)
        # The account may have changed under the screen (a payment synced from another
        # desk, a change of holder): read it again, so what is shown is what is owed now.
        account = self.panel.account.account
        if account is not None and self.panel.account_shown:
            self.panel.load_account(account.payer.payer_code, account.hit)

    # --- history, reprint, void ------------------------------------------------------

    def history(self, void_first: bool = False) -> None:
        account = self.panel.account.account
        if account is None:
            return
        dialog = HistoryDialog(
            self.state,
            account.payer.payer_code,
            account.payer.name,
            void_first=void_first,
            parent=self.panel.dialog_parent,
        )
        dialog.reprint_requested.connect(
            lambda payment: self.panel.receipts.show(payment.payment_id, copy=True)
        )
        dialog.void_requested.connect(self._void)
        self.history_dialog = dialog
        dialog.finished.connect(self._history_closed)
        self.panel.open_dialog(dialog)

    def _history_closed(self) -> None:
        self.history_dialog = None

    def _void(self, payment: PastPayment) -> None:
        if self.state.shift is None:
            self.panel.show_message(self.tr("Open a shift first (F4)."))
            return
        receipt = receipt_number_text(self.state.user.desk_code, payment.receipt_number or 0)
        dialog = VoidDialog(self.state, payment, receipt, self.panel.dialog_parent)
        dialog.voided.connect(self._voided)
        self.panel.open_dialog(dialog)

    def _voided(self, done: VoidDone) -> None:
        number = receipt_number_text(self.state.user.desk_code, done.receipt_number)
        self.panel.show_message(
            self.tr("Voided {amount}: void receipt {number}, approved by {supervisor}.").format(
                amount=money_text(done.amount), number=number, supervisor=done.approved_by
            )
        )
        if self.history_dialog is not None:
            self.history_dialog.load()
        self.panel.receipts.show(done.payment_id, void=True)
        account = self.panel.account.account
        if account is not None:
            self.panel.load_account(account.payer.payer_code, account.hit)
