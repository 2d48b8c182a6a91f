"""Receipt data for a stored payment or void: the first print and every reprint.

A void's receipt is the payment's with every amount's sign turned: what was paid,
handed over and taken from credit comes back negative, the discounts granted are
taken back (positive), so its lines still add up to its negative total. It names
the receipt it reverses, the reason and the supervisor who approved it."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select

from desk.models.db import Database
from desk.models.tables import (
    AgreementInstallment,
    Allocation,
    CourtCase,
    Desk,
    Invoice,
    Payer,
    Payment,
    Property,
    User,
    Void,
)
from desk.money import Money
from desk.printing.receipt import ReceiptData, ReceiptLine
from desk.services.problems import UserError


def receipt_data(
    db: Database, payment_id: str, *, copy: bool = False, void: bool = False
) -> ReceiptData:
    """The receipt of a payment (or, with ``void``, of its reversal)."""
    with db.read() as session:
        payment = session.get(Payment, payment_id)
        if payment is None or payment.receipt_number is None or payment.desk_id is None:
            raise UserError("receipt.none")
        desk = session.get(Desk, payment.desk_id)
        payer = session.get(Payer, payment.payer_id)
        assert desk is not None and payer is not None
        reversal = session.scalar(select(Void).where(Void.payment_id == payment_id))
        if void and reversal is None:
            raise UserError("receipt.not_voided")
        user_id = reversal.user_id if void and reversal else payment.user_id
        cashier = session.scalar(select(User.full_name).where(User.id == user_id)) or ""
        approver = ""
        if void and reversal is not None and reversal.approved_by is not None:
            approver = (
                session.scalar(select(User.full_name).where(User.id == reversal.approved_by)) or ""
            )
        lines = []
        for alloc, number, kind, period, sub, case, agreement, seq in session.execute(
            select(
                Allocation,
                Invoice.number,
                Invoice.kind,
                Invoice.period,
                Property.subscriber_number,
                CourtCase.id,
                AgreementInstallment.agreement_id,
                AgreementInstallment.seq,
            )
            .outerjoin(Invoice, Invoice.id == Allocation.invoice_id)
            .outerjoin(Property, Property.id == Invoice.property_id)
            .outerjoin(CourtCase, CourtCase.id == Allocation.case_id)
            .outerjoin(AgreementInstallment, AgreementInstallment.id == Allocation.installment_id)
            .where(Allocation.payment_id == payment_id)
            .order_by(Allocation.id)
        ):
            item = number or case or f"{agreement}/{seq}"
            item_kind = kind or ("court" if case else "agreement")
            commercial, loyalty = Money(alloc.commercial_cents), Money(alloc.loyalty_cents)
            paid = Money(alloc.amount_cents)
            lines.append(
                ReceiptLine(
                    item,
                    item_kind,
                    period,
                    sub or "",
                    paid + commercial + loyalty,
                    commercial,
                    loyalty,
                    paid,
                )
            )
        discount = sum((ln.commercial + ln.loyalty for ln in lines), Money(0))
        total = sum((ln.paid for ln in lines), Money(0))
        data = ReceiptData(
            number=payment.receipt_number,
            desk_code=desk.code,
            desk_name=desk.name,
            cashier=cashier,
            issued_at=payment.paid_at,
            payer_code=payer.payer_code,
            payer_name=payer.name,
            payer_id_number=payer.id_number,
            lines=tuple(lines),
            total=total,
            discount=discount,
            credit_used=Money(payment.credit_used_cents),
            card=Money(payment.card_cents),
            cash_tendered=Money(payment.tendered_cents),
            change=Money(payment.change_cents),
            credit_left=Money(payment.credit_cents),
            copy=copy,
        )
        if not void or reversal is None:
            return data
        return _reversed(data, reversal, approver)


def _reversed(paid: ReceiptData, reversal: Void, approver: str) -> ReceiptData:
    """The void's receipt: the payment's amounts with their signs turned. The cash
    handed back is one figure (what was kept: handed over less the change)."""
    return replace(
        paid,
        number=reversal.receipt_number or 0,
        issued_at=reversal.voided_at,
        lines=tuple(
            replace(
                line,
                amount=-line.amount,
                commercial=-line.commercial,
                loyalty=-line.loyalty,
                paid=-line.paid,
            )
            for line in paid.lines
        ),
        total=-paid.total,
        discount=-paid.discount,
        credit_used=-paid.credit_used,
        card=-paid.card,
        cash_tendered=-(paid.cash_tendered - paid.change),
        change=Money(0),
        credit_left=-paid.credit_left,
        void_of=paid.number,
        void_of_issued_at=paid.issued_at,
        void_reason=reversal.reason,
        void_approver=approver,
    )
