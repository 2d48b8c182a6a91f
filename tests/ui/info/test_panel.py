"""The information desk's shell: who lands there, search, a scanned card."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QThreadPool
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desk.models.tables import Payer, SurveyCard
from desk.services.survey_cards import card_number
from desk.ui.info.panel import InfoPanel
from desk.ui.main_window import MainWindow
from tests.desk_fixtures import NOON
from tests.ui.cashier.steps import Printed, close_window, enter, log_in, make_window
from tests.ui.info.steps import info_panel, open_payer

CARD, SECOND_CARD = card_number(1, 1), card_number(1, 2)


class ShowWatcher(QObject):
    """Notes the payer open each time the contacts page's card line is shown."""

    def __init__(self, panel: InfoPanel, seen: list[str | None]) -> None:
        super().__init__()
        self.panel, self.seen = panel, seen

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show:
            self.seen.append(self.panel.contacts.payer_code)
        return False


def test_a_clerk_lands_at_the_information_desk_and_opens_a_payer(
    qtbot: QtBot, info_window: Callable[[str], MainWindow]
) -> None:
    window = info_window("court_case_and_final_warning")
    panel = info_panel(window)
    assert panel.search.field.hasFocus()
    open_payer(qtbot, window, "4000000127")
    assert panel.payer_code == "4000000127"
    assert panel.account.card.payer is not None
    assert panel.statement_action.isEnabled()


def test_an_unknown_card_number_says_so(
    qtbot: QtBot, info_window: Callable[[str], MainWindow]
) -> None:
    window = info_window("court_case_and_final_warning")
    panel = info_panel(window)
    qtbot.keyClicks(panel.search.field, "001000000018")
    enter(qtbot, panel.search.field)
    qtbot.waitUntil(lambda: "001000000018" in panel.message.text())
    assert panel.payer_code is None


def test_a_cashier_cannot_open_the_information_desk(
    qtbot: QtBot, translations, day_db, tmp_path
) -> None:
    path = day_db.path
    day_db.close()
    window = make_window(qtbot, translations, path, Printed())
    try:
        log_in(qtbot, window, "kasier1")
        desk = window.cashier
        assert not desk.info_action.isEnabled()
        desk.info_action.trigger()
        assert window.panels.currentWidget() is not desk.info
    finally:
        close_window(qtbot, window)


def test_ctrl_page_down_goes_through_the_payers_tabs_from_the_keyboard(
    qtbot: QtBot, info_window: Callable[[str], MainWindow]
) -> None:
    window = info_window("court_case_and_final_warning")
    panel = info_panel(window)
    open_payer(qtbot, window, "4000000127")
    panel.payer_tabs.setCurrentWidget(panel.contacts)
    panel.contacts.phone.setFocus()
    qtbot.keyClick(panel.contacts.phone, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert panel.payer_tabs.currentWidget() is panel.tenure
    focused = QApplication.focusWidget()
    assert focused is not None and panel.tenure.isAncestorOf(focused)
    qtbot.keyClick(
        panel.payer_tabs.currentWidget(), Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier
    )
    assert panel.payer_tabs.currentWidget() is panel.contacts


# --- a scanned survey card binds to its own payer only (review, item 4) -------------------

OTHER = "4000000119"  # the scenario's second payer


def add_card(window: MainWindow, number: str, payer_code: str | None) -> None:
    with window.cashier.state.db.write() as session:
        payer_id = session.scalar(select(Payer.id).where(Payer.payer_code == payer_code))
        session.add(SurveyCard(number=number, payer_id=payer_id, printed_at=NOON.replace(hour=9)))


def scan(qtbot: QtBot, window: MainWindow, number: str) -> None:
    """F2, the scanner types the card's number and Enter."""
    panel = info_panel(window)
    qtbot.keyClick(panel.search.field, Qt.Key.Key_F2)
    panel.search.field.clear()
    qtbot.keyClicks(panel.search.field, number)
    enter(qtbot, panel.search.field)


def save_contacts(qtbot: QtBot, window: MainWindow) -> None:
    page = info_panel(window).contacts
    panel = info_panel(window)
    panel.payer_tabs.setCurrentWidget(page)
    qtbot.waitUntil(lambda: page.loaded is not None and page.isEnabled())
    page.phone.setFocus()
    qtbot.waitUntil(page.phone.hasFocus)
    qtbot.keyClick(page.phone, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def test_a_blank_card_waits_for_a_searched_payer_not_a_reload_of_the_open_one(
    qtbot: QtBot, info_window: Callable[[str], MainWindow]
) -> None:
    window = info_window("court_case_and_final_warning")
    panel = info_panel(window)
    add_card(window, CARD, None)
    open_payer(qtbot, window, "4000000127")
    scan(qtbot, window, CARD)
    qtbot.waitUntil(lambda: panel.pending_card is not None)

    # A save on the open payer's tab reads the payer again: not a payer found for the card.
    save_contacts(qtbot, window)
    qtbot.waitUntil(lambda: panel.contacts.model.rowCount() == 1)  # read again: confirmed
    qtbot.waitUntil(lambda: window.tasks.pending == 0)
    assert panel.contacts.card_number is None
    assert panel.pending_card is not None and panel.pending_card.number == CARD

    open_payer(qtbot, window, OTHER)  # the payer the clerk looked for after the scan
    qtbot.waitUntil(lambda: panel.contacts.card_number == CARD)
    assert panel.pending_card is None and panel.payer_code == OTHER
    assert panel.payer_tabs.currentWidget() is panel.contacts


def test_a_pre_filled_card_binds_to_its_payer_not_to_a_read_already_under_way(
    qtbot: QtBot, info_window: Callable[[str], MainWindow]
) -> None:
    window = info_window("court_case_and_final_warning")
    panel = info_panel(window)
    add_card(window, CARD, OTHER)
    open_payer(qtbot, window, "4000000127")
    # One worker: the reads finish in the order they were asked for, as on a slow line.
    pool = window.tasks.findChild(QThreadPool)
    assert pool is not None
    pool.setMaxThreadCount(1)
    bound_to: list[str | None] = []
    panel.contacts.card_line.installEventFilter(watcher := ShowWatcher(panel, bound_to))

    save_contacts(qtbot, window)  # its re-read of 4000000127 is asked for after the scan
    scan(qtbot, window, CARD)
    qtbot.waitUntil(lambda: panel.payer_code == OTHER and window.tasks.pending == 0)

    assert panel.contacts.card_number == CARD and panel.pending_card is None
    assert bound_to == [OTHER]  # never shown bound to the payer read in between
    panel.contacts.card_line.removeEventFilter(watcher)


def test_esc_in_the_search_field_or_another_scan_puts_a_waiting_card_aside(
    qtbot: QtBot, info_window: Callable[[str], MainWindow]
) -> None:
    window = info_window("court_case_and_final_warning")
    panel = info_panel(window)
    add_card(window, CARD, None)
    add_card(window, SECOND_CARD, None)
    scan(qtbot, window, CARD)
    qtbot.waitUntil(lambda: panel.pending_card is not None)
    assert "Esc" in panel.message.text()  # the clerk is told how to put it aside

    scan(qtbot, window, SECOND_CARD)
    qtbot.waitUntil(lambda: SECOND_CARD in panel.message.text() and window.tasks.pending == 0)
    assert CARD in panel.message.text()  # the first card put aside, in words

    assert panel.search.field.hasFocus()
    qtbot.keyClick(panel.search.field, Qt.Key.Key_Escape)
    assert panel.pending_card is None
    assert SECOND_CARD in panel.message.text()  # says the card was put aside

    open_payer(qtbot, window, "4000000127")
    assert panel.contacts.card_number is None


def test_a_card_scanned_while_a_save_is_under_way_stays_bound(
    qtbot: QtBot, info_window: Callable[[str], MainWindow]
) -> None:
    window = info_window("court_case_and_final_warning")
    panel = info_panel(window)
    add_card(window, CARD, OTHER)
    open_payer(qtbot, window, "4000000127")
    # Another connection holds the write lock: the save waits (busy timeout) while the
    # clerk scans the next card, whose payer is read (reads do not wait in WAL mode).
    lock = sqlite3.connect(window.cashier.state.db.path, isolation_level=None)
    try:
        lock.execute("BEGIN IMMEDIATE")
        save_contacts(qtbot, window)
        qtbot.waitUntil(lambda: panel.contacts.busy)
        scan(qtbot, window, CARD)
        qtbot.waitUntil(lambda: panel.contacts.card_number == CARD, timeout=3000)
    finally:
        lock.execute("ROLLBACK")
        lock.close()
    qtbot.waitUntil(lambda: not panel.contacts.busy and window.tasks.pending == 0)
    assert panel.contacts.card_number == CARD  # the earlier save did not unbind it
    assert panel.payer_code == OTHER
