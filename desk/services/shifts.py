"""A cashier's shift: opened with a counted float, closed with a cash count.

DOMAIN.md "Shifts and reports": expected cash = float + cash taken - change
given - cash voids; the variance (counted - expected) is recorded and shown.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from desk.models.db import Database
from desk.models.tables import Payment, Shift, Void
from desk.money import Money
from desk.services.context import DeskContext, audit_as
from desk.services.problems import UserError

# Euro notes 500-5 and coins 2 EUR to 1 cent, in cents.
DENOMINATIONS = (50000, 20000, 10000, 5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5, 2, 1)


@dataclass(frozen=True, slots=True)
class ShiftInfo:
    id: str
    opened_at: datetime
    opening_float: Money
    closed_at: datetime | None = None
    expected: Money | None = None
    counted: Money | None = None

    @property
    def variance(self) -> Money | None:
        if self.expected is None or self.counted is None:
            return None
        return self.counted - self.expected


def count_total(counts: dict[int, int]) -> Money:
    """The value of a count by denomination; refuses unknown notes and negative counts."""
    total = 0
    for cents, pieces in counts.items():
        if cents not in DENOMINATIONS:
            raise UserError(f"няма такава купюра или монета: {Money(cents).plain()} €")
        if pieces < 0:
            raise UserError(f"{Money(cents).plain()} €: броят не може да е отрицателен")
        total += cents * pieces
    return Money(total)


def _info(shift: Shift) -> ShiftInfo:
    return ShiftInfo(
        shift.id,
        shift.opened_at,
        Money(shift.opening_float_cents),
        shift.closed_at,
        None if shift.expected_cents is None else Money(shift.expected_cents),
        None if shift.counted_cents is None else Money(shift.counted_cents),
    )


def _open_shift(session: Session, ctx: DeskContext) -> Shift | None:
    return session.scalar(
        select(Shift).where(
            Shift.desk_id == ctx.desk_id, Shift.user_id == ctx.user_id, Shift.closed_at.is_(None)
        )
    )


def current_shift(db: Database, ctx: DeskContext) -> ShiftInfo | None:
    with db.read() as session:
        shift = _open_shift(session, ctx)
        return None if shift is None else _info(shift)


def open_shift(db: Database, ctx: DeskContext, opening_float: Money, now: datetime) -> ShiftInfo:
    if opening_float.cents < 0:
        raise UserError("начална наличност: не може да е отрицателна")
    with db.write() as session:
        if _open_shift(session, ctx) is not None:
            raise UserError("смяната вече е открита")
        shift = Shift(
            desk_id=ctx.desk_id,
            user_id=ctx.user_id,
            opened_at=now,
            opening_float_cents=opening_float.cents,
        )
        session.add(shift)
        session.flush()
        audit_as(session, ctx, "shift_open", now, shift=shift.id, float=opening_float.plain())
        return _info(shift)


def expected_cash(session: Session, shift: Shift) -> Money:
    taken = session.execute(
        select(
            func.coalesce(func.sum(Payment.tendered_cents), 0),
            func.coalesce(func.sum(Payment.change_cents), 0),
        ).where(Payment.shift_id == shift.id)
    ).one()
    voided = (
        session.scalar(
            select(func.coalesce(func.sum(Payment.cash_cents), 0))
            .join(Void, Void.payment_id == Payment.id)
            .where(Void.shift_id == shift.id)
        )
        or 0
    )
    return Money(shift.opening_float_cents + taken[0] - taken[1] - voided)


def close_shift(db: Database, ctx: DeskContext, counts: dict[int, int], now: datetime) -> ShiftInfo:
    counted = count_total(counts)
    with db.write() as session:
        shift = _open_shift(session, ctx)
        if shift is None:
            raise UserError("няма открита смяна")
        expected = expected_cash(session, shift)
        session.execute(
            update(Shift)
            .where(Shift.id == shift.id)
            .values(
                closed_at=now,
                expected_cents=expected.cents,
                counted_cents=counted.cents,
                count_json=json.dumps({str(k): v for k, v in sorted(counts.items()) if v}),
            )
        )
        audit_as(
            session,
            ctx,
            "shift_close",
            now,
            shift=shift.id,
            expected=expected.plain(),
            counted=counted.plain(),
            variance=(counted - expected).plain(),
        )
        return ShiftInfo(
            shift.id, shift.opened_at, Money(shift.opening_float_cents), now, expected, counted
        )
