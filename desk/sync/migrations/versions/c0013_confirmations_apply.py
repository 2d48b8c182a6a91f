"""a confirmation made at a desk reaches the payer's row here, and so every desk

Revision ID: c0013
Revises: c0012
Create Date: 2026-12-06

A desk records every save of a payer's contacts, with or without changes, as a
``contact_change`` row of field ``confirmed`` (desk.services.contacts) and sets
its own ``payer.contacts_confirmed_at``. ``contact_change_apply`` (c0002, c0005)
named no such field, so the central payer row kept the day of the seed: the
other desks never learnt of the confirmation, and the campaign's "not confirmed
since the start" (the cards to print, the cards to e-mail, issue 16) counted
such a payer again at every other desk. The function is re-created from c0005's
text with one more case, the latest clock winning as for every field; the
payer's change then reaches every desk at its next pull. The downgrade puts
c0005's function back.
"""

from __future__ import annotations

from importlib import import_module

from alembic import op

revision = "c0013"
down_revision = "c0012"
branch_labels = None
depends_on = None

_c0005 = import_module("desk.sync.migrations.versions.c0005_second_phone")
_CONFIRMED = (
    "\n        WHEN 'confirmed' THEN UPDATE payer SET contacts_confirmed_at = "
    "CAST(NEW.new_value AS timestamp) WHERE id = NEW.payer_id;"
)


def upgrade() -> None:
    function = _c0005.apply_function(_c0005.NEW_FIELDS)
    op.execute(function.replace(_c0005._ELSE, _CONFIRMED + _c0005._ELSE, 1))
    # The confirmations pushed before this: each payer's latest, as the function would.
    op.execute(
        "UPDATE payer p SET contacts_confirmed_at = CAST(c.new_value AS timestamp) "
        "FROM contact_clock k JOIN contact_change c ON c.id = k.change_id "
        "WHERE k.field = 'confirmed' AND k.payer_id = p.id "
        "AND (p.contacts_confirmed_at IS NULL "
        "OR p.contacts_confirmed_at < CAST(c.new_value AS timestamp))"
    )


def downgrade() -> None:
    op.execute(_c0005.apply_function(_c0005.NEW_FIELDS))
