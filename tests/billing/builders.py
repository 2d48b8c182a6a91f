"""Small constructors for billing facts, so a test states a scenario in a few lines.

Amounts are given as interchange text ("84.20"); the currency follows the day
(leva before 2026, DOMAIN.md "Currency") unless a test says otherwise.
"""

from __future__ import annotations

from datetime import date

from desk.billing.calendar import add_months, first_day
from desk.billing.facts import (
    Account,
    AgreementFact,
    AllocationFact,
    CourtCaseFact,
    CourtParts,
    InstallmentFact,
    InvoiceFact,
    PaymentFact,
    PlanFact,
    TenureFact,
)
from desk.money import Money, currency_on

PAYER = "4000000010"
SUB = "1000001"
LONG_AGO = date(2015, 3, 1)


def d(text: str) -> date:
    return date.fromisoformat(text)


def eur(text: str) -> Money:
    return Money.parse(text)


def bgn(text: str) -> Money:
    return Money.parse(text, "BGN")


def invoice(
    number: str,
    period: str,
    amount: str,
    *,
    issued: str | None = None,
    kind: str = "monthly",
    plan: str | None = None,
) -> InvoiceFact:
    """An invoice issued on the 5th of the month after ``period`` unless told."""
    day = d(issued) if issued else add_months(first_day(period), 1).replace(day=5)
    return InvoiceFact(
        number=number,
        kind=kind,
        period=period,
        issued=day,
        amount=Money.parse(amount, currency_on(day)),
        subscriber_number=SUB,
        plan_id=plan,
    )


def alloc(item: str, amount: str, discount: str = "0.00", *, on: str) -> AllocationFact:
    currency = currency_on(d(on))
    return AllocationFact(
        item=item,
        amount=Money.parse(amount, currency),
        discount=Money.parse(discount, currency),
    )


def payment(
    pid: str,
    on: str,
    *allocations: tuple[str, str] | tuple[str, str, str],
    credit: str = "0.00",
    method: str = "cash",
) -> PaymentFact:
    """``allocations`` as (item, amount) or (item, amount, discount)."""
    return PaymentFact(
        id=pid,
        paid_on=d(on),
        method=method,
        allocations=tuple(alloc(*a, on=on) for a in allocations),
        credit=Money.parse(credit, currency_on(d(on))),
    )


def case(
    cid: str,
    stage: str,
    since: str,
    invoices: tuple[str, ...],
    awarded: tuple[str, str, str] | None = None,
) -> CourtCaseFact:
    parts = None
    if awarded is not None:
        costs, interest, principal = (eur(x) for x in awarded)
        parts = CourtParts(costs=costs, interest=interest, principal=principal)
    return CourtCaseFact(
        id=cid,
        stage=stage,
        since=d(since),
        invoices=invoices,
        awarded=parts,
        case_number="1/2026 СРС",
        subscriber_number=SUB,
    )


def agreement(
    aid: str, signed: str, covers: tuple[str, ...], *installments: tuple[str, str]
) -> AgreementFact:
    """``installments`` as (due, amount), numbered from 1."""
    return AgreementFact(
        id=aid,
        signed=d(signed),
        covers=covers,
        installments=tuple(
            InstallmentFact(seq=n, due=d(due), amount=eur(amount))
            for n, (due, amount) in enumerate(installments, start=1)
        ),
    )


def plan(pid: str, first_month: str, installment: str) -> PlanFact:
    return PlanFact(
        id=pid, first_month=first_month, installment=eur(installment), subscriber_number=SUB
    )


def tenure(start: str = "2015-03-01", end: str | None = None) -> TenureFact:
    return TenureFact(
        subscriber_number=SUB, kind="ownership", start=d(start), end=d(end) if end else None
    )


def account(
    *invoices: InvoiceFact,
    payments: tuple[PaymentFact, ...] = (),
    cases: tuple[CourtCaseFact, ...] = (),
    agreements: tuple[AgreementFact, ...] = (),
    plans: tuple[PlanFact, ...] = (),
    tenures: tuple[TenureFact, ...] | None = None,
) -> Account:
    return Account(
        payer_code=PAYER,
        invoices=invoices,
        court_cases=cases,
        agreements=agreements,
        plans=plans,
        payments=payments,
        tenures=tenures if tenures is not None else (tenure(),),
    )
