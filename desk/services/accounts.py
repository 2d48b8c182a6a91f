"""Reading one payer's account from the database into billing facts.

A handful of indexed queries per payer (no ORM objects leave this module), so
a full quote stays within milliseconds on a million-property database.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
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


def payer_id_for(session: Session, payer_code: str) -> int | None:
    return session.scalar(select(Payer.id).where(Payer.payer_code == payer_code))


def load_account(session: Session, payer_code: str) -> Account | None:
    """Everything billed to and paid by the payer; voided payments are left out."""
    payer_id = payer_id_for(session, payer_code)
    if payer_id is None:
        return None
    subscriber: dict[int, str] = dict(
        session.execute(
            select(Property.id, Property.subscriber_number)
            .join(Tenure, Tenure.property_id == Property.id)
            .where(Tenure.payer_id == payer_id)
        ).all()
    )

    def sub(property_id: int) -> str:
        found = subscriber.get(property_id)
        if found is None:
            found = session.scalar(
                select(Property.subscriber_number).where(Property.id == property_id)
            )
            subscriber[property_id] = found or ""
        return subscriber[property_id]

    invoice_rows = session.execute(
        select(
            Invoice.id,
            Invoice.number,
            Invoice.kind,
            Invoice.period,
            Invoice.issued,
            Invoice.amount_cents,
            Invoice.currency,
            Invoice.property_id,
            Invoice.plan_id,
        )
        .where(Invoice.payer_id == payer_id)
        .order_by(Invoice.period, Invoice.number)
    ).all()
    invoice_number = {row.id: row.number for row in invoice_rows}
    invoices = tuple(
        InvoiceFact(
            number=row.number,
            kind=row.kind,
            period=row.period,
            issued=row.issued,
            amount=Money(row.amount_cents, row.currency),
            subscriber_number=sub(row.property_id),
            plan_id=row.plan_id,
        )
        for row in invoice_rows
    )

    cases = _cases(session, payer_id, invoice_number, sub)
    agreements, installment_names = _agreements(session, payer_id, invoice_number)
    plans = tuple(
        PlanFact(
            id=row.id,
            first_month=row.first_month,
            installment=Money(row.installment_cents),
            subscriber_number=sub(row.property_id),
        )
        for row in session.execute(
            select(Plan.id, Plan.first_month, Plan.installment_cents, Plan.property_id).where(
                Plan.payer_id == payer_id
            )
        )
    )
    tenures = tuple(
        TenureFact(
            subscriber_number=sub(row.property_id), kind=row.kind, start=row.start, end=row.end
        )
        for row in session.execute(
            select(Tenure.property_id, Tenure.kind, Tenure.start, Tenure.end)
            .where(Tenure.payer_id == payer_id)
            .order_by(Tenure.start)
        )
    )
    payments = _payments(session, payer_id, invoice_number, installment_names)
    return Account(
        payer_code=payer_code,
        invoices=invoices,
        court_cases=cases,
        agreements=agreements,
        plans=plans,
        payments=payments,
        tenures=tenures,
    )


def _cases(
    session: Session, payer_id: int, invoice_number: dict[int, str], sub: object
) -> tuple[CourtCaseFact, ...]:
    rows = session.execute(select(CourtCase).where(CourtCase.payer_id == payer_id)).scalars().all()
    if not rows:
        return ()
    links: dict[str, list[str]] = defaultdict(list)
    for case_id, invoice_id in session.execute(
        select(CourtCaseInvoice.case_id, CourtCaseInvoice.invoice_id).where(
            CourtCaseInvoice.case_id.in_([r.id for r in rows])
        )
    ):
        links[case_id].append(invoice_number.get(invoice_id, str(invoice_id)))
    found = []
    for row in rows:
        awarded = None
        if row.awarded_principal_cents is not None:
            currency = row.awarded_currency or "EUR"
            awarded = CourtParts(
                costs=Money(row.awarded_costs_cents or 0, currency),
                interest=Money(row.awarded_interest_cents or 0, currency),
                principal=Money(row.awarded_principal_cents, currency),
            )
        assert callable(sub)
        found.append(
            CourtCaseFact(
                id=row.id,
                stage=row.stage,
                since=row.since,
                invoices=tuple(sorted(links[row.id])),
                awarded=awarded,
                case_number=row.case_number,
                subscriber_number=sub(row.property_id),
            )
        )
    return tuple(found)


def _agreements(
    session: Session, payer_id: int, invoice_number: dict[int, str]
) -> tuple[tuple[AgreementFact, ...], dict[int, str]]:
    rows = session.execute(
        select(Agreement.id, Agreement.signed).where(Agreement.payer_id == payer_id)
    ).all()
    if not rows:
        return (), {}
    ids = [r.id for r in rows]
    signed = {r.id: r.signed for r in rows}
    covers: dict[str, list[str]] = defaultdict(list)
    for agreement_id, invoice_id, case_id in session.execute(
        select(AgreementCover.agreement_id, AgreementCover.invoice_id, AgreementCover.case_id)
        .where(AgreementCover.agreement_id.in_(ids))
        .order_by(AgreementCover.id)
    ):
        if invoice_id is not None:
            covers[agreement_id].append(invoice_number.get(invoice_id, str(invoice_id)))
        elif case_id is not None:
            covers[agreement_id].append(case_id)
    installments: dict[str, list[InstallmentFact]] = defaultdict(list)
    names: dict[int, str] = {}
    for inst_id, agreement_id, seq, due, cents in session.execute(
        select(
            AgreementInstallment.id,
            AgreementInstallment.agreement_id,
            AgreementInstallment.seq,
            AgreementInstallment.due,
            AgreementInstallment.amount_cents,
        )
        .where(AgreementInstallment.agreement_id.in_(ids))
        .order_by(AgreementInstallment.seq)
    ):
        # An agreement signed before 2026 was made in leva (DOMAIN.md "Currency"); its
        # open installments are converted with every other balance at the changeover.
        currency = currency_on(signed[agreement_id])
        installments[agreement_id].append(
            InstallmentFact(seq=seq, due=due, amount=Money(cents, currency))
        )
        names[inst_id] = installment_key(agreement_id, seq)
    facts = tuple(
        AgreementFact(
            id=r.id,
            signed=r.signed,
            covers=tuple(covers[r.id]),
            installments=tuple(installments[r.id]),
        )
        for r in rows
    )
    return facts, names


def _payments(
    session: Session,
    payer_id: int,
    invoice_number: dict[int, str],
    installment_names: dict[int, str],
) -> tuple[PaymentFact, ...]:
    voided = select(Void.payment_id)
    rows = session.execute(
        select(
            Payment.id,
            Payment.paid_at,
            Payment.method,
            Payment.currency,
            Payment.credit_cents,
            Payment.credit_used_cents,
        )
        .where(Payment.payer_id == payer_id, Payment.id.not_in(voided))
        .order_by(Payment.paid_at, Payment.id)
    ).all()
    if not rows:
        return ()
    currency = {r.id: r.currency for r in rows}
    allocations: dict[str, list[AllocationFact]] = defaultdict(list)
    for payment_id, invoice_id, case_id, inst_id, cents, commercial, loyalty in session.execute(
        select(
            Allocation.payment_id,
            Allocation.invoice_id,
            Allocation.case_id,
            Allocation.installment_id,
            Allocation.amount_cents,
            Allocation.commercial_cents,
            Allocation.loyalty_cents,
        )
        .where(Allocation.payment_id.in_(list(currency)))
        .order_by(Allocation.id)
    ):
        if invoice_id is not None:
            item = invoice_number.get(invoice_id, str(invoice_id))
        elif case_id is not None:
            item = case_id
        else:
            item = installment_names.get(inst_id or -1, "")
        cur = currency[payment_id]
        allocations[payment_id].append(
            AllocationFact(
                item=item, amount=Money(cents, cur), discount=Money(commercial + loyalty, cur)
            )
        )
    return tuple(
        PaymentFact(
            id=r.id,
            paid_on=r.paid_at.date(),
            method=r.method,
            allocations=tuple(allocations[r.id]),
            credit=Money(r.credit_cents, r.currency),
            credit_used=Money(r.credit_used_cents, r.currency),
        )
        for r in rows
    )
