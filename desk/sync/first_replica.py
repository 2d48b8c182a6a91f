"""The first replica of a new desk (see desk.sync.replication)."""

from __future__ import annotations

import json
import queue
import re
import secrets
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import psycopg
from sqlalchemy import Table, func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from desk.messages import SOFIA
from desk.models.db import Database
from desk.services.desk_identity import CID_KEY, DESK_CODE, PULLED_AT, SEQ_KEY
from desk.services.file_identity import FINGERPRINT, fingerprint
from desk.services.retention import HISTORY_FROM, PAYMENTS_SEEN, history_start
from desk.sync.central import CentralDatabase
from desk.sync.exchange import (
    ALL_OF_SEQ,
    LINEAGE,
    PULLED,
    SQLITE,
    USER_SOURCE,
    Progress,
    PullResult,
    ReplicaRefused,
    T,
    as_sqlite_stores,
    follow_series,
    mark_pulled_outbox,
    report_sync,
    set_setting,
    this_desk_id,
    utc_stamp,
)

# The money's history, copied as one unit: which of it a desk keeps is decided
# across the five tables at once (desk.services.retention).
HISTORY = ("invoice", "payment", "allocation", "void", "receipt")
WHOLE = tuple(t for t in PULLED if t not in HISTORY)
# A join under way (JSON): where its first snapshot was, which units are in,
# and the index DDL set aside for the bulk load. Gone once the file is a desk.
JOINING = "replica_join"
PAGE = 20_000


@dataclass(slots=True)
class ReplicaResult(PullResult):
    """What a join copied: rows and seconds per table, the window, how it began."""

    tables: dict[str, tuple[int, float]] = field(default_factory=dict)
    phases: dict[str, float] = field(default_factory=dict)  # seconds of the steps around
    history_from: date | None = None
    began: str = "new"  # "new", "resumed" (a cut join's tables kept) or "restarted"


Announce = Callable[[str], None]


def first_replica(
    local: Database,
    central: CentralDatabase,
    desk_code: str,
    progress: Progress | None = None,
    *,
    today: date | None = None,
    whole: bool = False,
    announce: Announce | None = None,
) -> ReplicaResult:
    """Copy the central database into an empty local one, then become ``desk_code``.

    Made for a million properties: everything but the money's history is
    copied whole; of the history, the rows a desk keeps (desk.services.retention:
    open items and six months of the rest, from ``today``, by default the
    central's own date in Sofia; ``whole`` copies all). The kept sets are
    decided inside the copy's snapshot by one statement on PostgreSQL; rows
    stream from a server-side cursor in big pages into SQLite through the
    DB-API, the file unsynced and its secondary indexes built after the load.

    A copy cut short (a kill, a lost connection) leaves a file that says so
    (JOINING): joined again, it keeps the units it completed and copies the
    rest in a new snapshot, its pull position staying the first snapshot's
    (the desk reported it at the start, so the central log keeps the changes
    since, and the first pull re-applies them; pulls upsert). A file cut short
    of another desk or central database, or whose changes the log may no
    longer hold, is emptied and copied again. ``announce`` hears which
    ("sync.join_resumed" or "sync.join_restarted"), and when the window is being
    decided ("sync.join_window_deciding").
    """
    state = _joining(local, desk_code)
    target = _bulk_connection(local)
    result = ReplicaResult()
    try:
        with central.read() as source:
            # One long statement decides the window (minutes at a million properties):
            # above a desk role's default limit (c0006), and better with room to hash.
            source.execute(text("SET LOCAL statement_timeout = 0"))
            source.execute(text("SET LOCAL work_mem = '256MB'"))
            desk = source.execute(
                text("SELECT id FROM desk WHERE code = :c"), {"c": desk_code}
            ).scalar()
            if desk is None:
                raise ReplicaRefused("sync.central_has_no_desk", desk=desk_code)
            database = source.scalar(text("SELECT current_database()"))
            seq = int(source.scalar(text("SELECT coalesce(max(seq), 0) FROM change_txn")) or 0)
            if state is not None:
                if _may_resume(source, state, desk_code, database):
                    result.began = "resumed"
                else:
                    _empty(target)
                    result.began = "restarted"
                    state = None
                if announce:
                    announce(f"sync.join_{result.began}")
            if state is None:
                state = {"desk": desk_code, "database": database, "seq": seq, "done": []}
                state["indexes"] = _set_indexes_aside(target, state)
                # Held from now: the log keeps every change after this snapshot until the
                # desk pulls past it, so a join cut short can resume from here.
                with central.write() as session:
                    report_sync(session, pulled_seq=seq)
            if today is None:
                today = source.scalar(text("SELECT (now() AT TIME ZONE 'Europe/Sofia')::date"))
            start = None if whole else history_start(today)
            if "history" in state["done"]:  # copied by the cut join: its window stands
                kept = state.get("history_from")
                start = date.fromisoformat(kept) if kept else None
            result.history_from = start
            state["history_from"] = start.isoformat() if start else None
            _save_state(target, state)
            meter = _Meter(progress, _estimate(source, state))
            for tbl in WHOLE:
                if tbl not in state["done"]:
                    clock = time.perf_counter()
                    target.execute("BEGIN")
                    rows = meter.add(_copy_table(source, target, T[tbl]))
                    _finish_unit(target, state, tbl)
                    result.tables[tbl] = (rows, time.perf_counter() - clock)
            if "history" not in state["done"]:
                if announce:  # the window is decided before its first row comes
                    announce("sync.join_window_deciding")
                clock = time.perf_counter()
                target.execute("BEGIN")
                for tbl, rows, seconds in _copy_history(
                    source, target, start, meter, result.phases
                ):
                    result.tables[tbl] = (rows, seconds)
                _finish_unit(target, state, "history")
                result.phases["history"] = time.perf_counter() - clock
            highest = source.scalar(
                text("SELECT max(number) FROM receipt WHERE desk_id = :d"), {"d": desk}
            )
        clock = time.perf_counter()
        _restore_indexes(target, state)
        result.phases["indexes and search"] = time.perf_counter() - clock
        seq = int(state["seq"])
        result.changes = sum(rows for rows, _ in result.tables.values())
    finally:
        target.close()
    with local.write() as session:
        set_setting(session, SEQ_KEY, str(seq))
        set_setting(session, CID_KEY, str(ALL_OF_SEQ))
        set_setting(session, PULLED_AT, utc_stamp())
        if result.history_from is not None:
            set_setting(session, HISTORY_FROM, result.history_from.isoformat())
            # Every payment copied is already the window's: the first roll looks only
            # at what comes after them (desk.services.retention), not at them all.
            copied = session.scalar(text("SELECT coalesce(max(rowid), 0) FROM payment"))
            set_setting(session, PAYMENTS_SEEN, str(copied or 0))
        mark_pulled_outbox(session)
        set_setting(session, DESK_CODE, desk_code)
        session.execute(text("DELETE FROM setting WHERE key = :k"), {"k": JOINING})
    # This file is now the desk's current one (migration c0007): its series goes on
    # after the highest number the desk gave, as the central database holds it (the
    # window may have left that receipt there).
    token = secrets.token_hex(16)
    with central.write() as session:
        report_sync(session, pulled_seq=seq)
        session.execute(text("SELECT desk_lineage_join(:n)"), {"n": token})
    with local.write() as session:
        set_setting(session, LINEAGE, token)
        set_setting(session, FINGERPRINT, fingerprint(local.path))
        me = this_desk_id(session)
        if me is not None and highest:
            follow_series(session, me, int(highest), datetime.now(SOFIA).replace(tzinfo=None))
    result.position = (seq, ALL_OF_SEQ)
    return result


def _joining(local: Database, desk_code: str) -> dict[str, Any] | None:
    """The state of a join cut short in this file; refused if the file is a desk or holds data."""
    with local.read() as session:
        values: dict[str, str] = dict(
            session.execute(
                text("SELECT key, value FROM setting WHERE key IN (:a, :b)"),
                {"a": JOINING, "b": DESK_CODE},
            ).all()
        )
        held = session.scalar(select(func.count()).select_from(T["property"])) or 0
    if JOINING in values and DESK_CODE not in values:
        state: dict[str, Any] = json.loads(values[JOINING])
        return state
    if held or DESK_CODE in values:
        raise ReplicaRefused("sync.replica_not_empty", path=str(local.path))
    return None


def _may_resume(source: Session, state: dict[str, Any], desk_code: str, database: str) -> bool:
    """The same desk and central database, and the log still holds every change after
    the first snapshot (the desk's reported position is not past it)."""
    if state.get("desk") != desk_code or state.get("database") != database:
        return False
    reported = source.scalar(text("SELECT pulled_seq FROM desk_sync WHERE desk_id = desk_self()"))
    return reported is not None and int(reported) <= int(state["seq"])


def _bulk_connection(local: Database) -> sqlite3.Connection:
    """The file's own connection for the load: a rollback journal (a kill leaves it whole,
    and pages added to the file's end need no journal) and no fsync until the end."""
    local.engine.dispose()  # leaving WAL needs the only connection
    target = sqlite3.connect(local.path, isolation_level=None)
    target.execute("PRAGMA journal_mode = TRUNCATE")
    target.execute("PRAGMA synchronous = OFF")
    target.execute("PRAGMA cache_size = -262144")  # 256 MiB, for the indexes built after
    return target


def _save_state(target: sqlite3.Connection, state: dict[str, Any]) -> None:
    target.execute(
        "INSERT INTO setting (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (JOINING, json.dumps(state)),
    )


def _finish_unit(target: sqlite3.Connection, state: dict[str, Any], unit: str) -> None:
    """The unit's rows and the record that they are complete, in one commit."""
    state["done"].append(unit)
    _save_state(target, state)
    target.execute("COMMIT")


COPIED = (*WHOLE, *HISTORY)


def _set_indexes_aside(target: sqlite3.Connection, state: dict[str, Any]) -> list[str]:
    """Drop the copied tables' secondary indexes (built after the load, once each:
    far cheaper than row by row); their DDL is kept in the join's state."""
    marks = ", ".join("?" * len(COPIED))
    found = target.execute(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        f"AND tbl_name IN ({marks})",
        COPIED,
    ).fetchall()
    target.execute("BEGIN")
    state["indexes"] = [sql for _, sql in found]
    state["searched"] = _search_fill(target)
    # The outbox's triggers wait for a desk code the file gets only at the end, yet
    # ask for it row by row.
    queueing = target.execute(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
        f"AND name LIKE '%\\_outbox\\_insert' ESCAPE '\\' AND tbl_name IN ({marks})",
        COPIED,
    ).fetchall()
    state["triggers"] = [sql for _, sql in queueing]
    _save_state(target, state)
    for name, _ in found:
        target.execute(f"DROP INDEX {SQLITE.identifier_preparer.quote(name)}")
    for name, _ in queueing:
        target.execute(f"DROP TRIGGER {SQLITE.identifier_preparer.quote(name)}")
    if state["searched"]:
        target.execute(f"DROP TRIGGER {SEARCH_TRIGGER}")
    target.execute("COMMIT")
    return [sql for _, sql in found]


SEARCH_TRIGGER = "tenure_holder_ai"  # local migration 0002: a tenure's row in the name search
_ONE_TENURE = re.compile(
    r"BEGIN\s+(INSERT INTO holder_fts.*)\s+WHERE t\.id = new\.id;\s*END\s*$", re.S
)


def _search_fill(target: sqlite3.Connection) -> list[str]:
    """The name search's trigger and the statement that fills it for every tenure at
    once (one FTS5 insert of all rows, 5,000 tenures/s row by row), or nothing
    when the trigger is not as migration 0002 wrote it (then it stays)."""
    row = target.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (SEARCH_TRIGGER,)
    ).fetchone()
    found = _ONE_TENURE.search(row[0]) if row else None
    return [row[0], found.group(1)] if row and found else []


def _restore_indexes(target: sqlite3.Connection, state: dict[str, Any]) -> None:
    target.execute("BEGIN")
    for sql in state.get("indexes", []):
        target.execute(sql)
    if state.get("searched"):
        trigger, fill = state["searched"]
        target.execute(fill)
        target.execute(trigger)
    for sql in state.get("triggers", []):
        target.execute(sql)
    state["indexes"], state["searched"], state["triggers"] = [], [], []
    _save_state(target, state)
    target.execute("COMMIT")
    # Durable before the file says it is a desk; the app's connections go on in WAL.
    target.execute("PRAGMA synchronous = FULL")
    target.execute("PRAGMA journal_mode = WAL")


def _empty(target: sqlite3.Connection) -> None:
    """A restart: the rows a cut join copied go (the append-only tables' guards set
    aside for it), and the indexes it set aside come back first."""
    row = target.execute("SELECT value FROM setting WHERE key = ?", (JOINING,)).fetchone()
    state = json.loads(row[0])
    target.execute("BEGIN")
    for sql in state.get("indexes", []):
        target.execute(sql)
    if state.get("searched"):
        target.execute(state["searched"][0])
    for sql in state.get("triggers", []):
        target.execute(sql)
    guards = target.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%_no_delete'"
    ).fetchall()
    for name, _ in guards:
        target.execute(f"DROP TRIGGER {name}")
    for tbl in reversed(COPIED):
        target.execute(f"DELETE FROM {SQLITE.identifier_preparer.quote(tbl)}")
    for _, sql in guards:
        target.execute(sql)
    target.execute("DELETE FROM setting WHERE key = ?", (JOINING,))
    target.execute("COMMIT")


def _estimate(source: Session, state: dict[str, Any]) -> int:
    """Rows still to copy, as the statistics have them (the history at its share kept)."""
    counts: dict[str, int] = dict(
        source.execute(
            text(
                "SELECT relname, greatest(reltuples, 0)::bigint FROM pg_class "
                "WHERE relname = ANY(:names) AND relkind = 'r'"
            ),
            {"names": list(COPIED)},
        ).all()
    )
    total = sum(int(counts.get(t, 0)) for t in WHOLE if t not in state["done"])
    if "history" not in state["done"]:
        total += sum(int(counts.get(t, 0)) for t in HISTORY)
    return total


class _Meter:
    """Rows copied against an estimate that the history's own count replaces."""

    def __init__(self, progress: Progress | None, total: int) -> None:
        self.progress, self.total, self.done = progress, total, 0

    def add(self, pages: Iterator[int]) -> int:
        rows = 0
        for count in pages:
            rows += count
            self.step(count)
        return rows

    def step(self, count: int) -> None:
        self.done += count
        if self.progress:
            self.progress(self.done, max(self.total, self.done))

    def expect(self, remaining: int) -> None:
        self.total = self.done + remaining
        self.step(0)


def _columns(table: Table) -> list[str]:
    # Local allocation ids are the desk's own (the push leaves them out too).
    return [c.name for c in table.columns if not (table.name == "allocation" and c.name == "id")]


def _insert_sql(table: Table, names: list[str]) -> str:
    quote = SQLITE.identifier_preparer.quote
    return (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(n) for n in names)}) "
        f"VALUES ({', '.join('?' * len(names))})"
    )


def _raw(source: Session) -> Any:
    raw = source.connection().connection.driver_connection
    assert raw is not None
    return raw


def _pg_quote(source: Session) -> Callable[[str], str]:
    return source.get_bind().dialect.identifier_preparer.quote


def _copy_table(source: Session, target: sqlite3.Connection, table: Table) -> Iterator[int]:
    """Stream one whole table into SQLite; yields the rows of each page as it lands."""
    names = _columns(table)
    quote = _pg_quote(source)
    keys = ", ".join(quote(c.name) for c in table.primary_key.columns)
    # PostgreSQL writes dates, times and booleans the way SQLAlchemy stores them in
    # SQLite, so the rows go in as they come, and queries compare alike.
    selected = ", ".join(as_sqlite_stores(table.c[n], quote(n)) for n in names)
    relation = USER_SOURCE if table.name == "user" else quote(table.name)
    insert = _insert_sql(table, names)
    for page in _pages(source, f"SELECT {selected} FROM {relation} ORDER BY {keys}"):
        target.executemany(insert, page)
        yield len(page)


def _pages(source: Session, sql: str) -> Iterator[list[tuple[Any, ...]]]:
    """A statement's rows in big pages from a server-side cursor, the next page fetched
    by a thread while the caller writes this one (PostgreSQL computes a page only when
    asked for it; psycopg and sqlite3 both let go of the GIL while they wait).

    (COPY TO STDOUT was tried: psycopg hands its rows out one message at a time,
    27 µs each in Python, where a fetched page is built in C.)"""
    pages: queue.Queue[list[tuple[Any, ...]] | BaseException | None] = queue.Queue(maxsize=2)
    stop = threading.Event()

    def fetch() -> None:
        try:
            with _raw(source).cursor(name="replica") as cursor:
                cursor.itersize = PAGE
                cursor.execute(sql)
                while not stop.is_set():
                    page = cursor.fetchmany(PAGE)
                    _hand(pages, page or None, stop)
                    if not page:
                        return
        except psycopg.Error as exc:  # as SQLAlchemy raises it elsewhere: "offline" and the like
            _hand(pages, DBAPIError.instance(sql, None, exc, psycopg.Error), stop)
        except BaseException as exc:  # raised again in the caller's thread
            _hand(pages, exc, stop)

    worker = threading.Thread(target=fetch, name="replica-fetch", daemon=True)
    worker.start()
    whole = False
    try:
        while (got := pages.get()) is not None:
            if isinstance(got, BaseException):
                raise got
            yield got
        whole = True
    finally:
        stop.set()
        # Cut short (Ctrl-C, an error here) while a statement runs, for minutes maybe
        # (the window): stop it. Never after the last page: the connection goes on.
        if not whole and worker.is_alive():
            _raw(source).cancel_safe()
        worker.join()


def _hand(pages: queue.Queue[Any], item: Any, stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            pages.put(item, timeout=0.1)
            return
        except queue.Full:
            continue


def _copy_history(
    source: Session,
    target: sqlite3.Connection,
    start: date | None,
    meter: _Meter,
    phases: dict[str, float],
) -> Iterator[tuple[str, int, float]]:
    """The five history tables from one statement (so the kept sets are computed
    once, in this snapshot: a desk may create no temporary table there, c0002),
    each row tagged with its table; yields (table, rows, seconds) as each ends."""
    quote = _pg_quote(source)
    names = {t: _columns(T[t]) for t in HISTORY}
    width = max(len(n) for n in names.values())
    sql = _history_sql(quote, names, width, start)
    inserts = {t: _insert_sql(T[t], names[t]) for t in HISTORY}
    rows, clock = 0, time.perf_counter()
    current: int | None = None
    for page in _pages(source, sql):
        if page[0][0] < 0:  # first, the rows expected: the bar's total
            phases["kept sets"] = time.perf_counter() - clock
            meter.expect(int(page[0][1]))
            page = page[1:]
        tags = [row[0] for row in page]
        at = 0
        while at < len(page):  # runs of one table (the branches come in order)
            tag, end = tags[at], at + 1
            while end < len(page) and tags[end] == tag:
                end += 1
            if tag != current:
                if current is not None:
                    yield HISTORY[current], rows, time.perf_counter() - clock
                current, rows, clock = tag, 0, time.perf_counter()
            width = len(names[HISTORY[tag]]) + 1
            target.executemany(inserts[HISTORY[tag]], [row[1:width] for row in page[at:end]])
            meter.step(end - at)
            rows += end - at
            at = end
    if current is not None:
        yield HISTORY[current], rows, time.perf_counter() - clock


def _history_sql(
    quote: Callable[[str], str], names: dict[str, list[str]], width: int, start: date | None
) -> str:
    """The kept history (everything when ``start`` is None), tagged 0..4 by
    table in HISTORY's order, after a first row (-1) with the expected row count."""

    def branch(tag: int, tbl: str, alias: str, where: str) -> str:
        cols = [
            f"({as_sqlite_stores(T[tbl].c[n], f'{alias}.{quote(n)}')})::text" for n in names[tbl]
        ]
        cols += ["NULL::text"] * (width - len(cols))
        return f"SELECT {tag}::int2, {', '.join(cols)} FROM {tbl} {alias} {where}"

    if start is None:
        return _whole_history_sql(branch, width)
    c = f"DATE '{start.isoformat()}'"
    kept = f"""
        settled AS MATERIALIZED (
            SELECT a.invoice_id,
                   bool_or(p.paid_at >= {c}) AS late,
                   bool_or(p.currency <> i.currency OR p.method = 'credit') AS mixed,
                   sum(a.amount_cents + a.commercial_cents + a.loyalty_cents) AS cents
            FROM allocation a
            JOIN payment p ON p.id = a.payment_id
            JOIN invoice i ON i.id = a.invoice_id
            WHERE i.issued < {c} AND i.amount_cents > 0 AND i.plan_id IS NULL
              AND NOT EXISTS (SELECT 1 FROM void v WHERE v.payment_id = p.id)
            GROUP BY a.invoice_id),
        named AS MATERIALIZED (
            SELECT invoice_id FROM court_case_invoice
            UNION SELECT invoice_id FROM agreement_cover WHERE invoice_id IS NOT NULL),
        -- Joins, never "x IN (subquery)" under an OR: PostgreSQL runs those as a
        -- subplan, hashed only while the set fits in work_mem, else once per row.
        base_invoice AS MATERIALIZED (
            SELECT i.id FROM invoice i
            LEFT JOIN settled s ON s.invoice_id = i.id
            LEFT JOIN named n ON n.invoice_id = i.id
            WHERE i.issued >= {c} OR i.amount_cents <= 0 OR i.plan_id IS NOT NULL
               OR s.invoice_id IS NULL OR s.late OR s.mixed OR s.cents <> i.amount_cents
               OR n.invoice_id IS NOT NULL),
        base_payment AS MATERIALIZED (
            (SELECT p.id FROM payment p
             WHERE p.paid_at >= {c} OR p.credit_cents <> 0 OR p.credit_used_cents <> 0
                OR p.method = 'credit'
             UNION
             SELECT a.payment_id FROM allocation a LEFT JOIN base_invoice k ON k.id = a.invoice_id
             WHERE a.case_id IS NOT NULL OR a.installment_id IS NOT NULL OR k.id IS NOT NULL)
            EXCEPT
            SELECT v.payment_id FROM void v JOIN payment p ON p.id = v.payment_id
            WHERE p.paid_at < {c}),
        -- A bill goes only with every payment that paid it, and a payment stays with
        -- all it paid (desk.services.retention): from the bills a kept payment names,
        -- the payments (not voided) that paid them, their bills, and so on.
        grown(inv, pay) AS (
            SELECT a.invoice_id, NULL::text FROM allocation a
            JOIN base_payment b ON b.id = a.payment_id
            WHERE a.invoice_id IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM base_invoice k WHERE k.id = a.invoice_id)
            UNION
            -- Each step by an index, one way or the other (no join on an OR).
            SELECT x.inv, x.pay FROM grown g CROSS JOIN LATERAL (
                SELECT a.invoice_id AS inv, NULL::text AS pay FROM allocation a
                WHERE a.payment_id = g.pay AND a.invoice_id IS NOT NULL
                UNION ALL
                SELECT NULL::int, a.payment_id FROM allocation a
                WHERE a.invoice_id = g.inv
                  AND NOT EXISTS (SELECT 1 FROM void v WHERE v.payment_id = a.payment_id)) x),
        kept_invoice AS MATERIALIZED (
            SELECT id FROM base_invoice UNION SELECT inv FROM grown WHERE inv IS NOT NULL),
        kept_payment AS MATERIALIZED (
            SELECT id FROM base_payment UNION SELECT pay FROM grown WHERE pay IS NOT NULL)"""
    # Allocations, voids and receipts at the whole tables' ratio to payments.
    share = " + ".join(f"{_reltuples(t)}" for t in ("payment", "allocation", "void", "receipt"))
    count = (
        "SELECT -1::int2, ((SELECT count(*) FROM kept_invoice) + (SELECT count(*) FROM "
        f"kept_payment) * ({share}) / greatest({_reltuples('payment')}, 1))::bigint::text"
        + ", NULL::text"
        * (width - 1)
    )
    branches = [
        count,
        branch(0, "invoice", "i", "JOIN kept_invoice k ON k.id = i.id"),
        # In key order (bytewise, as SQLite compares text): SQLite then appends to the
        # payments' text key instead of inserting all over it (20,000 -> 84,000 rows/s).
        f"({branch(1, 'payment', 'p', 'JOIN kept_payment k ON k.id = p.id')} "
        'ORDER BY p.id COLLATE "C")',
        branch(2, "allocation", "a", "JOIN kept_payment k ON k.id = a.payment_id"),
        branch(3, "void", "v", "JOIN kept_payment k ON k.id = v.payment_id"),
        branch(
            4,
            "receipt",
            "r",
            "LEFT JOIN kept_payment k ON k.id = r.payment_id LEFT JOIN (SELECT v.id FROM void v "
            "JOIN kept_payment w ON w.id = v.payment_id) kv ON kv.id = r.void_id "
            "WHERE k.id IS NOT NULL OR kv.id IS NOT NULL",
        ),
    ]
    return f"WITH RECURSIVE {kept} {' UNION ALL '.join(branches)}"


def _reltuples(tbl: str) -> str:
    return (
        f"(SELECT greatest(reltuples, 0) FROM pg_class WHERE relname = '{tbl}' AND relkind = 'r')"
    )


def _whole_history_sql(branch: Callable[[int, str, str, str], str], width: int) -> str:
    counted = " + ".join(_reltuples(t) for t in HISTORY)
    count = f"SELECT -1::int2, ({counted})::bigint::text" + ", NULL::text" * (width - 1)
    parts = [count] + [branch(n, t, "x", "") for n, t in enumerate(HISTORY)]
    parts[2] = f'({parts[2]} ORDER BY x.id COLLATE "C")'  # payments, as in the window
    return " UNION ALL ".join(parts)
