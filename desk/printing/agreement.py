"""The installment agreement (споразумение за разсрочено плащане) on A4, for both sides
to sign (DOMAIN.md "Installment agreements"), and the A4 pieces the plan
confirmation shares with it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from io import BytesIO

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import registerFontFamily
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from desk.billing import policy
from desk.identifiers import mask_id_number
from desk.money import Money
from desk.printing.fonts import BOLD, REGULAR, register_fonts
from desk.printing.receipt import eur
from desk.settings import COMPANY

MARGIN = 16 * mm
BODY = ParagraphStyle("body", fontName=REGULAR, fontSize=10, leading=13.5)
SMALL = ParagraphStyle("small", parent=BODY, fontSize=8.5, leading=11)
HEADING = ParagraphStyle("heading", parent=BODY, fontName=BOLD, fontSize=14, leading=18)
TITLE = ParagraphStyle("title", parent=HEADING, alignment=TA_CENTER, spaceBefore=6)
CENTRED = ParagraphStyle("centred", parent=BODY, alignment=TA_CENTER)
SECTION = ParagraphStyle("section", parent=BODY, fontName=BOLD, spaceBefore=8, spaceAfter=3)

KIND_WORDS = {
    "monthly": "Фактура",
    "installment": "Вноска по план",
    "settlement": "Изравнителна сметка",
    "other": "Друго",
    "court": "Съдебно присъдена сума",
}


@dataclass(frozen=True, slots=True)
class CoveredLine:
    item: str  # invoice number or court case id
    kind: str
    period: str | None
    subscriber_number: str
    amount: Money  # its balance in euro on the day of signing


@dataclass(frozen=True, slots=True)
class ScheduleLine:
    seq: int  # 0 is the down payment
    due: date
    amount: Money


@dataclass(frozen=True, slots=True)
class AgreementData:
    number: str
    signed: date
    payer_name: str
    payer_code: str
    payer_id_number: str | None
    desk_name: str
    clerk: str
    lines: tuple[CoveredLine, ...]
    total: Money
    down_payment: Money
    schedule: tuple[ScheduleLine, ...]


# --- A4 pieces ------------------------------------------------------------------


def day_text(day: date) -> str:
    return f"{day:%d.%m.%Y}"


@cache
def a4_fonts() -> None:
    """DejaVu Sans, and its families: paragraphs (made before the page is) look fonts
    up by family for <b> and for bold styles."""
    register_fonts()
    registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD)
    registerFontFamily(BOLD, normal=BOLD, bold=BOLD, italic=BOLD, boldItalic=BOLD)


def company_block() -> list[Flowable]:
    """The first flowables of every A4 document (the fonts are ready from here on)."""
    a4_fonts()
    return [
        Paragraph(COMPANY.name, HEADING),
        Paragraph(f"ЕИК {COMPANY.eik}, {COMPANY.address}", SMALL),
        Spacer(1, 3 * mm),
    ]


def payer_rows(name: str, payer_code: str, id_number: str | None) -> list[list[str]]:
    rows = [["Платец", name], ["Код на платец", payer_code]]
    if id_number:
        rows.append(["ЕГН/ЕИК", mask_id_number(id_number)])
    return rows


def facts_table(rows: Sequence[Sequence[str]]) -> Table:
    """Label / value pairs, labels in grey."""
    table = Table([list(r) for r in rows], colWidths=[45 * mm, None], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), REGULAR, 10),
                ("FONT", (1, 0), (1, -1), BOLD, 10),
                ("TEXTCOLOR", (0, 0), (0, -1), colors.HexColor("#555555")),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def grid_table(
    head: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float], *, total: bool
) -> Table:
    """A ruled table; amounts (the last column) right-aligned, an optional bold last row."""
    table = Table(
        [list(head), *[list(r) for r in rows]], colWidths=list(widths), repeatRows=1, hAlign="LEFT"
    )
    style = [
        ("FONT", (0, 0), (-1, 0), BOLD, 9),
        ("FONT", (0, 1), (-1, -1), REGULAR, 9),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
        ("ALIGN", (-1, 0), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    if total:
        style.append(("FONT", (0, -1), (-1, -1), BOLD, 9))
    table.setStyle(TableStyle(style))
    return table


def signatures(left: str, right: str) -> Table:
    line = "_" * 32
    table = Table(
        [[left, right], ["", ""], [line, line], ["(име, подпис)", "(име, подпис)"]],
        colWidths=[87 * mm, 87 * mm],
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, 0), BOLD, 10),
                ("FONT", (0, 1), (-1, -1), REGULAR, 9),
                ("TOPPADDING", (0, 1), (-1, 1), 8 * mm),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def render_a4(story: list[Flowable], title: str, footer: str) -> bytes:
    """The story on A4 pages, each with ``footer`` and its page number at the bottom."""
    a4_fonts()
    out = BytesIO()

    def page(canvas: Canvas, document: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(REGULAR, 7.5)
        canvas.drawString(MARGIN, 10 * mm, footer)
        canvas.drawRightString(A4[0] - MARGIN, 10 * mm, f"стр. {document.page}")
        canvas.restoreState()

    document = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=title,
        author=COMPANY.name,
    )
    document.build(story, onFirstPage=page, onLaterPages=page)
    return out.getvalue()


# --- the agreement ----------------------------------------------------------------


def breach_clause() -> str:
    """DOMAIN.md "Installment agreements", in words for the payer."""
    return (
        f"Вноска, която не е платена изцяло до {policy.AGREEMENT_BREACH_DAYS} дни след "
        "датата, до която е платима, нарушава споразумението: от следващия ден цялата "
        "неплатена част става изискуема веднага и всички неплатени вноски са просрочени."
    )


def agreement_pdf(data: AgreementData) -> bytes:
    story: list[Flowable] = company_block()
    story += [
        Paragraph("СПОРАЗУМЕНИЕ ЗА РАЗСРОЧЕНО ПЛАЩАНЕ", TITLE),
        Paragraph(f"№ {data.number} от {day_text(data.signed)}", CENTRED),
        Spacer(1, 6 * mm),
        facts_table(
            [
                *payer_rows(data.payer_name, data.payer_code, data.payer_id_number),
                ["Сключено в", data.desk_name],
            ]
        ),
        Paragraph("1. Задължения, които споразумението обхваща", SECTION),
        grid_table(
            ("Задължение", "Номер", "Аб. №", "Период", "Сума"),
            [
                *(
                    (
                        KIND_WORDS.get(line.kind, line.kind),
                        line.item,
                        line.subscriber_number,
                        line.period or "—",
                        eur(line.amount),
                    )
                    for line in data.lines
                ),
                ("Общо", "", "", "", eur(data.total)),
            ],
            (55 * mm, 32 * mm, 22 * mm, 25 * mm, 40 * mm),
            total=True,
        ),
        Paragraph("2. Погасителен план", SECTION),
    ]
    if data.down_payment.positive:
        story.append(Paragraph(f"Първоначална вноска: <b>{eur(data.down_payment)}</b>", BODY))
    installments = [line for line in data.schedule if line.seq > 0]
    story.append(
        Paragraph(f"Брой месечни вноски: <b>{len(installments)}</b>", BODY),
    )
    story.append(Spacer(1, 2 * mm))
    story.append(
        grid_table(
            ("Вноска", "Платима до", "Сума"),
            [
                *(
                    (
                        "първоначална" if line.seq == 0 else f"{line.seq}",
                        day_text(line.due),
                        eur(line.amount),
                    )
                    for line in data.schedule
                ),
                ("Общо", "", eur(sum((line.amount for line in data.schedule), Money.zero()))),
            ],
            (40 * mm, 50 * mm, 45 * mm),
            total=True,
        )
    )
    story += [
        Paragraph("3. Условия", SECTION),
        Paragraph(
            "Докато споразумението се спазва, обхванатите задължения не са просрочени. "
            "Всяко плащане по вноска погасява обхванатите задължения, започвайки от "
            "най-старото. Вноските се плащат на всяка каса на дружеството с кода на платеца.",
            BODY,
        ),
        Spacer(1, 2 * mm),
        Paragraph(breach_clause(), BODY),
        Spacer(1, 10 * mm),
        signatures("За дружеството:", "Платец:"),
        Spacer(1, 4 * mm),
        Paragraph(f"Изготвил: {data.clerk}", SMALL),
    ]
    return render_a4(
        story,
        f"Споразумение {data.number}",
        f"{COMPANY.name} · Споразумение № {data.number} · платец {data.payer_code}",
    )
