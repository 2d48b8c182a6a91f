"""The survey card (анкетна карта) on A4, pre-filled or blank, from plain data.

One card a page: the card number as text and as a Code 128 barcode (a returned
card is scanned at the desk), the payer and what is on file beside blank lines
for the new details (two phones: a landline beside a mobile is common), the
consent to processing and a signature. A batch of a
thousand cards goes into one PDF page by page through ``CardPdf``, so a
printer gets one job and the fonts are embedded once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from io import BytesIO
from itertools import groupby

from reportlab.graphics.barcode.qrencoder import QRCode, QRErrorCorrectLevel
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm as _mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from desk.printing.barcodes import draw_code128
from desk.printing.fonts import BOLD, REGULAR, register_fonts
from desk.settings import COMPANY

mm: float = _mm  # reportlab is untyped
WIDTH, HEIGHT = A4
MARGIN = 18 * mm
RIGHT = WIDTH - MARGIN
MAX_PROPERTIES = 4  # more go as "и още N": the card is about the payer, not an inventory
NAME_SIZES = (12.0, 11.0, 10.0, 9.0)  # the payer's name, largest first, until it fits
NAME_LINES = 2
NAME_LEADING = 1.25
CHANNELS = {"sms": "SMS", "email": "имейл", "post": "писмо", "phone": "телефон"}
BOX = "☐"
QR_SIZE = 21 * mm  # a phone reads it from a screen or a print at arm's length
QR_QUIET = 2  # modules of white around the code (the card's white page adds to it)
CONSENT = (
    "Съгласен/съгласна съм {company} да обработва посочените в тази карта данни за контакт "
    "(телефони, имейл, адрес за кореспонденция), за да ме уведомява за сметките, "
    "просрочените задължения и предстоящи действия по моя абонатен акаунт, съгласно "
    "Регламент (ЕС) 2016/679 (GDPR) и Закона за защита на личните данни. Мога да оттегля "
    "съгласието си по всяко време в информационен център или каса на дружеството."
)
RETURN = (
    "Върнете попълнената и подписана карта в информационен център или каса на дружеството, "
    "или я изпратете по пощата на адрес: {address}. Не сгъвайте и не надписвайте баркода: "
    "по него служителят открива картата."
)


@dataclass(frozen=True, slots=True)
class HeldProperty:
    subscriber_number: str
    address: str


@dataclass(frozen=True, slots=True)
class CardData:
    """What one card shows. ``payer_code`` None: a blank card, filled in by hand."""

    number: str
    printed_at: datetime
    payer_code: str | None = None
    payer_name: str = ""
    id_number_masked: str = ""
    properties: tuple[HeldProperty, ...] = ()
    phone: str | None = None
    phone_2: str | None = None
    email: str | None = None
    address: str | None = None
    preferred_channel: str | None = None
    e_invoice: bool = False
    e_invoice_email: str | None = None
    consent_on: date | None = None
    # The web form bound to this card (issue 16: an e-mailed card): shown as a QR code
    # and as text beside the title; None: a printed card, as it always was.
    link: str | None = None


class CardPdf:
    """A PDF of survey cards that grows a page per ``add``; ``finish`` gives the bytes."""

    def __init__(self, title: str = "Анкетни карти") -> None:
        register_fonts()
        self._out = BytesIO()
        self._canvas = Canvas(self._out, pagesize=A4, pageCompression=1)
        self._canvas.setTitle(title)
        self._canvas.setAuthor(COMPANY.name)
        self.pages = 0

    def add(self, card: CardData) -> None:
        _draw_card(self._canvas, card)
        self._canvas.showPage()
        self.pages += 1

    def add_all(self, cards: Iterable[CardData]) -> None:
        for card in cards:
            self.add(card)

    def finish(self) -> bytes:
        self._canvas.save()
        return self._out.getvalue()


def render_cards(cards: Iterable[CardData], title: str = "Анкетни карти") -> bytes:
    pdf = CardPdf(title)
    pdf.add_all(cards)
    return pdf.finish()


# --- one page -----------------------------------------------------------------------


def _draw_card(c: Canvas, card: CardData) -> None:
    blank = card.payer_code is None
    y = HEIGHT - MARGIN
    c.setFont(BOLD, 11)
    c.drawString(MARGIN, y - 4 * mm, COMPANY.name)
    c.setFont(REGULAR, 8)
    c.drawString(MARGIN, y - 9 * mm, f"ЕИК {COMPANY.eik} · {COMPANY.address}")
    # The card number's barcode, top right: 12 digits in Code C, 0.45 mm a module.
    draw_code128(c, card.number, RIGHT - 62 * mm, y - 16 * mm, 62 * mm, 15 * mm)
    c.setFont(REGULAR, 9)
    c.drawCentredString(RIGHT - 31 * mm, y - 20 * mm, f"Карта № {card.number}")

    y -= 32 * mm
    c.setFont(BOLD, 16)
    c.drawString(MARGIN, y, "АНКЕТНА КАРТА")
    c.setFont(REGULAR, 11)
    c.drawString(MARGIN, y - 6 * mm, "за актуализиране на данни за контакт")
    if card.link:
        _link(c, card.link, y)

    y -= 16 * mm
    y = _payer(c, card, y, blank)
    y = _properties(c, card, y - 4 * mm, blank)
    y = _table(c, card, y - 5 * mm)
    y = _consent(c, y - 6 * mm)
    _footer(c, card, blank)


def _payer(c: Canvas, card: CardData, y: float, blank: bool) -> float:
    c.setFont(REGULAR, 10)
    c.drawString(MARGIN, y, "Платец:")
    if blank:
        c.drawString(MARGIN, y - 8 * mm, "Код на платец:")
        _line(c, MARGIN + 30 * mm, y - 1 * mm, RIGHT)
        _line(c, MARGIN + 30 * mm, y - 9 * mm, MARGIN + 90 * mm)
        c.drawString(MARGIN + 95 * mm, y - 8 * mm, "ЕГН/ЕИК:")
        _line(c, MARGIN + 115 * mm, y - 9 * mm, RIGHT)
        return y - 14 * mm
    assert card.payer_code is not None
    # A company's name can be long: it wraps (and shrinks) between the label and the
    # right margin, and the payer code with its barcode goes below its last line.
    size, lines = _name_lines(card.payer_name, RIGHT - MARGIN - 30 * mm)
    c.setFont(BOLD, size)
    for part in lines:
        c.drawString(MARGIN + 30 * mm, y, part)
        y -= size * NAME_LEADING
    y += size * NAME_LEADING  # y: the last line's baseline
    c.setFont(REGULAR, 10)
    c.drawString(MARGIN, y - 8 * mm, "Код на платец:")
    c.setFont(BOLD, 12)
    c.drawString(MARGIN + 30 * mm, y - 8 * mm, card.payer_code)
    if card.id_number_masked:
        c.setFont(REGULAR, 10)
        c.drawString(MARGIN + 30 * mm, y - 14 * mm, f"ЕГН/ЕИК: {card.id_number_masked}")
    draw_code128(c, card.payer_code, RIGHT - 55 * mm, y - 14 * mm, 55 * mm, 10 * mm)
    return y - 20 * mm


def _properties(c: Canvas, card: CardData, y: float, blank: bool) -> float:
    c.setFont(BOLD, 10)
    c.drawString(MARGIN, y, "Имоти (абонатен номер, адрес)")
    c.setFont(REGULAR, 9.5)
    y -= 6 * mm
    if blank:
        for _ in range(2):
            c.drawString(MARGIN, y, "аб. №")
            _line(c, MARGIN + 11 * mm, y - 1 * mm, MARGIN + 40 * mm)
            c.drawString(MARGIN + 43 * mm, y, "адрес")
            _line(c, MARGIN + 55 * mm, y - 1 * mm, RIGHT)
            y -= 8 * mm
        return y
    shown = card.properties[:MAX_PROPERTIES]
    for held in shown:
        c.drawString(MARGIN, y, held.subscriber_number)
        c.drawString(
            MARGIN + 20 * mm, y, _fit(held.address, REGULAR, 9.5, RIGHT - MARGIN - 20 * mm)
        )
        y -= 5 * mm
    if len(card.properties) > len(shown):
        c.drawString(MARGIN, y, f"и още {len(card.properties) - len(shown)}")
        y -= 5 * mm
    if not card.properties:
        c.drawString(MARGIN, y, "няма текущи имоти")
        y -= 5 * mm
    return y


def _table(c: Canvas, card: CardData, y: float) -> float:
    """Label | на файл | нови данни: the clerk types the right column into the form."""
    label_w, file_w = 42 * mm, 60 * mm
    x1, x2 = MARGIN + label_w, MARGIN + label_w + file_w
    c.setFont(BOLD, 9.5)
    c.drawString(MARGIN + 1 * mm, y - 4.5 * mm, "Данни")
    c.drawString(x1 + 1 * mm, y - 4.5 * mm, "На файл")
    c.drawString(x2 + 1 * mm, y - 4.5 * mm, "Нови данни (попълнете)")
    top = y
    y -= 7 * mm
    c.line(MARGIN, y, RIGHT, y)
    e_invoice = "—"
    if card.payer_code is not None:
        e_invoice = f"да, {card.e_invoice_email or card.email or ''}" if card.e_invoice else "не"
    channels = "   ".join(f"{BOX} {word}" for word in CHANNELS.values())
    rows = (
        ("Телефон", card.phone, None, 11 * mm),
        ("Втори телефон", card.phone_2, None, 10 * mm),
        ("Имейл", card.email, None, 11 * mm),
        ("Адрес за\nкореспонденция", card.address, None, 18 * mm),
        ("Предпочитан канал", _channel(card.preferred_channel), channels, 11 * mm),
        ("Електронна фактура", e_invoice, f"{BOX} да, на имейл:", 16 * mm),
    )
    for label, on_file, printed, height in rows:
        bottom = y - height
        c.setFont(REGULAR, 9.5)
        for i, part in enumerate(label.split("\n")):
            c.drawString(MARGIN + 1 * mm, y - 5 * mm - i * 4.5 * mm, part)
        lines = simpleSplit(on_file or "—", REGULAR, 9, file_w - 3 * mm)[:3]
        c.setFont(REGULAR, 9)
        for i, part in enumerate(lines):
            c.drawString(x1 + 1.5 * mm, y - 5 * mm - i * 4.2 * mm, part)
        if printed is None:
            _dotted(c, x2 + 2 * mm, bottom + 3 * mm, RIGHT - 2 * mm)
            if height > 12 * mm:
                _dotted(c, x2 + 2 * mm, bottom + 10 * mm, RIGHT - 2 * mm)
        else:
            c.setFont(REGULAR, 9)
            c.drawString(x2 + 2 * mm, y - 5 * mm, printed)
            if height > 12 * mm:
                c.drawString(x2 + 2 * mm, bottom + 3.5 * mm, f"{BOX} не")
                _dotted(c, x2 + 30 * mm, y - 5.5 * mm, RIGHT - 2 * mm)
        c.line(MARGIN, bottom, RIGHT, bottom)
        y = bottom
    c.rect(MARGIN, y, RIGHT - MARGIN, top - y, stroke=1, fill=0)
    c.line(x1, y, x1, top)
    c.line(x2, y, x2, top)
    return y


def _consent(c: Canvas, y: float) -> float:
    c.setFont(BOLD, 10)
    c.drawString(MARGIN, y, "Съгласие за обработване на лични данни")
    y -= 5.5 * mm
    c.setFont(REGULAR, 9)
    c.rect(MARGIN, y - 1.5 * mm, 5 * mm, 5 * mm, stroke=1, fill=0)  # the tick box
    text = CONSENT.format(company=COMPANY.name)
    for part in simpleSplit(text, REGULAR, 9, RIGHT - MARGIN - 8 * mm):
        c.drawString(MARGIN + 8 * mm, y, part)
        y -= 4.3 * mm
    y -= 10 * mm
    c.setFont(REGULAR, 10)
    c.drawString(MARGIN, y, "Дата:")
    _line(c, MARGIN + 11 * mm, y - 1 * mm, MARGIN + 55 * mm)
    c.drawString(MARGIN + 75 * mm, y, "Подпис:")
    _line(c, MARGIN + 91 * mm, y - 1 * mm, RIGHT)
    return y


def _footer(c: Canvas, card: CardData, blank: bool) -> None:
    y = MARGIN + 14 * mm
    c.setFont(REGULAR, 8.5)
    for part in simpleSplit(RETURN.format(address=COMPANY.address), REGULAR, 8.5, RIGHT - MARGIN):
        c.drawString(MARGIN, y, part)
        y -= 4 * mm
    c.setFont(REGULAR, 7.5)
    made = f"Отпечатана на {card.printed_at:%d.%m.%Y}"
    if not blank and card.consent_on is not None:
        made += f" · съгласие на файл от {card.consent_on:%d.%m.%Y}"
    c.drawString(MARGIN, MARGIN - 2 * mm, made)
    c.drawRightString(RIGHT, MARGIN - 2 * mm, f"Карта № {card.number}")


def _link(c: Canvas, link: str, title_y: float) -> None:
    """The web form's QR code at the right of the title, between the card's barcode and
    the payer's name, and the link as text left of it (shrunk, then wrapped, to fit)."""
    size = QR_SIZE
    bottom = title_y - 10.5 * mm
    _qr(c, link, RIGHT - size, bottom, size)
    right = RIGHT - size - 2 * mm
    width = right - (MARGIN + 80 * mm)
    c.setFont(REGULAR, 8)
    c.drawRightString(right, title_y + 2 * mm, "Попълнете картата и онлайн:")
    font = 7.5
    while font > 5.5 and stringWidth(link, REGULAR, font) > width:
        font -= 0.5
    lines = [link] if stringWidth(link, REGULAR, font) <= width else _cut(link, font, width)
    c.setFont(REGULAR, font)
    for i, part in enumerate(lines[:3]):
        c.drawRightString(right, title_y - 2 * mm - i * font * 1.3, part)


def _qr(c: Canvas, text: str, x: float, y: float, size: float) -> None:
    """``text`` as a QR code (level M) ``size`` wide with its quiet zone, drawn as one
    path of dark runs. One fixed mask pattern: every mask is a valid code, and trying
    all eight for the best (reportlab's QrCodeWidget draws twice, each trying eight,
    each module a shape) cost 170 ms a card, most of a batch's time."""
    code = QRCode(None, QRErrorCorrectLevel.M)
    code.addData(text)
    code.version = code.calculate_version()
    code.makeImpl(False, 0)
    count = code.getModuleCount()
    box = size / (count + 2 * QR_QUIET)
    path = c.beginPath()
    for r, row in enumerate(code.modules):
        col = 0
        for dark, run in groupby(bool(cell) for cell in row):
            length = len(list(run))
            if dark:
                top = y + size - (r + QR_QUIET + 1) * box
                path.rect(x + (col + QR_QUIET) * box, top, length * box, box)
            col += length
    c.saveState()
    c.setFillColorRGB(0, 0, 0)
    c.drawPath(path, stroke=0, fill=1)
    c.restoreState()


def _cut(text: str, font: float, width: float) -> list[str]:
    """A link with no spaces, cut into lines of ``width`` character by character."""
    lines = [""]
    for char in text:
        if stringWidth(lines[-1] + char, REGULAR, font) > width:
            lines.append("")
        lines[-1] += char
    return lines


def _name_lines(name: str, width: float) -> tuple[float, list[str]]:
    """The payer's name in the largest of NAME_SIZES that takes at most NAME_LINES lines;
    past that, the smallest size and the last line cut with an ellipsis."""
    for size in NAME_SIZES:
        lines = simpleSplit(name, BOLD, size, width)
        if len(lines) <= NAME_LINES:
            return size, lines
    size = NAME_SIZES[-1]
    lines = simpleSplit(name, BOLD, size, width)
    last = lines[NAME_LINES - 1]
    while last and stringWidth(last + "…", BOLD, size) > width:
        last = last[:-1]
    return size, [*lines[: NAME_LINES - 1], last.rstrip() + "…"]


def _channel(value: str | None) -> str | None:
    return None if value is None else CHANNELS.get(value, value)


def _fit(text: str, font: str, size: float, width: float) -> str:
    lines = simpleSplit(text, font, size, width)
    return lines[0] + ("…" if len(lines) > 1 else "") if lines else ""


def _line(c: Canvas, x1: float, y: float, x2: float) -> None:
    c.setLineWidth(0.6)
    c.line(x1, y, x2, y)


def _dotted(c: Canvas, x1: float, y: float, x2: float) -> None:
    c.saveState()
    c.setDash(1, 2)
    c.setLineWidth(0.6)
    c.line(x1, y, x2, y)
    c.restoreState()
