"""The campaign report by channel (issue 16): per district and in total, cards issued,
cards returned and payers updated in a column per channel, read back from the PDF;
the whole report worded in Bulgarian or in English."""

from __future__ import annotations

import getpass
import re
from collections.abc import Iterator
from datetime import date
from io import BytesIO

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from desk import messages
from desk.cli.common import who
from desk.models.db import Database
from desk.models.tables import CardEmail, SurveyCard
from desk.printing.campaign_report import (
    CHANNELS,
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
    assert "District Active payers Cards issued % Cards returned % Confirmed/ changed %" in text
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


def channel_rows(count: int) -> tuple[CampaignRow, ...]:
    channels = tuple(ChannelRow(c, 1, 1, 1) for c in CHANNELS)
    return tuple(
        CampaignRow(f"Район {n:02d}", 100, 11, 23, 32, None, None, None, channels)
        for n in range(count)
    )


def test_the_channel_parts_heading_is_never_left_alone_at_the_foot_of_a_page() -> None:
    title, first_measure = WORDS["bg"]["title"], WORDS["bg"]["measures"][0]
    for count in range(1, 30):  # the heading falls lower and lower on page 1
        rows = channel_rows(count)
        data = CampaignReportData(date(2026, 9, 1), ON, "operator", NOON, rows, rows[0], None)
        pages = PdfReader(BytesIO(render_campaign_report(data, "bg"))).pages
        texts = [" ".join((page.extract_text() or "").split()) for page in pages]
        with_title = [text for text in texts if title in text]
        assert len(with_title) == 1, count
        after = with_title[0].split(title, 1)[1]
        assert f"{WORDS['bg']['head']} Район 00 {first_measure}" in after, count


@pytest.mark.parametrize("lang", ["bg", "en"])
def test_the_first_table_counts_cards_issued_as_the_channel_table_does(
    day_db: Database, lang: str
) -> None:
    populate(day_db)
    messages.set_language(lang)

    text = " ".join(pdf_text(campaign_report_pdf(day_db, "operator", ON, NOON)).split())

    issued = {"bg": "Издадени карти %", "en": "Cards issued %"}[lang]
    assert f"{WORDS[lang]['head'].split()[0]} " in text
    assert issued in text
    assert "Отпечатани карти" not in text and "Cards printed" not in text


@pytest.mark.parametrize(
    ("lang", "user", "shown"),
    [
        ("en", "root", "Printed by: root (command line), 22.11.2026 12:00"),
        ("en", None, "Printed by: command line, 22.11.2026 12:00"),
        ("bg", "root", "Отпечатал: root (команден ред), 22.11.2026 12:00"),
    ],
)
def test_who_printed_from_the_command_line_is_worded_in_the_reports_language(
    day_db: Database, monkeypatch: pytest.MonkeyPatch, lang: str, user: str | None, shown: str
) -> None:
    def getuser() -> str:
        if user is None:
            raise OSError("no user name")  # as getpass says when it finds none
        return user

    monkeypatch.setattr(getpass, "getuser", getuser)
    populate(day_db)
    messages.set_language(lang)

    text = " ".join(pdf_text(campaign_report_pdf(day_db, who(), ON, NOON)).split())

    assert shown in text


def test_a_supervisors_name_is_printed_as_it_is(day_db: Database) -> None:
    populate(day_db)
    messages.set_language("en")

    text = " ".join(pdf_text(campaign_report_pdf(day_db, "Стефан Колев", ON, NOON)).split())

    assert "Printed by: Стефан Колев, 22.11.2026 12:00" in text


def mailed(db: Database, card_id: str, state: str) -> None:
    """A card_email row as desk.services.email_cards leaves it."""
    with db.write() as session:
        payer_id = session.scalar(select(SurveyCard.payer_id).where(SurveyCard.id == card_id))
        session.add(
            CardEmail(
                card_id=card_id,
                payer_id=payer_id,
                address="someone@example.com",
                via="smtp",
                state=state,
                queued_at=NOON,
                changed_at=NOON,
            )
        )


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("bg", "отказани от пощенския сървър 1, върнати като недоставени 2."),
        ("en", "refused by the mail server 1, bounced as undeliverable 2."),
    ],
)
def test_the_cards_refused_and_bounced_are_counted_from_this_desks_mail(
    day_db: Database, lang: str, line: str
) -> None:
    populate(day_db)
    with day_db.read() as session:
        cards = session.scalars(
            select(SurveyCard.id).where(SurveyCard.channel == "email").order_by(SurveyCard.id)
        ).all()
    for card_id, state in zip(cards, ("refused", "bounced", "bounced"), strict=True):
        mailed(day_db, card_id, state)
    messages.set_language(lang)

    text = " ".join(pdf_text(campaign_report_pdf(day_db, "operator", ON, NOON)).split())

    assert line in text


def test_a_desk_that_sent_no_mail_counts_none_refused_or_bounced(day_db: Database) -> None:
    populate(day_db)

    text = " ".join(pdf_text(campaign_report_pdf(day_db, "operator", ON, NOON)).split())

    assert "отказани от пощенския сървър 0, върнати като недоставени 0." in text
