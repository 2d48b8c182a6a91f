"""Payments record the credit balance they spent

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22

DOMAIN.md: a credit is offered first against the selected items before cash
is asked for, so one payment can spend credit and take money at once.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # ADD COLUMN directly: a batch copy would recreate the append-only table
    # and drop its triggers; SQLite adds a column with a constant default in place.
    op.add_column(
        "payment",
        sa.Column("credit_used_cents", sa.Integer(), nullable=False, server_default="0"),
    )
    # Imported payments of method "credit" spent the money they allocated.
    op.execute("DROP TRIGGER payment_no_update")
    op.execute(
        "UPDATE payment SET credit_used_cents = "
        "(SELECT coalesce(sum(amount_cents), 0) FROM allocation a WHERE a.payment_id = payment.id) "
        "WHERE method = 'credit'"
    )
    op.execute(
        "CREATE TRIGGER payment_no_update BEFORE UPDATE ON payment BEGIN "
        "SELECT RAISE(ABORT, 'payment is append-only'); END"
    )


def downgrade() -> None:
    # The batch copy recreates the table without its triggers: put both back.
    op.execute("DROP TRIGGER payment_no_update")
    op.execute("DROP TRIGGER payment_no_delete")
    with op.batch_alter_table("payment") as batch:
        batch.drop_column("credit_used_cents")
    for operation in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER payment_no_{operation.lower()} BEFORE {operation} ON payment "
            "BEGIN SELECT RAISE(ABORT, 'payment is append-only'); END"
        )
