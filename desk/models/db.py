"""Engine and session setup for the local SQLite database.

Per connection: WAL, ``synchronous=FULL`` and ``foreign_keys=ON``. pysqlite's
own transaction handling is switched off and SQLAlchemy's "begin" event issues
``BEGIN IMMEDIATE`` for writes (the SQLAlchemy recipe for SQLite), so a write
either takes the lock at its start or fails before anything is done, and a
failed migration rolls back whole.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, sessionmaker

from desk.models.rows import Reader

BUSY_TIMEOUT_MS = 5000


def make_engine(path: Path | str) -> Engine:
    engine = create_engine(f"sqlite:///{path}", future=True)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        mode = conn.get_execution_options().get("begin_mode", "IMMEDIATE")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


class Database:
    """The local database of one desk: a file path and two session kinds."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.engine = make_engine(self.path)
        self._writer = sessionmaker(self.engine, expire_on_commit=False)
        self._reader = sessionmaker(
            self.engine.execution_options(begin_mode="DEFERRED"), expire_on_commit=False
        )

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction (BEGIN IMMEDIATE): commit on success, else roll back."""
        with self._writer() as session, session.begin():
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only snapshot (deferred BEGIN, so readers never wait for writers)."""
        with self._reader() as session, session.begin():
            yield session

    @contextmanager
    def snapshot(self) -> Iterator[Reader]:
        """A read-only snapshot without a Session, for ``desk.models.rows`` queries: the
        lookups a cashier waits on, where a Session costs more than the reading."""
        with self.engine.connect() as connection:
            # The driver's own BEGIN: SQLAlchemy's would run the "begin" event's SQL
            # through its whole execution path, as costly as the lookup itself.
            driver = connection.connection.dbapi_connection
            assert driver is not None
            driver.execute("BEGIN DEFERRED")
            try:
                yield Reader(connection, driver)
            finally:
                driver.rollback()  # nothing was written: ends the read transaction

    def close(self) -> None:
        self.engine.dispose()


def open_database(path: Path | str, *, upgrade: bool = True) -> Database:
    """Open (and create or upgrade to the newest schema) a local database."""
    if upgrade:
        from desk.models.migrate import upgrade_database

        upgrade_database(path)
    return Database(path)
