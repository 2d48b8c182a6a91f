"""Taking money and taking it back: tender → commit → receipt; history → reprint or void.

The payment is stored by one service call in a worker; the receipt is made
from what was stored, in another worker, only after that commit.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from desk.printing.receipt import receipt_number_text
from desk.services.account_view import PastPayment
from desk.services.lookup import Hit
from desk.services.payments import PaymentDone, Tender, VoidDone, take_payment
from desk.ui.account.account_panel import OpenedAccount
from desk.ui.cashier.history_dialog import HistoryDialog
from desk.ui.cashier.tender_dialog import TenderDialog
from desk.ui.cashier.void_dialog import VoidDialog
from desk.ui.environment import describe_environment_error
from desk.ui.kit.formatting import money_text
from desk.ui.kit.session import DeskState
from desk.ui.plain_text import plain_message


class Counter(Protocol):
    """What the flow asks of the cashier's panel that owns it: the account on screen,
    a line to say things on, a way to open dialogs, read an account again and show a
    receipt. The panel imports the flow; this much, and no more, goes back."""

    @property
    def shown_account(self) -> OpenedAccount | None:
        """The account in the account view, if any (see ``account_shown``)."""

    @property
    def account_shown(self) -> bool:
        """An account is on screen, found by what the search field reads now."""

    @property
    def former_holder_shown(self) -> bool:
        """The payer on screen no longer holds the property they were found by."""

    def pay_when_shown(self) -> bool: ...

    def show_message(self, text: str) -> None: ...

    def open_dialog(self, dialog: QDialog) -> None: ...

    def load_account(self, payer_code: str, hit: Hit | None = None) -> None: ...

    def show_receipt(self, payment_id: str, *, copy: bool = False, void: bool = False) -> None: ...


class PaymentFlow(QObject):
    def __init__(
        self, counter: Counter, state: DeskState, dialog_parent: QWidget, parent: QObject
    ) -> None:
        super().__init__(parent)
        self.counter = counter
        self.state = state
        self.dialog_parent = dialog_parent
        self.history_dialog: HistoryDialog | None = None
        self.paying = False  # one payment at a time: a second F5 waits for the first

    # --- paying -----------------------------------------------------------------

    def pay(self) -> None:
        if self.counter.pay_when_shown():
            return  # F5 ahead of the account it is for: paid once it is on screen
        account = self.counter.shown_account
        if account is None or self.paying:
            return
        if not self.counter.account_shown:
            # The search field reads something else than what this account was found by.
            return
        if self.state.shift is None:
            self.counter.show_message(self.tr("Open a shift first (F4)."))
            return
        if not any(e.selected for e in account.quote.items):
            self.counter.show_message(self.tr("Tick at least one item (Space)."))
            return
        if self.counter.former_holder_shown:
            self._ask_about_former_holder()
            return
        self._tender()

    def _ask_about_former_holder(self) -> None:
        account = self.counter.shown_account
        assert account is not None and account.hit is not None
        box = QMessageBox(self.dialog_parent)
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
        self.counter.open_dialog(box)

    def _tender(self) -> None:
        account = self.counter.shown_account
        assert account is not None
        quote = account.quote
        dialog = TenderDialog(self.state, quote.totals.to_pay, quote.credit, self.dialog_parent)
        dialog.tendered.connect(lambda tender: self._take(account, tender))
        self.counter.open_dialog(dialog)

    def _take(self, account: OpenedAccount, tender: Tender) -> None:
        """Take ``tender`` on the account the tender dialog was opened for, and only while
        that account is still the one on screen (a log-out, a lock, a new search since: no)."""
        if self.counter.shown_account is not account or not self.counter.account_shown:
            self.counter.show_message(self.tr("The account changed: nothing was taken."))
            return
        database, ctx, now = self.state.db, self.state.user, self.state.now()
        code, selection, expected = account.to_pay()
        self.paying = True
        self.counter.show_message(self.tr("Saving the payment…"))
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
        self.counter.show_message(
            text.format(total=money_text(done.total), number=number, change=money_text(done.change))
        )
        self.counter.show_receipt(done.payment_id)
        account = self.counter.shown_account
        self.counter.load_account(done.payer_code, account.hit if account else None)

    def _not_saved(self, error: BaseException) -> None:
        """The file could not be written (another program holds it, the disk is full):
        the payment's one transaction was not made, so F5 takes it again, once."""
        self.paying = False
        title, advice = describe_environment_error(error)
        again = self.tr("The payment was not saved: press F5 to take it again.")
        self.counter.show_message(f"{title} {again} {advice}")

    def _refused(self, message: str) -> None:
        self.paying = False
        self.counter.show_message(message)
        # The account may have changed under the screen (a payment synced from another
        # desk, a change of holder): read it again, so what is shown is what is owed now.
        account = self.counter.shown_account
        if account is not None and self.counter.account_shown:
            self.counter.load_account(account.payer.payer_code, account.hit)

    # --- history, reprint, void ------------------------------------------------------

    def history(self, void_first: bool = False) -> None:
        account = self.counter.shown_account
        if account is None:
            return
        dialog = HistoryDialog(
            self.state,
            account.payer.payer_code,
            account.payer.name,
            void_first=void_first,
            parent=self.dialog_parent,
        )
        dialog.reprint_requested.connect(
            lambda payment: self.counter.show_receipt(payment.payment_id, copy=True)
        )
        dialog.void_requested.connect(self._void)
        self.history_dialog = dialog
        dialog.finished.connect(self._history_closed)
        self.counter.open_dialog(dialog)

    def _history_closed(self) -> None:
        self.history_dialog = None

    def _void(self, payment: PastPayment) -> None:
        if self.state.shift is None:
            self.counter.show_message(self.tr("Open a shift first (F4)."))
            return
        receipt = receipt_number_text(self.state.user.desk_code, payment.receipt_number or 0)
        dialog = VoidDialog(self.state, payment, receipt, self.dialog_parent)
        dialog.voided.connect(self._voided)
        self.counter.open_dialog(dialog)

    def _voided(self, done: VoidDone) -> None:
        number = receipt_number_text(self.state.user.desk_code, done.receipt_number)
        self.counter.show_message(
            self.tr("Voided {amount}: void receipt {number}, approved by {supervisor}.").format(
                amount=money_text(done.amount), number=number, supervisor=done.approved_by
            )
        )
        if self.history_dialog is not None:
            self.history_dialog.load()
        self.counter.show_receipt(done.payment_id, void=True)
        account = self.counter.shown_account
        if account is not None:
            self.counter.load_account(account.payer.payer_code, account.hit)
