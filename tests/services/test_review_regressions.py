"""Regressions for the bugs an independent review proved (one test each)."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import event, select, text

from desk.billing.facts import (
    Account,
    AgreementFact,
    AllocationFact,
    InstallmentFact,
    InvoiceFact,
    PaymentFact,
)
from desk.billing.quote import quote
from desk.models.db import Database, make_engine
from desk.models.migrate import alembic_config, upgrade_database
from desk.models.tables import User
from desk.money import Money
from desk.services.importer import import_data
from desk.services.payments import Tender, take_payment, void_payment
from desk.services.problems import UserError
from desk.services.shifts import open_shift
from desk.services.users import DEMO_PASSWORD
from tests.desk_fixtures import NOON, PAYER, cashier, on_shift, pay_by_card


def test_a_void_is_refused_while_a_later_payment_relies_on_it(day_db: Database) -> None:
    ctx = cashier(day_db)
    open_shift(day_db, ctx, Money(0), NOON)
    first = take_payment(
        day_db,
        ctx,
        PAYER,
        {"0000000003": Money.parse("50.00")},
        Tender(cash=Money.parse("50.00")),
        Money.parse("50.00"),
        NOON,
    )
    second = take_payment(
        day_db,
        ctx,
        PAYER,
        {"0000000003": None},
        Tender(cash=Money.parse("43.46")),
        Money.parse("43.46"),
        NOON.replace(minute=5),
    )
    with pytest.raises(UserError, match="по-късно плащане"):
        void_payment(day_db, ctx, first.payment_id, "грешка", "nachalnik", DEMO_PASSWORD, NOON)
    void_payment(day_db, ctx, second.payment_id, "грешка", "nachalnik", DEMO_PASSWORD, NOON)
    void_payment(day_db, ctx, first.payment_id, "грешка", "nachalnik", DEMO_PASSWORD, NOON)


def test_wrong_supervisor_passwords_in_the_void_dialog_lock_the_account(
    day_db: Database,
) -> None:
    ctx = on_shift(day_db)
    done = pay_by_card(day_db, ctx)
    for _ in range(5):
        with pytest.raises(UserError):
            void_payment(day_db, ctx, done.payment_id, "грешка", "nachalnik", "wrong", NOON)
    with day_db.read() as session:
        locked = session.scalar(select(User.locked_until).where(User.username == "nachalnik"))
    assert locked is not None and locked > NOON
    with pytest.raises(UserError, match="заключен"):
        void_payment(day_db, ctx, done.payment_id, "грешка", "nachalnik", DEMO_PASSWORD, NOON)


def test_an_agreement_made_in_leva_and_paid_on_schedule_is_kept() -> None:
    bill = InvoiceFact("0000000001", "monthly", "2025-09", date(2025, 10, 5), Money(6000, "BGN"))
    plan = AgreementFact(
        "AG-1",
        date(2025, 12, 1),
        ("0000000001",),
        (
            InstallmentFact(1, date(2025, 12, 10), Money(3000, "BGN")),
            InstallmentFact(2, date(2026, 2, 10), Money(3000, "BGN")),
        ),
    )
    paid = PaymentFact(
        "p", date(2025, 12, 9), "cash", (AllocationFact("AG-1/1", Money(3000, "BGN")),)
    )
    q = quote(
        Account("4000000010", (bill,), agreements=(plan,), payments=(paid,)), date(2026, 2, 5)
    )
    assert "agreement:active" in q.banners
    assert [(e.item, e.balance, e.overdue) for e in q.items] == [
        ("AG-1/2", Money.parse("15.34"), False)
    ]
    assert q.good_standing


def test_leva_credit_is_converted_once_at_the_changeover() -> None:
    bill = InvoiceFact("0000000001", "monthly", "2025-09", date(2025, 10, 5), Money(100, "BGN"))
    payments = tuple(
        PaymentFact(
            f"p{i}",
            date(2025, 10, 10 + i),
            "cash",
            (AllocationFact("0000000001", Money(50, "BGN")),),
            credit=Money(1, "BGN"),
        )
        for i in range(2)
    )
    account = Account("4000000010", (bill,), payments=payments)
    assert quote(account, date(2026, 2, 1)).credit == Money.parse("0.01")  # 0.02 лв.


def test_a_large_import_stays_under_a_small_sqlite_variable_limit(tmp_path: Path) -> None:
    db = Database(tmp_path / "d.sqlite")
    upgrade_database(db.path)
    db.engine.dispose()

    @event.listens_for(db.engine, "connect")
    def _small_limit(connection: sqlite3.Connection, _record: object) -> None:
        connection.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 999)

    n = 1200
    data = {
        "format": "desk/1",
        "properties": [{"subscriber_number": "1000001", "district": "Младост", "address": "бл. 1"}],
        "payers": [
            {
                "payer_code": "4000000010",
                "kind": "person",
                "name": "Иван Иванов",
                "e_invoice": False,
            }
        ],
        "tenures": [
            {
                "payer_code": "4000000010",
                "subscriber_number": "1000001",
                "kind": "ownership",
                "start": "2000-01-01",
                "end": None,
            }
        ],
        "invoices": [
            {
                "number": f"{i:010d}",
                "subscriber_number": "1000001",
                "payer_code": "4000000010",
                "period": "2026-01",
                "kind": "other",
                "issued": "2026-02-05",
                "amount": "1.00",
                "currency": "EUR",
                "plan": None,
            }
            for i in range(1, n + 1)
        ],
        "payments": [
            {
                "id": f"p-{i}",
                "payer_code": "4000000010",
                "paid_at": "2026-02-10T10:00:00",
                "method": "cash",
                "credit": "0.00",
                "allocations": [{"item": f"{i:010d}", "amount": "1.00", "discount": "0.00"}],
            }
            for i in range(1, n + 1)
        ],
    }
    assert import_data(db, data).new_payments == n
    db.close()


def test_downgrading_the_credit_column_keeps_payments_append_only(tmp_path: Path) -> None:
    path = tmp_path / "d.sqlite"
    upgrade_database(path)
    engine = make_engine(path)
    with engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, "0002")
    with engine.connect() as connection:
        triggers = set(
            connection.scalars(
                text(
                    "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'payment'"
                )
            )
        )
    engine.dispose()
    assert triggers == {"payment_no_update", "payment_no_delete"}
