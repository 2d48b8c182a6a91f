"""Migration 0010 on a file with user changes still queued the old way: each user's
queued changes become one unsigned ``user_change`` in the same place of the
outbox (the central database refuses it and the desk pulls the user back;
tests/sync/test_user_approval.py), and nothing else in the outbox moves."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import text

from desk.models.db import make_engine
from tests.test_migration_0005 import _migrate


def test_queued_user_changes_become_unsigned_changes_in_their_place(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    _migrate(path, "upgrade", "0009")
    engine = make_engine(path)
    at = [datetime(2026, 12, 1, 9, minute) for minute in range(5)]
    with engine.begin() as conn:
        conn.execute(
            text(
                'INSERT INTO "user" (id, username, full_name, role, password_hash, '
                "failed_logins, must_change_password, active) VALUES "
                "(7, 'ivan', 'Иван', 'clerk', '$argon2id$x', 0, true, true), "
                "(8, 'petar', 'Петър', 'cashier', '$argon2id$y', 0, false, false)"
            )
        )
        for tbl, key, moment in (
            ("user", "7", at[0]),
            ("shift", "s-1", at[1]),
            ("user", "8", at[2]),
            ("user", "7", at[3]),
            ("user", "99", at[4]),  # a user no longer in the file
        ):
            conn.execute(
                text("INSERT INTO outbox (tbl, key, queued_at) VALUES (:t, :k, :q)"),
                {"t": tbl, "k": key, "q": moment},
            )
    engine.dispose()

    _migrate(path, "upgrade", "head")

    engine = make_engine(path)
    with engine.connect() as conn:
        changes = conn.execute(
            text(
                "SELECT id, user_id, actor, mac, new_key, username, role, must_change, active, "
                "changed_at FROM user_change ORDER BY id"
            )
        ).all()
        outbox = conn.execute(text("SELECT tbl, key FROM outbox ORDER BY id")).all()
    engine.dispose()
    assert [(c.user_id, c.actor, c.mac, c.new_key) for c in changes] == [
        (7, None, None, None),
        (8, None, None, None),
    ]
    assert [(c.username, c.role, bool(c.must_change), bool(c.active)) for c in changes] == [
        ("ivan", "clerk", True, True),
        ("petar", "cashier", False, False),
    ]
    assert [str(c.changed_at) for c in changes] == [str(at[3]), str(at[2])]
    assert outbox == [
        ("user_change", str(changes[0].id)),
        ("shift", "s-1"),
        ("user_change", str(changes[1].id)),
    ]
