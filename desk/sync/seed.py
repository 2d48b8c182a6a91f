"""Fill an empty central database from a local one (the demo of ``desk central demo``).

Every table the two schemas share is copied in foreign-key order with
PostgreSQL's COPY, in one transaction, and every integer ``id`` sequence is
then set past the copied ids, so rows added later (a new desk, an import) get
fresh ones. Settings are the local file's own (which desk it is, the demo
seed) and the outbox is the local file's queue: neither is copied.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Integer, Table, func, select, text
from sqlalchemy.orm import Session

from desk.models.db import Database
from desk.models.tables import Base, Property
from desk.services.problems import UserError
from desk.sync.central import CentralDatabase

Progress = Callable[[int, int], None]
NOT_COPIED = ("setting", "outbox", "user_change", "card_email")  # card_email: local (0014)
PAGE = 10_000


def seeded_tables() -> list[Table]:
    """The tables copied, parents before children."""
    return [t for t in Base.metadata.sorted_tables if t.name not in NOT_COPIED]


def seed_central(
    central: CentralDatabase, source: Database | Path, progress: Progress | None = None
) -> dict[str, int]:
    """Copy ``source`` into ``central`` (which must hold no properties); rows per table."""
    local = source if isinstance(source, Database) else Database(source)
    try:
        return _seed(central, local, progress)
    finally:
        if local is not source:
            local.close()


def _seed(central: CentralDatabase, local: Database, progress: Progress | None) -> dict[str, int]:
    tables = seeded_tables()
    with local.read() as reading:
        total = sum(
            reading.scalar(select(func.count()).select_from(table)) or 0 for table in tables
        )
    copied: dict[str, int] = {}
    done = 0
    with central.write() as session:
        held = session.scalar(select(func.count()).select_from(Property)) or 0
        if held:
            raise UserError("sync.central_not_empty", count=held)
        if session.scalar(text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")):
            # A seed is not a change for desks to pull (they take a first replica),
            # and the source is one consistent database: skip the change log and the
            # foreign-key triggers for this transaction (2.06M rows: 149 s -> 38 s).
            session.execute(text("SET LOCAL session_replication_role = replica"))
        with local.read() as reading:
            for table in tables:
                copied[table.name] = _copy(session, reading, table)
                done += copied[table.name]
                if progress:
                    progress(done, max(total, done))
        for table in tables:
            _advance_sequence(session, table)
    return copied


def _copy(target: Session, source: Session, table: Table) -> int:
    """One table through the drivers: SQLite's rows as it stores them (dates and
    times as text, booleans as 0/1) are what PostgreSQL's COPY reads back as
    the same values, so nothing is converted row by row on the way."""
    names = [c.name for c in table.columns]
    quote = target.connection().dialect.identifier_preparer.quote
    columns = ", ".join(quote(n) for n in names)
    raw = target.connection().connection.driver_connection
    reader = source.connection().connection.driver_connection
    assert raw is not None and reader is not None
    keys = list(table.primary_key.columns)
    # A rowid table is read in its stored order; a text key's order would cost a
    # lookup per row in a big file, and PostgreSQL does not need it.
    ordered = len(keys) == 1 and isinstance(keys[0].type, Integer)
    sql_from = f"SELECT {columns} FROM {quote(table.name)}"
    rows = reader.execute(sql_from + (f" ORDER BY {quote(keys[0].name)}" if ordered else ""))
    count = 0
    sql = f"COPY {quote(table.name)} ({columns}) FROM STDIN"
    with raw.cursor() as cursor, cursor.copy(sql) as copy:
        while page := rows.fetchmany(PAGE):
            for row in page:
                copy.write_row(row)
            count += len(page)
    return count


def _advance_sequence(session: Session, table: Table) -> None:
    keys = list(table.primary_key.columns)
    if len(keys) != 1 or keys[0].name != "id" or not isinstance(keys[0].type, Integer):
        return
    quote = session.connection().dialect.identifier_preparer.quote
    sequence = session.scalar(
        text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": quote(table.name)}
    )
    if sequence is None:
        return
    session.execute(
        text(
            f"SELECT setval(:s, coalesce((SELECT max(id) FROM {quote(table.name)}), 0) + 1, false)"
        ),
        {"s": sequence},
    )
