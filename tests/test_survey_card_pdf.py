"""The survey card PDF: Cyrillic text as on file, and a card number a scanner reads back."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from io import BytesIO

import pypdfium2
import zxingcpp
from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth

from desk.models.db import Database
from desk.printing.fonts import BOLD, register_fonts
from desk.printing.survey_card import (
    HEIGHT,
    MARGIN,
    RETURN,
    WIDTH,
    CardData,
    CardPdf,
    HeldProperty,
    render_cards,
)
from desk.services.contacts import change_contact
from desk.services.survey_cards import card_number, next_cards
from desk.settings import COMPANY
from tests.desk_fixtures import NOON, PAYER, cashier
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
    phone_2="+35929811234",
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
        "Втори телефон",
        "+35929811234",
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
    return list(PdfReader(BytesIO(pdf)).pages)


LONG_NAME = (
    "Топлофикация Инвест Холдинг Консултинг Мениджмънт и Девелопмънт Груп ЕООД"
    " — клон София-град, Младост"
)


def test_a_long_company_name_wraps_clear_of_the_payer_code_barcode() -> None:
    pdf = render_cards([replace(FILLED, payer_name=LONG_NAME)])
    lines = [span for span in text_spans(pdf) if len(span.text) > 10 and span.text in LONG_NAME]
    assert " ".join(span.text for span in lines) == LONG_NAME  # wrapped, not cut
    assert len(lines) == 2
    register_fonts()
    scale = 4
    found = read_barcodes(pdf, scale)
    assert set(found) == {FILLED.number, "4000000127"}
    left, bottom, right, top = found["4000000127"]
    for span in lines:
        end = span.x + stringWidth(span.text, BOLD, span.size)
        assert end <= WIDTH - MARGIN, (span.text, end)  # inside the right margin
        above = span.y - 0.25 * span.size >= top  # descenders included
        beside = end <= left or span.x >= right
        assert above or beside or span.y + span.size <= bottom, (span, found)
    assert pdf_barcodes(pdf, 0, 2) == pdf_barcodes(pdf, 0, 4) == list(found)


@dataclass(frozen=True)
class Span:
    text: str
    x: float
    y: float
    size: float


def text_spans(pdf: bytes) -> list[Span]:
    """Each string drawn on the first page, where (points, from the bottom left) and how big."""
    spans: list[Span] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: object, size: float) -> None:
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            spans.append(Span(text.strip(), x, y, size * tm[0] * cm[0]))

    PdfReader(BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
    return spans


def read_barcodes(pdf: bytes, scale: float) -> dict[str, tuple[float, float, float, float]]:
    """Decoded barcodes of the first page with their box (left, bottom, right, top) in points."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        image = document[0].render(scale=scale).to_pil()
    finally:
        document.close()
    found = {}
    for result in zxingcpp.read_barcodes(image):
        corners = result.position
        xs = [p.x / scale for p in (corners.top_left, corners.bottom_right)]
        ys = [HEIGHT - p.y / scale for p in (corners.top_left, corners.bottom_right)]
        found[result.text] = (min(xs), min(ys), max(xs), max(ys))
    return found


# --- two phones (issue 5, item 1) --------------------------------------------------------


def test_a_blank_card_has_a_line_for_each_phone() -> None:
    text = pdf_text(render_cards([BLANK]))
    assert "Телефон" in text and "Втори телефон" in text


def test_the_card_of_a_payer_shows_both_phones_on_file(day_db: Database) -> None:
    ctx = cashier(day_db)
    change_contact(day_db, ctx, PAYER, "phone_2", "02 981 1234", NOON)
    (card,) = next_cards(day_db, ctx, [PAYER], 0, NOON)

    assert (card.phone, card.phone_2) == ("+359888123456", "+35929811234")
    spans = {span.text: span for span in text_spans(render_cards([card]))}
    # Each number in the "На файл" column, on its own row, the second under the first.
    first, second = spans["+359888123456"], spans["+35929811234"]
    assert first.x == second.x and first.y > second.y
    assert spans["Телефон"].y == first.y and spans["Втори телефон"].y == second.y


def test_the_fullest_card_still_signs_clear_of_the_footer_on_one_page() -> None:
    """Two name lines, the most properties, three address lines and both phones: the
    date and signature line stays above the return instructions."""
    many = tuple(HeldProperty(f"10000{n:02d}", "ж.к. Младост 1, бл. 12, вх. А") for n in range(6))
    full = replace(
        FILLED,
        payer_name=LONG_NAME,
        properties=many,
        address="ж.к. Младост 1, бл. 12, вх. А, ет. 4, ап. 13, 1784 София, " * 3,
    )
    pdf = render_cards([full])
    spans = text_spans(pdf)
    signature = next(span for span in spans if span.text == "Дата:")
    instructions = RETURN.format(address=COMPANY.address)[:20]
    footer = next(span for span in spans if span.text.startswith(instructions))
    assert signature.y - footer.y > 4 * MM_POINTS, (signature, footer)
    assert len(page_list(pdf)) == 1


MM_POINTS = 72 / 25.4
