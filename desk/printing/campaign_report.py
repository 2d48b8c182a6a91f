"""The campaign report on A4 (DOMAIN.md "Contact details and survey cards").

Per district and in total: active payers, cards printed, cards returned and
payers whose details were confirmed or changed since the campaign start, as
counts and as shares of the active payers; a bar chart of the confirmed or
changed share per district; page numbers "стр. N от M".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO
from typing import Any

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from desk.printing.fonts import BOLD, REGULAR, register_fonts
from desk.settings import COMPANY

TITLE = "ОТЧЕТ ЗА КАМПАНИЯТА ЗА ДАННИ ЗА КОНТАКТ"
TOTAL = "Общо"
OUTSIDE = "Без текущ имот, празни карти (извън общото)"
HEADERS = (
    "Район",
    "Активни\nплатци",
    "Отпечатани\nкарти",
    "%",
    "Върнати\nкарти",
    "%",
    "Потвърдени/\nпроменени",
    "%",
)
MARGIN = 15 * mm
CHART_MAX_HEIGHT = 200 * mm
CHART_TITLE = "Дял на платците с потвърдени или променени данни по райони"


@dataclass(frozen=True, slots=True)
class CampaignRow:
    """One district (or the total, or the payers without a current property)."""

    name: str
    active_payers: int
    cards_printed: int
    cards_returned: int
    payers_updated: int
    printed_share: Decimal | None  # percent, one decimal; None: no active payers
    returned_share: Decimal | None
    updated_share: Decimal | None


@dataclass(frozen=True, slots=True)
class CampaignReportData:
    start: date
    on: date
    printed_by: str
    printed_at: datetime
    districts: tuple[CampaignRow, ...]  # by name
    total: CampaignRow  # the districts added up
    outside: CampaignRow | None  # cards and changes of payers with no current property


def count_text(count: int) -> str:
    return f"{count:,}".replace(",", " ")


def share_text(share: Decimal | None) -> str:
    return "—" if share is None else f"{share:.1f}".replace(".", ",") + " %"


def _style(size: float, font: str = REGULAR, leading: float | None = None) -> ParagraphStyle:
    return ParagraphStyle("p", fontName=font, fontSize=size, leading=leading or size * 1.3)


def _cells(row: CampaignRow) -> list[str]:
    return [
        row.name,
        count_text(row.active_payers),
        count_text(row.cards_printed),
        share_text(row.printed_share),
        count_text(row.cards_returned),
        share_text(row.returned_share),
        count_text(row.payers_updated),
        share_text(row.updated_share),
    ]


def _table(data: CampaignReportData) -> Table:
    name_style = _style(8.5)
    rows: list[list[Any]] = [list(HEADERS)]
    for row in data.districts:
        rows.append([Paragraph(row.name, name_style), *_cells(row)[1:]])
    rows.append([TOTAL, *_cells(data.total)[1:]])
    total_at = len(rows) - 1
    if data.outside is not None:
        rows.append([Paragraph(OUTSIDE, _style(7.5)), *_cells(data.outside)[1:]])
    width = A4[0] - 2 * MARGIN
    first, share = width * 0.26, 16 * mm
    count = (width - first - 3 * share) / 4
    widths = [first, count, count, share, count, share, count, share]
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), REGULAR, 8.5),
                ("FONT", (0, 0), (-1, 0), BOLD, 7),
                ("FONT", (0, total_at), (-1, total_at), BOLD, 8.5),
                ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                ("LINEABOVE", (0, total_at), (-1, total_at), 0.8, colors.black),
                ("ROWBACKGROUNDS", (0, 1), (-1, total_at - 1), [colors.white, colors.whitesmoke]),
            ]
        )
    )
    return table


def share_chart(data: CampaignReportData) -> Drawing:
    """Bars of the confirmed-or-changed share per district and in total, in tenths of a percent
    (integers: no floats for the figures)."""
    names = [row.name for row in data.districts] + [TOTAL]
    values = [int((row.updated_share or Decimal(0)) * 10) for row in (*data.districts, data.total)]
    # Thinner bars for many districts: the chart stays on one page.
    bar = min(12, CHART_MAX_HEIGHT / (1.6 * len(names)))
    height = 40 + bar * 1.6 * len(names)
    width = A4[0] - 2 * MARGIN - 12  # the frame's padding
    drawing = Drawing(width, height)
    drawing.add(String(0, height - 12, CHART_TITLE, fontName=BOLD, fontSize=9))
    chart = HorizontalBarChart()
    chart.x, chart.y = width * 0.3, 18
    chart.width, chart.height = width * 0.62, height - 40
    # Top to bottom in the order of the table: the chart draws its first category lowest.
    chart.data = [list(reversed(values))]
    chart.categoryAxis.categoryNames = list(reversed(names))
    chart.categoryAxis.labels.fontName = REGULAR
    chart.categoryAxis.labels.fontSize = min(7.5, bar * 1.2)
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max(100, *(v + 50 for v in values))
    chart.valueAxis.valueStep = max(50, (chart.valueAxis.valueMax // 500) * 100)
    chart.valueAxis.labels.fontName = REGULAR
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = lambda tenths: f"{tenths / 10:.0f} %"
    chart.bars[0].fillColor = colors.HexColor("#2f6f9f")
    chart.bars[(0, 0)].fillColor = colors.HexColor("#1b3f5c")  # the total, lowest
    chart.barLabelFormat = lambda tenths: f"{tenths / 10:.1f}".replace(".", ",") + " %"
    chart.barLabels.fontName = REGULAR
    chart.barLabels.fontSize = min(7, bar * 1.2)
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart, name="chart")
    return drawing


class _NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab has no types
    """Holds the pages back until the end, so each can say "стр. N от M"."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        count = len(self._pages)
        for page in self._pages:
            self.__dict__.update(page)
            self.setFont(REGULAR, 8)
            self.drawRightString(A4[0] - MARGIN, 10 * mm, f"стр. {self._pageNumber} от {count}")
            super().showPage()
        super().save()


def render_campaign_report(data: CampaignReportData) -> bytes:
    register_fonts()
    out = BytesIO()
    document = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=18 * mm,
        title=f"Отчет за кампанията към {data.on:%d.%m.%Y}",
        author=data.printed_by,
    )
    small = _style(9)
    story: list[Any] = [
        Paragraph(f"{COMPANY.name}, ЕИК {COMPANY.eik}", small),
        Spacer(1, 3 * mm),
        Paragraph(TITLE, _style(14, BOLD)),
        Spacer(1, 2 * mm),
        Paragraph(
            f"Кампанията започна на {data.start:%d.%m.%Y}; данни към края на {data.on:%d.%m.%Y}.",
            small,
        ),
        Paragraph(f"Отпечатал: {data.printed_by}, {data.printed_at:%d.%m.%Y %H:%M}", small),
        Spacer(1, 5 * mm),
        _table(data),
        Spacer(1, 2 * mm),
        Paragraph(
            "Дяловете са от активните платци (с текущ имот) на района. Платец с имоти в "
            "няколко района е броен веднъж.",
            _style(7.5),
        ),
        Spacer(1, 8 * mm),
        KeepTogether([share_chart(data)]),
    ]
    document.build(story, canvasmaker=_NumberedCanvas)
    return out.getvalue()
