"""What push, pull and the first replica share: the replicated tables, the sync
position and lineage settings, and the helpers that read and write rows."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from operator import itemgetter
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Integer,
    Table,
    and_,
    func,
    or_,
    select,
    text,
)
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from desk.messages import word
from desk.models.db import Database
from desk.models.tables import Base, Outbox, Setting
from desk.services.context import audit
from desk.services.desk_identity import (
    CID_KEY,
    DESK_CODE,
    PULLED_AT,
    PUSHED_AT,
    SEQ_KEY,
)

Progress = Callable[[int, int], None]
log = logging.getLogger(__name__)
T = Base.metadata.tables

# Pulled tables in foreign-key order, with the columns a pull may overwrite
# (None: all). A desk's own counters and lock-outs are its own.
PULLED: dict[str, tuple[str, ...] | None] = {
    "desk": ("code", "name", "kind"),
    "user": ("username", "full_name", "role", "password_hash", "active", "must_change_password"),
    "shift": None,  # other desks' shifts, which their payments name; never this desk's own
    "property": None,
    "payer": None,
    "tenure": None,
    "plan": None,
    "invoice": None,
    "court_case": None,
    "court_case_invoice": None,
    "agreement": None,
    "agreement_cover": None,
    "agreement_installment": None,
    "payment": (),  # append-only: insert if new, never update
    "void": (),
    "contact_change": (),
    "survey_card": None,
}
# What goes with a payment or a void: keyed by the parent's id, not by their own.
CHILDREN = {"payment": (("allocation", "payment_id"), ("receipt", "payment_id"))}
VOID_RECEIPTS = ("receipt", "void_id")
# Rows the desk pushes (the outbox's "tbl"), in the order a batch applies them:
# what an information centre made before the payments that may name it (an
# installment), survey cards before the contact changes that name them; users
# first, since shifts and payments name them.
PUSHED = (
    "user_change",  # signed by who made it here (desk.services.users), migration c0009
    "shift",
    "payer",
    "tenure",  # a new tenure of this desk, or the end of the one it replaced
    "invoice",  # a bill moved to the new holder
    "plan",
    "agreement",
    "agreement_cover",
    "agreement_installment",
    "payment",
    "void",
    "survey_card",
    "contact_change",
)
# Pulled tables whose key is not a single "id" column.
COMPOSITE = {"court_case_invoice": ("case_id", "invoice_id")}
ALL_OF_SEQ = 2**62  # a change id above any real one: "everything of this sequence number"
# This file's lineage (migration c0007): the token of its last acknowledged push, and
# the one its next push names (kept until acknowledged, so a push sent again is known).
LINEAGE, LINEAGE_NEXT = "sync_lineage", "sync_lineage_next"
SIBLING_SHIFT = "sync_sibling_shift"  # local migration 0008
# The outbox's highest row at the last pull: payments queued after it were quoted on
# the replica as of this file's position (the discount re-check, Quoted).
PULLED_OUTBOX = "sync_pulled_outbox"
# What another file of this desk pushed that the pull brings in, and queues no echo of.
SIBLING_ROWS = ("shift", "payment", "void", "survey_card", "contact_change")


@dataclass(frozen=True, slots=True)
class Quoted:
    """What the desk knew when it took the payments of a push (made by the push, read by
    the discount re-check, desk.sync.recheck: here, below both, so neither imports
    the other for it).

    ``position``: the desk's place in the central change sequence (seq, change id)
    as it pushes; ``fresh``: the payments it took since its last pull, so on its
    replica as of that position (outbox rows queued after the last pull);
    ``whole``: False when the push itself changes what an account holds (a void,
    a holder change) or comes from a restored file; ``sent``: the payments this
    push sent in its earlier batches, this file's own (one the desk took before a
    payment it knew of when quoting it; one it took after, the re-check finds by
    its time)."""

    position: tuple[int, int] | None
    fresh: frozenset[str]
    whole: bool = True
    sent: frozenset[str] = frozenset()


def queued(local: Database) -> int:
    with local.read() as session:
        return session.scalar(select(func.count()).select_from(Outbox)) or 0


def follow_series(session: Session, me: int, highest: int, now: datetime) -> tuple[int, int] | None:
    """Move this desk's series past ``highest``, a number another file of the desk gave.

    The numbers between were given by that file (or, renumbered, by this one):
    the jump is logged with both ends."""
    desk = T["desk"]
    last = session.scalar(select(desk.c.last_receipt_number).where(desk.c.id == me)) or 0
    if highest <= last:
        return None
    session.execute(desk.update().where(desk.c.id == me).values(last_receipt_number=highest))
    audit(
        session,
        "receipt_series_moved",
        now,
        user_id=None,
        desk_id=me,
        next_was=last + 1,
        next_is=highest + 1,
    )
    log.warning("receipt series of this desk moved from %d to %d", last + 1, highest + 1)
    return last + 1, highest + 1


def row_of(table: Table, obj: Any, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    return {c.name: obj[c.name] for c in table.columns if c.name not in skip}


def this_desk_id(session: Session) -> int | None:
    return session.scalar(
        select(T["desk"].c.id)
        .join(Setting, Setting.value == T["desk"].c.code)
        .where(Setting.key == DESK_CODE)
    )


@dataclass(slots=True)
class PullResult:
    changes: int = 0
    pages: int = 0
    position: tuple[int, int] = (0, 0)


def position(local: Database) -> tuple[int, int] | None:
    """Where this desk is in the central change sequence; None before its first replica."""
    with local.read() as session:
        values = dict(
            session.execute(
                select(Setting.key, Setting.value).where(Setting.key.in_([SEQ_KEY, CID_KEY]))
            ).all()
        )
    if SEQ_KEY not in values:
        return None
    return int(values[SEQ_KEY]), int(values.get(CID_KEY, 0))


def mark_pulled_outbox(session: Session) -> None:
    """The outbox's highest row now, with the position just written (PULLED_OUTBOX)."""
    newest = session.scalar(select(func.max(Outbox.id)))
    set_setting(session, PULLED_OUTBOX, str(newest or 0))


def report_sync(session: Session, pushed: bool = False, pulled_seq: int | None = None) -> None:
    """Tell the central database how far this desk is (desk_sync, for supervisors),
    through its own function: a desk writes no desk_sync row itself (migration c0006)."""
    session.execute(
        text("SELECT desk_report(:pushed, :seq)"),
        {"pushed": pushed, "seq": None if pulled_seq is None else int(pulled_seq)},
    )


def key_filter(tbl: str, keys: Iterable[str]) -> Any:
    table = T[tbl]
    if tbl in COMPOSITE:
        first, second = COMPOSITE[tbl]
        pairs = [key.split("/", 1) for key in keys]
        return or_(*(and_(table.c[first] == a, table.c[second] == int(b)) for a, b in pairs))
    column = table.c.id
    if isinstance(column.type, Integer):
        return column.in_([int(k) for k in keys])
    return column.in_(list(keys))


# Users as a desk may read them: the hashes of active users only (migration c0006).
USER_SOURCE = 'desk_user_rows() AS "user"'


def chunks(values: Sequence[Any], size: int) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def write_rows(
    session: Session, table: Table, rows: list[dict[str, Any]], conflict: str = ""
) -> None:
    """Rows as the pull fetches them (as SQLite stores them) into ``table``, on the
    session's own connection and transaction, with the driver's executemany."""
    if not rows:
        return
    quote = SQLITE.identifier_preparer.quote
    names = [c.name for c in table.columns if c.name in rows[0]]
    sql = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(n) for n in names)}) "
        f"VALUES ({', '.join('?' * len(names))}) {conflict}"
    )
    values = itemgetter(*names)  # a tuple per row without a generator's frames
    params = [values(r) for r in rows] if len(names) > 1 else [(r[names[0]],) for r in rows]
    session.connection().exec_driver_sql(sql, params)


def set_setting(session: Session, key: str, value: str) -> None:
    stmt = sqlite_insert(Setting).values(key=key, value=value)
    session.execute(stmt.on_conflict_do_update(index_elements=["key"], set_={"value": value}))


SQLITE = sqlite_dialect.dialect()


def as_sqlite_stores(column: Any, name: str) -> str:
    if isinstance(column.type, DateTime):
        return f"to_char({name}, 'YYYY-MM-DD HH24:MI:SS.US')"
    if isinstance(column.type, Date):
        return f"to_char({name}, 'YYYY-MM-DD')"
    if isinstance(column.type, Boolean):
        return f"{name}::int"
    return name


class ReplicaRefused(RuntimeError):
    """A replica that cannot be made or pulled into: a catalogue code, worded when shown."""

    def __init__(self, code: str, **values: Any) -> None:
        super().__init__(code)
        self.code, self.values = code, values

    def __str__(self) -> str:
        return word(self.code, self.values)


def utc_stamp() -> str:
    """Now, as the sync times are stored: UTC with its offset, whatever the machine's zone."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def last_sync(local: Database) -> dict[str, str]:
    """When this desk last pushed and pulled (ISO times), for the status line."""
    with local.read() as session:
        return dict(
            session.execute(
                select(Setting.key, Setting.value).where(Setting.key.in_([PULLED_AT, PUSHED_AT]))
            ).all()
        )


def update_setting(local: Database, key: str, value: str) -> None:
    with local.write() as session:
        set_setting(session, key, value)
