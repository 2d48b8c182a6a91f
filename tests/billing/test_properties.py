"""Properties of money and the ledger that must hold for every account (Hypothesis)."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desk.billing import policy
from desk.billing.calendar import add_months, first_day, period_of
from desk.billing.discounts import COMMERCIAL, LOYALTY, PARTIAL
from desk.billing.facts import (
    Account,
    AllocationFact,
    InvoiceFact,
    PaymentFact,
    PlanFact,
    TenureFact,
)
from desk.billing.ledger import Item, build_ledger
from desk.billing.parts import pay_in_order
from desk.billing.quote import quote
from desk.billing.schedule import agreement_schedule
from desk.money import BGN, EUR, Money, currency_on, to_eur
from tests.billing.builders import PAYER, SUB

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --- pay_in_order keeps every cent --------------------------------------------------


@FAST
@given(
    st.lists(st.integers(min_value=-500, max_value=100_000), max_size=6),
    st.integers(min_value=0, max_value=300_000),
)
def test_pay_in_order_keeps_every_cent(balances_cents: list[int], amount_cents: int) -> None:
    balances = [Money(c) for c in balances_cents]
    amount = Money(amount_cents)
    paid, left = pay_in_order(balances, amount)

    assert len(paid) == len(balances)
    assert sum(paid, Money.zero()) + left == amount
    for part, balance in zip(paid, balances, strict=True):
        assert Money.zero() <= part <= balance.max(Money.zero())
    # In order: a part is paid only after every earlier part is paid in full.
    for i, part in enumerate(paid):
        if part.positive:
            for earlier, owed in zip(paid[:i], balances[:i], strict=True):
                assert earlier == owed.max(Money.zero())
    if left.positive:
        assert all(p == b.max(Money.zero()) for p, b in zip(paid, balances, strict=True))


@FAST
@given(
    st.tuples(*(st.integers(min_value=0, max_value=50_000) for _ in range(3))),
    st.lists(st.integers(min_value=1, max_value=40_000), min_size=1, max_size=4),
)
def test_court_parts_are_paid_costs_interest_principal(
    parts_cents: tuple[int, int, int], payments: list[int]
) -> None:
    names = policy.COURT_PART_ORDER
    parts = {name: Money(c) for name, c in zip(names, parts_cents, strict=True)}
    total = sum(parts.values(), Money.zero())
    item = Item(
        key="CC-1",
        kind="court",
        deadline=date(2026, 6, 1),
        issued=date(2026, 6, 1),
        amount=total,
        balance=total,
        parts=dict(parts),
    )
    paid_so_far = Money.zero()
    for cents in payments:
        item.reduce(Money(cents), date(2026, 7, 1))
        paid_so_far = paid_so_far + Money(cents)
        assert item.parts is not None
        assert item.balance == sum(item.parts.values(), Money.zero())
        assert item.balance == (total - paid_so_far).max(Money.zero())
        for i, name in enumerate(names):
            assert Money.zero() <= item.parts[name] <= parts[name]
            if item.parts[name] < parts[name]:  # touched: every earlier part is paid off
                assert all(item.parts[earlier].is_zero for earlier in names[:i])


# --- random small accounts ----------------------------------------------------------

KINDS = ["monthly", "monthly", "monthly", "installment", "other"]


@st.composite
def accounts(draw: st.DrawFn) -> tuple[Account, date, date]:
    """A payer with a few consecutive monthly bills (some in leva) and payments.

    Returns the account, the first issue day and the last day anything happens.
    """
    start = draw(st.integers(min_value=2025 * 12 + 5, max_value=2026 * 12 + 9))  # 2025-06..
    count = draw(st.integers(min_value=1, max_value=4))
    tenure_start = draw(
        st.sampled_from(
            [date(2015, 3, 1), first_day(period_of(start - 6)), first_day(period_of(start - 13))]
        )
    )
    plan = PlanFact(id="PL-1", first_month=period_of(start), installment=Money(6130))
    invoices: list[InvoiceFact] = []
    payments: list[PaymentFact] = []
    for n in range(count):
        period = period_of(start + n)
        issued = add_months(first_day(period), 1) + timedelta(days=draw(st.integers(0, 20)))
        kind = draw(st.sampled_from(KINDS))
        cents = draw(st.integers(min_value=1, max_value=30_000))
        number = f"{n + 1:010d}"
        inv = InvoiceFact(
            number=number,
            kind=kind,
            period=period,
            issued=issued,
            amount=Money(cents, currency_on(issued)),
            subscriber_number=SUB,
            plan_id="PL-1" if kind == "installment" else None,
        )
        invoices.append(inv)
        how = draw(st.sampled_from(["unpaid", "full", "full_less_3", "partial"]))
        if how == "unpaid":
            continue
        paid_on = issued + timedelta(days=draw(st.integers(0, 70)))
        currency = currency_on(paid_on)
        owed = inv.amount if inv.amount.currency == currency else to_eur(inv.amount)
        discount = Money.zero(currency)
        if how == "full":
            amount = owed
        elif how == "full_less_3":
            discount = owed.percent(policy.COMMERCIAL_RATE)
            amount = owed - discount
        else:
            if owed.cents < 2:
                continue
            amount = Money(draw(st.integers(1, owed.cents - 1)), currency)
        if not amount.positive:
            continue
        payments.append(
            PaymentFact(
                id=f"p{n}",
                paid_on=paid_on,
                method=draw(st.sampled_from(["cash", "card"])),
                allocations=(AllocationFact(item=number, amount=amount, discount=discount),),
            )
        )
    payments.sort(key=lambda p: p.paid_on)
    account = Account(
        payer_code=PAYER,
        invoices=tuple(invoices),
        plans=(plan,),
        payments=tuple(payments),
        tenures=(TenureFact(SUB, "ownership", tenure_start, None),),
    )
    last = max([i.issued for i in invoices] + [p.paid_on for p in payments])
    return account, invoices[0].issued, last


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(accounts(), st.data())
def test_no_discount_exceeds_its_rate_of_the_amount_nor_the_balance(
    generated: tuple[Account, date, date], data: st.DataObject
) -> None:
    account, first, last = generated
    on = first + timedelta(days=data.draw(st.integers(0, (last - first).days + 60)))
    default = quote(account, on)
    listed = [i.item for i in default.items]
    selection: dict[str, Money | None] | None = None
    chooses: bool = data.draw(st.booleans())
    if listed and chooses:
        selection = {}
        for entry in default.items:
            choice = data.draw(st.sampled_from(["skip", "full", "amount"]))
            if choice == "full":
                selection[entry.item] = None
            elif choice == "amount":
                selection[entry.item] = Money(data.draw(st.integers(1, entry.balance.cents)))
    result = quote(account, on, selection)

    rates = {COMMERCIAL: policy.COMMERCIAL_RATE, LOYALTY: policy.LOYALTY_RATE}
    for item in result.items:
        assert item.balance.positive
        assert item.balance.currency == EUR
        assert Money.zero() <= item.discount <= item.balance
        assert item.discount == sum((x.amount for x in item.discounts), Money.zero())
        for x in item.discounts:
            assert x.amount.positive
            assert x.amount <= item.amount.percent(rates[x.kind])
        assert len({x.kind for x in item.discounts}) == len(item.discounts)
        if item.discounts:
            assert item.selected and item.settles
            assert item.kind in policy.COMMERCIAL_KINDS
            assert not item.overdue
            assert on <= item.deadline
        if not item.selected:
            assert item.to_pay == item.balance
        elif item.settles:
            assert item.to_pay == item.balance - item.discount
        else:
            assert item.no_discount == PARTIAL
            assert selection is not None
            requested = selection[item.item]
            assert requested is not None
            assert item.to_pay == requested
        assert Money.zero() <= item.to_pay <= item.balance
    totals = result.totals
    assert totals.balance == sum((i.balance for i in result.items), Money.zero())
    assert totals.to_pay == totals.selected - totals.discount
    assert totals.overdue <= totals.balance
    assert result.good_standing == (totals.overdue == Money.zero())


@FAST
@given(accounts(), st.integers(min_value=0, max_value=120))
def test_balances_are_amount_less_what_was_paid(
    generated: tuple[Account, date, date], extra_days: int
) -> None:
    account, _, last = generated
    on = last + timedelta(days=extra_days)
    ledger = build_ledger(account, on)
    for inv in account.invoices:
        item = ledger.items[inv.number]
        paid_eur = Money.zero()
        balance = inv.amount
        for payment in account.payments:
            for alloc in payment.allocations:
                if alloc.item != inv.number:
                    continue
                applied = alloc.amount + alloc.discount
                if applied.currency != balance.currency:
                    balance = to_eur(balance)  # the changeover came in between
                    applied = to_eur(applied)
                balance = balance - applied
                paid_eur = paid_eur + to_eur(applied)
        if on >= date(2026, 1, 1):
            balance = to_eur(balance)
        assert item.balance == balance
        assert item.balance.cents >= 0
        assert (item.settled_on is not None) == (item.balance.cents <= 0)


# --- the leva changeover ------------------------------------------------------------


@FAST
@given(
    st.integers(min_value=1, max_value=10_000_000),
    st.integers(min_value=0, max_value=10_000_000),
    st.integers(min_value=1, max_value=60),
)
def test_paying_the_converted_leva_balance_leaves_zero(
    amount_cents: int, paid_cents: int, day: int
) -> None:
    paid_cents = paid_cents % amount_cents  # strictly less than the amount
    number = "0000000001"
    bill = InvoiceFact(
        number=number,
        kind="monthly",
        period="2025-10",
        issued=date(2025, 11, 5),
        amount=Money(amount_cents, BGN),
    )
    earlier: tuple[PaymentFact, ...] = ()
    if paid_cents:
        earlier = (
            PaymentFact(
                id="leva",
                paid_on=date(2025, 12, 10),
                method="cash",
                allocations=(AllocationFact(number, Money(paid_cents, BGN), Money.zero(BGN)),),
            ),
        )
    on = date(2026, 1, 1) + timedelta(days=day - 1)
    account = Account(payer_code=PAYER, invoices=(bill,), payments=earlier)
    converted = quote(account, on).item(number).balance
    assert converted == to_eur(Money(amount_cents - paid_cents, BGN))
    assert converted.units == (
        Decimal(amount_cents - paid_cents) / 100 / Decimal("1.95583")
    ).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    euro = PaymentFact(
        id="euro",
        paid_on=on,
        method="cash",
        allocations=(AllocationFact(number, converted, Money.zero()),),
    )
    paid_up = Account(payer_code=PAYER, invoices=(bill,), payments=(*earlier, euro))
    ledger = build_ledger(paid_up, on)
    assert ledger.items[number].balance == Money.zero(EUR)
    assert ledger.items[number].settled_on == on
    assert quote(paid_up, on).items == ()


# --- agreement schedules -------------------------------------------------------------


@FAST
@given(
    st.integers(min_value=2, max_value=24),
    st.integers(min_value=0, max_value=5_000_000),
    st.integers(min_value=0, max_value=1_000_000),
    st.dates(min_value=date(2026, 1, 1), max_value=date(2030, 12, 31)),
)
def test_an_agreement_schedule_sums_to_the_agreed_total(
    months: int, rest_cents: int, down_cents: int, first_due: date
) -> None:
    total = Money(rest_cents + months + down_cents)  # at least one cent per installment
    down = Money(down_cents)
    schedule = agreement_schedule(total, months=months, first_due=first_due, down_payment=down)

    assert sum((inst.amount for inst in schedule), Money.zero()) == total
    regular = [inst for inst in schedule if inst.seq > 0]
    assert [inst.seq for inst in regular] == list(range(1, months + 1))
    assert len(schedule) == months + (1 if down.positive else 0)
    if down.positive:
        assert schedule[0].seq == 0 and schedule[0].amount == down
    each = regular[0].amount
    assert all(inst.amount == each for inst in regular[:-1])
    assert each <= regular[-1].amount
    assert regular[-1].amount.cents - each.cents < months  # the last takes the remainder
    dues = [inst.due for inst in schedule]
    assert dues == sorted(dues)
    assert len(set(dues)) == len(dues)
    for due in dues:  # on the chosen day of the month, or the month's last day
        assert due.day == min(first_due.day, calendar.monthrange(due.year, due.month)[1])
