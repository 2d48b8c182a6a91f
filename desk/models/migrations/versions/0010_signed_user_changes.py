"""User changes made here travel signed by who made them

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06

Issue 14: the central database took any user change a desk's role sent, so
whoever held a desk's file could make a cashier a supervisor everywhere. Each
change is now a row of ``user_change`` with an HMAC under the acting user's
approval key (desk.services.approval), pushed in order and deleted once the
central database has it (central migration c0009 checks it).

A change still queued from before this migration was not signed: it becomes an
unsigned ``user_change`` (no actor, no HMAC) in the same place of the outbox.
The central database refuses it and tells the supervisors (a ``user_refused``
issue); the next pull brings the user back as the central database has it, and
the change is made again by someone signed in.
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "user_change",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("change", sa.String(36), nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=False),
        sa.Column("actor", sa.String(40), nullable=True),
        sa.Column("username", sa.String(40), nullable=False),
        sa.Column("full_name", sa.String(100), nullable=False),
        sa.Column("role", sa.String(12), nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("must_change", sa.Boolean(), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.Column("new_key", sa.LargeBinary(32), nullable=True),
        sa.Column("mac", sa.LargeBinary(32), nullable=True),
        sa.UniqueConstraint("change", name=op.f("uq_user_change_change")),
    )
    bind = op.get_bind()
    queued = bind.execute(
        sa.text(
            "SELECT min(o.id), o.key, max(o.queued_at) FROM outbox o "
            "WHERE o.tbl = 'user' GROUP BY o.key ORDER BY min(o.id)"
        )
    ).all()
    for first, key, at in queued:
        user = bind.execute(
            sa.text(
                "SELECT username, full_name, role, password_hash, active, must_change_password "
                'FROM "user" WHERE id = :i'
            ),
            {"i": int(key)},
        ).first()
        bind.execute(sa.text("DELETE FROM outbox WHERE tbl = 'user' AND key = :k"), {"k": key})
        if user is None:
            continue
        change_id = bind.execute(
            sa.text(
                "INSERT INTO user_change (change, user_id, username, full_name, role, "
                "password_hash, active, must_change, changed_at) "
                "VALUES (:c, :u, :n, :f, :r, :h, :a, :m, :t) RETURNING id"
            ),
            {
                "c": str(uuid.uuid4()),
                "u": int(key),
                "n": user.username,
                "f": user.full_name,
                "r": user.role,
                "h": user.password_hash,
                "a": user.active,
                "m": user.must_change_password,
                "t": at,
            },
        ).scalar_one()
        bind.execute(
            sa.text(
                "INSERT INTO outbox (id, tbl, key, queued_at) VALUES (:i, 'user_change', :k, :t)"
            ),
            {"i": first, "k": str(change_id), "t": at},
        )


def downgrade() -> None:
    op.drop_table("user_change")
