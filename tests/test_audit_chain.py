"""The audit log's hash chain in a desk's file, `desk audit verify`, and contact history
kept append-only (issue 14, "Audit trail")."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from desk.cli import main
from desk.models.db import Database
from desk.models.migrate import upgrade_database
from desk.models.tables import AuditEntry, ContactChange
from desk.services.audit_chain import GENESIS, verify_file
from desk.services.contacts import change_contact
from desk.services.context import audit
from desk.services.users import (
    DEMO_PASSWORD,
    add_user,
    change_role,
    list_users,
    log_in,
    reset_password,
    set_active,
)
from tests.desk_fixtures import NOON, PAYER, cashier, on_shift, pay_by_card
from tests.test_migration_0005 import _migrate

NO_UPDATE = (
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN "
    "SELECT RAISE(ABORT, 'audit_log is append-only'); END"
)


def _forge(path: Path, row_id: int, details: str) -> None:
    """What issue 14 did: drop the trigger, edit the row, put the trigger back."""
    connection = sqlite3.connect(path)
    try:
        connection.execute("DROP TRIGGER audit_log_no_update")
        connection.execute("UPDATE audit_log SET details = ? WHERE id = ?", (details, row_id))
        connection.execute(NO_UPDATE)
        connection.commit()
    finally:
        connection.close()


def _verify(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["audit", "verify", "--db", str(path), "--lang", "en"])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_a_payments_audit_row_edited_behind_the_trigger_is_named_by_verify(
    day_db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    pay_by_card(day_db, on_shift(day_db))
    path = Path(day_db.path)
    with day_db.read() as session:
        row = session.execute(
            select(AuditEntry.id, AuditEntry.details).where(AuditEntry.action == "payment")
        ).one()
        rows = session.scalar(select(AuditEntry.id).order_by(AuditEntry.id.desc()).limit(1))
    details = json.loads(row.details)
    assert details["total"] == "93.46"

    code, said = _verify(path, capsys)
    assert code == 0, said
    assert f"intact: {rows} rows" in said

    _forge(path, row.id, json.dumps({**details, "total": "999.00"}, ensure_ascii=False))
    with day_db.read() as session:  # the forgery reads as any row would
        assert "999.00" in (
            session.scalar(select(AuditEntry.details).where(AuditEntry.id == row.id)) or ""
        )

    code, said = _verify(path, capsys)
    assert code == 1
    assert f"broken at row {row.id}: its content does not match its hash" in said


def test_a_row_removed_from_the_middle_breaks_the_next_rows_link(
    day_db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    ctx = on_shift(day_db)
    pay_by_card(day_db, ctx)
    path = Path(day_db.path)
    with day_db.read() as session:
        ids = session.scalars(select(AuditEntry.id).order_by(AuditEntry.id)).all()
    assert len(ids) >= 3
    connection = sqlite3.connect(path)
    connection.execute("DROP TRIGGER audit_log_no_delete")
    connection.execute("DELETE FROM audit_log WHERE id = ?", (ids[1],))
    connection.commit()
    connection.close()

    code, said = _verify(path, capsys)
    assert code == 1
    assert f"broken at row {ids[2]}: it does not continue from the row before" in said


def test_the_command_line_says_it_in_bulgarian_by_default(day_db: Database) -> None:
    """The real `desk` command in a process of its own."""
    pay_by_card(day_db, on_shift(day_db))
    path = Path(day_db.path)
    with day_db.read() as session:
        row_id = session.scalar(select(AuditEntry.id).where(AuditEntry.action == "payment"))
    _forge(path, int(row_id or 0), '{"total": "999.00"}')
    done = subprocess.run(
        [sys.executable, "-m", "desk", "audit", "verify", "--db", str(path)],
        capture_output=True,
        text=True,
        env={"PATH": "", "DESK_LANG": "bg", "QT_QPA_PLATFORM": "offscreen"},
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert f"дневникът е нарушен на ред № {row_id}" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_row_written_around_the_one_writer_is_refused(day_db: Database) -> None:
    """Only desk.services.context.audit writes the log: a bare INSERT does not chain."""
    bare = text("INSERT INTO audit_log (at, action) VALUES ('2026-11-22 12:00:00', 'x')")
    with pytest.raises(IntegrityError, match="continue the chain"), day_db.write() as session:
        session.execute(bare)
    with day_db.write() as session:  # the writer itself still chains
        audit(session, "check", NOON, user_id=None, desk_id=None, note="ok")
    with day_db.read() as session:
        assert verify_file(session).broken is None


def test_contact_history_refuses_update_and_delete(day_db: Database) -> None:
    change_contact(day_db, cashier(day_db), PAYER, "phone", "0899 765 432", NOON)
    with day_db.read() as session:
        change_id = session.scalars(select(ContactChange.id)).one()
    for statement in (
        "UPDATE contact_change SET new_value = '+359888000000' WHERE id = :i",
        "DELETE FROM contact_change WHERE id = :i",
    ):
        refused = pytest.raises(IntegrityError, match="contact_change is append-only")
        with refused, day_db.write() as session:
            session.execute(text(statement), {"i": change_id})
    with day_db.read() as session:
        assert session.scalars(select(ContactChange.new_value)).one() == "+359899765432"


def test_migration_0009_chains_the_rows_already_there_and_downgrades(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "old.sqlite"
    upgrade_database(path, "0008")
    connection = sqlite3.connect(path)
    connection.executemany(
        "INSERT INTO audit_log (at, action, details) VALUES (?, ?, ?)",
        [
            ("2026-11-20 09:00:00.000000", "login", None),
            ("2026-11-20 09:05:00.000000", "payment", '{"total": "10.00"}'),
        ],
    )
    connection.commit()
    connection.close()

    upgrade_database(path)
    code, said = _verify(path, capsys)
    assert code == 0 and "intact: 2 rows" in said
    database = Database(path)
    try:
        with database.read() as session:
            first = session.execute(select(AuditEntry.prev_hash)).scalars().first()
        assert first == GENESIS
    finally:
        database.close()

    _migrate(path, "downgrade", "0008")
    _migrate(path, "upgrade", "head")
    code, said = _verify(path, capsys)
    assert code == 0 and "intact: 2 rows" in said


def test_a_missing_file_is_refused_in_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, said = _verify(tmp_path / "none.sqlite", capsys)
    assert code == 2 and "Traceback" not in said
    assert not (tmp_path / "none.sqlite").exists()


def _promote(path: Path, username: str) -> None:
    """A cashier made supervisor in the file, around the services."""
    connection = sqlite3.connect(path)
    try:
        connection.execute("UPDATE user SET role = 'supervisor' WHERE username = ?", (username,))
        connection.commit()
    finally:
        connection.close()


def test_a_user_changed_in_the_file_without_an_audit_row_is_found(
    day_db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    cashier(day_db)
    path = Path(day_db.path)
    with day_db.read() as session:
        last = session.scalar(select(AuditEntry.id).order_by(AuditEntry.id.desc()).limit(1))
    _promote(path, "kasier1")

    code, said = _verify(path, capsys)
    assert code == 1
    assert f"broken at row {last}: the users were changed after it with no row in the log" in said

    cashier(day_db)  # the next row records the table as it now stands: still found
    code, said = _verify(path, capsys)
    assert code == 1
    assert f"broken at row {last + 1}: the users were changed before it" in said


def test_users_changed_through_the_services_verify(
    day_db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    boss = log_in(day_db, "admin", DEMO_PASSWORD, "K1", NOON)[1]
    assert boss is not None
    kasier = next(u for u in list_users(day_db, boss) if u.username == "kasier1")
    change_role(day_db, boss, kasier.id, "clerk", NOON)
    set_active(day_db, boss, kasier.id, False, NOON)
    set_active(day_db, boss, kasier.id, True, NOON)
    reset_password(day_db, boss, kasier.id, NOON)
    add_user(day_db, boss, "novak", "Нов Касиер", "cashier", "", "", NOON)
    cashier_again = log_in(day_db, "kasier2", DEMO_PASSWORD, "K1", NOON)[1]
    assert cashier_again is not None

    code, said = _verify(Path(day_db.path), capsys)
    assert code == 0, said
