"""Users a supervisor makes or changes at one desk reach the central database and
every other desk; the central database keeps admins to itself and the later of
two changes (migration c0004).

Two pay desks K1 and K2 joined to a real PostgreSQL holding the demo users.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError, IntegrityError

from desk.models.tables import Outbox, User, UserChange
from desk.services.desk_rows import block_of
from desk.services.problems import ProblemsError, UserError
from desk.services.users import (
    DEMO_PASSWORD,
    add_user,
    change_own_password,
    change_role,
    log_in,
    reset_password,
    set_active,
    unlock,
)
from desk.sync.central import CentralDatabase
from desk.sync.replication import pull, push, queued
from tests.desk_fixtures import NOON
from tests.sync.signed import CALL, change, demo_key, send
from tests.sync.two_desks import JoinedDesk, join, load_central

LATER = NOON + timedelta(minutes=5)


@pytest.fixture
def desks(central: CentralDatabase, tmp_path: Path) -> Iterator[tuple[JoinedDesk, JoinedDesk]]:
    load_central(central)
    k1, k2 = join(central, "K1", tmp_path), join(central, "K2", tmp_path)
    yield k1, k2
    k1.close()
    k2.close()


def sync(*desks: JoinedDesk) -> None:
    for desk in desks:
        push(desk.local, desk.central)
    for desk in desks:
        pull(desk.local, desk.central)


def rows(database: Any, sql: str, **params: object) -> list[tuple[Any, ...]]:
    with database.read() as session:
        return [tuple(r) for r in session.execute(text(sql), params)]


def user_id(desk: JoinedDesk, username: str) -> int:
    with desk.local.read() as session:
        found = session.scalar(select(User.id).where(User.username == username))
    assert found is not None
    return found


def role_of(database: Any, username: str) -> str:
    return str(rows(database, 'SELECT role FROM "user" WHERE username = :u', u=username)[0][0])


def issues(central: CentralDatabase) -> list[tuple[str, str]]:
    return [
        (str(kind), str(details))
        for kind, details in rows(central, "SELECT kind, details FROM sync_issue ORDER BY id")
    ]


def test_a_clerk_made_at_k1_logs_in_at_k2_and_a_new_password_goes_back(
    central: CentralDatabase, desks
) -> None:
    k1, k2 = desks
    boss = k1.log_in("nachalnik")
    made = add_user(k1.local, boss, "ivan", "Иван Стоянов", "clerk", "parola1", "parola1", NOON)
    assert queued(k1.local) == 1
    result = push(k1.local, k1.central)
    assert result.new["user"] == 1 and result.issues == 0
    first, last = block_of(boss.desk_id)
    assert first <= made.user.id <= last
    assert rows(
        central,
        'SELECT id, role, must_change_password, failed_logins, user_changed_at FROM "user" '
        "WHERE username = 'ivan'",
    ) == [(made.user.id, "clerk", True, 0, NOON)]

    assert log_in(k2.local, "ivan", "parola1", "K2", NOON)[0].problem is not None  # not yet
    pull(k2.local, k2.central)
    login, ctx = log_in(k2.local, "ivan", "parola1", "K2", NOON)
    assert login.ok and login.role == "clerk" and login.user_id == made.user.id
    assert login.must_change_password and ctx is None, "in only with a password of one's own"

    # The clerk chooses a password at K2; K1 learns it and no longer asks for a change.
    change_own_password(k2.local, "ivan", "parola1", "nova-parola", LATER)
    assert queued(k2.local) == 1
    sync(k2, k1)
    again, _ = log_in(k1.local, "ivan", "nova-parola", "K1", LATER)
    assert again.ok and not again.must_change_password
    assert not log_in(k1.local, "ivan", "parola1", "K1", LATER)[0].ok
    assert issues(central) == []


def test_a_password_reset_at_k1_makes_the_user_change_it_at_k2(
    central: CentralDatabase, desks
) -> None:
    k1, k2 = desks
    boss = k1.log_in("nachalnik")
    _, temporary = reset_password(k1.local, boss, user_id(k1, "kasier1"), NOON)
    sync(k1, k2)

    assert not log_in(k2.local, "kasier1", DEMO_PASSWORD, "K2", NOON)[0].ok
    login, _ = log_in(k2.local, "kasier1", temporary, "K2", NOON)
    assert login.ok and login.must_change_password
    sql = "SELECT must_change_password FROM \"user\" WHERE username = 'kasier1'"
    assert rows(central, sql) == rows(k2.local, sql) == [(True,)]


def test_a_role_change_and_a_deactivation_reach_the_other_desk(
    central: CentralDatabase, desks
) -> None:
    k1, k2 = desks
    boss = k1.log_in("nachalnik")
    change_role(k1.local, k1.log_in("admin"), user_id(k1, "kasier1"), "supervisor", NOON)
    set_active(k1.local, boss, user_id(k1, "kasier2"), False, NOON)
    sync(k1, k2)

    assert role_of(central, "kasier1") == role_of(k2.local, "kasier1") == "supervisor"
    assert rows(k2.local, "SELECT active FROM \"user\" WHERE username = 'kasier2'") == [(0,)]
    assert not log_in(k2.local, "kasier2", DEMO_PASSWORD, "K2", NOON)[0].ok


def test_lock_outs_and_unlocking_stay_at_their_desk(central: CentralDatabase, desks) -> None:
    k1, k2 = desks
    for _ in range(5):
        log_in(k1.local, "kasier1", "wrong!", "K1", NOON)
    unlock(k1.local, k1.log_in("nachalnik"), user_id(k1, "kasier1"), NOON)
    assert queued(k1.local) == 0  # nothing of a lock-out travels
    for _ in range(5):
        log_in(k2.local, "kasier1", "wrong!", "K2", NOON)
    sync(k2, k1)
    assert log_in(k1.local, "kasier1", DEMO_PASSWORD, "K1", NOON)[0].ok
    assert "заключен" in str(log_in(k2.local, "kasier1", DEMO_PASSWORD, "K2", NOON)[0].problem)
    assert rows(central, "SELECT locked_until FROM \"user\" WHERE username = 'kasier1'") == [
        (None,)
    ]


@pytest.mark.parametrize("first", ["older", "later"])
def test_two_desks_changing_one_user_offline_end_with_the_later_change(
    central: CentralDatabase, desks, first: str
) -> None:
    k1, k2 = desks
    target = user_id(k1, "kasier2")
    change_role(k1.local, k1.log_in("nachalnik"), target, "clerk", NOON)  # older
    change_role(k2.local, k2.log_in("admin"), target, "supervisor", LATER)
    pushing = [k1, k2] if first == "older" else [k2, k1]
    push(pushing[0].local, pushing[0].central)
    # The other desk pulls before it pushes: its own change, still queued, stays.
    pull(pushing[1].local, pushing[1].central)
    own = "supervisor" if pushing[1] is k2 else "clerk"
    assert role_of(pushing[1].local, "kasier2") == own
    second = push(pushing[1].local, pushing[1].central)
    pull(k1.local, k1.central)
    pull(k2.local, k2.central)

    assert role_of(central, "kasier2") == "supervisor"
    assert role_of(k1.local, "kasier2") == role_of(k2.local, "kasier2") == "supervisor"
    if first == "older":
        assert second.issues == 0 and issues(central) == []
    else:  # K1's older change came last: not applied, and the supervisors hear of it
        assert second.issues == 1
        [(kind, details)] = issues(central)
        assert kind == "user_change_older" and "kasier2" in details and "K1" in details


def test_a_user_name_two_desks_gave_offline_gets_the_later_desks_code(
    central: CentralDatabase, desks
) -> None:
    k1, k2 = desks
    one = add_user(k1.local, k1.log_in("nachalnik"), "ivan", "Иван Първи", "cashier", "", "", NOON)
    two = add_user(k2.local, k2.log_in("nachalnik"), "ivan", "Иван Втори", "clerk", "", "", NOON)
    assert one.password and two.password
    sync(k1, k2)
    sync(k1, k2)

    expected = [(one.user.id, "ivan", "Иван Първи"), (two.user.id, "ivan.k2", "Иван Втори")]
    sql = "SELECT id, username, full_name FROM \"user\" WHERE username LIKE 'ivan%' ORDER BY id"
    assert rows(central, sql) == rows(k1.local, sql) == rows(k2.local, sql) == expected
    assert [kind for kind, _ in issues(central)] == ["user_renamed"]
    assert log_in(k1.local, "ivan.k2", two.password, "K1", NOON)[0].ok


def test_pushing_a_user_twice_doubles_nothing(central: CentralDatabase, desks) -> None:
    k1, _ = desks
    boss = k1.log_in("nachalnik")
    add_user(k1.local, boss, "ivan", "Иван Стоянов", "clerk", "", "", NOON)
    change_role(k1.local, boss, user_id(k1, "ivan"), "cashier", LATER)
    with k1.local.read() as session:
        entries = session.execute(select(Outbox.tbl, Outbox.key, Outbox.queued_at)).all()
        changes = [
            {c.name: getattr(change, c.name) for c in UserChange.__table__.columns}
            for change in session.scalars(select(UserChange).order_by(UserChange.id))
        ]
    assert [e.tbl for e in entries] == ["user_change", "user_change"]
    assert [c["actor"] for c in changes] == ["nachalnik", "nachalnik"]
    before = rows(central, "SELECT count(*) FROM change_log")
    push(k1.local, k1.central)
    logged = rows(central, "SELECT count(*) FROM change_log")
    assert rows(k1.local, "SELECT count(*) FROM user_change") == [(0,)]  # not kept once sent
    # The desk did not hear the acknowledgement: the same rows are queued again.
    with k1.local.write() as session:
        session.add_all(UserChange(**change) for change in changes)
        session.add_all(Outbox(tbl=e.tbl, key=e.key, queued_at=e.queued_at) for e in entries)
    again = push(k1.local, k1.central)

    assert again.sent == 2 and dict(again.new) == {} and again.issues == 0
    assert logged > before and rows(central, "SELECT count(*) FROM change_log") == logged
    assert rows(central, "SELECT role, user_changed_at FROM \"user\" WHERE username = 'ivan'") == [
        ("cashier", LATER)
    ]
    assert issues(central) == []


# --- what a desk's role may do ----------------------------------------------------


def refused(database: CentralDatabase, sql: str, **params: object) -> str:
    with pytest.raises(DBAPIError) as caught, database.write() as session:
        session.execute(text(sql), params)
    return str(caught.value.orig)


def put(desk: JoinedDesk, user: int, username: str, role: str, actor: str = "admin") -> str:
    """A change signed by ``actor`` (a demo user) with his right key."""
    actor_id = rows(desk.central, 'SELECT id FROM "user" WHERE username = :u', u=actor)[0][0]
    key = demo_key(actor_id)
    # A new password ("hash" here) comes with its key.
    params = change(
        desk.code,
        actor,
        key,
        user_id=user,
        username=username,
        role=role,
        password_hash="hash",
        new_key=demo_key(user),
    )
    return send(desk.central, params)


def put_refused(desk: JoinedDesk, user: int, username: str, role: str) -> str:
    params = change(desk.code, "admin", None, user_id=user, username=username, role=role)
    return refused(desk.central, str(CALL), **params)


def test_a_desk_cannot_write_users_but_through_the_function(
    central: CentralDatabase, desks
) -> None:
    k1, k2 = desks
    assert "permission denied for table user" in refused(
        k1.central, "UPDATE \"user\" SET role = 'admin' WHERE username = 'kasier1'"
    )
    assert "permission denied for table user" in refused(
        k1.central,
        'INSERT INTO "user" (id, username, full_name, role, password_hash, failed_logins, '
        "must_change_password, active) VALUES (5, 'x', 'x', 'cashier', 'h', 0, false, true)",
    )
    k1_desk = rows(central, "SELECT id FROM desk WHERE code = 'K1'")[0][0]
    k2_desk = rows(central, "SELECT id FROM desk WHERE code = 'K2'")[0][0]
    # A new user outside the desk's block: below the blocks, or in another desk's.
    for outside in (50, block_of(k1_desk)[0]):
        message = put_refused(k2, outside, "forged", "cashier")
        assert "not a user of this desk" in message
    # Nor through the owner's function with an unknown role.
    assert "not a user change" in put_refused(k2, block_of(k2_desk)[0], "x", "root")
    assert rows(central, "SELECT count(*) FROM \"user\" WHERE username IN ('forged', 'x')") == [
        (0,)
    ]


def test_a_desk_neither_makes_nor_touches_an_admin(central: CentralDatabase, desks) -> None:
    k1, _ = desks
    k1_desk = rows(central, "SELECT id FROM desk WHERE code = 'K1'")[0][0]
    new = block_of(k1_desk)[0]
    admin = rows(central, "SELECT id FROM \"user\" WHERE username = 'admin'")[0][0]
    cashier = rows(central, "SELECT id FROM \"user\" WHERE username = 'kasier1'")[0][0]
    assert put(k1, new, "boss", "admin") == "refused"
    assert put(k1, cashier, "kasier1", "admin") == "refused"
    assert put(k1, admin, "admin", "cashier") == "refused"
    assert rows(central, "SELECT count(*) FROM \"user\" WHERE username = 'boss'") == [(0,)]
    assert role_of(central, "kasier1") == "cashier" and role_of(central, "admin") == "admin"
    assert [kind for kind, _ in issues(central)] == ["user_refused"] * 3


def test_an_admin_changed_at_a_desk_comes_back_as_it_is_centrally(
    central: CentralDatabase, desks
) -> None:
    k1, _ = desks
    admin = k1.log_in("admin")
    with pytest.raises(UserError):
        change_role(k1.local, admin, admin.user_id, "cashier", NOON)  # not one's own
    reset_password(k1.local, admin, user_id(k1, "admin"), NOON)  # the desk lets an admin
    result = push(k1.local, k1.central)
    assert result.issues == 1
    pull(k1.local, k1.central)
    # The central password is back: admins are managed centrally only.
    login, _ = log_in(k1.local, "admin", DEMO_PASSWORD, "K1", NOON)
    assert login.ok and not login.must_change_password


def test_a_joined_desk_refuses_at_once_what_the_centre_would_refuse_about_admins(
    central: CentralDatabase, desks
) -> None:
    """The desk knows it is joined (desk join set it): no admin is made or unmade here,
    so no user the centre refuses can open a shift and hold up the push."""
    k1, _ = desks
    admin = k1.log_in("admin")
    with pytest.raises(ProblemsError, match="само в централната база"):
        add_user(k1.local, admin, "boss", "Шеф", "admin", "", "", NOON)
    with pytest.raises(UserError, match="само в централната база"):
        change_role(k1.local, admin, user_id(k1, "kasier1"), "admin", NOON)
    assert queued(k1.local) == 0
    assert push(k1.local, k1.central).issues == 0 and issues(central) == []
    assert role_of(central, "kasier1") == role_of(k1.local, "kasier1") == "cashier"


def test_a_pull_meeting_a_queued_user_of_the_same_name_waits_for_the_push(
    central: CentralDatabase, desks
) -> None:
    k1, k2 = desks
    add_user(k2.local, k2.log_in("nachalnik"), "ivan", "Иван Втори", "clerk", "", "", NOON)
    push(k2.local, k2.central)
    mine = add_user(k1.local, k1.log_in("nachalnik"), "ivan", "Иван Първи", "clerk", "", "", NOON)
    # Made between K1's push and its pull: the name is taken here until K1 pushes.
    with pytest.raises(IntegrityError):
        pull(k1.local, k1.central)
    assert queued(k1.local) == 1
    sync(k1)  # the next sync pushes first: the central database renames K1's user

    sql = 'SELECT full_name FROM "user" WHERE username = :u'
    assert rows(k1.local, sql, u="ivan") == rows(central, sql, u="ivan") == [("Иван Втори",)]
    assert rows(k1.local, sql, u="ivan.k1") == [("Иван Първи",)]
    assert user_id(k1, "ivan.k1") == mine.user.id


def test_a_change_made_centrally_is_stamped_and_beats_an_older_desk_change(
    central: CentralDatabase, desks
) -> None:
    k1, _ = desks
    with central.write() as session:
        session.execute(text("UPDATE \"user\" SET role = 'clerk' WHERE username = 'kasier1'"))
        stamped = session.scalar(
            text("SELECT user_changed_at FROM \"user\" WHERE username = 'kasier1'")
        )
    assert stamped is not None
    before = stamped - timedelta(minutes=1)
    change_role(k1.local, k1.log_in("admin"), user_id(k1, "kasier1"), "supervisor", before)
    assert push(k1.local, k1.central).issues == 1
    pull(k1.local, k1.central)
    assert role_of(central, "kasier1") == role_of(k1.local, "kasier1") == "clerk"
