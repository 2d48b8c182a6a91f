"""The first replica of a new desk, and the change log's compaction (see desk.sync.replication)."""

from __future__ import annotations

import secrets
import sqlite3
from collections.abc import Iterator
from datetime import datetime

from sqlalchemy import (
    Table,
    func,
    select,
    text,
)
from sqlalchemy.orm import Session

from desk.messages import SOFIA
from desk.models.db import Database
from desk.services.desk_identity import (
    CID_KEY,
    DESK_CODE,
    PULLED_AT,
    SEQ_KEY,
)
from desk.services.file_identity import FINGERPRINT, fingerprint
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

REPLICA_PAGE = 20_000


def first_replica(
    local: Database,
    central: CentralDatabase,
    desk_code: str,
    progress: Progress | None = None,
) -> PullResult:
    """Copy every replicated table into an empty local database, then become ``desk_code``.

    Made for a million properties (tens of millions of rows): rows stream from
    a server-side cursor in one REPEATABLE READ snapshot straight into SQLite
    through the DB-API, without building ORM rows, and the new file is written
    without fsync until the copy is complete. A copy cut short leaves a file
    that is not yet a desk (no desk code, no position): start again on a new file.
    """
    with local.read() as session:
        held = session.scalar(select(func.count()).select_from(T["property"])) or 0
    if held:
        raise ReplicaRefused("sync.replica_not_empty", path=str(local.path))
    order = [t for t in PULLED if t not in ("payment", "void")]
    order += ["payment", "allocation", "void", "receipt"]
    copied = 0
    target = sqlite3.connect(local.path, isolation_level=None)
    try:
        target.execute("PRAGMA synchronous = OFF")
        with central.read() as source:
            seq = source.scalar(text("SELECT coalesce(max(seq), 0) FROM change_txn")) or 0
            desk = source.execute(
                text("SELECT id FROM desk WHERE code = :c"), {"c": desk_code}
            ).scalar()
            if desk is None:
                raise ReplicaRefused("sync.central_has_no_desk", desk=desk_code)
            total = int(
                source.scalar(
                    text(
                        "SELECT sum(greatest(reltuples, 0))::bigint FROM pg_class "
                        "WHERE relname = ANY(:names) AND relkind = 'r'"
                    ),
                    {"names": order},
                )
                or 0
            )
            for tbl in order:
                target.execute("BEGIN")
                for count in _copy_table(source, target, T[tbl]):
                    copied += count
                    if progress:
                        progress(copied, max(total, copied))
                target.execute("COMMIT")
        # Durable before the file says it is a desk: the checkpoint fsyncs with FULL.
        target.execute("PRAGMA synchronous = FULL")
        target.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        target.close()
    with local.write() as session:
        set_setting(session, SEQ_KEY, str(seq))
        set_setting(session, CID_KEY, str(ALL_OF_SEQ))
        set_setting(session, PULLED_AT, utc_stamp())
        mark_pulled_outbox(session)
        set_setting(session, DESK_CODE, desk_code)
    # This file is now the desk's current one (migration c0007), holding every
    # number the desk gave: its series goes on after the highest.
    token = secrets.token_hex(16)
    with central.write() as session:
        report_sync(session, pulled_seq=int(seq))
        session.execute(text("SELECT desk_lineage_join(:n)"), {"n": token})
    with local.write() as session:
        set_setting(session, LINEAGE, token)
        set_setting(session, FINGERPRINT, fingerprint(local.path))
        me = this_desk_id(session)
        receipt = T["receipt"]
        highest = session.scalar(select(func.max(receipt.c.number)).where(receipt.c.desk_id == me))
        if me is not None and highest:
            follow_series(session, me, int(highest), datetime.now(SOFIA).replace(tzinfo=None))
    return PullResult(changes=copied, pages=0, position=(int(seq), ALL_OF_SEQ))


def compact_change_log(central: CentralDatabase) -> int:
    """Forget the changes every joined desk has pulled; the number of log rows removed.

    A desk that joined reported the sequence of its replica, and each pull
    reports how far it got (desk_sync); changes at or below the lowest of those
    are needed by no desk, and a desk that joins later takes a first replica.
    A desk that joined but stopped syncing holds the log back: retire it
    (delete its desk_sync row) to let the log shrink.
    """
    with central.write() as session:
        lowest = session.scalar(text("SELECT min(pulled_seq) FROM desk_sync"))
        if lowest is None:
            return 0
        removed = session.scalar(
            text(
                "WITH gone AS (DELETE FROM change_log c USING change_txn t "
                "WHERE c.xid = t.xid AND t.seq <= :s RETURNING 1) SELECT count(*) FROM gone"
            ),
            {"s": lowest},
        )
        session.execute(text("DELETE FROM change_txn WHERE seq <= :s"), {"s": lowest})
        return int(removed or 0)


def _copy_table(source: Session, target: sqlite3.Connection, table: Table) -> Iterator[int]:
    """Stream one table into SQLite; yields the rows of each page as it lands."""
    # Local allocation ids are the desk's own (the push leaves them out too).
    names = [c.name for c in table.columns if not (table.name == "allocation" and c.name == "id")]
    quote = SQLITE.identifier_preparer.quote
    pg_quote = source.get_bind().dialect.identifier_preparer.quote  # "user" is reserved there
    keys = ", ".join(pg_quote(c.name) for c in table.primary_key.columns)
    # PostgreSQL writes dates, times and booleans the way SQLAlchemy stores them in
    # SQLite, so the rows go in as they come, and queries compare alike.
    selected = ", ".join(as_sqlite_stores(table.c[n], pg_quote(n)) for n in names)
    insert = (
        f"INSERT OR IGNORE INTO {quote(table.name)} ({', '.join(quote(n) for n in names)}) "
        f"VALUES ({', '.join('?' * len(names))})"
    )
    raw = source.connection().connection.driver_connection
    assert raw is not None
    with raw.cursor(name=f"replica_{table.name}") as cursor:
        cursor.itersize = REPLICA_PAGE
        relation = USER_SOURCE if table.name == "user" else pg_quote(table.name)
        cursor.execute(f"SELECT {selected} FROM {relation} ORDER BY {keys}")
        while rows := cursor.fetchmany(REPLICA_PAGE):
            target.executemany(insert, rows)
            yield len(rows)
