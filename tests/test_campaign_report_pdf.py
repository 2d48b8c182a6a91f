"""The campaign report's PDF: every district's figures and the total as campaign_progress
gives them, the chart, who printed it and the page numbers, read back from the PDF."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from reportlab.graphics.charts.barcharts import HorizontalBarChart

from desk.models.db import Database
from desk.printing.campaign_report import (
    TITLE,
    CampaignReportData,
    CampaignRow,
    render_campaign_report,
    share_chart,
    share_text,
)
from desk.services.campaign import DistrictProgress, campaign_progress
from desk.services.campaign_report import campaign_report_data, campaign_report_pdf
from tests.desk_fixtures import NOON
from tests.printing_helpers import pdf_text
from tests.services.test_campaign_report import populate, supervisor

ON = NOON.date()


def line(name: str, p: DistrictProgress) -> str:
    counts = (p.active_payers, p.cards_printed, p.printed_share, p.cards_returned)
    rest = (p.returned_share, p.payers_updated, p.updated_share)
    a, b, c, d = counts
    e, f, g = rest
    return f"{name} {a} {b} {share_text(c)} {d} {share_text(e)} {f} {share_text(g)}"


def test_the_pdf_carries_each_districts_figures_and_the_total(day_db: Database) -> None:
    populate(day_db)

    pdf = campaign_report_pdf(day_db, "operator", ON, NOON)

    text = " ".join(pdf_text(pdf).split())
    progress = campaign_progress(day_db, ON)
    assert TITLE in text
    assert "Кампанията започна на 01.10.2026; данни към края на 22.11.2026." in text
    assert "Отпечатал: operator, 22.11.2026 12:00" in text
    named = [p for p in progress.districts if p.district is not None]
    assert [p.district for p in named] == ["Люлин", "Младост", "Надежда"]
    for p in named:
        assert p.district is not None
        assert line(p.district, p) in text
    assert line("Общо", progress.total) in text
    # Written out once, so that a mistake shared by the report and the progress shows.
    assert "Люлин 3 3 100,0 % 2 66,7 % 2 66,7 %" in text
    assert "Общо 6 4 66,7 % 2 33,3 % 3 50,0 %" in text
    assert "Дял на платците с потвърдени или променени данни по райони" in text
    assert text.endswith("стр. 1 от 1")


def test_the_chart_has_a_bar_per_district_and_the_total(day_db: Database) -> None:
    populate(day_db)
    data = campaign_report_data(day_db, supervisor(day_db), ON, NOON)

    drawing = share_chart(data)

    chart = drawing.contents[-1]
    assert isinstance(chart, HorizontalBarChart)
    # Lowest first: the total, then the districts from the last up; tenths of a percent.
    assert chart.categoryAxis.categoryNames == ["Общо", "Надежда", "Младост", "Люлин"]
    assert chart.data == [[500, 500, 0, 667]]


def row(name: str, n: int) -> CampaignRow:
    share = Decimal(n % 100)
    return CampaignRow(name, 100, n, n // 2, n % 100, share, share, share)


def test_a_long_report_numbers_its_pages() -> None:
    data = CampaignReportData(
        start=date(2026, 9, 1),
        on=ON,
        printed_by="Стефан Колев",
        printed_at=NOON,
        districts=tuple(row(f"Район {n:02d}", n) for n in range(60)),
        total=row("Общо", 99),
        outside=None,
    )

    pdf = render_campaign_report(data)

    text = pdf_text(pdf)
    pages = text.count("стр. ")
    assert pages >= 2
    assert all(f"стр. {n} от {pages}" in text for n in range(1, pages + 1))
    assert "Район 59 100 59" in " ".join(text.split())
