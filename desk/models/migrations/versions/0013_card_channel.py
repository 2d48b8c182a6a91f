"""A survey card says how it went out: printed at a desk, or sent by e-mail

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06

Issue 16: the campaign also sends pre-filled cards to the payers who receive
electronic invoices, as an attachment (desk.services.email_cards). One card
number space, one campaign: an e-mailed card is a ``survey_card`` row like a
printed one, with ``channel = 'email'``, so the campaign report can count the
cards by the way they went out. Every card made before this is a printed one.
The central database has the same column (central migration c0011).
"""

from __future__ import annotations

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # SQLite adds a column with its default and check in place: no table copy.
    op.execute(
        "ALTER TABLE survey_card ADD COLUMN channel VARCHAR(10) NOT NULL DEFAULT 'print' "
        "CONSTRAINT ck_survey_card_channel CHECK (channel IN ('print', 'email'))"
    )


def downgrade() -> None:
    # In place, as it came (SQLite drops a column with its own check): a batch copy of
    # the table would lose its outbox triggers (0004).
    op.execute("ALTER TABLE survey_card DROP COLUMN channel")
