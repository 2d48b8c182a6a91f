"""Every screen and dialog a cashier, a clerk and a supervisor reach, on the screen the
run was given (issue 13, point 12). Run by tests/ui/test_screen_sizes.py with the
offscreen platform set to a pay desk's 1366×768 and to 1920×1080 at 125%; on the
default offscreen screen (800×800) it skips itself.

On each screen: the window keeps the client area of a maximised window (under a
taskbar and a title bar) and no larger; every visible field, button and list is at
least as large as its text needs, and lies within the window or inside a scroll
area that can show it; every dialog fits the screen. The void dialog keeps its
fields' heights when a refusal appears in it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QTabBar,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desk.ui.cashier.history_dialog import HistoryDialog
from desk.ui.cashier.shift_close import CloseShiftDialog
from desk.ui.cashier.shift_open import OpenShiftDialog
from desk.ui.cashier.tender_dialog import TenderDialog
from desk.ui.cashier.void_dialog import VoidDialog
from desk.ui.i18n import Translations
from desk.ui.kit.receipt_preview import ReceiptPreview
from desk.ui.layout import show_on_screen
from desk.ui.main_window import MainWindow
from desk.ui.style import apply_style
from desk.ui.supervisor.user_dialogs import ConfirmDialog, NewUserDialog, RoleDialog
from tests.desk_fixtures import make_day_db
from tests.ui.cashier.steps import (
    Printed,
    close_window,
    enter,
    log_in,
    make_window,
    open_account,
    open_shift,
)
from tests.ui.info.conftest import make_info_db
from tests.ui.info.steps import close_info_window, make_info_window, open_payer
from tests.ui.supervisor.steps import (
    close_supervisor_window,
    make_supervisor_window,
    open_supervisor,
    open_tab,
)

# Windows' taskbar and a maximised window's title bar: what a pay desk's screen loses.
TASKBAR, TITLE_BAR = 40, 32
# The smallest screen a pay desk has.
PAY_DESK = QSize(1366, 768)

UNBOUNDED = 16777215  # QWIDGETSIZE_MAX: no maximum width set
USABLE_LETTERS = 12
LISTS = (QAbstractItemView, QTextEdit, QPlainTextEdit)
INPUTS = (QLineEdit, QComboBox, QAbstractSpinBox, QAbstractButton, QTextEdit, QPlainTextEdit)


def screen_size() -> QSize:
    """The available area of the screen the run was given."""
    return QApplication.primaryScreen().availableGeometry().size()


def client_area() -> QSize:
    """A maximised main window's inside: the screen less the taskbar and the title bar."""
    screen = screen_size()
    return QSize(screen.width(), screen.height() - TASKBAR - TITLE_BAR)


def constrain(qtbot: QtBot, window: MainWindow) -> None:
    """The window as large as a maximised one: no larger, for it needs no more."""
    area, need = client_area(), window.minimumSizeHint()
    assert need.boundedTo(area) == need, f"the window needs {need.toTuple()}, has {area.toTuple()}"
    window.resize(area)
    qtbot.waitUntil(lambda: window.size() == area)


def _part_of_another_input(widget: QWidget) -> bool:
    """A spin box's or a combo box's own line edit, a line edit's clear button, a tab's
    scroll arrows: checked with the input or the bar they belong to."""
    parent = widget.parentWidget()
    while parent is not None and not parent.isWindow():
        if isinstance(parent, (*INPUTS, QTabBar, QAbstractItemView)):
            return True
        parent = parent.parentWidget()
    return False


def _in_scroll_area(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and not parent.isWindow():
        if isinstance(parent, QScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def least_size(widget: QWidget) -> QSize:
    """The smallest a layout may make ``widget`` (its minimum as the style sheet sets it,
    else its minimum size hint: Qt's own rule), and never less than a line of its text;
    a button, a combo or a spin box shows the whole of its text."""
    hint, declared = widget.minimumSizeHint(), widget.minimumSize()
    width = declared.width() or hint.width()
    height = declared.height() or hint.height()
    if isinstance(widget, (QAbstractButton, QComboBox, QAbstractSpinBox)):
        width = max(width, widget.sizeHint().width())
    elif isinstance(widget, QLineEdit) and widget.maximumWidth() >= UNBOUNDED:
        # A field for words shows a dozen letters at least (a name, a code); one for a
        # number is made narrow on purpose (a maximum width).
        letters = min(USABLE_LETTERS, widget.maxLength())
        width = max(width, letters * widget.fontMetrics().averageCharWidth() + 16)
    return QSize(width, max(height, widget.fontMetrics().height() + 2))


def squeezed(top: QWidget) -> list[str]:
    """What on ``top`` (a window) is smaller than its text needs, or out of reach."""
    found: list[str] = []
    inside = QRect(QPoint(0, 0), top.size())
    for widget in top.findChildren(QWidget):
        if widget.window() is not top or not widget.isVisible():
            continue
        name = f"{type(widget).__name__} {widget.objectName()!r} {getattr(widget, 'text', str)()!r}"
        short = widget.height() < 2 * widget.fontMetrics().height() + 8
        if isinstance(widget, LISTS) and not isinstance(widget, QHeaderView) and short:
            found.append(f"{name}: {widget.height()} px high")  # not even two lines
        if isinstance(widget, QLabel) and widget.wordWrap() and widget.text():
            lines = widget.heightForWidth(widget.width())
            if widget.height() < lines:  # a wrapped sentence shows all its lines
                found.append(f"{name}: {widget.height()} px of {lines} for its lines")
        if not isinstance(widget, INPUTS) or _part_of_another_input(widget):
            continue
        need = least_size(widget)
        if widget.width() < need.width() or widget.height() < need.height():
            found.append(f"{name}: {widget.width()}×{widget.height()} < {need.toTuple()}")
        where = QRect(widget.mapTo(top, QPoint(0, 0)), widget.size())
        if not inside.contains(where) and not _in_scroll_area(widget):
            found.append(f"{name}: at {where.getRect()} outside {inside.getRect()}")
    return found


def check_window(qtbot: QtBot, window: MainWindow) -> None:
    """The window keeps the client area, nothing in it squeezed; every dialog open fits."""
    qtbot.waitUntil(lambda: window.tasks.pending == 0)
    QApplication.processEvents()
    area = client_area()
    assert window.minimumSizeHint().boundedTo(area) == window.minimumSizeHint(), (
        f"the window needs {window.minimumSizeHint().toTuple()}, has {area.toTuple()}"
    )
    assert window.size() == area
    found = squeezed(window)
    assert not found, "\n".join(found)
    for dialog in QApplication.topLevelWidgets():
        if isinstance(dialog, QDialog) and dialog.isVisible():
            check_dialog(dialog)


def check_dialog(dialog: QDialog) -> None:
    screen = screen_size()
    size = dialog.size() + QSize(0, TITLE_BAR)
    assert size.boundedTo(screen) == size, (
        f"{type(dialog).__name__} is {dialog.size().toTuple()}, the screen {screen.toTuple()}"
    )
    found = squeezed(dialog)
    assert not found, "\n".join(found)


def visible_dialog(qtbot: QtBot, kind: type[QDialog]) -> QDialog:
    def found() -> list[QWidget]:
        return [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]

    qtbot.waitUntil(lambda: bool(found()))
    dialog = found()[-1]
    assert isinstance(dialog, QDialog)
    qtbot.waitUntil(lambda: not getattr(dialog, "busy", False))
    return dialog


def escape(qtbot: QtBot, dialog: QDialog) -> None:
    """Esc closes the dialog; the keys go to the window (or the dialog) below it."""
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    qtbot.waitUntil(lambda: QApplication.activeWindow() is not None)


@pytest.fixture(params=["bg", "en"])
def language(request: pytest.FixtureRequest, translations: Translations) -> str:
    """Both languages: their words are of different lengths."""
    translations.use(request.param)
    return str(request.param)


@pytest.fixture(autouse=True)
def a_given_screen(qapp: QApplication) -> None:
    """Dialogs size themselves from the screen: the run needs a pay desk's or larger.
    The style sheet stays applied for the rest of the run (a run of this module alone)."""
    if qapp.primaryScreen().availableGeometry().width() < PAY_DESK.width():
        pytest.skip("run by tests/ui/test_screen_sizes.py on a screen of a given size")
    apply_style(qapp)  # the desk's fonts and paddings: the sizes a cashier sees


def test_the_cashiers_screens_and_dialogs(
    qtbot: QtBot, translations: Translations, language: str, tmp_path: Path
) -> None:
    db = make_day_db(tmp_path / "day.sqlite")
    db.close()
    window = make_window(qtbot, translations, tmp_path / "day.sqlite", Printed())
    try:
        show_on_screen(window)  # as the desk starts: within the screen
        available = window.screen().availableGeometry()

        # (The size: offscreen puts a shown window's 2 px frame at -2, -2 when maximised.)
        def frame() -> QSize:
            return window.frameGeometry().size()

        qtbot.waitUntil(lambda: frame().boundedTo(available.size()) == frame())
        constrain(qtbot, window)
        check_window(qtbot, window)  # the login
        log_in(qtbot, window)
        check_dialog(visible_dialog(qtbot, OpenShiftDialog))
        open_shift(qtbot, window)
        open_account(qtbot, window, "4000000010")
        check_window(qtbot, window)
        panel = window.cashier.panel

        qtbot.keyClick(panel.account.view, Qt.Key.Key_F5)
        tender = visible_dialog(qtbot, TenderDialog)
        check_window(qtbot, window)
        qtbot.keyClick(tender, Qt.Key.Key_F3)
        enter(qtbot, tender.card)  # type: ignore[attr-defined]
        preview = visible_dialog(qtbot, ReceiptPreview)
        check_window(qtbot, window)
        escape(qtbot, preview)

        qtbot.keyClick(panel.account.view, Qt.Key.Key_F8)
        history = visible_dialog(qtbot, HistoryDialog)
        check_window(qtbot, window)
        escape(qtbot, history)

        qtbot.keyClick(panel.account.view, Qt.Key.Key_F9)
        void = visible_dialog(qtbot, VoidDialog)
        assert isinstance(void, VoidDialog)
        check_window(qtbot, window)
        fields = (void.reason, void.supervisor, void.password)
        heights = [field.height() for field in fields]
        qtbot.keyClicks(void.reason, "wrong payer")
        enter(qtbot, void.reason)
        qtbot.keyClicks(void.supervisor, "kasier2")  # a cashier approves no void
        enter(qtbot, void.supervisor)
        qtbot.keyClicks(void.password, "desk1234")
        enter(qtbot, void.password)
        qtbot.waitUntil(lambda: not void.busy and void.problem.isVisible())
        qtbot.waitUntil(lambda: [field.height() for field in fields] == heights)
        check_window(qtbot, window)
        escape(qtbot, void)
        escape(qtbot, visible_dialog(qtbot, HistoryDialog))  # F9 opened the void over it

        qtbot.keyClick(panel.account.view, Qt.Key.Key_F12)
        check_dialog(visible_dialog(qtbot, CloseShiftDialog))
        escape(qtbot, visible_dialog(qtbot, CloseShiftDialog))

        window.cashier.lock_action.trigger()
        qtbot.waitUntil(lambda: window.cashier.overlay.isVisible())
        check_window(qtbot, window)
    finally:
        close_window(qtbot, window)


def test_the_information_desks_screens(
    qtbot: QtBot, translations: Translations, language: str, tmp_path: Path
) -> None:
    db = make_info_db(tmp_path / "info.sqlite", "court_case_and_final_warning")
    db.close()
    window = make_info_window(qtbot, translations, tmp_path / "info.sqlite", Printed())
    try:
        constrain(qtbot, window)
        check_window(qtbot, window)  # the welcome
        panel = window.cashier.info
        open_payer(qtbot, window, "4000000127")
        for index in range(panel.payer_tabs.count()):
            panel.payer_tabs.setCurrentIndex(index)
            check_window(qtbot, window)
        panel.payer_tabs.setCurrentWidget(panel.tenure)
        panel.tenure.new.click()  # the new payer's fields
        check_window(qtbot, window)
        for page in (panel.cards, panel.campaign):
            panel.tabs.setCurrentWidget(page)
            check_window(qtbot, window)

        panel.tabs.setCurrentIndex(0)
        panel.statement_action.trigger()
        check_dialog(visible_dialog(qtbot, ReceiptPreview))
        escape(qtbot, visible_dialog(qtbot, ReceiptPreview))
    finally:
        close_info_window(qtbot, window)


def test_the_supervisors_screens_and_dialogs(
    qtbot: QtBot, translations: Translations, language: str, tmp_path: Path
) -> None:
    db = make_day_db(tmp_path / "day.sqlite")
    db.close()
    window = make_supervisor_window(
        qtbot, translations, tmp_path / "day.sqlite", Printed(), "nachalnik"
    )
    try:
        constrain(qtbot, window)
        panel = open_supervisor(qtbot, window)
        for page in panel.pages:
            open_tab(qtbot, window, page)
            check_window(qtbot, window)

        users = panel.users
        open_tab(qtbot, window, users)
        qtbot.waitUntil(lambda: users.model.rowCount() == 5 and not users.loading)
        users.select_user("kasier1")
        opened: list[tuple[Callable[[], None], type[QDialog]]] = [
            (users.new_user, NewUserDialog),
            (users.change_role, RoleDialog),
            (users.toggle_active, ConfirmDialog),
        ]
        for open_it, kind in opened:
            open_it()
            dialog = visible_dialog(qtbot, kind)
            check_window(qtbot, window)
            escape(qtbot, dialog)

        # Problems next to the fields of a new user: the fields keep their sizes.
        users.new_user()
        new = visible_dialog(qtbot, NewUserDialog)
        assert isinstance(new, NewUserDialog)
        qtbot.keyClicks(new.username, "kasier1")  # taken
        qtbot.keyClicks(new.password, "short")
        qtbot.keyClicks(new.again, "other")
        new.ok.click()
        qtbot.waitUntil(lambda: not new.busy and new.problems["username"].isVisible())
        check_window(qtbot, window)
        escape(qtbot, new)

        # A refusal that wraps under the question (as one arriving from the service
        # would be shown): the question, the refusal and the buttons all whole.
        users.select_user("kasier1")
        users.toggle_active()
        confirm = visible_dialog(qtbot, ConfirmDialog)
        assert isinstance(confirm, ConfirmDialog)
        confirm._refused("users: " + "a refusal in words, long enough to wrap; " * 4)
        qtbot.waitUntil(lambda: confirm.problem.isVisible())
        check_window(qtbot, window)
        escape(qtbot, confirm)

        open_tab(qtbot, window, panel.daily)
        enter(qtbot, panel.daily.day)
        check_dialog(visible_dialog(qtbot, ReceiptPreview))
        escape(qtbot, visible_dialog(qtbot, ReceiptPreview))
    finally:
        close_supervisor_window(qtbot, window)
