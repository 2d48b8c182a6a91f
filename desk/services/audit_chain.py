"""The audit log as a hash chain: an edited, removed or inserted row shows (issue 14).

Each row of a desk's audit log stores ``prev_hash``, the hash of the row before it
(``GENESIS`` for the first), and ``hash``, the SHA-256 of that previous hash and the
row's canonical content (``canonical``): its number in this file (``id``), when,
who, where, the action and its details. ``desk.services.context.audit`` is the one
writer; it chains the row in the caller's transaction, and a trigger (migration
0009) refuses a row that does not continue the chain.

What the chain shows, and what it does not:
- a row edited in place (a dropped trigger, an UPDATE, the trigger put back) no
  longer matches its hash: ``verify`` names it;
- a row removed or inserted between others breaks the next row's link;
- rows removed at the end, or a whole log rewritten with fresh hashes (whoever
  holds the file can compute SHA-256 too), do not show in the file alone: they
  show against the central database, which keeps every pushed row and the last
  hash of each desk (migration c0008) and refuses a push that does not continue
  from it. ``verify`` also checks the file against the last row the central
  database acknowledged (the setting ``audit_anchor``).

Each row also records ``users``, a digest of the user table as the row left it
(``users_digest``): the table may change only at a row of a user change
(``USER_ACTIONS``), so a user edited in the file around the services shows at the
next row, or against the table as it stands now.

The formula itself (``GENESIS``, ``canonical``, ``row_hash``, ``stamp``) is the
table's, in desk.models.audit_hash, where migration 0009 finds it too. The central
database checks each pushed row with the same canonical form in SQL
(``desk_audit_push``, migration c0008): keep the two in step.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from desk.models.audit_hash import GENESIS, canonical, field, row_hash, stamp
from desk.models.tables import AuditEntry, Setting, User

# The rows that change the user table (desk.services.users; the pull's users from the
# central database, desk.sync.replication): only at these may its digest change.
USER_ACTIONS = frozenset(
    {
        "user_create",
        "user_role",
        "user_password_reset",
        "user_unlock",
        "user_deactivate",
        "user_reactivate",
        "password_change",
        "sync_users_pulled",
    }
)
# The last row the central database holds of this file's chain: "<id>:<hash>".
ANCHOR = "audit_anchor"


def users_digest(session: Session) -> str:
    """The user table as it stands: who may log in, with what role and password.

    Lock-out counters (failed logins, locked until) are each desk's own and change
    at every wrong password: they are left out."""
    digest = hashlib.sha256()
    rows = session.execute(
        select(
            User.id,
            User.username,
            User.full_name,
            User.role,
            User.password_hash,
            User.active,
            User.must_change_password,
        ).order_by(User.id)
    ).all()
    for row in rows:
        digest.update(("|".join(field(v) for v in row) + "\n").encode())
    return digest.hexdigest()


def next_link(session: Session) -> tuple[int, str]:
    """The id the next row takes and the hash it continues from.

    Read in the writer's transaction (BEGIN IMMEDIATE on a desk's file), so no
    other writer comes between."""
    last = session.execute(
        select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)
    ).first()
    if last is None:
        return 1, GENESIS
    return int(last.id) + 1, last.hash or GENESIS


@dataclass(frozen=True, slots=True)
class Broken:
    """The first row that does not hold, and why (a WORDS key: ``chain.<reason>``)."""

    seq: int
    reason: str  # edited | link | unchained | unreadable | anchor | users | users_after
    desk: str = ""  # at the central database: the desk whose chain it is


@dataclass(frozen=True, slots=True)
class Verified:
    rows: int
    broken: Broken | None


def check_rows(rows: Iterable[Any], start: str = GENESIS) -> Verified:
    """Walk rows (seq, at, user_id, desk_id, action, details, users, prev_hash, hash) in
    order: each hashes correctly over the one before, and the user table changed only
    at a row that says so (``USER_ACTIONS``)."""
    previous = start
    users: str | None = None
    count = 0
    for row in rows:
        count += 1
        seq = int(row[0])
        if row.hash is None or row.prev_hash is None:
            return Verified(count, Broken(seq, "unchained"))
        if row.prev_hash != previous:
            return Verified(count, Broken(seq, "link"))
        try:
            content = canonical(seq, *row[1:7])
        except (TypeError, ValueError, AttributeError):
            return Verified(count, Broken(seq, "unreadable"))
        if row_hash(previous, content) != row.hash:
            return Verified(count, Broken(seq, "edited"))
        if row.users is not None:
            if users is not None and row.users != users and row.action not in USER_ACTIONS:
                return Verified(count, Broken(seq, "users"))
            users = row.users
        previous = row.hash
    return Verified(count, None)


def sealed_users(rows: list[Any]) -> tuple[int, str] | None:
    """The last row that recorded the user table, and how it stood then."""
    for row in reversed(rows):
        if row.users is not None:
            return int(row[0]), row.users
    return None


# A chained row's columns: what the hash covers, with its place and its link.
CHAINED = (
    AuditEntry.id,
    AuditEntry.at,
    AuditEntry.user_id,
    AuditEntry.desk_id,
    AuditEntry.action,
    AuditEntry.details,
    AuditEntry.users,
    AuditEntry.prev_hash,
    AuditEntry.hash,
)


def sent_rows(entries: Sequence[Any]) -> list[dict[str, Any]]:
    """Chained rows (CHAINED's columns) as a desk sends them to the central database."""
    return [
        {
            "seq": e.id,
            "at": stamp(e.at),
            "user_id": e.user_id,
            "desk_id": e.desk_id,
            "action": e.action,
            "details": e.details,
            "users": e.users,
            "prev_hash": e.prev_hash,
            "hash": e.hash,
        }
        for e in entries
    ]


def verify_file(session: Session) -> Verified:
    """This file's chain, and that it still holds the row the central database acknowledged."""
    try:
        rows = session.execute(select(*CHAINED).order_by(AuditEntry.id)).all()
    except ValueError:  # a date SQLAlchemy cannot read: find the row by its raw text
        return Verified(0, Broken(_unreadable_row(session), "unreadable"))
    result = check_rows(rows)
    if result.broken is not None:
        return result
    anchor = session.scalar(select(Setting.value).where(Setting.key == ANCHOR))
    if anchor:
        seq_text, _, held = anchor.partition(":")
        seq = int(seq_text)
        found = next((r for r in rows if int(r.id) == seq), None)
        if found is None or found.hash != held:
            return Verified(result.rows, Broken(seq, "anchor"))
    sealed = sealed_users(list(rows))
    if sealed is not None and sealed[1] != users_digest(session):
        return Verified(result.rows, Broken(sealed[0], "users_after"))
    return result


def _unreadable_row(session: Session) -> int:
    for row_id, at in session.execute(text("SELECT id, at FROM audit_log ORDER BY id")).all():
        try:
            datetime.fromisoformat(str(at))
        except ValueError:
            return int(row_id)
    return 0


CENTRAL_ROWS = text(
    "SELECT a.seq, a.at, a.user_id, a.desk_id, a.action, a.details, a.users, a.prev_hash, "
    "a.hash "
    "FROM audit_log a WHERE a.chain_desk_id = :d ORDER BY a.id"
)


def check_tree(rows: Iterable[Any]) -> Verified:
    """A desk's rows at the central database, in the order they arrived.

    Usually one chain; a restored or copied file of the desk continues from an
    earlier row (a fork, migration c0008), so each row must continue from the
    genesis or from a row that arrived before it, one number below its own."""
    held: dict[str, int] = {GENESIS: 0}
    count = 0
    for row in rows:
        count += 1
        seq = int(row[0])
        if row.hash is None or row.prev_hash is None:
            return Verified(count, Broken(seq, "unchained"))
        if held.get(row.prev_hash) != seq - 1:
            return Verified(count, Broken(seq, "link"))
        try:
            content = canonical(seq, *row[1:7])
        except (TypeError, ValueError, AttributeError):
            return Verified(count, Broken(seq, "unreadable"))
        if row_hash(row.prev_hash, content) != row.hash:
            return Verified(count, Broken(seq, "edited"))
        held[row.hash] = seq
    return Verified(count, None)


def verify_central(session: Session) -> list[tuple[str, Verified]]:
    """Every desk's chain at the central database, and that it holds the desk's anchor."""
    desks = session.execute(
        text(
            "SELECT d.id, d.code, a.seq, a.hash FROM desk d "
            "LEFT JOIN audit_anchor a ON a.desk_id = d.id "
            "WHERE a.desk_id IS NOT NULL OR EXISTS "
            "(SELECT 1 FROM audit_log l WHERE l.chain_desk_id = d.id) ORDER BY d.code"
        )
    ).all()
    results = []
    for desk_id, code, anchor_seq, anchor_hash in desks:
        rows = session.execute(CENTRAL_ROWS, {"d": desk_id}).all()
        result = check_tree(rows)
        broken = result.broken
        anchored = anchor_hash in (None, GENESIS) or any(
            r.hash == anchor_hash and int(r[0]) == anchor_seq for r in rows
        )
        if broken is None and not anchored:
            broken = Broken(int(anchor_seq), "anchor")
        if broken is not None:
            broken = Broken(broken.seq, broken.reason, code)
        results.append((code, Verified(result.rows, broken)))
    return results
