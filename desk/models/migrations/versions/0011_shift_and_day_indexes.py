"""Payments found by their shift by an index; the day index holds desk payments only

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06

Issue 15: closing a shift, its Z-report and the daily report's shifts read the
payments of one shift, and nothing indexed ``payment.shift_id``: each scanned
every payment the file holds (1.4–2.4 s at 100,000 properties, a minute at a
million, while the cashier waits to count the drawer). A partial index holds
the payments taken at a desk (imported ones have no shift).

The reports of a day (0006) count payments taken at desks only (imports never
count, ``desk_id IS NOT NULL`` in every query), so their index holds only those:
in a file of imported history it was the size of the payment table's key.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_payment_shift",
        "payment",
        ["shift_id"],
        sqlite_where=sa.text("shift_id IS NOT NULL"),
    )
    op.drop_index("ix_payment_paid_at", table_name="payment")
    op.create_index(
        "ix_payment_paid_at",
        "payment",
        ["paid_at"],
        sqlite_where=sa.text("desk_id IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_payment_paid_at", table_name="payment")
    op.create_index("ix_payment_paid_at", "payment", ["paid_at"])
    op.drop_index("ix_payment_shift", table_name="payment")
