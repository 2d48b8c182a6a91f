"""The Survey cards tab: one card printed, decoded and scanned back; a batch with
progress and cancel; the cards still out, newest first."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desk.services.survey_cards import find_card, unreturned_cards
from desk.ui.cashier.receipt_preview import ReceiptPreview
from desk.ui.info.cards_page import CardsPage
from desk.ui.main_window import MainWindow
from tests.printing_helpers import pdf_barcodes, pdf_text
from tests.ui.cashier.steps import Printed
from tests.ui.info.steps import enter, info_panel, wait_dialog


def cards_tab(qtbot: QtBot, window: MainWindow) -> CardsPage:
    panel = info_panel(window)
    panel.tabs.setCurrentWidget(panel.cards)
    page = panel.cards
    qtbot.waitUntil(lambda: page.district.count() > 0 and page.group_count.text()[-1:] >= "0")
    qtbot.waitUntil(lambda: window.tasks.pending == 0)
    return page


def test_a_pre_filled_card_is_printed_decoded_and_scanned_back_to_its_payer(
    qtbot: QtBot, info_window: Callable[[str], MainWindow], documents: Printed
) -> None:
    window = info_window("court_case_and_final_warning")
    panel = info_panel(window)
    page = cards_tab(qtbot, window)

    qtbot.keyClicks(page.payer_field, "4000000127")
    enter(qtbot, page.payer_field)
    preview = wait_dialog(qtbot, window, ReceiptPreview)
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
    qtbot.mouseClick(page.print_batch_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.batch is None and len(documents.pdfs) == 1)

    assert seen == [(1, 3)]
    out = unreturned_cards(window.cashier.state.db)
    assert out.total == 1
    assert pdf_barcodes(documents.pdfs[0], 0, 2)[0] == out.rows[0].number
    assert "1" in page.batch_status.text() and "3" in page.batch_status.text()
    assert page.print_batch_button.isEnabled() and not page.cancel_button.isEnabled()

    # The whole group next time, in chunks of two: one PDF, three pages, three more cards.
    page.progressed.disconnect(progressed)
    page.chunk_size = 2
    qtbot.mouseClick(page.print_batch_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.batch is None and len(documents.pdfs) == 2)
    qtbot.waitUntil(lambda: page.model.rowCount() == 4)
    assert pdf_text(documents.pdfs[1]).count("АНКЕТНА КАРТА") == 3
    assert unreturned_cards(window.cashier.state.db).total == 4


def test_the_cards_out_list_opens_a_card_with_enter(
    qtbot: QtBot,
    info_window: Callable[[str], MainWindow],
    documents: Printed,
    qtmodeltester: ModelTester,
) -> None:
    window = info_window("court_case_and_final_warning")
    page = cards_tab(qtbot, window)
    for code in ("4000000119", "4000000127"):
        qtbot.keyClicks(page.payer_field, code)
        enter(qtbot, page.payer_field)
        preview = wait_dialog(qtbot, window, ReceiptPreview)
        qtbot.keyClick(preview, Qt.Key.Key_Escape)  # not printed: the card is out all the same
        qtbot.waitUntil(lambda shown=preview: not shown.isVisible())
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    qtmodeltester.check(page.model)
    assert page.model.row(0).payer_code == "4000000127"  # newest first
    assert page.out_count.text().endswith("2")

    page.view.setFocus()
    page.view.setCurrentIndex(page.model.index(0, 0))
    with qtbot.waitSignal(page.card_chosen) as chosen:
        enter(qtbot, page.view)
    assert chosen.args == [page.model.row(0).number]
