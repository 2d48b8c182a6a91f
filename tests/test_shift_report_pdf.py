"""The shift report PDF of a real shift: title, receipt range, totals, leva, variance."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from itertools import pairwise

import pypdfium2

from desk.models.db import Database
from desk.money import Money
from desk.printing.shift_report import ShiftReportData, ShiftVoidLine, render_shift_report
from desk.services.shift_report import shift_report_data
from desk.services.shifts import current_shift
from tests.desk_fixtures import NOON, on_shift, pay_by_card, work_a_shift
from tests.printing_helpers import pdf_text


def test_the_z_report_of_a_closed_shift(day_db: Database) -> None:
    text = pdf_text(render_shift_report(shift_report_data(day_db, work_a_shift(day_db))))
    assert "ОТЧЕТ ЗА СМЯНА (Z)" in text and "МЕЖДИНЕН" not in text
    assert "Квитанции: 3 (K1-0000001 … K1-0000003)" in text
    assert "Мария Петрова" in text and "K1 Каса 1" in text
    assert "Открита" in text and "22.11.2026 12:00" in text and "22.11.2026 18:00" in text
    assert "Начална наличност" in text and "50,00 €" in text
    assert "Общо получено" in text and "93,46 €" in text
    assert "182,79 лв." in text  # 93.46 × 1.95583, through 2026
    assert "Отстъпки 3%" in text and "2,89 €" in text
    assert "Сторно: 1, сума" in text and "K1-0000002 към K1-0000001" in text
    assert "грешен платец" in text and "Стефан Колев" in text
    assert "143,46 €" in text and "143,40 €" in text
    assert "Разлика" in text and "-0,06 €" in text
    assert "× 2" in text and "40,00 €" in text  # two 20 € notes
    assert "Касиер: ...." in text


def test_an_open_shift_prints_an_x_report_without_count(day_db: Database) -> None:
    ctx = on_shift(day_db)
    pay_by_card(day_db, ctx)
    shift = current_shift(day_db, ctx)
    assert shift is not None
    text = pdf_text(render_shift_report(shift_report_data(day_db, shift.id)))
    assert "МЕЖДИНЕН ОТЧЕТ (X)" in text and "(Z)" not in text
    assert "Квитанции: 1 (K1-0000001 … K1-0000001)" in text
    assert "Очаквана наличност" in text
    assert "Преброена" not in text and "Разлика" not in text and "Закрита" not in text


def _report(**changes: object) -> ShiftReportData:
    base = ShiftReportData(
        desk_code="K1",
        desk_name="Каса 1",
        cashier="Мария Петрова",
        opened_at=NOON,
        closed_at=NOON.replace(hour=18),
        opening_float=Money(0),
        receipts=0,
        first_receipt=None,
        last_receipt=None,
        cash=Money(0),
        card=Money(0),
        credit_used=Money(0),
        voided=Money(0),
        commercial=Money(0),
        loyalty=Money(0),
        voids=(),
        expected=Money(0),
        counted=Money(0),
        count=(),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_no_leva_after_2026() -> None:
    day = datetime(2027, 1, 4, 8)
    text = pdf_text(render_shift_report(_report(opened_at=day, closed_at=day.replace(hour=17))))
    assert "лв." not in text and "Квитанции: 0" in text


def test_long_text_wraps_inside_the_paper() -> None:
    long_void = ShiftVoidLine(
        receipt_number=1234567,
        original_receipt=1234566,
        voided_at=NOON,
        amount=Money(12345678),
        cash=Money(12345678),
        reason="платецът представи разписка за същата фактура, платена по банков път "
        "предния ден, и поиска сумата да му бъде върната веднага",
        approver="Стефан Колев Константинов-Папазоглу",
    )
    data = _report(
        desk_name="Информационен център „Дружба“, гише за плащания 12",
        cashier="Александра Константинова Христодулова-Стоянова",
        voids=(long_void,),
        voided=Money(12345678),
        expected=Money(123456789),
        counted=Money(123456700),
    )
    pdf = render_shift_report(data)
    document = pypdfium2.PdfDocument(pdf)
    page = document[0]
    width = page.get_width()
    chars = page.get_textpage()
    boxes = [chars.get_charbox(i, loose=True) for i in range(chars.count_chars())]
    chars.close()
    page.close()
    document.close()
    assert boxes and all(left >= 0 and right <= width for left, _, right, _ in boxes)
    # No two glyphs of a line overlap: an amount never runs into a long label.
    lines: dict[int, list[tuple[float, float]]] = {}
    for left, bottom, right, _ in boxes:
        lines.setdefault(round(bottom), []).append((left, right))
    for spans in lines.values():
        spans.sort()
        assert all(b[0] >= a[1] - 0.5 for a, b in pairwise(spans))
    text = pdf_text(pdf)
    assert "Папазоглу" in text and "веднага" in text
