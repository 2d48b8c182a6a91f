"""desk.sync.seed: a small generated demo copied into the test's central database."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from desk.models.db import Database, open_database
from desk.models.tables import Payment, Property, User
from desk.services.demo import generate_demo
from desk.services.problems import UserError
from desk.services.users import ensure_demo_users
from desk.sync.central import CentralDatabase
from desk.sync.desks import add_desk
from desk.sync.replication import first_replica
from desk.sync.seed import seed_central, seeded_tables


@pytest.fixture(scope="module")
def small_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("seed") / "demo.sqlite"
    generate_demo(path, properties=25, seed=3)
    db = open_database(path)
    ensure_demo_users(db)
    db.close()
    return path


def counts(database: Database | CentralDatabase) -> dict[str, int]:
    with database.read() as session:
        return {
            table.name: session.scalar(select(func.count()).select_from(table)) or 0
            for table in seeded_tables()
        }


def test_every_table_is_copied_row_for_row(central: CentralDatabase, small_demo: Path) -> None:
    demo = Database(small_demo)
    reported: list[tuple[int, int]] = []

    copied = seed_central(central, demo, progress=lambda d, t: reported.append((d, t)))

    expected = counts(demo)
    assert copied == expected == counts(central)
    assert expected["property"] == 25 and expected["payment"] > 0 and expected["user"] == 5
    assert reported[-1] == (sum(expected.values()), sum(expected.values()))
    with demo.read() as source, central.read() as target:
        first = source.execute(select(Payment).order_by(Payment.id).limit(1)).scalar_one()
        again = target.get(Payment, first.id)
        assert again is not None
        assert (again.paid_at, again.total_cents, again.currency) == (
            first.paid_at,
            first.total_cents,
            first.currency,
        )
    demo.close()


def test_sequences_continue_after_the_copied_ids(
    central: CentralDatabase, small_demo: Path
) -> None:
    seed_central(central, small_demo)

    with central.write() as session:
        highest = session.scalar(select(func.max(Property.id)))
        session.add(Property(subscriber_number="1999999", district="Банишора", address="бл. 1"))
        session.flush()
        added = session.scalar(select(Property.id).where(Property.subscriber_number == "1999999"))
        users = session.scalar(select(func.max(User.id)))
        session.add(
            User(username="kasier9", full_name="Касиер 9", role="cashier", password_hash="x")
        )
        session.flush()
        new_user = session.scalar(select(User.id).where(User.username == "kasier9"))
    assert added == highest + 1
    assert new_user == users + 1
    # A new desk gets a fresh id too (desk.id is a serial as well).
    assert add_desk(central, "K9", "Каса 9").code == "K9"


def test_a_desk_joins_the_seeded_central_database(
    central: CentralDatabase, small_demo: Path, tmp_path: Path
) -> None:
    seed_central(central, small_demo)
    add_desk(central, "K2", "Каса 2")
    local = open_database(tmp_path / "k2.sqlite")

    first_replica(local, central, "K2", whole=True)  # every row, not the window

    replica = counts(local)
    central_counts = counts(central)
    for table in ("property", "payer", "invoice", "payment", "allocation", "user", "desk"):
        assert replica[table] == central_counts[table], table
    local.close()


def test_only_an_empty_central_database_is_seeded(
    central: CentralDatabase, small_demo: Path
) -> None:
    seed_central(central, small_demo)

    with pytest.raises(UserError, match="вече има 25 имота"):
        seed_central(central, small_demo)

    assert counts(central)["property"] == 25
