"""The receipt PDF of a real payment: text, leva line, COPY mark and barcode."""

from __future__ import annotations

import re

from desk.models.db import Database
from desk.money import Money
from desk.printing.receipt import receipt_number_text, render_receipt
from desk.services.payments import Tender, take_payment, void_payment
from desk.services.receipts import receipt_data
from desk.services.shifts import open_shift
from desk.services.users import DEMO_PASSWORD
from tests.desk_fixtures import NOON, PAYER, cashier
from tests.printing_helpers import pdf_barcodes, pdf_rows, pdf_text


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


AMOUNT = re.compile(r"(?<![\w,])([+-]?)\d{1,3}(?: \d{3})*,\d{2} (?:€|лв\.)")


def amount_rows(text: str) -> list[tuple[str, str]]:
    """(row, sign) of every row of a receipt that carries an amount."""
    return [(row, m.group(1)) for row in text.splitlines() for m in AMOUNT.finditer(row)]


def test_a_void_receipt_names_what_it_reverses_why_who_approved_and_signs_every_amount(
    day_db: Database,
) -> None:
    ctx = cashier(day_db)
    open_shift(day_db, ctx, Money(0), NOON)
    # The case: a bill paid by card, then voided.
    card = take_payment(
        day_db,
        ctx,
        PAYER,
        {"0000000003": None},
        Tender(card=Money(9346)),
        Money.parse("93.46"),
        NOON,
    )
    void = void_payment(
        day_db, ctx, card.payment_id, "грешен платец", "nachalnik", DEMO_PASSWORD, NOON
    )
    pdf = render_receipt(receipt_data(day_db, card.payment_id, void=True))
    rows = pdf_rows(pdf)
    text = "\n".join(rows)
    assert "СТОРНО" in rows
    assert f"№ {receipt_number_text('K1', void.receipt_number)}" in rows
    assert f"Сторнира № {receipt_number_text('K1', card.receipt_number)}" in rows
    assert "от 22.11.2026 12:00" in rows
    assert "Причина: грешен платец" in rows
    assert "Одобрил Стефан Колев" in rows
    # Signed throughout: paid, total and the card refund negative; the discount
    # the payment was granted is taken back (+), so the lines add up to the total.
    assert "сторнирано -93,46 €" in rows
    assert "ОБЩО -93,46 €" in rows
    assert "Общо в лева -182,79 лв." in rows
    assert "С карта -93,46 €" in rows
    assert "3% Търговска отстъпка +2,89 €" in rows
    assert "платено" not in text and "Ресто" not in text
    signs = amount_rows(text)
    assert signs and all(sign == "-" or (sign == "+" and "тстъпк" in row) for row, sign in signs), (
        signs
    )


def test_a_void_of_cash_with_change_and_credit_left_hands_back_what_was_kept(
    day_db: Database,
) -> None:
    ctx = cashier(day_db)
    open_shift(day_db, ctx, Money(0), NOON)
    # 100 € handed over for 93.46, the 6.54 over kept as credit.
    done = take_payment(
        day_db,
        ctx,
        PAYER,
        {"0000000003": None},
        Tender(cash=Money(10000), keep_overpayment=True),
        Money.parse("93.46"),
        NOON,
    )
    void_payment(day_db, ctx, done.payment_id, "грешка", "nachalnik", DEMO_PASSWORD, NOON)
    rows = pdf_rows(render_receipt(receipt_data(day_db, done.payment_id, void=True)))
    assert "В брой -100,00 €" in rows  # the whole note goes back
    assert "Аванс -6,54 €" in rows  # and the credit it left is gone
    assert "ОБЩО -93,46 €" in rows
    assert not any(r.startswith("Ресто") for r in rows)


def test_printed_amounts_group_thousands_as_the_screen_does() -> None:
    from desk.printing.receipt import eur, grouped

    assert eur(Money(160632)) == "1 606,32 €"
    assert grouped(Money(-123456789)) == "-1 234 567,89"
    assert eur(Money(-6)) == "-0,06 €"
    assert eur(Money(0)) == "0,00 €"
