"""One search index per tenure: the payer's name with the property's address

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22

A cashier types words of a name and of an address together ("Иванов
Младост"); separate indexes for payers and properties cannot match that. Each
tenure gets one FTS5 row holding both, kept current by triggers when a
tenure, a payer's name or a property's address changes.
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_ROW = (
    "SELECT t.id, p.name || ' ' || coalesce(p.address, ''), "
    "pr.address || ' ' || pr.district || ' ' || pr.subscriber_number "
    "FROM tenure t JOIN payer p ON p.id = t.payer_id JOIN property pr ON pr.id = t.property_id"
)

UP = [
    "CREATE VIRTUAL TABLE holder_fts USING fts5(name, address, "
    "tokenize='unicode61 remove_diacritics 0', prefix='2 3')",
    f"INSERT INTO holder_fts(rowid, name, address) {_ROW}",
    "CREATE TRIGGER tenure_holder_ai AFTER INSERT ON tenure BEGIN "
    f"INSERT INTO holder_fts(rowid, name, address) {_ROW} WHERE t.id = new.id; END",
    "CREATE TRIGGER tenure_holder_ad AFTER DELETE ON tenure BEGIN "
    "DELETE FROM holder_fts WHERE rowid = old.id; END",
    "CREATE TRIGGER tenure_holder_au AFTER UPDATE OF payer_id, property_id ON tenure BEGIN "
    "DELETE FROM holder_fts WHERE rowid = old.id; "
    f"INSERT INTO holder_fts(rowid, name, address) {_ROW} WHERE t.id = new.id; END",
    "CREATE TRIGGER payer_holder_au AFTER UPDATE OF name, address ON payer BEGIN "
    "DELETE FROM holder_fts WHERE rowid IN (SELECT id FROM tenure WHERE payer_id = new.id); "
    f"INSERT INTO holder_fts(rowid, name, address) {_ROW} WHERE t.payer_id = new.id; END",
    "CREATE TRIGGER property_holder_au AFTER UPDATE OF address, district ON property BEGIN "
    "DELETE FROM holder_fts WHERE rowid IN (SELECT id FROM tenure WHERE property_id = new.id); "
    f"INSERT INTO holder_fts(rowid, name, address) {_ROW} WHERE t.property_id = new.id; END",
]
# The per-table indexes of 0001 are replaced by this one.
OLD = {
    "payer_fts": ("payer", ["name", "address"]),
    "property_fts": ("property", ["address", "district"]),
}
DROP_OLD = [
    stmt
    for fts, (table, _) in OLD.items()
    for stmt in (
        f"DROP TRIGGER {table}_fts_ai",
        f"DROP TRIGGER {table}_fts_ad",
        f"DROP TRIGGER {table}_fts_au",
        f"DROP TABLE {fts}",
    )
]


def upgrade() -> None:
    for statement in DROP_OLD + UP:
        op.execute(statement)


def downgrade() -> None:
    for name in (
        "tenure_holder_ai",
        "tenure_holder_ad",
        "tenure_holder_au",
        "payer_holder_au",
        "property_holder_au",
    ):
        op.execute(f"DROP TRIGGER {name}")
    op.execute("DROP TABLE holder_fts")
    from importlib import import_module

    first = import_module("desk.models.migrations.versions.0001_initial_schema")
    for statement in first.EXTRA_UP:
        if "_fts" in statement:
            op.execute(statement)
    for fts, (table, cols) in OLD.items():
        op.execute(
            f"INSERT INTO {fts}(rowid, {', '.join(cols)}) SELECT id, {', '.join(cols)} FROM {table}"
        )
