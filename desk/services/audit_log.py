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
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select

from desk.models.db import Database
from desk.models.tables import AuditEntry, Desk, User
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
    details: str  # "key: value, key: value"


@dataclass(frozen=True, slots=True)
class AuditChoices:
    """What the filters offer: users and desks as (id, text), and the actions logged."""

    users: tuple[tuple[int, str], ...]
    desks: tuple[tuple[int, str], ...]
    actions: tuple[str, ...]


def details_text(details: str | None) -> str:
    """The JSON details as one line a person reads."""
    if not details:
        return ""
    try:
        values: Any = json.loads(details)
    except ValueError:
        return details
    if not isinstance(values, dict):
        return str(values)
    return ", ".join(f"{key}: {value}" for key, value in values.items())


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
        raise UserError("дата: началото е след края")
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
        rows = tuple(
            AuditRow(
                entry_id,
                at,
                f"{full_name} ({username})" if username else "",
                code or "",
                action_name,
                details_text(details),
            )
            for entry_id, at, full_name, username, code, action_name, details in session.execute(
                query
            )
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
