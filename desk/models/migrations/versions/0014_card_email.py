"""What this desk sent of the survey cards it e-mails: one row a card

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06

Issue 16 (desk.services.email_cards): a batch of e-mailed cards is resumable
and never sends a payer two cards. The card (``survey_card``, channel
'email') and this row are written in one transaction; the row then says
where the card stands: queued (issued, not yet handed to the mail server or
written out), sending (committed before its SMTP transaction starts: a row
still sending after the batch was killed may have reached the server),
sent, exported (its PDF written for the billing system's mailer), refused
(the server answered 5xx), bounced (a delivery status notification named
it), failed (gave up after repeated temporary errors) or uncertain (the
connection went after the message's final dot and before the server's
answer, RFC 1047: never resent without a person's say).

Local to the desk: no outbox trigger, not pushed, not copied to the central
database (the card itself is; desk.sync.seed leaves this table out). One
card in flight (queued or sending) a payer at most: a partial unique
index, the lowest layer that can hold "never two cards in flight for one
payer".
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

STATES = (
    "queued",
    "sending",
    "sent",
    "exported",
    "refused",
    "bounced",
    "failed",
    "uncertain",
)


def upgrade() -> None:
    states = ", ".join(f"'{state}'" for state in STATES)
    op.create_table(
        "card_email",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "card_id",
            sa.String(36),
            sa.ForeignKey(
                "survey_card.id", name="fk_card_email_card_id_survey_card", ondelete="CASCADE"
            ),
            nullable=False,
        ),
        sa.Column(
            "payer_id",
            sa.Integer(),
            sa.ForeignKey("payer.id", name="fk_card_email_payer_id_payer"),
            nullable=False,
        ),
        sa.Column("address", sa.String(200), nullable=False),
        sa.Column("via", sa.String(10), nullable=False),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("queued_at", sa.DateTime(), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.Column("file", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_card_email"),
        sa.UniqueConstraint("card_id", name="uq_card_email_card_id"),
        sa.CheckConstraint(f"state IN ({states})", name="ck_card_email_state"),
        sa.CheckConstraint("via IN ('smtp', 'export')", name="ck_card_email_via"),
    )
    op.create_index("ix_card_email_state", "card_email", ["state", "id"])
    op.create_index(
        "ix_card_email_queued_payer",
        "card_email",
        ["payer_id"],
        unique=True,
        sqlite_where=sa.text("state IN ('queued', 'sending')"),
    )


def downgrade() -> None:
    op.drop_index("ix_card_email_queued_payer", table_name="card_email")
    op.drop_index("ix_card_email_state", table_name="card_email")
    op.drop_table("card_email")
