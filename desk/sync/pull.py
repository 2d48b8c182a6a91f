"""Pull: the central change sequence into this desk's file (see desk.sync.replication)."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Integer,
    Table,
    delete,
    select,
    text,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desk.messages import SOFIA
from desk.models.db import Database
from desk.models.tables import Outbox, Setting, UserChange
from desk.services.context import audit
from desk.services.desk_identity import (
    CID_KEY,
    PULLED_AT,
    SEQ_KEY,
)
from desk.services.retention import held_from
from desk.sync.central import CentralDatabase
from desk.sync.exchange import (
    CHILDREN,
    COMPOSITE,
    PULLED,
    SIBLING_ROWS,
    SIBLING_SHIFT,
    SQLITE,
    USER_SOURCE,
    Progress,
    PullResult,
    ReplicaRefused,
    T,
    as_sqlite_stores,
    chunks,
    follow_series,
    key_filter,
    mark_pulled_outbox,
    position,
    report_sync,
    set_setting,
    this_desk_id,
    utc_stamp,
    write_rows,
)

log = logging.getLogger(__name__)


def pending_changes(central: CentralDatabase, since: tuple[int, int]) -> int:
    with central.read() as session:
        return int(
            session.scalar(
                text(
                    "SELECT count(*) FROM change_log c JOIN change_txn t ON t.xid = c.xid "
                    "WHERE t.seq >= :s AND (t.seq > :s OR c.id > :c)"
                ),
                {"s": since[0], "c": since[1]},
            )
            or 0
        )


def pull(
    local: Database,
    central: CentralDatabase,
    page: int = 20_000,
    progress: Progress | None = None,
) -> PullResult:
    """Apply every central change after this desk's position, page by page."""
    start = position(local)
    if start is None:
        raise ReplicaRefused("sync.no_replica")
    result = PullResult(position=start)
    total = pending_changes(central, start) if progress else 0
    limit: int | None = page
    windowed = held_from(local) is not None  # only then may a bill have left this file
    while True:
        with central.read() as session:
            changes = session.execute(
                text(
                    "SELECT t.seq, c.id, c.tbl, c.key, c.op FROM change_log c "
                    "JOIN change_txn t ON t.xid = c.xid "
                    "WHERE t.seq >= :s AND (t.seq > :s OR c.id > :c) "
                    "ORDER BY t.seq, c.id LIMIT :n"
                ),
                {"s": result.position[0], "c": result.position[1], "n": limit},
            ).all()
            if not changes:
                break
            keys: dict[str, set[str]] = defaultdict(set)
            for change in changes:
                if change.tbl in PULLED:
                    keys[change.tbl].add(change.key)
            fetched = _fetch(session, keys)
            left = _bills_left_here(local, fetched) if windowed else set()
            if left:
                _whole_history(session, left, fetched)
        last = (int(changes[-1].seq), int(changes[-1].id))
        try:
            with _page_transaction(local) as session:
                _apply_pull(session, keys, fetched)
                set_setting(session, SEQ_KEY, str(last[0]))
                set_setting(session, CID_KEY, str(last[1]))
                set_setting(session, PULLED_AT, utc_stamp())
                mark_pulled_outbox(session)
        except IntegrityError:
            # A row of this page, as it is now, names a parent that a later page
            # brings (a plan made after the bill changed). All that is left, read
            # in one snapshot and applied in one transaction, is consistent.
            if limit is None:
                raise
            log.info("pull: a page referred past itself; taking the rest at once")
            limit = None
            continue
        result.position = last
        result.changes += len(changes)
        result.pages += 1
        if progress:
            progress(result.changes, max(total, result.changes))
    if result.pages == 0:
        with local.write() as session:
            set_setting(session, PULLED_AT, utc_stamp())
            mark_pulled_outbox(session)  # still at that position: what follows is quoted there
    with central.write() as session:
        report_sync(session, pulled_seq=result.position[0])
    return result


# A page's rows land all over the file's indexes (payments by payer and by day, receipts
# by desk and number): a page cache that holds what a page touches (SQLite's default
# is 2 MB) writes each index page once, not once per row that evicted it.
PAGE_CACHE_KIB = 256 * 1024


@contextmanager
def _page_transaction(local: Database) -> Iterator[Session]:
    """One page, in one write transaction as ``local.write()`` opens it (BEGIN
    IMMEDIATE), committed without waiting for the disk (``synchronous=NORMAL``)
    and with a page cache the size of what a page touches.

    Nothing the desk did is in it: a pulled page is the central database's, and
    its position is written with it, so a commit a power cut takes is pulled
    again. In WAL mode such a commit can be lost, never put out of order: the
    desk's next commit of its own (``synchronous=FULL``, a payment) syncs the log
    up to and including it. The connection goes back to the pool as it came."""
    with local.engine.connect() as connection:
        driver = connection.connection.dbapi_connection
        assert driver is not None
        synchronous = driver.execute("PRAGMA synchronous").fetchone()[0]
        cache = driver.execute("PRAGMA cache_size").fetchone()[0]
        driver.execute("PRAGMA synchronous=NORMAL")
        driver.execute(f"PRAGMA cache_size=-{PAGE_CACHE_KIB}")
        try:
            with Session(bind=connection, expire_on_commit=False) as session, session.begin():
                yield session
        finally:
            if driver.in_transaction:  # a refused commit (a page that refers past itself)
                driver.rollback()
            driver.execute(f"PRAGMA synchronous={int(synchronous)}")
            driver.execute(f"PRAGMA cache_size={int(cache)}")


def _fetch(session: Session, keys: dict[str, set[str]]) -> dict[str, list[dict[str, Any]]]:
    """The rows the changes name, as SQLite stores them (as the first replica copies
    them): the pull writes them with the driver, nothing converted on the way."""
    fetched: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for tbl, wanted in keys.items():
        table = T[tbl]
        for chunk in chunks(sorted(wanted), PAGE_KEYS):
            if tbl in COMPOSITE:
                first, second = COMPOSITE[tbl]
                pairs = [key.split("/", 1) for key in chunk]
                fetched[tbl] += _stored(
                    session,
                    table,
                    f"({first}, {second}) IN (SELECT * FROM unnest(%(a)s::text[], %(b)s::int[]))",
                    {"a": [a for a, _ in pairs], "b": [int(b) for _, b in pairs]},
                )
            else:
                typed = [int(k) for k in chunk] if _integer_key(tbl) else list(chunk)
                fetched[tbl] += _stored(session, table, "id = ANY(%(ids)s)", {"ids": typed})
    payment_ids = [r["id"] for r in fetched["payment"]]
    for chunk in chunks(payment_ids, PAGE_KEYS):
        for child, parent_key in CHILDREN["payment"]:
            fetched[child] += _stored(
                session, T[child], f"{parent_key} = ANY(%(ids)s)", {"ids": chunk}
            )
    void_ids = [r["id"] for r in fetched["void"]]
    for chunk in chunks(void_ids, PAGE_KEYS):
        fetched["receipt"] += _stored(
            session, T["receipt"], "void_id = ANY(%(ids)s)", {"ids": chunk}
        )
    return fetched


PAGE_KEYS = 5000  # keys asked for in one statement


def _bills_left_here(local: Database, fetched: dict[str, list[dict[str, Any]]]) -> set[int]:
    """Bills that pulled allocations name and this desk no longer holds: settled
    before its history window, they left it (desk.services.retention)."""
    named = {a["invoice_id"] for a in fetched.get("allocation", []) if a["invoice_id"]}
    named -= {r["id"] for r in fetched.get("invoice", [])}
    if not named:
        return set()
    invoice = T["invoice"]
    held: set[int] = set()
    with local.read() as session:
        for chunk in chunks(sorted(named), 500):
            held |= set(session.scalars(select(invoice.c.id).where(invoice.c.id.in_(chunk))))
    return named - held


def _whole_history(
    session: Session, bills: set[int], fetched: dict[str, list[dict[str, Any]]]
) -> None:
    """Add to a page the whole money history of the payers of ``bills``: a payment
    that names a bill settled long ago (a second payment of it, from a desk that was
    offline) makes that bill part of the account again, with what settled it, as
    the central database has it. Only rows the page does not hold already, so that
    no allocation is written twice."""
    payers = list(
        session.connection()
        .exec_driver_sql(
            "SELECT DISTINCT payer_id FROM invoice WHERE id = ANY(%(ids)s)", {"ids": sorted(bills)}
        )
        .scalars()
    )
    log.info("pull: %d bills had left this desk; %d payers taken whole", len(bills), len(payers))
    added: dict[str, list[Any]] = {}
    for tbl in ("invoice", "payment"):
        have = {r["id"] for r in fetched[tbl]}
        found = [
            r
            for r in _stored(session, T[tbl], "payer_id = ANY(%(p)s)", {"p": payers})
            if r["id"] not in have
        ]
        fetched[tbl] += found
        added[tbl] = [r["id"] for r in found]
    have_voids = {r["id"] for r in fetched["void"]}
    for chunk in chunks(added["payment"], PAGE_KEYS):
        for child, parent_key in CHILDREN["payment"]:
            fetched[child] += _stored(
                session, T[child], f"{parent_key} = ANY(%(ids)s)", {"ids": chunk}
            )
        voids = _stored(session, T["void"], "payment_id = ANY(%(ids)s)", {"ids": chunk})
        voids = [v for v in voids if v["id"] not in have_voids]
        fetched["void"] += voids
        for part in chunks([v["id"] for v in voids], PAGE_KEYS):
            fetched["receipt"] += _stored(
                session, T["receipt"], "void_id = ANY(%(ids)s)", {"ids": part}
            )


def _integer_key(tbl: str) -> bool:
    return isinstance(T[tbl].c.id.type, Integer)


def _stored(
    session: Session, table: Table, where: str, params: dict[str, Any]
) -> list[dict[str, Any]]:
    """Rows of ``table`` as SQLite stores them, read on the driver's cursor."""
    # Local allocation ids are the desk's own (the push leaves them out too).
    names = [c.name for c in table.columns if not (table.name == "allocation" and c.name == "id")]
    quote = session.get_bind().dialect.identifier_preparer.quote  # "user" is reserved there
    selected = ", ".join(as_sqlite_stores(table.c[n], quote(n)) for n in names)
    relation = USER_SOURCE if table.name == "user" else quote(table.name)
    # On the driver's cursor (exec_driver_sql: no compiling, no conversions), errors
    # still SQLAlchemy's (a dropped connection is "offline", desk.sync.service).
    found = session.connection().exec_driver_sql(
        f"SELECT {selected} FROM {relation} WHERE {where}", params
    )
    return [dict(zip(names, row, strict=True)) for row in found.all()]


def _apply_pull(
    session: Session, keys: dict[str, set[str]], fetched: dict[str, list[dict[str, Any]]]
) -> None:
    session.execute(text("PRAGMA defer_foreign_keys = ON"))
    # What this desk changed and has not pushed yet is newer than the central copy,
    # and its own shifts are written here: a pull leaves both alone, but for what
    # another file of this desk (a restored backup, a copy) pushed.
    pending: dict[str, set[str]] = defaultdict(set)
    for tbl, key in session.execute(select(Outbox.tbl, Outbox.key)).all():
        pending[tbl].add(key)
    # A user with a change not yet pushed is newer here (users.py signs each change).
    pending["user"] |= {str(u) for u in session.scalars(select(UserChange.user_id))}
    me = this_desk_id(session)
    siblings: dict[str, list[str]] = defaultdict(list)
    for tbl, columns in PULLED.items():
        table = T[tbl]
        # Rows the central database no longer has were deleted there; first, so that
        # a row refused there (a tenure for a day another desk took) makes room.
        present = {_key_of(tbl, r) for r in fetched.get(tbl, [])}
        gone = [k for k in keys.get(tbl, ()) if k not in present]
        for chunk in chunks(gone, 500):
            session.execute(delete(table).where(key_filter(tbl, chunk)))
        rows = [r for r in fetched.get(tbl, []) if str(r.get("id")) not in pending[tbl]]
        if tbl in SIBLING_ROWS and me is not None:
            siblings[tbl] += [str(r["id"]) for r in rows if r["desk_id"] == me]
        if tbl == "shift" and me is not None:
            _sibling_shifts(session, [r for r in rows if r["desk_id"] == me])
            rows = [r for r in rows if r["desk_id"] != me]
        if tbl == "user" and rows:
            rows = _renames_first(session, rows)
        if rows:
            _upsert(session, table, rows, columns)
        if tbl == "user" and rows:
            # The audit log records the user table as the pull left it (issue 14).
            now = datetime.now(SOFIA).replace(tzinfo=None)
            audit(session, "sync_users_pulled", now, user_id=None, desk_id=me, users=len(rows))
        if tbl == "payment" and rows:
            _insert_children(session, rows, fetched)
    if fetched.get("receipt"):
        receipts = [r for r in fetched["receipt"] if r["void_id"] is not None]
        write_rows(session, T["receipt"], receipts, "ON CONFLICT DO NOTHING")
    if me is not None:
        _no_echo(session, siblings)
        own = [r["number"] for r in fetched.get("receipt", []) if r["desk_id"] == me]
        if own:
            follow_series(session, me, max(own), datetime.now(SOFIA).replace(tzinfo=None))


def _sibling_shifts(session: Session, rows: list[dict[str, Any]]) -> None:
    """This desk's shifts as another file of it opened or closed them.

    A shift this file does not have is brought in (its payments name it), even
    open beside one of this file's own (migration 0008); a shift open here that
    the central database holds closed was closed by the other file. A shift
    this file has is otherwise its own to write."""
    shift = T["shift"]
    closing = ("closed_at", "expected_cents", "counted_cents", "count_json")
    for row in rows:
        held = session.execute(select(shift.c.closed_at).where(shift.c.id == row["id"])).first()
        if held is None:
            set_setting(session, SIBLING_SHIFT, str(row["id"]))
            write_rows(session, shift, [row], "ON CONFLICT DO NOTHING")
            session.execute(delete(Setting).where(Setting.key == SIBLING_SHIFT))
        elif held.closed_at is None and row["closed_at"] is not None:
            sets = ", ".join(f"{n} = ?" for n in closing)
            session.connection().exec_driver_sql(
                f"UPDATE shift SET {sets} WHERE id = ?", (*(row[n] for n in closing), row["id"])
            )


def _no_echo(session: Session, siblings: dict[str, list[str]]) -> None:
    """Another file's rows this pull wrote were queued by the outbox triggers (they are
    this desk's): the central database has them, so they are not sent back."""
    for tbl, keys in siblings.items():
        for chunk in chunks(keys, 500):
            session.execute(delete(Outbox).where(Outbox.tbl == tbl, Outbox.key.in_(chunk)))


def _renames_first(session: Session, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Users this desk has before new ones: a user renamed centrally (a name two
    desks gave) frees the name here before the other desk's user takes it."""
    ids = [r["id"] for r in rows]
    have: set[int] = set()
    for chunk in chunks(ids, 500):
        have |= set(session.scalars(select(T["user"].c.id).where(T["user"].c.id.in_(chunk))))
    return sorted(rows, key=lambda r: r["id"] not in have)


def _key_of(tbl: str, row: dict[str, Any]) -> str:
    if tbl in COMPOSITE:
        first, second = COMPOSITE[tbl]
        return f"{row[first]}/{row[second]}"
    return str(row["id"])


def _upsert(
    session: Session, table: Table, rows: list[dict[str, Any]], columns: tuple[str, ...] | None
) -> None:
    names = [c.name for c in table.columns if c.name in rows[0]]
    keys = COMPOSITE.get(table.name, ("id",))
    chosen = columns if columns is not None else tuple(n for n in names if n not in keys)
    write_rows(session, table, rows, _update(keys, chosen) if chosen else "ON CONFLICT DO NOTHING")


def _update(keys: Sequence[str], columns: Sequence[str]) -> str:
    quote = SQLITE.identifier_preparer.quote
    sets = ", ".join(f"{quote(n)} = excluded.{quote(n)}" for n in columns)
    return f"ON CONFLICT ({', '.join(quote(k) for k in keys)}) DO UPDATE SET {sets}"


def _insert_children(
    session: Session, payments: list[dict[str, Any]], fetched: dict[str, list[dict[str, Any]]]
) -> None:
    """Allocations and receipts of payments new to this desk (its own are there already)."""
    ids = [p["id"] for p in payments]
    have = set()
    for chunk in chunks(ids, 500):
        have |= set(
            session.scalars(
                select(T["allocation"].c.payment_id)
                .where(T["allocation"].c.payment_id.in_(chunk))
                .distinct()
            )
        )
    allocations = [a for a in fetched.get("allocation", []) if a["payment_id"] not in have]
    write_rows(session, T["allocation"], allocations)
    receipts = [r for r in fetched.get("receipt", []) if r["payment_id"] is not None]
    write_rows(session, T["receipt"], receipts, "ON CONFLICT DO NOTHING")
