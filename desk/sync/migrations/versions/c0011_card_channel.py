"""survey cards say how they went out: printed at a desk, or sent by e-mail

Revision ID: c0011
Revises: c0010
Create Date: 2026-12-06

Issue 16: the desks' ``survey_card.channel`` (local migration 0013), kept here
too so the campaign report counts the cards of every desk by channel. A desk
pushes its cards with the column; a desk of an older version pushes none, and
its cards are printed ones.
"""

from __future__ import annotations

from alembic import op

revision = "c0011"
down_revision = "c0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "ALTER TABLE survey_card ADD COLUMN channel varchar(10) NOT NULL DEFAULT 'print' "
        "CONSTRAINT ck_survey_card_channel CHECK (channel IN ('print', 'email'))"
    )


def downgrade() -> None:
    op.execute("ALTER TABLE survey_card DROP COLUMN channel")
