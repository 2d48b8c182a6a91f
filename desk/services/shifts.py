"""A cashier's shift: opened with a counted float, closed with a cash count.

DOMAIN.md "Shifts and reports": expected cash = float + cash taken - change
given - cash voids; the variance (counted - expected) is recorded and shown.

A desk has one drawer and so one open shift at a time: the database refuses a
second (migration 0007), this module says who holds the open one and since
when, and a supervisor may count and close a shift left open, with a recorded
reason (the shift stays the cashier's, who took its money). Amounts out of the
ordinary (a float above a setting, a close with nothing counted or a variance
above a setting) are taken only when the caller says the person confirmed them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desk.models.db import Database
from desk.models.tables import Desk, Payment, Setting, Shift, User, Void
from desk.money import Money
from desk.services.context import (
    PAYING_ROLES,
    SUPERVISING_ROLES,
    DeskContext,
    audit_as,
    require_role,
)
from desk.services.problems import UserError

# Euro notes 500-5 and coins 2 EUR to 1 cent, in cents.
DENOMINATIONS = (50000, 20000, 10000, 5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5, 2, 1)

# Settings (the "setting" table), in cents, with their defaults (issue 13).
FLOAT_CONFIRM_KEY = "shift_float_confirm_above_cents"
FLOAT_CONFIRM_DEFAULT = 100_000  # 1,000 EUR
VARIANCE_CONFIRM_KEY = "shift_variance_confirm_above_cents"
VARIANCE_CONFIRM_DEFAULT = 1_000  # 10 EUR
TAKEOVER_REASON_MIN = 3


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


@dataclass(frozen=True, slots=True)
class HeldShift:
    """The open shift at this desk that belongs to someone else."""

    id: str
    desk_code: str
    username: str
    full_name: str
    opened_at: datetime


@dataclass(frozen=True, slots=True)
class ShiftLimits:
    """Above these the person at the desk confirms the amount first."""

    float_confirm_above: Money
    variance_confirm_above: Money


class NeedsConfirmation(UserError):
    """Allowed, but only once the person confirmed the amount the message names."""


def count_total(counts: dict[int, int]) -> Money:
    """The value of a count by denomination; refuses unknown notes and negative counts."""
    total = 0
    for cents, pieces in counts.items():
        if cents not in DENOMINATIONS:
            raise UserError("shift.unknown_denomination", value=Money(cents))
        if pieces < 0:
            raise UserError("shift.negative_count", value=Money(cents))
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


def _cents_setting(session: Session, key: str, default: int) -> int:
    value = session.scalar(select(Setting.value).where(Setting.key == key))
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _limits(session: Session) -> ShiftLimits:
    return ShiftLimits(
        Money(_cents_setting(session, FLOAT_CONFIRM_KEY, FLOAT_CONFIRM_DEFAULT)),
        Money(_cents_setting(session, VARIANCE_CONFIRM_KEY, VARIANCE_CONFIRM_DEFAULT)),
    )


def shift_limits(db: Database) -> ShiftLimits:
    with db.read() as session:
        return _limits(session)


def _open_shift(session: Session, ctx: DeskContext) -> Shift | None:
    return session.scalar(
        select(Shift).where(
            Shift.desk_id == ctx.desk_id, Shift.user_id == ctx.user_id, Shift.closed_at.is_(None)
        )
    )


def _held(session: Session, ctx: DeskContext) -> HeldShift | None:
    """Someone else's open shift at this desk, the oldest if a file from before 0007 has two."""
    row = session.execute(
        select(Shift.id, Desk.code, User.username, User.full_name, Shift.opened_at)
        .join(Desk, Desk.id == Shift.desk_id)
        .join(User, User.id == Shift.user_id)
        .where(
            Shift.desk_id == ctx.desk_id,
            Shift.user_id != ctx.user_id,
            Shift.closed_at.is_(None),
        )
        .order_by(Shift.opened_at)
        .limit(1)
    ).first()
    return None if row is None else HeldShift(*row)


def _held_error(held: HeldShift) -> UserError:
    return UserError("shift.held", desk=held.desk_code, user=held.full_name, since=held.opened_at)


def current_shift(db: Database, ctx: DeskContext) -> ShiftInfo | None:
    with db.read() as session:
        shift = _open_shift(session, ctx)
        return None if shift is None else _info(shift)


def held_shift(db: Database, ctx: DeskContext) -> HeldShift | None:
    """The open shift at this desk that is not the user's own, if any."""
    with db.read() as session:
        return _held(session, ctx)


def open_shift(
    db: Database,
    ctx: DeskContext,
    opening_float: Money,
    now: datetime,
    *,
    confirmed: bool = False,
) -> ShiftInfo:
    if opening_float.cents < 0:
        raise UserError("shift.float_negative")
    try:
        with db.write() as session:
            require_role(session, ctx, PAYING_ROLES, "what.shift")
            own = _open_shift(session, ctx)
            if own is not None:
                raise UserError("shift.already_open_yours", since=own.opened_at)
            held = _held(session, ctx)
            if held is not None:
                raise _held_error(held)
            limit = _limits(session).float_confirm_above
            if opening_float > limit and not confirmed:
                raise NeedsConfirmation("shift.float_confirm", amount=opening_float, limit=limit)
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
    except IntegrityError as clash:
        # Another process opened one between our check and our insert: the trigger held.
        with db.read() as session:
            held = _held(session, ctx)
        if held is None:
            raise
        raise _held_error(held) from clash


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


def close_needs_confirmation(
    counts: dict[int, int], expected: Money, limits: ShiftLimits
) -> UserError | None:
    """Why a close with this count needs the person's explicit yes, or None.

    Nothing counted (every box empty) records the whole expected cash as a shortage;
    a variance beyond the setting is more than a miscount of a coin or two."""
    counted = count_total(counts)
    variance = counted - expected
    if not any(counts.values()):
        return NeedsConfirmation("shift.close_empty_count", expected=expected, variance=variance)
    if abs(variance.cents) > limits.variance_confirm_above.cents:
        code = "shift.close_shortage" if variance.cents < 0 else "shift.close_surplus"
        return NeedsConfirmation(code, amount=Money(abs(variance.cents)), counted=counted)
    return None


def close_shift(
    db: Database,
    ctx: DeskContext,
    counts: dict[int, int],
    now: datetime,
    *,
    confirmed: bool = False,
    held_shift_id: str | None = None,
    reason: str = "",
) -> ShiftInfo:
    """Close the user's own open shift with the count, or, for a supervisor, someone
    else's shift left open at this desk (``held_shift_id``, with a reason).

    A supervisor closing another's shift does not make it theirs: the shift stays the
    cashier's who opened it and took its money, so its Z-report, the shifts tab and the
    daily report name that cashier and their variance; the audit entry names the
    supervisor who counted and closed it, and why."""
    counted = count_total(counts)
    with db.write() as session:
        holder: str | None = None
        if held_shift_id is None:
            require_role(session, ctx, PAYING_ROLES, "what.shift")
            shift = _open_shift(session, ctx)
            if shift is None:
                raise UserError("shift.none_open")
        else:
            require_role(session, ctx, SUPERVISING_ROLES, "what.shift")
            reason = reason.strip()
            if len(reason) < TAKEOVER_REASON_MIN:
                raise UserError("shift.takeover_reason")
            found = session.get(Shift, held_shift_id)
            if found is None or found.closed_at is not None or found.desk_id != ctx.desk_id:
                raise UserError("shift.takeover_nothing", desk=ctx.desk_code)
            if found.user_id == ctx.user_id:
                raise UserError("shift.takeover_own")
            shift = found
            holder = session.scalar(select(User.username).where(User.id == shift.user_id))
        expected = expected_cash(session, shift)
        if not confirmed:
            needs = close_needs_confirmation(counts, expected, _limits(session))
            if needs is not None:
                raise needs
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
            **({} if holder is None else {"from_user": holder, "reason": reason}),
        )
        return ShiftInfo(
            shift.id, shift.opened_at, Money(shift.opening_float_cents), now, expected, counted
        )
