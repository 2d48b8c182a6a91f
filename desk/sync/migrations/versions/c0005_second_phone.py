"""a payer's second phone, and its changes applied here

Revision ID: c0005
Revises: c0004
Create Date: 2026-11-22

The central copy of the local migration 0005: ``payer.phone_2``. A desk pushes
a change of it as a ``contact_change`` row with field ``phone_2``;
``contact_change_apply`` (c0002) applies a change only to the fields it names,
so it is re-created from c0002's own text with one more field, the latest
clock per field winning as for every other one. The downgrade puts c0002's
function back as it was.
"""

from __future__ import annotations

from importlib import import_module

import sqlalchemy as sa
from alembic import op

revision = "c0005"
down_revision = "c0004"
branch_labels = None
depends_on = None

NEW_FIELDS = {"phone_2": "text"}

_c0002 = import_module("desk.sync.migrations.versions.c0002_sync")
_CREATE = "CREATE FUNCTION contact_change_apply()"
# c0002's statement, frozen there: the CASE of its fields ends at this line.
_ORIGINAL: str = next(s for s in _c0002.UP if s.startswith(_CREATE))
_ELSE = "\n        ELSE NULL;\n        END CASE;"
assert _ORIGINAL.count(_ELSE) == 1, "c0002's contact_change_apply changed shape"


def _case(name: str, kind: str) -> str:
    # The very line c0002 writes for each of its CONTACT_FIELDS.
    return (
        f"        WHEN '{name}' THEN UPDATE payer SET {name} = CAST(NEW.new_value AS {kind}) "
        "WHERE id = NEW.payer_id;"
    )


def apply_function(fields: dict[str, str]) -> str:
    """c0002's contact_change_apply, replacing the one in place, with ``fields`` added."""
    cases = "".join("\n" + _case(name, kind) for name, kind in fields.items())
    replaced = _ORIGINAL.replace(_CREATE, "CREATE OR REPLACE FUNCTION contact_change_apply()", 1)
    return replaced.replace(_ELSE, cases + _ELSE, 1)


def upgrade() -> None:
    op.add_column("payer", sa.Column("phone_2", sa.String(length=20), nullable=True))
    op.execute(apply_function(NEW_FIELDS))


def downgrade() -> None:
    op.execute(apply_function({}))
    op.drop_column("payer", "phone_2")
