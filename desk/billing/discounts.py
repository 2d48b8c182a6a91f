"""The discounts a payment earns (DOMAIN.md "Discounts", "Installment loyalty").

Both the 3% commercial discount and the 50% loyalty bonus need the same three
conditions for an invoice I paid in full on day ``on``:

1. the payer was in good standing on I's issue date;
2. I is settled in full on or before its deadline;
3. after the payment that settles I, the payer has nothing overdue.

Amounts are percentages of the invoice amount, rounded half-up to the cent,
each on its own; together at most the item's remaining balance.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desk.billing import policy
from desk.billing.calendar import add_months, first_day, months_between
from desk.billing.facts import PlanFact
from desk.billing.ledger import Item, Ledger, Settlements
from desk.money import Money

COMMERCIAL = "commercial"
LOYALTY = "loyalty"

# Why an item earns no discount; the UI turns these into words.
NOT_ELIGIBLE = "not_eligible"  # settlement, other, court, agreement installment
NOT_SELECTED = "not_selected"
PARTIAL = "partial"  # DOMAIN.md: a partial payment earns no discount
LATE = "late"  # paid after the deadline
OVERDUE_AT_ISSUE = "overdue_at_issue"  # not in good standing on the issue date
OVERDUE_LEFT = "overdue_left"  # something stays overdue after this payment


@dataclass(frozen=True, slots=True)
class Discount:
    kind: str  # commercial | loyalty
    amount: Money


def conditions_fail(
    ledger: Ledger, item: Item, on: date, after: Settlements, before: Settlements
) -> str | None:
    """The first of the three conditions ``item`` fails if paid in full on ``on``."""
    if on > item.deadline:
        return LATE
    if not ledger.good_standing(item.issued, before):
        return OVERDUE_AT_ISSUE
    if not ledger.good_standing(on, after):
        return OVERDUE_LEFT
    return None


def loyalty_applies(ledger: Ledger, item: Item, settled: Settlements) -> bool:
    """Installment 1 for a new client, 11 for an existing one who paid 1-10 on time."""
    plan = _plan(ledger, item.plan_id)
    if item.kind != "installment" or plan is None or item.period is None:
        return False
    number = months_between(plan.first_month, item.period) + 1
    if is_new_client(ledger, plan):
        return number == policy.NEW_CLIENT_BONUS_INSTALLMENT
    if number != policy.EXISTING_CLIENT_BONUS_INSTALLMENT:
        return False
    earlier = {
        months_between(plan.first_month, other.period) + 1: other
        for other in ledger.items.values()
        if other.plan_id == plan.id and other.kind == "installment" and other.period
    }
    for n in range(1, policy.EXISTING_CLIENT_BONUS_INSTALLMENT):
        other = earlier.get(n)
        if other is None:
            return False
        paid = settled.get(other.key)
        if paid is None or paid > other.deadline:
            return False
    return True


def is_new_client(ledger: Ledger, plan: PlanFact) -> bool:
    """First tenure started less than 12 months before the plan, and never in a plan."""
    starts = [t.start for t in ledger.account.tenures]
    if not starts:
        return False
    plan_start = first_day(plan.first_month)
    if min(starts) <= add_months(plan_start, -policy.NEW_CLIENT_MONTHS):
        return False
    return not any(
        other.id != plan.id and other.first_month < plan.first_month
        for other in ledger.account.plans
    )


def earned(
    ledger: Ledger, item: Item, on: date, after: Settlements, before: Settlements
) -> tuple[tuple[Discount, ...], str | None]:
    """Discounts ``item`` earns when paid in full on ``on``, or the reason it earns none."""
    if item.kind not in policy.COMMERCIAL_KINDS:
        return (), NOT_ELIGIBLE
    failed = conditions_fail(ledger, item, on, after, before)
    if failed is not None:
        return (), failed
    found: list[Discount] = []
    if loyalty_applies(ledger, item, after):
        found.append(Discount(LOYALTY, item.amount.percent(policy.LOYALTY_RATE)))
    if not found or policy.LOYALTY_STACKS_WITH_COMMERCIAL:
        found.append(Discount(COMMERCIAL, item.amount.percent(policy.COMMERCIAL_RATE)))
    return _capped(found, item.balance_eur), None


def _capped(found: list[Discount], balance: Money) -> tuple[Discount, ...]:
    """A discount is at most the item's remaining balance (DOMAIN.md)."""
    left = balance.max(Money.zero())
    capped = []
    for discount in found:
        amount = discount.amount.min(left)
        left = left - amount
        if amount.positive:
            capped.append(Discount(discount.kind, amount))
    return tuple(capped)


def _plan(ledger: Ledger, plan_id: str | None) -> PlanFact | None:
    for plan in ledger.account.plans:
        if plan.id == plan_id:
            return plan
    return None
