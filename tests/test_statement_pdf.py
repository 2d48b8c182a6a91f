"""The statement PDF: Cyrillic text read back, barcodes decoded from the rendered page."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth

from desk.models.db import open_database
from desk.money import Money
from desk.printing.fonts import REGULAR
from desk.printing.receipt import eur
from desk.printing.statement import (
    BARCODE_GAP,
    BARCODE_WIDTH,
    FINAL_WARNING,
    MARGIN,
    WIDTH,
    StatementData,
    render_statement,
)
from desk.services.importer import import_data
from desk.services.statement import statement_data
from tests.conftest import SHARED
from tests.printing_helpers import pdf_barcodes, pdf_text
from tests.services.test_statement import agree_on_the_warned_bills

ON = date(2026, 11, 22)


def statement_pdfs(tmp_path: Path, scenario: str) -> dict[str, tuple[bytes, StatementData]]:
    raw = json.loads((SHARED / "scenarios" / f"{scenario}.json").read_text("utf-8"))["data"]
    db = open_database(tmp_path / f"{scenario}.sqlite")
    try:
        import_data(db, raw)
        found: dict[str, tuple[bytes, StatementData]] = {}
        for payer in raw["payers"]:
            data = statement_data(db, payer["payer_code"], ON)
            found[payer["payer_code"]] = (render_statement(data), data)
        return found
    finally:
        db.close()


def flat(text: str) -> str:
    """pypdf breaks a wrapped line where the PDF does: compare without line breaks."""
    return " ".join(text.split())


def test_overdue_lines_the_final_warning_and_barcodes(tmp_path: Path) -> None:
    pdfs = statement_pdfs(tmp_path, "court_case_and_final_warning")
    warned, _ = pdfs["4000000127"]
    text = flat(pdf_text(warned))
    assert "СПРАВКА / МЕСЕЧНО СЪОБЩЕНИЕ" in text
    assert "Стоян Христов Илиев" in text
    assert text.count("Просрочено: Фактура") == 2
    assert "Просрочено: Фактура 0000000005, период 2026-06" in text
    assert "Просрочено: Фактура 0000000006, период 2026-07" in text
    assert "40,00 €" in text and "35,00 €" in text
    assert "Общо просрочено 75,00 €" in text
    assert "ПОСЛЕДНО ПРЕДУПРЕЖДЕНИЕ" in text
    assert flat(FINAL_WARNING) in text
    assert "ОБЩО ЗА ПЛАЩАНЕ 75,00 €" in text
    assert sorted(pdf_barcodes(warned)) == ["1000012", "4000000127"]

    at_court, data = pdfs["4000000119"]
    text = flat(pdf_text(at_court))
    assert "ПОСЛЕДНО ПРЕДУПРЕЖДЕНИЕ" not in text
    assert "Просрочено: Съдебно вземане CC-11, дело 4711/2026 СРС" in text
    assert "етап: заповед за" in text  # (the line wraps before "изпълнение")
    assert "Фактура 0000000004, период 2026-10, срок 30.11.2026" in text
    assert "Просрочено: Фактура" not in text  # the case's invoices are inside it
    assert f"ОБЩО ЗА ПЛАЩАНЕ {eur(data.to_pay)}" in text
    assert sorted(pdf_barcodes(at_court)) == ["1000011", "4000000119"]


@pytest.mark.parametrize(
    "scenario",
    sorted(p.stem for p in (SHARED / "scenarios").glob("*.json")),
)
def test_every_scenario_prints_its_figures(tmp_path: Path, scenario: str) -> None:
    for code, (pdf, data) in statement_pdfs(tmp_path, scenario).items():
        text = flat(pdf_text(pdf))
        assert code in text
        assert text.count("Просрочено: ") == len(data.overdue)
        for line in data.current + data.overdue + data.installments:
            assert f"{line.item}" in text and eur(line.balance) in text
        assert f"ОБЩО ЗА ПЛАЩАНЕ {eur(data.to_pay)}" in text
        assert code in pdf_barcodes(pdf)
        for holding in data.holdings:
            assert holding.subscriber_number in pdf_barcodes(pdf)


def test_leva_bill_shows_its_leva_original(tmp_path: Path) -> None:
    pdf, _ = statement_pdfs(tmp_path, "leva_balance_and_february_deadline")["4000000051"]
    text = flat(pdf_text(pdf))
    assert "Просрочено: Фактура 0000000001, период 2025-10" in text
    assert "30,68 €" in text and "(издадена за 100,00 лв.)" in text


def test_an_agreement_installment_overdue_is_marked(tmp_path: Path) -> None:
    pdf, _ = statement_pdfs(tmp_path, "commercial_discount_needs_everything_paid")["4000000044"]
    text = flat(pdf_text(pdf))
    assert "Просрочено: Вноска по споразумение AG-4/3, падеж 10.11.2026" in text
    assert "Отстъпки при плащане днес" in text


def test_a_long_statement_flows_onto_more_pages(tmp_path: Path) -> None:
    _, data = statement_pdfs(tmp_path, "court_case_and_final_warning")["4000000127"]
    (line,) = data.overdue[:1]
    many = tuple(
        replace(line, item=f"{n:010d}", period=f"20{10 + n // 12}-{n % 12 + 1:02d}")
        for n in range(90)
    )
    pdf = render_statement(replace(data, overdue=many))
    text = flat(pdf_text(pdf))
    assert len(PdfReader(BytesIO(pdf)).pages) >= 2
    assert text.count("Просрочено: Фактура") == 90
    assert "0000000089" in text and "ПОСЛЕДНО ПРЕДУПРЕЖДЕНИЕ" in text
    assert sorted(pdf_barcodes(pdf)) == ["1000012", "4000000127"]


def amount_after(text: str, label: str) -> Money:
    """The amount printed after ``label`` ("-1 234,56 €" counts as negative)."""
    found = re.search(re.escape(label) + r"[^€]*?(-?[\d ]+,\d\d) €", text)
    assert found, label
    return Money.parse(found.group(1).replace(" ", "").replace(",", "."))


def test_an_agreement_statement_adds_up_and_has_no_final_warning(tmp_path: Path) -> None:
    db = open_database(tmp_path / "court.sqlite")
    try:
        raw = json.loads((SHARED / "scenarios/court_case_and_final_warning.json").read_text())
        import_data(db, raw["data"])
        agree_on_the_warned_bills(db)
        pdf = render_statement(statement_data(db, "4000000127", ON))
    finally:
        db.close()
    text = flat(pdf_text(pdf))
    assert "ПОСЛЕДНО ПРЕДУПРЕЖДЕНИЕ" not in text and "Просрочено" not in text
    assert text.count("Вноска по споразумение") == 1  # only the one due by 23.12.2026
    assert "падеж 10.12.2026" in text and "падеж 10.01.2027" not in text
    # The paper reconciles: every figure between the two totals is printed.
    total = amount_after(text, "Общо открити задължения")
    later = amount_after(text, "с падеж след 23.12.2026 (11 бр.)")
    to_pay = amount_after(text, "ОБЩО ЗА ПЛАЩАНЕ")
    assert (total.plain(), later.plain(), to_pay.plain()) == ("75.00", "-68.75", "6.25")
    assert total + later == to_pay
    # One property: its number is by its barcode, not repeated on every line.
    assert "аб. №" not in text


def test_a_long_address_wraps_in_its_column_beside_the_barcode(tmp_path: Path) -> None:
    _, data = statement_pdfs(tmp_path, "court_case_and_final_warning")["4000000127"]
    address = (
        "гр. София, ж.к. Младост 4, бл. 456, вх. Б, ет. 12, ап. 87, "
        "до спирката на автобус 111 срещу магазина"
    )
    pdf = render_statement(replace(data, holdings=(replace(data.holdings[0], address=address),)))
    drawn: list[tuple[float, str]] = []
    PdfReader(BytesIO(pdf)).pages[0].extract_text(
        visitor_text=lambda text, cm, tm, font, size: drawn.append((tm[4], text))
    )
    parts = [(x, t.strip()) for x, t in drawn if t.strip() and t.strip() in address]
    assert len(parts) >= 2 and " ".join(t for _, t in parts) == address
    column = WIDTH - 2 * MARGIN - BARCODE_WIDTH - BARCODE_GAP
    for x, part in parts:
        assert x == pytest.approx(MARGIN)
        assert x + stringWidth(part, REGULAR, 9.5) <= WIDTH - MARGIN - BARCODE_WIDTH
        assert stringWidth(part, REGULAR, 9.5) <= column
    assert sorted(pdf_barcodes(pdf)) == ["1000012", "4000000127"]
