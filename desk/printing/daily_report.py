"""The supervisor's daily report on A4 (DOMAIN.md "Shifts and reports").

Per desk and cashier: receipts, totals by tender, discounts by kind (3%, 50%),
voids with reason and approver, shifts with their variance; grand totals over
the desks and a chart of payments per hour. Totals are net of voids, as on the
Z-report (desk.printing.shift_report); the voided amounts are shown apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from desk.money import Money
from desk.printing.fonts import BOLD, REGULAR, register_fonts
from desk.printing.receipt import eur, grouped, receipt_number_text
from desk.settings import COMPANY

TITLE = "ДНЕВЕН ОТЧЕТ"
NO_DESK = "—"  # a void that names no desk (pulled from an older version)
NET_OF_VOIDS = "Сумите са без сторнираните плащания; сторнираните суми са показани отделно."
MARGIN = 15 * mm
HEADER = ParagraphStyle("header", fontName=BOLD, fontSize=7.5, leading=9)


@dataclass(frozen=True, slots=True)
class Totals:
    """Money of the payments that were not voided."""

    payments: int = 0
    cash: Money = field(default_factory=Money.zero)  # tendered - change
    card: Money = field(default_factory=Money.zero)
    credit_used: Money = field(
        default_factory=Money.zero
    )  # paid from earlier credit: no money changed hands
    commercial: Money = field(default_factory=Money.zero)  # 3%
    loyalty: Money = field(default_factory=Money.zero)  # 50%
    voids: int = 0  # payments of the day that were voided
    voided: Money = field(default_factory=Money.zero)  # the money those payments had received

    @property
    def received(self) -> Money:
        return self.cash + self.card

    @property
    def discounts(self) -> Money:
        return self.commercial + self.loyalty

    def __add__(self, other: Totals) -> Totals:
        return Totals(
            self.payments + other.payments,
            self.cash + other.cash,
            self.card + other.card,
            self.credit_used + other.credit_used,
            self.commercial + other.commercial,
            self.loyalty + other.loyalty,
            self.voids + other.voids,
            self.voided + other.voided,
        )


@dataclass(frozen=True, slots=True)
class Receipts:
    """Receipts issued (payments and voids): how many, the first and last number."""

    count: int = 0
    first: int | None = None
    last: int | None = None


@dataclass(frozen=True, slots=True)
class CashierDay:
    username: str
    full_name: str
    receipts: Receipts
    totals: Totals


@dataclass(frozen=True, slots=True)
class VoidLine:
    voided_at: datetime
    receipt_number: int | None  # the void (СТОРНО) receipt
    original_receipt: int | None
    amount: Money
    reason: str
    cashier: str
    approver: str
    # Filed under the payment's desk. Data pulled from older versions may hold a
    # void made at another desk, or naming none ("—"); "": the section's desk.
    desk_code: str = ""  # the payment's desk: its receipt's series
    void_desk_code: str = ""  # the desk that voided it: the void receipt's series


@dataclass(frozen=True, slots=True)
class ShiftLine:
    cashier: str
    opened_at: datetime
    closed_at: datetime | None  # None: still open, expected as of the report
    opening_float: Money
    expected: Money
    counted: Money | None

    @property
    def variance(self) -> Money | None:
        return None if self.counted is None else self.counted - self.expected


@dataclass(frozen=True, slots=True)
class DeskDay:
    code: str
    name: str
    receipts: Receipts
    totals: Totals
    cashiers: tuple[CashierDay, ...]
    voids: tuple[VoidLine, ...]
    shifts: tuple[ShiftLine, ...]


@dataclass(frozen=True, slots=True)
class HourLine:
    hour: int  # 0-23, local time
    payments: int
    amount: Money  # money received


@dataclass(frozen=True, slots=True)
class DailyReportData:
    day_from: date
    day_to: date
    desk_code: str | None  # None: all desks
    printed_by: str
    printed_at: datetime
    desks: tuple[DeskDay, ...]
    totals: Totals
    hours: tuple[HourLine, ...]  # all 24
    # When this desk last pulled the central database: other desks' figures are as
    # of then. None: never pulled (a desk on its own, or not joined yet).
    synced_at: datetime | None = None

    @property
    def receipts(self) -> int:
        return sum(desk.receipts.count for desk in self.desks)


# --- text ----------------------------------------------------------------------------


def _day(day: date) -> str:
    return f"{day:%d.%m.%Y}"


def period_text(data: DailyReportData) -> str:
    if data.day_from == data.day_to:
        return f"Дата: {_day(data.day_from)}"
    return f"Период: {_day(data.day_from)} – {_day(data.day_to)}"


def _number(code: str, number: int | None) -> str:
    if number is None:
        return "—"
    return f"{number:07d}" if code == NO_DESK else receipt_number_text(code, number)


def sync_text(data: DailyReportData) -> str:
    when = "няма синхронизация" if data.synced_at is None else f"{data.synced_at:%d.%m.%Y %H:%M}"
    return f"Данни от другите каси към последната синхронизация: {when}"


def _receipts(code: str, receipts: Receipts) -> str:
    if receipts.first is None:
        return str(receipts.count)
    first, last = _number(code, receipts.first), _number(code, receipts.last)
    return f"{receipts.count} ({first} … {last})"


def _signed(amount: Money) -> str:
    return ("+" if amount.positive else "") + eur(amount)


def _variance(line: ShiftLine) -> str:
    variance = line.variance
    if variance is None:
        return "—"
    word = " липса" if variance.cents < 0 else " излишък" if variance.positive else ""
    return _signed(variance) + word


# --- layout ----------------------------------------------------------------------------


class _Styles:
    def __init__(self) -> None:
        self.title = ParagraphStyle("title", fontName=BOLD, fontSize=15, leading=19)
        self.h1 = ParagraphStyle("h1", fontName=BOLD, fontSize=12, leading=15, spaceBefore=8)
        self.h2 = ParagraphStyle("h2", fontName=BOLD, fontSize=10, leading=13, spaceBefore=6)
        self.normal = ParagraphStyle("normal", fontName=REGULAR, fontSize=9, leading=12)
        self.cell = ParagraphStyle("cell", fontName=REGULAR, fontSize=8, leading=10)


def _table(rows: list[list[Any]], widths: list[float], *, right_from: int = 1) -> Table:
    """A ruled table: the header row bold and shaded, amounts right-aligned."""
    header = [Paragraph(text, HEADER) for text in rows[0]]
    table = Table([header, *rows[1:]], colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), REGULAR, 8),
                ("FONT", (0, 0), (-1, 0), BOLD, 8),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6e6e6")),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("ALIGN", (right_from, 1), (-1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


TOTAL_HEADER = [
    "",
    "Брой",
    "В брой, €",
    "С карта, €",
    "Общо получено, €",
    "От аванс, €",
    "Отстъпка 3%, €",
    "Отстъпка 50%, €",
    "Отстъпки общо, €",
]
TOTAL_WIDTHS = [32 * mm, 14 * mm, 20 * mm, 20 * mm, 22 * mm, 18 * mm, 17 * mm, 17 * mm, 20 * mm]


def _total_cells(label: str, totals: Totals) -> list[str]:
    """Amounts without the € sign (it is in the header): the day's totals run to millions."""
    return [
        label,
        str(totals.payments),
        grouped(totals.cash),
        grouped(totals.card),
        grouped(totals.received),
        grouped(totals.credit_used),
        grouped(totals.commercial),
        grouped(totals.loyalty),
        grouped(totals.discounts),
    ]


def _totals_table(rows: list[tuple[str, Totals]], bold_last: bool) -> Table:
    table = _table([TOTAL_HEADER, *(_total_cells(label, t) for label, t in rows)], TOTAL_WIDTHS)
    narrow = [
        ("FONT", (0, 1), (-1, -1), REGULAR, 7.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    if bold_last:
        narrow.append(("FONT", (0, -1), (-1, -1), BOLD, 7.5))
    table.setStyle(TableStyle(narrow))
    return table


def _desk_flowables(desk: DeskDay, styles: _Styles) -> list[Any]:
    out: list[Any] = [
        CondPageBreak(60 * mm),
        Paragraph(f"Каса {desk.code} – {desk.name}", styles.h1),
        Paragraph(f"Квитанции: {_receipts(desk.code, desk.receipts)}", styles.normal),
        Spacer(1, 2 * mm),
    ]
    rows = [(c.full_name, c.totals) for c in desk.cashiers]
    out.append(_totals_table([*rows, (f"Общо каса {desk.code}", desk.totals)], bold_last=True))
    receipt_rows = [["Касиер", "Квитанции", "Сторнирани плащания", "Сторнирана сума"]]
    for cashier in desk.cashiers:
        receipt_rows.append(
            [
                cashier.full_name,
                _receipts(desk.code, cashier.receipts),
                str(cashier.totals.voids),
                eur(cashier.totals.voided),
            ]
        )
    out += [
        Spacer(1, 2 * mm),
        _table(receipt_rows, [45 * mm, 70 * mm, 35 * mm, 30 * mm], right_from=2),
    ]
    out.append(Paragraph(f"Сторно: {len(desk.voids)}", styles.h2))
    if desk.voids:
        void_rows: list[list[Any]] = [
            ["Час", "Сторно №", "Към №", "Сума", "Причина", "Касиер", "Одобрил"]
        ]
        for void in desk.voids:
            voiding = void.void_desk_code or desk.code
            reason = escape(void.reason)
            if voiding != desk.code:
                reason += f"<br/>(сторнирано на каса {voiding})"
            void_rows.append(
                [
                    f"{void.voided_at:%H:%M}",
                    _number(voiding, void.receipt_number),
                    _number(void.desk_code or desk.code, void.original_receipt),
                    eur(void.amount),
                    Paragraph(reason, styles.cell),
                    Paragraph(void.cashier, styles.cell),
                    Paragraph(void.approver, styles.cell),
                ]
            )
        widths = [12 * mm, 24 * mm, 24 * mm, 20 * mm, 40 * mm, 30 * mm, 30 * mm]
        table = _table(void_rows, widths, right_from=3)
        table.setStyle(TableStyle([("ALIGN", (4, 1), (-1, -1), "LEFT")]))
        out.append(table)
    out.append(Paragraph(f"Смени: {len(desk.shifts)}", styles.h2))
    if desk.shifts:
        shift_rows: list[list[Any]] = [
            ["Касиер", "Открита", "Закрита", "Начална", "Очаквана", "Преброена", "Разлика"]
        ]
        for shift in desk.shifts:
            shift_rows.append(
                [
                    Paragraph(shift.cashier, styles.cell),
                    f"{shift.opened_at:%d.%m %H:%M}",
                    "открита" if shift.closed_at is None else f"{shift.closed_at:%d.%m %H:%M}",
                    eur(shift.opening_float),
                    eur(shift.expected),
                    "—" if shift.counted is None else eur(shift.counted),
                    _variance(shift),
                ]
            )
        widths = [36 * mm, 22 * mm, 22 * mm, 22 * mm, 24 * mm, 24 * mm, 30 * mm]
        out.append(_table(shift_rows, widths, right_from=3))
        if any(s.closed_at is None for s in desk.shifts):
            out.append(
                Paragraph(
                    "Открита смяна: очакваната наличност е към момента на отчета.", styles.cell
                )
            )
    return out


def _chart(title: str, values: list[int], label: Any, step: int | None = None) -> Drawing:
    """Bars per hour 0-23; ``values`` are integers (counts or cents), ``label`` formats the axis."""
    drawing = Drawing(180 * mm, 55 * mm)
    chart = VerticalBarChart()
    chart.x, chart.y = 14 * mm, 9 * mm
    chart.width, chart.height = 162 * mm, 38 * mm
    chart.data = [values]
    chart.bars[0].fillColor = colors.HexColor("#4a7ab5")
    chart.categoryAxis.categoryNames = [str(hour) for hour in range(24)]
    chart.categoryAxis.labels.fontName = REGULAR
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontName = REGULAR
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = label
    if step is not None:
        chart.valueAxis.valueStep = step
    if not any(values):
        chart.valueAxis.valueMax = 1
    drawing.add(chart)
    drawing.add(String(14 * mm, 50 * mm, title, fontName=BOLD, fontSize=9))
    drawing.add(String(176 * mm, 1 * mm, "час", fontName=REGULAR, fontSize=7, textAnchor="end"))
    return drawing


def _whole_euro(cents: Any) -> str:
    # An axis tick (reportlab passes a number): whole euro, half up, in integers.
    return f"{(int(cents) + 50) // 100:,}".replace(",", " ") + " €"


def _count(value: Any) -> str:
    return str(round(value))


def _summary(data: DailyReportData, styles: _Styles) -> list[Any]:
    out: list[Any] = [CondPageBreak(90 * mm), Paragraph("Общо за всички каси", styles.h1)]
    rows = [(f"Каса {desk.code}", desk.totals) for desk in data.desks]
    out.append(_totals_table([*rows, ("ОБЩО", data.totals)], bold_last=True))
    out.append(
        Paragraph(
            f"Квитанции: {data.receipts}; сторнирани плащания: {data.totals.voids}, "
            f"сума {eur(data.totals.voided)}",
            styles.normal,
        )
    )
    counts = [line.payments for line in data.hours]
    cents = [line.amount.cents for line in data.hours]
    if not any(counts):
        return out  # a day without payments: no empty charts with a "0 €" axis
    out += [
        Spacer(1, 4 * mm),
        KeepTogether(
            [
                _chart("Плащания по часове (брой)", counts, _count, -(-max(counts) // 5) or 1),
                _chart("Получена сума по часове (€)", cents, _whole_euro),
            ]
        ),
    ]
    busy = [line for line in data.hours if line.payments]
    if busy:
        hour_rows = [["Час", "Плащания", "Сума"]]
        hour_rows += [
            [f"{h.hour:02d}:00–{h.hour:02d}:59", str(h.payments), eur(h.amount)] for h in busy
        ]
        out.append(_table(hour_rows, [30 * mm, 22 * mm, 30 * mm]))
    return out


def _numbered_canvas(data: DailyReportData) -> type[Canvas]:
    """A canvas that holds its pages back until the end, to print "стр. N от M"."""

    class NumberedCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, page in enumerate(self._pages, 1):
                self.__dict__.update(page)
                self._footer(number, total)
                super().showPage()
            super().save()

        def _footer(self, number: int, total: int) -> None:
            width, _ = A4
            self.setFont(REGULAR, 7.5)
            self.setFillColor(colors.black)
            left = f"{TITLE} · {period_text(data)} · {COMPANY.name}"
            self.drawString(MARGIN, 9 * mm, left)
            self.drawRightString(width - MARGIN, 9 * mm, f"стр. {number} от {total}")

    return NumberedCanvas


def render_daily_report(data: DailyReportData) -> bytes:
    register_fonts()
    styles = _Styles()
    desks = "всички каси" if data.desk_code is None else f"каса {data.desk_code}"
    story: list[Any] = [
        Paragraph(COMPANY.name, styles.normal),
        Paragraph(TITLE, styles.title),
        Paragraph(f"{period_text(data)} · {desks}", styles.normal),
        Paragraph(
            f"Изготвен от {data.printed_by} на {data.printed_at:%d.%m.%Y %H:%M}", styles.normal
        ),
        Paragraph(NET_OF_VOIDS, styles.cell),
        Paragraph(sync_text(data), styles.cell),
    ]
    if not data.desks:
        story.append(Paragraph("Няма плащания, сторно и смени за периода.", styles.h2))
    for desk in data.desks:
        story += _desk_flowables(desk, styles)
    story += _summary(data, styles)
    out = BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 4 * mm,
        title=f"{TITLE} {period_text(data)}",
        author=data.printed_by,
    )
    doc.build(story, canvasmaker=_numbered_canvas(data))
    return out.getvalue()
