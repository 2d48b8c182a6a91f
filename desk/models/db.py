"""Session setup for the local SQLite database, on the engine of desk.models.engine.

Each connection is set up there (WAL, ``synchronous=FULL``, ``foreign_keys=ON``,
``BEGIN IMMEDIATE`` for writes); here a desk's file gets its two session kinds, and
``open_database`` creates or upgrades it first (desk.models.migrate).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from desk.models.engine import DEFAULT_BUSY_TIMEOUT_MS, make_engine
from desk.models.rows import Reader

# The wait for another writer's lock, read when a Database is made (a test shortens it).
BUSY_TIMEOUT_MS = DEFAULT_BUSY_TIMEOUT_MS


class Database:
    """The local database of one desk: a file path and two session kinds."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.engine = make_engine(self.path, BUSY_TIMEOUT_MS)
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
        # Alembic loads only when a file is opened, not with every module that names
        # a Database (desk.models.migrate imports the engine, never this module).
        from desk.models.migrate import upgrade_database

        upgrade_database(path)
    return Database(path)
