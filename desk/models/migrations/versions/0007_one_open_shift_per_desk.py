"""One open shift per desk, held by the database

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06

A desk has one drawer, so one open shift: two cashiers with shifts open at K1
would both count one drawer's cash as theirs. Until now only the screen kept
to it (issue 13: kasier2 opened a second shift beside kasier1's). Now the
database refuses a second open shift at this desk, whatever calls.

Why triggers and not a partial unique index: a desk's file also holds the
other desks' shifts, copied by the pull in whatever order the central database
sends them (a closed shift's update may come after its successor's insert) and
possibly with duplicates those desks made before this migration. Each desk
holds the rule for its own shifts, the only ones it writes; the pull never
writes this desk's shifts. A file that already holds duplicates keeps them (they
are real shifts with payments): each owner closes theirs as before.
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# This desk: the desk row named by the "desk_code" setting (desk set-desk).
_GUARD = """
    WHEN NEW.closed_at IS NULL
     AND NEW.desk_id = (SELECT d.id FROM desk d
                        JOIN setting s ON s.key = 'desk_code' AND s.value = d.code)
     AND EXISTS (SELECT 1 FROM shift o
                 WHERE o.desk_id = NEW.desk_id AND o.closed_at IS NULL AND o.id <> NEW.id)
    BEGIN SELECT RAISE(ABORT, 'one open shift per desk'); END
"""


def upgrade() -> None:
    op.execute(f"CREATE TRIGGER shift_one_open_insert BEFORE INSERT ON shift {_GUARD}")
    op.execute(
        "CREATE TRIGGER shift_one_open_update BEFORE UPDATE OF closed_at, desk_id ON shift"
        f" {_GUARD}"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER shift_one_open_update")
    op.execute("DROP TRIGGER shift_one_open_insert")
