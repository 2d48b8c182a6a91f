"""The desk inside the main window: login over the window, the idle lock, the
cashier panel or (for clerks) the information desk, and a Desk menu that keeps
the overview reachable.

The information desk and the supervisor's screens are built (and their modules
imported) when first needed, not before the login: a cashier's start does not
wait for two dozen pages it may not open (issue 15: 0.3 s of CPU before the
login, measured with bench.startup)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QDialog,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from desk.models.db import Database
from desk.services.context import SUPERVISING_ROLES, DeskContext
from desk.ui.cashier.cashier_panel import CashierPanel
from desk.ui.header import DatabaseHeader
from desk.ui.kit.formatting import time_text
from desk.ui.kit.session import DeskState
from desk.ui.shell.idle import IdleWatch
from desk.ui.shell.login import LoginOverlay
from desk.ui.tasks import Tasks

# Clerks work at the information desk; supervisors and admins may step in. Cashiers may not.
INFO_ROLES = frozenset({"clerk", "supervisor", "admin"})
# Reports, voids, users and the audit log: supervisors and admins only (the services'
# own rule, so the menu and the lock cannot drift apart).
SUPERVISOR_ROLES = SUPERVISING_ROLES

if TYPE_CHECKING:
    from desk.ui.info.panel import InfoPanel
    from desk.ui.supervisor.panel import SupervisorPanel


class CashierDesk(QObject):
    """The roles' host. The main window hands over the parts it shares (its workers,
    its stack of panels, its header, its Help menu, its overview's refresh) rather
    than itself: it imports the shell, and the shell must not import it back."""

    def __init__(
        self,
        window: QMainWindow,
        *,
        tasks: Tasks,
        panels: QStackedWidget,
        header: DatabaseHeader,
        help_menu: QMenu,
        refresh: Callable[[], None],
    ) -> None:
        super().__init__(window)
        self.window = window
        self.panels = panels
        self.header = header
        self._refresh = refresh
        self.state = DeskState(tasks)
        self.panel = CashierPanel(self.state, window)
        panels.addWidget(self.panel)
        self._info: InfoPanel | None = None
        self._supervisor: SupervisorPanel | None = None
        covered = window.centralWidget()  # the header and the panels, set before the desk
        assert covered is not None
        self.overlay = LoginOverlay(self.state, covered)
        self.overlay.logged_in.connect(self._logged_in)
        self.idle = IdleWatch(self)
        self.idle.idle.connect(lambda: self.lock(idle=True))
        self.locked = False
        # What had the keys when the screen was locked, innermost first (see _restore_focus).
        self._focus_chain: list[QWidget] = []
        # A cell editor open at the lock: its view, its cell and what was typed in it.
        self._editing: tuple[QAbstractItemView, QPersistentModelIndex, str] | None = None
        # Windows the lock hid besides the panels' dialogs (a question over a dialog).
        self._hidden: list[QDialog] = []
        self._quit_question: QMessageBox | None = None
        self._quit_confirmed = False
        panels.currentChanged.connect(self._panel_shown)

        self.desk_action = QAction(self, shortcut=QKeySequence("Ctrl+1"))
        self.desk_action.triggered.connect(self.show_desk)
        self.info_action = QAction(self, shortcut=QKeySequence("Ctrl+3"))
        self.info_action.triggered.connect(self.show_info)
        self.supervisor_action = QAction(self, shortcut=QKeySequence("Ctrl+4"))
        self.supervisor_action.triggered.connect(self.show_supervisor)
        self.overview_action = QAction(self, shortcut=QKeySequence("Ctrl+2"))
        self.overview_action.triggered.connect(self.show_overview)
        self.lock_action = QAction(self, shortcut=QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(lambda: self.lock())
        self.log_out_action = QAction(self)
        self.log_out_action.triggered.connect(self.ask_log_out)
        self.menu = QMenu(window)
        self.menu.addActions(
            [self.desk_action, self.info_action, self.supervisor_action, self.overview_action]
        )
        self.menu.addSeparator()
        self.menu.addActions([self.lock_action, self.log_out_action])
        window.menuBar().insertMenu(help_menu.menuAction(), self.menu)
        # One filter for the whole application, the only one: Ctrl+L in a dialog (the
        # window's shortcut does not reach a window-modal dialog), input for the idle
        # lock, the window's language change. Qt calls it for every event.
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)
        self._set_actions(False)
        self.retranslate()

    @property
    def info(self) -> InfoPanel:
        """The information desk, built on first use."""
        if self._info is None:
            from desk.ui.info.panel import InfoPanel

            self._info = InfoPanel(self.state, self.window)
            self.panels.addWidget(self._info)
        return self._info

    @property
    def supervisor(self) -> SupervisorPanel:
        """The supervisor's screens, built on first use."""
        if self._supervisor is None:
            from desk.ui.supervisor.panel import SupervisorPanel

            self._supervisor = SupervisorPanel(self.state, self.window)
            self.panels.addWidget(self._supervisor)
        return self._supervisor

    def _built(self) -> list[CashierPanel | InfoPanel | SupervisorPanel]:
        """The panels that exist: one never built has no dialogs, no work to keep."""
        return [p for p in (self.panel, self._info, self._supervisor) if p is not None]

    def database_ready(self, database: Database) -> None:
        """A database was opened (or opened again): whoever worked before logs in anew."""
        self.state.database = database
        self.log_out()

    def log_out(self) -> None:
        self.state.ctx, self.state.shift, self.locked = None, None, False
        self.state.locked = False
        self.idle.stop()
        self._drop_locked_work()
        for panel in self._built():
            panel.reset()
        self._cover(True)
        self.overlay.ask()

    def ask_log_out(self) -> None:
        """Desk → Log out: with a shift open, first a question that names it (as
        quitting asks); the shift stays open after either, until it is closed."""
        shift, ctx = self.state.shift, self.state.ctx
        if shift is None or ctx is None or self.locked:
            self.log_out()  # the locked screen's way out is for whoever is at the desk
            return
        self._ask_about_open_shift(
            "logOutQuestion",
            self.tr("Log out with the shift open?"),
            self.tr(
                "The shift of {name} at {desk} has been open since {since}. It stays "
                "open after logging out: close it first (F12) to count the drawer and "
                "print the Z report.\n\nLog out anyway?"
            ).format(name=ctx.full_name, desk=ctx.desk_name, since=time_text(shift.opened_at)),
            self.tr("&Log out"),
            self.log_out,
        )

    def _drop_locked_work(self) -> None:
        """What the lock kept aside goes: the typing of a cell, the questions it hid."""
        self._editing, self._focus_chain = None, []
        hidden, self._hidden = self._hidden, []
        for dialog in hidden:
            if shiboken6.isValid(dialog):
                dialog.reject()  # a question unanswered: the safe answer

    def lock(self, *, idle: bool = False) -> None:
        """Ten idle minutes (``idle``), or Ctrl+L: the login over everything, the work
        kept under it."""
        ctx = self.state.ctx
        if ctx is None or self.locked:
            return
        self._editing = self._put_editor_away()
        self._focus_chain = self._keys_at()
        self.locked = self.state.locked = True
        self.idle.stop()
        for panel in self._built():
            panel.hide_dialogs()
        # ...and whatever else is open over the window: a question a dialog asked.
        self._hidden = self._dialogs_over_window()
        for dialog in self._hidden:
            dialog.hide()
        self._cover(True)
        # A hidden dialog had the keys: the window takes them, for the password.
        self.window.activateWindow()
        self.overlay.ask(locked_user=ctx.username, locked_name=ctx.full_name, idle=idle)

    def may_quit(self, quit_: Callable[[], object]) -> bool:
        """The window is asked to close: True to close now. With a shift open, first a
        question that names it; its "Quit" calls ``quit_`` again, and then it closes."""
        shift, ctx = self.state.shift, self.state.ctx
        if self._quit_confirmed or shift is None or ctx is None:
            return True
        if self._quit_question is not None:
            return False  # asked already: the question is on screen

        def confirmed() -> None:
            self._quit_confirmed = True
            quit_()
            self._quit_confirmed = False

        self._ask_about_open_shift(
            "quitQuestion",
            self.tr("Quit with the shift open?"),
            self.tr(
                "The shift of {name} at {desk} has been open since {since}. Closing it "
                "(F12) counts the drawer and prints the Z report; after quitting it stays "
                "open until it is closed.\n\nQuit anyway?"
            ).format(name=ctx.full_name, desk=ctx.desk_name, since=time_text(shift.opened_at)),
            self.tr("&Quit"),
            confirmed,
        )
        return False

    def _ask_about_open_shift(
        self, name: str, title: str, text: str, leave: str, then: Callable[[], object]
    ) -> None:
        """A question about leaving with the shift open: "Stay" is the default, for
        Enter by habit and Esc; the other button calls ``then``."""
        if self._quit_question is not None:
            return  # one question at a time: it is on screen
        question = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=self.window)
        question.setObjectName(name)
        leave_button = question.addButton(leave, QMessageBox.ButtonRole.AcceptRole)
        stay = question.addButton(self.tr("&Stay"), QMessageBox.ButtonRole.RejectRole)
        question.setDefaultButton(stay)  # Enter by habit keeps the desk open
        question.setEscapeButton(stay)
        question.setWindowModality(Qt.WindowModality.WindowModal)

        def answered() -> None:
            self._quit_question = None
            question.deleteLater()
            if question.clickedButton() is leave_button:
                then()
            if self.window.isVisible():  # the keys back to the desk (or the login)
                self.window.activateWindow()

        question.finished.connect(answered)
        self._quit_question = question
        question.open()

    def show_desk(self) -> None:
        if self.state.ctx is not None:
            self.panels.setCurrentWidget(self.panel)
            self.panel.focus_search()

    def show_info(self) -> None:
        ctx = self.state.ctx
        if ctx is not None and ctx.role in INFO_ROLES:
            self.panels.setCurrentWidget(self.info)
            self.info.focus_search()

    def show_supervisor(self) -> None:
        ctx = self.state.ctx
        if ctx is not None and ctx.role in SUPERVISOR_ROLES:
            self.panels.setCurrentWidget(self.supervisor)
            self.supervisor.start()

    def show_overview(self) -> None:
        if self.state.ctx is not None:
            self._refresh()

    def _logged_in(self, ctx: DeskContext) -> None:
        # Who it is first: the menu's actions follow the role as it is now.
        previous, self.state.ctx = self.state.ctx, ctx
        self.state.locked = False
        self._cover(False)
        self.idle.start()
        if self.locked and (previous is None or previous.role != ctx.role):
            # The role changed while the screen was locked (a supervisor demoted meanwhile):
            # nothing of the old role's screens stays; start as after a fresh login.
            self.locked = False
            self._drop_locked_work()
            for panel in self._built():
                panel.reset()
        if self.locked:
            self.locked = False
            for panel in self._built():
                panel.retranslate()
                panel.show_dialogs()
            self._show_hidden()
            self._restore_focus()
            return
        self._focus_chain = []
        self._set_actions(True)
        if ctx.role == "clerk":
            self.info.start()
            self.panels.setCurrentWidget(self.info)
            self.info.focus_search()
            return
        self.panel.start()
        self.panels.setCurrentWidget(self.panel)
        self.panel.focus_search()

    def _cover(self, covered: bool) -> None:
        # Under the login nothing may be reached: not by Tab, not by an F-key, not by a menu.
        self.panels.setEnabled(not covered)
        self.header.setEnabled(not covered)
        self._set_actions(not covered)
        # ...except "Log out": the locked screen's own way out for whoever is at the desk.
        self.log_out_action.setEnabled(self.state.ctx is not None)

    def _set_actions(self, enabled: bool) -> None:
        for action in self.menu.actions():
            action.setEnabled(enabled)
        ctx = self.state.ctx
        # A screen the role cannot open is not offered at all (hidden, not greyed).
        for action, roles in (
            (self.info_action, INFO_ROLES),
            (self.supervisor_action, SUPERVISOR_ROLES),
        ):
            allowed = ctx is not None and ctx.role in roles
            action.setVisible(allowed)
            action.setEnabled(enabled and allowed)

    def _panel_shown(self, _index: int) -> None:
        """The header names the screen shown, whoever or whatever chose it."""
        shown = self.panels.currentWidget()
        place: dict[QWidget | None, str] = {
            self.panel: "desk",
            self._info: "info",
            self._supervisor: "supervisor",
        }
        self.header.show_place(place.get(shown) if shown is not None else None)

    # --- the keys across the lock ---------------------------------------------------

    def _dialogs_over_window(self) -> list[QDialog]:
        """Visible dialogs of this window that no panel holds (a dialog's own question),
        parents before their children."""
        held = {d for p in self._built() for d in p.dialogs}
        found: list[tuple[int, QDialog]] = []
        for widget in QApplication.topLevelWidgets():
            if not isinstance(widget, QDialog) or widget in held or not widget.isVisible():
                continue
            depth, parent = 0, widget.parentWidget()
            while parent is not None and parent is not self.window:
                depth, parent = depth + 1, parent.parentWidget()
            if parent is self.window:
                found.append((depth, widget))
        return [dialog for _depth, dialog in sorted(found, key=lambda pair: pair[0])]

    def _show_hidden(self) -> None:
        hidden, self._hidden = self._hidden, []
        for dialog in hidden:
            # One run by exec() (Help, About) ended when it was hidden: it stays closed.
            nested = dialog.windowModality() == Qt.WindowModality.ApplicationModal
            if shiboken6.isValid(dialog) and not nested and not dialog.isVisible():
                dialog.show()
                dialog.activateWindow()

    def _keys_at(self) -> list[QWidget]:
        """The widget with the keys in the window (not in a dialog) and its ancestors."""
        chain: list[QWidget] = []
        widget = QApplication.focusWidget()
        if widget is None or widget.window() is not self.window:
            return chain
        while widget is not None and widget is not self.window:
            chain.append(widget)
            widget = widget.parentWidget()
        return chain

    def _put_editor_away(self) -> tuple[QAbstractItemView, QPersistentModelIndex, str] | None:
        """A cell editor with the keys (a partial amount half typed) is closed without
        committing: covered, it would lose the keys, and a view commits an editor that
        loses them (the "1" of "120" became the amount to pay). Opened again at the unlock."""
        editor = QApplication.focusWidget()
        if not isinstance(editor, QLineEdit) or editor.window() is not self.window:
            return None
        view = editor.parentWidget()
        while view is not None and not isinstance(view, QAbstractItemView):
            view = view.parentWidget()
        if view is None or view.state() != QAbstractItemView.State.EditingState:
            return None
        index, text = QPersistentModelIndex(view.currentIndex()), editor.text()
        view.closeEditor(editor, QAbstractItemDelegate.EndEditHint.RevertModelCache)
        return view, index, text

    def _reopen_editor(self) -> bool:
        editing, self._editing = self._editing, None
        if editing is None:
            return False
        view, index, text = editing
        if not shiboken6.isValid(view) or not index.isValid() or not view.isVisible():
            return False
        view.setFocus(Qt.FocusReason.OtherFocusReason)
        view.setCurrentIndex(view.model().index(index.row(), index.column()))
        view.edit(view.currentIndex())
        editor = view.indexWidget(view.currentIndex())
        if isinstance(editor, QLineEdit):
            editor.setText(text)  # as it was typed, the cursor after it
            editor.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def _restore_focus(self) -> None:
        """After the unlock the keys go back where they were (an F-key, Enter work at once).

        A cell editor open at the lock opens again with what was typed in it. A dialog
        shown again takes the keys itself."""
        chain, self._focus_chain = self._focus_chain, []
        if any(d.isVisible() for p in self._built() for d in p.dialogs):
            self._editing = None
            return
        if self._reopen_editor():
            return
        for widget in chain:
            if (
                shiboken6.isValid(widget)
                and widget.isVisible()
                and widget.isEnabled()
                and widget.focusPolicy() != Qt.FocusPolicy.NoFocus
            ):
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
                return
        shown = self.panels.currentWidget()
        if shown is self.panel:
            self.panel.focus_search()
        elif shown is self._info and self._info is not None:
            self._info.focus_search()
        elif shown is not None:
            shown.setFocus()

    def _is_lock_key(self, watched: QObject, event: QEvent) -> bool:
        """A KeyPress: is it Ctrl+L in a dialog over the window?"""
        if self.state.ctx is None or self.locked:
            return False
        if not isinstance(event, QKeyEvent) or not isinstance(watched, QWidget):
            return False
        if QKeySequence(event.keyCombination()) != self.lock_action.shortcut():
            return False
        top: QWidget | None = watched.window()
        while top is not None and top is not self.window:
            top = top.parentWidget()  # a dialog's parent is a widget of the window
        return top is self.window and watched.window() is not self.window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()  # once: each call makes a Python enum
        self.idle.saw(kind)
        if kind == QEvent.Type.KeyPress and self._is_lock_key(watched, event):
            self.lock()  # hides the dialog with the rest
            return True
        if kind == QEvent.Type.LanguageChange and watched is self.window:
            self.retranslate()
        return False

    def retranslate(self) -> None:
        self.menu.setTitle(self.tr("&Desk"))
        self.desk_action.setText(self.tr("&Cashier desk"))
        self.info_action.setText(self.tr("&Information desk"))
        self.supervisor_action.setText(self.tr("&Supervisor"))
        self.overview_action.setText(self.tr("Database &overview"))
        self.lock_action.setText(self.tr("&Lock the screen"))
        self.log_out_action.setText(self.tr("Log o&ut"))
