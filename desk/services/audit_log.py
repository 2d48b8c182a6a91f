"""The audit log, read by a supervisor (issue 6, item 5): filtered, newest first, in pages.

The log is append-only (a trigger refuses updates and deletes) and grows with
every login and write, so a page is one indexed query (``at`` is indexed) and
the total is a COUNT over the same filter. The next page is the entries older
than the last one shown, (at, id) < (last at, last id), not an OFFSET: entries
logged while the supervisor scrolls come in at the top and would push an
OFFSET's window down, repeating rows.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from desk.messages import CATALOGUE, Message
from desk.models.db import Database
from desk.models.tables import AuditEntry, Desk, Payment, Shift, User
from desk.money import Money, MoneyError
from desk.services.context import DeskContext, require_supervisor
from desk.services.problems import UserError

PAGE = 200


@dataclass(frozen=True, slots=True)
class AuditRow:
    id: int
    at: datetime
    user: str  # "Full Name (username)", or "" for the system
    desk: str  # the desk's code, or ""
    action: str
    facts: tuple[Message, ...]  # the details as codes and values, worded when shown

    def details(self, lang: str | None = None) -> str:
        """The details as one line in ``lang`` (default: the current language)."""
        return "; ".join(fact.text(lang) for fact in self.facts)


@dataclass(frozen=True, slots=True)
class AuditChoices:
    """What the filters offer: users and desks as (id, text), and the actions logged."""

    users: tuple[tuple[int, str], ...]
    desks: tuple[tuple[int, str], ...]
    actions: tuple[str, ...]


# Details whose values are amounts ("12.34" as logged) and days ("2026-05-01").
MONEY_DETAILS = frozenset(
    {"total", "float", "expected", "counted", "variance", "down_payment", "yearly_estimate"}
    | {"installment"}
)
DAY_DETAILS = frozenset({"start", "previous_end", "history_from"})
TIME_DETAILS = frozenset({"opened_at"})  # naive Sofia wall clock, as stored
# Details named with a word of their own: catalogue codes by value.
WORDED_DETAILS = {"kind": "audit.kind", "source": "audit.source"}


def _logged(key: str, value: Any) -> Any:
    """A logged value as messages.word formats it: amounts, days, lists, words."""
    if key in MONEY_DETAILS and isinstance(value, str):
        try:
            return Money.parse(value)
        except MoneyError:
            return value
    if key in DAY_DETAILS and isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    if key in TIME_DETAILS and isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return value
    if key in WORDED_DETAILS and f"{WORDED_DETAILS[key]}.{value}" in CATALOGUE:
        return Message(f"{WORDED_DETAILS[key]}.{value}")
    if key == "fields" and isinstance(value, list):
        return tuple(Message(f"field.{f}") if f"field.{f}" in CATALOGUE else str(f) for f in value)
    if isinstance(value, list):
        return tuple(str(v) for v in value)  # numbers as logged (receipts, invoices), not 1 234
    return value


def receipt_text(desk_code: str, number: Any) -> str:
    """A receipt's number as printed on it: "K1-0000123" (desk/printing/receipt.py)."""
    if isinstance(number, int) and desk_code:
        return f"{desk_code}-{number:07d}"
    return str(number)


def audit_facts(
    action: str,
    details: str | None,
    receipts: Mapping[str, str] | None = None,
    shifts: Mapping[str, datetime] | None = None,
    desk_code: str = "",
) -> tuple[Message, ...]:
    """The JSON details of an entry as facts to word: receipts by their number (a void
    names the receipt it reverses), shifts by when they opened, amounts and days as
    the language writes them; ids that mean nothing to a person are left out."""
    if not details:
        return ()
    try:
        values: Any = json.loads(details)
    except ValueError:
        return (Message("generic.text", text=details),)
    if not isinstance(values, dict):
        return (Message("generic.text", text=str(values)),)
    receipts, shifts = receipts or {}, shifts or {}
    facts: list[Message] = []
    rest = dict(values)
    if action == "void" and "receipt" in rest:
        number = receipt_text(desk_code, rest.pop("receipt"))
        facts.append(Message("audit.void_receipt", receipt=number))
    payment = rest.pop("payment", None)
    if payment is not None and payment in receipts:
        code = "audit.reverses" if action == "void" else "audit.receipt"
        if action == "void" or "receipt" not in rest:
            facts.append(Message(code, receipt=receipts[payment]))
    elif payment is not None and "receipt" not in rest:
        facts.append(Message("audit.payment", payment=payment))
    shift = rest.pop("shift", None)
    if shift is not None and shift in shifts:
        facts.append(Message("audit.shift", opened=shifts[shift]))
    if "old" in rest and "new" in rest:
        old, new = rest.pop("old"), rest.pop("new")
        facts.append(Message("audit.role_change", old_role=old, new_role=new))
    if "first" in rest and "last" in rest:
        first, last = rest.pop("first"), rest.pop("last")
        rest["cards_range"] = (first, last)
    for key, value in rest.items():
        if value is None or value is False or value == "":
            continue
        if key == "receipt":
            facts.append(Message("audit.receipt", receipt=receipt_text(desk_code, value)))
        elif key == "cards_range":
            facts.append(Message("audit.cards_range", first=value[0], last=value[1]))
        elif key == "fields" and not value:
            facts.append(Message("audit.no_fields"))
        elif value is True:
            facts.append(
                Message(f"audit.{key}")
                if f"audit.{key}" in CATALOGUE
                else Message("audit.other", key=key, value="✓")
            )
        elif f"audit.{key}" in CATALOGUE:
            facts.append(Message(f"audit.{key}", **{key: _logged(key, value)}))
        else:
            facts.append(Message("audit.other", key=key, value=_logged(key, value)))
    return tuple(facts)


def details_text(details: str | None, action: str = "", lang: str | None = None) -> str:
    """The JSON details as one line a person reads, in ``lang``."""
    return "; ".join(fact.text(lang) for fact in audit_facts(action, details))


def _references(session: Session, entries: list[Any]) -> tuple[dict[str, str], dict[str, datetime]]:
    """The receipt numbers of the payments and the opening times of the shifts the
    entries name: one query each for the page."""
    payments: set[str] = set()
    shift_ids: set[str] = set()
    for entry in entries:
        try:
            values = json.loads(entry.details) if entry.details else None
        except ValueError:
            continue
        if isinstance(values, dict):
            if isinstance(values.get("payment"), str):
                payments.add(values["payment"])
            if isinstance(values.get("shift"), str):
                shift_ids.add(values["shift"])
    receipts: dict[str, str] = {}
    if payments:
        found = session.execute(
            select(Payment.id, Desk.code, Payment.receipt_number)
            .join(Desk, Desk.id == Payment.desk_id)
            .where(Payment.id.in_(payments))
        )
        receipts = {pid: receipt_text(code, n) for pid, code, n in found if n is not None}
    opened: dict[str, datetime] = {}
    if shift_ids:
        found_shifts = session.execute(
            select(Shift.id, Shift.opened_at).where(Shift.id.in_(shift_ids))
        )
        opened = {sid: at for sid, at in found_shifts}
    return receipts, opened


def _conditions(
    user: int | None,
    desk: int | None,
    action: str | None,
    day_from: date | None,
    day_to: date | None,
) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if user is not None:
        where.append(AuditEntry.user_id == user)
    if desk is not None:
        where.append(AuditEntry.desk_id == desk)
    if action:
        where.append(AuditEntry.action == action)
    if day_from is not None:
        where.append(AuditEntry.at >= datetime.combine(day_from, time()))
    if day_to is not None:
        where.append(AuditEntry.at < datetime.combine(day_to + timedelta(days=1), time()))
    return where


def audit_entries(
    db: Database,
    ctx: DeskContext,
    *,
    user: int | None = None,
    desk: int | None = None,
    action: str | None = None,
    day_from: date | None = None,
    day_to: date | None = None,
    limit: int = PAGE,
    before: tuple[datetime, int] | None = None,
) -> tuple[int, tuple[AuditRow, ...]]:
    """How many entries match, and ``limit`` of them newest first: the newest, or
    those older than ``before`` (the ``at`` and ``id`` of the last entry shown)."""
    require_supervisor(ctx, "what.audit_log")
    if day_from is not None and day_to is not None and day_from > day_to:
        raise UserError("audit.dates_reversed")
    where = _conditions(user, desk, action, day_from, day_to)
    with db.read() as session:
        total = session.scalar(select(func.count()).select_from(AuditEntry).where(*where)) or 0
        if before is not None:
            last_at, last_id = before
            # "at <= last" keeps the range on the index; the OR breaks ties by id.
            where.append(
                and_(
                    AuditEntry.at <= last_at,
                    or_(AuditEntry.at < last_at, AuditEntry.id < last_id),
                )
            )
        query = (
            select(
                AuditEntry.id,
                AuditEntry.at,
                User.full_name,
                User.username,
                Desk.code,
                AuditEntry.action,
                AuditEntry.details,
            )
            .outerjoin(User, User.id == AuditEntry.user_id)
            .outerjoin(Desk, Desk.id == AuditEntry.desk_id)
            .where(*where)
            .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
            .limit(limit)
        )
        entries = list(session.execute(query))
        receipts, shifts = _references(session, entries)
        rows = tuple(
            AuditRow(
                entry_id,
                at,
                f"{full_name} ({username})" if username else "",
                code or "",
                action_name,
                audit_facts(action_name, details, receipts, shifts, code or ""),
            )
            for entry_id, at, full_name, username, code, action_name, details in entries
        )
    return total, rows


def audit_choices(db: Database, ctx: DeskContext) -> AuditChoices:
    require_supervisor(ctx, "what.audit_log")
    with db.read() as session:
        users = session.execute(
            select(User.id, User.full_name, User.username).order_by(User.username)
        )
        desks = session.execute(select(Desk.id, Desk.code, Desk.name).order_by(Desk.code))
        actions = session.scalars(select(AuditEntry.action).distinct().order_by(AuditEntry.action))
        return AuditChoices(
            tuple((uid, f"{name} ({username})") for uid, name, username in users),
            tuple((did, f"{code} · {name}") for did, code, name in desks),
            tuple(actions),
        )
