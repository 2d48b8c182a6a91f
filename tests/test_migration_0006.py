"""Migration 0006: the index that keeps a day's report off a full scan of payments."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from desk.models.db import Database
from desk.models.migrate import upgrade_database
from tests.test_migration_0005 import _migrate


def _plan(path: Path) -> str:
    db = Database(path)
    try:
        with db.read() as session:
            rows = session.execute(
                text(
                    "EXPLAIN QUERY PLAN SELECT count(*) FROM payment "
                    "WHERE paid_at >= '2026-11-22' AND paid_at < '2026-11-23' "
                    "AND desk_id IS NOT NULL"  # as every report asks (0011: desk payments only)
                )
            ).all()
    finally:
        db.close()
    return " ".join(str(row[-1]) for row in rows)


def test_a_days_payments_are_found_by_the_index_and_downgrade_removes_it(
    tmp_path: Path,
) -> None:
    path = tmp_path / "desk.sqlite"
    upgrade_database(path)

    assert "ix_payment_paid_at" in _plan(path)

    _migrate(path, "downgrade", "0005")
    assert "ix_payment_paid_at" not in _plan(path)
    _migrate(path, "upgrade", "head")
    assert "ix_payment_paid_at" in _plan(path)
