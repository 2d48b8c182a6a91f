"""The desk's main window for tests that drive it (cashier screens, sync status).
Registered in tests/conftest.py."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desk.ui.i18n import Translations
from desk.ui.main_window import MainWindow


@pytest.fixture
def translations(qapp: QApplication) -> Iterator[Translations]:
    """Bulgarian, as the desk starts; back to the source language afterwards."""
    translations = Translations(qapp)
    translations.use("bg")
    yield translations
    translations.use("en")


@pytest.fixture
def window(qtbot: QtBot, translations: Translations) -> Iterator[MainWindow]:
    window = MainWindow(translations)
    qtbot.addWidget(window)
    yield window
    qtbot.waitUntil(lambda: window.tasks.pending == 0)
    window.close_database()
