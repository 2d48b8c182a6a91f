"""English is whole (issue 13, point 15): every screen, dialog and message, and the CLI.

A demo database is built for today; the app runs in English. Each role logs in and
goes where it can: the login and its refusal, the shift, a search that finds nothing,
an account with its payment, receipt, history, void and shift count, the lock, the
information desk's tabs and forms, the supervisor's tabs and the users' dialogs, the
menus, help and about. Every visible text is collected (window titles, labels,
buttons, fields and their placeholders, tabs, combo items, table headers and cells,
tool tips, menu items) and must hold no Cyrillic letter but the data's: names,
addresses and the like are read from the database itself and taken out first.

The CLI's help of every command, `desk quote`'s table and the refusals of bad
options are swept the same way.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTabBar,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot
from sqlalchemy import String, Text, select

from desk.cli import main
from desk.models.db import Database, open_database
from desk.models.tables import Base, Payer
from desk.services.demo import generate_demo
from desk.services.quotes import quote_for
from desk.services.users import DEMO_PASSWORD, ensure_demo_users, list_users, reset_password
from desk.services.users import log_in as log_in_as
from desk.ui.cashier.history_dialog import HistoryDialog
from desk.ui.cashier.shift_close import CloseShiftDialog
from desk.ui.cashier.shift_open import OpenShiftDialog
from desk.ui.cashier.tender_dialog import TenderDialog
from desk.ui.cashier.void_dialog import VoidDialog
from desk.ui.i18n import Translations
from desk.ui.kit.receipt_preview import ReceiptPreview
from desk.ui.kit.session import sofia_now
from desk.ui.main_window import MainWindow
from tests.ui.cashier.steps import Printed, enter, type_text

CYRILLIC = re.compile("[\u0400-\u04ff]")
TAGS = re.compile("<[^>]+>")
# Not data, yet rightly Cyrillic in English: each language is named in itself in the
# Language menu, so anyone finds their own. Keep this short.
ALLOWED: tuple[str, ...] = ("Български",)
ROWS_READ = 60  # rows of each table read (the first ones: the rest are alike)


@dataclass
class Sweep:
    """Texts seen on screen, each with where it was seen; ``foreign`` those with Cyrillic
    once the data are taken out."""

    data: list[str]
    seen: list[tuple[str, str]] = field(default_factory=list)

    def add(self, where: str, text: Any) -> None:
        if isinstance(text, str) and text.strip():
            self.seen.append((where, text))

    def foreign(self) -> list[str]:
        found = []
        for where, text in self.seen:
            if not CYRILLIC.search(text):
                continue
            rest = text
            for value in self.data:
                if value in rest:
                    rest = rest.replace(value, "·")
            if CYRILLIC.search(rest):
                found.append(f"{where}: {text!r}")
        return sorted(set(found))

    # --- what a person sees ---------------------------------------------------------

    def screen(self, step: str) -> None:
        """Every visible top-level window and what is visible in it."""
        for top in QApplication.topLevelWidgets():
            if top.isVisible() and not isinstance(top, QMenu):
                self.widget_tree(f"{step} · {type(top).__name__}", top)

    def widget_tree(self, where: str, top: QWidget) -> None:
        self.add(f"{where} title", top.windowTitle())
        for widget in [top, *top.findChildren(QWidget)]:
            if widget is not top and not widget.isVisibleTo(top):
                continue
            self.widget(f"{where} · {type(widget).__name__}:{widget.objectName()}", widget)

    def widget(self, where: str, widget: QWidget) -> None:
        for tip in (widget.toolTip(), widget.statusTip(), widget.whatsThis()):
            self.add(f"{where} tip", TAGS.sub(" ", tip))
        if isinstance(widget, QLabel):
            self.add(where, TAGS.sub(" ", widget.text()))
        elif isinstance(widget, QAbstractButton):
            self.add(where, widget.text())
        elif isinstance(widget, QLineEdit):
            self.add(where, widget.text())
            self.add(f"{where} placeholder", widget.placeholderText())
        elif isinstance(widget, (QTextEdit, QPlainTextEdit)):
            self.add(where, widget.toPlainText())
        elif isinstance(widget, QGroupBox):
            self.add(where, widget.title())
        elif isinstance(widget, QTabBar):
            for index in range(widget.count()):
                self.add(f"{where} tab", widget.tabText(index))
                self.add(f"{where} tab tip", widget.tabToolTip(index))
        elif isinstance(widget, QComboBox):
            for index in range(widget.count()):
                self.add(f"{where} item", widget.itemText(index))
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            self.model(where, widget.model())
        actions = QWidget.actions(widget)
        for action in actions:
            self.add(f"{where} action", action.text())
            self.add(f"{where} action tip", action.toolTip())

    def model(self, where: str, model: QAbstractItemModel) -> None:
        for column in range(model.columnCount()):
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                self.add(
                    f"{where} header", model.headerData(column, Qt.Orientation.Horizontal, role)
                )
        for row in range(min(model.rowCount(), ROWS_READ)):
            for column in range(model.columnCount()):
                index = model.index(row, column)
                for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                    self.add(f"{where} cell {row},{column}", model.data(index, role))

    def menus(self, step: str, window: MainWindow) -> None:
        for action in window.menuBar().actions():
            self.add(f"{step} menu", action.text())
            menu = action.menu()
            if isinstance(menu, QMenu):
                for item in menu.actions():
                    self.add(f"{step} menu {action.text()}", item.text())
                    self.add(f"{step} menu {action.text()} tip", item.toolTip())


def data_texts(db: Database) -> list[str]:
    """Every text value of the database that holds Cyrillic: data, whatever the language."""
    values: set[str] = set()
    with db.read() as session:
        for table in Base.metadata.sorted_tables:
            for column in table.columns:
                if isinstance(column.type, (String, Text)):
                    for value in session.scalars(select(column).distinct()):
                        if isinstance(value, str) and CYRILLIC.search(value):
                            values.add(value)
    # Names are shown whole and as their parts ("Мария Петрова" of "Мария Петрова Иванова").
    parts = {part for value in values for part in re.split(r"[\s,·—–]+", value) if part}
    return sorted(values | {p for p in parts if CYRILLIC.search(p)} | set(ALLOWED), key=len)[::-1]


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[tuple[Path, list[str], dict[str, str]]]:
    """A demo database alive today (desk K1), its data texts and a few of its payers."""
    path = tmp_path / "demo.sqlite"
    generate_demo(path, properties=40, seed=1)
    db = open_database(path)
    try:
        ensure_demo_users(db)
        with db.read() as session:
            codes = list(session.scalars(select(Payer.payer_code).order_by(Payer.payer_code)))
        payers = {"payer": codes[0]}
        # kasier2 was given a temporary password: the next login asks for their own.
        admin = log_in_as(db, "admin", DEMO_PASSWORD, "K1", sofia_now())[1]
        assert admin is not None
        kasier2 = next(u for u in list_users(db, admin) if u.username == "kasier2")
        payers["temporary password"] = reset_password(db, admin, kasier2.id, sofia_now())[1]
        for code in codes:  # one payer of each banner the screens show
            for banner in quote_for(db, code, sofia_now().date()).banners:
                payers.setdefault(banner.split(":")[0], code)
        yield path, data_texts(db), payers
    finally:
        db.close()


@pytest.fixture
def english(translations: Translations) -> Translations:
    translations.use("en")
    return translations


def shown(window: MainWindow) -> list[QMessageBox]:
    """The window's message boxes (help, about, questions) are collected, not run."""
    boxes: list[QMessageBox] = []

    def keep(dialog: QMessageBox) -> None:
        boxes.append(dialog)

    window.show_dialog = keep  # type: ignore[method-assign]
    return boxes


def open_dialogs(window: MainWindow) -> list[QDialog]:
    panels = (window.cashier.panel, window.cashier.info, window.cashier.supervisor)
    return [d for panel in panels for d in panel.dialogs if d.isVisible()]


def wait_for(qtbot: QtBot, window: MainWindow, kind: type[QDialog]) -> Any:
    qtbot.waitUntil(lambda: any(isinstance(d, kind) for d in open_dialogs(window)))
    dialog = next(d for d in reversed(open_dialogs(window)) if isinstance(d, kind))
    qtbot.waitUntil(lambda: not getattr(dialog, "busy", False) and window.tasks.pending == 0)
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def escape(qtbot: QtBot, window: MainWindow, dialog: QDialog) -> None:
    panels = (window.cashier.panel, window.cashier.info, window.cashier.supervisor)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: all(dialog not in panel.dialogs for panel in panels))
    keys_back(qtbot, window)


def keys_back(qtbot: QtBot, window: MainWindow) -> None:
    """The last dialog closed: the window has the keys again."""
    if not open_dialogs(window):
        qtbot.waitUntil(window.isActiveWindow)


def settle(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.tasks.pending == 0)


def ctrl(qtbot: QtBot, widget: QWidget, key: Qt.Key) -> None:
    qtbot.keyClick(widget, key, Qt.KeyboardModifier.ControlModifier)


def sweep_new_dialogs(
    qtbot: QtBot, window: MainWindow, sweep: Sweep, step: str, before: list[QDialog]
) -> None:
    """Each dialog opened since ``before``: as it opens, then Enter as it stands (its
    refusal or its question), then Esc until it is gone."""
    for dialog in [d for d in open_dialogs(window) if d not in before]:
        qtbot.waitUntil(dialog.isActiveWindow)
        settle(qtbot, window)
        sweep.screen(f"{step}, {type(dialog).__name__}")
        focus = QApplication.focusWidget() or dialog
        enter(qtbot, focus)
        settle(qtbot, window)
        sweep.screen(f"{step}, {type(dialog).__name__} after Enter")
        for later in [d for d in open_dialogs(window) if d not in before]:
            with contextlib.suppress(RuntimeError):  # a dialog Enter closed is gone
                if later.isVisible():
                    escape(qtbot, window, later)
        keys_back(qtbot, window)


def question(window: MainWindow) -> QMessageBox | None:
    boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    return boxes[-1] if boxes else None


def answer(qtbot: QtBot, window: MainWindow) -> None:
    """Esc to the question on screen: its "no", "back" or "stay"."""
    asked = question(window)
    assert asked is not None
    qtbot.waitUntil(asked.isActiveWindow)
    qtbot.keyClick(asked, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: question(window) is None)


def active(qtbot: QtBot, dialog: QDialog) -> None:
    """The dialog has the keys again (the offscreen platform hands them back lazily)."""
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)


def open_account(qtbot: QtBot, window: MainWindow, sweep: Sweep, code: str, step: str) -> None:
    panel = window.cashier.panel
    qtbot.keyClick(panel.search.field, Qt.Key.Key_F2)
    panel.search.field.clear()
    qtbot.keyClicks(panel.search.field, code)
    enter(qtbot, panel.search.field)
    qtbot.waitUntil(lambda: panel.stack.currentWidget() is panel.account)
    settle(qtbot, window)
    sweep.screen(step)


def log_in(qtbot: QtBot, window: MainWindow, user: str, password: str = DEMO_PASSWORD) -> None:
    overlay = window.cashier.overlay
    overlay.username.clear()
    overlay.password.clear()
    qtbot.keyClicks(overlay.username, user)
    enter(qtbot, overlay.username)
    qtbot.keyClicks(overlay.password, password)
    enter(qtbot, overlay.password)


def log_out(qtbot: QtBot, window: MainWindow) -> None:
    for panel in (window.cashier.panel, window.cashier.info, window.cashier.supervisor):
        for dialog in list(panel.dialogs):
            dialog.done(QDialog.DialogCode.Rejected)
    window.cashier.log_out_action.trigger()
    qtbot.waitUntil(lambda: window.cashier.overlay.isVisible())
    settle(qtbot, window)


@contextlib.contextmanager
def app_window(
    qtbot: QtBot, translations: Translations, path: Path
) -> Iterator[tuple[MainWindow, list[QMessageBox]]]:
    window = MainWindow(translations)
    window.cashier.panel.receipts.output = Printed()  # type: ignore[method-assign]
    window.cashier.info.documents.output = Printed()  # type: ignore[method-assign]
    window.cashier.supervisor.documents.output = Printed()  # type: ignore[method-assign]
    boxes = shown(window)
    window.resize(1366, 768)
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    window.open_database(path)
    qtbot.waitUntil(lambda: window.cashier.overlay.isVisible())
    try:
        yield window, boxes
    finally:
        settle(qtbot, window)
        for panel in (window.cashier.panel, window.cashier.info, window.cashier.supervisor):
            for dialog in list(panel.dialogs):
                dialog.done(QDialog.DialogCode.Rejected)
        window.close_database()
        window.close()
        window.deleteLater()


def sweep_cashier(qtbot: QtBot, window: MainWindow, sweep: Sweep, payers: dict[str, str]) -> None:
    panel, payer = window.cashier.panel, payers["payer"]
    log_in(qtbot, window, "kasier1")
    qtbot.waitUntil(lambda: not window.cashier.overlay.isVisible())
    opening = wait_for(qtbot, window, OpenShiftDialog)
    sweep.screen("cashier: open the shift")
    type_text(opening.opening_float, "abc")
    enter(qtbot, opening.opening_float)
    settle(qtbot, window)
    sweep.screen("cashier: a float that is no amount")
    opening.opening_float.clear()
    qtbot.keyClicks(opening.opening_float, "100")
    enter(qtbot, opening.opening_float)
    qtbot.waitUntil(lambda: window.cashier.state.shift is not None)
    qtbot.waitUntil(lambda: not panel.dialogs)
    sweep.screen("cashier: shift open")
    sweep.menus("cashier", window)

    qtbot.keyClick(panel.search.field, Qt.Key.Key_F2)
    qtbot.keyClicks(panel.search.field, "1000O99")
    enter(qtbot, panel.search.field)
    settle(qtbot, window)
    sweep.screen("cashier: a search that finds nothing")

    panel.search.field.clear()
    qtbot.keyClicks(panel.search.field, payer)
    enter(qtbot, panel.search.field)
    qtbot.waitUntil(lambda: panel.stack.currentWidget() is panel.account)
    settle(qtbot, window)
    sweep.screen("cashier: the account")

    qtbot.keyClick(panel.account.view, Qt.Key.Key_F8)
    history = wait_for(qtbot, window, HistoryDialog)
    sweep.screen("cashier: the payer's payments")
    escape(qtbot, window, history)

    qtbot.keyClick(panel.account.view, Qt.Key.Key_F5)
    tender = wait_for(qtbot, window, TenderDialog)
    sweep.screen("cashier: pay")
    qtbot.keyClicks(tender.cash, "1")
    sweep.screen("cashier: pay, too little cash")
    tender.cash.clear()
    qtbot.keyClicks(tender.card, "99999")
    settle(qtbot, window)
    sweep.screen("cashier: pay, a card over what is due")
    tender.card.clear()
    qtbot.keyClick(tender.cash, Qt.Key.Key_F3)  # all by card
    settle(qtbot, window)
    sweep.screen("cashier: pay by card")
    enter(qtbot, tender.card if tender.card.hasFocus() else tender.cash)
    preview = wait_for(qtbot, window, ReceiptPreview)
    sweep.screen("cashier: the receipt")
    enter(qtbot, preview.print_button)
    qtbot.waitUntil(lambda: preview not in panel.dialogs)
    settle(qtbot, window)
    keys_back(qtbot, window)
    sweep.screen("cashier: paid")

    qtbot.keyClick(panel.account.view, Qt.Key.Key_F9)
    void = wait_for(qtbot, window, VoidDialog)
    sweep.screen("cashier: void")
    enter(qtbot, void.reason)
    sweep.screen("cashier: void without a reason")
    type_text(void.reason, "wrong payer")
    enter(qtbot, void.reason)
    qtbot.keyClicks(void.supervisor, "nachalnik")
    enter(qtbot, void.supervisor)
    qtbot.keyClicks(void.password, "wrong")
    enter(qtbot, void.password)
    settle(qtbot, window)
    sweep.screen("cashier: void with a wrong password")
    for dialog in list(panel.dialogs):
        escape(qtbot, window, dialog)

    for banner, code in payers.items():
        open_account(qtbot, window, sweep, code, f"cashier: the account, {banner}")

    ctrl(qtbot, panel.account.view, Qt.Key.Key_Q)  # quit, with the shift open
    qtbot.waitUntil(lambda: question(window) is not None)
    sweep.screen("cashier: quit with the shift open")
    answer(qtbot, window)
    keys_back(qtbot, window)

    qtbot.keyClick(panel.account.view, Qt.Key.Key_F12)
    closing = wait_for(qtbot, window, CloseShiftDialog)
    sweep.screen("cashier: close the shift")
    ctrl(qtbot, closing.boxes[50000], Qt.Key.Key_Return)  # nothing counted
    qtbot.waitUntil(lambda: question(window) is not None)
    sweep.screen("cashier: close the shift with nothing counted")
    answer(qtbot, window)
    active(qtbot, closing)
    qtbot.keyClicks(closing.boxes[10000], "1")  # the float: no variance
    sweep.screen("cashier: close the shift, counted")
    before = open_dialogs(window)
    qtbot.keyClick(closing.boxes[10000], Qt.Key.Key_F6)  # the interim report
    settle(qtbot, window)
    sweep_new_dialogs(qtbot, window, sweep, "cashier: X report", before)
    active(qtbot, closing)
    ctrl(qtbot, closing.boxes[10000], Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: closing.result_shift is not None)
    settle(qtbot, window)
    sweep.screen("cashier: the shift closed")
    before = open_dialogs(window)
    qtbot.keyClick(closing.done_button, Qt.Key.Key_F6)  # the Z report
    settle(qtbot, window)
    sweep_new_dialogs(qtbot, window, sweep, "cashier: Z report", before)
    active(qtbot, closing)
    enter(qtbot, closing.done_button)
    qtbot.waitUntil(lambda: closing not in panel.dialogs)
    keys_back(qtbot, window)
    sweep.screen("cashier: no shift")

    window.cashier.lock_action.trigger()
    qtbot.waitUntil(lambda: window.cashier.state.locked)
    sweep.screen("cashier: locked")
    unlock = window.cashier.overlay
    qtbot.keyClicks(unlock.password, "wrong")
    enter(qtbot, unlock.password)
    settle(qtbot, window)
    sweep.screen("cashier: locked, a wrong password")
    unlock.password.clear()
    qtbot.keyClicks(unlock.password, DEMO_PASSWORD)
    enter(qtbot, unlock.password)
    qtbot.waitUntil(lambda: not window.cashier.state.locked)
    log_out(qtbot, window)


def sweep_clerk(qtbot: QtBot, window: MainWindow, sweep: Sweep, payers: dict[str, str]) -> None:
    info, payer = window.cashier.info, payers["payer"]
    log_in(qtbot, window, "sluzhitel")
    qtbot.waitUntil(lambda: window.panels.currentWidget() is info)
    settle(qtbot, window)
    sweep.screen("clerk: the information desk")
    sweep.menus("clerk", window)
    for index in range(info.tabs.count()):
        info.tabs.setCurrentIndex(index)
        settle(qtbot, window)
        sweep.screen(f"clerk: tab {index}")
    info.tabs.setCurrentIndex(0)
    qtbot.keyClick(info.search.field, Qt.Key.Key_F2)
    qtbot.keyClicks(info.search.field, "1000O99")
    enter(qtbot, info.search.field)
    settle(qtbot, window)
    sweep.screen("clerk: a search that finds nothing")
    info.search.field.clear()
    qtbot.keyClicks(info.search.field, payer)
    enter(qtbot, info.search.field)
    qtbot.waitUntil(lambda: info.stack.currentWidget() is info.payer_tabs)
    settle(qtbot, window)
    for index in range(info.payer_tabs.count()):
        info.payer_tabs.setCurrentIndex(index)
        settle(qtbot, window)
        sweep.screen(f"clerk: payer tab {index}")
        page = info.payer_tabs.currentWidget()
        for radio in page.findChildren(QRadioButton):  # a new payer's fields too
            if radio.isVisibleTo(page) and radio.isEnabled() and not radio.isChecked():
                qtbot.mouseClick(radio, Qt.MouseButton.LeftButton)
        fields = [f for f in page.findChildren(QLineEdit) if f.isVisibleTo(page) and f.isEnabled()]
        for field_ in fields:
            if not field_.isReadOnly():
                field_.setFocus()
                qtbot.keyClick(field_, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
                qtbot.keyClicks(field_, "99999x@")
        if fields:
            before = open_dialogs(window)
            ctrl(qtbot, fields[0], Qt.Key.Key_S)
            settle(qtbot, window)
            sweep.screen(f"clerk: payer tab {index}, saved with nonsense")
            sweep_new_dialogs(qtbot, window, sweep, f"clerk: payer tab {index}", before)
    before = open_dialogs(window)
    qtbot.keyClick(info.search.field, Qt.Key.Key_F7)
    settle(qtbot, window)
    sweep_new_dialogs(qtbot, window, sweep, "clerk: statement", before)
    for banner, code in payers.items():
        qtbot.keyClick(info.search.field, Qt.Key.Key_F2)
        info.search.field.clear()
        qtbot.keyClicks(info.search.field, code)
        enter(qtbot, info.search.field)
        qtbot.waitUntil(lambda c=code: info.payer_code == c)
        settle(qtbot, window)
        for index in range(info.payer_tabs.count()):
            info.payer_tabs.setCurrentIndex(index)
            settle(qtbot, window)
            sweep.screen(f"clerk: {banner}, payer tab {index}")
    info.stack.setCurrentIndex(0)
    for index in range(info.tabs.count()):
        info.tabs.setCurrentIndex(index)
        settle(qtbot, window)
        tab = info.tabs.currentWidget()
        for button in tab.findChildren(QPushButton):
            if button.isVisibleTo(tab) and button.isEnabled():
                before = open_dialogs(window)
                qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
                settle(qtbot, window)
                sweep.screen(f"clerk: tab {index}, {button.text()}")
                sweep_new_dialogs(qtbot, window, sweep, f"clerk: tab {index}", before)
    log_out(qtbot, window)


def sweep_supervisor(
    qtbot: QtBot, window: MainWindow, sweep: Sweep, user: str, boxes: list[QMessageBox]
) -> None:
    log_in(qtbot, window, user)
    qtbot.waitUntil(lambda: not window.cashier.overlay.isVisible())
    settle(qtbot, window)
    for dialog in list(window.cashier.panel.dialogs):
        if isinstance(dialog, OpenShiftDialog):
            sweep.screen(f"{user}: offered a shift")
            escape(qtbot, window, dialog)
    sweep.screen(f"{user}: logged in")
    sweep.menus(user, window)
    window.cashier.supervisor_action.trigger()
    supervisor = window.cashier.supervisor
    qtbot.waitUntil(lambda: window.panels.currentWidget() is supervisor)
    for index in range(supervisor.tabs.count()):
        supervisor.tabs.setCurrentIndex(index)
        settle(qtbot, window)
        sweep.screen(f"{user}: supervisor tab {index}")
        tab = supervisor.tabs.currentWidget()
        if tab is supervisor.users:
            continue  # below, a row chosen first
        for button in tab.findChildren(QPushButton):
            if button.isVisibleTo(tab) and button.isEnabled():
                before = open_dialogs(window)
                qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
                settle(qtbot, window)
                sweep.screen(f"{user}: supervisor tab {index}, {button.text()}")
                sweep_new_dialogs(qtbot, window, sweep, f"{user}: tab {index}", before)
    users = supervisor.users
    supervisor.tabs.setCurrentWidget(users)
    settle(qtbot, window)
    users.table.setFocus()
    users.table.selectRow(0)
    for button, _key, _slot in users.commands:
        if not button.isEnabled():
            continue
        before = open_dialogs(window)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        settle(qtbot, window)
        sweep_new_dialogs(qtbot, window, sweep, f"{user}: users, {button.text()}", before)
    window.cashier.overview_action.trigger()
    settle(qtbot, window)
    sweep.screen(f"{user}: database overview")
    window.help_action.trigger()
    window.about_action.trigger()
    for box in boxes:
        sweep.widget_tree(f"{user}: message box", box)
    boxes.clear()
    log_out(qtbot, window)


def test_every_screen_speaks_english_but_the_data(
    qtbot: QtBot,
    english: Translations,
    demo: tuple[Path, list[str], dict[str, str]],
) -> None:
    path, data, payers = demo
    sweep = Sweep(data)
    with app_window(qtbot, english, path) as (window, boxes):
        sweep.screen("login")
        sweep.menus("login", window)
        log_in(qtbot, window, "kasier1", "not the password")
        settle(qtbot, window)
        sweep.screen("login refused")
        temporary = payers.pop("temporary password")
        log_in(qtbot, window, "kasier2", temporary)
        overlay = window.cashier.overlay
        qtbot.waitUntil(lambda: overlay.changing is not None and overlay.new_password.isVisible())
        sweep.screen("login: choose a new password")
        qtbot.keyClicks(overlay.new_password, "short")
        enter(qtbot, overlay.new_password)
        qtbot.keyClicks(overlay.new_again, "other")
        enter(qtbot, overlay.new_again)
        settle(qtbot, window)
        sweep.screen("login: new passwords that do not match")
        qtbot.keyClick(overlay.new_again, Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: overlay.changing is None)
        sweep_cashier(qtbot, window, sweep, payers)
        sweep_clerk(qtbot, window, sweep, payers)
        sweep_supervisor(qtbot, window, sweep, "nachalnik", boxes)
        sweep_supervisor(qtbot, window, sweep, "admin", boxes)
        # A file that cannot be opened: the calm page, in English.
        blocker = path.parent / "a file, not a folder"
        blocker.write_text("")
        window.open_database(blocker / "desk.sqlite")
        qtbot.waitUntil(lambda: window.panels.currentWidget() is window.problem_page)
        sweep.screen("a database that cannot be opened")

    assert len(sweep.seen) > 500, "the sweep saw the screens"
    foreign = sweep.foreign()
    assert not foreign, "Cyrillic on English screens:\n" + "\n".join(foreign)


# --- the command line -----------------------------------------------------------------

COMMANDS = (
    [],
    ["import"],
    ["quote"],
    ["demo"],
    ["set-desk"],
    ["report"],
    ["report", "daily"],
    ["report", "campaign"],
    ["central"],
    ["central", "init"],
    ["central", "compact"],
    ["central", "import"],
    ["central", "demo"],
    ["central", "add-desk"],
    ["join"],
    ["sync"],
)


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    try:
        code = main(argv)
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out + err


def test_the_command_line_speaks_english_on_request(
    demo: tuple[Path, list[str], dict[str, str]],
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path, data, payers = demo
    sweep = Sweep(data)
    for command in COMMANDS:
        code, text = run(["--lang", "en", *command, "--help"], capsys)
        assert code == 0, text
        sweep.add(f"desk {' '.join(command)} --help", text)
    db = ["--db", str(path)]
    cut = tmp_path / "cut.json"
    cut.write_text('{"format": "desk/1", "properties": [{"subscriber_number": "10', "utf-8")
    wrong = tmp_path / "wrong.json"
    wrong.write_text('{"format": "desk/1", "payers": [{"payer_code": "4000000017"}]}', "utf-8")
    cases: list[tuple[list[str], Callable[[int], bool]]] = [
        (["quote", payers["payer"], "--on", "2026-12-06", *db], lambda c: c == 0),
        (["quote", payers["payer"], "--on", "06.12.2026", *db], lambda c: c == 2),
        (["quote", "4000000011", "--on", "2026-12-06", *db], lambda c: c == 2),
        (["quote", "4000000010", "--on", "2026-12-06", "--db", str(tmp_path / "no")], bool),
        (["quote"], lambda c: c == 2),
        (["quote", payers["payer"], "--on", "2026-12-06", "--pay", "NOPE", *db], bool),
        (["report", "daily", "--date", "yesterday", "--out", "x.pdf", *db], bool),
        (["report", "daily", "--date", "2026-12-06", "--out", str(tmp_path), *db], bool),
        (["set-desk", "K9", *db], bool),
        (["sync", *db], bool),
        (["join", *db], bool),
        (["central", "add-desk", "K2", "--name", "x", "--kind", "bank", "--url", "x"], bool),
        (["central", "init", "mysql://x/y"], bool),
        (["import", str(tmp_path / "missing.json"), *db], bool),
        (["import", str(cut), *db], bool),
        (["import", str(wrong), *db], bool),
        (["demo", "--properties", "0", "--db", str(tmp_path / "d.sqlite")], bool),
        (["demo", "--today", "2020-01-01", "--db", str(tmp_path / "d.sqlite")], bool),
        (["demo", "--properties", "3", "--db", str(tmp_path / "d3.sqlite")], lambda c: c == 0),
        (
            ["report", "campaign", "--on", "2026-12-06", "--out", str(tmp_path / "c.pdf"), *db],
            lambda c: c == 0,
        ),
        (["--lang", "xx"], bool),
        (["nonsense"], bool),
    ]
    for argv, expected in cases:
        monkeypatch.chdir(tmp_path)
        code, text = run(["--lang", "en", *argv], capsys)
        assert expected(code), (argv, code, text)
        sweep.add(f"desk {' '.join(argv)}", text)
    monkeypatch.setenv("DESK_LANG", "en")
    code, text = run(["quote", payers["payer"], "--on", "2026-12-06", *db], capsys)
    assert code == 0 and "Payer" in text
    sweep.add("DESK_LANG=en desk quote", text)

    foreign = sweep.foreign()
    assert not foreign, "Cyrillic in the English command line:\n" + "\n".join(foreign)
