"""The desk inside the main window: login over the window, the idle lock, the
cashier panel or (for clerks) the information desk, and a Desk menu that keeps
the overview reachable."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from desk.models.db import Database
from desk.services.context import SUPERVISING_ROLES, DeskContext
from desk.ui.cashier.cashier_panel import CashierPanel
from desk.ui.cashier.idle import IdleWatch
from desk.ui.cashier.login import LoginOverlay
from desk.ui.cashier.session import CashierState
from desk.ui.info.panel import InfoPanel
from desk.ui.supervisor.panel import SupervisorPanel

# Clerks work at the information desk; supervisors and admins may step in. Cashiers may not.
INFO_ROLES = frozenset({"clerk", "supervisor", "admin"})
# Reports, voids, users and the audit log: supervisors and admins only (the services'
# own rule, so the menu and the lock cannot drift apart).
SUPERVISOR_ROLES = SUPERVISING_ROLES

if TYPE_CHECKING:
    from desk.ui.main_window import MainWindow


class CashierDesk(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.state = CashierState(window.tasks)
        self.panel = CashierPanel(self.state, window)
        window.panels.addWidget(self.panel)
        self.info = InfoPanel(self.state, window)
        window.panels.addWidget(self.info)
        self.supervisor = SupervisorPanel(self.state, window)
        window.panels.addWidget(self.supervisor)
        self.overlay = LoginOverlay(self.state, window.centralWidget())
        self.overlay.logged_in.connect(self._logged_in)
        self.idle = IdleWatch(self)
        self.idle.idle.connect(self.lock)
        self.locked = False

        self.desk_action = QAction(self, shortcut=QKeySequence("Ctrl+1"))
        self.desk_action.triggered.connect(self.show_desk)
        self.info_action = QAction(self, shortcut=QKeySequence("Ctrl+3"))
        self.info_action.triggered.connect(self.show_info)
        self.supervisor_action = QAction(self, shortcut=QKeySequence("Ctrl+4"))
        self.supervisor_action.triggered.connect(self.show_supervisor)
        self.overview_action = QAction(self, shortcut=QKeySequence("Ctrl+2"))
        self.overview_action.triggered.connect(self.show_overview)
        self.lock_action = QAction(self, shortcut=QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(self.lock)
        self.log_out_action = QAction(self)
        self.log_out_action.triggered.connect(self.log_out)
        self.menu = QMenu(window)
        self.menu.addActions(
            [self.desk_action, self.info_action, self.supervisor_action, self.overview_action]
        )
        self.menu.addSeparator()
        self.menu.addActions([self.lock_action, self.log_out_action])
        window.menuBar().insertMenu(window.help_menu.menuAction(), self.menu)
        window.installEventFilter(self)
        self._set_actions(False)
        self.retranslate()

    def database_ready(self, database: Database) -> None:
        """A database was opened (or opened again): whoever worked before logs in anew."""
        self.state.database = database
        self.log_out()

    def log_out(self) -> None:
        self.state.ctx, self.state.shift, self.locked = None, None, False
        self.state.locked = False
        self.idle.stop()
        self.panel.reset()
        self.info.reset()
        self.supervisor.reset()
        self._cover(True)
        self.overlay.ask()

    def lock(self) -> None:
        """Ten idle minutes, or Ctrl+L: the login over everything, the work kept under it."""
        ctx = self.state.ctx
        if ctx is None or self.locked:
            return
        self.locked = self.state.locked = True
        self.idle.stop()
        self.panel.hide_dialogs()
        self.info.hide_dialogs()
        self.supervisor.hide_dialogs()
        self._cover(True)
        self.overlay.ask(locked_user=ctx.username, locked_name=ctx.full_name)

    def show_desk(self) -> None:
        if self.state.ctx is not None:
            self.window.header.show_place(info_centre=False)
            self.window.panels.setCurrentWidget(self.panel)
            self.panel.focus_search()

    def show_info(self) -> None:
        ctx = self.state.ctx
        if ctx is not None and ctx.role in INFO_ROLES:
            self.window.header.show_place(info_centre=True)
            self.window.panels.setCurrentWidget(self.info)
            self.info.focus_search()

    def show_supervisor(self) -> None:
        ctx = self.state.ctx
        if ctx is not None and ctx.role in SUPERVISOR_ROLES:
            self.window.header.show_place(info_centre=False)
            self.window.panels.setCurrentWidget(self.supervisor)
            self.supervisor.start()

    def show_overview(self) -> None:
        if self.state.ctx is not None:
            self.window.refresh()

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
            for panel in (self.panel, self.info, self.supervisor):
                panel.reset()
        if self.locked:
            self.locked = False
            self.panel.retranslate()
            self.panel.show_dialogs()
            self.info.retranslate()
            self.info.show_dialogs()
            self.supervisor.retranslate()
            self.supervisor.show_dialogs()
            return
        self._set_actions(True)
        if ctx.role == "clerk":
            self.info.start()
            self.window.header.show_place(info_centre=True)
            self.window.panels.setCurrentWidget(self.info)
            self.info.focus_search()
            return
        self.panel.start()
        self.window.panels.setCurrentWidget(self.panel)
        self.panel.focus_search()

    def _cover(self, covered: bool) -> None:
        # Under the login nothing may be reached: not by Tab, not by an F-key, not by a menu.
        self.window.panels.setEnabled(not covered)
        self.window.header.setEnabled(not covered)
        self._set_actions(not covered)

    def _set_actions(self, enabled: bool) -> None:
        for action in self.menu.actions():
            action.setEnabled(enabled)
        ctx = self.state.ctx
        self.info_action.setEnabled(enabled and ctx is not None and ctx.role in INFO_ROLES)
        self.supervisor_action.setEnabled(
            enabled and ctx is not None and ctx.role in SUPERVISOR_ROLES
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        return False

    def retranslate(self) -> None:
        self.menu.setTitle(self.tr("&Desk"))
        self.desk_action.setText(self.tr("&Cashier desk"))
        self.info_action.setText(self.tr("&Information desk"))
        self.supervisor_action.setText(self.tr("&Supervisor"))
        self.overview_action.setText(self.tr("Database &overview"))
        self.lock_action.setText(self.tr("&Lock the screen"))
        self.log_out_action.setText(self.tr("Log &out"))
