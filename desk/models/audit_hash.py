"""What an audit_log row's ``hash`` holds: the one formula of the chain (issue 14).

``hash`` is the SHA-256 of the previous row's hash (``GENESIS`` for the first) and the
row's canonical content. The formula belongs to the table, like its triggers: the
migration that chained the rows already in a file (0009) and the services that
chain and verify every later row (desk.services.audit_chain, desk.services.context)
must hash byte for byte alike, or ``desk audit verify`` would call the migrated rows
broken. So it lives here, in the lowest room that both can import, once; the
central database computes the same text in SQL (migration c0008): keep the two in
step.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

GENESIS = "0" * 64


def stamp(at: datetime) -> str:
    """A moment as the chain hashes it: as SQLite stores it (SQLAlchemy's format) and
    PostgreSQL's ``to_char(at, 'YYYY-MM-DD HH24:MI:SS.US')`` writes it."""
    return (
        f"{at.year:04d}-{at.month:02d}-{at.day:02d} "
        f"{at.hour:02d}:{at.minute:02d}:{at.second:02d}.{at.microsecond:06d}"
    )


def field(value: Any) -> str:
    """One value, unambiguous: ``<length>:<text>``, ``-`` for none."""
    if value is None:
        return "-"
    value = stamp(value) if isinstance(value, datetime) else str(value)
    return f"{len(value)}:{value}"


def canonical(
    seq: int,
    at: datetime,
    user_id: int | None,
    desk_id: int | None,
    action: str,
    details: Any,
    users: str | None = None,
) -> str:
    """One row's content, unambiguous: each field as ``<length>:<text>``, ``-`` for none."""
    return "|".join(field(v) for v in (seq, at, user_id, desk_id, action, details, users))


def row_hash(prev_hash: str, content: str) -> str:
    return hashlib.sha256(f"{prev_hash}|{content}".encode()).hexdigest()
