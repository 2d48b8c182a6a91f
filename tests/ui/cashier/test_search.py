"""One search field: check digit flagged as typed, words in Cyrillic, a property's holders."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desk.models.db import Database
from desk.models.tables import Invoice, Payer, Property, Tenure
from desk.ui.cashier.tender_dialog import TenderDialog
from desk.ui.main_window import MainWindow
from tests.ui.cashier.steps import (
    enter,
    log_in,
    open_shift,
    top_dialog,
    type_text,
    wait_closed,
    wait_dialog,
    wait_window,
)

FORMER = "4000000028"  # a valid payer code (Luhn) for the owner before 2015


@pytest.fixture
def clerk_window(qtbot: QtBot, desk_window: MainWindow) -> MainWindow:
    """A clerk looks accounts up at the pay desk's screen (Ctrl+1 from the information
    desk, where a clerk lands); no shift dialog comes in the way."""
    log_in(qtbot, desk_window, "sluzhitel")
    qtbot.keyClick(desk_window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: desk_window.panels.currentWidget() is desk_window.cashier.panel)
    qtbot.waitUntil(lambda: desk_window.tasks.pending == 0)
    return desk_window


def test_a_wrong_check_digit_is_flagged_as_it_is_typed(
    qtbot: QtBot, clerk_window: MainWindow
) -> None:
    search = clerk_window.cashier.panel.search
    qtbot.keyClicks(search.field, "400000001")
    assert search.problem.isHidden()

    qtbot.keyClicks(search.field, "1")  # 4000000011: the check digit should be 0

    assert search.problem.isVisible()
    assert search.problem.text().startswith("грешна контролна цифра")
    assert search.field.property("problem") is True
    assert clerk_window.tasks.pending == 0, "flagged before any search"
    assert search.message.text() == ""

    qtbot.keyClick(search.field, Qt.Key.Key_Backspace)
    qtbot.keyClicks(search.field, "0")
    assert search.problem.isHidden()
    assert search.field.property("problem") is False


def test_words_in_cyrillic_any_case_by_prefix_open_the_account(
    qtbot: QtBot, clerk_window: MainWindow
) -> None:
    panel = clerk_window.cashier.panel
    type_text(panel.search.field, "иВАН пЕТР")
    enter(qtbot, panel.search.field)

    qtbot.waitUntil(lambda: panel.stack.currentWidget() is panel.account)
    assert panel.account.card._name.text() == "Иван Петров Иванов"
    assert "Код на платец 4000000010" in panel.account.card._ids.text()


def test_nothing_found_is_said_calmly(qtbot: QtBot, clerk_window: MainWindow) -> None:
    search = clerk_window.cashier.panel.search
    qtbot.keyClicks(search.field, "9999999")
    enter(qtbot, search.field)
    qtbot.waitUntil(lambda: search.message.text() == "Няма намерени")


@pytest.fixture
def former_holder(day_db: Database) -> None:
    """Someone owned 1000001 until 2015 and left a bill unpaid."""
    with day_db.write() as session:
        prop = session.scalar(select(Property).where(Property.subscriber_number == "1000001"))
        assert prop is not None
        payer = Payer(payer_code=FORMER, kind="person", name="Петър Стоянов Колев")
        session.add(payer)
        session.flush()
        session.add(
            Tenure(
                payer_id=payer.id,
                property_id=prop.id,
                kind="ownership",
                start=date(2010, 1, 1),
                end=date(2015, 2, 28),
            )
        )
        session.add(
            Invoice(
                number="0000000099",
                property_id=prop.id,
                payer_id=payer.id,
                period="2015-01",
                kind="monthly",
                issued=date(2015, 2, 5),
                amount_cents=4000,
                currency="BGN",
            )
        )


def test_a_property_lists_each_holder_and_warns_before_taking_a_former_ones_money(
    qtbot: QtBot, former_holder: None, desk_window: MainWindow
) -> None:
    window, panel = desk_window, desk_window.cashier.panel
    log_in(qtbot, window)
    open_shift(qtbot, window)
    qtbot.keyClicks(panel.search.field, "1000001")
    enter(qtbot, panel.search.field)

    qtbot.waitUntil(lambda: panel.stack.currentWidget() is panel.search.results)
    hits = panel.search.model
    assert [hits.text(row, 1) for row in range(hits.rowCount())] == [
        "Иван Петров Иванов",
        "Петър Стоянов Колев",
    ]
    assert [hits.text(row, 5) for row in range(hits.rowCount())] == ["настоящ", "предишен"]
    assert panel.search.results.hasFocus()

    qtbot.keyClick(panel.search.results, Qt.Key.Key_Down)
    enter(qtbot, panel.search.results)
    qtbot.waitUntil(lambda: panel.stack.currentWidget() is panel.account)
    card = panel.account.card
    assert card.former_holder
    assert card._former.isVisible()
    assert panel.account.model.text(0, 4).replace("\xa0", " ") == "40,00 лв."  # leva original

    qtbot.keyClick(panel.account.view, Qt.Key.Key_F5)
    question = wait_dialog(qtbot, panel, QMessageBox)
    assert "Петър Стоянов Колев вече не е титуляр на 1000001" in question.text()
    qtbot.keyClick(question, Qt.Key.Key_Escape)
    wait_closed(qtbot, panel, question)
    wait_window(qtbot, window)
    assert top_dialog(panel, TenderDialog) is None
