"""Discounts granted at a desk are re-checked on the central database's data."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from desk.sync.central import CentralDatabase
from desk.sync.replication import push
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
    # The billing system adds a September bill the desk has not pulled: by the
    # payment day it is overdue, so the current bill earns no 3%.
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
    k1.pay_bill(k1.on_shift())  # 93.46: the desk still sees a punctual payer

    result = push(k1.local, k1.central)

    assert result.new["payment"] == 1  # the payment stands
    assert result.issues == 1
    [(kind, item, cents, details)] = issues(central)
    assert (kind, item, cents) == ("discount", BILL, 289)
    assert "дадена 2.89 €" in details and "0.00 €" in details
    assert "просрочена" in details
