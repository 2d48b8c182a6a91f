"""What a payer owes on a day and what the desk would take for a selection.

This is the one computation behind `desk quote` and the cashier's live totals
(INTERCHANGE.md "desk quote"; DOMAIN.md "Payments and allocation", "Discounts").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from desk.billing import policy
from desk.billing.calendar import add_months, days_after, first_day
from desk.billing.discounts import NOT_SELECTED, PARTIAL, Discount, earned
from desk.billing.facts import Account, CourtParts
from desk.billing.ledger import Item, Ledger, build_ledger
from desk.messages import CodedError
from desk.money import Money, to_eur

# What the cashier asks for one item: None means "in full", an amount means
# that much money towards it.
Selection = Mapping[str, Money | None]


class SelectionError(CodedError, ValueError):
    """A selection names an item that is not open, or an amount out of range: a
    catalogue code and its values (desk/messages.py), worded when shown."""


@dataclass(frozen=True, slots=True)
class ItemQuote:
    item: str
    kind: str
    period: str | None
    deadline: date
    amount: Money
    original: Money | None
    balance: Money
    overdue: bool
    selected: bool
    discounts: tuple[Discount, ...]
    discount: Money
    to_pay: Money
    parts: CourtParts | None
    no_discount: str | None  # why it earns nothing (discounts.NOT_SELECTED, …)
    subscriber_number: str
    settles: bool  # paid in full by this selection


@dataclass(frozen=True, slots=True)
class QuoteTotals:
    balance: Money
    overdue: Money
    selected: Money
    discount: Money
    to_pay: Money


@dataclass(frozen=True, slots=True)
class Quote:
    payer_code: str
    on: date
    good_standing: bool
    credit: Money
    banners: tuple[str, ...]
    items: tuple[ItemQuote, ...]
    totals: QuoteTotals

    def item(self, key: str) -> ItemQuote:
        for entry in self.items:
            if entry.item == key:
                return entry
        raise KeyError(key)


def default_selection(ledger: Ledger) -> dict[str, Money | None]:
    """Every open bill and court sum, and installments due within 31 days (DOMAIN.md);
    after a breach every unpaid installment is due at once, so all are taken."""
    horizon = days_after(ledger.on, policy.DEFAULT_SELECTION_DAYS)
    settled = ledger.settlements()
    return {
        item.key: None
        for item in _listed(ledger)
        if item.kind != "agreement"
        or item.deadline <= horizon
        or ledger.overdue_on(item.key, ledger.on, settled)
    }


def quote(account: Account, on: date, pay: Selection | None = None) -> Quote:
    """The quote for ``account`` on ``on``; ``pay`` None means the default selection."""
    return quote_ledger(build_ledger(account, on), pay)


def quote_ledger(ledger: Ledger, pay: Selection | None = None) -> Quote:
    """The same on an already replayed ledger (the desk reuses it at every tick)."""
    listed = _listed(ledger)
    by_key = {item.key: item for item in listed}
    selection = default_selection(ledger) if pay is None else dict(pay)
    for key, amount in selection.items():
        if key not in by_key:
            raise SelectionError("quote.not_open", item=key)
        if amount is not None and not (0 < amount.cents <= by_key[key].balance_eur.cents):
            raise SelectionError("quote.amount_range", item=key, low=Money(1))

    before = ledger.settlements()
    full = {k for k, amount in selection.items() if amount is None}
    entries, would = _evaluate(ledger, listed, selection, full, before)
    # An amount that covers the item's balance less the discount it would earn
    # settles it in full, and then it does earn that discount.
    promoted = {
        k
        for k, amount in selection.items()
        if amount is not None and amount.cents >= (entries[k].balance - would[k]).cents
    }
    if promoted:
        entries, would = _evaluate(ledger, listed, selection, full | promoted, before)

    items = tuple(entries[item.key] for item in listed)
    zero = Money.zero()
    chosen = [e for e in items if e.selected]
    totals = QuoteTotals(
        balance=sum((e.balance for e in items), zero),
        overdue=sum((e.balance for e in items if e.overdue), zero),
        selected=sum((e.balance if e.settles else e.to_pay for e in chosen), zero),
        discount=sum((e.discount for e in chosen), zero),
        to_pay=sum((e.to_pay for e in chosen), zero),
    )
    return Quote(
        payer_code=ledger.account.payer_code,
        on=ledger.on,
        good_standing=ledger.good_standing(ledger.on, before),
        credit=to_eur(ledger.credit),  # still in leva when asked for a day in 2025
        banners=banners(ledger),
        items=items,
        totals=totals,
    )


def _evaluate(
    ledger: Ledger,
    listed: list[Item],
    selection: Mapping[str, Money | None],
    full: set[str],
    before: Mapping[str, date | None],
) -> tuple[dict[str, ItemQuote], dict[str, Money]]:
    """Quote each listed item; also return, for partly paid items, the discount
    they would earn if paid in full."""
    after = dict(before)
    for key in full:
        after[key] = ledger.on
    entries: dict[str, ItemQuote] = {}
    would: dict[str, Money] = {}
    for item in listed:
        balance = item.balance_eur
        selected = item.key in selection
        settles = item.key in full
        discounts: tuple[Discount, ...] = ()
        why: str | None = NOT_SELECTED
        to_pay = balance
        if settles:
            discounts, why = earned(ledger, item, ledger.on, after, before)
            to_pay = balance - _sum(discounts)
        elif selected:
            trial = {**after, item.key: ledger.on}
            would[item.key] = _sum(earned(ledger, item, ledger.on, trial, before)[0])
            amount = selection[item.key]
            assert amount is not None
            to_pay, why = amount.min(balance), PARTIAL
        entries[item.key] = ItemQuote(
            item=item.key,
            kind=item.kind,
            period=item.period,
            deadline=item.deadline,
            amount=item.amount,
            original=item.original,
            balance=balance,
            overdue=ledger.overdue_on(item.key, ledger.on, before),
            selected=selected,
            discounts=discounts,
            discount=_sum(discounts),
            to_pay=to_pay,
            parts=_parts(item),
            no_discount=why,
            subscriber_number=item.subscriber_number,
            settles=settles,
        )
    return entries, would


def _sum(discounts: tuple[Discount, ...]) -> Money:
    return sum((d.amount for d in discounts), Money.zero())


def _listed(ledger: Ledger) -> list[Item]:
    items = [item for key, item in ledger.items.items() if ledger.is_listed(key)]
    order = {"court": 0, "agreement": 1}
    return sorted(items, key=lambda i: (i.deadline, order.get(i.kind, 2), i.key))


def _parts(item: Item) -> CourtParts | None:
    if item.parts is None:
        return None
    # Before the changeover the parts may still be in leva; the desk shows euro.
    # Costs and interest are converted each, principal takes the rest, so the
    # parts always add up to the item's euro balance.
    costs, interest = to_eur(item.parts["costs"]), to_eur(item.parts["interest"])
    principal = item.balance_eur - costs - interest
    return CourtParts(costs=costs, interest=interest, principal=principal)


def final_warning(ledger: Ledger) -> bool:
    """The one rule for the final warning (последно предупреждение), for the
    desk's banner and the statement alike (DOMAIN.md "Overdue notices and court
    action"; INTERCHANGE.md ``final_warning``): a court case in ``warning`` on the
    day, while anything of the payer's is overdue. Once nothing is overdue (all
    paid, or covered by a kept agreement) neither shows it, though the case's
    stage (central data) may stay ``warning`` until the billing system closes it."""
    on = ledger.on
    warned = any(c.stage == "warning" and c.since <= on for c in ledger.cases.values())
    return warned and not ledger.good_standing(on, ledger.settlements())


def banners(ledger: Ledger) -> tuple[str, ...]:
    """INTERCHANGE.md "banners", in a fixed order: warning, court, agreement, plan."""
    on = ledger.on
    found: list[str] = []
    cases = sorted(ledger.cases.values(), key=lambda c: (c.since, c.id))
    if final_warning(ledger):
        found.append("final_warning")
    for case in cases:
        if case.stage in policy.COURT_ITEM_STAGES and case.since <= on:
            found.append(f"court:{case.stage}")
    settled = ledger.settlements()
    for agreement in sorted(ledger.agreements.values(), key=lambda a: (a.signed, a.id)):
        open_items = [
            k
            for k, item in ledger.items.items()
            if item.agreement_id == agreement.id and item.balance.cents > 0
        ]
        if not open_items:
            continue
        breach = ledger.breach_day(agreement, settled)
        state = "breached" if breach is not None and on >= breach else "active"
        found.append(f"agreement:{state}")
    for plan in sorted(ledger.account.plans, key=lambda p: (p.first_month, p.id)):
        start = first_day(plan.first_month)
        if start <= on < add_months(start, 12):
            found.append(f"plan:{plan.id}")
    return tuple(found)
