"""Managing users (issue 6, item 4): who may, what is refused, what is audited."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from desk.models.db import Database
from desk.models.tables import AuditEntry, Desk, User
from desk.services.context import DeskContext
from desk.services.desk_rows import block_of
from desk.services.problems import ProblemsError, UserError
from desk.services.users import (
    DEMO_PASSWORD,
    MAX_FAILED_LOGINS,
    add_user,
    change_own_password,
    change_role,
    list_users,
    log_in,
    reset_password,
    set_active,
    unlock,
)
from desk.services.users import (
    unlock as unlock_user,
)
from tests.desk_fixtures import NOON


def as_user(db: Database, username: str) -> DeskContext:
    result, ctx = log_in(db, username, DEMO_PASSWORD, "K1", NOON)
    assert result.ok and ctx is not None
    return ctx


def user_id(db: Database, username: str) -> int:
    with db.read() as session:
        found = session.scalar(select(User.id).where(User.username == username))
    assert found is not None
    return found


def audited(db: Database, action: str) -> list[tuple[int | None, int | None, dict[str, object]]]:
    with db.read() as session:
        rows = session.execute(
            select(AuditEntry.user_id, AuditEntry.desk_id, AuditEntry.details)
            .where(AuditEntry.action == action)
            .order_by(AuditEntry.id)
        ).all()
    return [(u, d, json.loads(details) if details else {}) for u, d, details in rows]


def new_cashier(db: Database, ctx: DeskContext, username: str = "ivan.ivanov") -> int:
    made = add_user(db, ctx, username, "Иван Иванов", "cashier", "vremenna1", "vremenna1", NOON)
    return made.user.id


def test_a_supervisor_creates_a_user_in_the_desks_block_who_must_change_the_password(
    day_db: Database,
) -> None:
    boss = as_user(day_db, "nachalnik")
    made = add_user(
        day_db, boss, " ivan.ivanov ", "Иван   Иванов", "cashier", "vremenna1", "vremenna1", NOON
    )
    first, last = block_of(boss.desk_id)
    assert first <= made.user.id <= last, "never the id of a user pulled from the centre"
    assert made.password is None, "a typed password is not shown back"
    assert (made.user.username, made.user.full_name) == ("ivan.ivanov", "Иван Иванов")
    assert made.user.must_change_password and made.user.active
    second = add_user(day_db, boss, "petar", "Петър", "clerk", "", "", NOON)
    assert second.user.id == made.user.id + 1
    assert second.password is not None and len(second.password) >= 6, "made up, shown once"
    assert audited(day_db, "user_create") == [
        (boss.user_id, boss.desk_id, {"user": "ivan.ivanov", "role": "cashier"}),
        (boss.user_id, boss.desk_id, {"user": "petar", "role": "clerk"}),
    ]

    result, ctx = log_in(day_db, "ivan.ivanov", "vremenna1", "K1", NOON)
    assert result.ok and result.must_change_password and ctx is not None
    result, _ctx = log_in(day_db, "petar", second.password, "K1", NOON)
    assert result.ok and result.must_change_password
    names = [row.username for row in list_users(day_db, boss)]
    assert "ivan.ivanov" in names and "petar" in names and "kasier1" in names


def test_the_form_names_every_wrong_field_and_writes_nothing(day_db: Database) -> None:
    boss = as_user(day_db, "nachalnik")
    with pytest.raises(ProblemsError) as refused:
        add_user(day_db, boss, "Иван", "  ", "boss", "abc", "abc", NOON)
    assert [p.where for p in refused.value.problems] == [
        "потребителско име",
        "име",
        "роля",
        "парола",
    ]
    assert str(refused.value).startswith("потребителско име: от 3 до 40 знака")

    with pytest.raises(ProblemsError) as refused:
        add_user(day_db, boss, "kasier1", "Друга Мария", "cashier", "secret12", "secret13", NOON)
    assert [str(p) for p in refused.value.problems] == [
        "парола: двете въвеждания не са еднакви",
        "потребителско име: „kasier1“ вече е заето",
    ]
    assert audited(day_db, "user_create") == []


@pytest.mark.parametrize("username", ["kasier1", "sluzhitel"])
def test_a_cashier_and_a_clerk_are_refused_every_action(day_db: Database, username: str) -> None:
    ctx = as_user(day_db, username)
    other = user_id(day_db, "kasier2")
    calls = [
        lambda: list_users(day_db, ctx),
        lambda: add_user(day_db, ctx, "novak", "Нов", "cashier", "", "", NOON),
        lambda: change_role(day_db, ctx, other, "supervisor", NOON),
        lambda: reset_password(day_db, ctx, other, NOON),
        lambda: unlock(day_db, ctx, other, NOON),
        lambda: set_active(day_db, ctx, other, False, NOON),
    ]
    for call in calls:
        with pytest.raises(UserError, match="само ръководител или администратор"):
            call()
    with day_db.read() as session:
        assert session.scalar(select(User.role).where(User.id == other)) == "cashier"
        assert session.scalar(select(User.active).where(User.id == other))


def test_only_an_admin_makes_an_admin_or_touches_one(day_db: Database) -> None:
    boss, admin = as_user(day_db, "nachalnik"), as_user(day_db, "admin")
    cashier = user_id(day_db, "kasier1")
    with pytest.raises(ProblemsError, match="роля: администратор създава само администратор"):
        add_user(day_db, boss, "root2", "Втори админ", "admin", "", "", NOON)
    with pytest.raises(UserError, match="администратор прави само администратор"):
        change_role(day_db, boss, cashier, "admin", NOON)
    with pytest.raises(UserError, match="профил на администратор"):
        reset_password(day_db, boss, admin.user_id, NOON)
    with pytest.raises(UserError, match="профил на администратор"):
        set_active(day_db, boss, admin.user_id, False, NOON)

    assert (
        add_user(day_db, admin, "root2", "Втори админ", "admin", "", "", NOON).user.role == "admin"
    )
    assert change_role(day_db, admin, cashier, "admin", NOON).role == "admin"


def test_nobody_changes_their_own_role_or_deactivates_themselves(day_db: Database) -> None:
    for username in ("nachalnik", "admin"):
        ctx = as_user(day_db, username)
        with pytest.raises(UserError, match="собствената си роля"):
            change_role(day_db, ctx, ctx.user_id, "cashier", NOON)
        with pytest.raises(UserError, match="деактивирате себе си"):
            set_active(day_db, ctx, ctx.user_id, False, NOON)
    assert audited(day_db, "user_role") == [] and audited(day_db, "user_deactivate") == []


def test_a_role_change_is_audited_with_old_and_new(day_db: Database) -> None:
    boss = as_user(day_db, "nachalnik")
    cashier = user_id(day_db, "kasier2")
    assert change_role(day_db, boss, cashier, "supervisor", NOON).role == "supervisor"
    assert change_role(day_db, boss, cashier, "supervisor", NOON).role == "supervisor"
    assert audited(day_db, "user_role") == [
        (boss.user_id, boss.desk_id, {"user": "kasier2", "old": "cashier", "new": "supervisor"})
    ], "one entry: the second call changed nothing"
    result, _ctx = log_in(day_db, "kasier2", DEMO_PASSWORD, "K1", NOON)
    assert result.role == "supervisor"


def test_a_reset_user_must_choose_a_new_password_at_the_next_login(day_db: Database) -> None:
    boss = as_user(day_db, "nachalnik")
    cashier = user_id(day_db, "kasier1")
    row, temporary = reset_password(day_db, boss, cashier, NOON)
    assert row.must_change_password
    assert audited(day_db, "user_password_reset") == [
        (boss.user_id, boss.desk_id, {"user": "kasier1"})
    ]
    with day_db.read() as session:
        details = session.scalars(select(AuditEntry.details)).all()
    assert not any(temporary in (text or "") for text in details), "never in the log"

    old, _ctx = log_in(day_db, "kasier1", DEMO_PASSWORD, "K1", NOON)
    assert not old.ok, "the old password is gone"
    result, _ctx = log_in(day_db, "kasier1", temporary, "K1", NOON)
    assert result.ok and result.must_change_password

    with pytest.raises(UserError, match="нова парола: поне 6 знака"):
        change_own_password(day_db, "kasier1", temporary, "abc", NOON)
    with pytest.raises(UserError, match="нова парола: трябва да е различна"):
        change_own_password(day_db, "kasier1", temporary, temporary, NOON)
    with pytest.raises(UserError, match="досегашна парола: грешно"):
        change_own_password(day_db, "kasier1", "not-it", "mojata-parola", NOON)
    change_own_password(day_db, "kasier1", temporary, "mojata-parola", NOON)

    result, _ctx = log_in(day_db, "kasier1", "mojata-parola", "K1", NOON)
    assert result.ok and not result.must_change_password
    assert [(u, d) for u, d, _ in audited(day_db, "password_change")] == [(cashier, None)]


def test_a_wrong_old_password_counts_towards_the_lock_out(day_db: Database) -> None:
    for _ in range(MAX_FAILED_LOGINS):
        with pytest.raises(UserError):
            change_own_password(day_db, "kasier1", "wrong!", "mojata-parola", NOON)
    result, _ctx = log_in(day_db, "kasier1", DEMO_PASSWORD, "K1", NOON)
    assert result.problem is not None and "заключен" in result.problem


def test_unlock_ends_a_lock_out_after_five_wrong_passwords(day_db: Database) -> None:
    boss = as_user(day_db, "nachalnik")
    for _ in range(MAX_FAILED_LOGINS):
        log_in(day_db, "kasier1", "wrong!", "K1", NOON)
    later = NOON + timedelta(minutes=2)
    locked, _ctx = log_in(day_db, "kasier1", DEMO_PASSWORD, "K1", later)
    assert locked.problem == "профилът е заключен още 14 мин."
    row = next(r for r in list_users(day_db, boss) if r.username == "kasier1")
    assert row.locked_until == NOON + timedelta(minutes=15)

    assert unlock_user(day_db, boss, row.id, later).locked_until is None
    result, _ctx = log_in(day_db, "kasier1", DEMO_PASSWORD, "K1", later)
    assert result.ok
    assert audited(day_db, "user_unlock") == [(boss.user_id, boss.desk_id, {"user": "kasier1"})]


def test_a_deactivated_user_cannot_log_in_until_reactivated_and_is_never_deleted(
    day_db: Database,
) -> None:
    boss = as_user(day_db, "nachalnik")
    cashier = user_id(day_db, "kasier2")
    assert not set_active(day_db, boss, cashier, False, NOON).active
    refused, _ctx = log_in(day_db, "kasier2", DEMO_PASSWORD, "K1", NOON)
    assert not refused.ok
    rows = list_users(day_db, boss)
    assert rows[-1].username == "kasier2" and not rows[-1].active, "still listed, last"
    assert set_active(day_db, boss, cashier, True, NOON).active
    result, _ctx = log_in(day_db, "kasier2", DEMO_PASSWORD, "K1", NOON)
    assert result.ok
    assert [a for a in ("user_deactivate", "user_reactivate") if audited(day_db, a)] == [
        "user_deactivate",
        "user_reactivate",
    ]


def test_a_new_user_from_another_desk_gets_that_desks_block(day_db: Database) -> None:
    boss = as_user(day_db, "nachalnik")
    with day_db.write() as session:
        session.add(Desk(id=7, code="K7", name="Каса 7", kind="pay_desk"))
    elsewhere = DeskContext(7, "K7", "Каса 7", boss.user_id, boss.username, boss.full_name, "admin")
    made = add_user(day_db, elsewhere, "ot.k7", "От каса 7", "cashier", "", "", NOON)
    assert made.user.id == block_of(7)[0]
    assert new_cashier(day_db, boss) == block_of(boss.desk_id)[0]
