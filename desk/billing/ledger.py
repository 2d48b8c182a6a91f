"""A payer's items on a day: balances, settlement dates, overdue, good standing.

The ledger replays the payer's history up to a day ``on`` and answers, for any
day d up to ``on``, whether an item was overdue on d and whether the payer was
in good standing on d. A hypothetical payment on ``on`` (the quote) is given
as a map of settlement dates, so the history is replayed once per account.

DOMAIN.md sections implemented here: "Invoices and due dates" (overdue on a
day), "Currency" (leva balances converted once on 2025-12-31), "Payments and
allocation" (court parts, credit), "Overdue notices and court action" (a filed
case replaces its invoices), "Installment agreements" (coverage, breach).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from desk.billing import policy
from desk.billing.calendar import days_after, deadline
from desk.billing.facts import (
    Account,
    AgreementFact,
    CourtCaseFact,
    CourtParts,
    InvoiceFact,
    PaymentFact,
    installment_key,
)
from desk.billing.parts import pay_in_order
from desk.money import EUR, EURO_DAY, Money, to_eur

Settlements = Mapping[str, date | None]


@dataclass(slots=True)
class Item:
    """One open or settled item as the replay leaves it."""

    key: str
    kind: str  # invoice kinds, "agreement" or "court"
    deadline: date  # invoice deadline, installment due date, court filing day
    issued: date  # when it came into being
    amount: Money  # in euro (leva converted), what the item was for
    balance: Money  # in its current currency; euro from 2026
    original: Money | None = None  # the leva amount of an invoice issued in leva
    period: str | None = None
    plan_id: str | None = None
    subscriber_number: str = ""
    agreement_id: str | None = None
    parts: dict[str, Money] | None = None  # court: costs, interest, principal left
    settled_on: date | None = None

    def reduce(self, amount: Money, day: date) -> Money:
        """Settle up to the balance; return what was more than it owed (zero usually)."""
        if amount.currency != self.balance.currency:
            amount = to_eur(amount)
        owed = self.balance.max(Money.zero(self.balance.currency))
        excess = (amount - owed).max(Money.zero(amount.currency))
        if self.parts is not None:
            order = list(policy.COURT_PART_ORDER)
            paid, _ = pay_in_order([self.parts[p] for p in order], amount - excess)
            for name, part in zip(order, paid, strict=True):
                self.parts[name] = self.parts[name] - part
            self.balance = sum(self.parts.values(), Money.zero(self.balance.currency))
        else:
            self.balance = self.balance - (amount - excess)
        if self.settled_on is None and self.balance.cents <= 0:
            self.settled_on = day
        return excess

    def convert(self) -> None:
        """Leva balance on 2025-12-31 to euro, once (DOMAIN.md "Currency")."""
        if self.balance.currency == EUR:
            return
        if self.parts is not None:
            self.parts = {name: to_eur(part) for name, part in self.parts.items()}
            self.balance = sum(self.parts.values(), Money.zero())
        else:
            self.balance = to_eur(self.balance)

    @property
    def balance_eur(self) -> Money:
        return to_eur(self.balance)


@dataclass(slots=True)
class Ledger:
    account: Account
    on: date
    items: dict[str, Item] = field(default_factory=dict)
    invoices: dict[str, InvoiceFact] = field(default_factory=dict)
    cases: dict[str, CourtCaseFact] = field(default_factory=dict)
    agreements: dict[str, AgreementFact] = field(default_factory=dict)
    in_court: dict[str, CourtCaseFact] = field(default_factory=dict)  # invoice -> case
    covered_by: dict[str, AgreementFact] = field(default_factory=dict)  # item -> agreement
    credit: Money = field(default_factory=lambda: Money.zero("BGN"))
    # Good standing is asked for the same day and settlement map many times in
    # one quote (every invoice's issue date); the answers are kept here. A
    # settlement map must not change once it has been asked about.
    _standing: dict[tuple[int, date], tuple[Settlements, bool]] = field(default_factory=dict)
    _settled: dict[str, date | None] | None = None

    # -- questions about a day ---------------------------------------------------
    def settlements(self) -> dict[str, date | None]:
        """Settlement days from the replayed history (shared: copy before changing)."""
        if self._settled is None:
            self._settled = {key: item.settled_on for key, item in self.items.items()}
        return self._settled

    def breach_day(self, agreement: AgreementFact, settled: Settlements) -> date | None:
        """First day the agreement counts as breached, or None while it is kept."""
        days = []
        for inst in agreement.installments:
            limit = days_after(inst.due, policy.AGREEMENT_BREACH_DAYS)
            paid = settled.get(installment_key(agreement.id, inst.seq))
            if paid is None or paid > limit:
                days.append(days_after(limit, 1))
        return min(days) if days else None

    def overdue_on(self, key: str, day: date, settled: Settlements) -> bool:
        """DOMAIN.md "Invoices and due dates": overdue on ``day`` when ``day`` is after
        the deadline and the item was not settled in full on or before ``day``."""
        item = self.items[key]
        paid = settled.get(key)
        if item.issued > day or (paid is not None and paid <= day):
            return False
        agreement = self.covered_by.get(key)
        if agreement is not None and agreement.signed <= day:
            # Kept: covered items are not overdue. Breached: the unpaid
            # installments stand for them (all overdue), so not counted twice.
            return False
        if item.kind == "agreement":
            assert item.agreement_id is not None
            own = self.agreements[item.agreement_id]
            breach = self.breach_day(own, settled)
            if breach is not None and day >= breach:
                return True
            return day > item.deadline
        if item.kind == "court":
            return day >= item.deadline
        case = self.in_court.get(key)
        if case is not None and day >= case.since:
            return False  # the case is the item from its filing day on
        return day > item.deadline

    def good_standing(self, day: date, settled: Settlements) -> bool:
        """DOMAIN.md "Discounts": nothing of the payer's is overdue on ``day``."""
        key = (id(settled), day)
        hit = self._standing.get(key)
        if hit is not None and hit[0] is settled:
            return hit[1]
        if len(self._standing) > 4096:
            self._standing.clear()
        result = not any(self.overdue_on(k, day, settled) for k in self.items)
        self._standing[key] = (settled, result)
        return result

    def is_listed(self, key: str) -> bool:
        """Shown as an open item on ``on`` (INTERCHANGE.md "desk quote")."""
        item = self.items[key]
        if item.balance.cents <= 0 or item.issued > self.on:
            return False
        agreement = self.covered_by.get(key)
        if agreement is not None and agreement.signed <= self.on:
            return False
        case = self.in_court.get(key)
        return case is None or case.since > self.on


def build_ledger(account: Account, on: date) -> Ledger:
    """Replay ``account`` up to and including day ``on``."""
    ledger = Ledger(account=account, on=on)
    _add_invoices(ledger)
    _add_cases(ledger)
    _add_agreements(ledger)
    _replay(ledger)
    return ledger


def _add_invoices(ledger: Ledger) -> None:
    for inv in ledger.account.invoices:
        if inv.issued > ledger.on:
            continue
        ledger.invoices[inv.number] = inv
        if inv.amount.cents < 0:
            continue  # a credit to the payer, not an item: added on its day by _replay
        ledger.items[inv.number] = Item(
            key=inv.number,
            kind=inv.kind,
            deadline=deadline(inv.period),
            issued=inv.issued,
            amount=to_eur(inv.amount),
            balance=inv.amount,
            original=inv.amount if inv.amount.currency != EUR else None,
            period=inv.period,
            plan_id=inv.plan_id,
            subscriber_number=inv.subscriber_number,
        )


def _add_cases(ledger: Ledger) -> None:
    for case in ledger.account.court_cases:
        ledger.cases[case.id] = case
        hides = case.stage in policy.COURT_ITEM_STAGES or (
            case.stage == "closed" and policy.CLOSED_CASE_HIDES_INVOICES
        )
        if hides:
            for number in case.invoices:
                ledger.in_court[number] = case


def _add_agreements(ledger: Ledger) -> None:
    for agreement in ledger.account.agreements:
        if agreement.signed > ledger.on:
            continue
        ledger.agreements[agreement.id] = agreement
        for key in agreement.covers:
            ledger.covered_by[key] = agreement
        for inst in agreement.installments:
            key = installment_key(agreement.id, inst.seq)
            ledger.items[key] = Item(
                key=key,
                kind="agreement",
                deadline=inst.due,
                issued=agreement.signed,
                amount=to_eur(inst.amount),
                balance=inst.amount,
                agreement_id=agreement.id,
            )


def _file_case(ledger: Ledger, case: CourtCaseFact) -> None:
    """The case becomes one item on its filing day (DOMAIN.md "court action")."""
    covered = [ledger.items[n] for n in case.invoices if n in ledger.items]
    if case.awarded is not None:
        parts = _parts_dict(case.awarded)
    else:
        currency = EUR if case.since >= EURO_DAY else "BGN"
        principal = Money.zero(currency)
        for inv in covered:
            balance = inv.balance if inv.balance.currency == currency else to_eur(inv.balance)
            principal = principal + balance.max(Money.zero(currency))
        zero = Money.zero(currency)
        parts = {"costs": zero, "interest": zero, "principal": principal}
    total = sum(parts.values(), Money.zero(parts["principal"].currency))
    ledger.items[case.id] = Item(
        key=case.id,
        kind="court",
        deadline=case.since,
        issued=case.since,
        amount=to_eur(total),
        balance=total,
        parts=parts,
        subscriber_number=case.subscriber_number,
    )


def _parts_dict(parts: CourtParts) -> dict[str, Money]:
    return {"costs": parts.costs, "interest": parts.interest, "principal": parts.principal}


def _replay(ledger: Ledger) -> None:
    """Apply every payment up to ``on`` in date order, with the two calendar events
    (a case's filing, the euro changeover) placed before that day's payments."""
    events: list[tuple[date, int, object]] = []
    for case in ledger.cases.values():
        if case.stage in policy.COURT_ITEM_STAGES and case.since <= ledger.on:
            events.append((case.since, 1, case))
    if ledger.on >= EURO_DAY:
        events.append((EURO_DAY, 0, None))
    for inv in ledger.invoices.values():
        if inv.amount.cents < 0:
            events.append((inv.issued, 1, inv))
    for order, payment in enumerate(ledger.account.payments):
        if payment.paid_on <= ledger.on:
            events.append((payment.paid_on, 2 + order, payment))
    events.sort(key=lambda event: (event[0], event[1]))
    for day, _, what in events:
        if what is None:
            for item in ledger.items.values():
                item.convert()
            ledger.credit = to_eur(ledger.credit)
        elif isinstance(what, CourtCaseFact):
            _file_case(ledger, what)
        elif isinstance(what, InvoiceFact):
            ledger.credit = _add(ledger.credit, -what.amount)  # a negative settlement
        else:
            assert isinstance(what, PaymentFact)
            _apply_payment(ledger, what, day)


def _apply_payment(ledger: Ledger, payment: PaymentFact, day: date) -> None:
    if payment.credit.cents:
        ledger.credit = _add(ledger.credit, payment.credit)
    spent = payment.credit_used
    if payment.method == "credit" and not spent.cents and payment.allocations:
        # A payment of method "credit" spends credit instead of money (INTERCHANGE.md).
        spent = Money.zero(payment.allocations[0].amount.currency)
        for alloc in payment.allocations:
            spent = _add(spent, alloc.amount)
    if spent.cents:
        ledger.credit = _add(ledger.credit, -spent)
    for alloc in payment.allocations:
        key = alloc.item
        case = ledger.in_court.get(key)
        if case is not None and case.id in ledger.items and day >= case.since:
            key = case.id  # money for a bill in court goes to the case
        item = ledger.items.get(key)
        if item is None:
            continue  # an item issued after `on` cannot be paid before it; ignore
        settled = alloc.amount + alloc.discount if alloc.discount.cents else alloc.amount
        excess = item.reduce(settled, day)
        applied = alloc.amount
        if excess.positive:
            # The bill was already settled (paid at two desks while offline): the
            # money beyond it is the payer's credit, never a negative balance. The
            # discount is used first: only money paid beyond the bill is credit.
            discount = alloc.discount
            if discount.currency != excess.currency:
                discount = to_eur(discount)
            money = (excess - discount).max(Money.zero(excess.currency))
            ledger.credit = _add(ledger.credit, money)
            if money.currency != applied.currency:
                applied = to_eur(applied)
            applied = (applied - money).max(Money.zero(applied.currency))
        if item.kind == "agreement" and item.agreement_id is not None:
            # Only the money the installment took settles what the agreement covers.
            _settle_covered(ledger, ledger.agreements[item.agreement_id], applied, day)


def _settle_covered(ledger: Ledger, agreement: AgreementFact, amount: Money, day: date) -> None:
    """Installment money settles the covered items oldest first (DOMAIN.md)."""
    covered = sorted(
        (ledger.items[k] for k in agreement.covers if k in ledger.items),
        key=lambda item: (item.deadline, item.key),
    )
    left = amount
    for item in covered:
        if not left.positive:
            break
        owed = item.balance if item.balance.currency == left.currency else to_eur(item.balance)
        if left.currency != owed.currency:
            left = to_eur(left)
        take = left.min(owed.max(Money.zero(owed.currency)))
        if take.positive:
            item.reduce(take, day)
            left = left - take


def _add(total: Money, amount: Money) -> Money:
    """Add across the changeover: leva added to a euro total are converted."""
    if total.currency == amount.currency:
        return total + amount
    return to_eur(total) + to_eur(amount)
