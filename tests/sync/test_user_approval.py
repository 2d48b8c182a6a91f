"""A user change from a desk counts only with proof of who made it (issue 14, point 1).

A desk's file and its role's password are in the hands of whoever sits at the
machine. The central database (migration c0009) applies a user change only
when it carries a right HMAC under the approval key of a user who may make it
there, once; each refusal goes to the supervisors and the desk pulls back what
is true centrally. Two pay desks K1 and K2 joined to a real PostgreSQL holding
the demo users with their keys.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from sqlalchemy import text

from desk.cli import main
from desk.models.tables import UserChange
from desk.services.problems import UserError
from desk.services.users import DEMO_PASSWORD, change_own_password, change_role, log_in
from desk.sync.approval_keys import set_approval_key
from desk.sync.central import CentralDatabase
from desk.sync.replication import pull, push
from tests.desk_fixtures import NOON
from tests.sync.signed import change, demo_key, send
from tests.sync.two_desks import JoinedDesk, join, load_central


@pytest.fixture
def desks(central: CentralDatabase, tmp_path: Path) -> Iterator[tuple[JoinedDesk, JoinedDesk]]:
    load_central(central)
    k1, k2 = join(central, "K1", tmp_path), join(central, "K2", tmp_path)
    yield k1, k2
    k1.close()
    k2.close()


def rows(database: Any, sql: str, **params: object) -> list[tuple[Any, ...]]:
    with database.read() as session:
        return [tuple(r) for r in session.execute(text(sql), params)]


def user(database: Any, username: str) -> tuple[int, str, str]:
    """(id, role, full name)"""
    found = rows(database, 'SELECT id, role, full_name FROM "user" WHERE username = :u', u=username)
    return found[0][0], found[0][1], found[0][2]


PROMOTE = text("UPDATE \"user\" SET role = 'supervisor' WHERE id = :i")


def refusals(central: CentralDatabase) -> list[str]:
    return [str(d) for (d,) in rows(central, "SELECT details FROM sync_issue ORDER BY id")]


def test_a_change_edited_in_the_desk_file_is_refused_and_comes_back_as_it_is_centrally(
    central: CentralDatabase, desks
) -> None:
    k1, _ = desks
    kasier1, _, _ = user(k1.local, "kasier1")
    change_role(k1.local, k1.log_in("nachalnik"), kasier1, "clerk", NOON)
    # Whoever holds the file makes the signed change a promotion, here and in the queue.
    with k1.local.write() as session:
        session.execute(text("UPDATE user_change SET role = 'supervisor'"))
        session.execute(
            text("UPDATE \"user\" SET role = 'supervisor' WHERE id = :i"), {"i": kasier1}
        )

    result = push(k1.local, k1.central)
    assert result.issues == 1 and not result.new["user_changed"]
    assert user(central, "kasier1")[1] == "cashier"
    [details] = refusals(central)
    assert "kasier1" in details and "K1" in details and "подписът не е верен" in details
    pull(k1.local, k1.central)
    assert user(k1.local, "kasier1")[1] == "cashier"


def test_a_change_signed_by_nobody_is_refused(central: CentralDatabase, desks) -> None:
    """As a change queued before the upgrade (local migration 0010) travels."""
    k1, _ = desks
    kasier1, _, name = user(k1.local, "kasier1")
    with k1.local.write() as session:
        session.execute(
            text("UPDATE \"user\" SET role = 'supervisor' WHERE id = :i"), {"i": kasier1}
        )
        queued = UserChange(
            change="00000000-0000-4000-8000-000000000001",
            user_id=kasier1,
            actor=None,
            username="kasier1",
            full_name=name,
            role="supervisor",
            password_hash="",
            active=True,
            must_change=False,
            changed_at=NOON,
        )
        session.add(queued)
        session.flush()
        session.execute(
            text("INSERT INTO outbox (tbl, key, queued_at) VALUES ('user_change', :k, :t)"),
            {"k": str(queued.id), "t": NOON},
        )

    assert push(k1.local, k1.central).issues == 1
    assert "не е подписана от познат потребител (подписал: никой)" in refusals(central)[0]
    pull(k1.local, k1.central)
    assert user(k1.local, "kasier1")[1] == user(central, "kasier1")[1] == "cashier"


def test_a_supervisor_signs_only_what_a_supervisor_may(central: CentralDatabase, desks) -> None:
    k1, _ = desks
    boss, _, _ = user(central, "nachalnik")
    kasier1, _, _ = user(central, "kasier1")
    with central.write() as session:  # a second supervisor, made centrally
        other = session.scalar(
            text(
                'INSERT INTO "user" (username, full_name, role, password_hash, failed_logins, '
                "must_change_password, active) VALUES ('nachalnik2', 'Втори', 'supervisor', "
                ":h, 0, false, true) RETURNING id"
            ),
            {"h": PasswordHasher().hash(DEMO_PASSWORD)},
        )
    key = demo_key(boss)
    promote = change("K1", "nachalnik", key, user_id=kasier1, username="kasier1", role="supervisor")
    take_over = change(
        "K1",
        "nachalnik",
        key,
        user_id=other,
        username="nachalnik2",
        role="supervisor",
        password_hash="$argon2id$mine",
        new_key=bytes(32),
    )

    assert send(k1.central, promote) == "refused"
    assert send(k1.central, take_over) == "refused"
    assert user(central, "kasier1")[1] == "cashier"
    assert rows(central, 'SELECT password_hash FROM "user" WHERE id = :i', i=other)[0][0] != (
        "$argon2id$mine"
    )
    assert all("ръководител управлява само касиери и служители" in d for d in refusals(central))
    # What a supervisor may do, he may: the same key, a cashier made a clerk.
    fine = change("K1", "nachalnik", key, user_id=kasier1, username="kasier1", role="clerk")
    assert send(k1.central, fine) == "changed"


def test_a_signature_needs_the_actors_own_key_and_rights(central: CentralDatabase, desks) -> None:
    k1, _ = desks
    boss, _, _ = user(central, "nachalnik")
    kasier1, _, name1 = user(central, "kasier1")
    kasier2, _, _ = user(central, "kasier2")
    wrong = demo_key(boss, "guessed-password")
    as_boss = change("K1", "nachalnik", wrong, user_id=kasier2, username="kasier2", role="clerk")
    forged = change("K1", "nachalnik", None, user_id=kasier2, username="kasier2", role="clerk")
    forged["mac"] = bytes(32)
    by_cashier = change(
        "K1", "kasier1", demo_key(kasier1), user_id=kasier2, username="kasier2", role="clerk"
    )
    own_promotion = change(
        "K1",
        "kasier1",
        demo_key(kasier1),
        user_id=kasier1,
        username="kasier1",
        full_name=name1,
        role="supervisor",
        password_hash="$argon2id$new",
        new_key=bytes(32),
    )
    for attempt in (as_boss, forged, by_cashier, own_promotion):
        assert send(k1.central, attempt) == "refused"
    assert user(central, "kasier2")[1] == "cashier" and user(central, "kasier1")[1] == "cashier"
    # One issue per user for the supervisors; each refusal in the centre's record.
    assert len(refusals(central)) == 2
    assert rows(central, "SELECT outcome FROM user_change ORDER BY received_at") == [
        ("refused: подписът не е верен",),
        ("refused: подписът не е верен",),
        ("refused: подписалият не е действащ ръководител или администратор",),
        ("refused: потребител сам променя само паролата си",),
    ]


def test_an_own_new_password_brings_its_key_and_the_old_one_signs_no_more(
    central: CentralDatabase, desks
) -> None:
    k1, k2 = desks
    change_own_password(k1.local, "nachalnik", DEMO_PASSWORD, "nova-parola", NOON)
    assert push(k1.local, k1.central).issues == 0
    boss, _, _ = user(central, "nachalnik")
    kasier1, _, _ = user(central, "kasier1")
    old = change(
        "K2", "nachalnik", demo_key(boss), user_id=kasier1, username="kasier1", role="clerk"
    )
    assert send(k2.central, old) == "refused"
    assert user(central, "kasier1")[1] == "cashier"
    # At K2, after its pull, the supervisor logs in with the new password and signs.
    pull(k2.local, k2.central)
    login, ctx = log_in(k2.local, "nachalnik", "nova-parola", "K2", NOON)
    assert login.ok and ctx is not None
    change_role(k2.local, ctx, kasier1, "clerk", NOON)
    assert push(k2.local, k2.central).issues == 0
    assert user(central, "kasier1")[1] == "clerk"


def test_a_change_is_applied_once_and_cannot_be_replayed(central: CentralDatabase, desks) -> None:
    k1, _ = desks
    boss, _, _ = user(central, "nachalnik")
    kasier1, _, _ = user(central, "kasier1")
    key = demo_key(boss)
    first = change("K1", "nachalnik", key, user_id=kasier1, username="kasier1", role="clerk")
    later = change(
        "K1",
        "nachalnik",
        key,
        user_id=kasier1,
        username="kasier1",
        role="cashier",
        changed_at=first["changed_at"].replace(hour=13),
    )
    assert send(k1.central, first) == "changed"
    assert send(k1.central, later) == "changed"
    # Captured on the way and sent again, even with a newer time: the HMAC covers it.
    assert send(k1.central, first) == "same"
    replayed = {**first, "change": str(uuid.uuid4())}  # as new: the HMAC covers the id
    assert send(k1.central, replayed) == "refused"
    assert user(central, "kasier1")[1] == "cashier"
    assert rows(central, "SELECT outcome FROM user_change ORDER BY received_at, id") == [
        ("changed",),
        ("changed",),
        ("refused: подписът не е верен",),
    ]


def test_a_supervisor_demoted_centrally_signs_nothing_he_made_offline(
    central: CentralDatabase, desks
) -> None:
    k1, _ = desks
    ctx = k1.log_in("nachalnik")
    kasier1, _, _ = user(k1.local, "kasier1")
    change_role(k1.local, ctx, kasier1, "clerk", NOON)  # offline
    with central.write() as session:
        session.execute(text("UPDATE \"user\" SET role = 'cashier' WHERE username = 'nachalnik'"))

    assert push(k1.local, k1.central).issues == 1
    assert "не е действащ ръководител" in refusals(central)[0]
    pull(k1.local, k1.central)
    assert user(k1.local, "kasier1")[1] == "cashier"


def test_a_password_set_centrally_signs_only_once_its_key_is_kept(
    central: CentralDatabase,
    desks,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    k1, _ = desks
    with central.write() as session:
        session.execute(
            text("UPDATE \"user\" SET password_hash = :h WHERE username = 'nachalnik'"),
            {"h": PasswordHasher().hash("druga-parola")},
        )
    boss, _, _ = user(central, "nachalnik")
    assert rows(central, "SELECT count(*) FROM user_approval WHERE user_id = :i", i=boss) == [(0,)]
    pull(k1.local, k1.central)
    kasier1, _, _ = user(k1.local, "kasier1")
    login, ctx = log_in(k1.local, "nachalnik", "druga-parola", "K1", NOON)
    assert login.ok and ctx is not None
    change_role(k1.local, ctx, kasier1, "clerk", NOON)
    assert push(k1.local, k1.central).issues == 1
    assert "desk central user-key" in refusals(central)[0]

    with pytest.raises(UserError, match="не е паролата на nachalnik"):
        set_approval_key(central, "nachalnik", DEMO_PASSWORD)
    with pytest.raises(UserError, match="няма потребител nobody"):
        set_approval_key(central, "nobody", DEMO_PASSWORD)
    owner = central.url.render_as_string(hide_password=False)
    monkeypatch.setattr("sys.stdin", io.StringIO("druga-parola\n"))
    args = ["--lang", "en", "central", "user-key", "nachalnik", "--url", owner, "--password-stdin"]
    assert main(args) == 0
    assert "approval key of nachalnik is kept" in capsys.readouterr().out

    later = NOON.replace(hour=13)
    pull(k1.local, k1.central)
    change_role(k1.local, ctx, kasier1, "clerk", later)
    assert push(k1.local, k1.central).issues == 0
    assert user(central, "kasier1")[1] == "clerk"


def test_a_desk_role_neither_reads_keys_nor_computes_the_centres_hmac(
    central: CentralDatabase, desks
) -> None:
    k1, _ = desks
    for sql in (
        "SELECT * FROM user_approval",
        "SELECT * FROM user_change",
        "SELECT desk_hmac_sha256('\\x00'::bytea, '\\x00'::bytea)",
    ):
        with pytest.raises(Exception, match="permission denied"), k1.central.read() as session:
            session.execute(text(sql))
    assert rows(central, "SELECT count(*) FROM pg_proc WHERE proname = 'desk_user_put'") == [(0,)]


def test_the_centres_hmac_is_rfc_2104_and_pythons(central: CentralDatabase) -> None:
    rfc_4231_case_2 = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    cases = [(b"Jefe", b"what do ya want for nothing?"), (bytes(range(100)), "ж".encode() * 9)]
    got = [
        bytes(rows(central, "SELECT desk_hmac_sha256(:k, :m)", k=key, m=message)[0][0])
        for key, message in cases
    ]
    assert got[0].hex() == rfc_4231_case_2
    assert got == [hmac.new(key, message, hashlib.sha256).digest() for key, message in cases]
