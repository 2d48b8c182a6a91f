"""A refusal that appears in a dialog makes the dialog taller, never its fields shorter
(issue 13, point 12: the void dialog squashed its fields when an error appeared)."""

from __future__ import annotations

from importlib import resources

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desk.ui.cashier.void_dialog import VoidDialog
from desk.ui.main_window import MainWindow
from tests.ui.cashier.steps import (
    at_the_account,
    enter,
    press_pay,
    wait_closed,
    wait_dialog,
)


def test_the_void_dialog_keeps_its_fields_heights_when_a_refusal_appears(
    qtbot: QtBot, desk_window: MainWindow
) -> None:
    window, panel = desk_window, desk_window.cashier.panel
    at_the_account(qtbot, window)
    tender = press_pay(qtbot, window)
    qtbot.keyClick(tender, Qt.Key.Key_F3)
    enter(qtbot, tender.card)
    qtbot.waitUntil(lambda: len(panel.dialogs) == 1)  # the receipt preview
    preview = panel.dialogs[0]
    qtbot.keyClick(preview, Qt.Key.Key_Escape)
    wait_closed(qtbot, panel, preview)
    qtbot.waitUntil(lambda: not panel.dialogs and window.isActiveWindow())

    qtbot.keyClick(panel.account.view, Qt.Key.Key_F9)
    void = wait_dialog(qtbot, panel, VoidDialog)
    # The desk's fonts and paddings (the tests run without the style sheet): the sizes
    # a cashier sees, at which a one-line refusal squeezed the fields.
    void.setStyleSheet((resources.files("desk_resources") / "styles" / "desk.qss").read_text())
    qtbot.waitUntil(lambda: void.reason.height() >= void.reason.minimumSizeHint().height())
    fields = (void.reason, void.supervisor, void.password, void.ok)
    heights = [field.height() for field in fields]
    assert all(f.height() >= f.minimumSizeHint().height() for f in fields)
    height = void.height()
    qtbot.keyClicks(void.reason, "wrong payer")
    enter(qtbot, void.reason)
    qtbot.keyClicks(void.supervisor, "kasier2")  # a cashier approves no void
    enter(qtbot, void.supervisor)
    qtbot.keyClicks(void.password, "desk1234")
    enter(qtbot, void.password)
    qtbot.waitUntil(lambda: not void.busy and void.problem.isVisible())

    qtbot.waitUntil(lambda: void.height() > height)  # room for the refusal
    qtbot.waitUntil(lambda: [field.height() for field in fields] == heights)
    assert void.problem.height() >= void.problem.heightForWidth(void.problem.width())
    assert void.height() <= void.screen().availableGeometry().height()
    qtbot.keyClick(void.reason, Qt.Key.Key_Escape)
    wait_closed(qtbot, panel, void)
