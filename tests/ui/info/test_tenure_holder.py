"""The owner change's holder (issue 13, point 22): with «Нов платец» chosen the payer
code is off and looks it; the new payer's fields are on."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desk.ui.main_window import MainWindow
from desk.ui.style import apply_style
from tests.ui.info.test_tenure import open_tenure_page


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
