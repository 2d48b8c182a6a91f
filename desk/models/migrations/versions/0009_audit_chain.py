"""The audit log as a hash chain; contact history append-only

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06

Issue 14: a trigger dropped, an audit row edited (a payment's total made
999.00) and the trigger put back went unnoticed, and contact history could be
edited without trace. Each audit row now stores the previous row's hash and its
own (desk.models.audit_hash); desk.services.context.audit chains every new
row, and a trigger refuses a row that does not continue the chain (a writer
that goes around ``audit``). ``desk audit verify`` walks the chain.

The rows already in the file are chained here, in id order, from the genesis
hash. They were not tamper-evident before: an edit made before this migration
is chained as it stands and does not show.

Each new row also records a digest of the user table as it left it (``users``):
the table may change only at a row of a user change, so a user edited in the
file without the service shows at the next row, or against the table now. The
rows chained here record none: the user table is checked from the first new row.

``contact_change`` is append-only like the payments (0001): a trigger refuses
UPDATE and DELETE.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from alembic import op

from desk.models.audit_hash import GENESIS, canonical, row_hash

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_LAST_HASH = f"coalesce((SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1), '{GENESIS}')"
CHAINED = (
    "CREATE TRIGGER audit_log_chained BEFORE INSERT ON audit_log "
    "WHEN NEW.hash IS NULL OR length(NEW.hash) <> 64 "
    f"OR NEW.prev_hash IS NOT {_LAST_HASH} "
    "OR NEW.id IS NOT (SELECT coalesce(max(id), 0) + 1 FROM audit_log) "
    "BEGIN SELECT RAISE(ABORT, 'audit_log rows continue the chain (desk.services.context.audit)'); "
    "END"
)
NO_UPDATE = (
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN "
    "SELECT RAISE(ABORT, 'audit_log is append-only'); END"
)


def upgrade() -> None:
    # ADD COLUMN in place: a batch copy would drop the append-only triggers.
    op.add_column("audit_log", sa.Column("users", sa.String(64), nullable=True))
    op.add_column("audit_log", sa.Column("prev_hash", sa.String(64), nullable=True))
    op.add_column("audit_log", sa.Column("hash", sa.String(64), nullable=True))
    bind = op.get_bind()
    op.execute("DROP TRIGGER audit_log_no_update")
    previous = GENESIS
    rows = bind.execute(
        sa.text("SELECT id, at, user_id, desk_id, action, details FROM audit_log ORDER BY id")
    ).all()
    for row_id, at, user_id, desk_id, action, details in rows:
        moment = datetime.fromisoformat(str(at))
        digest = row_hash(previous, canonical(row_id, moment, user_id, desk_id, action, details))
        bind.execute(
            sa.text("UPDATE audit_log SET prev_hash = :p, hash = :h WHERE id = :i"),
            {"p": previous, "h": digest, "i": row_id},
        )
        previous = digest
    op.execute(NO_UPDATE)
    op.execute(CHAINED)
    for operation in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER contact_change_no_{operation.lower()} BEFORE {operation} "
            "ON contact_change BEGIN SELECT RAISE(ABORT, 'contact_change is append-only'); END"
        )


def downgrade() -> None:
    op.execute("DROP TRIGGER contact_change_no_delete")
    op.execute("DROP TRIGGER contact_change_no_update")
    op.execute("DROP TRIGGER audit_log_chained")
    # DROP COLUMN in place (SQLite 3.35+): no index, constraint or trigger left names
    # the columns, so the table and its append-only triggers stay as they are.
    op.execute("ALTER TABLE audit_log DROP COLUMN hash")
    op.execute("ALTER TABLE audit_log DROP COLUMN prev_hash")
    op.execute("ALTER TABLE audit_log DROP COLUMN users")
