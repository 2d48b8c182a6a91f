"""The first replica copies the retention window: exactly the rows the predicate
keeps, every quote as with the whole history, and the receipt series goes on."""

from __future__ import annotations

import sqlite3
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select, text

from desk.models.tables import Payer
from desk.services.quotes import quote_for, quote_json
from desk.services.retention import HISTORY_FROM, history_start, prune_history
from desk.sync.central import CentralDatabase
from desk.sync.replication import push
from tests.desk_fixtures import NOON, copy_database
from tests.sync.joining import TODAY, held, joined, load_demo
from tests.sync.two_desks import join, load_central


def _paid_in_two_parts_one_leaving_credit(central: CentralDatabase) -> set[str]:
    """An old bill settled exactly by two old payments, the second leaving credit too;
    the two payments' ids."""
    with central.write() as session:
        payer, prop = session.execute(
            text("SELECT payer_id, property_id FROM tenure ORDER BY id LIMIT 1")
        ).one()
        bill = session.execute(
            text(
                "INSERT INTO invoice (id, number, property_id, payer_id, period, kind, issued, "
                "amount_cents, currency) VALUES ((SELECT max(id) + 1 FROM invoice), "
                "'9999999001', :prop, :payer, '2025-02', 'other', DATE '2025-02-28', 10000, "
                "'BGN') RETURNING id"
            ),
            {"prop": prop, "payer": payer},
        ).scalar_one()
        paid = []
        for day, total, credit, cents in (
            ("2025-03-10", 5000, 0, 5000),
            ("2025-03-20", 7000, 2000, 5000),
        ):
            pid = str(uuid.uuid4())
            session.execute(
                text(
                    "INSERT INTO payment (id, payer_id, paid_at, method, currency, total_cents, "
                    "credit_cents, credit_used_cents, cash_cents, card_cents, tendered_cents, "
                    "change_cents, source) VALUES (:id, :payer, :at, 'cash', 'BGN', :t, :cr, 0, "
                    ":t, 0, :t, 0, 'import')"
                ),
                {"id": pid, "payer": payer, "at": f"{day} 10:00:00", "t": total, "cr": credit},
            )
            session.execute(
                text(
                    "INSERT INTO allocation (payment_id, invoice_id, amount_cents, "
                    "commercial_cents, loyalty_cents) VALUES (:p, :b, :c, 0, 0)"
                ),
                {"p": pid, "b": bill, "c": cents},
            )
            paid.append(pid)
    return set(paid)


def ids(path: Path) -> dict[str, set[Any]]:
    con = sqlite3.connect(path)
    try:
        return {
            "invoice": {r[0] for r in con.execute("SELECT id FROM invoice")},
            "payment": {r[0] for r in con.execute("SELECT id FROM payment")},
        }
    finally:
        con.close()


def test_the_window_holds_what_the_predicate_keeps_and_quotes_as_the_whole_history(
    central: CentralDatabase, tmp_path: Path
) -> None:
    load_demo(central, tmp_path)
    chained = _paid_in_two_parts_one_leaving_credit(central)
    window = joined(central, "K1", tmp_path, today=TODAY)
    whole = joined(central, "K2", tmp_path, whole=True)
    start = history_start(TODAY)
    # The bill stays, and both payments with it: one left credit, so it stays whole.
    assert chained <= ids(window.path)["payment"]

    # What the desk's own prune keeps of the whole history: the same rows, one rule.
    by_prune = copy_database(whole.path, tmp_path / "pruned.sqlite")
    prune_history(by_prune, TODAY)
    by_prune.close()
    pruned = by_prune.path
    got, expected, everything = ids(window.path), ids(pruned), ids(whole.path)
    assert got["invoice"] == expected["invoice"] < everything["invoice"]
    assert got["payment"] == expected["payment"] < everything["payment"]
    assert held(window.path)["allocation"] == held(pruned)["allocation"]
    with window.read() as session:
        assert (
            session.scalar(text("SELECT value FROM setting WHERE key = :k"), {"k": HISTORY_FROM})
            == start.isoformat()
        )
        payers = list(session.scalars(select(Payer.payer_code).order_by(Payer.payer_code)))
    for payer in payers:
        assert quote_json(quote_for(window, payer, TODAY)) == quote_json(
            quote_for(whole, payer, TODAY)
        ), payer

    # Weeks later the joined desk rolls its window as a pruned whole file does.
    later = TODAY + timedelta(days=45)
    assert prune_history(window, later).start == history_start(later)
    rolled = copy_database(whole.path, tmp_path / "rolled.sqlite")
    prune_history(rolled, later)
    rolled.close()
    assert ids(window.path) == ids(rolled.path)
    assert held(window.path)["allocation"] == held(rolled.path)["allocation"]
    window.close()
    whole.close()


def test_a_new_file_of_a_desk_numbers_on_from_the_highest_receipt_held_centrally(
    central: CentralDatabase, tmp_path: Path
) -> None:
    load_central(central)
    (tmp_path / "first").mkdir()
    k1 = join(central, "K1", tmp_path / "first")
    k1.pay_bill(k1.on_shift())
    push(k1.local, k1.central)
    with central.read() as session:
        highest = session.scalar(
            text(
                "SELECT max(r.number) FROM receipt r JOIN desk d ON d.id = r.desk_id "
                "WHERE d.code = 'K1'"
            )
        )
    assert highest

    # A year on, that payment and its receipt are history the window leaves out.
    again = joined(central, "K1", tmp_path, today=NOON.date() + timedelta(days=365))

    with again.read() as session:
        assert session.scalar(text("SELECT count(*) FROM receipt")) == 0
        assert (
            session.scalar(text("SELECT last_receipt_number FROM desk WHERE code = 'K1'"))
            == highest
        )
    again.close()
    k1.close()
