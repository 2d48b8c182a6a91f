"""A sibling file's open shift may come in with a pull

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06

Migration 0007 keeps one open shift per desk in this file. A joined desk's
file restored from a backup, or copied and run beside the original (issue 14),
pulls the shifts the other file of the same desk opened and pushed, since its
payments name them; one of them may be open while this file has its own open.
The rule is this file's own: the pull names the shift it brings in the
setting ``sync_sibling_shift`` for the length of that insert
(desk.sync.replication), and the rule lets exactly that shift in. Every shift
this file opens is held to 0007's rule as before.
"""

from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_GUARD = """
    WHEN NEW.closed_at IS NULL
     AND NEW.desk_id = (SELECT d.id FROM desk d
                        JOIN setting s ON s.key = 'desk_code' AND s.value = d.code)
     AND EXISTS (SELECT 1 FROM shift o
                 WHERE o.desk_id = NEW.desk_id AND o.closed_at IS NULL AND o.id <> NEW.id)
     {sibling}
    BEGIN SELECT RAISE(ABORT, 'one open shift per desk'); END
"""
_SIBLING = (
    "AND NOT EXISTS (SELECT 1 FROM setting WHERE key = 'sync_sibling_shift' AND value = NEW.id)"
)


def _create(sibling: str) -> None:
    guard = _GUARD.format(sibling=sibling)
    op.execute(f"CREATE TRIGGER shift_one_open_insert BEFORE INSERT ON shift {guard}")
    op.execute(
        f"CREATE TRIGGER shift_one_open_update BEFORE UPDATE OF closed_at, desk_id ON shift {guard}"
    )


def _drop() -> None:
    op.execute("DROP TRIGGER shift_one_open_update")
    op.execute("DROP TRIGGER shift_one_open_insert")


def upgrade() -> None:
    _drop()
    _create(_SIBLING)


def downgrade() -> None:
    _drop()
    _create("")
