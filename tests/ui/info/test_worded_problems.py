"""Problems next to the fields are worded whole in the language chosen (issue 13 points 15,
22): the field's name and what is wrong come from one catalogue, so Bulgarian mode never
reads «Payer code: грешна контролна цифра…» and English mode has no Cyrillic but data."""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from desk.services.agreements import DOWN_PAYMENT
from desk.ui.main_window import MainWindow
from tests.ui.info.steps import enter, open_payer
from tests.ui.info.test_agreement import open_agreement_page, tick_both
from tests.ui.info.test_cards import cards_tab
from tests.ui.info.test_contacts import contacts_tab, retype

CYRILLIC = re.compile("[\u0400-\u04ff]")
LATIN = re.compile("[A-Za-z]")


def in_english(qtbot: QtBot, window: MainWindow) -> None:
    window.language_actions["en"].trigger()
    qtbot.waitUntil(lambda: window.language_menu.title() == "&Language")


def type_code(qtbot: QtBot, field: QLineEdit, code: str) -> None:
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    qtbot.keyClicks(field, code)
    enter(qtbot, field)


def test_a_mistyped_payer_code_on_the_cards_tab_is_worded_whole_in_each_language(
    qtbot: QtBot, info_window: Callable[[str], MainWindow]
) -> None:
    window = info_window("court_case_and_final_warning")
    page = cards_tab(qtbot, window)
    type_code(qtbot, page.payer_field, "4000000128")
    qtbot.waitUntil(page.one_problem.isVisible)
    bulgarian = page.one_problem.text()
    assert bulgarian == "код на платец: грешна контролна цифра на кода на платец"
    assert not LATIN.search(bulgarian)

    in_english(qtbot, window)
    type_code(qtbot, page.payer_field, "4000000128")
    qtbot.waitUntil(lambda: page.one_problem.text() != bulgarian)
    assert page.one_problem.text() == "payer code: wrong check digit in the payer code"


def test_a_bad_phone_and_a_foreign_one_are_worded_in_english(
    qtbot: QtBot, info_window: Callable[[str], MainWindow]
) -> None:
    window = info_window("court_case_and_final_warning")
    in_english(qtbot, window)
    open_payer(qtbot, window, "4000000127")
    page = contacts_tab(qtbot, window)

    retype(qtbot, page.phone, "12")
    qtbot.waitUntil(page.problems["phone"].isVisible)
    assert page.problems["phone"].text().startswith("phone: ")
    assert not CYRILLIC.search(page.problems["phone"].text())

    retype(qtbot, page.phone, "+44 20 7946 0958")
    qtbot.waitUntil(lambda: "foreign" in page.problems["phone"].text())
    assert page.problems["phone"].text() == (
        "phone: the number “+44 20 7946 0958” is foreign (code +44); "
        "only Bulgarian numbers are accepted"
    )

    retype(qtbot, page.phone, "0888123456")
    retype(qtbot, page.email, "ivan.bg")
    qtbot.waitUntil(page.problems["email"].isVisible)
    assert page.problems["email"].text() == ("e-mail: the @ or the domain is missing: “ivan.bg”")


def test_an_agreement_problem_next_to_its_field_is_worded_in_english(
    qtbot: QtBot, info_window: Callable[[str], MainWindow]
) -> None:
    window = info_window("court_case_and_final_warning")
    in_english(qtbot, window)
    page = open_agreement_page(qtbot, window, "4000000127")
    tick_both(qtbot, page)
    page.down_payment.setFocus()
    qtbot.keyClicks(page.down_payment, "75")
    qtbot.waitUntil(page.problems[DOWN_PAYMENT].isVisible)
    assert page.problems[DOWN_PAYMENT].text() == "must be less than the total"
