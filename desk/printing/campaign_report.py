"""The campaign report on A4 (DOMAIN.md "Contact details and survey cards").

Per district and in total: active payers, cards issued, cards returned and
payers whose details were confirmed or changed since the campaign start, as
counts and as shares of the active payers; a bar chart of the confirmed or
changed share per district; page numbers "стр. N от M".

"Cards issued" (Издадени карти), not "printed": the figure counts the cards
e-mailed as well as those printed at the desks (issue 16), the same cards as
the channel table's "cards issued" row added up; the channel table tells them
apart.

Worded through desk.messages in the language asked for (default: the current one,
the command line's --lang or the UI's language); Bulgarian is the report's own.

Then the same by channel (issue 16; the channels are defined in
desk.services.campaign): a block per district and the total, a column per
channel, a row per measure: cards issued (pay desk, information centre,
e-mail), cards returned (scanned card, e-mail card, web) and payers who
confirmed or changed their details (all five); a dash where nothing goes that
way. Five channel columns fit A4 portrait with their names whole, so the report
stays one document of one page size. That part is worded through desk.messages
in the language asked for (the command line's --lang, the UI's language).
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
from reportlab.platypus import (
    CondPageBreak,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from desk.messages import CATALOGUE, language, word
from desk.printing.fonts import BOLD, REGULAR, register_fonts
from desk.settings import COMPANY

# The table's heading: catalogue codes, "%" as it is.
HEADER_CODES = (
    "campaign.district",
    "campaign.head.active",
    "campaign.head.issued",
    "%",
    "campaign.head.returned",
    "%",
    "campaign.head.updated",
    "%",
)
# The Bulgarian words, as the report printed them before it was worded per language.
TITLE = CATALOGUE["campaign.title"][0]
TOTAL = CATALOGUE["campaign.total"][0]
OUTSIDE = CATALOGUE["campaign.outside"][0]
CHART_TITLE = CATALOGUE["campaign.chart_title"][0]
MARGIN = 15 * mm
CHART_MAX_HEIGHT = 200 * mm


# The channel table: a column per channel, a row per measure (desk.services.campaign).
CHANNELS = ("pay_desk", "info_centre", "scanned_card", "email_card", "web")
MEASURES = ("issued", "returned", "updated")


@dataclass(frozen=True, slots=True)
class ChannelRow:
    """One channel's figures in a district (desk.services.campaign.ChannelFigures)."""

    channel: str  # pay_desk | info_centre | scanned_card | email_card | web
    cards_issued: int | None  # None: no card goes out this way
    cards_returned: int | None  # None: none comes back this way
    payers_updated: int


@dataclass(frozen=True, slots=True)
class CampaignRow:
    """One district (or the total, or the payers without a current property)."""

    name: str
    active_payers: int
    cards_printed: int  # issued: printed at a desk or e-mailed ("Cards issued")
    cards_returned: int
    payers_updated: int
    printed_share: Decimal | None  # percent, one decimal; None: no active payers
    returned_share: Decimal | None
    updated_share: Decimal | None
    channels: tuple[ChannelRow, ...] = ()  # by channel; none: the channel page is left out


@dataclass(frozen=True, slots=True)
class CampaignReportData:
    start: date
    on: date
    printed_by: str
    printed_at: datetime
    districts: tuple[CampaignRow, ...]  # by name
    total: CampaignRow  # the districts added up
    outside: CampaignRow | None  # cards and changes of payers with no current property
    emails_refused: int = 0  # e-mailed cards refused by the mail server (this desk's)
    emails_bounced: int = 0  # and bounced


def _bulgarian(lang: str | None) -> bool:
    return (lang or language()) == "bg"


def count_text(count: int, lang: str | None = None) -> str:
    """ "1 234" in Bulgarian, "1,234" in English."""
    return f"{count:,}".replace(",", " ") if _bulgarian(lang) else f"{count:,}"


def share_text(share: Decimal | None, lang: str | None = None) -> str:
    """ "12,3 %" in Bulgarian, "12.3 %" in English; a dash when there is nothing to share."""
    if share is None:
        return "—"
    text = f"{share:.1f}"
    return (text.replace(".", ",") if _bulgarian(lang) else text) + " %"


def _style(size: float, font: str = REGULAR, leading: float | None = None) -> ParagraphStyle:
    return ParagraphStyle("p", fontName=font, fontSize=size, leading=leading or size * 1.3)


def _cells(row: CampaignRow, lang: str | None = None) -> list[str]:
    return [
        row.name,
        count_text(row.active_payers, lang),
        count_text(row.cards_printed, lang),
        share_text(row.printed_share, lang),
        count_text(row.cards_returned, lang),
        share_text(row.returned_share, lang),
        count_text(row.payers_updated, lang),
        share_text(row.updated_share, lang),
    ]


def _table(data: CampaignReportData, lang: str | None) -> Table:
    name_style = _style(8.5)
    rows: list[list[Any]] = [[word(code, lang=lang) for code in HEADER_CODES]]
    for row in data.districts:
        rows.append([Paragraph(row.name, name_style), *_cells(row, lang)[1:]])
    rows.append([word("campaign.total", lang=lang), *_cells(data.total, lang)[1:]])
    total_at = len(rows) - 1
    if data.outside is not None:
        outside = Paragraph(word("campaign.outside", lang=lang), _style(7.5))
        rows.append([outside, *_cells(data.outside, lang)[1:]])
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


def _channel_cells(row: CampaignRow, measure: str, lang: str | None) -> list[str]:
    by_channel = {c.channel: c for c in row.channels}
    cells = []
    for channel in CHANNELS:
        figures = by_channel.get(channel)
        count = None
        if figures is not None:
            count = {
                "issued": figures.cards_issued,
                "returned": figures.cards_returned,
                "updated": figures.payers_updated,
            }[measure]
        cells.append("—" if count is None else count_text(count, lang))
    return cells


def channel_table(data: CampaignReportData, lang: str | None = None) -> Table:
    """Per district and in total: a block of three rows (the measures), a column per channel."""
    head = ParagraphStyle("h", fontName=BOLD, fontSize=6.5, leading=8, alignment=1)
    name_style, measure_style = _style(8.5), _style(7)
    rows: list[list[Any]] = [
        [
            Paragraph(word("campaign.district", lang=lang), head),
            "",
            *(Paragraph(word(f"campaign.channel.{c}", lang=lang), head) for c in CHANNELS),
        ]
    ]
    blocks: list[tuple[int, str]] = []  # (first row, kind) per district
    named = [(Paragraph(r.name, name_style), r, "district") for r in data.districts]
    total = [(word("campaign.total", lang=lang), data.total, "total")]
    outside = []
    if data.outside is not None:
        words = word("campaign.outside", lang=lang)
        outside = [(Paragraph(words, _style(7)), data.outside, "outside")]
    for name, row, kind in [*named, *total, *outside]:
        blocks.append((len(rows), kind))
        for n, measure in enumerate(MEASURES):
            label = Paragraph(word(f"campaign.{measure}", lang=lang), measure_style)
            rows.append([name if n == 0 else "", label, *_channel_cells(row, measure, lang)])
    width = A4[0] - 2 * MARGIN
    name_width, measure_width = 30 * mm, 30 * mm
    count = (width - name_width - measure_width) / len(CHANNELS)
    table = Table(
        rows, colWidths=[name_width, measure_width, *([count] * len(CHANNELS))], repeatRows=1
    )
    style: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), REGULAR, 8.5),
        ("SPAN", (0, 0), (1, 0)),
        # Narrow padding in the heading: "информационен" fits its column whole.
        ("LEFTPADDING", (2, 0), (-1, 0), 1),
        ("RIGHTPADDING", (2, 0), (-1, 0), 1),
        ("ALIGN", (2, 1), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
        ("TOPPADDING", (0, 1), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 1), (-1, -1), 1.5),
    ]
    for n, (first, kind) in enumerate(blocks):
        last = first + len(MEASURES) - 1
        style.append(("SPAN", (0, first), (0, last)))
        style.append(("VALIGN", (0, first), (0, last), "TOP"))
        if kind == "total":
            style.append(("FONT", (0, first), (0, first), BOLD, 8.5))
            style.append(("FONT", (2, first), (-1, last), BOLD, 8.5))
            style.append(("LINEABOVE", (0, first), (-1, first), 0.8, colors.black))
        elif n > 0:
            style.append(("LINEABOVE", (0, first), (-1, first), 0.3, colors.grey))
        if kind == "district" and n % 2 == 1:
            style.append(("BACKGROUND", (0, first), (-1, last), colors.whitesmoke))
    table.setStyle(TableStyle(style))
    return table


def share_chart(data: CampaignReportData, lang: str | None = None) -> Drawing:
    """Bars of the confirmed-or-changed share per district and in total, in tenths of a percent
    (integers: no floats for the figures)."""
    names = [row.name for row in data.districts] + [word("campaign.total", lang=lang)]
    values = [int((row.updated_share or Decimal(0)) * 10) for row in (*data.districts, data.total)]
    # Thinner bars for many districts: the chart stays on one page.
    bar = min(12, CHART_MAX_HEIGHT / (1.6 * len(names)))
    height = 40 + bar * 1.6 * len(names)
    width = A4[0] - 2 * MARGIN - 12  # the frame's padding
    drawing = Drawing(width, height)
    title = word("campaign.chart_title", lang=lang)
    drawing.add(String(0, height - 12, title, fontName=BOLD, fontSize=9))
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
    chart.barLabelFormat = lambda tenths: share_text(Decimal(tenths).scaleb(-1), lang)
    chart.barLabels.fontName = REGULAR
    chart.barLabels.fontSize = min(7, bar * 1.2)
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart, name="chart")
    return drawing


class _NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab has no types
    """Holds the pages back until the end, so each can say "стр. N от M"."""

    lang: str | None = None  # the words of "стр. N от M"; see numbered_in

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
            numbered = word(
                "campaign.page", {"page": str(self._pageNumber), "pages": str(count)}, self.lang
            )
            self.drawRightString(A4[0] - MARGIN, 10 * mm, numbered)
            super().showPage()
        super().save()


def numbered_in(lang: str | None) -> type[_NumberedCanvas]:
    """The numbered canvas saying its page numbers in ``lang``."""
    return type("NumberedCanvas", (_NumberedCanvas,), {"lang": lang})


# Room for the channel part's heading, the table's heading and its first block: with
# less left on a page, the part starts on the next one rather than leave its heading
# alone at the foot of a page.
CHANNEL_START_ROOM = 45 * mm


def _by_channel(data: CampaignReportData, lang: str | None) -> list[Any]:
    """The part by channel; nothing when the data carry no channels."""
    if not data.total.channels:
        return []
    return [
        Spacer(1, 4 * mm),
        CondPageBreak(CHANNEL_START_ROOM),
        Paragraph(word("campaign.channels_title", lang=lang), _style(11, BOLD)),
        Spacer(1, 2 * mm),
        channel_table(data, lang),
        Spacer(1, 1.5 * mm),
        Paragraph(word("campaign.channels_note", lang=lang), _style(7)),
        Paragraph(
            word(
                "campaign.email_problems",
                {"refused": data.emails_refused, "bounced": data.emails_bounced},
                lang,
            ),
            _style(7.5),
        ),
    ]


def render_campaign_report(data: CampaignReportData, lang: str | None = None) -> bytes:
    """The report as PDF bytes in ``lang`` (default: the current language of desk.messages)."""
    register_fonts()
    out = BytesIO()
    document = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=18 * mm,
        title=word("campaign.pdf_title", {"on": data.on}, lang),
        author=data.printed_by,
    )
    small = _style(9)
    story: list[Any] = [
        Paragraph(
            word("campaign.company", {"name": COMPANY.name, "eik": COMPANY.eik}, lang), small
        ),
        Spacer(1, 3 * mm),
        Paragraph(word("campaign.title", lang=lang), _style(14, BOLD)),
        Spacer(1, 2 * mm),
        Paragraph(word("campaign.started", {"start": data.start, "on": data.on}, lang), small),
        Paragraph(
            word("campaign.printed_by", {"user": data.printed_by, "when": data.printed_at}, lang),
            small,
        ),
        Spacer(1, 5 * mm),
        _table(data, lang),
        Spacer(1, 2 * mm),
        Paragraph(word("campaign.shares_note", lang=lang), _style(7.5)),
        Spacer(1, 5 * mm),
        KeepTogether([share_chart(data, lang)]),
        *_by_channel(data, lang),
    ]
    document.build(story, canvasmaker=numbered_in(lang))
    return out.getvalue()
