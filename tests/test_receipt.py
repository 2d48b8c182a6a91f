"""The receipt PDF of a real payment: text, leva line, COPY mark and barcode."""

from __future__ import annotations

from desk.models.db import Database
from desk.money import Money
from desk.printing.receipt import receipt_number_text, render_receipt
from desk.services.payments import Tender, take_payment, void_payment
from desk.services.receipts import receipt_data
from desk.services.shifts import open_shift
from desk.services.users import DEMO_PASSWORD
from tests.desk_fixtures import NOON, PAYER, cashier
from tests.printing_helpers import pdf_barcodes, pdf_text


def test_receipt_holds_number_totals_leva_and_a_readable_barcode(day_db: Database) -> None:
    ctx = cashier(day_db)
    open_shift(day_db, ctx, Money(0), NOON)
    done = take_payment(
        day_db,
        ctx,
        PAYER,
        {"0000000003": None},
        Tender(cash=Money(10000)),
        Money.parse("93.46"),
        NOON,
    )
    pdf = render_receipt(receipt_data(day_db, done.payment_id))
    text = pdf_text(pdf)
    number = receipt_number_text("K1", done.receipt_number)
    assert number in text
    assert "93,46 €" in text and "2,89 €" in text and "6,54 €" in text
    assert "182,79 лв." in text  # 93.46 × 1.95583, through 2026
    assert "1,95583" in text
    assert "КОПИЕ" not in text
    assert pdf_barcodes(pdf) == [number]

    copy = pdf_text(render_receipt(receipt_data(day_db, done.payment_id, copy=True)))
    assert "КОПИЕ" in copy

    void = void_payment(day_db, ctx, done.payment_id, "грешка", "nachalnik", DEMO_PASSWORD, NOON)
    reversal = render_receipt(receipt_data(day_db, done.payment_id, void=True))
    assert "СТОРНО" in pdf_text(reversal) and number in pdf_text(reversal)
    assert pdf_barcodes(reversal) == [receipt_number_text("K1", void.receipt_number)]


def test_printed_amounts_group_thousands_as_the_screen_does() -> None:
    from desk.printing.receipt import eur, grouped

    assert eur(Money(160632)) == "1 606,32 €"
    assert grouped(Money(-123456789)) == "-1 234 567,89"
    assert eur(Money(-6)) == "-0,06 €"
    assert eur(Money(0)) == "0,00 €"
