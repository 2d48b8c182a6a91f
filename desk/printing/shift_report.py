"""The shift report on 80 mm paper: the Z-report at close, an X-report before it.

DOMAIN.md "Shifts and reports": totals by tender, discounts by kind, voids
with reason and approver, expected and counted cash and the variance. Totals
are net of voids; the voided amount is shown on its own line.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from typing import NamedTuple

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from desk.money import BGN_PER_EUR, LAST_DUAL_DISPLAY_DAY, Money, to_bgn
from desk.printing.fonts import BOLD, REGULAR, register_fonts
from desk.printing.receipt import LINE, MARGIN, WIDTH, eur, grouped, receipt_number_text
from desk.settings import COMPANY

GAP = 6.0  # points between a label and its amount
SIZES = {"n": 8.5, "b": 9.5, "s": 7.0}
COUNT_PIECES_X = WIDTH * 0.45  # the "× pieces" column of the count table


@dataclass(frozen=True, slots=True)
class ShiftVoidLine:
    receipt_number: int | None  # the number of the void (СТОРНО) receipt
    original_receipt: int | None
    voided_at: datetime
    amount: Money
    cash: Money
    reason: str
    approver: str


@dataclass(frozen=True, slots=True)
class CountLine:
    denomination: Money
    pieces: int

    @property
    def amount(self) -> Money:
        return Money(self.denomination.cents * self.pieces, self.denomination.currency)


@dataclass(frozen=True, slots=True)
class ShiftReportData:
    desk_code: str
    desk_name: str
    cashier: str
    opened_at: datetime
    closed_at: datetime | None  # None: the shift is open, an interim X-report
    opening_float: Money
    receipts: int  # payment and void receipts issued in the shift
    first_receipt: int | None
    last_receipt: int | None
    cash: Money  # tendered - change, net of voids
    card: Money  # net of voids
    credit_used: Money  # paid from earlier credit: no money changed hands
    voided: Money  # money received by the payments voided in the shift
    commercial: Money  # 3% granted on payments not voided
    loyalty: Money  # 50% granted on payments not voided
    voids: tuple[ShiftVoidLine, ...]
    expected: Money
    counted: Money | None
    count: tuple[CountLine, ...]
    as_of: datetime | None = None  # when an X-report was made: its expected cash is as of then

    @property
    def final(self) -> bool:
        return self.closed_at is not None

    @property
    def received(self) -> Money:
        return self.cash + self.card

    @property
    def variance(self) -> Money | None:
        return None if self.counted is None else self.counted - self.expected


class Row(NamedTuple):
    """One printed line. style: 'n', 'b' (bold), 's' (small), 'c' (centred), '-' (rule),
    'count' (denomination, × pieces, amount in three columns), '' (blank)."""

    style: str
    left: str = ""
    right: str = ""
    middle: str = ""


def _when(at: datetime) -> str:
    return at.strftime("%d.%m.%Y %H:%M")


def _number(data: ShiftReportData, number: int | None) -> str:
    return "—" if number is None else receipt_number_text(data.desk_code, number)


def _signed(amount: Money) -> str:
    return ("+" if amount.positive else "") + eur(amount)


def _receipts_text(data: ShiftReportData) -> str:
    if data.first_receipt is None or data.last_receipt is None:
        return f"Квитанции: {data.receipts}"
    first, last = _number(data, data.first_receipt), _number(data, data.last_receipt)
    return f"Квитанции: {data.receipts} ({first} … {last})"


def _until(data: ShiftReportData) -> Row:
    """When the shift closed; for an X-report, the moment its figures are as of."""
    if data.closed_at is not None:
        return Row("n", "Закрита", _when(data.closed_at))
    if data.as_of is not None:
        return Row("n", "Към", _when(data.as_of))
    return Row("n", "Смяната още е открита")


def _rows(data: ShiftReportData) -> list[Row]:
    rows = [
        Row("cb", COMPANY.name),
        Row("c", f"ЕИК {COMPANY.eik}"),
        Row("cb", "ОТЧЕТ ЗА СМЯНА (Z)" if data.final else "МЕЖДИНЕН ОТЧЕТ (X)"),
        Row("n", "Каса", f"{data.desk_code} {data.desk_name}"),
        Row("n", "Касиер", data.cashier),
        Row("n", "Открита", _when(data.opened_at)),
        _until(data),
        Row("n", "Начална наличност", eur(data.opening_float)),
        Row("n", _receipts_text(data)),
        Row("-"),
        Row("n", "В брой", eur(data.cash)),
        Row("n", "С карта", eur(data.card)),
        Row("b", "Общо получено", eur(data.received)),
    ]
    if (data.closed_at or data.opened_at).date() <= LAST_DUAL_DISPLAY_DAY:
        leva = to_bgn(data.received)
        rows.append(Row("n", "Общо в лева", f"{grouped(leva)} лв."))
        rows.append(Row("s", f"Курс 1 € = {str(BGN_PER_EUR).replace('.', ',')} лв."))
    rows += [
        Row("n", "От аванс", eur(data.credit_used)),
        Row("n", "Отстъпки 3%", eur(data.commercial)),
        Row("n", "Отстъпки 50%", eur(data.loyalty)),
        Row("-"),
        Row("n", f"Сторно: {len(data.voids)}, сума", eur(data.voided)),
    ]
    for void in data.voids:
        number, original = _number(data, void.receipt_number), _number(data, void.original_receipt)
        rows.append(Row("s", f"{void.voided_at:%H:%M} {number} към {original}", eur(void.amount)))
        if void.cash.positive:
            rows.append(Row("s", "  от тях в брой", eur(void.cash)))
        rows.append(Row("s", f"  причина: {void.reason}"))
        rows.append(Row("s", f"  одобрил: {void.approver}"))
    rows += [Row("-"), Row("b", "Очаквана наличност", eur(data.expected))]
    variance = data.variance
    if not data.final or data.counted is None or variance is None:
        return [*rows, *_signature()]  # an X-report: the drawer is not counted yet
    word = " (липса)" if variance.cents < 0 else " (излишък)" if variance.positive else ""
    rows += [
        Row("n", "Преброена наличност", eur(data.counted)),
        Row("b", f"Разлика{word}", _signed(variance)),
    ]
    if data.count:
        rows += [Row("-"), Row("n", "Преброени купюри и монети")]
        for line in data.count:
            rows.append(Row("count", eur(line.denomination), eur(line.amount), f"× {line.pieces}"))
    return [*rows, *_signature()]


def _signature() -> list[Row]:
    return [Row(""), Row(""), Row("n", "Касиер: ..............................")]


def _font(style: str) -> tuple[str, float]:
    font = BOLD if "b" in style else REGULAR
    return font, SIZES["b" if "b" in style else "s" if "s" in style else "n"]


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Break ``text`` at spaces into lines no wider than ``width`` (a longer word stays whole)."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and stringWidth(f"{lines[-1]} {word}", font, size) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


def _lay_out(rows: list[Row]) -> list[Row]:
    """Wrap long text; an amount that would touch its label goes to a line of its own."""
    width = WIDTH - 2 * MARGIN
    out: list[Row] = []
    for row in rows:
        if row.style in ("-", "", "count"):
            out.append(row)
            continue
        font, size = _font(row.style)
        indent = " " * (len(row.left) - len(row.left.lstrip(" ")))
        lines = _wrap(row.left.strip(" "), font, size, width - stringWidth(indent, font, size))
        out += [Row(row.style, indent + line) for line in lines[:-1]]
        last = indent + lines[-1]
        right = stringWidth(row.right, font, size)
        if not row.right or stringWidth(last, font, size) + GAP + right <= width:
            out.append(Row(row.style, last, row.right))
        elif right <= width:
            out += [Row(row.style, last), Row(row.style, "", row.right)]
        else:  # a long name: wrapped under its label
            room = width - stringWidth("  ", font, size)
            out.append(Row(row.style, last))
            out += [Row(row.style, f"  {line}") for line in _wrap(row.right, font, size, room)]
    return out


def render_shift_report(data: ShiftReportData) -> bytes:
    register_fonts()
    rows = _lay_out(_rows(data))
    height = MARGIN * 2 + LINE * len(rows)
    out = BytesIO()
    canvas = Canvas(out, pagesize=(WIDTH, height))
    kind = "Z" if data.final else "X"
    canvas.setTitle(f"Отчет за смяна ({kind}) {data.desk_code} {_when(data.opened_at)}")
    y = height - MARGIN - LINE
    for row in rows:
        if row.style == "-":
            canvas.setDash(1, 2)
            # Between the descenders above and the capitals below, not mid-slot.
            canvas.line(MARGIN, y + LINE * 0.3, WIDTH - MARGIN, y + LINE * 0.3)
            canvas.setDash()
        elif row.style == "count":
            canvas.setFont(REGULAR, SIZES["n"])
            canvas.drawRightString(COUNT_PIECES_X - GAP, y, row.left)
            canvas.drawString(COUNT_PIECES_X, y, row.middle)
            canvas.drawRightString(WIDTH - MARGIN, y, row.right)
        elif row.style:
            canvas.setFont(*_font(row.style))
            if "c" in row.style:
                canvas.drawCentredString(WIDTH / 2, y, row.left)
            else:
                canvas.drawString(MARGIN, y, row.left)
                canvas.drawRightString(WIDTH - MARGIN, y, row.right)
        y -= LINE
    canvas.showPage()
    canvas.save()
    return out.getvalue()
