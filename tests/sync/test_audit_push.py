"""A desk's audit log pushed, chained and anchored at the central database (issue 14).

Against a real PostgreSQL: desk K1 joins through its own role, takes a payment and
pushes. The central database holds the desk's audit rows and the last hash of its
chain; a push that does not continue that chain, or whose rows do not hash
correctly, is refused whole and put on the supervisors' list (sync_issue), and
`desk audit verify --url` walks every desk's chain there.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from desk.cli import main
from desk.models.db import open_database
from desk.models.tables import AuditEntry, Setting
from desk.money import Money
from desk.services.audit_chain import ANCHOR, GENESIS, canonical, row_hash, verify_file
from desk.services.context import DeskContext
from desk.services.payments import Tender, take_payment
from desk.sync.central import CentralDatabase
from desk.sync.replication import pull, push
from desk.sync.service import sync_once
from tests.desk_fixtures import NOON, PAYER
from tests.sync.test_contacts_sync import _migrate_central
from tests.sync.two_desks import BILL, JoinedDesk, join, load_central


@pytest.fixture
def k1(central: CentralDatabase, tmp_path: Path) -> Iterator[JoinedDesk]:
    load_central(central)
    desk = join(central, "K1", tmp_path)
    yield desk
    desk.close()


def _local_rows(desk: JoinedDesk) -> list[tuple[int, str]]:
    with desk.local.read() as session:
        return [
            (int(i), str(h))
            for i, h in session.execute(
                select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id)
            ).all()
        ]


def _central_rows(central: CentralDatabase) -> list[tuple[int, str, str | None]]:
    with central.read() as session:
        return [
            (int(s), str(h), d)
            for s, h, d in session.execute(
                text(
                    "SELECT a.seq, a.hash, a.details FROM audit_log a "
                    "JOIN desk d ON d.id = a.chain_desk_id WHERE d.code = 'K1' ORDER BY a.id"
                )
            ).all()
        ]


def _issues(central: CentralDatabase, kind: str) -> list[str]:
    with central.read() as session:
        return list(
            session.scalars(
                text("SELECT item FROM sync_issue WHERE kind = :k ORDER BY id"), {"k": kind}
            )
        )


def _verify_central(
    central: CentralDatabase, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str]:
    url = central.url.render_as_string(hide_password=False)
    code = main(["audit", "verify", "--url", url, "--lang", "en"])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def _payment_row(desk: JoinedDesk) -> tuple[int, dict[str, str]]:
    with desk.local.read() as session:
        row = session.execute(
            select(AuditEntry.id, AuditEntry.details).where(AuditEntry.action == "payment")
        ).one()
    return int(row.id), json.loads(row.details)


def _rewrite(path: Path, row_id: int, details: str, *, rechain: bool) -> None:
    """Edit one audit row behind the trigger; with ``rechain``, as a forger who knows
    SHA-256 would: every hash from that row on computed again, so the file verifies."""
    connection = sqlite3.connect(path)
    try:
        connection.execute("DROP TRIGGER audit_log_no_update")
        connection.execute("UPDATE audit_log SET details = ? WHERE id = ?", (details, row_id))
        if rechain:
            previous = GENESIS
            rows = connection.execute(
                "SELECT id, at, user_id, desk_id, action, details FROM audit_log ORDER BY id"
            ).fetchall()
            from datetime import datetime

            for seq, at, user_id, desk_id, action, text_ in rows:
                moment = datetime.fromisoformat(at)
                digest = row_hash(previous, canonical(seq, moment, user_id, desk_id, action, text_))
                connection.execute(
                    "UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?",
                    (previous, digest, seq),
                )
                previous = digest
        connection.execute(
            "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN "
            "SELECT RAISE(ABORT, 'audit_log is append-only'); END"
        )
        connection.commit()
    finally:
        connection.close()


def test_a_push_takes_the_audit_rows_and_both_ends_verify(
    k1: JoinedDesk, central: CentralDatabase, capsys: pytest.CaptureFixture[str]
) -> None:
    k1.pay_bill(k1.on_shift())
    result = push(k1.local, k1.central)

    local = _local_rows(k1)
    assert result.audit_refused is None
    assert result.audit_sent == len(local) > 0
    assert [(s, h) for s, h, _ in _central_rows(central)] == local
    with central.read() as session:
        anchor = session.execute(
            text("SELECT a.seq, a.hash FROM audit_anchor a JOIN desk d ON d.id = a.desk_id")
        ).one()
    assert (anchor.seq, anchor.hash) == local[-1]
    with k1.local.read() as session:
        assert session.scalar(select(Setting.value).where(Setting.key == ANCHOR)) == (
            f"{local[-1][0]}:{local[-1][1]}"
        )
    code, said = _verify_central(central, capsys)
    assert code == 0, said
    assert f"desk K1: {len(local)} rows, the hash chain holds" in said

    # The answer lost: the desk sends the same rows again; nothing doubles.
    with k1.local.write() as session:
        session.execute(Setting.__table__.delete().where(Setting.key == ANCHOR))
    again = push(k1.local, k1.central)
    assert again.audit_refused is None
    assert len(_central_rows(central)) == len(local)
    assert _issues(central, "audit_chain") == []


def test_a_row_rewritten_after_its_push_is_refused_even_when_the_file_verifies(
    k1: JoinedDesk, central: CentralDatabase, capsys: pytest.CaptureFixture[str]
) -> None:
    k1.pay_bill(k1.on_shift())
    assert push(k1.local, k1.central).audit_refused is None
    held = _central_rows(central)
    row_id, details = _payment_row(k1)
    forged = json.dumps({**details, "total": "999.00"}, ensure_ascii=False)
    _rewrite(Path(k1.local.path), row_id, forged, rechain=True)
    with k1.local.read() as session:
        assert verify_file(session).broken is not None  # the acknowledged row is gone
    k1.log_in()  # one more row to push

    outcome = sync_once(k1.local, k1.central)

    assert outcome.online  # the money path is not held up
    # The last row the centre acknowledged is the payment's: the file now has it otherwise.
    assert _issues(central, "audit_chain") == [f"desk K1 row {row_id}"]
    assert _central_rows(central) == held  # nothing of the forged chain stored
    code, said = _verify_central(central, capsys)
    assert code == 0, said
    assert all("999.00" not in (d or "") for _, _, d in held)


def test_a_row_edited_before_its_push_is_refused_and_named(
    k1: JoinedDesk, central: CentralDatabase
) -> None:
    paid = k1.pay_bill(k1.on_shift())
    row_id, details = _payment_row(k1)
    forged = json.dumps({**details, "total": "999.00"}, ensure_ascii=False)
    _rewrite(Path(k1.local.path), row_id, forged, rechain=False)

    result = push(k1.local, k1.central)

    assert result.audit_refused == f"refused {row_id} edited"
    assert _issues(central, "audit_chain") == [f"desk K1 row {row_id}"]
    assert _central_rows(central) == []
    with central.read() as session:  # the payment itself went in
        found = text("SELECT count(*) FROM payment WHERE id = :p")
        assert session.scalar(found, {"p": paid.payment_id}) == 1
    again = push(k1.local, k1.central)  # refused again, one issue on the list
    assert again.audit_refused == result.audit_refused
    assert len(_issues(central, "audit_chain")) == 1


def test_an_audit_row_edited_at_the_centre_is_named_by_verify(
    k1: JoinedDesk, central: CentralDatabase, capsys: pytest.CaptureFixture[str]
) -> None:
    k1.pay_bill(k1.on_shift())
    push(k1.local, k1.central)
    row_id, _ = _payment_row(k1)
    with central.write() as session:
        refused = pytest.raises(DBAPIError, match="audit_log is append-only")
        with refused, session.begin_nested():
            session.execute(
                text("UPDATE audit_log SET details = 'x' WHERE seq = :s"), {"s": row_id}
            )
        session.execute(text("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only"))
        session.execute(
            text(
                "UPDATE audit_log SET details = replace(details, '93.46', '999.00') "
                "WHERE seq = :s AND action = 'payment'"
            ),
            {"s": row_id},
        )
        session.execute(text("ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only"))

    code, said = _verify_central(central, capsys)

    assert code == 1
    assert f"desk K1: the audit log is broken at row {row_id}: its content does not match" in said


def test_a_desk_writes_audit_rows_only_through_the_chain_and_contact_history_stays(
    k1: JoinedDesk, central: CentralDatabase
) -> None:
    k1.pay_bill(k1.on_shift())
    push(k1.local, k1.central)
    with pytest.raises(DBAPIError, match="permission denied"), k1.central.write() as session:
        session.execute(
            text(
                "INSERT INTO audit_log (at, desk_id, action) "
                "VALUES (now(), (SELECT id FROM desk WHERE code = 'K1'), 'login')"
            )
        )
    with central.write() as session:
        session.execute(
            text(
                "INSERT INTO contact_change "
                "(id, payer_id, field, new_value, changed_at, source, hlc) "
                "SELECT 'cc-1', id, 'email', 'a@b.bg', now(), 'web', '000000000000001.00000.W' "
                "FROM payer LIMIT 1"
            )
        )
    for statement in (
        "UPDATE contact_change SET new_value = 'x@y.bg' WHERE id = 'cc-1'",
        "DELETE FROM contact_change WHERE id = 'cc-1'",
    ):
        refused = pytest.raises(DBAPIError, match="contact_change is append-only")
        with refused, central.write() as session:
            session.execute(text(statement))


def _pay(desk: JoinedDesk, ctx: DeskContext, cents: int) -> None:
    """A part of the bill, by card."""
    amount = Money(cents)
    take_payment(desk.local, ctx, PAYER, {BILL: amount}, Tender(card=amount), amount, NOON)


def _copy(desk: JoinedDesk, path: Path) -> JoinedDesk:
    """A backup of the desk's file restored as a new file."""
    source, target = sqlite3.connect(desk.local.path), sqlite3.connect(path)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()
    return JoinedDesk(desk.code, open_database(path), desk.central)


def test_a_restored_file_forks_the_chain_and_both_tails_are_kept(
    k1: JoinedDesk, central: CentralDatabase, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ctx = k1.on_shift()
    _pay(k1, ctx, 100)
    assert sync_once(k1.local, k1.central).online
    backup = _copy(k1, tmp_path / "backup.sqlite")
    _pay(k1, ctx, 200)  # the original goes on after the backup was taken
    assert sync_once(k1.local, k1.central).online
    original_tail = _local_rows(k1)[-1]

    backup.log_in()  # restored: its log goes on from the backup's last row
    assert sync_once(backup.local, backup.central).online
    _pay(k1, ctx, 300)  # and the original, still running, from its own
    assert sync_once(k1.local, k1.central).online

    assert _issues(central, "audit_chain") == []
    assert len(_issues(central, "audit_fork")) >= 1
    held = {h for _, h, _ in _central_rows(central)}
    assert original_tail[1] in held
    assert _local_rows(backup)[-1][1] in held
    assert _local_rows(k1)[-1][1] in held
    code, said = _verify_central(central, capsys)
    assert code == 0, said
    backup.local.close()


def test_c0008_downgrades_keeping_the_rows_and_upgrades_again(
    k1: JoinedDesk, central: CentralDatabase
) -> None:
    k1.pay_bill(k1.on_shift())
    push(k1.local, k1.central)
    rows = len(_local_rows(k1))

    _migrate_central(central, "downgrade", "c0007")
    with central.read() as session:
        assert session.scalar(text("SELECT count(*) FROM audit_log")) == rows
        assert session.scalar(text("SELECT to_regclass('audit_anchor')")) is None
    _migrate_central(central, "upgrade", "head")

    with central.read() as session:  # the old rows stay unchained; the desk starts again
        assert session.scalar(text("SELECT count(*) FROM audit_log")) == rows
    with k1.local.write() as session:
        session.execute(Setting.__table__.delete().where(Setting.key == ANCHOR))
    assert push(k1.local, k1.central).audit_sent == rows


def test_users_the_pull_changes_are_recorded_and_the_file_verifies(
    k1: JoinedDesk, central: CentralDatabase, capsys: pytest.CaptureFixture[str]
) -> None:
    k1.log_in()
    with central.write() as session:
        session.execute(
            text("UPDATE \"user\" SET full_name = 'Мария Иванова' WHERE username = 'kasier1'")
        )
    pull(k1.local, k1.central)
    k1.log_in()

    with k1.local.read() as session:
        actions = session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
        assert verify_file(session).broken is None
    assert actions[-2:] == ["sync_users_pulled", "login"]
    result = push(k1.local, k1.central)
    assert result.audit_refused is None
    code, said = _verify_central(central, capsys)
    assert code == 0, said
