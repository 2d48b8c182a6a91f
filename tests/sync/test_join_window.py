"""The first replica copies the retention window: exactly the rows the predicate
keeps, every quote as with the whole history, and the receipt series goes on."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select, text

from desk.models.tables import Payer
from desk.services.quotes import quote_for, quote_json
from desk.services.retention import HISTORY_FROM, history_start
from desk.sync.central import CentralDatabase
from desk.sync.replication import push
from tests.desk_fixtures import NOON
from tests.sync.joining import TODAY, held, joined, load_demo
from tests.sync.two_desks import join, load_central

# The retention predicate as measured on SQLite (docs/design/retention.md §2.1).
KEPT_INVOICE = """
    WITH settled AS (
        SELECT a.invoice_id, max(p.paid_at >= :c) AS late,
               max(p.currency <> i.currency OR p.method = 'credit') AS mixed,
               sum(a.amount_cents + a.commercial_cents + a.loyalty_cents) AS cents
        FROM allocation a JOIN payment p ON p.id = a.payment_id
        JOIN invoice i ON i.id = a.invoice_id
        WHERE p.id NOT IN (SELECT payment_id FROM void) GROUP BY a.invoice_id)
    SELECT i.id FROM invoice i LEFT JOIN settled s ON s.invoice_id = i.id
    WHERE i.issued >= :c OR i.amount_cents <= 0 OR i.plan_id IS NOT NULL
       OR s.invoice_id IS NULL OR s.late OR s.mixed OR s.cents <> i.amount_cents
       OR i.id IN (SELECT invoice_id FROM court_case_invoice)
       OR i.id IN (SELECT invoice_id FROM agreement_cover WHERE invoice_id IS NOT NULL)"""
KEPT_PAYMENT = """
    SELECT id FROM payment p
    WHERE (paid_at >= :c OR credit_cents <> 0 OR credit_used_cents <> 0 OR method = 'credit'
           OR id IN (SELECT payment_id FROM allocation WHERE case_id IS NOT NULL
                     OR installment_id IS NOT NULL OR invoice_id IN kept_invoice))
      AND NOT (paid_at < :c AND id IN (SELECT payment_id FROM void))"""


def predicate(path: Path, start: str) -> dict[str, set[Any]]:
    con = sqlite3.connect(path)
    try:
        con.execute(f"CREATE TEMP TABLE kept_invoice AS {KEPT_INVOICE}", {"c": start})
        con.execute(f"CREATE TEMP TABLE kept_payment AS {KEPT_PAYMENT}", {"c": start})
        return {
            "invoice": {r[0] for r in con.execute("SELECT id FROM kept_invoice")},
            "payment": {r[0] for r in con.execute("SELECT id FROM kept_payment")},
            "allocation": {
                r[0]
                for r in con.execute(
                    "SELECT id FROM allocation WHERE payment_id IN kept_payment "
                    "AND (invoice_id IS NULL OR invoice_id IN kept_invoice)"
                )
            },
        }
    finally:
        con.close()


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
    window = joined(central, "K1", tmp_path, today=TODAY)
    whole = joined(central, "K2", tmp_path, whole=True)
    start = history_start(TODAY)

    expected = predicate(whole.path, start.isoformat())
    got, everything = ids(window.path), ids(whole.path)
    assert got["invoice"] == expected["invoice"] < everything["invoice"]
    assert got["payment"] == expected["payment"] < everything["payment"]
    # Allocations carry a local id: compare them as rows.
    with sqlite3.connect(whole.path) as con:
        marks = ", ".join("?" * len(expected["allocation"]))
        kept_rows = set(
            con.execute(
                "SELECT payment_id, invoice_id, case_id, installment_id, amount_cents, "
                f"commercial_cents, loyalty_cents FROM allocation WHERE id IN ({marks})",
                sorted(expected["allocation"]),
            )
        )
    assert held(window.path)["allocation"] == kept_rows
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
