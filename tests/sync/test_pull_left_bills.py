"""A pulled payment that names a bill this desk let go (settled before its history
window): the pull takes that payer's whole history with it, and the desk answers as
the central database would, instead of refusing every pull from then on."""

from __future__ import annotations

import uuid
from datetime import datetime
from pathlib import Path

from sqlalchemy import text

from desk.models.db import open_database
from desk.services.quotes import quote_for, quote_json
from desk.sync.central import CentralDatabase
from desk.sync.first_replica import first_replica
from desk.sync.pull import pull
from tests.sync.joining import TODAY, desk_url, joined, load_demo


def test_a_payment_of_a_bill_that_left_brings_the_payers_history_back(
    central: CentralDatabase, tmp_path: Path
) -> None:
    load_demo(central, tmp_path)
    as_k1 = CentralDatabase(desk_url(central, "K1"))
    k1 = open_database(tmp_path / "k1.sqlite")
    try:
        first_replica(k1, as_k1, "K1", today=TODAY)
        with k1.read() as session:
            held = set(session.scalars(text("SELECT id FROM invoice")))
        with central.read() as session:
            bill, payer, code = next(
                row
                for row in session.execute(
                    text(
                        "SELECT i.id, i.payer_id, p.payer_code FROM invoice i "
                        "JOIN payer p ON p.id = i.payer_id ORDER BY i.id"
                    )
                )
                if row[0] not in held
            )
        # Billing enters a bank transfer against it centrally: paid a second time.
        paid = str(uuid.uuid4())
        with central.write() as session:
            session.execute(
                text(
                    "INSERT INTO payment (id, payer_id, paid_at, method, currency, total_cents, "
                    "credit_cents, credit_used_cents, cash_cents, card_cents, tendered_cents, "
                    "change_cents, source) VALUES (:id, :payer, :at, 'card', 'EUR', 700, 0, 0, "
                    "0, 700, 700, 0, 'import')"
                ),
                {"id": paid, "payer": payer, "at": datetime(2026, 11, 21, 10)},
            )
            session.execute(
                text(
                    "INSERT INTO allocation (payment_id, invoice_id, amount_cents, "
                    "commercial_cents, loyalty_cents) VALUES (:p, :b, 700, 0, 0)"
                ),
                {"p": paid, "b": bill},
            )

        assert pull(k1, as_k1).changes > 0
        whole = joined(central, "K2", tmp_path, whole=True)
        try:
            assert quote_json(quote_for(k1, code, TODAY)) == quote_json(
                quote_for(whole, code, TODAY)
            )
            with k1.read() as session:
                assert bill in set(session.scalars(text("SELECT id FROM invoice")))
                count = "SELECT count(*) FROM allocation WHERE payment_id = :p"
                assert session.scalar(text(count), {"p": paid}) == 1  # written once
        finally:
            whole.close()
    finally:
        k1.close()
        as_k1.close()
