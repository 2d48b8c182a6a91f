"""desk.models.rows: Core SELECTs on the driver's cursor, on a real SQLite file."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine, bindparam, event, literal_column, select
from sqlalchemy.exc import OperationalError

from desk.models.db import Database
from desk.models.rows import Query, Reader
from desk.models.tables import Payer, Property, Tenure

HOLDERS = Query(
    select(Payer.payer_code, Tenure.start, Tenure.end)
    .join(Tenure, Tenure.payer_id == Payer.id)
    .where(Payer.payer_code == bindparam("code"))
    .order_by(Tenure.start)
)


def _add(db: Database) -> None:
    with db.write() as session:
        session.add(
            Property(id=1, subscriber_number="1000001", district="Младост", address="бл. 1")
        )
        session.add(Payer(id=1, payer_code="4000000010", kind="person", name="Иван"))
        session.add(Tenure(payer_id=1, property_id=1, kind="ownership", start=date(2015, 3, 1)))
        session.add(Tenure(payer_id=1, property_id=1, kind="use", start=date(2020, 1, 1)))


def test_rows_come_as_tuples_with_the_dialects_own_types(db: Database) -> None:
    _add(db)
    with db.snapshot() as reader:
        rows = HOLDERS.all(reader, code="4000000010")
        assert HOLDERS.first(reader, code="4000000099") is None
        assert HOLDERS.scalar(reader, code="4000000010") == "4000000010"
    # SQLite keeps dates as text: they come back as dates, a NULL as None.
    assert rows == [
        ("4000000010", date(2015, 3, 1), None),
        ("4000000010", date(2020, 1, 1), None),
    ]


def test_in_a_session_the_pending_changes_are_read_as_its_own_queries_would(
    db: Database,
) -> None:
    _add(db)
    with db.write() as session:
        session.add(Tenure(payer_id=1, property_id=1, kind="tenancy", start=date(2026, 1, 1)))
        assert len(HOLDERS.all(Reader.of(session), code="4000000010")) == 3
        with db.snapshot() as reader:  # another connection: not committed yet
            assert len(HOLDERS.all(reader, code="4000000010")) == 2


def test_a_snapshot_leaves_no_transaction_open(db: Database) -> None:
    _add(db)
    with db.snapshot() as reader:
        HOLDERS.all(reader, code="4000000010")
        assert reader.driver.in_transaction
    assert not reader.driver.in_transaction
    with db.write() as session:  # a writer is not kept waiting by the reader
        session.add(Tenure(payer_id=1, property_id=1, kind="use", start=date(2026, 2, 1)))


def test_the_engines_listeners_see_each_statement(db: Database) -> None:
    """What lets a test say "no SQL on the GUI thread" of these reads too."""
    seen: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        seen.append(statement)

    _add(db)
    event.listen(Engine, "before_cursor_execute", record)
    try:
        with db.snapshot() as reader:
            HOLDERS.all(reader, code="4000000010")
    finally:
        event.remove(Engine, "before_cursor_execute", record)
    assert len(seen) == 1 and "payer_code" in seen[0]


def test_a_drivers_error_arrives_as_sqlalchemys(db: Database) -> None:
    """The window and the sync know SQLAlchemy's errors (a busy file, a lost server)."""
    nowhere = Query(select(literal_column("nowhere")))
    with db.snapshot() as reader, pytest.raises(OperationalError, match="no such column"):
        nowhere.all(reader)
