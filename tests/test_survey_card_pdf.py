"""The survey card PDF: Cyrillic text as on file, and a card number a scanner reads back."""

from __future__ import annotations

from datetime import date, datetime

from pypdf import PdfReader

from desk.printing.survey_card import CardData, CardPdf, HeldProperty, render_cards
from desk.services.survey_cards import card_number
from tests.printing_helpers import pdf_barcodes, pdf_text

PRINTED = datetime(2026, 11, 22, 12, 0)
FILLED = CardData(
    number=card_number(7, 42),
    printed_at=PRINTED,
    payer_code="4000000127",
    payer_name="Стоян Христов Илиев",
    id_number_masked="••••••1234",
    properties=(HeldProperty("1000012", "ж.к. Младост 1, бл. 12, вх. А, ап. 13"),),
    phone="+359888123456",
    email="stoyan@abv.bg",
    address="София, ул. „Шипка“ 1",
    preferred_channel="email",
    e_invoice=True,
    e_invoice_email="fakturi@abv.bg",
    consent_on=date(2025, 1, 2),
)
BLANK = CardData(number=card_number(7, 43), printed_at=PRINTED)


def test_a_pre_filled_card_shows_the_payer_and_what_is_on_file_in_cyrillic() -> None:
    pdf = render_cards([FILLED])
    text = pdf_text(pdf)
    for expected in (
        "АНКЕТНА КАРТА",
        "за актуализиране на данни за контакт",
        "Стоян Христов Илиев",
        "4000000127",
        "••••••1234",
        "1000012",
        "ж.к. Младост 1, бл. 12, вх. А, ап. 13",
        "+359888123456",
        "stoyan@abv.bg",
        "София, ул. „Шипка“ 1",
        "да, fakturi@abv.bg",
        "Нови данни (попълнете)",
        "GDPR",
        "Подпис:",
        f"Карта № {FILLED.number}",
    ):
        assert expected in text, expected
    assert len(page_list(pdf)) == 1


def test_the_card_number_and_payer_code_are_decoded_from_the_rendered_page() -> None:
    pdf = render_cards([FILLED])
    for scale in (2, 4):
        found = pdf_barcodes(pdf, 0, scale)
        assert FILLED.number in found and "4000000127" in found, (scale, found)


def test_a_blank_card_has_a_number_and_a_barcode_and_no_payer() -> None:
    pdf = render_cards([BLANK])
    text = pdf_text(pdf)
    assert "АНКЕТНА КАРТА" in text and f"Карта № {BLANK.number}" in text
    assert "Платец:" in text and "4000000127" not in text
    assert pdf_barcodes(pdf, 0, 2) == [BLANK.number]


def test_a_batch_is_one_pdf_built_page_by_page() -> None:
    batch = CardPdf("Анкетни карти, Младост")
    cards = [FILLED, BLANK, FILLED]
    for card in cards:
        batch.add(card)
    pdf = batch.finish()
    assert batch.pages == 3 and len(page_list(pdf)) == 3
    assert pdf_barcodes(pdf, 1, 2) == [BLANK.number]


def page_list(pdf: bytes) -> list[object]:
    from io import BytesIO

    return list(PdfReader(BytesIO(pdf)).pages)
