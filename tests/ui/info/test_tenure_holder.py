"""The owner change's holder (issue 13, point 22): with «Нов платец» chosen the payer
code is off and looks it, with no stale problem or hint; the new payer's fields are on;
every wrong field is named at once."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desk.ui.main_window import MainWindow
from desk.ui.style import apply_style
from tests.ui.info.steps import type_text
from tests.ui.info.test_tenure import SELLER, open_tenure_page


@pytest.fixture
def desk_style(qapp: QApplication) -> Iterator[None]:
    sheet, style = qapp.styleSheet(), qapp.style().name()
    apply_style(qapp)
    yield
    qapp.setStyleSheet(sheet)
    qapp.setStyle(style)


def inside(widget: QWidget) -> QColor:
    """The colour drawn inside the field (a corner of it, away from any text)."""
    image = widget.grab().toImage()
    return image.pixelColor(image.width() - 8, image.height() // 2)


def test_choosing_a_new_payer_turns_the_payer_code_off_visibly(
    qtbot: QtBot, info_window: Callable[[str], MainWindow], desk_style: None
) -> None:
    window = info_window("court_case_and_final_warning")
    page = open_tenure_page(qtbot, window)
    code, name = page.payer_code_edit, page.name
    assert code.isEnabled() and not name.isEnabled()
    open_look = inside(code)

    page.existing.setFocus()
    qtbot.waitUntil(page.existing.hasFocus)
    qtbot.keyClick(page.existing, Qt.Key.Key_Right)  # to «Нов платец»

    assert page.new.isChecked()
    assert not code.isEnabled() and not page.labels["payer_code"].isEnabled()
    assert name.isEnabled() and page.labels["name"].isEnabled()
    assert inside(code) != open_look, "the payer code no longer looks open"
    assert inside(name) == open_look

    qtbot.keyClick(page.new, Qt.Key.Key_Left)  # back to an existing payer
    assert code.isEnabled() and not name.isEnabled()


def test_a_new_payer_drops_the_codes_stale_problem_and_its_hint(
    qtbot: QtBot, info_window: Callable[[str], MainWindow]
) -> None:
    window = info_window("court_case_and_final_warning")
    page = open_tenure_page(qtbot, window)
    code = page.payer_code_edit
    assert code.placeholderText() == "10 цифри"

    page.document.setFocus()
    type_text(page.document, "нот. акт № 12/2026")
    code.setFocus()
    qtbot.keyClicks(code, SELLER)
    qtbot.keyClick(code, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.problems["payer_code"].isVisible())
    assert "същият" in page.problems["payer_code"].text()

    page.existing.setFocus()
    qtbot.waitUntil(page.existing.hasFocus)
    qtbot.keyClick(page.existing, Qt.Key.Key_Right)  # to «Нов платец»

    assert page.new.isChecked() and not code.isEnabled()
    assert not page.problems["payer_code"].isVisible() and not code.property("problem")
    assert code.text() == "" and code.placeholderText() == ""  # greyed and empty: nothing

    qtbot.keyClick(page.new, Qt.Key.Key_Left)  # back: the hint where a code can be typed
    assert code.isEnabled() and code.placeholderText() == "10 цифри"


def test_every_wrong_field_is_named_at_once(
    qtbot: QtBot, info_window: Callable[[str], MainWindow]
) -> None:
    window = info_window("court_case_and_final_warning")
    page = open_tenure_page(qtbot, window)
    qtbot.mouseClick(page.new, Qt.MouseButton.LeftButton)
    page.name.setFocus()
    type_text(page.name, "Мария Иванова Петрова")
    qtbot.keyClicks(page.id_number, "7523169260")  # a wrong check digit; no document either
    qtbot.keyClick(page.id_number, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: page.problems["document"].isVisible())
    assert page.problems["id_number"].isVisible()  # at once, not after the document is fixed
    assert page.problems["document"].text().startswith("документ:")
    assert "7523169260" in page.problems["id_number"].text()
    assert page.document.hasFocus()  # the first wrong field takes the cursor
    assert page.result.text() == ""
