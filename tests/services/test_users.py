"""Managing users (issue 6, item 4): who may, what is refused, what is audited."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from desk.models.db import Database
from desk.models.tables import AuditEntry, Desk, Setting, User, UserChange
from desk.services.context import DeskContext
from desk.services.desk_rows import block_of
from desk.services.payments import void_payment
from desk.services.problems import ProblemsError, UserError
from desk.services.users import (
    DEMO_PASSWORD,
    MAX_FAILED_LOGINS,
    add_user,
    approve,
    change_own_password,
    change_password_and_log_in,
    change_role,
    list_users,
    log_in,
    reset_password,
    roles_given_by,
    set_active,
    unlock,
)
from desk.services.users import (
    unlock as unlock_user,
)
from desk.sync.replication import SEQ_KEY
from tests.desk_fixtures import NOON, on_shift, pay_by_card


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
    assert result.ok and result.must_change_password and ctx is None, "not in yet"
    result, _ctx = log_in(day_db, "petar", second.password, "K1", NOON)
    assert result.ok and result.must_change_password
    names = [row.username for row in list_users(day_db, boss)]
    assert "ivan.ivanov" in names and "petar" in names and "kasier1" in names


def test_the_form_names_every_wrong_field_and_writes_nothing(day_db: Database) -> None:
    boss = as_user(day_db, "nachalnik")
    with pytest.raises(ProblemsError) as refused:
        add_user(day_db, boss, "Иван", "  ", "boss", "abc", "abc", NOON)
    assert [p.field() for p in refused.value.problems] == [
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
    only_admin = "само администратор създава ръководител или администратор"
    with pytest.raises(ProblemsError, match=f"роля: {only_admin}"):
        add_user(day_db, boss, "root2", "Втори админ", "admin", "", "", NOON)
    with pytest.raises(UserError, match="роля: само администратор дава роля"):
        change_role(day_db, boss, cashier, "admin", NOON)
    with pytest.raises(UserError, match="admin: само администратор променя профил"):
        reset_password(day_db, boss, admin.user_id, NOON)
    with pytest.raises(UserError, match="admin: само администратор променя профил"):
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
    assert change_role(day_db, boss, cashier, "clerk", NOON).role == "clerk"
    assert change_role(day_db, boss, cashier, "clerk", NOON).role == "clerk"
    assert audited(day_db, "user_role") == [
        (boss.user_id, boss.desk_id, {"user": "kasier2", "old": "cashier", "new": "clerk"})
    ], "one entry: the second call changed nothing"
    result, _ctx = log_in(day_db, "kasier2", DEMO_PASSWORD, "K1", NOON)
    assert result.role == "clerk"


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
    result, ctx = log_in(day_db, "kasier1", temporary, "K1", NOON)
    assert result.ok and result.must_change_password and ctx is None

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
    assert result.problem is not None and "заключен" in str(result.problem)


def test_unlock_ends_a_lock_out_after_five_wrong_passwords(day_db: Database) -> None:
    boss = as_user(day_db, "nachalnik")
    for _ in range(MAX_FAILED_LOGINS):
        log_in(day_db, "kasier1", "wrong!", "K1", NOON)
    later = NOON + timedelta(minutes=2)
    locked, _ctx = log_in(day_db, "kasier1", DEMO_PASSWORD, "K1", later)
    assert str(locked.problem) == "профилът е заключен още 14 мин."
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
    elsewhere = replace(boss, desk_id=7, desk_code="K7", desk_name="Каса 7")
    made = add_user(day_db, elsewhere, "ot.k7", "От каса 7", "cashier", "", "", NOON)
    assert made.user.id == block_of(7)[0]
    assert new_cashier(day_db, boss) == block_of(boss.desk_id)[0]


def test_a_user_change_needs_a_context_made_with_a_typed_password(day_db: Database) -> None:
    """The supervisor's password signs the change (desk.services.approval): a context
    made without one (no login) changes nobody, and nothing is queued."""
    boss = as_user(day_db, "nachalnik")
    assert boss.approval_key is not None and "approval_key" not in repr(boss)
    bare = DeskContext(
        boss.desk_id, "K1", boss.desk_name, boss.user_id, "nachalnik", boss.full_name, "supervisor"
    )
    with pytest.raises(UserError, match="влезте отново с паролата си"):
        add_user(day_db, bare, "nov.kasier", "Нов Касиер", "cashier", "", "", NOON)
    with day_db.read() as session:
        assert session.scalar(select(func.count()).select_from(UserChange)) == 0
        assert session.scalar(select(User.id).where(User.username == "nov.kasier")) is None


# --- a password someone else knows (S1) --------------------------------------------


def approval_problem(db: Database, username: str, password: str) -> str | None:
    with db.write() as session:
        problem = approve(session, username, password, NOON).problem
        return None if problem is None else str(problem)


def test_a_temporary_password_opens_nothing_until_the_user_chooses_their_own(
    day_db: Database,
) -> None:
    admin = as_user(day_db, "admin")
    boss = user_id(day_db, "nachalnik")
    _row, temporary = reset_password(day_db, admin, boss, NOON)
    logins_before = len(audited(day_db, "login"))

    result, ctx = log_in(day_db, "nachalnik", temporary, "K1", NOON)
    assert result.ok and result.must_change_password and result.full_name == "Стефан Колев"
    assert ctx is None, "whoever set the password could work as this user"
    assert len(audited(day_db, "login")) == logins_before, "not logged in: not audited as one"

    with pytest.raises(UserError, match="досегашна парола: грешно"):
        change_password_and_log_in(day_db, "nachalnik", "not-it", "moja-parola", "K1", NOON)
    with pytest.raises(UserError, match="няма каса с код K9"):
        change_password_and_log_in(day_db, "nachalnik", temporary, "moja-parola", "K9", NOON)
    assert log_in(day_db, "nachalnik", temporary, "K1", NOON)[0].must_change_password

    ctx = change_password_and_log_in(day_db, "nachalnik", temporary, "moja-parola", "K1", NOON)
    assert (ctx.user_id, ctx.username, ctx.role, ctx.desk_code) == (
        boss,
        "nachalnik",
        "supervisor",
        "K1",
    )
    assert audited(day_db, "password_change")[-1][0] == boss
    assert audited(day_db, "login")[-1][:2] == (boss, ctx.desk_id), "the login, at the desk"
    result, ctx_again = log_in(day_db, "nachalnik", "moja-parola", "K1", NOON)
    assert result.ok and not result.must_change_password and ctx_again is not None


@pytest.mark.parametrize("how", ["reset", "created"])
def test_a_supervisor_with_a_temporary_password_approves_no_void(
    day_db: Database, how: str
) -> None:
    admin = as_user(day_db, "admin")
    if how == "reset":
        approver, full_name = "nachalnik", "Стефан Колев"
        _row, temporary = reset_password(day_db, admin, user_id(day_db, approver), NOON)
    else:
        approver, full_name = "vtori", "Втори Ръководител"
        made = add_user(day_db, admin, approver, full_name, "supervisor", "", "", NOON)
        assert made.password is not None
        temporary = made.password
    refusal = f"{full_name} трябва първо да смени паролата си"
    assert approval_problem(day_db, approver, temporary) == refusal

    ctx = on_shift(day_db)
    done = pay_by_card(day_db, ctx)
    with pytest.raises(UserError) as refused:
        void_payment(day_db, ctx, done.payment_id, "грешен платец", approver, temporary, NOON)
    assert str(refused.value) == f"одобрение: {refusal}"

    change_own_password(day_db, approver, temporary, "moja-parola", NOON)
    assert approval_problem(day_db, approver, "moja-parola") is None
    void = void_payment(
        day_db, ctx, done.payment_id, "грешен платец", approver, "moja-parola", NOON
    )
    assert void.approved_by == approver


# --- a supervisor's account is an admin's to manage (S2) -----------------------------


def test_a_supervisor_neither_makes_nor_takes_over_another_supervisor(day_db: Database) -> None:
    admin = as_user(day_db, "admin")
    add_user(day_db, admin, "vtori", "Втори Ръководител", "supervisor", "parola1", "parola1", NOON)
    change_own_password(day_db, "vtori", "parola1", "negova-parola", NOON)
    boss, other = as_user(day_db, "nachalnik"), user_id(day_db, "vtori")
    cashier = user_id(day_db, "kasier1")

    with pytest.raises(ProblemsError, match="роля: само администратор създава ръководител"):
        add_user(day_db, boss, "treti", "Трети", "supervisor", "", "", NOON)
    with pytest.raises(UserError, match="роля: само администратор дава роля ръководител"):
        change_role(day_db, boss, cashier, "supervisor", NOON)
    takeover = "vtori: само администратор променя профил на ръководител или администратор"
    for call in (
        lambda: reset_password(day_db, boss, other, NOON),
        lambda: change_role(day_db, boss, other, "cashier", NOON),
        lambda: set_active(day_db, boss, other, False, NOON),
        lambda: unlock(day_db, boss, other, NOON),
    ):
        with pytest.raises(UserError) as refused:
            call()
        assert str(refused.value) == takeover
    result, _ctx = log_in(day_db, "vtori", "negova-parola", "K1", NOON)
    assert result.ok and result.role == "supervisor", "the account is as it was"
    assert all(
        audited(day_db, action) == []
        for action in ("user_role", "user_password_reset", "user_deactivate", "user_unlock")
    )
    assert [u for _, _, u in audited(day_db, "user_create")] == [
        {"user": "vtori", "role": "supervisor"}
    ]

    # What a supervisor may do, and what an admin may.
    assert roles_given_by("supervisor") == ("cashier", "clerk")
    assert roles_given_by("admin") == ("cashier", "clerk", "supervisor", "admin")
    assert roles_given_by("cashier") == ()
    assert change_role(day_db, boss, cashier, "clerk", NOON).role == "clerk"
    assert change_role(day_db, admin, cashier, "supervisor", NOON).role == "supervisor"
    assert reset_password(day_db, admin, other, NOON)[0].must_change_password
    assert not set_active(day_db, admin, other, False, NOON).active


# --- admins at a desk joined to the central database ---------------------------------


def join_the_centre(db: Database) -> None:
    """What ``desk join`` leaves in the file: its position in the central changes."""
    with db.write() as session:
        session.add(Setting(key=SEQ_KEY, value="42"))


def test_a_joined_desk_neither_makes_nor_unmakes_an_admin(day_db: Database) -> None:
    admin = as_user(day_db, "admin")
    cashier = user_id(day_db, "kasier1")
    join_the_centre(day_db)
    centrally = "администраторите се създават и променят само в централната база"
    with pytest.raises(ProblemsError) as refused:
        add_user(day_db, admin, "root2", "Втори админ", "admin", "", "", NOON)
    assert [str(p) for p in refused.value.problems] == [f"роля: {centrally}"]
    with pytest.raises(UserError, match=f"роля: {centrally}"):
        change_role(day_db, admin, cashier, "admin", NOON)
    other_admin = user_id(day_db, "admin")
    with day_db.write() as session:  # a second admin, pulled from the centre
        session.add(
            User(
                id=900,
                username="root2",
                full_name="Втори админ",
                role="admin",
                password_hash="x",
                failed_logins=0,
                must_change_password=False,
                active=True,
            )
        )
    with pytest.raises(UserError, match=f"роля: {centrally}"):
        change_role(day_db, admin, 900, "cashier", NOON)
    with day_db.read() as session:
        assert session.scalar(select(User.id).where(User.role == "admin", User.id != 900)) == (
            other_admin
        )
        assert session.scalar(select(User.role).where(User.id == 900)) == "admin"
    assert audited(day_db, "user_create") == [] and audited(day_db, "user_role") == []

    # Everything else an admin does at a joined desk goes on.
    assert change_role(day_db, admin, cashier, "supervisor", NOON).role == "supervisor"
    made = add_user(day_db, admin, "vtori", "Втори Ръководител", "supervisor", "", "", NOON)
    assert made.user.role == "supervisor"


def test_a_desk_on_its_own_may_still_make_an_admin(day_db: Database) -> None:
    admin = as_user(day_db, "admin")
    made = add_user(day_db, admin, "root2", "Втори админ", "admin", "", "", NOON)
    assert made.user.role == "admin"
    assert change_role(day_db, admin, made.user.id, "supervisor", NOON).role == "supervisor"
