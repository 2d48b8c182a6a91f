"""The same questions as Desk's lookup paths, asked of the same file with bare sqlite3.

This is the yardstick of issue 15: one sqlite3 connection kept open, hand-written
SQL, rows fetched as tuples and nothing built from them. Desk's paths are
printed as multiples of these (``bench.lookup``); a path cannot be faster than
the rows it must read, so the ratio is what Desk adds on top of the engine.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from desk.services.lookup import SEARCH_LIMIT, fts_query

# The current holder first, then older tenures: what the search list shows.
_HOLDERS = """
SELECT py.payer_code, py.name, p.subscriber_number, p.address, p.district, t.start, t."end"
FROM tenure t JOIN payer py ON py.id = t.payer_id JOIN property p ON p.id = t.property_id
"""
# Words of names and addresses: the first ``limit`` matches of the full-text index.
_WORDS = "WHERE t.id IN (SELECT rowid FROM holder_fts WHERE holder_fts MATCH ? LIMIT ?)"
# A 10-digit number may be a payer code or an invoice number: both are asked.
_INVOICE = """
SELECT i.payer_id, p.subscriber_number FROM invoice i JOIN property p ON p.id = i.property_id
WHERE i.number = ?
"""

# Everything a quote reads about one payer (what desk.services.accounts reads).
_ACCOUNT = (
    """SELECT t.property_id, p.subscriber_number, t.kind, t.start, t."end"
    FROM tenure t JOIN property p ON p.id = t.property_id WHERE t.payer_id = ?
    ORDER BY t.start""",
    """SELECT id, number, kind, period, issued, amount_cents, currency, property_id, plan_id
    FROM invoice WHERE payer_id = ? ORDER BY period, number""",
    """SELECT id, paid_at, method, currency, credit_cents, credit_used_cents FROM payment
    WHERE payer_id = ? AND id NOT IN (SELECT payment_id FROM void) ORDER BY paid_at, id""",
    """SELECT a.payment_id, a.invoice_id, a.case_id, a.installment_id, a.amount_cents,
    a.commercial_cents, a.loyalty_cents FROM payment pm JOIN allocation a ON a.payment_id = pm.id
    WHERE pm.payer_id = ? ORDER BY a.id""",
    "SELECT * FROM court_case WHERE payer_id = ?",
    """SELECT l.case_id, l.invoice_id FROM court_case c
    JOIN court_case_invoice l ON l.case_id = c.id WHERE c.payer_id = ?""",
    "SELECT id, signed FROM agreement WHERE payer_id = ?",
    """SELECT v.agreement_id, v.invoice_id, v.case_id FROM agreement g
    JOIN agreement_cover v ON v.agreement_id = g.id WHERE g.payer_id = ? ORDER BY v.id""",
    """SELECT n.id, n.agreement_id, n.seq, n.due, n.amount_cents FROM agreement g
    JOIN agreement_installment n ON n.agreement_id = g.id WHERE g.payer_id = ? ORDER BY n.seq""",
    "SELECT id, first_month, installment_cents, property_id FROM plan WHERE payer_id = ?",
)


class Raw:
    """One open connection to the desk file, read only."""

    def __init__(self, path: Path) -> None:
        self.connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)

    def by_subscriber(self, subscriber_number: str) -> list[tuple[object, ...]]:
        return self.connection.execute(
            _HOLDERS + "WHERE p.subscriber_number = ? ORDER BY t.start DESC",
            (subscriber_number,),
        ).fetchall()

    def by_code(self, code: str) -> list[tuple[object, ...]]:
        rows = self.connection.execute(
            _HOLDERS + "WHERE py.payer_code = ? ORDER BY p.subscriber_number, t.start DESC",
            (code,),
        ).fetchall()
        return rows + self.connection.execute(_INVOICE, (code,)).fetchall()

    def by_words(self, words: str, limit: int = SEARCH_LIMIT) -> list[tuple[object, ...]]:
        """The words as a full-text query written the way Desk writes it (prefixes)."""
        return self.connection.execute(
            _HOLDERS + _WORDS + " ORDER BY p.subscriber_number, t.start DESC",
            (fts_query(words), limit),
        ).fetchall()

    def account(self, payer_code: str) -> list[list[tuple[object, ...]]]:
        """Every row of the payer's account, in one read transaction (a snapshot)."""
        execute = self.connection.execute
        execute("BEGIN")
        try:
            found = execute("SELECT id FROM payer WHERE payer_code = ?", (payer_code,)).fetchone()
            assert found is not None
            return [execute(sql, found).fetchall() for sql in _ACCOUNT]
        finally:
            execute("COMMIT")

    def close(self) -> None:
        self.connection.close()
