"""The daily report's paper from plain data: A4, Cyrillic, numbered pages, the chart."""

from __future__ import annotations

from datetime import date, datetime
from io import BytesIO

from pypdf import PdfReader

from desk.money import Money
from desk.printing.daily_report import (
    CashierDay,
    DailyReportData,
    DeskDay,
    HourLine,
    Receipts,
    ShiftLine,
    Totals,
    VoidLine,
    render_daily_report,
)
from tests.printing_helpers import pdf_text

AT = datetime(2026, 11, 22, 12)


def data(voids: int = 1, shifts: tuple[ShiftLine, ...] = ()) -> DailyReportData:
    totals = Totals(
        2, Money(160646), Money(1000), Money(0), Money(289), Money(2500), 1, Money(9346)
    )
    void_lines = tuple(
        VoidLine(
            AT, 2 + 2 * n, 1 + 2 * n, Money(9346), "грешен платец", "Мария Петрова", "Стефан Колев"
        )
        for n in range(voids)
    )
    desk = DeskDay(
        "K1",
        "Каса 1",
        Receipts(3, 1, 3),
        totals,
        (CashierDay("kasier1", "Мария Петрова", Receipts(3, 1, 3), totals),),
        void_lines,
        shifts,
    )
    hours = tuple(
        HourLine(h, 2 if h == 12 else 0, Money(161646 if h == 12 else 0)) for h in range(24)
    )
    return DailyReportData(
        date(2026, 11, 20), date(2026, 11, 22), None, "Стефан Колев", AT, (desk,), totals, hours
    )


def test_a4_with_the_range_who_printed_it_and_the_figures() -> None:
    pdf = render_daily_report(data())
    page = PdfReader(BytesIO(pdf)).pages[0]
    assert (round(page.mediabox.width), round(page.mediabox.height)) == (595, 842)
    text = pdf_text(pdf)
    assert "ДНЕВЕН ОТЧЕТ" in text
    assert "Период: 20.11.2026 – 22.11.2026 · всички каси" in text
    assert "Изготвен от Стефан Колев на 22.11.2026 12:00" in text
    assert "1 606,46" in text and "1 616,46" in text  # grouped: cash, cash + card
    assert "Плащания по часове (брой)" in text and "Получена сума по часове (€)" in text
    assert "12:00–12:59\n2\n1 616,46 €" in text
    assert "стр. 1 от 1" in text


def test_every_page_is_numbered_of_the_total() -> None:
    pdf = render_daily_report(data(voids=120))
    pages = PdfReader(BytesIO(pdf)).pages
    assert len(pages) >= 3
    for number, page in enumerate(pages, 1):
        assert f"стр. {number} от {len(pages)}" in (page.extract_text() or "")


def test_variances_in_words_and_an_open_shift_marked() -> None:
    shifts = (
        ShiftLine(
            "Мария Петрова", AT, AT.replace(hour=18), Money(5000), Money(14346), Money(14340)
        ),
        ShiftLine("Георги Илиев", AT, AT.replace(hour=19), Money(0), Money(100), Money(110)),
        ShiftLine("Георги Илиев", AT, None, Money(2000), Money(7000), None),
    )
    text = pdf_text(render_daily_report(data(shifts=shifts)))
    assert "-0,06 € липса" in text and "+0,10 € излишък" in text
    assert "открита" in text and "очакваната наличност е към момента на отчета" in text
