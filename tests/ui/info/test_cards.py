"""The Survey cards tab: one card previewed (nothing written), printed, decoded and
scanned back; a batch with progress, cancel and log out; the cards still out, newest first."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtTest import QTest
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desk.services.campaign import campaign_start
from desk.services.survey_cards import (
    GroupCount,
    count_group,
    find_card,
    issue_cards,
    unreturned_cards,
)
from desk.ui.info.cards_page import BatchConfirm, CardsPage
from desk.ui.kit.receipt_preview import ReceiptPreview
from desk.ui.main_window import MainWindow
from tests.desk_fixtures import NOON
from tests.printing_helpers import pdf_barcodes, pdf_text
from tests.ui.cashier.steps import Printed
from tests.ui.info.steps import enter, info_panel, top_dialog, wait_dialog


def cards_tab(qtbot: QtBot, window: MainWindow) -> CardsPage:
    """The tab, once it shows the group's real count (as the service counts it)."""
    panel = info_panel(window)
    panel.tabs.setCurrentWidget(panel.cards)
    page = panel.cards
    db = window.cashier.state.db
    expected = count_group(db, None, campaign_start(db), NOON.date())
    qtbot.waitUntil(lambda: page.group_size == expected)
    assert f": {expected.payers}" in page.group_count.text()
    qtbot.waitUntil(lambda: window.tasks.pending == 0)
    return page


def print_batch(qtbot: QtBot, window: MainWindow, page: CardsPage) -> None:
    """Print batch, then on the question that names the count the deliberate yes
    (Shift+Tab from the default Back, then Enter): the batch starts."""
    qtbot.mouseClick(page.print_batch_button, Qt.MouseButton.LeftButton)
    confirm = wait_dialog(qtbot, window, BatchConfirm)
    qtbot.keyClick(confirm.back_button, Qt.Key.Key_Backtab)
    assert confirm.print_button.hasFocus()
    enter(qtbot, confirm.print_button)


def cards_out(window: MainWindow) -> int:
    return unreturned_cards(window.cashier.state.db).total


def test_a_pre_filled_card_is_printed_decoded_and_scanned_back_to_its_payer(
    qtbot: QtBot, info_window: Callable[[str], MainWindow], documents: Printed
) -> None:
    window = info_window("court_case_and_final_warning")
    panel = info_panel(window)
    page = cards_tab(qtbot, window)

    qtbot.keyClicks(page.payer_field, "4000000127")
    enter(qtbot, page.payer_field)
    preview = wait_dialog(qtbot, window, ReceiptPreview)
    assert cards_out(window) == 0  # on screen only: not recorded before Print
    enter(qtbot, preview)
    qtbot.waitUntil(lambda: len(documents.pdfs) == 1)

    pdf = documents.pdfs[0]
    assert "Стоян Христов Илиев" in pdf_text(pdf) and "+359888123456" in pdf_text(pdf)
    codes = pdf_barcodes(pdf, 0, 2)
    number = next(code for code in codes if len(code) == 12)
    assert "4000000127" in codes
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert page.model.row(0).number == number
    assert page.model.row(0).payer_code == "4000000127"

    # The card comes back: F2, the scanner types the number and Enter.
    qtbot.waitUntil(window.isActiveWindow)
    page.payer_field.setFocus()
    qtbot.keyClick(page.payer_field, Qt.Key.Key_F2)
    assert panel.search.field.hasFocus()
    qtbot.keyClicks(panel.search.field, number)
    enter(qtbot, panel.search.field)
    qtbot.waitUntil(lambda: panel.payer_code == "4000000127" and panel.pending_card is None)
    assert panel.payer_tabs.currentWidget() is panel.contacts
    assert number in panel.message.text()
    contacts = panel.contacts
    assert contacts.card_number == number

    # The clerk types the phone written on the card and saves: the change is the card's.
    qtbot.waitUntil(lambda: contacts.loaded is not None)
    contacts.phone.setFocus()
    qtbot.waitUntil(contacts.phone.hasFocus)
    qtbot.keyClick(contacts.phone, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(contacts.phone, "0899765432")
    qtbot.keyClick(contacts.phone, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: contacts.card_number is None and contacts.model.rowCount() > 0)
    history = contacts.model
    assert [history.text(r, 7) for r in range(history.rowCount())] == [number] * 2
    card = find_card(window.cashier.state.db, number)
    assert card is not None and card.returned_at is not None
    assert unreturned_cards(window.cashier.state.db).total == 0


def test_blank_cards_are_numbered_in_sequence(
    qtbot: QtBot, info_window: Callable[[str], MainWindow], documents: Printed
) -> None:
    window = info_window("court_case_and_final_warning")
    page = cards_tab(qtbot, window)
    page.blank_count.setValue(2)
    qtbot.mouseClick(page.print_blank_button, Qt.MouseButton.LeftButton)
    enter(qtbot, wait_dialog(qtbot, window, ReceiptPreview))
    qtbot.waitUntil(lambda: len(documents.pdfs) == 1)
    first, second = (pdf_barcodes(documents.pdfs[0], p, 2) for p in (0, 1))
    assert len(first) == len(second) == 1
    assert int(second[0][3:11]) == int(first[0][3:11]) + 1
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    assert page.model.text(0, 1) == page.model.text(1, 1) != ""  # "blank card"


def test_a_mistyped_payer_code_is_named_and_nothing_printed(
    qtbot: QtBot, info_window: Callable[[str], MainWindow], documents: Printed
) -> None:
    window = info_window("court_case_and_final_warning")
    page = cards_tab(qtbot, window)
    qtbot.keyClicks(page.payer_field, "4000000128")
    enter(qtbot, page.payer_field)
    assert page.one_problem.isVisible() and "контролна цифра" in page.one_problem.text()
    page.payer_field.clear()
    qtbot.keyClicks(page.payer_field, "4000000135")  # check digit right, no such payer
    enter(qtbot, page.payer_field)
    qtbot.waitUntil(lambda: page.one_problem.isVisible())
    assert "код на платец" in page.one_problem.text()
    assert documents.pdfs == [] and page.model.rowCount() == 0


def test_a_batch_cancelled_after_its_first_chunk_prints_exactly_the_cards_numbered(
    qtbot: QtBot, info_window: Callable[[str], MainWindow], documents: Printed
) -> None:
    window = info_window("installment_loyalty")  # three payers in Младост, none confirmed
    page = cards_tab(qtbot, window)
    qtbot.waitUntil(lambda: page.group_count.text().endswith("3"))
    page.chunk_size = 1
    seen: list[tuple[int, int]] = []

    def progressed(done: int, total: int) -> None:
        seen.append((done, total))
        if done == 1:  # the Cancel button pressed while the first chunk's answer is shown
            qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)

    page.progressed.connect(progressed)
    print_batch(qtbot, window, page)
    qtbot.waitUntil(lambda: page.batch is None and len(documents.pdfs) == 1)

    assert seen == [(1, 3)]
    out = unreturned_cards(window.cashier.state.db)
    assert out.total == 1
    assert pdf_barcodes(documents.pdfs[0], 0, 2)[0] == out.rows[0].number
    assert "1" in page.batch_status.text() and "3" in page.batch_status.text()
    assert page.print_batch_button.isEnabled() and not page.cancel_button.isEnabled()

    # The rest of the group next time (the payer whose card is out is left out), in
    # chunks of two: one PDF, two pages, two more cards.
    page.progressed.disconnect(progressed)
    page.chunk_size = 2
    print_batch(qtbot, window, page)
    qtbot.waitUntil(lambda: page.batch is None and len(documents.pdfs) == 2)
    qtbot.waitUntil(lambda: page.model.rowCount() == 3)
    assert pdf_text(documents.pdfs[1]).count("АНКЕТНА КАРТА") == 2
    assert unreturned_cards(window.cashier.state.db).total == 3


def test_the_cards_out_list_opens_a_card_with_enter(
    qtbot: QtBot,
    info_window: Callable[[str], MainWindow],
    documents: Printed,
    qtmodeltester: ModelTester,
) -> None:
    window = info_window("court_case_and_final_warning")
    page = cards_tab(qtbot, window)
    for printed, code in enumerate(("4000000119", "4000000127"), 1):
        qtbot.keyClicks(page.payer_field, code)
        enter(qtbot, page.payer_field)
        enter(qtbot, wait_dialog(qtbot, window, ReceiptPreview))
        qtbot.waitUntil(lambda printed=printed: len(documents.pdfs) == printed)
        qtbot.waitUntil(lambda: top_dialog(window, ReceiptPreview) is None)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    qtmodeltester.check(page.model)
    assert page.model.row(0).payer_code == "4000000127"  # newest first
    assert page.out_count.text().endswith("2")

    page.view.setFocus()
    page.view.setCurrentIndex(page.model.index(0, 0))
    with qtbot.waitSignal(page.card_chosen) as chosen:
        enter(qtbot, page.view)
    assert chosen.args == [page.model.row(0).number]


def test_a_card_closed_in_its_preview_is_not_recorded(
    qtbot: QtBot, info_window: Callable[[str], MainWindow], documents: Printed
) -> None:
    window = info_window("court_case_and_final_warning")
    page = cards_tab(qtbot, window)
    qtbot.keyClicks(page.payer_field, "4000000127")
    enter(qtbot, page.payer_field)
    preview = wait_dialog(qtbot, window, ReceiptPreview)
    shown = pdf_barcodes(preview.pdf, 0, 2)
    qtbot.keyClick(preview, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: top_dialog(window, ReceiptPreview) is None)
    qtbot.waitUntil(lambda: window.tasks.pending == 0)
    assert cards_out(window) == 0 and documents.pdfs == []
    assert page.payer_field.text() == "4000000127"  # kept for another try

    # Printed after all: the number the preview showed is the one recorded.
    enter(qtbot, page.payer_field)
    enter(qtbot, wait_dialog(qtbot, window, ReceiptPreview))
    qtbot.waitUntil(lambda: len(documents.pdfs) == 1)
    assert pdf_barcodes(documents.pdfs[0], 0, 2) == shown
    out = unreturned_cards(window.cashier.state.db)
    assert [(row.number, row.payer_code) for row in out.rows] == [
        (next(code for code in shown if len(code) == 12), "4000000127")
    ]


def test_cards_printed_by_another_clerk_meanwhile_renumber_the_preview(
    qtbot: QtBot, info_window: Callable[[str], MainWindow], documents: Printed
) -> None:
    window = info_window("court_case_and_final_warning")
    state = window.cashier.state
    page = cards_tab(qtbot, window)
    page.blank_count.setValue(2)
    qtbot.mouseClick(page.print_blank_button, Qt.MouseButton.LeftButton)
    first = wait_dialog(qtbot, window, ReceiptPreview)
    stale = [pdf_barcodes(first.pdf, p, 2)[0] for p in (0, 1)]

    # A second window on this desk's database prints a blank card: it takes the first number.
    (taken,) = issue_cards(state.db, state.user, None, 1, NOON)
    assert taken.number == stale[0]
    enter(qtbot, first)
    qtbot.waitUntil(lambda: top_dialog(window, ReceiptPreview) not in (None, first))
    second = wait_dialog(qtbot, window, ReceiptPreview)
    assert documents.pdfs == [] and cards_out(window) == 1  # nothing printed, nothing written
    assert info_panel(window).message.text()  # the clerk is told why the preview came back
    fresh = [pdf_barcodes(second.pdf, p, 2)[0] for p in (0, 1)]
    assert [int(n[3:11]) for n in fresh] == [int(stale[0][3:11]) + 1, int(stale[1][3:11]) + 1]

    enter(qtbot, second)
    qtbot.waitUntil(lambda: len(documents.pdfs) == 1)
    assert [pdf_barcodes(documents.pdfs[0], p, 2)[0] for p in (0, 1)] == fresh
    assert {row.number for row in unreturned_cards(state.db).rows} == {taken.number, *fresh}


def test_logging_out_during_a_batch_prints_the_cards_numbered_and_stops(
    qtbot: QtBot, info_window: Callable[[str], MainWindow], documents: Printed
) -> None:
    window = info_window("installment_loyalty")  # three payers in Младост, none confirmed
    page = cards_tab(qtbot, window)
    page.chunk_size = 1
    seen: list[tuple[int, int]] = []

    def progressed(done: int, total: int) -> None:
        seen.append((done, total))
        if done == 1:  # the clerk logs out while the batch runs
            window.cashier.log_out()
            page.reset()  # what InfoPanel.reset does (a second call changes nothing)

    page.progressed.connect(progressed)
    print_batch(qtbot, window, page)
    qtbot.waitUntil(lambda: page.batch is None and len(documents.pdfs) == 1)
    qtbot.waitUntil(lambda: window.tasks.pending == 0)

    assert seen == [(1, 3)]
    out = unreturned_cards(window.cashier.state.db)
    assert out.total == 1  # the rows written are the cards sent to the printer
    assert pdf_text(documents.pdfs[0]).count("АНКЕТНА КАРТА") == 1
    assert pdf_barcodes(documents.pdfs[0], 0, 2)[0] == out.rows[0].number
    assert "1" in page.batch_status.text() and "3" in page.batch_status.text()
    assert page.batch_status.text() == info_panel(window).message.text()  # told the next clerk
    # Ready for the next clerk (the window itself is covered by the login meanwhile).
    assert page.print_batch_button.isEnabledTo(page) and not page.cancel_button.isEnabledTo(page)


def test_a_batch_leaves_out_payers_with_a_card_out_and_says_so(
    qtbot: QtBot, info_window: Callable[[str], MainWindow], documents: Printed
) -> None:
    window = info_window("installment_loyalty")
    state = window.cashier.state
    issue_cards(state.db, state.user, ["4000000093"], 0, NOON)  # out, not back yet
    page = cards_tab(qtbot, window)
    assert page.group_size == GroupCount(payers=2, card_out=1)
    assert page.group_count.text().count("1") == 1 and "2" in page.group_count.text()

    print_batch(qtbot, window, page)
    qtbot.waitUntil(lambda: page.batch is None and len(documents.pdfs) == 1)
    codes = {code for p in (0, 1) for code in pdf_barcodes(documents.pdfs[0], p, 2)}
    assert {"4000000085", "4000000101"} <= codes and "4000000093" not in codes
    out = unreturned_cards(state.db).rows
    assert sorted(row.payer_code or "" for row in out) == ["4000000085", "4000000093", "4000000101"]
    # Everyone has a card out now: the next batch would print nothing.
    qtbot.waitUntil(lambda: page.group_size == GroupCount(payers=0, card_out=3))


def test_a_group_larger_than_a_batch_is_refused_before_anything_is_printed(
    qtbot: QtBot, info_window: Callable[[str], MainWindow], documents: Printed
) -> None:
    window = info_window("installment_loyalty")
    page = cards_tab(qtbot, window)
    page.batch_limit = 2  # stands for the 5,000 of a real batch: the group has three payers
    page.count_group()
    qtbot.waitUntil(lambda: page._too_large(3) in page.group_count.text())

    qtbot.mouseClick(page.print_batch_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.print_batch_button.isEnabled() and window.tasks.pending == 0)
    assert page.batch is None and page.batch_status.text() == page._too_large(3)
    assert "3" in page.batch_status.text() and "2" in page.batch_status.text()
    assert documents.pdfs == [] and cards_out(window) == 0


def test_tab_leaves_the_cards_out_list(
    qtbot: QtBot, info_window: Callable[[str], MainWindow], documents: Printed
) -> None:
    window = info_window("court_case_and_final_warning")
    state = window.cashier.state
    page = cards_tab(qtbot, window)
    issue_cards(state.db, state.user, None, 2, NOON)
    page.refresh()
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    qtbot.waitUntil(window.isActiveWindow)
    page.view.setFocus()
    page.view.setCurrentIndex(page.model.index(0, 0))
    qtbot.waitUntil(page.view.hasFocus)
    qtbot.keyClick(page.view, Qt.Key.Key_Tab)
    assert not page.view.hasFocus()
    assert page.view.currentIndex() == page.model.index(0, 0)  # not walked to the next cell


def test_a_batch_asks_first_naming_the_count_and_esc_prints_nothing(
    qtbot: QtBot, info_window: Callable[[str], MainWindow], documents: Printed
) -> None:
    window = info_window("installment_loyalty")  # three payers in Младост, none confirmed
    page = cards_tab(qtbot, window)
    assert not page.cancel_button.isEnabled()  # nothing runs: nothing to cancel

    qtbot.mouseClick(page.print_batch_button, Qt.MouseButton.LeftButton)
    confirm = wait_dialog(qtbot, window, BatchConfirm)
    assert confirm.count == 3
    assert "3" in confirm.question.text() and "3" in confirm.print_button.text()
    assert not page.print_batch_button.isEnabled() and not page.cancel_button.isEnabled()
    qtbot.keyClick(confirm, Qt.Key.Key_Escape)

    qtbot.waitUntil(lambda: page.print_batch_button.isEnabled() and window.tasks.pending == 0)
    assert page.batch is None and not page.cancel_button.isEnabled()
    assert documents.pdfs == [] and cards_out(window) == 0
    assert not info_panel(window).dialogs


def test_enter_on_the_batch_question_goes_back_like_every_other_question(
    qtbot: QtBot, info_window: Callable[[str], MainWindow], documents: Printed
) -> None:
    window = info_window("installment_loyalty")
    page = cards_tab(qtbot, window)

    qtbot.mouseClick(page.print_batch_button, Qt.MouseButton.LeftButton)
    confirm = wait_dialog(qtbot, window, BatchConfirm)
    assert confirm.back_button.isDefault() and confirm.back_button.hasFocus()
    assert not confirm.print_button.isDefault()
    assert "Enter" not in confirm.print_button.text()
    enter(qtbot, confirm)  # a reflex Enter: back, nothing printed or recorded

    qtbot.waitUntil(lambda: page.print_batch_button.isEnabled() and window.tasks.pending == 0)
    assert page.batch is None and page.confirm is None
    assert documents.pdfs == [] and cards_out(window) == 0

    # The yes by its Alt letter: the batch runs.
    qtbot.mouseClick(page.print_batch_button, Qt.MouseButton.LeftButton)
    confirm = wait_dialog(qtbot, window, BatchConfirm)
    letter = confirm.print_button.text().split("&")[1][0]
    alt = Qt.KeyboardModifier.AltModifier
    QTest.sendKeyEvent(QTest.KeyAction.Click, confirm, Qt.Key(ord(letter.upper())), letter, alt)
    qtbot.waitUntil(lambda: page.batch is None and len(documents.pdfs) == 1)
    assert cards_out(window) == 3


def test_cancel_keeps_its_place_while_a_batch_runs_and_is_enabled_only_then(
    qtbot: QtBot, info_window: Callable[[str], MainWindow], documents: Printed
) -> None:
    window = info_window("installment_loyalty")
    page = cards_tab(qtbot, window)
    page.chunk_size = 1
    cancel = page.cancel_button
    idle = QRect(cancel.mapTo(page, QPoint(0, 0)), cancel.size())
    seen: list[tuple[QRect, bool, bool, bool]] = []

    def progressed(done: int, _total: int) -> None:
        # Where the clerk saw Cancel before the start is still Cancel, whole and enabled.
        here = QRect(cancel.mapTo(page, QPoint(0, 0)), cancel.size())
        seen.append(
            (
                here,
                cancel.isEnabled(),
                page.progress.isVisible(),
                page.childAt(idle.center()) is cancel,
            )
        )
        if done == 2:
            qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)

    page.progressed.connect(progressed)
    print_batch(qtbot, window, page)
    qtbot.waitUntil(lambda: page.batch is None and len(documents.pdfs) == 1)

    assert seen == [(idle, True, True, True), (idle, True, True, True)]
    assert cards_out(window) == 2
    assert not cancel.isEnabled() and page.print_batch_button.isEnabled()
    assert QRect(cancel.mapTo(page, QPoint(0, 0)), cancel.size()) == idle


def test_logging_out_while_the_batch_question_is_open_starts_nothing(
    qtbot: QtBot, info_window: Callable[[str], MainWindow], documents: Printed
) -> None:
    window = info_window("installment_loyalty")
    page = cards_tab(qtbot, window)
    qtbot.mouseClick(page.print_batch_button, Qt.MouseButton.LeftButton)
    confirm = wait_dialog(qtbot, window, BatchConfirm)
    assert "3" in page.batch_status.text()

    window.cashier.log_out()

    qtbot.waitUntil(lambda: confirm not in info_panel(window).dialogs)
    qtbot.waitUntil(lambda: window.tasks.pending == 0)
    assert page.confirm is None and page.batch is None and page.batch_status.text() == ""
    assert page.print_batch_button.isEnabledTo(page) and not page.cancel_button.isEnabledTo(page)
    assert documents.pdfs == [] and cards_out(window) == 0
