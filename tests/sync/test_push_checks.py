"""Central migration c0010: the push's checks by set, with the same answers (issue 15).

``desk_audit_push`` now reads, links and hashes a batch in a few statements, and
the policies name ``(SELECT desk_self())``, evaluated once a statement. Each batch
below, sent by desk K1's own role, gets the same answer and leaves the same issues
from c0010's function as from c0008's (the database downgraded to c0009, then
upgraded again); the policies go back to their c0009 text and return.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text

from desk.models.tables import AuditEntry
from desk.services.audit_chain import GENESIS, canonical, row_hash, sent_rows, stamp
from desk.sync.central import CentralDatabase
from desk.sync.replication import pull, push
from tests.sync.test_contacts_sync import _migrate_central
from tests.sync.two_desks import JoinedDesk, join, load_central

Row = dict[str, Any]


@pytest.fixture
def k1(central: CentralDatabase, tmp_path: Path) -> Iterator[JoinedDesk]:
    load_central(central)
    desk = join(central, "K1", tmp_path)
    yield desk
    desk.close()


def _forged(after: Row, details: str) -> Row:
    """A row that hashes correctly and continues ``after``: what a forger can make."""
    seq = int(after["seq"]) + 1
    at = datetime(2026, 11, 22, 12, 30)
    row = {
        "seq": seq,
        "at": stamp(at),
        "user_id": after["user_id"],
        "desk_id": after["desk_id"],
        "action": "login",
        "details": details,
        "users": after["users"],
        "prev_hash": after["hash"],
    }
    content = canonical(seq, at, row["user_id"], row["desk_id"], "login", details, row["users"])
    return {**row, "hash": row_hash(after["hash"], content)}


def _batches(held: list[Row], new: list[Row]) -> dict[str, list[Row]]:
    """Batches a desk might send, honest and not, after ``held`` was acknowledged."""
    tip = held[-1]
    edited = [dict(r) for r in new]
    edited[1]["details"] = '{"total": "999.00"}'
    unread_seq = [dict(r) for r in new]
    unread_seq[1]["seq"] = "x"
    unread_at = [dict(r) for r in new]
    unread_at[1]["at"] = "not a time"
    edited_then_unread = [dict(r) for r in edited]
    edited_then_unread[2]["at"] = "not a time"
    rewritten = {**tip, "details": "{}", "hash": "f" * 64}
    return {
        "new": [tip, *new],
        "again": held,
        "nothing": [],
        "again_then_new": [*held, *new],
        "edited": [tip, *edited],
        "gap": [tip, new[0], *new[2:]],
        "out_of_order": [tip, new[1], new[0], *new[2:]],
        "rewritten_tip": [rewritten, *new],
        "unreadable_seq": [tip, *unread_seq],
        "unreadable_at": [tip, *unread_at],
        "edited_then_unreadable": [tip, *edited_then_unread],
        "unreadable_first": [{**new[0], "user_id": "nobody"}, *new[1:]],
        "fork": [_forged(held[0], '{"fork": 1}')],
        "fork_then_more": [
            fork := _forged(held[0], '{"fork": 1}'),
            _forged(fork, '{"fork": 2}'),
        ],
        "fork_from_genesis": [
            _forged({**held[0], "seq": 0, "hash": GENESIS}, '{"from": "genesis"}')
        ],
        "fork_after_new": [tip, new[0], _forged(held[0], '{"fork": 1}')],
    }


def _answers(
    desk: JoinedDesk, central: CentralDatabase, batches: dict[str, list[Row]], tip: Row
) -> dict[str, tuple[str, list[tuple[str, str]], int]]:
    """Each batch's answer, the issues it left and the rows it stored; each rolled back
    (a restored file's fork is tried with its issue on the list, as c0007 puts it)."""
    answers = {}
    for name, rows in batches.items():
        with desk.central.engine.connect() as connection:
            transaction = connection.begin()
            if name.startswith("fork"):
                with central.write() as session:  # committed: the desk's role reads it
                    session.execute(
                        text(
                            "INSERT INTO sync_issue (kind, item, details) "
                            "VALUES ('restored_file', 'desk K1 test', 'restored')"
                        )
                    )
            said = connection.scalar(
                text("SELECT desk_audit_push(CAST(:rows AS jsonb))"),
                {"rows": json.dumps(rows, ensure_ascii=False)},
            )
            transaction.commit()
        with central.write() as session:
            issues = session.execute(
                text(
                    "SELECT kind, item FROM sync_issue WHERE kind LIKE 'audit%' ORDER BY kind, item"
                )
            ).all()
            count = session.scalar(text("SELECT count(*) FROM audit_log"))
            answers[name] = (str(said), [(k, i) for k, i in issues], int(count or 0))
        _forget(central, tip)
    return answers


def _forget(central: CentralDatabase, tip: Row) -> None:
    """Back to the state before the batch: the rows it stored, its anchor and issues."""
    with central.write() as session:
        session.execute(text("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only"))
        session.execute(text("DELETE FROM audit_log WHERE seq > :s"), {"s": tip["seq"]})
        session.execute(
            text("DELETE FROM audit_log WHERE details LIKE '%fork%' OR details LIKE '%genesis%'")
        )
        session.execute(text("ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only"))
        session.execute(
            text("UPDATE audit_anchor SET seq = :s, hash = :h"),
            {"s": tip["seq"], "h": tip["hash"]},
        )
        session.execute(
            text("DELETE FROM sync_issue WHERE kind LIKE 'audit%' OR kind = 'restored_file'")
        )


def _policies(central: CentralDatabase) -> list[tuple[str, str, str | None, str | None]]:
    with central.read() as session:
        return [
            (t, p, q, c)
            for t, p, q, c in session.execute(
                text(
                    "SELECT tablename, policyname, qual, with_check FROM pg_policies "
                    "WHERE schemaname = 'public' ORDER BY tablename, policyname"
                )
            ).all()
        ]


def test_c0010_answers_every_batch_as_c0008_did_and_downgrades(
    k1: JoinedDesk, central: CentralDatabase
) -> None:
    k1.pay_bill(k1.on_shift())
    assert push(k1.local, k1.central).audit_refused is None
    held = _rows_of(k1)
    for _ in range(4):
        k1.log_in()  # new rows, not pushed
    new = _rows_of(k1)[len(held) :]
    assert len(new) >= 3
    batches = _batches(held, new)
    policies = _policies(central)
    assert any("SELECT desk_self()" in (c or "") for _, _, _, c in policies)
    assert not any(
        "desk_self()" in (e or "").replace("SELECT desk_self()", "")
        for _, _, q, c in policies
        for e in (q, c)
    )

    now = _answers(k1, central, batches, held[-1])
    _migrate_central(central, "downgrade", "c0009")
    before = _answers(k1, central, batches, held[-1])
    c0009 = _policies(central)
    _migrate_central(central, "upgrade", "head")

    assert now == before
    assert now["new"][0] == f"ok {len(new)}"
    assert now["again"][0] == "ok 0"
    assert now["edited"][0] == f"refused {new[1]['seq']} edited"
    assert now["unreadable_seq"][0] == f"refused {new[0]['seq']} unreadable"
    assert now["fork"][0] == "ok 1"
    assert [
        (t, p, *(e.replace("( SELECT desk_self() AS desk_self)", "desk_self()") for e in (q, c)))
        for t, p, q, c in ((t, p, q or "", c or "") for t, p, q, c in policies)
    ] == [(t, p, q or "", c or "") for t, p, q, c in c0009]
    assert _policies(central) == policies


def _rows_of(desk: JoinedDesk) -> list[Row]:
    with desk.local.read() as session:
        entries = session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    return sent_rows(entries)


def test_a_pull_gives_the_connection_back_as_it_took_it(
    k1: JoinedDesk, central: CentralDatabase, tmp_path: Path
) -> None:
    """A page is committed with synchronous=NORMAL and a big page cache (pull.py);
    the next transaction on that connection, a payment's, syncs to disk again."""
    k2 = join(central, "K2", tmp_path)
    try:
        k1.pay_bill(k1.on_shift())
        push(k1.local, k1.central)

        assert pull(k2.local, k2.central).changes > 0

        with k2.local.write() as session:
            assert session.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
            assert session.execute(text("PRAGMA cache_size")).scalar() == -2000
            held = session.execute(
                text(
                    "SELECT count(*) FROM payment p JOIN desk d ON d.id = p.desk_id "
                    "WHERE d.code = 'K1'"
                )
            ).scalar()
        assert held == 1
    finally:
        k2.close()
