"""Discounts granted at a desk are re-checked on the central database's data."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select, text

from desk.models.tables import Payer
from desk.services.accounts import load_account
from desk.services.demo import generate_demo
from desk.sync.central import CentralDatabase
from desk.sync.recheck import batch_reader
from desk.sync.replication import pull, push
from desk.sync.seed import seed_central
from tests.desk_fixtures import PAYER
from tests.sync.two_desks import BILL, JoinedDesk, join, load_central


@pytest.fixture
def k1(central: CentralDatabase, tmp_path: Path) -> Iterator[JoinedDesk]:
    load_central(central)
    desk = join(central, "K1", tmp_path)
    yield desk
    desk.close()


def issues(central: CentralDatabase) -> list[tuple[str, str, int, str]]:
    with central.read() as session:
        rows = session.execute(
            text("SELECT kind, item, amount_cents, details FROM sync_issue ORDER BY id")
        ).all()
    return [tuple(r) for r in rows]  # type: ignore[misc]


def test_a_discount_the_central_data_bears_out_is_not_listed(
    central: CentralDatabase, k1: JoinedDesk
) -> None:
    k1.pay_bill(k1.on_shift())
    assert push(k1.local, k1.central).issues == 0
    assert issues(central) == []


def test_a_3_percent_granted_without_knowing_of_an_overdue_bill_is_listed(
    central: CentralDatabase, k1: JoinedDesk
) -> None:
    add_overdue_bill(central)  # not pulled by the desk
    k1.pay_bill(k1.on_shift())  # 93.46: the desk still sees a punctual payer

    result = push(k1.local, k1.central)

    assert result.new["payment"] == 1  # the payment stands
    assert result.issues == 1
    [(kind, item, cents, details)] = issues(central)
    assert (kind, item, cents) == ("discount", BILL, 289)
    assert "дадена 2.89 €" in details and "0.00 €" in details
    assert "просрочена" in details


# A payment quoted on the very data the central database holds for its payer is
# not replayed; anything that may differ is.


def test_a_payment_taken_since_the_last_pull_on_unchanged_data_is_not_replayed(
    central: CentralDatabase, k1: JoinedDesk
) -> None:
    pull(k1.local, k1.central)
    k1.pay_bill(k1.on_shift())

    result = push(k1.local, k1.central)

    assert (result.new["payment"], result.replayed, result.issues) == (1, 0, 0)
    assert issues(central) == []


def test_a_bill_added_after_the_last_pull_makes_the_payment_replayed(
    central: CentralDatabase, k1: JoinedDesk
) -> None:
    pull(k1.local, k1.central)
    add_overdue_bill(central)  # after the desk's position: the desk did not see it
    k1.pay_bill(k1.on_shift())

    result = push(k1.local, k1.central)

    assert (result.replayed, result.discounts, result.issues) == (1, 1, 1)
    [(kind, item, cents, _)] = issues(central)
    assert (kind, item, cents) == ("discount", BILL, 289)


def test_a_payment_taken_before_the_last_pull_is_replayed(
    central: CentralDatabase, k1: JoinedDesk
) -> None:
    k1.pay_bill(k1.on_shift())
    pull(k1.local, k1.central)  # the pull came after: the payment was quoted before it

    assert push(k1.local, k1.central).replayed == 1


def test_another_desks_payment_after_the_last_pull_makes_the_payment_replayed(
    central: CentralDatabase, k1: JoinedDesk, tmp_path: Path
) -> None:
    (tmp_path / "k2").mkdir()
    k2 = join(central, "K2", tmp_path / "k2")
    try:
        pull(k1.local, k1.central)
        k2.pay_bill(k2.on_shift())
        push(k2.local, k2.central)
        k1.pay_bill(k1.on_shift())  # offline: K1 does not know K2 took the bill

        result = push(k1.local, k1.central)
    finally:
        k2.close()

    assert result.replayed == 1
    assert result.paid_twice == 1 and result.issues == 1  # reported, as raised
    assert [(kind, item) for kind, item, _, _ in issues(central)] == [("paid_twice", BILL)]


def add_overdue_bill(central: CentralDatabase) -> None:
    """A September bill the billing system adds: overdue by the payment day, so the
    current bill earns no 3%."""
    with central.write() as session:
        session.execute(
            text(
                "INSERT INTO invoice (number, property_id, payer_id, period, kind, issued, "
                "amount_cents, currency) SELECT '0000000099', t.property_id, p.id, '2026-09', "
                "'monthly', DATE '2026-10-01', 5000, 'EUR' FROM payer p "
                "JOIN tenure t ON t.payer_id = p.id WHERE p.payer_code = :code"
            ),
            {"code": PAYER},
        )


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("recheck") / "demo.sqlite"
    generate_demo(path, properties=120, seed=5, today=date(2026, 11, 22))
    return path


def test_a_batch_reads_every_account_as_load_account_does(
    central: CentralDatabase, demo_file: Path
) -> None:
    seed_central(central, demo_file)
    with central.write() as session:  # a voided payment is left out of its account
        session.execute(
            text(
                "INSERT INTO void (id, payment_id, voided_at, reason, desk_id, user_id) "
                "SELECT 'void-1', id, paid_at, 'тест', desk_id, user_id FROM payment "
                "ORDER BY id LIMIT 1"
            )
        )
    with central.read() as session:
        payers = [tuple(r) for r in session.execute(select(Payer.id, Payer.payer_code)).all()]
        one_by_one = {code: load_account(session, code) for _, code in payers}
        reader = batch_reader(session, payers)  # type: ignore[arg-type]
        batched = {code: load_account(reader, code) for _, code in payers}
        assert load_account(reader, "0000000000") is None  # not of the batch: asked

    assert batched == one_by_one
    held = [a for a in one_by_one.values() if a is not None]
    # The demo exercises every statement the batch answers.
    assert any(a.court_cases for a in held) and any(a.agreements for a in held)
    assert any(a.plans for a in held) and sum(len(a.payments) for a in held) > 100
