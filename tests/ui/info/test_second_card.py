"""A second pre-filled survey card for a payer with one out (issue 13, point 20): the
service refuses unless the clerk confirmed the card out, named in the question; Enter
or Esc on the question prints nothing. The contacts form opened by a scanned card names
the payer and the payer code, so the clerk can check the card is theirs."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desk.services.survey_cards import unreturned_cards
from desk.ui.info.cards_page import SecondCardConfirm
from desk.ui.kit.receipt_preview import ReceiptPreview
from desk.ui.main_window import MainWindow
from tests.ui.cashier.steps import Printed
from tests.ui.info.steps import enter, info_panel, top_dialog, wait_dialog
from tests.ui.info.test_cards import cards_tab

PAYER, NAME = "4000000127", "Стоян Христов Илиев"


def cards_out(window: MainWindow) -> list[str]:
    return [c.number for c in unreturned_cards(window.cashier.state.db).rows]


def ask_for_a_card(qtbot: QtBot, window: MainWindow, code: str) -> None:
    page = info_panel(window).cards
    page.payer_field.setFocus()
    page.payer_field.selectAll()
    qtbot.keyClicks(page.payer_field, code)
    enter(qtbot, page.payer_field)


def test_a_second_card_is_printed_only_when_the_clerk_confirms_the_card_out(
    qtbot: QtBot, info_window: Callable[[str], MainWindow], documents: Printed
) -> None:
    window = info_window("court_case_and_final_warning")
    page = cards_tab(qtbot, window)
    ask_for_a_card(qtbot, window, PAYER)
    enter(qtbot, wait_dialog(qtbot, window, ReceiptPreview))
    qtbot.waitUntil(lambda: len(documents.pdfs) == 1 and len(cards_out(window)) == 1)
    qtbot.waitUntil(lambda: top_dialog(window, ReceiptPreview) is None)
    first = cards_out(window)[0]

    # Asked again for the same payer: a question naming the card out, no preview.
    ask_for_a_card(qtbot, window, PAYER)
    question = wait_dialog(qtbot, window, SecondCardConfirm)
    text = question.question.text()
    assert first in text and PAYER in text and NAME in text and "22.11.2026" in text
    assert first in page.one_problem.text()  # said on the page too, in the service's words
    assert top_dialog(window, ReceiptPreview) is None
    assert question.back_button.isDefault() and question.back_button.hasFocus()

    enter(qtbot, question.back_button)  # Enter is "back": nothing printed, nothing recorded
    qtbot.waitUntil(lambda: top_dialog(window, SecondCardConfirm) is None)
    assert cards_out(window) == [first] and len(documents.pdfs) == 1
    qtbot.waitUntil(page.payer_field.hasFocus)

    # Esc: the same.
    ask_for_a_card(qtbot, window, PAYER)
    question = wait_dialog(qtbot, window, SecondCardConfirm)
    qtbot.keyClick(question, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: top_dialog(window, SecondCardConfirm) is None)
    assert cards_out(window) == [first]

    # The clerk's explicit choice (Shift+Tab to it, Space): the preview, then Print
    # records the second card.
    ask_for_a_card(qtbot, window, PAYER)
    question = wait_dialog(qtbot, window, SecondCardConfirm)
    qtbot.keyClick(question.back_button, Qt.Key.Key_Backtab)
    assert question.print_button.hasFocus()
    qtbot.keyClick(question.print_button, Qt.Key.Key_Space)
    preview = wait_dialog(qtbot, window, ReceiptPreview)
    assert not page.one_problem.isVisible()
    enter(qtbot, preview)
    qtbot.waitUntil(lambda: len(documents.pdfs) == 2 and len(cards_out(window)) == 2)
    assert first in cards_out(window)


def test_the_contacts_form_of_a_scanned_card_names_the_payer_and_code(
    qtbot: QtBot, info_window: Callable[[str], MainWindow], documents: Printed
) -> None:
    window = info_window("court_case_and_final_warning")
    panel = info_panel(window)
    page = cards_tab(qtbot, window)
    ask_for_a_card(qtbot, window, PAYER)
    enter(qtbot, wait_dialog(qtbot, window, ReceiptPreview))
    qtbot.waitUntil(lambda: len(cards_out(window)) == 1)
    qtbot.waitUntil(lambda: top_dialog(window, ReceiptPreview) is None)
    number = cards_out(window)[0]

    qtbot.waitUntil(window.isActiveWindow)
    page.payer_field.setFocus()
    qtbot.keyClick(page.payer_field, Qt.Key.Key_F2)
    qtbot.keyClicks(panel.search.field, number)
    enter(qtbot, panel.search.field)
    contacts = panel.contacts
    qtbot.waitUntil(lambda: contacts.card_number == number and contacts.loaded is not None)
    assert panel.payer_tabs.currentWidget() is contacts
    assert contacts.payer_line.isVisible()
    assert contacts.payer_line.text() == f"{NAME}, код на платец {PAYER}"
    assert contacts.card_line.isVisible()
    card_line = contacts.card_line.text()
    assert number in card_line and NAME in card_line and PAYER in card_line
