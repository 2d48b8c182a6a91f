"""A desk's role at the central database, tested against the real server.

It reads reference data and inserts its own rows; it can neither change nor
delete money, nor write a row in another desk's name. The owner is held to
the append-only rule as well.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from desk.sync.central import CentralDatabase, role_url
from desk.sync.desks import add_desk
from desk.sync.replication import push
from tests.sync.two_desks import JoinedDesk, join, load_central


@pytest.fixture
def paid(central: CentralDatabase, tmp_path: Path) -> Iterator[tuple[JoinedDesk, JoinedDesk, str]]:
    """K1 took a payment and pushed it; K2 is another desk of the same database."""
    load_central(central)
    k1, k2 = join(central, "K1", tmp_path), join(central, "K2", tmp_path)
    done = k1.pay_bill(k1.on_shift())
    push(k1.local, k1.central)
    yield k1, k2, done.payment_id
    k1.close()
    k2.close()


def refused(database: CentralDatabase, sql: str, **params: object) -> str:
    with pytest.raises(DBAPIError) as caught, database.write() as session:
        session.execute(text(sql), params)
    return str(caught.value.orig)


def test_a_desk_cannot_update_a_payment_not_even_its_own(paid) -> None:
    k1, _, payment_id = paid
    message = refused(k1.central, "UPDATE payment SET total_cents = 1 WHERE id = :p", p=payment_id)
    assert "permission denied for table payment" in message


def test_a_desk_cannot_delete_a_payment_or_its_allocations(paid) -> None:
    k1, _, payment_id = paid
    assert "permission denied" in refused(
        k1.central, "DELETE FROM payment WHERE id = :p", p=payment_id
    )
    assert "permission denied" in refused(
        k1.central, "DELETE FROM allocation WHERE payment_id = :p", p=payment_id
    )


def test_a_desk_cannot_insert_a_payment_in_another_desks_name(paid) -> None:
    _, k2, _ = paid
    message = refused(
        k2.central,
        "INSERT INTO payment (id, payer_id, paid_at, method, currency, total_cents, "
        "credit_cents, credit_used_cents, cash_cents, card_cents, tendered_cents, "
        "change_cents, desk_id, source) "
        "SELECT 'forged', payer_id, paid_at, method, currency, 1, 0, 0, 0, 1, 0, 0, "
        "(SELECT id FROM desk WHERE code = 'K1'), 'desk' FROM payment LIMIT 1",
    )
    assert "row-level security" in message


def test_a_desk_cannot_close_another_desks_shift_or_change_reference_data(paid) -> None:
    _, k2, _ = paid
    with k2.central.write() as session:
        changed = session.execute(
            text("UPDATE shift SET counted_cents = 0, closed_at = now()")
        ).rowcount
    assert changed == 0  # K1's shift is invisible to K2's UPDATE policy
    assert "permission denied for table invoice" in refused(
        k2.central, "UPDATE invoice SET amount_cents = 0"
    )


def test_even_the_owner_cannot_change_a_payment(central: CentralDatabase, paid) -> None:
    _, _, payment_id = paid
    message = refused(central, "UPDATE payment SET total_cents = 1 WHERE id = :p", p=payment_id)
    assert "payment is append-only" in message


def test_a_desk_reads_every_desks_payments(paid) -> None:
    _, k2, payment_id = paid
    with k2.central.read() as session:
        assert session.scalar(text("SELECT count(*) FROM payment WHERE id = :p"), {"p": payment_id})


def test_a_desk_role_logs_in_with_its_password_only(central: CentralDatabase) -> None:
    account = add_desk(central, "K9", "Каса 9")
    wrong = CentralDatabase(role_url(central.url, account.role, "not-" + account.password))
    try:
        with pytest.raises(DBAPIError, match="password authentication failed"), wrong.read():
            pass
    finally:
        wrong.close()


def test_a_desk_cannot_shadow_the_desk_table_with_a_temporary_one(paid) -> None:
    _, k2, _ = paid
    message = refused(k2.central, "CREATE TEMPORARY TABLE desk (id integer, role_name text)")
    assert "permission denied to create temporary tables" in message
