"""The statement PDF: Cyrillic text read back, barcodes decoded from the rendered page."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from desk.models.db import open_database
from desk.printing.receipt import eur
from desk.printing.statement import FINAL_WARNING, StatementData, render_statement
from desk.services.importer import import_data
from desk.services.statement import statement_data
from tests.conftest import SHARED
from tests.printing_helpers import pdf_barcodes, pdf_text

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
