"""A desk keeps a window of the money's history: the prune may remove what left it

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06

Issue 15 (desk.services.retention): settled history older than the window
stays at the central database only. Payments, allocations, voids and receipts
are append-only (0001): a trigger refuses every delete. The one path that may
remove them is the prune, which marks its own transaction with a row in
``retention_run`` (inserted and deleted in that same transaction, so no other
transaction ever sees it); the triggers let a delete through only then.
Invoices had no such trigger: the prune is also the only code that deletes them.

The payer indexes of payment and invoice need only the payer: every query by
payer reads all of a payer's rows and sorts them (docs/design/retention.md
§2.5), and the tenure change finds a property's bills of the old holder through
the payer. The narrower indexes are smaller; the invoice's property index goes.
The rows that name a bill or a payment get the indexes that deleting one needs.
"""

from __future__ import annotations

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

GUARDED = ("payment", "allocation", "void", "receipt")
CHILD_INDEXES = (
    ("ix_court_case_invoice_invoice", "court_case_invoice", "invoice_id"),
    ("ix_agreement_cover_invoice", "agreement_cover", "invoice_id"),
    ("ix_receipt_payment", "receipt", "payment_id"),
    ("ix_receipt_void", "receipt", "void_id"),
)


def _no_delete(table: str, unless_pruning: bool) -> str:
    when = " WHEN NOT EXISTS (SELECT 1 FROM retention_run)" if unless_pruning else ""
    return (
        f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table}{when} BEGIN "
        f"SELECT RAISE(ABORT, '{table} is append-only'); END"
    )


def upgrade() -> None:
    op.execute("CREATE TABLE retention_run (started_at DATETIME NOT NULL)")
    for table in GUARDED:
        op.execute(f"DROP TRIGGER {table}_no_delete")
        op.execute(_no_delete(table, unless_pruning=True))
    op.drop_index("ix_payment_payer", table_name="payment")
    op.create_index("ix_payment_payer", "payment", ["payer_id"])
    op.drop_index("ix_invoice_payer", table_name="invoice")
    op.create_index("ix_invoice_payer", "invoice", ["payer_id"])
    op.drop_index("ix_invoice_property", table_name="invoice")
    # Deleting a bill or a payment looks for rows that still name it (foreign keys):
    # without these, each looked through the whole table.
    for name, table, column in CHILD_INDEXES:
        op.create_index(name, table, [column])


def downgrade() -> None:
    for name, table, _column in CHILD_INDEXES:
        op.drop_index(name, table_name=table)
    op.create_index("ix_invoice_property", "invoice", ["property_id", "period"])
    op.drop_index("ix_invoice_payer", table_name="invoice")
    op.create_index("ix_invoice_payer", "invoice", ["payer_id", "period"])
    op.drop_index("ix_payment_payer", table_name="payment")
    op.create_index("ix_payment_payer", "payment", ["payer_id", "paid_at"])
    for table in GUARDED:
        op.execute(f"DROP TRIGGER {table}_no_delete")
        op.execute(_no_delete(table, unless_pruning=False))
    op.execute("DROP TABLE retention_run")
