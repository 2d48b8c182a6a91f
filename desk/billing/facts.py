"""What the rules need to know about one payer: plain, immutable facts.

The services read these from the database; tests state them directly. Nothing
here knows about SQL, Qt or today's date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from desk.money import Money


@dataclass(frozen=True, slots=True)
class InvoiceFact:
    number: str
    kind: str  # monthly | installment | settlement | other
    period: str  # YYYY-MM, the consumption month
    issued: date
    amount: Money  # in the invoice's own currency (BGN before 2026)
    subscriber_number: str = ""
    plan_id: str | None = None


@dataclass(frozen=True, slots=True)
class CourtParts:
    costs: Money
    interest: Money
    principal: Money

    def total(self) -> Money:
        return self.costs + self.interest + self.principal


@dataclass(frozen=True, slots=True)
class CourtCaseFact:
    id: str
    stage: str
    since: date  # filing day, or the warning's day while in `warning`
    invoices: tuple[str, ...]
    awarded: CourtParts | None = None
    case_number: str | None = None
    subscriber_number: str = ""


@dataclass(frozen=True, slots=True)
class InstallmentFact:
    seq: int  # 0 is the down payment
    due: date
    amount: Money


@dataclass(frozen=True, slots=True)
class AgreementFact:
    id: str
    signed: date
    covers: tuple[str, ...]  # invoice numbers and court case ids
    installments: tuple[InstallmentFact, ...]


@dataclass(frozen=True, slots=True)
class PlanFact:
    id: str
    first_month: str
    installment: Money
    subscriber_number: str = ""


@dataclass(frozen=True, slots=True)
class AllocationFact:
    item: str  # invoice number, court case id, or "AG-1/2"
    amount: Money  # money applied, in the payment's currency
    discount: Money = field(default_factory=Money.zero)


@dataclass(frozen=True, slots=True)
class PaymentFact:
    id: str
    paid_on: date  # local (Europe/Sofia) date of the time stamp
    method: str  # cash | card | split | credit
    allocations: tuple[AllocationFact, ...]
    credit: Money = field(default_factory=Money.zero)  # what it left as credit
    credit_used: Money = field(default_factory=Money.zero)  # credit balance it spent


@dataclass(frozen=True, slots=True)
class TenureFact:
    subscriber_number: str
    kind: str
    start: date
    end: date | None


@dataclass(frozen=True, slots=True)
class Account:
    """Everything billed to and paid by one payer (voided payments left out)."""

    payer_code: str
    invoices: tuple[InvoiceFact, ...] = ()
    court_cases: tuple[CourtCaseFact, ...] = ()
    agreements: tuple[AgreementFact, ...] = ()
    plans: tuple[PlanFact, ...] = ()
    payments: tuple[PaymentFact, ...] = ()
    tenures: tuple[TenureFact, ...] = ()


def installment_key(agreement_id: str, seq: int) -> str:
    """The interchange name of an agreement installment: "AG-1/2"."""
    return f"{agreement_id}/{seq}"
