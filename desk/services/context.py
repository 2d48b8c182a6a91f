"""Who is acting, where: passed to every service that writes."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from desk.models.audit_hash import canonical, row_hash
from desk.models.tables import AuditEntry, User
from desk.services.audit_chain import next_link, users_digest
from desk.services.problems import UserError

ROLES = ("cashier", "clerk", "supervisor", "admin")
# Who may see the supervisor's screens and reports, manage users and read the audit log.
SUPERVISING_ROLES = frozenset({"supervisor", "admin"})
# Who takes money at a pay desk (opens and closes shifts, takes payments, voids).
PAYING_ROLES = frozenset({"cashier", "supervisor", "admin"})
# Anyone at work: contacts are confirmed at pay desks too (the campaign counts that channel).
ANY_ROLE = frozenset(ROLES)
# Who works at an information centre (contacts, cards, agreements, plans, changes of holder).
INFO_ROLES = frozenset({"clerk", "supervisor", "admin"})


@dataclass(frozen=True, slots=True)
class DeskContext:
    desk_id: int
    desk_code: str
    desk_name: str
    user_id: int
    username: str
    full_name: str
    role: str
    # A supervisor's or an admin's approval key, derived from the password typed at
    # login (desk.services.approval): it signs the user changes made in this session.
    approval_key: bytes | None = field(default=None, repr=False, compare=False)


def require_supervisor(ctx: DeskContext, what: str) -> None:
    """Refuse anyone but a supervisor or an admin (the UI hides the screens; this is the lock).

    ``what`` is a WORDS key of desk/messages.py naming the thing refused, as a field is
    named: "<what>: само ръководител или администратор"."""
    if ctx.role not in SUPERVISING_ROLES:
        raise UserError("role.supervisor_only", what=what)


def require_role(session: Session, ctx: DeskContext, roles: frozenset[str], what: str) -> None:
    """Refuse unless the acting user, as the database has them now, may do ``what``.

    The context was made at login and travels with the screen; the role and the account's
    status are read again in the caller's transaction, so a user deactivated,
    demoted or left on a temporary password since (by a supervisor here, or by sync) is
    refused by the service itself, whatever the screen shows (STYLE.md pattern 12).
    ``what`` is a WORDS key of desk/messages.py naming the thing refused."""
    user = session.get(User, ctx.user_id)
    if user is None or not user.active:
        raise UserError("role.inactive", what=what)
    if user.must_change_password:
        raise UserError("role.temporary_password", what=what)
    if user.role not in roles:
        raise UserError("role.refused", what=what, role=user.role)
    if user.role != ctx.role:
        # Still allowed, but the screen decides by the role it logged in with (an admin
        # made a supervisor keeps an admin's screens): log in again to work as the new one.
        raise UserError("role.changed", what=what, role=user.role)


def audit(
    session: Session,
    action: str,
    at: datetime,
    *,
    user_id: int | None,
    desk_id: int | None,
    **details: Any,
) -> None:
    """Append one entry to the audit log in the caller's transaction, chained to the last
    (desk.services.audit_chain). The central database's own rows are not chained: the
    desks' rows reach it through ``desk_audit_push`` (migration c0008)."""
    text = json.dumps(details, ensure_ascii=False, default=str) if details else None
    values: dict[str, Any] = {
        "at": at,
        "user_id": user_id,
        "desk_id": desk_id,
        "action": action,
        "details": text,
    }
    if session.get_bind().dialect.name == "sqlite":
        seq, prev = next_link(session)
        users = users_digest(session)  # after the caller's own change of a user, if any
        content = canonical(seq, at, user_id, desk_id, action, text, users)
        values.update(id=seq, users=users, prev_hash=prev, hash=row_hash(prev, content))
    session.execute(insert(AuditEntry).values(**values))


def audit_as(session: Session, ctx: DeskContext, action: str, at: datetime, **details: Any) -> None:
    audit(session, action, at, user_id=ctx.user_id, desk_id=ctx.desk_id, **details)
