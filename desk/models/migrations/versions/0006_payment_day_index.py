"""An index on the payment's time, for reports of a day

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02

The daily report and the supervisor's shifts tab select payments by a range of
``paid_at``; without this index each report scans every payment a desk holds (a
pay desk's file keeps years of them after the sync pulls other desks' payments).
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_payment_paid_at", "payment", ["paid_at"])


def downgrade() -> None:
    op.drop_index("ix_payment_paid_at", table_name="payment")
