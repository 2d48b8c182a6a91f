"""Steps of a supervisor's work: the main window on a real SQLite file, someone
logged in, the supervisor's panel and one of its tabs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget
from pytestqt.qtbot import QtBot

from desk.ui.cashier.shift_open import OpenShiftDialog
from desk.ui.i18n import Translations
from desk.ui.main_window import MainWindow
from desk.ui.supervisor.panel import SupervisorPanel
from tests.desk_fixtures import NOON
from tests.ui.cashier.steps import Printed, log_in


def make_supervisor_window(
    qtbot: QtBot, translations: Translations, path: Path, documents: Printed, user: str
) -> MainWindow:
    """The window on ``path`` (clock at NOON), ``user`` logged in; the shift they are
    offered to open is declined with Esc (a supervisor comes for the reports)."""
    window = MainWindow(translations)
    window.cashier.state.clock = lambda: NOON
    window.cashier.supervisor.documents.output = documents  # type: ignore[method-assign]
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    window.open_database(path)
    qtbot.waitUntil(lambda: window.cashier.overlay.isVisible())
    log_in(qtbot, window, user)
    qtbot.waitUntil(lambda: window.tasks.pending == 0)
    for dialog in list(window.cashier.panel.dialogs):
        if isinstance(dialog, OpenShiftDialog):
            qtbot.keyClick(dialog, Qt.Key.Key_Escape)
            qtbot.waitUntil(lambda d=dialog: d not in window.cashier.panel.dialogs)
    return window


def close_supervisor_window(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.tasks.pending == 0)
    for panel in (window.cashier.supervisor, window.cashier.info, window.cashier.panel):
        for dialog in list(panel.dialogs):
            dialog.done(QDialog.DialogCode.Rejected)
    window.close_database()
    window.close()
    window.deleteLater()


def supervisor_panel(window: MainWindow) -> SupervisorPanel:
    return window.cashier.supervisor


def open_supervisor(qtbot: QtBot, window: MainWindow) -> SupervisorPanel:
    """Desk > Supervisor (Ctrl+4): the panel, its current tab's data read."""
    window.cashier.supervisor_action.trigger()
    panel = supervisor_panel(window)
    qtbot.waitUntil(lambda: window.panels.currentWidget() is panel)
    qtbot.waitUntil(lambda: window.tasks.pending == 0)
    return panel


def open_tab(qtbot: QtBot, window: MainWindow, page: QWidget) -> None:
    """Show ``page`` (a tab of the supervisor's panel) and wait for what it reads."""
    panel = supervisor_panel(window)
    panel.tabs.setCurrentWidget(page)
    qtbot.waitUntil(lambda: panel.tabs.currentWidget() is page and window.tasks.pending == 0)


def top_dialog(window: MainWindow, kind: type[QDialog]) -> Any:
    dialogs = [d for d in supervisor_panel(window).dialogs if isinstance(d, kind) and d.isVisible()]
    return dialogs[-1] if dialogs else None


def wait_dialog(qtbot: QtBot, window: MainWindow, kind: type[QDialog]) -> Any:
    qtbot.waitUntil(lambda: top_dialog(window, kind) is not None)
    dialog = top_dialog(window, kind)
    qtbot.waitUntil(lambda: dialog.isActiveWindow() and not getattr(dialog, "busy", False))
    return dialog
