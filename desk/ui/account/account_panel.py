"""The account view: the payer, the open items with live discounts, "pay X now, save Y".

Ticks and partial amounts re-quote the checkout in the GUI thread: the rules
run on a ledger read once, well under a millisecond, with no database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desk.billing.quote import Quote
from desk.models.db import Database
from desk.money import Money
from desk.services.account_view import PayerView, payer_view
from desk.services.checkout import Checkout, open_checkout
from desk.services.lookup import Hit
from desk.services.problems import UserError
from desk.ui.account.items_view import ItemsView
from desk.ui.account.models import ItemsModel
from desk.ui.account.payer_card import PayerCard
from desk.ui.i18n import Retranslating
from desk.ui.kit.formatting import money_text, parse_amount
from desk.ui.kit.widgets import ProblemLabel
from desk.ui.plain_text import DataLabel


class SteadyLine(QWidget):
    """A one-line label whose new text, when it fits, lays nothing out again.

    ``QLabel.setText`` asks every layout up to the window to run again, and on a
    tick that measured the window's word-wrapped labels again: a third of a tick's
    work in the GUI thread (issue 15). The label here has no layout above it; this
    box has, and it is at least as large as the text: its minimum grows as soon
    as a text needs more, and is set to the text exactly when ``exact`` (a new
    account, another language)."""

    def __init__(self, label: QLabel) -> None:
        super().__init__()
        self.label = label
        label.setParent(self)

    def show_text(self, text: str, *, exact: bool) -> None:
        self.label.setText(text)
        needed, room = self.label.minimumSizeHint(), self.minimumSize()
        if exact or needed.width() > room.width() or needed.height() > room.height():
            self.setMinimumSize(needed if exact else needed.expandedTo(room))

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.label.setGeometry(self.rect())


@dataclass(frozen=True, slots=True)
class OpenedAccount:
    payer: PayerView
    checkout: Checkout
    hit: Hit | None  # the search row it was opened from, if any

    @property
    def quote(self) -> Quote:
        """The items as ticked now, with their discounts and totals."""
        return self.checkout.quote

    def to_pay(self) -> tuple[str, dict[str, Money | None], Money]:
        """What a payment taken now is for: the payer's code, the ticks and partial
        amounts (a copy, so that a tick after this does not change it) and the total
        the cashier was shown, which the service checks against its own."""
        checkout = self.checkout
        return checkout.account.payer_code, dict(checkout.selection), checkout.quote.totals.to_pay


def read_account(db: Database, payer_code: str, on: date, hit: Hit | None) -> OpenedAccount:
    """Worker side: the payer and the checkout, read in one go."""
    return OpenedAccount(payer_view(db, payer_code, on), open_checkout(db, payer_code, on), hit)


class AccountPanel(Retranslating, QWidget):
    def __init__(self, parent: QWidget | None = None, *, paying: bool = True) -> None:
        """``paying``: at a pay desk; else (the information desk) the same account and
        ticks, worded as what the payer would pay there, with no F-keys for paying."""
        super().__init__(parent)
        self.paying = paying
        self.account: OpenedAccount | None = None
        self.card = PayerCard()
        self.model = ItemsModel(self)
        self.view = ItemsView(self.model)
        self.model.toggled.connect(self._toggle)
        self.model.amount_typed.connect(self._set_amount)
        self.model.amount_refused.connect(lambda _key, text: self._not_an_amount(text))
        # A partial amount out of range or not an amount: said under the table, and the
        # amount editor stays open on Enter (issue 13, point 8).
        self.amount_problem = ProblemLabel()
        self.amount_problem.setObjectName("amountProblem")
        self.view.check_amount = self.check_amount
        self._hint = DataLabel(objectName="hint", wordWrap=True)
        self.savings = DataLabel(objectName="savingsLine")
        self._totals = SteadyLine(self.savings)
        # The cashier panel puts its F-key buttons here, right of the totals.
        self.buttons = QHBoxLayout()
        self.buttons.setSpacing(10)

        footer = QHBoxLayout()
        footer.addWidget(self._totals, 1)
        footer.addLayout(self.buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.card)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.amount_problem)
        layout.addWidget(self._hint)
        layout.addLayout(footer)
        self.retranslate()

    @property
    def checkout(self) -> Checkout | None:
        return None if self.account is None else self.account.checkout

    @property
    def quote(self) -> Quote | None:
        return None if self.account is None else self.account.checkout.quote

    def show_account(self, account: OpenedAccount, *, focus: bool = True) -> None:
        """Show ``account``; ``focus``: put the keyboard on its items (not when the account
        is read again behind another tab the clerk is working in)."""
        self.account = account
        self.amount_problem.show_problem("")
        quote = account.checkout.quote
        self.card.show_payer(account.payer, quote, account.hit)
        self.model.set_rows(list(quote.items))
        self._show_totals(exact=True)
        if focus:
            self.view.setFocus()

    def clear(self) -> None:
        self.account = None
        self.amount_problem.show_problem("")
        self.model.set_rows([])

    def _toggle(self, key: str, ticked: bool) -> None:
        if self.checkout is not None:
            self.checkout.toggle(key, ticked)
            self._requoted()

    def check_amount(self, key: str, text: str) -> bool:
        """Before the amount editor commits: is ``text`` an amount the checkout takes for
        ``key``? When not, why is said under the table (and the editor stays open)."""
        checkout = self.checkout
        if checkout is None or not text.strip():
            return True
        amount = parse_amount(text)
        if amount is None:
            self._not_an_amount(text)
            return False
        refusal = checkout.amount_refusal(key, amount)
        self.amount_problem.show_problem("" if refusal is None else str(refusal))
        return refusal is None

    def _not_an_amount(self, text: str) -> None:
        self.amount_problem.show_problem(
            self.tr("{text}: not an amount; type e.g. 50 or 42,12").format(text=text.strip())
        )

    def _set_amount(self, key: str, amount: Money | None) -> None:
        """A partial amount (None, or the whole balance: in full); one out of range is
        refused in words under the table and the selection stays as it was."""
        checkout = self.checkout
        if checkout is None:
            return
        try:
            checkout.set_amount(key, amount)
        except UserError as refusal:
            self.amount_problem.show_problem(str(refusal))
            return
        self.amount_problem.show_problem("")
        self._requoted()

    def _requoted(self) -> None:
        assert self.checkout is not None
        self.model.set_quote(self.checkout.quote)
        self._show_totals()

    def _show_totals(self, *, exact: bool = False) -> None:
        """The totals line; ``exact``: its room fitted to the text (else only grown)."""
        quote = self.quote
        if quote is None:
            self._totals.show_text("", exact=exact)
            return
        totals = quote.totals
        if not quote.items:
            text = self.tr("Nothing to pay")
        elif not any(e.selected for e in quote.items):
            text = self.tr("Nothing ticked: Space ticks the current row")
        elif not self.paying and totals.discount.positive:
            text = self.tr("At a pay desk today: {to_pay}, saving {saving}").format(
                to_pay=money_text(totals.to_pay), saving=money_text(totals.discount)
            )
        elif not self.paying:
            text = self.tr("At a pay desk today: {to_pay}").format(to_pay=money_text(totals.to_pay))
        elif totals.discount.positive:
            text = self.tr("Pay {to_pay} now, save {saving}").format(
                to_pay=money_text(totals.to_pay), saving=money_text(totals.discount)
            )
        else:
            text = self.tr("To pay: {to_pay}").format(to_pay=money_text(totals.to_pay))
        self._totals.show_text(text, exact=exact)

    def hint_text(self) -> str:
        return self._hint.text()

    def retranslate(self) -> None:
        if self.paying:
            hint = self.tr(
                "Space: tick or untick   ·   digits: pay part of an item   ·   "
                "Enter keeps the amount, an empty amount pays in full"
            )
        else:
            hint = self.tr(
                "What the payer would pay at a pay desk today: Space ticks or unticks an "
                "item, digits take part of it. Payments are taken at a pay desk."
            )
        self._hint.setText(hint)
        self.model.retranslate()
        self._show_totals(exact=True)
