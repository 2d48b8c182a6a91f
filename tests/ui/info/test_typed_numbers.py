"""Out-of-range input is refused in words at the field, never silently changed
(issue 13, point 8): the agreement's number of installments and day of the month."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from desk.models.tables import Agreement
from desk.services.agreements import DAY, MONTHS
from desk.ui.kit.receipt_preview import ReceiptPreview
from desk.ui.main_window import MainWindow
from tests.ui.cashier.steps import Printed
from tests.ui.info.steps import enter, top_dialog, wait_dialog
from tests.ui.info.test_agreement import WARNED, open_agreement_page, save, set_spin, tick_both
from tests.ui.info.test_cards import cards_tab


def agreements(window: MainWindow) -> int:
    with window.cashier.state.db.read() as session:
        return session.scalar(select(func.count()).select_from(Agreement)) or 0


def test_thirty_installments_stay_thirty_and_are_refused_at_the_field(
    qtbot: QtBot, info_window: Callable[[str], MainWindow], documents: Printed
) -> None:
    window = info_window("court_case_and_final_warning")
    page = open_agreement_page(qtbot, window, WARNED)
    tick_both(qtbot, page)

    set_spin(qtbot, page.months, "30")  # the text selected, then typed over
    assert page.months.text() == "30" and page.months.value() == 30, "30 is not turned into 3"
    assert page.problems[MONTHS].isVisible()
    assert page.problems[MONTHS].text() == "от 2 до 24"
    assert page.schedule.rowCount() == 0

    save(qtbot, page.months)  # Ctrl+S: refused, nothing saved, the field has the keys
    assert agreements(window) == 0 and documents.names == []
    assert page.months.hasFocus() and page.months.text() == "30"

    # A day past the 28th: the same, at its own field.
    set_spin(qtbot, page.day, "31")  # the text selected, then typed over
    assert page.day.value() == 31 and page.problems[DAY].text() == "от 1 до 28"
    set_spin(qtbot, page.day, "10")  # the text selected, then typed over
    assert not page.problems[DAY].isVisible(), page.problems[DAY].text()

    # Not a number at all: said so, nothing dropped from what was typed.
    set_spin(qtbot, page.months, "3x")  # the text selected, then typed over
    assert page.months.text() == "3x" and page.problems[MONTHS].isVisible()

    # Up and Down step inside the range; 24, the most, is kept.
    set_spin(qtbot, page.months, "24")  # the text selected, then typed over
    qtbot.keyClick(page.months, Qt.Key.Key_Up)
    assert page.months.text() == "24" and not page.problems[MONTHS].isVisible()
    qtbot.keyClick(page.months, Qt.Key.Key_Down)
    assert page.months.text() == "23"
    assert page.schedule.rowCount() == 23
    assert "23" in page.total.text()


def test_six_hundred_blank_cards_stay_six_hundred_and_are_refused(
    qtbot: QtBot, info_window: Callable[[str], MainWindow], documents: Printed
) -> None:
    window = info_window("court_case_and_final_warning")
    page = cards_tab(qtbot, window)
    set_spin(qtbot, page.blank_count, "600")
    assert page.blank_count.text() == "600", "not cut to 60"
    enter(qtbot, page.blank_count)
    assert page.one_problem.text() == "Празни карти: цяло число от 1 до 500"
    assert page.blank_count.hasFocus() and top_dialog(window, ReceiptPreview) is None

    set_spin(qtbot, page.blank_count, "2")
    enter(qtbot, page.blank_count)
    wait_dialog(qtbot, window, ReceiptPreview)
    assert page.preview is not None and page.preview.shown.blank == 2
    assert not page.one_problem.isVisible()


def test_a_payer_code_with_a_letter_or_a_digit_too_many_is_refused_not_cut(
    qtbot: QtBot, info_window: Callable[[str], MainWindow], documents: Printed
) -> None:
    window = info_window("court_case_and_final_warning")
    page = cards_tab(qtbot, window)
    for typed in ("40000001270", "400000012O"):  # an 11th digit; a letter O for a zero
        set_spin(qtbot, page.payer_field, typed)
        assert page.payer_field.text() == typed, "no key swallowed"
        enter(qtbot, page.payer_field)
        assert page.one_problem.text() == "код на платец: кодът на платец е 10 цифри"
        assert top_dialog(window, ReceiptPreview) is None and documents.pdfs == []
