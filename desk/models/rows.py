"""Core SELECTs run straight on the driver's cursor, compiled once per dialect.

A cashier's lookup reads a handful of rows by an index: some 20 µs of SQLite's
time. An ORM Session took ~120 µs to open and close a read, and Core's
statement caching, execution and result machinery ~60 µs per statement, so a
lookup cost 25 times the engine's work and a payer's account 8 times (issue 15,
``bench.lookup``). The statements stay SQLAlchemy Core, one text for the desk's
SQLite and the central PostgreSQL, checked against the models; each is compiled
once for a dialect and its rows come back as plain tuples, with the dialect's
own conversion per column (SQLite keeps dates as text).

Parameters are named ``bindparam``s given as plain values (text, integers):
nothing converts them on the way in.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.orm import Session
from sqlalchemy.sql.selectable import SelectBase

Row = tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class Reader:
    """An open transaction: SQLAlchemy's connection (its dialect, its events) and the
    driver's connection beneath it (sqlite3, psycopg), whose cursor runs the SQL."""

    connection: Connection
    driver: Any

    @classmethod
    def of(cls, source: Session | Reader) -> Reader:
        """The session's own connection, in its transaction, after its pending
        changes are flushed (as the session's own queries would autoflush them)."""
        if isinstance(source, Reader):
            return source
        if source.autoflush:
            source.flush()
        connection = source.connection()
        return cls(connection, connection.connection.dbapi_connection)


@dataclass(frozen=True, slots=True)
class _Compiled:
    sql: str
    names: tuple[str, ...] | None  # positional parameters in order; None: by name
    convert: tuple[tuple[int, Callable[[Any], Any]], ...]  # column index, conversion


class Query:
    """One SELECT, compiled the first time a dialect runs it."""

    def __init__(self, statement: SelectBase) -> None:
        self.statement = statement
        self._compiled: dict[str, _Compiled] = {}

    def all(self, reader: Reader, **params: object) -> list[Row]:
        connection = reader.connection
        dialect = connection.dialect
        compiled = self._compiled.get(dialect.name) or self._compile(dialect)
        args: Sequence[object] | Mapping[str, object] = (
            params if compiled.names is None else [params[n] for n in compiled.names]
        )
        # The statement is still seen by the engine's listeners (the tests' "no SQL
        # on the GUI thread" among them): those of the engine and of its class.
        listeners = connection.engine.dispatch
        cursor = reader.driver.cursor()
        try:
            if listeners.before_cursor_execute:
                listeners.before_cursor_execute(connection, cursor, compiled.sql, args, None, False)
            cursor.execute(compiled.sql, args)
            rows: list[Row] = cursor.fetchall()
            if listeners.after_cursor_execute:
                listeners.after_cursor_execute(connection, cursor, compiled.sql, args, None, False)
        except Exception as error:
            # As in SQLAlchemy's own execution: the driver's error arrives as its
            # DBAPIError (what the window and the sync tell the user about), and a
            # connection lost is invalidated, not handed out again.
            connection._handle_dbapi_exception(error, compiled.sql, args, cursor, None)
        finally:
            cursor.close()
        if compiled.convert:
            rows = [_converted(row, compiled.convert) for row in rows]
        return rows

    def first(self, reader: Reader, **params: object) -> Row | None:
        rows = self.all(reader, **params)
        return rows[0] if rows else None

    def scalar(self, reader: Reader, **params: object) -> Any:
        row = self.first(reader, **params)
        return None if row is None else row[0]

    def _compile(self, dialect: Dialect) -> _Compiled:
        compiled = self.statement.compile(dialect=dialect)
        convert = []
        for index, column in enumerate(self.statement.selected_columns):
            process = column.type.dialect_impl(dialect).result_processor(dialect, None)
            if process is not None:
                convert.append((index, process))
        names = tuple(compiled.positiontup or ()) if dialect.positional else None
        found = _Compiled(compiled.string, names, tuple(convert))
        self._compiled[dialect.name] = found
        return found


def _converted(row: Row, convert: tuple[tuple[int, Callable[[Any], Any]], ...]) -> Row:
    values = list(row)
    for index, process in convert:
        values[index] = process(values[index])
    return tuple(values)
