"""Push, pull and the first replica between two desks and a real PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from desk.models.tables import Outbox, Payment, Receipt, Shift
from desk.services.payments import void_payment
from desk.services.shifts import close_shift
from desk.services.users import DEMO_PASSWORD
from desk.sync.central import CentralDatabase
from desk.sync.replication import (
    compact_change_log,
    first_replica,
    pending_changes,
    position,
    pull,
    push,
    queued,
)
from tests.sync.two_desks import BILL, JoinedDesk, join, load_central

NOON_LATER = datetime(2026, 11, 22, 18, 0)


@pytest.fixture
def desks(central: CentralDatabase, tmp_path: Path) -> Iterator[tuple[JoinedDesk, JoinedDesk]]:
    load_central(central)
    k1, k2 = join(central, "K1", tmp_path), join(central, "K2", tmp_path)
    yield k1, k2
    k1.close()
    k2.close()


def central_count(central: CentralDatabase, table: str) -> int:
    with central.read() as session:
        return int(session.scalar(text(f'SELECT count(*) FROM "{table}"')) or 0)


def test_first_replica_copies_the_reference_data_and_makes_the_file_that_desk(desks) -> None:
    k1, _ = desks
    with k1.local.read() as session:
        assert session.scalar(text("SELECT count(*) FROM invoice")) == 3
        assert session.scalar(text("SELECT value FROM setting WHERE key = 'desk_code'")) == "K1"
        assert session.scalar(text('SELECT count(*) FROM "user"')) == 5
    assert position(k1.local) is not None
    assert queued(k1.local) == 0


def test_a_payment_goes_out_with_its_receipt_and_reaches_the_other_desk(
    central: CentralDatabase, desks
) -> None:
    k1, k2 = desks
    ctx = k1.on_shift()
    done = k1.pay_bill(ctx)
    # The shift and the payment were queued in their own transactions.
    assert queued(k1.local) == 2

    sent = push(k1.local, k1.central)

    assert sent.sent == 2 and sent.new["payment"] == 1
    assert queued(k1.local) == 0
    with central.read() as session:
        row = session.execute(
            text("SELECT p.total_cents, d.code FROM payment p JOIN desk d ON d.id = p.desk_id")
        ).one()
        assert tuple(row) == (9346, "K1")
        allocated = text("SELECT count(*) FROM allocation WHERE payment_id = :p")
        assert session.scalar(allocated, {"p": done.payment_id}) == 1
        assert session.scalar(text("SELECT number FROM receipt")) == done.receipt_number

    pulled = pull(k2.local, k2.central)

    assert pulled.changes >= 2
    with central.read() as session:
        reported = session.execute(
            text(
                "SELECT d.code, s.pushed_at IS NOT NULL, s.pulled_seq FROM desk_sync s "
                "JOIN desk d ON d.id = s.desk_id ORDER BY d.code"
            )
        ).all()
    # K1 reported the sequence of its replica when it joined, K2 how far it pulled.
    assert [tuple(r)[:2] for r in reported] == [("K1", True), ("K2", False)]
    assert reported[0].pulled_seq is not None
    assert reported[1].pulled_seq == pulled.position[0]
    with k2.local.read() as session:
        payment = session.get(Payment, done.payment_id)
        assert payment is not None and payment.total_cents == 9346
        assert session.scalar(select(func.count()).select_from(Receipt)) == 1
        # Another desk's payment is not queued again by the desk that pulled it.
        assert session.scalar(select(func.count()).select_from(Outbox)) == 0


def test_pushing_the_same_batch_twice_changes_nothing(central: CentralDatabase, desks) -> None:
    k1, _ = desks
    ctx = k1.on_shift()
    k1.pay_bill(ctx)
    with k1.local.read() as session:
        entries = session.execute(select(Outbox.tbl, Outbox.key)).all()
    push(k1.local, k1.central)
    # The desk did not hear the acknowledgement: the same rows are queued again.
    with k1.local.write() as session:
        for tbl, key in entries:
            session.add(Outbox(tbl=tbl, key=key, queued_at=session.scalar(func.now())))
    again = push(k1.local, k1.central)

    assert again.sent == 2 and again.new["payment"] == 0
    assert central_count(central, "payment") == 3  # two imported, one from K1
    assert central_count(central, "allocation") == 3
    assert central_count(central, "receipt") == 1


def test_a_void_and_the_closed_shift_go_out_and_a_later_pull_leaves_them(
    central: CentralDatabase, desks
) -> None:
    k1, k2 = desks
    ctx = k1.on_shift()
    done = k1.pay_bill(ctx)
    push(k1.local, k1.central)
    void_payment(
        k1.local, ctx, done.payment_id, "грешен платец", "nachalnik", DEMO_PASSWORD, NOON_LATER
    )
    close_shift(k1.local, ctx, {}, NOON_LATER, confirmed=True)
    push(k1.local, k1.central)
    pull(k1.local, k1.central)
    pull(k2.local, k2.central)

    with central.read() as session:
        assert session.scalar(text("SELECT count(*) FROM void")) == 1
        assert session.scalar(text("SELECT closed_at IS NOT NULL FROM shift"))
    with k2.local.read() as session:
        assert session.scalar(text("SELECT count(*) FROM void")) == 1
        assert session.scalar(text("SELECT count(*) FROM receipt")) == 2
    with k1.local.read() as session:
        shift = session.scalars(select(Shift)).one()
        assert shift.closed_at is not None
    # Pulling back its own rows queued nothing: no push-pull ping-pong.
    assert queued(k1.local) == 0


def test_a_new_desk_joins_after_payments_and_gets_them_all(
    central: CentralDatabase, desks, tmp_path: Path
) -> None:
    k1, _ = desks
    ctx = k1.on_shift()
    k1.pay_bill(ctx)
    push(k1.local, k1.central)
    (tmp_path / "later").mkdir()
    stored = "SELECT id, paid_at, typeof(paid_at) FROM payment ORDER BY id"
    k3 = join(central, "K3", tmp_path / "later")
    try:
        with k3.local.read() as session:
            assert session.scalar(select(func.count()).select_from(Payment)) == 3
            assert session.scalar(text("SELECT count(*) FROM allocation")) == 3
            copied = session.execute(text(stored)).all()
        # Stored exactly as the desk itself stores dates and times, so SQL compares alike.
        with k1.local.read() as session:
            assert session.execute(text(stored)).all() == copied
        assert pull(k3.local, k3.central).changes == 0
    finally:
        k3.close()


def test_a_replica_is_only_made_into_an_empty_file(desks) -> None:
    k1, _ = desks
    with pytest.raises(RuntimeError, match=r"already holds data|вече има данни"):
        first_replica(k1.local, k1.central, "K1")


def test_the_change_log_forgets_only_what_every_desk_has_pulled(
    central: CentralDatabase, desks
) -> None:
    k1, k2 = desks
    k1.pay_bill(k1.on_shift())
    push(k1.local, k1.central)
    pull(k1.local, k1.central)

    # K2 has not pulled K1's shift and payment yet: only what it needs is kept.
    k2_at = position(k2.local)
    assert k2_at is not None
    needed = pending_changes(central, k2_at)
    assert needed == 2
    compact_change_log(central)
    assert central_count(central, "change_log") == needed

    assert pull(k2.local, k2.central).changes == needed
    assert compact_change_log(central) == needed
    assert central_count(central, "change_log") == 0

    # The sequence goes on: a later change still reaches the other desk.
    with central.write() as session:
        session.execute(text("UPDATE payer SET phone = '+359888123456'"))
    assert pull(k1.local, k1.central).changes == 1
    with k1.local.read() as session:
        assert session.scalar(text("SELECT phone FROM payer")) == "+359888123456"


def test_a_page_that_names_a_parent_from_a_later_page_is_still_applied(
    central: CentralDatabase, desks
) -> None:
    _, k2 = desks
    with central.write() as session:  # the bill changes ...
        session.execute(text("UPDATE invoice SET issued = issued WHERE number = :n"), {"n": BILL})
    with central.write() as session:  # ... then a plan is made and the bill joins it
        session.execute(
            text(
                "INSERT INTO plan (id, payer_id, property_id, first_month, installment_cents) "
                "SELECT 'PL-NEW', payer_id, property_id, '2026-12', 5000 FROM invoice "
                "WHERE number = :n"
            ),
            {"n": BILL},
        )
        session.execute(
            text("UPDATE invoice SET plan_id = 'PL-NEW' WHERE number = :n"), {"n": BILL}
        )

    # One change a page: the first page's bill, as it is now, names the new plan.
    result = pull(k2.local, k2.central, page=1)

    assert result.changes == 3
    with k2.local.read() as session:
        assert (
            session.scalar(text("SELECT plan_id FROM invoice WHERE number = :n"), {"n": BILL})
            == "PL-NEW"
        )


def test_a_pulled_payment_is_stored_as_the_desk_that_took_it_stores_it(desks) -> None:
    k1, k2 = desks
    ctx = k1.on_shift()
    done = k1.pay_bill(ctx)
    push(k1.local, k1.central)
    pull(k2.local, k2.central)

    # The pull writes rows as SQLite stores them (dates, times, booleans as text and
    # integers), so the same SQL finds them alike at every desk.
    for sql in (
        "SELECT *, typeof(paid_at) FROM payment WHERE id = :p",
        "SELECT payment_id, invoice_id, case_id, installment_id, amount_cents, "
        "commercial_cents, loyalty_cents FROM allocation WHERE payment_id = :p",
        "SELECT *, typeof(issued_at) FROM receipt WHERE payment_id = :p",
        "SELECT *, typeof(opened_at) FROM shift",
    ):
        with k1.local.read() as session:
            taken = session.execute(text(sql), {"p": done.payment_id}).all()
        with k2.local.read() as session:
            pulled = session.execute(text(sql), {"p": done.payment_id}).all()
        assert taken and pulled == taken, sql
