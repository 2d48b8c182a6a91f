"""The campaign report by channel (issue 16): per district and in total, cards issued,
cards returned and payers updated in a column per channel, read back from the PDF;
the whole report worded in Bulgarian or in English."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import pytest

from desk import messages
from desk.models.db import Database
from desk.printing.campaign_report import (
    CampaignReportData,
    CampaignRow,
    ChannelRow,
    render_campaign_report,
)
from desk.services.campaign_report import campaign_report_pdf
from tests.desk_fixtures import NOON
from tests.printing_helpers import pdf_text
from tests.services.test_campaign_channels import populate

ON = NOON.date()
CYRILLIC = re.compile("[\u0400-\u04ff]")

WORDS = {
    "bg": {
        "title": "Кампанията по канали: карти и потвърдени или променени данни",
        "head": "Район каса информационен център сканирана карта карта по имейл уеб формуляр",
        "measures": ("Издадени карти", "Върнати карти", "Потвърдили или променили (платци)"),
        "total": "Общо",
        "outside": "Без текущ имот, празни карти (извън общото)",
        "first": "Общо 10 9 90,0 % 4 40,0 % 8 80,0 %",
        "page": "стр. 1 от 1",
    },
    "en": {
        "title": "The campaign by channel: cards, and details confirmed or changed",
        "head": "District pay desk information centre scanned card e-mail card web form",
        "measures": ("Cards issued", "Cards returned", "Confirmed or changed (payers)"),
        "total": "Total",
        "outside": "No current property, blank cards (not in the total)",
        "first": "Total 10 9 90.0 % 4 40.0 % 8 80.0 %",
        "page": "page 1 of 1",
    },
}
# Per district: (issued, returned, updated) across pay desk, information centre, scanned
# card, e-mail card, web; a dash where nothing goes that way.
FIGURES = {
    "Люлин": ("2 2 — 1 —", "— — 1 1 1", "2 1 1 1 1"),
    "Надежда": ("1 1 — 2 —", "— — 0 1 0", "0 0 0 2 1"),
    "total": ("3 3 — 3 —", "— — 1 2 1", "2 1 1 3 2"),
    "outside": ("0 1 — 0 —", "— — 0 0 0", "1 0 0 0 0"),
}


@pytest.fixture(autouse=True)
def bulgarian_after() -> Iterator[None]:
    yield
    messages.set_language("bg")


def block(name: str, measures: tuple[str, ...], figures: tuple[str, ...]) -> str:
    return " ".join([name, *(f"{m} {f}" for m, f in zip(measures, figures, strict=True))])


@pytest.mark.parametrize("lang", ["bg", "en"])
def test_each_district_and_the_total_by_channel_in_the_language(
    day_db: Database, lang: str
) -> None:
    populate(day_db)
    messages.set_language(lang)

    pdf = campaign_report_pdf(day_db, "operator", ON, NOON)

    text = " ".join(pdf_text(pdf).split())
    words = WORDS[lang]
    part = text[text.index(words["title"]) :]
    assert part.startswith(f"{words['title']} {words['head']} ")
    measures = words["measures"]
    for name in ("Люлин", "Надежда"):
        assert block(name, measures, FIGURES[name]) in part
    assert block(words["total"], measures, FIGURES["total"]) in part
    assert block(words["outside"], measures, FIGURES["outside"]) in part
    # The figures before it are as they were, in the same language; one page here.
    assert words["first"] in text
    assert text.endswith(words["page"])


def test_the_whole_report_in_english(day_db: Database) -> None:
    populate(day_db)
    messages.set_language("en")

    text = " ".join(pdf_text(campaign_report_pdf(day_db, "operator", ON, NOON)).split())

    assert "CONTACT DETAILS CAMPAIGN REPORT" in text
    assert "The campaign started on 01.10.2026; figures as of the end of 22.11.2026." in text
    assert "Printed by: operator, 22.11.2026 12:00" in text
    assert "District Active payers Cards printed % Cards returned % Confirmed/ changed %" in text
    assert "Share of payers with details confirmed or changed, by district" in text
    assert "UIC 831609046" in text
    # After the company's name, Cyrillic only in the districts' names (data).
    words = text.split("UIC", 1)[1]
    for district in ("Люлин", "Младост", "Надежда"):
        words = words.replace(district, "")
    assert not CYRILLIC.search(words), words


def test_data_without_channels_print_no_channel_part() -> None:
    row = CampaignRow("Люлин", 10, 5, 2, 3, None, None, None)
    data = CampaignReportData(date(2026, 9, 1), ON, "operator", NOON, (row,), row, None)

    text = pdf_text(render_campaign_report(data, "en"))

    assert "The campaign by channel" not in text and "по канали" not in text


def test_many_districts_by_channel_run_over_pages_with_the_heading_repeated() -> None:
    channels = (
        ChannelRow("pay_desk", 1, None, 2),
        ChannelRow("info_centre", 3, None, 4),
        ChannelRow("scanned_card", None, 5, 6),
        ChannelRow("email_card", 7, 8, 9),
        ChannelRow("web", None, 10, 11),
    )
    rows = tuple(
        CampaignRow(f"Район {n:02d}", 100, 11, 23, 32, None, None, None, channels)
        for n in range(24)
    )
    data = CampaignReportData(date(2026, 9, 1), ON, "operator", NOON, rows, rows[0], None)

    text = " ".join(pdf_text(render_campaign_report(data, "bg")).split())

    pages = text.count("стр. ")
    assert pages >= 2 and f"стр. {pages} от {pages}" in text
    assert text.count(WORDS["bg"]["head"]) >= 2  # the heading on each page of the table
    assert (
        block("Район 23", WORDS["bg"]["measures"], ("1 3 — 7 —", "— — 5 8 10", "2 4 6 9 11"))
        in text
    )
