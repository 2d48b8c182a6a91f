"""Issue 13 points 2-4 and 11 at their root: the database and the services hold them,
whatever screen (or script) calls.

One open shift per desk is a database rule (migration 0007); the service names who holds
the open shift and since when; a supervisor takes an abandoned shift over with a reason.
Unusual amounts need the person's yes. Every service that acts for a user reads that
user's role and status itself.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import insert, select, text, update
from sqlalchemy.exc import IntegrityError

from desk.models.db import Database
from desk.models.migrate import upgrade_database
from desk.models.tables import AuditEntry, Desk, Setting, Shift, User
from desk.money import Money
from desk.services.contacts import change_contact
from desk.services.context import DeskContext
from desk.services.payments import Tender, take_payment
from desk.services.problems import UserError
from desk.services.shifts import (
    VARIANCE_CONFIRM_KEY,
    NeedsConfirmation,
    close_shift,
    current_shift,
    held_shift,
    open_shift,
)
from desk.services.tenure import change_holder
from desk.services.users import DEMO_PASSWORD, log_in
from tests.desk_fixtures import NOON, PAYER, cashier
from tests.services.test_tenure import BUYER
from tests.test_migration_0005 import _migrate


def login(db: Database, username: str) -> DeskContext:
    result, ctx = log_in(db, username, DEMO_PASSWORD, "K1", NOON)
    assert result.ok and ctx is not None, result
    return ctx


def k1_id(db: Database) -> int:
    with db.read() as session:
        desk_id = session.scalar(select(Desk.id).where(Desk.code == "K1"))
    assert desk_id is not None
    return desk_id


# --- one open shift per desk ---------------------------------------------------------


def test_a_second_cashier_is_refused_a_shift_with_who_holds_it_and_since_when(
    day_db: Database,
) -> None:
    first = login(day_db, "kasier1")
    second = login(day_db, "kasier2")
    open_shift(day_db, first, Money(5000), NOON)

    with pytest.raises(UserError) as refused:
        open_shift(day_db, second, Money(5000), NOON + timedelta(minutes=5))

    assert refused.value.code == "shift.held"
    assert refused.value.values["user"] == first.full_name
    assert refused.value.values["since"] == NOON
    assert first.full_name in str(refused.value) and "12:00" in str(refused.value)
    assert current_shift(day_db, second) is None
    held = held_shift(day_db, second)
    assert held is not None and held.username == "kasier1"


def test_the_database_refuses_a_second_open_shift_at_this_desk_whoever_writes(
    day_db: Database,
) -> None:
    first, second = login(day_db, "kasier1"), login(day_db, "kasier2")
    open_shift(day_db, first, Money(0), NOON)

    desk_id = k1_id(day_db)
    with pytest.raises(IntegrityError, match="one open shift per desk"), day_db.write() as session:
        session.execute(
            insert(Shift).values(
                id="raw",
                desk_id=desk_id,
                user_id=second.user_id,
                opened_at=NOON,
                opening_float_cents=0,
            )
        )
    with day_db.read() as session:
        assert session.scalar(select(text("count(*)")).select_from(Shift)) == 1


def test_other_desks_shifts_copied_by_the_pull_are_left_as_they_come(day_db: Database) -> None:
    """K2's rows arrive in any order (its old shift's close may come after its new
    shift): only this desk's own shifts are held to one open."""
    with day_db.write() as session:
        k2 = session.execute(
            insert(Desk).values(code="K2", name="Каса 2", kind="pay_desk", last_receipt_number=0)
        ).inserted_primary_key[0]
        for n in (1, 2):
            session.execute(
                insert(Shift).values(
                    id=f"k2-{n}", desk_id=k2, user_id=1, opened_at=NOON, opening_float_cents=0
                )
            )
    with day_db.read() as session:
        assert session.scalar(select(text("count(*)")).select_from(Shift)) == 2


def test_the_owner_closes_and_the_next_cashier_opens(day_db: Database) -> None:
    first, second = login(day_db, "kasier1"), login(day_db, "kasier2")
    open_shift(day_db, first, Money(0), NOON)
    close_shift(day_db, first, {}, NOON + timedelta(hours=1), confirmed=True)

    opened = open_shift(day_db, second, Money(0), NOON + timedelta(hours=2))

    assert current_shift(day_db, second) == opened


def test_a_supervisor_closes_a_shift_left_open_which_stays_the_cashiers(
    day_db: Database,
) -> None:
    first, boss, second = (
        login(day_db, "kasier1"),
        login(day_db, "nachalnik"),
        login(day_db, "kasier2"),
    )
    shift = open_shift(day_db, first, Money(5000), NOON)

    with pytest.raises(UserError) as refused:
        close_shift(day_db, second, {5000: 1}, NOON, held_shift_id=shift.id, reason="went home")
    assert refused.value.code == "role.refused"
    with pytest.raises(UserError) as no_reason:
        close_shift(day_db, boss, {5000: 1}, NOON, held_shift_id=shift.id, reason="  ")
    assert no_reason.value.code == "shift.takeover_reason"
    with pytest.raises(NeedsConfirmation):  # 30 € short: the same question as for anyone
        close_shift(day_db, boss, {2000: 1}, NOON, held_shift_id=shift.id, reason="болна")

    closed = close_shift(
        day_db, boss, {2000: 1}, NOON, held_shift_id=shift.id, reason="болна", confirmed=True
    )

    assert closed.id == shift.id and closed.variance == Money(-3000)
    with day_db.read() as session:
        owner = session.scalar(select(Shift.user_id).where(Shift.id == shift.id))
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "shift_close")).one()
    assert owner == first.user_id, "the shift, its money and its shortage stay kasier1's"
    details = json.loads(entry.details or "{}")
    assert details["from_user"] == "kasier1" and details["reason"] == "болна"
    assert entry.user_id == boss.user_id
    assert current_shift(day_db, boss) is None
    assert open_shift(day_db, second, Money(0), NOON + timedelta(hours=10)) is not None
    with pytest.raises(UserError) as gone:
        close_shift(day_db, boss, {}, NOON, held_shift_id=shift.id, reason="again")
    assert gone.value.code == "shift.takeover_nothing"


# --- amounts that need a yes ----------------------------------------------------------


def test_a_float_above_the_setting_needs_confirmation_and_a_negative_one_is_refused(
    day_db: Database,
) -> None:
    ctx = cashier(day_db)
    with pytest.raises(UserError) as negative:
        open_shift(day_db, ctx, Money(-1), NOON)
    assert negative.value.code == "shift.float_negative"

    with pytest.raises(NeedsConfirmation) as big:
        open_shift(day_db, ctx, Money(100_000_000), NOON)
    assert big.value.values["amount"] == Money(100_000_000)
    assert "1\xa0000\xa0000,00\xa0€" in str(big.value)
    assert current_shift(day_db, ctx) is None

    assert open_shift(day_db, ctx, Money(100_000), NOON) is not None  # 1,000 € exactly


def test_a_confirmed_large_float_is_taken(day_db: Database) -> None:
    ctx = cashier(day_db)
    assert open_shift(day_db, ctx, Money(200_000), NOON, confirmed=True).opening_float == Money(
        200_000
    )


def test_closing_with_nothing_counted_or_a_large_variance_needs_confirmation(
    day_db: Database,
) -> None:
    ctx = cashier(day_db)
    open_shift(day_db, ctx, Money(5000), NOON)

    with pytest.raises(NeedsConfirmation) as empty:
        close_shift(day_db, ctx, {}, NOON + timedelta(hours=1))
    assert empty.value.code == "shift.close_empty_count"
    assert empty.value.values["expected"] == Money(5000)
    with pytest.raises(NeedsConfirmation) as short:
        close_shift(day_db, ctx, {2000: 1}, NOON + timedelta(hours=1))  # 30 € short
    assert short.value.code == "shift.close_shortage"
    assert short.value.values["amount"] == Money(3000)
    with pytest.raises(NeedsConfirmation) as over:
        close_shift(day_db, ctx, {5000: 1, 2000: 1}, NOON + timedelta(hours=1))
    assert over.value.code == "shift.close_surplus"
    assert current_shift(day_db, ctx) is not None  # nothing was written

    closed = close_shift(day_db, ctx, {2000: 2, 500: 1, 200: 1, 100: 1}, NOON)  # 48 €: 2 short
    assert closed.variance == Money(-200)


def test_the_variance_limit_is_a_setting(day_db: Database) -> None:
    ctx = cashier(day_db)
    open_shift(day_db, ctx, Money(5000), NOON)
    with day_db.write() as session:
        session.execute(insert(Setting).values(key=VARIANCE_CONFIRM_KEY, value="100"))
    with pytest.raises(NeedsConfirmation):
        close_shift(day_db, ctx, {2000: 2, 500: 1, 200: 1, 100: 1}, NOON)  # 2 € short > 1 €
    assert close_shift(day_db, ctx, {5000: 1}, NOON).variance == Money(0)


# --- every service checks who calls it -------------------------------------------------


def test_a_clerk_takes_no_payment_and_opens_no_shift_whatever_the_screen(
    day_db: Database,
) -> None:
    clerk = login(day_db, "sluzhitel")
    with pytest.raises(UserError) as shift:
        open_shift(day_db, clerk, Money(0), NOON)
    assert shift.value.code == "role.refused"
    with pytest.raises(UserError) as payment:
        take_payment(
            day_db, clerk, PAYER, {"0000000003": None}, Tender(card=Money(9346)), Money(9346), NOON
        )
    assert payment.value.code == "role.refused"
    assert "служител" in str(payment.value)


def test_a_cashier_changes_no_holder(day_db: Database) -> None:
    ctx = cashier(day_db)
    with pytest.raises(UserError) as refused:
        change_holder(
            day_db, ctx, "1000001", date(2026, 10, 1), "tenancy", "договор 1", NOON, new_payer=BUYER
        )
    assert refused.value.code == "role.refused"


def test_a_user_deactivated_or_demoted_since_login_is_refused_by_the_service(
    day_db: Database,
) -> None:
    ctx = cashier(day_db)
    open_shift(day_db, ctx, Money(0), NOON)
    with day_db.write() as session:
        session.execute(update(User).where(User.id == ctx.user_id).values(role="clerk"))
    with pytest.raises(UserError) as demoted:
        take_payment(
            day_db, ctx, PAYER, {"0000000003": None}, Tender(card=Money(9346)), Money(9346), NOON
        )
    assert demoted.value.code == "role.refused"

    with day_db.write() as session:
        session.execute(
            update(User).where(User.id == ctx.user_id).values(role="cashier", active=False)
        )
    with pytest.raises(UserError) as inactive:
        close_shift(day_db, ctx, {}, NOON, confirmed=True)
    assert inactive.value.code == "role.inactive"
    with pytest.raises(UserError) as contacts:
        change_contact(day_db, ctx, PAYER, "email", "a@b.bg", NOON)
    assert contacts.value.code == "role.inactive"

    with day_db.write() as session:
        session.execute(
            update(User)
            .where(User.id == ctx.user_id)
            .values(active=True, must_change_password=True)
        )
    with pytest.raises(UserError) as temporary:
        take_payment(
            day_db, ctx, PAYER, {"0000000003": None}, Tender(card=Money(9346)), Money(9346), NOON
        )
    assert temporary.value.code == "role.temporary_password"


# --- migration 0007 on a file that already has two open shifts at one desk ---------------


def test_migration_0007_keeps_duplicates_made_before_it_and_holds_from_then_on(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.sqlite"
    upgrade_database(path)
    _migrate(path, "downgrade", "0006")
    db = Database(path)
    try:
        with db.write() as session:
            desk = session.execute(
                insert(Desk).values(
                    code="K1", name="Каса 1", kind="pay_desk", last_receipt_number=0
                )
            ).inserted_primary_key[0]
            session.execute(insert(Setting).values(key="desk_code", value="K1"))
            for n in (1, 2):
                session.execute(
                    insert(User).values(
                        id=n,
                        username=f"u{n}",
                        full_name=f"U {n}",
                        role="cashier",
                        password_hash="x",
                    )
                )
                session.execute(
                    insert(Shift).values(
                        id=f"old-{n}",
                        desk_id=desk,
                        user_id=n,
                        opened_at=NOON,
                        opening_float_cents=0,
                    )
                )
    finally:
        db.close()

    _migrate(path, "upgrade", "head")

    db = Database(path)
    try:
        with db.read() as session:
            assert (
                session.scalar(
                    select(text("count(*)")).select_from(Shift).where(Shift.closed_at.is_(None))
                )
                == 2
            )
        with db.write() as session:  # the owner closes theirs as before
            session.execute(update(Shift).where(Shift.id == "old-2").values(closed_at=NOON))
        with pytest.raises(IntegrityError), db.write() as session:
            session.execute(
                insert(Shift).values(
                    id="new", desk_id=desk, user_id=2, opened_at=NOON, opening_float_cents=0
                )
            )
    finally:
        db.close()
    _migrate(path, "downgrade", "0006")


def test_an_admin_demoted_since_login_manages_no_supervisor_with_the_old_role(
    day_db: Database,
) -> None:
    from desk.services.users import change_role, list_users

    admin = login(day_db, "admin")
    with day_db.write() as session:
        session.execute(update(User).where(User.id == admin.user_id).values(role="supervisor"))
    boss = next(
        u for u in list_users(day_db, login(day_db, "nachalnik")) if u.username == "nachalnik"
    )

    with pytest.raises(UserError) as refused:
        change_role(day_db, admin, boss.id, "cashier", NOON)

    assert refused.value.code == "role.changed"
    with day_db.read() as session:
        assert session.scalar(select(User.role).where(User.id == boss.id)) == "supervisor"
