"""The Campaign tab: progress per district from the database, F5 reads it again."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desk.models.db import Database
from desk.models.tables import ContactChange, Payer, Property, SurveyCard, Tenure
from desk.ui.info.campaign_page import CampaignPage
from desk.ui.main_window import MainWindow
from tests.desk_fixtures import NOON
from tests.ui.info.steps import info_panel

START = date(2026, 9, 1)  # the default campaign start: no setting in the scenario


def campaign_tab(qtbot: QtBot, window: MainWindow) -> CampaignPage:
    panel = info_panel(window)
    bar = panel.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(2).center())
    page = panel.campaign
    qtbot.waitUntil(lambda: page.isVisible() and page.progress is not None and not page.busy)
    return page


def add_card(db: Database, number: str, payer_code: str | None, returned: bool) -> None:
    with db.write() as session:
        payer_id = session.scalar(select(Payer.id).where(Payer.payer_code == payer_code))
        session.add(
            SurveyCard(
                number=number,
                payer_id=payer_id,
                printed_at=datetime(2026, 10, 5, 9),
                returned_at=NOON if returned else None,
            )
        )
        if returned and payer_id is not None:
            session.add(
                ContactChange(
                    payer_id=payer_id, field="confirmed", changed_at=NOON, source="survey_card"
                )
            )


def expected(db: Database, on: date) -> list[tuple[str, int, int, int, int]]:
    """Per district from the rows: active payers, printed, returned, updated payers."""
    with db.read() as session:
        home: dict[int, str] = {}
        for payer_id, district, start, end in session.execute(
            select(Tenure.payer_id, Property.district, Tenure.start, Tenure.end).join(
                Property, Property.id == Tenure.property_id
            )
        ):
            if start <= on and (end is None or end >= on):
                home[payer_id] = min(district, home.get(payer_id, district))
        cards = session.execute(
            select(SurveyCard.payer_id, SurveyCard.printed_at, SurveyCard.returned_at)
        ).all()
        changed = set(
            session.scalars(
                select(ContactChange.payer_id).where(
                    ContactChange.changed_at >= datetime(START.year, START.month, START.day)
                )
            )
        )
    active = Counter(home.values())
    printed = Counter(home.get(p or 0) for p, at, _ in cards if at.date() >= START)
    returned = Counter(home.get(p or 0) for p, _, at in cards if at and at.date() >= START)
    updated = Counter(home.get(p) for p in changed)
    return [
        (d, active[d], printed[d], returned[d], updated[d])
        for d in sorted(set(active) | set(printed) | set(returned) | set(updated), key=str)
        if d is not None
    ]


def shown(page: CampaignPage) -> list[tuple[str, int, int, int, int]]:
    model = page.model
    return [
        (model.text(r, 0), *(int(model.text(r, c).replace("\xa0", "")) for c in (1, 2, 4, 6)))
        for r in range(model.rowCount() - 1)  # the last row is the total
    ]


def test_the_campaign_tab_shows_progress_per_district_and_f5_reads_it_again(
    qtbot: QtBot, info_window: Callable[[str], MainWindow], qtmodeltester: ModelTester
) -> None:
    window = info_window("court_case_and_final_warning")
    db = window.cashier.state.db
    add_card(db, "001000000016", "4000000127", returned=True)
    add_card(db, "001000000024", "4000000119", returned=False)

    page = campaign_tab(qtbot, window)
    assert "01.09.2026" in page.heading.text() and "22.11.2026" in page.heading.text()
    assert shown(page) == expected(db, NOON.date())
    assert shown(page) == [("Младост", 2, 2, 1, 1)]
    total = [page.model.text(page.model.rowCount() - 1, c) for c in range(1, 8)]
    assert [t.replace("\xa0", " ") for t in total] == [
        "2",
        "2",
        "100,0 %",
        "1",
        "50,0 %",
        "1",
        "50,0 %",
    ]
    qtmodeltester.check(page.model)
    # The same figure, e-mailed cards in it, is "issued" in both tables (and the report).
    heading = Qt.Orientation.Horizontal
    issued = page.model.headerData(2, heading).replace("\n", " ")
    assert issued == page.channel_model.headerData(1, heading) == "Издадени карти"

    add_card(db, "001000000032", "4000000119", returned=True)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: not page.busy and shown(page) == [("Младост", 2, 3, 2, 2)])
    assert shown(page) == expected(db, NOON.date())


def test_the_total_is_of_the_active_payers_and_tab_leaves_the_table(
    qtbot: QtBot, info_window: Callable[[str], MainWindow]
) -> None:
    window = info_window("court_case_and_final_warning")
    db = window.cashier.state.db
    add_card(db, "001000000016", "4000000127", returned=False)
    add_card(db, "001000000024", None, returned=False)  # a blank card: no district
    add_card(db, "001000000032", None, returned=False)

    page = campaign_tab(qtbot, window)
    model = page.model
    rows = [[model.text(r, c).replace("\xa0", " ") for c in range(8)] for r in range(3)]
    assert model.rowCount() == 3
    assert rows[0][0] == "Младост" and rows[1][0] == "Общо"
    assert model.row(1) is model.total and model.row(2).district is None  # after the total
    assert rows[1][1:4] == ["2", "1", "50,0 %"]  # not 3 cards of 2 payers, 150 %
    assert rows[2][1:4] == ["0", "2", "—"]  # shown on its own, with no share

    page.table.setFocus()
    qtbot.waitUntil(page.table.hasFocus)
    page.table.setCurrentIndex(model.index(0, 0))
    qtbot.keyClick(page.table, Qt.Key.Key_Tab)
    assert not page.table.hasFocus()
    assert page.table.currentIndex().column() == 0
