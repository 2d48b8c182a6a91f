"""Steps of a clerk's work as a person does them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from desk.ui.i18n import Translations
from desk.ui.info.panel import InfoPanel
from desk.ui.main_window import MainWindow
from tests.desk_fixtures import NOON
from tests.ui.cashier.steps import Printed, enter, log_in, type_text

__all__ = ["enter", "type_text"]


def make_info_window(
    qtbot: QtBot, translations: Translations, path: Path, documents: Printed
) -> MainWindow:
    window = MainWindow(translations)
    window.cashier.state.clock = lambda: NOON
    window.cashier.info.documents.output = documents  # type: ignore[method-assign]
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    window.open_database(path)
    qtbot.waitUntil(lambda: window.cashier.overlay.isVisible())
    log_in(qtbot, window, "sluzhitel")
    qtbot.waitUntil(lambda: window.panels.currentWidget() is window.cashier.info)
    return window


def close_info_window(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.tasks.pending == 0)
    for panel in (window.cashier.info, window.cashier.panel):
        for dialog in list(panel.dialogs):
            dialog.done(QDialog.DialogCode.Rejected)
    window.close_database()
    window.close()
    window.deleteLater()


def info_panel(window: MainWindow) -> InfoPanel:
    return window.cashier.info


def open_payer(qtbot: QtBot, window: MainWindow, text: str) -> None:
    """F2, type a subscriber number or payer code (ASCII), Enter: the payer's tabs."""
    panel = info_panel(window)
    qtbot.keyClick(panel.search.field, Qt.Key.Key_F2)
    panel.search.field.clear()
    qtbot.keyClicks(panel.search.field, text)
    enter(qtbot, panel.search.field)
    qtbot.waitUntil(lambda: panel.stack.currentWidget() is panel.payer_tabs)
    qtbot.waitUntil(lambda: panel.payer_code is not None and window.tasks.pending == 0)


def top_dialog(window: MainWindow, kind: type[QDialog]) -> Any:
    dialogs = [d for d in info_panel(window).dialogs if isinstance(d, kind) and d.isVisible()]
    return dialogs[-1] if dialogs else None


def wait_dialog(qtbot: QtBot, window: MainWindow, kind: type[QDialog]) -> Any:
    qtbot.waitUntil(lambda: top_dialog(window, kind) is not None)
    dialog = top_dialog(window, kind)
    qtbot.waitUntil(lambda: dialog.isActiveWindow() and not getattr(dialog, "busy", False))
    return dialog
