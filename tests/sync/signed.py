"""User changes sent to the central database the way a desk sends them (c0009),
signed with a demo user's approval key, or forged, for the tests that try it."""

from __future__ import annotations

import uuid
from dataclasses import asdict
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import text

from desk.services.approval import UserChange, approval_key
from desk.services.users import DEMO_PASSWORD
from desk.sync.central import CentralDatabase

CALL = text(
    "SELECT desk_user_change(:change, :actor, :mac, :new_key, :user_id, :username, "
    ":full_name, :role, :password_hash, :active, :must_change, :changed_at)"
)
WHEN = datetime(2026, 11, 22, 12, 0)


@lru_cache(maxsize=32)
def demo_key(user_id: int, password: str = DEMO_PASSWORD) -> bytes:
    return approval_key(user_id, password)


def change(
    desk_code: str,
    actor: str | None,
    key: bytes | None,
    *,
    user_id: int,
    username: str,
    role: str,
    full_name: str = "Някой",
    password_hash: str = "",  # withheld, as a desk holds it: the hash there stays
    active: bool = True,
    must_change: bool = False,
    changed_at: datetime = WHEN,
    new_key: bytes | None = None,
    change_id: str | None = None,
) -> dict[str, Any]:
    """The parameters of ``desk_user_change``; ``mac`` is None without a key."""
    made = UserChange(
        change=change_id or str(uuid.uuid4()),
        desk_code=desk_code,
        actor=actor or "",
        user_id=user_id,
        username=username,
        full_name=full_name,
        role=role,
        password_hash=password_hash,
        active=active,
        must_change=must_change,
        changed_at=changed_at,
        new_key=new_key,
    )
    params = asdict(made)
    params["actor"] = actor
    params["mac"] = made.mac(key) if key is not None else None
    return params


def send(database: CentralDatabase, params: dict[str, Any]) -> str:
    with database.write() as session:
        return str(session.scalar(CALL, params))
