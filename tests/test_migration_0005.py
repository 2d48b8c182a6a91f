"""Migration 0005 (the payer's second phone) on a database that already has data:
upgraded, everything kept and the column added; downgraded, the column gone and
the rest as it was (the payer table is not copied, so its triggers and the
foreign keys pointing at it survive)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from alembic import command
from sqlalchemy import Connection, text

from desk.models.db import Database, make_engine
from desk.models.migrate import alembic_config, upgrade_database
from desk.models.tables import Desk
from desk.services.contacts import ContactValues, change_contacts, payer_contacts
from desk.services.desk_identity import set_this_desk
from desk.services.importer import import_data
from desk.services.lookup import search
from desk.services.users import ensure_demo_users
from tests.conftest import SHARED
from tests.desk_fixtures import NOON, cashier

SCENARIO = "court_case_and_final_warning"
PAYER = "4000000127"


def _migrate(path: Path, direction: str, revision: str) -> None:
    engine = make_engine(path)
    try:
        with engine.begin() as connection:
            config = alembic_config()
            config.attributes["connection"] = connection
            getattr(command, direction)(config, revision)
    finally:
        engine.dispose()


def _read(path: Path, work: Any) -> Any:
    engine = make_engine(path)
    try:
        with engine.connect() as connection:
            return work(connection)
    finally:
        engine.dispose()


def _columns(connection: Connection, table: str) -> list[str]:
    return [row[1] for row in connection.exec_driver_sql(f"PRAGMA table_info({table})")]


def _snapshot(connection: Connection) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table but the new column; the schema's triggers and indexes."""
    tables = connection.scalars(
        text(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name != 'alembic_version'"
        )
    ).all()
    rows: dict[str, list[tuple[Any, ...]]] = {}
    for table in tables:
        columns = ", ".join(f'"{c}"' for c in _columns(connection, table) if c != "phone_2")
        rows[table] = sorted(
            (tuple(r) for r in connection.exec_driver_sql(f'SELECT {columns} FROM "{table}"')),
            key=repr,
        )
    rows["schema"] = sorted(
        tuple(r)
        for r in connection.execute(
            text("SELECT type, name, sql FROM sqlite_master WHERE type IN ('trigger', 'index')")
        )
    )
    return rows


def test_an_existing_0004_database_is_upgraded_with_its_data_and_can_take_a_second_phone(
    tmp_path: Path,
) -> None:
    path = tmp_path / "desk.sqlite"
    upgrade_database(path, "0004")
    engine = make_engine(path)
    with engine.begin() as connection:  # written as a 0004 desk would: no phone_2 anywhere
        connection.execute(
            text(
                "INSERT INTO payer (id, payer_code, kind, name, phone, e_invoice) "
                "VALUES (1, '4000000010', 'person', 'Иван Петров', '+359888123456', 0)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO property (id, subscriber_number, district, address) "
                "VALUES (1, '1000001', 'Младост', 'ж.к. Младост 1, бл. 12')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO tenure (id, payer_id, property_id, kind, start) "
                "VALUES (1, 1, 1, 'ownership', '2020-01-01')"
            )
        )
        before = _snapshot(connection)
    engine.dispose()
    assert "phone_2" not in _read(path, lambda c: _columns(c, "payer"))

    _migrate(path, "upgrade", "0005")  # this migration alone (0006 adds an index)

    after = _read(path, _snapshot)
    assert after == before  # every row, trigger and index as it was
    assert _read(path, lambda c: c.execute(text("SELECT phone, phone_2 FROM payer")).one()) == (
        "+359888123456",
        None,
    )
    assert _read(path, lambda c: c.scalar(text("SELECT version_num FROM alembic_version"))) == (
        "0005"
    )
    # The services below write today's schema (the audit log's hash chain, 0009).
    _migrate(path, "upgrade", "head")
    db = Database(path)
    try:
        # The holder search (0002) still follows the payer table: its trigger survived.
        with db.write() as session:
            session.execute(text("UPDATE payer SET name = 'Иван Стоянов' WHERE id = 1"))
        hits = search(db, "Стоянов Младост", date(2026, 11, 22)).hits
        assert [hit.payer_code for hit in hits] == ["4000000010"]
        with db.write() as session:
            session.add(Desk(code="K1", name="Каса 1", kind="pay_desk", last_receipt_number=0))
        set_this_desk(db, "K1")
        ensure_demo_users(db)
        values = ContactValues(phone="0888 123 456", phone_2="02 981 1234")
        ctx = cashier(db)
        saved = change_contacts(db, ctx, "4000000010", values, NOON, base=ContactValues())
        assert "phone_2" in saved.changed
        assert payer_contacts(db, "4000000010").values.phone_2 == "+35929811234"
    finally:
        db.close()


def test_downgrading_drops_only_the_column_and_upgrading_again_restores_it(
    tmp_path: Path,
) -> None:
    path = tmp_path / "desk.sqlite"
    upgrade_database(path)
    _migrate(path, "downgrade", "0005")  # this migration's own head (0006 adds an index)
    database = Database(path)
    try:
        scenario = json.loads((SHARED / "scenarios" / f"{SCENARIO}.json").read_text("utf-8"))
        import_data(database, scenario["data"])
        with database.write() as session:
            session.execute(
                text("UPDATE payer SET phone_2 = '+35929811234' WHERE payer_code = :p"),
                {"p": PAYER},
            )
    finally:
        database.close()
    at_head = _read(path, _snapshot)

    _migrate(path, "downgrade", "0004")

    assert "phone_2" not in _read(path, lambda c: _columns(c, "payer"))
    assert _read(path, _snapshot) == at_head  # nothing else lost, no trigger dropped
    assert _read(path, lambda c: list(c.exec_driver_sql("PRAGMA foreign_key_check"))) == []

    _migrate(path, "upgrade", "0005")

    assert _read(path, _snapshot) == at_head
    assert _read(path, lambda c: c.scalar(text("SELECT count(phone_2) FROM payer"))) == 0
