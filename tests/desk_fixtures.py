"""A demo-sized desk day: a real SQLite file with a scenario imported, a desk and
the demo users, and a worked shift. Registered in tests/conftest.py; the
printout generator in docs/printouts uses it too."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import insert

from desk.models.db import Database, open_database
from desk.models.tables import Desk
from desk.money import Money
from desk.services.context import DeskContext
from desk.services.desk_identity import set_this_desk
from desk.services.importer import import_data
from desk.services.payments import PaymentDone, Tender, take_payment, void_payment
from desk.services.shifts import close_shift, open_shift
from desk.services.users import DEMO_PASSWORD, ensure_demo_users, log_in
from tests.conftest import SHARED
from tests.db_templates import copy_database as copy_database  # tests copy a desk's file
from tests.db_templates import from_template

PAYER = "4000000010"  # the punctual payer of commercial_discount_on_time
NOON = datetime(2026, 11, 22, 12, 0)


CLOSE = NOON.replace(hour=18)
# 143.40: six cents short of the 143.46 that work_a_shift leaves in the drawer.
COUNT = {10000: 1, 2000: 2, 200: 1, 100: 1, 20: 2}


def make_day_db(path: Path) -> Database:
    """commercial_discount_on_time imported, desk K1 (this database's desk), the demo users."""
    return make_scenario_db(path, "commercial_discount_on_time")


def make_scenario_db(path: Path, scenario_name: str) -> Database:
    """A public scenario imported, desk K1 (this database's desk), the demo users.

    Built once per test process and copied (tests/db_templates.py)."""
    return from_template(
        path, f"scenario:{scenario_name}", lambda fresh: _build_scenario_db(fresh, scenario_name)
    )


def _build_scenario_db(path: Path, scenario_name: str) -> Database:
    db = open_database(path)
    scenario = json.loads((SHARED / "scenarios" / f"{scenario_name}.json").read_text("utf-8"))
    import_data(db, scenario["data"])
    with db.write() as session:
        session.execute(
            insert(Desk).values(code="K1", name="Каса 1", kind="pay_desk", last_receipt_number=0)
        )
    set_this_desk(db, "K1")
    ensure_demo_users(db)
    return db


@pytest.fixture
def day_db(tmp_path: Path) -> Iterator[Database]:
    db = make_day_db(tmp_path / "desk.sqlite")
    yield db
    db.close()


def cashier(db: Database) -> DeskContext:
    result, ctx = log_in(db, "kasier1", DEMO_PASSWORD, "K1", NOON)
    assert result.ok and ctx is not None
    return ctx


def on_shift(db: Database) -> DeskContext:
    """The demo cashier logged in at K1 with a shift opened on an empty drawer."""
    ctx = cashier(db)
    open_shift(db, ctx, Money(0), NOON)
    return ctx


def pay_by_card(db: Database, ctx: DeskContext) -> PaymentDone:
    """The punctual payer's current bill paid in full by card at noon (93.46 after 3%)."""
    return take_payment(
        db, ctx, PAYER, {"0000000003": None}, Tender(card=Money(9346)), Money.parse("93.46"), NOON
    )


def pay_cash(db: Database, ctx: DeskContext, at: datetime) -> str:
    """The punctual payer's bill (93.46 after 3%) paid with a 100 € note: 6.54 change."""
    done = take_payment(
        db, ctx, PAYER, {"0000000003": None}, Tender(cash=Money(10000)), Money(9346), at
    )
    return done.payment_id


def work_a_shift(db: Database) -> str:
    """A day at K1 on a 50 € float: a card payment voided by the supervisor, the bill
    paid again in cash with change, a count six cents short. Returns the shift id."""
    ctx = cashier(db)
    open_shift(db, ctx, Money.parse("50.00"), NOON)
    card = pay_by_card(db, ctx)
    void_payment(
        db,
        ctx,
        card.payment_id,
        "грешен платец",
        "nachalnik",
        DEMO_PASSWORD,
        NOON.replace(minute=10),
    )
    pay_cash(db, ctx, NOON.replace(minute=20))
    return close_shift(db, ctx, COUNT, CLOSE).id
