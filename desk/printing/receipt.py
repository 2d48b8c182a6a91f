"""The 80 mm receipt (касова бележка) as PDF bytes, from plain data.

DOMAIN.md "Currency": through 2026 the amount paid is shown in euro first,
then in leva with the rate. A reprint says "КОПИЕ". A void's receipt ("СТОРНО")
names the receipt it reverses, the reason and the approver, and carries every
amount with its sign (desk.services.receipts): paid, handed over and taken from
credit negative, the discounts taken back positive, so the lines add up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from io import BytesIO

from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from desk.identifiers import mask_id_number
from desk.money import BGN_PER_EUR, LAST_DUAL_DISPLAY_DAY, Money, to_bgn
from desk.printing.barcodes import draw_code128
from desk.printing.fonts import BOLD, REGULAR, register_fonts
from desk.settings import COMPANY

WIDTH = 80 * mm
MARGIN = 4 * mm
LINE = 4.2 * mm
KIND_WORDS = {
    "monthly": "Фактура",
    "installment": "Вноска (план)",
    "settlement": "Изравнителна",
    "other": "Друго",
    "agreement": "Вноска (спораз.)",
    "court": "Съдебно",
}


@dataclass(frozen=True, slots=True)
class ReceiptLine:
    item: str
    kind: str
    period: str | None
    subscriber_number: str
    amount: Money  # balance before the payment (a void's: negative)
    commercial: Money  # discounts granted (a void's: negative, taken back)
    loyalty: Money
    paid: Money


@dataclass(frozen=True, slots=True)
class ReceiptData:
    number: int
    desk_code: str
    desk_name: str
    cashier: str
    issued_at: datetime
    payer_code: str
    payer_name: str
    payer_id_number: str | None
    lines: tuple[ReceiptLine, ...]
    total: Money
    discount: Money
    credit_used: Money
    card: Money
    cash_tendered: Money
    change: Money
    credit_left: Money
    copy: bool = False
    void_of: int | None = None  # the receipt number this void reverses
    void_of_issued_at: datetime | None = None
    void_reason: str = ""
    void_approver: str = ""  # the supervisor's full name


def receipt_number_text(desk_code: str, number: int) -> str:
    return f"{desk_code}-{number:07d}"


def grouped(amount: Money) -> str:
    """Bulgarian figures as on screen: a space between thousands, a decimal comma."""
    whole, cents = divmod(abs(amount.cents), 100)
    sign = "-" if amount.cents < 0 else ""
    return f"{sign}{whole:,}".replace(",", " ") + f",{cents:02d}"


def eur(amount: Money) -> str:
    return f"{grouped(amount)} €"


def deduction(discount: Money) -> str:
    """A discount line: granted, it is taken off ("-2,89 €"); taken back by a
    void, it is added again ("+2,89 €")."""
    return ("+" if discount.cents < 0 else "-") + eur(Money(abs(discount.cents)))


def _wrapped(style: str, text: str) -> list[tuple[str, str, str]]:
    """``text`` over as many rows as the paper's width needs."""
    font, size = (BOLD, 9.5) if "b" in style else (REGULAR, 7 if style == "s" else 8.5)
    return [(style, part, "") for part in simpleSplit(text, font, size, WIDTH - 2 * MARGIN)]


def _rows(data: ReceiptData) -> list[tuple[str, str, str]]:
    """(style, left, right) rows, top to bottom; style is 'b', 'n', 'c' (centre)."""
    rows: list[tuple[str, str, str]] = [
        ("cb", COMPANY.name, ""),
        ("c", f"ЕИК {COMPANY.eik}", ""),
        ("c", COMPANY.address, ""),
        ("c", data.desk_name, ""),
    ]
    title = "СТОРНО" if data.void_of is not None else "КВИТАНЦИЯ ЗА ПЛАЩАНЕ"
    rows.append(("cb", title, ""))
    if data.copy:
        rows.append(("cb", "КОПИЕ", ""))
    rows += [
        ("n", "№", receipt_number_text(data.desk_code, data.number)),
        ("n", "Дата и час", data.issued_at.strftime("%d.%m.%Y %H:%M")),
        ("n", "Касиер", data.cashier),
    ]
    void = data.void_of is not None
    if data.void_of is not None:
        rows.append(("n", "Сторнира №", receipt_number_text(data.desk_code, data.void_of)))
        if data.void_of_issued_at is not None:
            rows.append(("n", "  от", data.void_of_issued_at.strftime("%d.%m.%Y %H:%M")))
        rows += _wrapped("n", f"Причина: {data.void_reason}")
        rows.append(("n", "Одобрил", data.void_approver))
    rows += [("n", "Платец", data.payer_code), ("n", data.payer_name, "")]
    if data.payer_id_number:
        rows.append(("n", "ЕГН/ЕИК", mask_id_number(data.payer_id_number)))
    rows.append(("-", "", ""))
    for line in data.lines:
        head = f"{KIND_WORDS.get(line.kind, line.kind)} {line.item}"
        rows.append(("n", head, eur(line.amount)))
        detail = f"  аб. № {line.subscriber_number}" if line.subscriber_number else ""
        if line.period:
            detail += f", период {line.period}"
        if detail:
            rows.append(("s", detail, ""))
        if line.loyalty.cents:
            rows.append(("s", "  50% Разсрочена лоялност", deduction(line.loyalty)))
        if line.commercial.cents:
            rows.append(("s", "  3% Търговска отстъпка", deduction(line.commercial)))
        rows.append(("n", "  сторнирано" if void else "  платено", eur(line.paid)))
    rows.append(("-", "", ""))
    if data.discount.cents:
        rows.append(("n", "Върнати отстъпки" if void else "Отстъпки", deduction(data.discount)))
    rows.append(("b", "ОБЩО", eur(data.total)))
    if data.issued_at.date() <= LAST_DUAL_DISPLAY_DAY:
        leva = to_bgn(data.total)
        rows.append(("n", "Общо в лева", f"{grouped(leva)} лв."))
        rows.append(("s", f"Курс 1 € = {str(BGN_PER_EUR).replace('.', ',')} лв.", ""))
    # A void's tender rows are the payment's with the sign turned: "С карта
    # -30,50 €" goes back to the card, "В брой" is the cash handed back (no change).
    if data.credit_used.cents:
        rows.append(("n", "От аванс", eur(data.credit_used)))
    if data.card.cents:
        rows.append(("n", "С карта", eur(data.card)))
    if data.cash_tendered.cents:
        rows.append(("n", "В брой", eur(data.cash_tendered)))
        if not void:
            rows.append(("n", "Ресто", eur(data.change)))
    if data.credit_left.cents:
        rows.append(("n", "Аванс" if void else "Остава аванс", eur(data.credit_left)))
    return rows


def render_receipt(data: ReceiptData) -> bytes:
    register_fonts()
    rows = _rows(data)
    barcode_height = 12 * mm
    height = MARGIN * 2 + LINE * len(rows) + barcode_height + 8 * mm
    out = BytesIO()
    canvas = Canvas(out, pagesize=(WIDTH, height))
    kind = "Сторно" if data.void_of is not None else "Квитанция"
    canvas.setTitle(f"{kind} {receipt_number_text(data.desk_code, data.number)}")
    y = height - MARGIN - LINE
    for style, left, right in rows:
        if style == "-":
            canvas.setDash(1, 2)
            canvas.line(MARGIN, y + LINE / 2, WIDTH - MARGIN, y + LINE / 2)
            canvas.setDash()
        else:
            font = BOLD if "b" in style else REGULAR
            size = 7 if style == "s" else 8.5 if "b" not in style else 9.5
            canvas.setFont(font, size)
            if "c" in style:
                canvas.drawCentredString(WIDTH / 2, y, left)
            else:
                canvas.drawString(MARGIN, y, left)
                if right:
                    canvas.drawRightString(WIDTH - MARGIN, y, right)
        y -= LINE
    code = receipt_number_text(data.desk_code, data.number)
    bottom = y + LINE - 3 * mm - barcode_height  # clear of the last row's descenders
    draw_code128(canvas, code, MARGIN, bottom, WIDTH - 2 * MARGIN, barcode_height)
    canvas.setFont(REGULAR, 7)
    canvas.drawCentredString(WIDTH / 2, bottom - 3.5 * mm, code)
    canvas.showPage()
    canvas.save()
    return out.getvalue()
