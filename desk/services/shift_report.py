"""The shift report's data: what a shift took, granted, voided and counted.

DOMAIN.md "Shifts and reports". Totals are net of voids (a void always
belongs to the shift of the payment it reverses, see payments.void_payment);
an open shift gives an interim X-report with the expected cash as of now.
"""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, aliased

from desk.models.db import Database
from desk.models.tables import Allocation, Desk, Payment, Receipt, Shift, User, Void
from desk.money import Money
from desk.printing.shift_report import CountLine, ShiftReportData, ShiftVoidLine
from desk.services.context import DeskContext
from desk.services.problems import UserError
from desk.services.shifts import _open_shift, expected_cash


def shift_expected(db: Database, ctx: DeskContext, shift_id: str | None = None) -> Money | None:
    """The cash that should be in the drawer now, or None when no shift is open: the
    user's own, or ``shift_id`` (a shift left open that a supervisor is closing)."""
    with db.read() as session:
        shift = _open_shift(session, ctx) if shift_id is None else session.get(Shift, shift_id)
        if shift is None or shift.closed_at is not None:
            return None
        return expected_cash(session, shift)


def _receipts(session: Session, shift: Shift) -> tuple[int, int | None, int | None]:
    """How many receipts (payments and voids) the shift issued, the first and last number."""
    count, first, last = session.execute(
        select(func.count(Receipt.id), func.min(Receipt.number), func.max(Receipt.number))
        .outerjoin(Payment, Payment.id == Receipt.payment_id)
        .outerjoin(Void, Void.id == Receipt.void_id)
        .where(
            Receipt.desk_id == shift.desk_id,
            or_(Payment.shift_id == shift.id, Void.shift_id == shift.id),
        )
    ).one()
    return int(count), first, last


def _voids(session: Session, shift: Shift) -> list[ShiftVoidLine]:
    approver = aliased(User)
    rows = session.execute(
        select(Void, Payment, approver.full_name)
        .join(Payment, Payment.id == Void.payment_id)
        .outerjoin(approver, approver.id == Void.approved_by)
        .where(Void.shift_id == shift.id)
        .order_by(Void.voided_at, Void.receipt_number)
    ).all()
    return [
        ShiftVoidLine(
            receipt_number=void.receipt_number,
            original_receipt=payment.receipt_number,
            voided_at=void.voided_at,
            amount=Money(payment.total_cents),
            cash=Money(payment.cash_cents),
            reason=void.reason,
            approver=name or "",
        )
        for void, payment, name in rows
    ]


def _count(count_json: str | None) -> tuple[CountLine, ...]:
    counts: dict[str, int] = json.loads(count_json) if count_json else {}
    lines = (CountLine(Money(int(cents)), pieces) for cents, pieces in counts.items())
    return tuple(sorted(lines, key=lambda line: -line.denomination.cents))


def shift_report_data(
    db: Database, shift_id: str, as_of: datetime | None = None
) -> ShiftReportData:
    """The Z-report of a closed shift, or the X-report of one still open (made at ``as_of``)."""
    with db.read() as session:
        shift = session.get(Shift, shift_id)
        if shift is None:
            raise UserError("shift_report.no_such_shift")
        desk = session.get(Desk, shift.desk_id)
        cashier = session.scalar(select(User.full_name).where(User.id == shift.user_id))
        assert desk is not None
        voided = select(Void.payment_id)
        kept = (Payment.shift_id == shift.id) & Payment.id.not_in(voided)
        cash, card, credit_used = session.execute(
            select(
                func.coalesce(func.sum(Payment.tendered_cents - Payment.change_cents), 0),
                func.coalesce(func.sum(Payment.card_cents), 0),
                func.coalesce(func.sum(Payment.credit_used_cents), 0),
            ).where(kept)
        ).one()
        commercial, loyalty = session.execute(
            select(
                func.coalesce(func.sum(Allocation.commercial_cents), 0),
                func.coalesce(func.sum(Allocation.loyalty_cents), 0),
            )
            .join(Payment, Payment.id == Allocation.payment_id)
            .where(kept)
        ).one()
        receipts, first, last = _receipts(session, shift)
        voids = _voids(session, shift)
        return ShiftReportData(
            desk_code=desk.code,
            desk_name=desk.name,
            cashier=cashier or "",
            opened_at=shift.opened_at,
            closed_at=shift.closed_at,
            opening_float=Money(shift.opening_float_cents),
            receipts=receipts,
            first_receipt=first,
            last_receipt=last,
            cash=Money(cash),
            card=Money(card),
            credit_used=Money(credit_used),
            voided=sum((v.amount for v in voids), Money(0)),
            commercial=Money(commercial),
            loyalty=Money(loyalty),
            voids=tuple(voids),
            # A closed shift reports what was recorded at the close, not a recount.
            expected=expected_cash(session, shift)
            if shift.expected_cents is None
            else Money(shift.expected_cents),
            counted=None if shift.counted_cents is None else Money(shift.counted_cents),
            count=_count(shift.count_json),
            as_of=None if shift.closed_at is not None else as_of,
        )
