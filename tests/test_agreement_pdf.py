"""The printed installment agreement and equal-installment confirmation (A4, Cyrillic)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from io import BytesIO

from pypdf import PdfReader

from desk.money import Money
from desk.printing.agreement import AgreementData, CoveredLine, ScheduleLine, agreement_pdf
from desk.printing.plan_confirmation import PlanData, plan_pdf
from desk.settings import COMPANY
from tests.printing_helpers import pdf_text

AGREEMENT = AgreementData(
    number="AG-IC1-20261122-1",
    signed=date(2026, 11, 22),
    payer_name="Стоян Христов Илиев",
    payer_code="4000000127",
    payer_id_number="7501020018",
    desk_name="Информационен център",
    clerk="Елена Димова",
    lines=(
        CoveredLine("0000000005", "monthly", "2026-06", "1000012", Money.parse("40.00")),
        CoveredLine("CC-11", "court", None, "1000012", Money.parse("1235.00")),
    ),
    total=Money.parse("1275.00"),
    down_payment=Money.parse("75.00"),
    schedule=(
        ScheduleLine(0, date(2026, 12, 10), Money.parse("75.00")),
        ScheduleLine(1, date(2027, 1, 10), Money.parse("600.00")),
        ScheduleLine(2, date(2027, 2, 10), Money.parse("600.00")),
    ),
)

MONTHS = (*(f"2027-{m:02d}" for m in range(5, 13)), "2028-01", "2028-02", "2028-03")
PLAN = PlanData(
    number="PL-IC1-20261122-1",
    enrolled_on=date(2026, 11, 22),
    payer_name="Иван Петров Иванов",
    payer_code="4000000010",
    payer_id_number=None,
    subscriber_number="1000001",
    address="ж.к. Младост 1, бл. 1, вх. А, ап. 2",
    desk_name="Информационен център",
    clerk="Елена Димова",
    months=MONTHS,
    deadlines=(date(2027, 6, 30), *(date(2027, 7, 1) for _ in range(9)), date(2028, 4, 30)),
    yearly_estimate=Money.parse("720.00"),
    installment=Money.parse("65.45"),
    new_client=False,
)


def flat(text: str) -> str:
    """PDF text with its line breaks as spaces: a paragraph wraps where it likes."""
    return " ".join(text.split())


def test_the_agreement_has_the_parties_items_schedule_and_breach_clause() -> None:
    pdf = agreement_pdf(AGREEMENT)
    text = flat(pdf_text(pdf))

    assert len(PdfReader(BytesIO(pdf)).pages) == 1
    assert PdfReader(BytesIO(pdf)).pages[0].mediabox.width == 595.2756  # A4
    assert "СПОРАЗУМЕНИЕ ЗА РАЗСРОЧЕНО ПЛАЩАНЕ" in text
    assert "№ AG-IC1-20261122-1 от 22.11.2026" in text
    assert COMPANY.name in text and COMPANY.eik in text
    assert "Стоян Христов Илиев" in text and "4000000127" in text
    assert "••••••0018" in text and "7501020018" not in text  # masked id
    assert "Фактура 0000000005 1000012 2026-06 40,00 €" in text
    assert "Съдебно присъдена сума CC-11 1000012 — 1 235,00 €" in text
    assert "Общо 1 275,00 €" in text
    assert "Първоначална вноска: 75,00 €" in text
    assert "Брой месечни вноски: 2" in text
    assert "първоначална 10.12.2026 75,00 €" in text
    assert "1 10.01.2027 600,00 €" in text and "2 10.02.2027 600,00 €" in text
    # DOMAIN.md: unpaid 30 days after its due date breaches; all that is left is due at once.
    assert "не е платена изцяло до 30 дни след датата, до която е платима" in text
    assert "цялата неплатена част става изискуема веднага" in text
    assert text.count("(име, подпис)") == 2
    assert "За дружеството:" in text and "Платец:" in text


def test_a_long_agreement_runs_onto_a_second_page_with_page_numbers() -> None:
    schedule = tuple(ScheduleLine(n, date(2027, 1, 1), Money.parse("50.00")) for n in range(1, 25))
    lines = tuple(
        CoveredLine(f"00000001{n:02d}", "monthly", "2025-01", "1000012", Money.parse("50.00"))
        for n in range(24)
    )
    pdf = agreement_pdf(replace(AGREEMENT, lines=lines, schedule=schedule))
    pages = PdfReader(BytesIO(pdf)).pages
    assert len(pages) >= 2
    assert "стр. 2" in (pages[1].extract_text() or "")


def test_an_existing_client_earns_the_bonus_on_installment_eleven() -> None:
    pdf = plan_pdf(PLAN)
    text = flat(pdf_text(pdf))

    assert len(PdfReader(BytesIO(pdf)).pages) == 1  # the signatures stay with the rest

    assert "ПОТВЪРЖДЕНИЕ ЗА РАВНИ МЕСЕЧНИ ВНОСКИ" in text
    assert "№ PL-IC1-20261122-1 от 22.11.2026" in text
    assert "Иван Петров Иванов" in text and "4000000010" in text
    assert "1000001, ж.к. Младост 1, бл. 1, вх. А, ап. 2" in text
    assert "Година на плана май 2027 – март 2028" in text
    assert "Месечна вноска 65,45 €" in text
    assert "1 май 2027 30.06.2027 65,45 €" in text
    assert "11 март 2028 30.04.2028 65,45 €" in text
    assert "Като съществуващ клиент получавате 50% отстъпка от вноска 11" in text
    assert "когато вноски 1–10 са платени изцяло, всяка до своя срок" in text
    assert "нов клиент" not in text
    assert "търговска отстъпка от 3%" in text
    assert "двете отстъпки се събират: 53%" in text


def test_a_new_client_earns_the_bonus_on_installment_one() -> None:
    text = flat(pdf_text(plan_pdf(replace(PLAN, new_client=True))))

    assert "Като нов клиент получавате 50% отстъпка от вноска 1 (за май 2027)" in text
    assert "до срока ѝ (30.06.2027)" in text
    assert "съществуващ клиент" not in text
    assert "Клиент нов" in text
