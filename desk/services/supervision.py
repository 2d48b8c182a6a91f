"""A day's shifts and voids at every desk, as a supervisor sees them (issue 6, item 3).

A shift belongs to a day when it was open at some moment of it: opened before
the day ended, and not closed before it began (a shift still open counts on
every day since it was opened). Its expected cash is what was recorded at the
close, or, while it is open, the drawer as of now (shifts.expected_cash).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import aliased

from desk.models.db import Database
from desk.models.tables import Desk, Payer, Payment, Shift, User, Void
from desk.money import Money
from desk.services.context import DeskContext, require_supervisor
from desk.services.shifts import expected_cash


@dataclass(frozen=True, slots=True)
class ShiftLine:
    id: str
    desk_code: str
    cashier: str
    opened_at: datetime
    closed_at: datetime | None  # None: still open
    opening_float: Money
    expected: Money  # recorded at the close; for an open shift, as of now
    counted: Money | None  # None until the shift is closed

    @property
    def variance(self) -> Money | None:
        """counted - expected: negative is a shortage, positive a surplus."""
        return None if self.counted is None else self.counted - self.expected


@dataclass(frozen=True, slots=True)
class VoidLine:
    """A void, filed under the payment's desk. Data pulled from older versions may
    hold a void made at another desk, or one that names no desk at all."""

    voided_at: datetime
    desk_code: str  # the payment's desk, which the void belongs to
    void_desk_code: str  # the desk that voided it: "" when the void names none
    receipt_number: int | None  # the void (СТОРНО) receipt, numbered at void_desk_code
    original_receipt: int | None  # the payment's receipt, numbered at desk_code
    amount: Money
    payer_code: str
    reason: str
    cashier: str
    approver: str


def _day(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time())
    return start, start + timedelta(days=1)


def day_shifts(db: Database, ctx: DeskContext, day: date) -> tuple[ShiftLine, ...]:
    """Every shift open at some moment of ``day``, at any desk, by desk and opening time."""
    require_supervisor(ctx, "what.shifts")
    start, end = _day(day)
    with db.read() as session:
        rows = session.execute(
            select(Shift, Desk.code, User.full_name)
            .join(Desk, Desk.id == Shift.desk_id)
            .join(User, User.id == Shift.user_id)
            .where(Shift.opened_at < end, or_(Shift.closed_at.is_(None), Shift.closed_at >= start))
            .order_by(Desk.code, Shift.opened_at)
        ).all()
        return tuple(
            ShiftLine(
                id=shift.id,
                desk_code=code,
                cashier=cashier,
                opened_at=shift.opened_at,
                closed_at=shift.closed_at,
                opening_float=Money(shift.opening_float_cents),
                expected=expected_cash(session, shift)
                if shift.expected_cents is None
                else Money(shift.expected_cents),
                counted=None if shift.counted_cents is None else Money(shift.counted_cents),
            )
            for shift, code, cashier in rows
        )


def day_voids(db: Database, ctx: DeskContext, day: date) -> tuple[VoidLine, ...]:
    """Every void made on ``day`` at any desk, in time order, under the payment's desk."""
    require_supervisor(ctx, "what.void")
    start, end = _day(day)
    cashier, approver = aliased(User), aliased(User)
    voiding = aliased(Desk)
    with db.read() as session:
        rows = session.execute(
            select(
                Void.voided_at,
                Desk.code,
                voiding.code,
                Void.receipt_number,
                Payment.receipt_number,
                Payment.total_cents,
                Payer.payer_code,
                Void.reason,
                cashier.full_name,
                approver.full_name,
            )
            .join(Payment, Payment.id == Void.payment_id)
            .join(Payer, Payer.id == Payment.payer_id)
            .outerjoin(Desk, Desk.id == Payment.desk_id)
            .outerjoin(voiding, voiding.id == Void.desk_id)
            .outerjoin(cashier, cashier.id == Void.user_id)
            .outerjoin(approver, approver.id == Void.approved_by)
            .where(Void.voided_at >= start, Void.voided_at < end)
            .order_by(Void.voided_at, Desk.code, Void.receipt_number)
        ).all()
    return tuple(
        VoidLine(
            voided_at=at,
            desk_code=code or "",
            void_desk_code=void_code or "",
            receipt_number=number,
            original_receipt=original,
            amount=Money(total),
            payer_code=payer,
            reason=reason,
            cashier=who or "",
            approver=approved or "",
        )
        for at, code, void_code, number, original, total, payer, reason, who, approved in rows
    )
