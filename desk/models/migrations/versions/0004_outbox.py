"""The outbox: what this desk has done and the central database has not yet heard

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22

A trigger writes the outbox row in the same transaction as the payment, void,
shift, contact change or survey card it announces, so nothing the desk has
acknowledged can be missing from it. Only this desk's own rows are queued:
rows pulled from the central database (another desk's payments) are not.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# (table, events) whose rows a desk pushes; allocations and receipts go with their payment.
QUEUED = (
    ("shift", ("INSERT", "UPDATE")),
    ("payment", ("INSERT",)),
    ("void", ("INSERT",)),
    ("contact_change", ("INSERT",)),
    ("survey_card", ("INSERT", "UPDATE")),
)
# An update is queued only when it changes what the desk pushes: a pull that
# writes back the same values must not queue the row again (push, pull, push...).
CHANGED = {
    "shift": "NEW.closed_at IS NOT OLD.closed_at",
    "survey_card": "NEW.returned_at IS NOT OLD.returned_at",
}
THIS_DESK = "(SELECT d.id FROM desk d JOIN setting s ON s.key = 'desk_code' AND s.value = d.code)"


def upgrade() -> None:
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("tbl", sa.String(30), nullable=False),
        sa.Column("key", sa.String(36), nullable=False),
        sa.Column("queued_at", sa.DateTime(), nullable=False, server_default=sa.func.now()),
    )
    for table, events in QUEUED:
        for event in events:
            when = f"NEW.desk_id = {THIS_DESK}"
            if event == "UPDATE":
                when += f" AND {CHANGED[table]}"
            op.execute(
                f"CREATE TRIGGER {table}_outbox_{event.lower()} AFTER {event} ON {table} "
                f"WHEN {when} "
                f"BEGIN INSERT INTO outbox (tbl, key) VALUES ('{table}', NEW.id); END"
            )


def downgrade() -> None:
    for table, events in QUEUED:
        for event in events:
            op.execute(f"DROP TRIGGER {table}_outbox_{event.lower()}")
    op.drop_table("outbox")
