"""Steps of the cashier's day as a person does them, and the fake printer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from desk.services.users import DEMO_PASSWORD
from desk.ui.cashier.cashier_panel import CashierPanel
from desk.ui.cashier.shift_open import OpenShiftDialog
from desk.ui.cashier.tender_dialog import TenderDialog
from desk.ui.i18n import Translations
from desk.ui.main_window import MainWindow
from tests.desk_fixtures import NOON


def plain(text: str) -> str:
    """Screen text with babel's no-break spaces as ordinary ones."""
    return text.replace("\xa0", " ")


def type_text(widget: QWidget, text: str) -> None:
    """Type like a keyboard, one character at a time (Cyrillic included)."""
    for char in text:
        QTest.sendKeyEvent(
            QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, char, Qt.KeyboardModifier.NoModifier
        )


def enter(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.keyClick(widget, Qt.Key.Key_Return)


class Printed:
    """Stands in for ``Receipts.output``: the receipts and reports that would have been printed."""

    def __init__(self) -> None:
        self.pdfs: list[bytes] = []
        self.names: list[str] = []
        self.kinds: list[str] = []

    def __call__(self, pdf: bytes, file_name: str, kind: str = "receipt") -> None:
        self.pdfs.append(pdf)
        self.names.append(file_name)
        self.kinds.append(kind)


def make_window(
    qtbot: QtBot, translations: Translations, path: Path, printed: Printed
) -> MainWindow:
    # Not qtbot.addWidget: pytest-qt would delete the window before the fixture's
    # teardown, and a worker still running would then never hear back.
    window = MainWindow(translations)
    window.cashier.state.clock = lambda: NOON
    window.cashier.panel.receipts.output = printed  # type: ignore[method-assign]
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    window.open_database(path)
    qtbot.waitUntil(lambda: window.cashier.overlay.isVisible())
    return window


def close_window(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.tasks.pending == 0)
    for dialog in list(window.cashier.panel.dialogs):
        dialog.done(QDialog.DialogCode.Rejected)
    window.close_database()
    window.close()
    window.deleteLater()


def top_dialog(panel: CashierPanel, kind: type[QDialog]) -> Any:
    dialogs = [d for d in panel.dialogs if isinstance(d, kind) and d.isVisible()]
    return dialogs[-1] if dialogs else None


def wait_dialog(qtbot: QtBot, panel: CashierPanel, kind: type[QDialog]) -> Any:
    qtbot.waitUntil(lambda: top_dialog(panel, kind) is not None)
    dialog = top_dialog(panel, kind)
    qtbot.waitUntil(lambda: dialog.isActiveWindow() and not getattr(dialog, "busy", False))
    return dialog


def log_in(qtbot: QtBot, window: MainWindow, user: str = "kasier1") -> None:
    overlay = window.cashier.overlay
    qtbot.keyClicks(overlay.username, user)
    enter(qtbot, overlay.username)
    assert overlay.password.hasFocus()
    qtbot.keyClicks(overlay.password, DEMO_PASSWORD)
    enter(qtbot, overlay.password)
    qtbot.waitUntil(lambda: not overlay.isVisible())


def log_out_leaving_the_shift_open(qtbot: QtBot, window: MainWindow) -> None:
    """Desk → Log out with the shift open: the question asked, its "Log out" taken."""
    window.cashier.log_out_action.trigger()

    def asked() -> QMessageBox | None:
        found = window.findChild(QMessageBox, "logOutQuestion")
        return found if found is not None and found.isVisible() else None

    qtbot.waitUntil(lambda: asked() is not None)
    question = asked()
    assert question is not None
    accept = QMessageBox.ButtonRole.AcceptRole
    leave = next(b for b in question.buttons() if question.buttonRole(b) == accept)
    assert leave is not question.defaultButton()  # "Log out"; Enter means "Stay"
    qtbot.mouseClick(leave, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.cashier.overlay.isVisible())
    qtbot.waitUntil(window.cashier.overlay.username.hasFocus)


def open_shift(qtbot: QtBot, window: MainWindow, amount: str = "100") -> None:
    panel = window.cashier.panel
    dialog = wait_dialog(qtbot, panel, OpenShiftDialog)
    qtbot.keyClicks(dialog.opening_float, amount)
    enter(qtbot, dialog.opening_float)
    qtbot.waitUntil(lambda: window.cashier.state.shift is not None)
    wait_closed(qtbot, panel, dialog)
    wait_window(qtbot, window)


def open_account(qtbot: QtBot, window: MainWindow, text: str) -> None:
    panel = window.cashier.panel
    qtbot.keyClick(panel.search.field, Qt.Key.Key_F2)
    qtbot.keyClicks(panel.search.field, text)
    enter(qtbot, panel.search.field)
    qtbot.waitUntil(lambda: panel.stack.currentWidget() is panel.account)
    qtbot.waitUntil(lambda: panel.account.view.hasFocus())


def row_of(window: MainWindow, item: str) -> int:
    model = window.cashier.panel.account.model
    return next(row for row in range(model.rowCount()) if model.key(row) == item)


def wait_closed(qtbot: QtBot, panel: CashierPanel, dialog: QDialog) -> None:
    """Closed dialogs are deleted: ask the panel, not the dialog."""
    qtbot.waitUntil(lambda: dialog not in panel.dialogs)


def wait_window(qtbot: QtBot, window: MainWindow) -> None:
    """The last dialog closed: the window has the keys again."""
    qtbot.waitUntil(lambda: not window.cashier.panel.dialogs and window.isActiveWindow())


def at_the_account(qtbot: QtBot, window: MainWindow, text: str = "4000000010") -> None:
    """The usual start: a cashier logs in, opens the shift and opens an account."""
    log_in(qtbot, window)
    open_shift(qtbot, window)
    open_account(qtbot, window, text)


def press_pay(qtbot: QtBot, window: MainWindow) -> Any:
    """F5 on the account: the tender dialog, ready for keys."""
    panel = window.cashier.panel
    qtbot.keyClick(panel.account.view, Qt.Key.Key_F5)
    return wait_dialog(qtbot, panel, TenderDialog)
