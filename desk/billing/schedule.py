"""Schedules: installment agreements and equal-installment plans.

DOMAIN.md "Installment agreements": 2-24 monthly installments on a chosen day
of the month, equal amounts in cents, the last one taking the remainder.
DOMAIN.md "Installment loyalty": the installment is the yearly estimate / 11.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from desk.billing import policy
from desk.billing.calendar import add_months
from desk.billing.facts import InstallmentFact
from desk.messages import CodedError
from desk.money import Money, round_cents


class ScheduleError(CodedError, ValueError):
    """A schedule that the rules do not allow: a catalogue code and its values
    (desk/messages.py), worded when shown."""


def agreement_schedule(
    total: Money,
    *,
    months: int,
    first_due: date,
    down_payment: Money | None = None,
    down_payment_due: date | None = None,
) -> tuple[InstallmentFact, ...]:
    """Split ``total`` (down payment included) into a down payment and ``months`` installments.

    Installments fall on ``first_due``'s day of month (clamped in short months);
    each is ``(total - down) // months`` cents and the last takes the remainder,
    so the schedule always sums to ``total``. The down payment falls on
    ``down_payment_due`` (before ``first_due``) and the installments start on
    ``first_due``; without it, the down payment takes ``first_due`` and the
    installments start a month later.
    """
    if not policy.AGREEMENT_MIN_INSTALLMENTS <= months <= policy.AGREEMENT_MAX_INSTALLMENTS:
        raise ScheduleError(
            "schedule.months_range",
            low=policy.AGREEMENT_MIN_INSTALLMENTS,
            high=policy.AGREEMENT_MAX_INSTALLMENTS,
        )
    down = down_payment or Money.zero(total.currency)
    if down.cents < 0 or down.cents >= total.cents:
        raise ScheduleError("schedule.down_payment_too_big")
    rest = total - down
    each = rest.cents // months
    if each <= 0:
        raise ScheduleError("schedule.too_small")
    if down_payment_due is not None and down_payment_due >= first_due:
        raise ScheduleError("schedule.down_payment_first")
    found = []
    if down.positive:
        found.append(InstallmentFact(seq=0, due=down_payment_due or first_due, amount=down))
    # The installments move a month on only when the down payment took first_due.
    shift = 1 if down.positive and down_payment_due is None else 0
    for n in range(1, months + 1):
        cents = each if n < months else rest.cents - each * (months - 1)
        due = add_months(first_due, n - 1 + shift)
        found.append(InstallmentFact(seq=n, due=due, amount=Money(cents, total.currency)))
    return tuple(found)


def plan_installment(yearly_estimate: Money) -> Money:
    """The equal installment: the estimated yearly cost / 11, rounded to the cent."""
    cents = round_cents(Decimal(yearly_estimate.cents) / policy.PLAN_INSTALLMENTS)
    return Money(cents, yearly_estimate.currency)
