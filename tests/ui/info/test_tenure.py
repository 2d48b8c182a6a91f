"""Owner or tenant: a clerk registers a sale to a new payer, then opens the buyer."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desk.services.tenure import desk_payer_code
from desk.ui.info.tenure_page import TenurePage
from desk.ui.main_window import MainWindow
from tests.ui.info.steps import info_panel, open_payer, type_text

SELLER = "4000000119"


def open_tenure_page(qtbot: QtBot, window: MainWindow) -> TenurePage:
    panel = info_panel(window)
    open_payer(qtbot, window, SELLER)
    panel.payer_tabs.setCurrentWidget(panel.tenure)
    page = panel.tenure
    qtbot.waitUntil(lambda: page.isEnabled() and page.model.rowCount() == 1)
    return page


def type_date(qtbot: QtBot, page: TenurePage, digits: str) -> None:
    """Tab from the property into the date (its day selected), then the digits."""
    page.property_combo.setFocus()
    qtbot.keyClick(page.property_combo, Qt.Key.Key_Tab)
    qtbot.waitUntil(page.start.hasFocus)
    qtbot.keyClicks(page.start, digits)


def test_a_sale_to_a_new_payer_gives_them_a_code_and_the_property(
    qtbot: QtBot, info_window: Callable[[str], MainWindow]
) -> None:
    window = info_window("court_case_and_final_warning")
    panel = info_panel(window)
    page = open_tenure_page(qtbot, window)
    assert page.model.text(0, 0) == "1000011"
    assert page.property_combo.currentData() == "1000011"

    type_date(qtbot, page, "01102026")
    assert page.start.date().toString("yyyy-MM-dd") == "2026-10-01"
    page.document.setFocus()
    type_text(page.document, "нот. акт № 12/2026")
    qtbot.mouseClick(page.new, Qt.MouseButton.LeftButton)
    assert page.name.isEnabled() and not page.payer_code_edit.isEnabled()
    page.name.setFocus()
    type_text(page.name, "Мария Иванова Петрова")
    qtbot.keyClicks(page.id_number, "7523169263")
    qtbot.keyClick(page.id_number, Qt.Key.Key_Return)

    code = desk_payer_code(window.cashier.state.user.desk_id, 1)
    qtbot.waitUntil(lambda: code in page.result.text())
    assert code in panel.message.text()
    assert "0000000004" in page.result.text()  # the October bill went to the buyer
    # `changed` made the panel read the seller again: the tenure now has an end.
    qtbot.waitUntil(lambda: page.model.text(0, 4) == "30.09.2026")

    open_payer(qtbot, window, code)
    assert panel.payer_code == code
    panel.payer_tabs.setCurrentWidget(page)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and page.payer_code == code)
    assert page.model.text(0, 0) == "1000011"
    assert page.model.text(0, 3) == "01.10.2026"
    assert page.model.text(0, 5) == "нот. акт № 12/2026"


def test_a_refusal_is_shown_next_to_its_field_and_nothing_is_saved(
    qtbot: QtBot, info_window: Callable[[str], MainWindow]
) -> None:
    window = info_window("court_case_and_final_warning")
    page = open_tenure_page(qtbot, window)

    qtbot.keyClicks(page.payer_code_edit, "4000000127")
    page.save_button.click()
    qtbot.waitUntil(lambda: page.problems["document"].isVisible())
    assert page.problems["document"].text().startswith("документ:")
    assert page.document.hasFocus()

    page.document.setFocus()
    type_text(page.document, "договор за наем 3/2026")
    page.payer_code_edit.setFocus()
    page.payer_code_edit.selectAll()
    qtbot.keyClicks(page.payer_code_edit, SELLER)
    qtbot.keyClick(page.payer_code_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.problems["payer_code"].isVisible())
    assert "същият" in page.problems["payer_code"].text()
    assert not page.problems["document"].isVisible()

    type_date(qtbot, page, "15102026")
    page.payer_code_edit.setFocus()
    page.payer_code_edit.selectAll()
    qtbot.keyClicks(page.payer_code_edit, "4000000127")
    assert page.start.date().toString("yyyy-MM-dd") == "2026-10-15"
    qtbot.keyClick(page.payer_code_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.problems["start"].isVisible())
    assert "2026-10 вече е фактуриран" in page.problems["start"].text()
    assert page.result.text() == ""
    assert page.model.text(0, 4) != "14.10.2026"


def test_a_start_years_ahead_is_shown_next_to_the_date(
    qtbot: QtBot, info_window: Callable[[str], MainWindow]
) -> None:
    window = info_window("court_case_and_final_warning")
    page = open_tenure_page(qtbot, window)
    type_date(qtbot, page, "01122062")
    page.document.setFocus()
    type_text(page.document, "нот. акт № 12/2026")
    qtbot.keyClicks(page.payer_code_edit, "4000000127")
    qtbot.keyClick(page.payer_code_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.problems["start"].isVisible())
    assert page.problems["start"].text() == (
        "начална дата: 01.12.2062 е повече от 3 месеца напред; най-късно 22.02.2027"
    )
    assert page.start.hasFocus() and page.start.property("problem")
    assert not page.problem.isVisible() and page.result.text() == ""
    assert page.model.text(0, 4) != "30.11.2062"


def test_tab_leaves_the_tenures_table_for_the_next_field(
    qtbot: QtBot, info_window: Callable[[str], MainWindow]
) -> None:
    window = info_window("court_case_and_final_warning")
    page = open_tenure_page(qtbot, window)
    page.table.setFocus()
    page.table.setCurrentIndex(page.model.index(0, 0))
    qtbot.waitUntil(page.table.hasFocus)
    qtbot.keyClick(page.table, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: not page.table.hasFocus())
    assert page.table.currentIndex().column() == 0  # not moved to the next cell
