"""Who is acting, where: passed to every service that writes."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from desk.models.tables import AuditEntry
from desk.services.problems import UserError

ROLES = ("cashier", "clerk", "supervisor", "admin")
# Who may see the supervisor's screens and reports, manage users and read the audit log.
SUPERVISING_ROLES = frozenset({"supervisor", "admin"})


@dataclass(frozen=True, slots=True)
class DeskContext:
    desk_id: int
    desk_code: str
    desk_name: str
    user_id: int
    username: str
    full_name: str
    role: str


def require_supervisor(ctx: DeskContext, what: str) -> None:
    """Refuse anyone but a supervisor or an admin (the UI hides the screens; this is the lock).

    ``what`` names the thing refused, as a field is named: "<what>: само ръководител
    или администратор"."""
    if ctx.role not in SUPERVISING_ROLES:
        raise UserError(f"{what}: само ръководител или администратор")


def audit(
    session: Session,
    action: str,
    at: datetime,
    *,
    user_id: int | None,
    desk_id: int | None,
    **details: Any,
) -> None:
    """Append one entry to the audit log in the caller's transaction."""
    session.execute(
        insert(AuditEntry).values(
            at=at,
            user_id=user_id,
            desk_id=desk_id,
            action=action,
            details=json.dumps(details, ensure_ascii=False, default=str) if details else None,
        )
    )


def audit_as(session: Session, ctx: DeskContext, action: str, at: datetime, **details: Any) -> None:
    audit(session, action, at, user_id=ctx.user_id, desk_id=ctx.desk_id, **details)
