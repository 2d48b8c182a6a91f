"""The SQLite engine of a desk's file: how every connection to it is set up.

Per connection: WAL, ``synchronous=FULL`` and ``foreign_keys=ON``. pysqlite's
own transaction handling is switched off and SQLAlchemy's "begin" event issues
``BEGIN IMMEDIATE`` for writes (the SQLAlchemy recipe for SQLite), so a write
either takes the lock at its start or fails before anything is done, and a
failed migration rolls back whole.

Apart from desk.models.db so that the migrations (desk.models.migrate) use the same
engine without importing the module that runs them on open: no import cycle.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection

DEFAULT_BUSY_TIMEOUT_MS = 5000


def make_engine(path: Path | str, busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS) -> Engine:
    engine = create_engine(f"sqlite:///{path}", future=True)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={busy_timeout_ms}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        mode = conn.get_execution_options().get("begin_mode", "IMMEDIATE")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine
