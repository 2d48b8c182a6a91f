"""The cashier's live selection: the ledger is read once, every tick re-quotes it.

Reading the account is the slow part (the database); applying the rules to
a replayed ledger takes well under a millisecond, so ticking, unticking and
typing a partial amount never touch the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from desk.billing.discounts import (
    LATE,
    NOT_ELIGIBLE,
    NOT_SELECTED,
    OVERDUE_AT_ISSUE,
    OVERDUE_LEFT,
    PARTIAL,
)
from desk.billing.facts import Account
from desk.billing.ledger import Ledger, build_ledger
from desk.billing.quote import (
    ItemQuote,
    Quote,
    SelectionError,
    default_selection,
    quote_ledger,
)
from desk.messages import word
from desk.models.db import Database
from desk.money import Money
from desk.services.accounts import load_account
from desk.services.problems import UserError

# Why an item earns no discount, in the cashier's words (issue: "има просрочена сметка"):
# catalogue codes (desk/messages.py); none for an item not selected or not eligible.
NO_DISCOUNT_WORDS = {
    LATE: "why.late",
    OVERDUE_AT_ISSUE: "why.overdue_at_issue",
    OVERDUE_LEFT: "why.overdue_left",
    PARTIAL: "why.partial",
    NOT_SELECTED: "",
    NOT_ELIGIBLE: "",
}
DISCOUNT_WORDS = {"commercial": "why.commercial", "loyalty": "why.loyalty"}


def discount_reason(entry: ItemQuote) -> str:
    """The words next to an item, in the current language: why it earns its discount,
    or why it does not."""
    if entry.discounts:
        return "; ".join(word(DISCOUNT_WORDS[d.kind]) for d in entry.discounts)
    return word(NO_DISCOUNT_WORDS.get(entry.no_discount or "", ""))


@dataclass
class Checkout:
    """One payer's open items and the cashier's current selection."""

    account: Account
    on: date
    ledger: Ledger = field(init=False)
    selection: dict[str, Money | None] = field(init=False)
    quote: Quote = field(init=False)

    def __post_init__(self) -> None:
        self.ledger = build_ledger(self.account, self.on)
        self.selection = default_selection(self.ledger)
        self.quote = quote_ledger(self.ledger, self.selection)

    def toggle(self, item: str, selected: bool) -> Quote:
        if selected:
            self.selection[item] = None
        else:
            self.selection.pop(item, None)
        return self._requote()

    def amount_refusal(self, item: str, amount: Money | None) -> UserError | None:
        """Why ``amount`` cannot be paid towards ``item`` (None: it can). The rule is the
        quote's own (an amount from 0,01 € to the item's balance), asked without changing
        the selection; the refusal names the balance, so nothing is silently changed."""
        if amount is None:
            return None
        try:
            quote_ledger(self.ledger, {**self.selection, item: amount})
        except SelectionError:
            balance = self.quote.item(item).balance
            return UserError("checkout.amount_range", item=item, low=Money(1), balance=balance)
        return None

    def set_amount(self, item: str, amount: Money | None) -> Quote:
        """A partial amount for one item (None, or the whole balance: pay it in full).
        An amount ``amount_refusal`` refuses raises that UserError and changes nothing."""
        refusal = self.amount_refusal(item, amount)
        if refusal is not None:
            raise refusal
        if amount is not None and amount >= self.quote.item(item).balance:
            amount = None
        self.selection[item] = amount
        return self._requote()

    def select_all(self, selected: bool) -> Quote:
        if selected:
            self.selection = {e.item: None for e in self.quote.items}
        else:
            self.selection = {}
        return self._requote()

    def _requote(self) -> Quote:
        """Re-quote; a selection the rules refuse is undone, so the last good one stays."""
        try:
            self.quote = quote_ledger(self.ledger, self.selection)
        except SelectionError:
            self.selection = {
                e.item: self._last_amount(e.item) for e in self.quote.items if e.selected
            }
            raise
        return self.quote

    def _last_amount(self, item: str) -> Money | None:
        entry = self.quote.item(item)
        return None if entry.settles else entry.to_pay

    def savings_line(self) -> str:
        """ "Pay X now, save Y" — always visible at the desk."""
        t = self.quote.totals
        if t.discount.positive:
            return word("checkout.pay_and_save", {"amount": t.to_pay, "saved": t.discount})
        return word("checkout.to_pay", {"amount": t.to_pay})


def open_checkout(db: Database, payer_code: str, on: date) -> Checkout:
    with db.snapshot() as reader:
        account = load_account(reader, payer_code)
    if account is None:
        raise UserError("payer.no_such", code=payer_code)
    return Checkout(account, on)
