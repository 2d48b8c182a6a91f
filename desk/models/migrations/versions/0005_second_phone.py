"""A payer's second phone

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22

DOMAIN.md: "phones (validated as Bulgarian numbers)" — a landline beside a
mobile is common, and the payer had one phone column. The central copy is
c0005, which also lets the central database apply a change of the field.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # ADD COLUMN directly (as 0003): a batch copy would recreate the payer table,
    # which the foreign keys of every other table refer to and whose trigger keeps
    # the holder search (0002) current. A nullable column is added in place.
    op.add_column("payer", sa.Column("phone_2", sa.String(20), nullable=True))


def downgrade() -> None:
    # DROP COLUMN in place (SQLite 3.35+) for the same reason: no index, constraint
    # or trigger names the column, so SQLite drops it without copying the table.
    op.execute("ALTER TABLE payer DROP COLUMN phone_2")
