"""The daily report's data: per desk and cashier, over one day or a range of days.

DOMAIN.md "Shifts and reports". A payment counts on the local (Europe/Sofia)
date of its time stamp, and ``paid_at`` is stored in local time, so a day is
the half-open range [00:00, next day 00:00). Totals are net of voids, as on the
Z-report (desk.services.shift_report): a voided payment is counted apart, with
the money it had received. Everything is summed by the database (GROUP BY);
Python only puts the few grouped rows together.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, extract, func, select
from sqlalchemy.orm import Session

from desk.models.db import Database
from desk.models.tables import Allocation, Desk, Payment, Receipt, Setting, Shift, User, Void
from desk.money import Money
from desk.printing.daily_report import (
    CashierDay,
    DailyReportData,
    DeskDay,
    HourLine,
    Receipts,
    ShiftLine,
    Totals,
    VoidLine,
    render_daily_report,
)
from desk.services.context import DeskContext, require_supervisor
from desk.services.desk_identity import PULLED_AT, sync_moment
from desk.services.problems import UserError
from desk.services.retention import require_held
from desk.services.shifts import expected_cash

Key = tuple[int | None, int | None]  # (desk id, user id)
NO_DESK = ("—", "")  # a row that names no desk (or one this database does not know)


def report_desks(db: Database, ctx: DeskContext) -> tuple[tuple[str, str], ...]:
    """(code, name) of every desk, for the choice of one."""
    require_supervisor(ctx, "what.reports")
    with db.read() as session:
        rows = session.execute(select(Desk.code, Desk.name).order_by(Desk.code)).all()
        return tuple((code, name) for code, name in rows)


def _bounds(day_from: date, day_to: date) -> tuple[datetime, datetime]:
    return datetime.combine(day_from, time()), datetime.combine(day_to + timedelta(days=1), time())


class _Query:
    """The filters of one report: the time range and the desks."""

    def __init__(self, session: Session, start: datetime, end: datetime, desk_id: int | None):
        self.session, self.start, self.end, self.desk_id = session, start, end, desk_id
        self.voided = select(Void.payment_id)

    def paid(self) -> ColumnElement[bool]:
        where = (
            (Payment.paid_at >= self.start)
            & (Payment.paid_at < self.end)
            & Payment.desk_id.is_not(None)
        )
        return where if self.desk_id is None else where & (Payment.desk_id == self.desk_id)

    def kept(self) -> ColumnElement[bool]:
        return self.paid() & Payment.id.not_in(self.voided)

    def totals(self) -> dict[Key, Totals]:
        money = self.session.execute(
            select(
                Payment.desk_id,
                Payment.user_id,
                func.count(Payment.id),
                func.sum(Payment.tendered_cents - Payment.change_cents),
                func.sum(Payment.card_cents),
                func.sum(Payment.credit_used_cents),
            )
            .where(self.kept())
            .group_by(Payment.desk_id, Payment.user_id)
        ).all()
        discounts = {
            (d, u): (int(c), int(lo))
            for d, u, c, lo in self.session.execute(
                select(
                    Payment.desk_id,
                    Payment.user_id,
                    func.sum(Allocation.commercial_cents),
                    func.sum(Allocation.loyalty_cents),
                )
                .join(Allocation, Allocation.payment_id == Payment.id)
                .where(self.kept())
                .group_by(Payment.desk_id, Payment.user_id)
            ).all()
        }
        voided = {
            (d, u): (int(n), int(cents))
            for d, u, n, cents in self.session.execute(
                select(
                    Payment.desk_id,
                    Payment.user_id,
                    func.count(Payment.id),
                    func.sum(Payment.total_cents),
                )
                .where(self.paid() & Payment.id.in_(self.voided))
                .group_by(Payment.desk_id, Payment.user_id)
            ).all()
        }
        out: dict[Key, Totals] = {}
        for desk_id, user_id, count, cash, card, credit in money:
            commercial, loyalty = discounts.get((desk_id, user_id), (0, 0))
            out[(desk_id, user_id)] = Totals(
                int(count),
                Money(int(cash)),
                Money(int(card)),
                Money(int(credit)),
                Money(commercial),
                Money(loyalty),
            )
        for key, (n, cents) in voided.items():
            out[key] = out.get(key, Totals()) + Totals(voids=n, voided=Money(cents))
        return out

    def receipts(self) -> dict[Key, Receipts]:
        """Receipts issued in the range, by desk and by whoever issued them."""
        user = func.coalesce(Payment.user_id, Void.user_id)
        where = (Receipt.issued_at >= self.start) & (Receipt.issued_at < self.end)
        if self.desk_id is not None:
            where = where & (Receipt.desk_id == self.desk_id)
        rows = self.session.execute(
            select(
                Receipt.desk_id,
                user,
                func.count(Receipt.id),
                func.min(Receipt.number),
                func.max(Receipt.number),
            )
            .outerjoin(Payment, Payment.id == Receipt.payment_id)
            .outerjoin(Void, Void.id == Receipt.void_id)
            .where(where)
            .group_by(Receipt.desk_id, user)
        ).all()
        return {(d, u): Receipts(int(n), first, last) for d, u, n, first, last in rows}

    def hours(self) -> tuple[HourLine, ...]:
        hour = extract("hour", Payment.paid_at)
        rows = self.session.execute(
            select(hour, func.count(Payment.id), func.sum(Payment.total_cents))
            .where(self.kept())
            .group_by(hour)
        ).all()
        by_hour = {int(h): (int(n), int(cents)) for h, n, cents in rows}
        return tuple(
            HourLine(h, by_hour.get(h, (0, 0))[0], Money(by_hour.get(h, (0, 0))[1]))
            for h in range(24)
        )

    def voids(
        self, names: dict[int | None, str], codes: dict[int | None, str]
    ) -> dict[int | None, list[VoidLine]]:
        """Voids made in the range, filed under the PAYMENT's desk: data pulled from
        older versions may hold a void made at another desk, or naming none."""
        where = (Void.voided_at >= self.start) & (Void.voided_at < self.end)
        if self.desk_id is not None:
            where = where & (Payment.desk_id == self.desk_id)
        rows = self.session.execute(
            select(
                Payment.desk_id,
                Void.desk_id,
                Void.voided_at,
                Void.receipt_number,
                Payment.receipt_number,
                Payment.total_cents,
                Void.reason,
                Void.user_id,
                Void.approved_by,
            )
            .join(Payment, Payment.id == Void.payment_id)
            .where(where)
            .order_by(Void.voided_at, Void.receipt_number)
        ).all()
        out: dict[int | None, list[VoidLine]] = defaultdict(list)
        for desk_id, void_desk, at, number, original, cents, reason, user_id, approver in rows:
            out[desk_id].append(
                VoidLine(
                    at,
                    number,
                    original,
                    Money(cents),
                    reason,
                    names.get(user_id, ""),
                    names.get(approver, ""),
                    desk_code=codes.get(desk_id, NO_DESK[0]),
                    void_desk_code=codes.get(void_desk, NO_DESK[0]),
                )
            )
        return out

    def shifts(
        self, names: dict[int | None, str], now: datetime
    ) -> dict[int | None, list[ShiftLine]]:
        """Shifts open at any moment of the range; an open one's expected cash is as of now."""
        where = (Shift.opened_at < self.end) & (
            Shift.closed_at.is_(None) | (Shift.closed_at >= self.start)
        )
        if self.desk_id is not None:
            where = where & (Shift.desk_id == self.desk_id)
        out: dict[int | None, list[ShiftLine]] = defaultdict(list)
        for shift in self.session.scalars(select(Shift).where(where).order_by(Shift.opened_at)):
            expected = (
                expected_cash(self.session, shift)
                if shift.expected_cents is None
                else Money(shift.expected_cents)
            )
            out[shift.desk_id].append(
                ShiftLine(
                    names.get(shift.user_id, ""),
                    shift.opened_at,
                    shift.closed_at,
                    Money(shift.opening_float_cents),
                    expected,
                    None if shift.counted_cents is None else Money(shift.counted_cents),
                )
            )
        return out


def _sum(items: Any) -> Totals:
    return sum(items, Totals())


def collect_daily_report(
    db: Database,
    day_from: date,
    day_to: date | None,
    desk_code: str | None,
    *,
    printed_by: str,
    now: datetime,
) -> DailyReportData:
    """The report without a role check: for the command line, run by the machine's user."""
    day_to = day_from if day_to is None else day_to
    if day_to < day_from:
        raise UserError("report.dates_reversed")
    start, end = _bounds(day_from, day_to)
    with db.read() as session:
        require_held(session, day_from, look_back=False)
        desks = {
            d.id: (d.code, d.name) for d in session.execute(select(Desk.id, Desk.code, Desk.name))
        }
        desk_id = None
        if desk_code is not None:
            desk_id = next((i for i, (code, _) in desks.items() if code == desk_code), None)
            if desk_id is None:
                raise UserError("report.no_such_desk", desk=desk_code)
        users = {
            u.id: (u.username, u.full_name)
            for u in session.execute(select(User.id, User.username, User.full_name))
        }
        names: dict[int | None, str] = {i: full for i, (_, full) in users.items()}
        query = _Query(session, start, end, desk_id)
        totals, receipts = query.totals(), query.receipts()
        codes: dict[int | None, str] = {i: code for i, (code, _) in desks.items()}
        voids, shifts = query.voids(names, codes), query.shifts(names, now)
        hours = query.hours()
        synced = session.scalar(select(Setting.value).where(Setting.key == PULLED_AT))
    desk_days = []
    shown = {d for d, _ in totals} | {d for d, _ in receipts} | set(voids) | set(shifts)
    for d in sorted(shown, key=lambda i: desks.get(i, NO_DESK)[0]):
        keys = sorted(
            {k for k in (*totals, *receipts) if k[0] == d},
            key=lambda k: users.get(k[1] or 0, ("", ""))[0],
        )
        cashiers = tuple(
            CashierDay(
                users.get(u or 0, ("", ""))[0],
                users.get(u or 0, ("", "—"))[1],
                receipts.get((d, u), Receipts()),
                totals.get((d, u), Totals()),
            )
            for _, u in keys
        )
        desk_receipts = [receipts[k] for k in keys if k in receipts]
        firsts = [r.first for r in desk_receipts if r.first is not None]
        lasts = [r.last for r in desk_receipts if r.last is not None]
        code, name = desks.get(d, NO_DESK)
        desk_days.append(
            DeskDay(
                code,
                name,
                Receipts(
                    sum(r.count for r in desk_receipts),
                    min(firsts, default=None),
                    max(lasts, default=None),
                ),
                _sum(c.totals for c in cashiers),
                cashiers,
                tuple(voids.get(d, ())),
                tuple(shifts.get(d, ())),
            )
        )
    return DailyReportData(
        day_from,
        day_to,
        desk_code,
        printed_by,
        now,
        tuple(desk_days),
        _sum(desk.totals for desk in desk_days),
        hours,
        synced_at=_sofia_wall_clock(sync_moment(synced)),
    )


def daily_report_data(
    db: Database,
    ctx: DeskContext,
    day_from: date,
    day_to: date | None = None,
    desk_code: str | None = None,
    *,
    now: datetime,
) -> DailyReportData:
    """The report for a supervisor or an admin; anybody else is refused."""
    require_supervisor(ctx, "what.reports")
    return collect_daily_report(db, day_from, day_to, desk_code, printed_by=ctx.full_name, now=now)


def daily_report_pdf(
    db: Database,
    who: DeskContext | str,
    day_from: date,
    day_to: date | None = None,
    desk_code: str | None = None,
    *,
    now: datetime,
) -> bytes:
    """The A4 PDF. ``who`` is the logged-in user (the role is checked) or, from the
    command line, the name of whoever runs it (the machine's user)."""
    if isinstance(who, DeskContext):
        data = daily_report_data(db, who, day_from, day_to, desk_code, now=now)
    else:
        data = collect_daily_report(db, day_from, day_to, desk_code, printed_by=who, now=now)
    return render_daily_report(data)


def _sofia_wall_clock(moment: datetime | None) -> datetime | None:
    """Sofia time, naive, as the report shows every other time (the sync stores UTC)."""
    return None if moment is None else moment.replace(tzinfo=None)
