"""Migration 0012 on a file made by 0011: history stays append-only except inside the
prune's own transaction, the payer indexes narrow, and the way back restores 0011."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.test_migration_0005 import _migrate

PAYMENT = (
    "INSERT INTO payment (id, payer_id, paid_at, method, currency, total_cents, credit_cents, "
    "credit_used_cents, cash_cents, card_cents, tendered_cents, change_cents, source) "
    "VALUES ('p-1', 1, '2025-01-10 10:00:00.000000', 'cash', 'BGN', 100, 0, 0, 100, 0, 100, "
    "0, 'import')"
)


def _file_at_0011(path: Path) -> None:
    _migrate(path, "upgrade", "0011")
    with sqlite3.connect(path) as conn:  # foreign keys are off here: no payer needed
        conn.execute(PAYMENT)
    conn.close()


def _indexes(path: Path, table: str) -> dict[str, list[str]]:
    with sqlite3.connect(path) as conn:
        names = [r[1] for r in conn.execute(f"PRAGMA index_list({table})") if r[3] == "c"]
        found = {n: [r[2] for r in conn.execute(f"PRAGMA index_info({n})")] for n in names}
    conn.close()
    return found


def _delete_payment(path: Path, pruning: bool) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("BEGIN")
        if pruning:
            conn.execute("INSERT INTO retention_run (started_at) VALUES (CURRENT_TIMESTAMP)")
        conn.execute("DELETE FROM payment WHERE id = 'p-1'")
        conn.execute("ROLLBACK")  # the row stays for the next try
    finally:
        conn.close()


def test_only_the_prune_deletes_history_and_the_way_back_restores_0011(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    _file_at_0011(path)
    before = _indexes(path, "payment")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        _delete_payment(path, pruning=False)

    _migrate(path, "upgrade", "0012")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        _delete_payment(path, pruning=False)
    _delete_payment(path, pruning=True)  # the prune's own transaction may
    assert _indexes(path, "payment")["ix_payment_payer"] == ["payer_id"]
    assert _indexes(path, "invoice") == {"ix_invoice_payer": ["payer_id"]}
    assert _indexes(path, "court_case_invoice") == {"ix_court_case_invoice_invoice": ["invoice_id"]}
    assert _indexes(path, "receipt")["ix_receipt_payment"] == ["payment_id"]

    _migrate(path, "downgrade", "0011")
    assert _indexes(path, "payment") == before
    assert "ix_invoice_property" in _indexes(path, "invoice")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        _delete_payment(path, pruning=False)
