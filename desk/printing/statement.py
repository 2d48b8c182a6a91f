"""The statement (справка) / monthly notice (месечно съобщение) on A4, from plain data.

DOMAIN.md "Overdue notices and court action": each overdue item on its own
line marked "Просрочено", the overdue total, the final warning on a line of
its own, the agreement installments due, the credit and the total to pay;
the payer code and each subscriber number with a Code 128 barcode, so that a
scanner at the desk opens the right record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from io import BytesIO

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from desk.money import Money
from desk.printing.barcodes import draw_code128
from desk.printing.fonts import BOLD, REGULAR, register_fonts
from desk.printing.receipt import KIND_WORDS, eur, grouped
from desk.settings import COMPANY

WIDTH, HEIGHT = A4
MARGIN = 18 * mm
LINE = 5.2 * mm
AMOUNT_COLUMN = 38 * mm  # the amounts, right-aligned at the margin
BARCODE_WIDTH = 62 * mm
BARCODE_HEIGHT = 11 * mm
BARCODE_GAP = 6 * mm  # between the text beside a barcode and the barcode
OVERDUE = "Просрочено"
TITLE = "СПРАВКА / МЕСЕЧНО СЪОБЩЕНИЕ"
FINAL_WARNING = (
    "ПОСЛЕДНО ПРЕДУПРЕЖДЕНИЕ: ако просрочените задължения не бъдат платени, "
    "дружеството ще предяви вземането си по съдебен ред, а разноските по делото "
    "и законната лихва ще бъдат за Ваша сметка."
)
TENURE_WORDS = {"ownership": "собственик", "use": "вещно право на ползване", "tenancy": "наемател"}
STAGE_WORDS = {
    "warning": "последно предупреждение",
    "filed": "подадено заявление",
    "order": "заповед за изпълнение",
    "writ": "изпълнителен лист",
    "enforcement": "при съдебен изпълнител",
}


@dataclass(frozen=True, slots=True)
class StatementHolding:
    subscriber_number: str
    address: str
    kind: str  # ownership | use | tenancy
    start: date
    end: date | None


@dataclass(frozen=True, slots=True)
class StatementLine:
    item: str  # invoice number, court case id, "AG-1/2"
    kind: str  # invoice kinds, "agreement" or "court"
    period: str | None
    subscriber_number: str
    deadline: date  # the invoice deadline, installment due date, court filing day
    balance: Money  # in euro, what is left to pay
    original: Money | None  # the leva amount of an invoice issued in leva
    overdue: bool
    stage: str | None = None  # court items: the case's stage
    case_number: str | None = None
    costs: Money | None = None  # court items: what is left of each part
    interest: Money | None = None
    principal: Money | None = None


@dataclass(frozen=True, slots=True)
class StatementData:
    payer_code: str
    payer_name: str
    on: date
    holdings: tuple[StatementHolding, ...]
    current: tuple[StatementLine, ...]  # bills not yet overdue
    overdue: tuple[StatementLine, ...]  # each overdue item, marked "Просрочено"
    installments: tuple[StatementLine, ...]  # agreement installments due by due_until
    overdue_total: Money
    balance: Money  # everything open
    credit: Money  # аванс
    discount: Money  # what the desk would deduct for paying the due items today
    to_pay: Money  # the cashier's default selection, less discounts and credit
    final_warning: bool  # desk.billing.quote.final_warning: a case in `warning`, anything overdue
    banners: tuple[str, ...]
    due_until: date  # installments due up to this day are asked for now
    later_installments: Money  # the agreement installments due after due_until
    later_count: int
    credit_used: Money  # the part of the credit that the total to pay takes


def _day(day: date | None) -> str:
    return "" if day is None else f"{day:%d.%m.%Y}"


class _Page:
    """A cursor down A4 pages: rows of text with an amount on the right."""

    def __init__(self, canvas: Canvas) -> None:
        self.canvas = canvas
        self.y = HEIGHT - MARGIN

    def room(self, height: float) -> None:
        if self.y - height < MARGIN:
            self.canvas.showPage()
            self.y = HEIGHT - MARGIN

    def row(self, left: str, right: str = "", *, bold: bool = False, size: float = 9.5) -> None:
        font = BOLD if bold else REGULAR
        width = WIDTH - 2 * MARGIN - (AMOUNT_COLUMN if right else 0)
        wrapped = simpleSplit(left, font, size, width) or [""]
        self.room(LINE * len(wrapped))
        self.canvas.setFont(font, size)
        for i, text in enumerate(wrapped):
            self.y -= LINE
            self.canvas.drawString(MARGIN, self.y, text)
            if right and i == 0:
                self.canvas.drawRightString(WIDTH - MARGIN, self.y, right)

    def centred(self, text: str, *, size: float = 13) -> None:
        self.room(LINE * 1.6)
        self.y -= LINE * 1.6
        self.canvas.setFont(BOLD, size)
        self.canvas.drawCentredString(WIDTH / 2, self.y, text)

    def gap(self, lines: float = 0.6) -> None:
        self.y -= LINE * lines

    def rule(self) -> None:
        self.room(LINE * 0.6)
        self.y -= LINE * 0.4
        self.canvas.setLineWidth(0.5)
        self.canvas.line(MARGIN, self.y, WIDTH - MARGIN, self.y)
        self.y -= LINE * 0.2

    def with_barcode(self, value: str, lines: list[tuple[str, bool]]) -> None:
        """Text on the left, wrapped in its column; the value's barcode and digits
        on the right."""
        column = WIDTH - 2 * MARGIN - BARCODE_WIDTH - BARCODE_GAP
        wrapped = [
            (text, bold)
            for line, bold in lines
            for text in simpleSplit(line, BOLD if bold else REGULAR, 9.5, column) or [""]
        ]
        height = max(LINE * len(wrapped), BARCODE_HEIGHT + 5 * mm) + 2 * mm
        self.room(height)
        top = self.y
        x = WIDTH - MARGIN - BARCODE_WIDTH
        draw_code128(
            self.canvas, value, x, top - BARCODE_HEIGHT - 1 * mm, BARCODE_WIDTH, BARCODE_HEIGHT
        )
        self.canvas.setFont(REGULAR, 8)
        self.canvas.drawCentredString(x + BARCODE_WIDTH / 2, top - BARCODE_HEIGHT - 4.5 * mm, value)
        for text, bold in wrapped:
            self.y -= LINE
            self.canvas.setFont(BOLD if bold else REGULAR, 9.5)
            self.canvas.drawString(MARGIN, self.y, text)
        self.y = top - height


def _describe(line: StatementLine, subscriber: bool = True) -> str:
    """The line in words; ``subscriber`` False leaves out the subscriber number
    (a payer with one property: it is in the header, by its barcode)."""
    words = KIND_WORDS.get(line.kind, line.kind)
    if line.kind == "court":
        text = f"{words} вземане {line.item}"
        if line.case_number:
            text += f", дело {line.case_number}"
        if line.stage:
            text += f", етап: {STAGE_WORDS.get(line.stage, line.stage)}"
        if line.costs is not None and line.interest is not None and line.principal is not None:
            text += (
                f" (разноски {eur(line.costs)}, лихви {eur(line.interest)}, "
                f"главница {eur(line.principal)})"
            )
        text += f", от {_day(line.deadline)}"
    elif line.kind == "agreement":
        text = f"Вноска по споразумение {line.item}, падеж {_day(line.deadline)}"
    else:
        text = f"{words} {line.item}"
        if line.period:
            text += f", период {line.period}"
        text += f", срок {_day(line.deadline)}"
    if subscriber and line.subscriber_number:
        text += f", аб. № {line.subscriber_number}"
    if line.original is not None:
        text += f" (издадена за {grouped(line.original)} лв.)"
    return text


def _header(page: _Page, data: StatementData) -> None:
    page.row(COMPANY.name, _day(data.on), bold=True, size=11)
    page.row(f"ЕИК {COMPANY.eik}, {COMPANY.address}", size=8.5)
    page.centred(TITLE)
    page.row(f"към {_day(data.on)}", size=9)
    page.gap()
    page.with_barcode(
        data.payer_code,
        [(f"Платец: {data.payer_name}", True), (f"Код на платец: {data.payer_code}", False)],
    )
    for holding in data.holdings:
        tenure = TENURE_WORDS.get(holding.kind, holding.kind)
        held = f"{tenure} от {_day(holding.start)}"
        if holding.end is not None:
            held += f" до {_day(holding.end)}"
        page.with_barcode(
            holding.subscriber_number,
            [
                (f"Абонатен номер: {holding.subscriber_number}", True),
                (holding.address, False),
                (held, False),
            ],
        )


def render_statement(data: StatementData) -> bytes:
    register_fonts()
    out = BytesIO()
    canvas = Canvas(out, pagesize=A4)
    canvas.setTitle(f"Справка {data.payer_code} към {_day(data.on)}")
    page = _Page(canvas)
    _header(page, data)
    page.rule()
    held = {h.subscriber_number for h in data.holdings}

    def describe(line: StatementLine) -> str:
        return _describe(line, subscriber=len(held) != 1 or line.subscriber_number not in held)

    if not (data.current or data.overdue or data.installments or data.later_count):
        page.row("Няма открити задължения.")
    if data.current:
        page.row("Текуща сметка", bold=True)
        for line in data.current:
            page.row(describe(line), eur(line.balance))
        page.gap(0.4)
    if data.overdue:
        page.row("Просрочени задължения", bold=True)
        for line in data.overdue:
            page.row(f"{OVERDUE}: {describe(line)}", eur(line.balance))
        page.row("Общо просрочено", eur(data.overdue_total), bold=True)
        page.gap(0.4)
    if data.final_warning:
        page.gap(0.4)
        page.row(FINAL_WARNING, bold=True, size=10.5)
        page.gap(0.4)
    if data.installments:
        page.row(f"Вноски по споразумение с падеж до {_day(data.due_until)}", bold=True)
        for line in data.installments:
            page.row(describe(line), eur(line.balance))
        page.gap(0.4)
    page.rule()
    # Each figure between "Общо открити" and "ОБЩО ЗА ПЛАЩАНЕ" is a line of its
    # own, so the paper adds up: open - later installments - credit - discounts.
    page.row("Общо открити задължения", eur(data.balance))
    if data.later_count:
        page.row(
            f"Вноски по споразумение с падеж след {_day(data.due_until)} ({data.later_count} бр.)",
            "-" + eur(data.later_installments),
        )
    if data.credit_used.positive:
        page.row("Аванс (надплатена сума)", "-" + eur(data.credit_used))
    if data.discount.positive:
        page.row("Отстъпки при плащане днес", "-" + eur(data.discount))
    page.row("ОБЩО ЗА ПЛАЩАНЕ", eur(data.to_pay), bold=True, size=11)
    if data.credit > data.credit_used:
        page.row(f"Остатък от аванса за следващи плащания: {eur(data.credit - data.credit_used)}")
    page.gap()
    page.row(
        "Сумата за плащане включва текущата и просрочените сметки и вноските по "
        f"споразумение с падеж до {_day(data.due_until)}. Платете на каса с този документ: "
        "баркодовете отварят Вашата сметка.",
        size=8,
    )
    canvas.showPage()
    canvas.save()
    return out.getvalue()
