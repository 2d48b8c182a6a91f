"""Reading one payer's account from the database into billing facts.

A handful of indexed reads per payer, run on the driver's cursor
(``desk.models.rows``): a payer's account costs about twice what bare sqlite3
takes to read the same rows, and a quote stays within a couple of milliseconds
on a million-property database (issue 15, ``bench.lookup``).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import BindParameter, bindparam, select
from sqlalchemy.orm import Session

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
    installment_key,
)
from desk.models.rows import Query, Reader
from desk.models.tables import (
    Agreement,
    AgreementCover,
    AgreementInstallment,
    Allocation,
    CourtCase,
    CourtCaseInvoice,
    Invoice,
    Payer,
    Payment,
    Plan,
    Property,
    Tenure,
    Void,
)
from desk.money import Money, currency_on


def payer_id_for(session: Session | Reader, payer_code: str) -> int | None:
    found: int | None = _PAYER_ID.scalar(Reader.of(session), code=payer_code)
    return found


def load_account(session: Session | Reader, payer_code: str) -> Account | None:
    """Everything billed to and paid by the payer; voided payments are left out."""
    reader = Reader.of(session)
    payer_id = payer_id_for(reader, payer_code)
    if payer_id is None:
        return None
    invoice_rows = _INVOICES.all(reader, payer=payer_id)
    invoice_number = {row[0]: row[1] for row in invoice_rows}
    invoices = tuple(
        InvoiceFact(
            number=number,
            kind=kind,
            period=period,
            issued=issued,
            amount=Money(cents, currency),
            subscriber_number=sub,
            plan_id=plan_id,
        )
        for _, number, kind, period, issued, cents, currency, sub, plan_id in invoice_rows
    )
    cases = _cases(reader, payer_id, invoice_number)
    agreements, installment_names = _agreements(reader, payer_id, invoice_number)
    plans = tuple(
        PlanFact(id=id_, first_month=first, installment=Money(cents), subscriber_number=sub)
        for id_, first, cents, sub in _PLANS.all(reader, payer=payer_id)
    )
    tenures = tuple(
        TenureFact(subscriber_number=sub, kind=kind, start=start, end=end)
        for sub, kind, start, end in _TENURES.all(reader, payer=payer_id)
    )
    payments = _payments(reader, payer_id, invoice_number, installment_names)
    return Account(
        payer_code=payer_code,
        invoices=invoices,
        court_cases=cases,
        agreements=agreements,
        plans=plans,
        payments=payments,
        tenures=tenures,
    )


# Each statement is one indexed read by payer (desk.models.rows runs them): the
# subscriber number comes joined to each row, so nothing is asked per row.
PAYER: BindParameter[int] = bindparam("payer")
_PAYER_ID = Query(select(Payer.id).where(Payer.payer_code == bindparam("code")))
_INVOICES = Query(
    select(
        Invoice.id,
        Invoice.number,
        Invoice.kind,
        Invoice.period,
        Invoice.issued,
        Invoice.amount_cents,
        Invoice.currency,
        Property.subscriber_number,
        Invoice.plan_id,
    )
    .join(Property, Property.id == Invoice.property_id)
    .where(Invoice.payer_id == PAYER)
    .order_by(Invoice.period, Invoice.number)
)
_PLANS = Query(
    select(Plan.id, Plan.first_month, Plan.installment_cents, Property.subscriber_number)
    .join(Property, Property.id == Plan.property_id)
    .where(Plan.payer_id == PAYER)
)
_TENURES = Query(
    select(Property.subscriber_number, Tenure.kind, Tenure.start, Tenure.end)
    .join(Property, Property.id == Tenure.property_id)
    .where(Tenure.payer_id == PAYER)
    .order_by(Tenure.start, Tenure.id)
)
_CASES = Query(
    select(
        CourtCase.id,
        CourtCase.stage,
        CourtCase.since,
        CourtCase.case_number,
        Property.subscriber_number,
        CourtCase.awarded_costs_cents,
        CourtCase.awarded_interest_cents,
        CourtCase.awarded_principal_cents,
        CourtCase.awarded_currency,
    )
    .join(Property, Property.id == CourtCase.property_id)
    .where(CourtCase.payer_id == PAYER)
)
_CASE_INVOICES = Query(
    select(CourtCaseInvoice.case_id, CourtCaseInvoice.invoice_id)
    .join(CourtCase, CourtCase.id == CourtCaseInvoice.case_id)
    .where(CourtCase.payer_id == PAYER)
)
_AGREEMENTS = Query(select(Agreement.id, Agreement.signed).where(Agreement.payer_id == PAYER))
_COVERS = Query(
    select(AgreementCover.agreement_id, AgreementCover.invoice_id, AgreementCover.case_id)
    .join(Agreement, Agreement.id == AgreementCover.agreement_id)
    .where(Agreement.payer_id == PAYER)
    .order_by(AgreementCover.id)
)
_INSTALLMENTS = Query(
    select(
        AgreementInstallment.id,
        AgreementInstallment.agreement_id,
        AgreementInstallment.seq,
        AgreementInstallment.due,
        AgreementInstallment.amount_cents,
    )
    .join(Agreement, Agreement.id == AgreementInstallment.agreement_id)
    .where(Agreement.payer_id == PAYER)
    .order_by(AgreementInstallment.seq)
)
_PAYMENTS = Query(
    select(
        Payment.id,
        Payment.paid_at,
        Payment.method,
        Payment.currency,
        Payment.credit_cents,
        Payment.credit_used_cents,
    )
    .where(Payment.payer_id == PAYER, Payment.id.not_in(select(Void.payment_id)))
    .order_by(Payment.paid_at, Payment.id)
)
# The allocations of all the payer's payments; those of voided ones are left out
# when they are matched to the payments read above.
_ALLOCATIONS = Query(
    select(
        Allocation.payment_id,
        Allocation.invoice_id,
        Allocation.case_id,
        Allocation.installment_id,
        Allocation.amount_cents,
        Allocation.commercial_cents,
        Allocation.loyalty_cents,
    )
    .join(Payment, Payment.id == Allocation.payment_id)
    .where(Payment.payer_id == PAYER)
    .order_by(Allocation.id)
)


def _cases(
    reader: Reader, payer_id: int, invoice_number: dict[int, str]
) -> tuple[CourtCaseFact, ...]:
    rows = _CASES.all(reader, payer=payer_id)
    if not rows:
        return ()
    links: dict[str, list[str]] = defaultdict(list)
    for case_id, invoice_id in _CASE_INVOICES.all(reader, payer=payer_id):
        links[case_id].append(invoice_number.get(invoice_id, str(invoice_id)))
    found = []
    for case_id, stage, since, number, sub, costs, interest, principal, currency in rows:
        awarded = None
        if principal is not None:
            currency = currency or "EUR"
            awarded = CourtParts(
                costs=Money(costs or 0, currency),
                interest=Money(interest or 0, currency),
                principal=Money(principal, currency),
            )
        found.append(
            CourtCaseFact(
                id=case_id,
                stage=stage,
                since=since,
                invoices=tuple(sorted(links[case_id])),
                awarded=awarded,
                case_number=number,
                subscriber_number=sub,
            )
        )
    return tuple(found)


def _agreements(
    reader: Reader, payer_id: int, invoice_number: dict[int, str]
) -> tuple[tuple[AgreementFact, ...], dict[int, str]]:
    rows = _AGREEMENTS.all(reader, payer=payer_id)
    if not rows:
        return (), {}
    signed: dict[str, date] = dict(rows)
    covers: dict[str, list[str]] = defaultdict(list)
    for agreement_id, invoice_id, case_id in _COVERS.all(reader, payer=payer_id):
        if invoice_id is not None:
            covers[agreement_id].append(invoice_number.get(invoice_id, str(invoice_id)))
        elif case_id is not None:
            covers[agreement_id].append(case_id)
    installments: dict[str, list[InstallmentFact]] = defaultdict(list)
    names: dict[int, str] = {}
    for inst_id, agreement_id, seq, due, cents in _INSTALLMENTS.all(reader, payer=payer_id):
        # An agreement signed before 2026 was made in leva (DOMAIN.md "Currency"); its
        # open installments are converted with every other balance at the changeover.
        currency = currency_on(signed[agreement_id])
        installments[agreement_id].append(
            InstallmentFact(seq=seq, due=due, amount=Money(cents, currency))
        )
        names[inst_id] = installment_key(agreement_id, seq)
    facts = tuple(
        AgreementFact(
            id=agreement_id,
            signed=day,
            covers=tuple(covers[agreement_id]),
            installments=tuple(installments[agreement_id]),
        )
        for agreement_id, day in rows
    )
    return facts, names


def _payments(
    reader: Reader,
    payer_id: int,
    invoice_number: dict[int, str],
    installment_names: dict[int, str],
) -> tuple[PaymentFact, ...]:
    rows = _PAYMENTS.all(reader, payer=payer_id)
    if not rows:
        return ()
    currency = {row[0]: row[3] for row in rows}
    allocations: dict[str, list[AllocationFact]] = defaultdict(list)
    for payment_id, invoice_id, case_id, inst_id, cents, commercial, loyalty in _ALLOCATIONS.all(
        reader, payer=payer_id
    ):
        cur = currency.get(payment_id)
        if cur is None:
            continue  # a voided payment's
        if invoice_id is not None:
            item = invoice_number.get(invoice_id, str(invoice_id))
        elif case_id is not None:
            item = case_id
        else:
            item = installment_names.get(inst_id or -1, "")
        allocations[payment_id].append(
            AllocationFact(
                item=item, amount=Money(cents, cur), discount=Money(commercial + loyalty, cur)
            )
        )
    return tuple(
        PaymentFact(
            id=payment_id,
            paid_on=paid_at.date(),
            method=method,
            allocations=tuple(allocations[payment_id]),
            credit=Money(credit, cur),
            credit_used=Money(used, cur),
        )
        for payment_id, paid_at, method, cur, credit, used in rows
    )
