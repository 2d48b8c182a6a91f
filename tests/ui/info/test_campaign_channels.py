"""The Campaign tab by channel (issue 16): the district chosen in the table (the total
at first), a row per channel; arrows choose another district, F5 keeps the choice."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desk.models.db import Database
from desk.models.tables import ContactChange, Desk, Payer, SurveyCard
from desk.ui.info.campaign_page import CampaignPage
from desk.ui.main_window import MainWindow
from tests.desk_fixtures import NOON
from tests.ui.info.test_campaign import campaign_tab

PRINTED = datetime(2026, 10, 5, 9)


def card(db: Database, number: str, payer_code: str | None, desk: str, channel: str) -> None:
    with db.write() as session:
        session.add(
            SurveyCard(
                number=number,
                payer_id=session.scalar(select(Payer.id).where(Payer.payer_code == payer_code)),
                printed_at=PRINTED,
                desk_id=session.scalar(select(Desk.id).where(Desk.code == desk)),
                channel=channel,
            )
        )


def answer(db: Database, payer_code: str, source: str, number: str | None = None) -> None:
    with db.write() as session:
        payer_id = session.scalar(select(Payer.id).where(Payer.payer_code == payer_code))
        found = None
        if number is not None:
            found = session.scalars(select(SurveyCard).where(SurveyCard.number == number)).one()
            found.returned_at = NOON
        session.add(
            ContactChange(
                payer_id=payer_id,
                field="confirmed",
                changed_at=NOON,
                source=source,
                survey_card_id=None if found is None else found.id,
            )
        )


def by_channel(page: CampaignPage) -> list[list[str]]:
    model = page.channel_model
    return [[model.text(r, c) for c in range(4)] for r in range(model.rowCount())]


def test_the_total_by_channel_then_a_district_chosen_with_the_arrows(
    qtbot: QtBot, info_window: Callable[[str], MainWindow], qtmodeltester: ModelTester
) -> None:
    window = info_window("court_case_and_final_warning")
    db = window.cashier.state.db
    card(db, "001000000016", "4000000127", "K1", "print")
    card(db, "003000000012", "4000000119", "IC1", "email")
    card(db, "003000000020", None, "IC1", "print")  # blank: not in the total
    answer(db, "4000000127", "survey_card", "001000000016")
    answer(db, "4000000119", "web", "003000000012")
    answer(db, "4000000119", "desk")

    page = campaign_tab(qtbot, window)

    assert page.channels_heading.text() == "По канали: Общо"
    assert by_channel(page) == [
        ["Каса", "1", "—", "1"],
        ["Информационен център", "0", "—", "0"],
        ["Сканирана карта", "—", "1", "1"],
        ["Карта по имейл", "1", "1", "1"],
        ["Уеб формуляр", "—", "0", "0"],
    ]
    qtmodeltester.check(page.channel_model)

    # Up from the total: the district above it, Младост (both payers hold there).
    page.table.setFocus()
    qtbot.waitUntil(page.table.hasFocus)
    qtbot.keyClick(page.table, Qt.Key.Key_Up)
    assert page.channels_heading.text() == "По канали: Младост"
    assert by_channel(page)[0] == ["Каса", "1", "—", "1"]
    # Down twice: the blank cards' row, with the blank card printed at the centre.
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    assert page.channels_heading.text().startswith("По канали: Без имот")
    assert by_channel(page)[1] == ["Информационен център", "1", "—", "0"]

    # F5 reads again and keeps the row chosen.
    answer(db, "4000000127", "info_centre")
    qtbot.keyClick(page.table, Qt.Key.Key_Up)
    qtbot.keyClick(page.table, Qt.Key.Key_Up)
    assert page.channels_heading.text() == "По канали: Младост"
    qtbot.keyClick(page.table, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: not page.busy and by_channel(page)[1][3] == "1")
    assert page.channels_heading.text() == "По канали: Младост"
