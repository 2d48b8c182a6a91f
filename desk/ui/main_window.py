"""The main window: a header, a stack of panels, menus and a status bar.

The window never touches the database itself: opening it (and the schema
upgrade, and making the demo data) and every read go through ``Tasks``.
Once a database is open, the login (desk.ui.shell) covers the window; after it the
cashier panel (desk.ui.cashier) is shown, and the Desk menu leads back to the
overview. The status bar's right corner is the sync with the central database
(desk.ui.sync_status), which works on its own queue.

Opening reads nothing that grows with the file's history, so the login is up as
soon on a city's ten years as on a demo; the overview's counts are read when
someone asks for them (the Desk menu, Ctrl+R).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import qVersion
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desk.models.db import Database, open_database
from desk.services.overview import (
    CountingStopped,
    DatabaseFile,
    Overview,
    database_file,
    database_overview,
)
from desk.ui.header import DatabaseHeader
from desk.ui.i18n import LANGUAGES, Retranslating, Translations
from desk.ui.overview_panel import OverviewPanel
from desk.ui.plain_text import DataLabel
from desk.ui.shell.desk import CashierDesk
from desk.ui.status_pages import BusyPage, ProblemPage
from desk.ui.style import guard_menu_bar, named
from desk.ui.sync_status import SyncController
from desk.ui.tasks import Tasks

# A text to show, asked for again when the language changes.
Text = Callable[[], str]


def open_desk_database(path: Path, *, prepare_demo: bool) -> tuple[Database, DatabaseFile]:
    """Worker side of opening: make the demo data if asked, upgrade the schema, see the file.

    No counts here: they scan the history (desk.services.overview), and a cashier
    starting the day waits for the login, not for them."""
    if prepare_demo:
        # Imported here: only the demo start needs the generator, and it is heavy.
        from desk.services.demo import ensure_demo_database

        path.parent.mkdir(parents=True, exist_ok=True)
        ensure_demo_database(path)
    database = open_database(path)
    if prepare_demo:
        from desk.services.users import ensure_demo_users

        ensure_demo_users(database)
    try:
        return database, database_file(database)
    except BaseException:
        database.close()
        raise


class MainWindow(Retranslating, QMainWindow):
    def __init__(self, translations: Translations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.translations = translations
        self.tasks = Tasks(self._show_environment_error, self)
        self.database: Database | None = None
        self._retry = self.refresh
        # Set at close: a count still scanning stops instead of holding the quit (app.run).
        self._closing = threading.Event()

        self.header = DatabaseHeader()
        self.busy_page = BusyPage()
        self.problem_page = ProblemPage()
        self.problem_page.retry.connect(lambda: self._retry())
        self.overview_panel = OverviewPanel()
        self.panels = named(QStackedWidget(), "panels")
        for page in (self.busy_page, self.problem_page, self.overview_panel):
            self.panels.addWidget(page)

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.panels, 1)
        self.setCentralWidget(central)

        self.status_label = DataLabel()
        self._status_text = self._ready_text
        busy = QProgressBar()
        busy.setRange(0, 0)
        busy.setTextVisible(False)
        busy.hide()
        self.tasks.busy_changed.connect(busy.setVisible)
        self.sync = SyncController(self)
        self.statusBar().addWidget(self.status_label, 1)
        self.statusBar().addPermanentWidget(busy)
        self.statusBar().addPermanentWidget(self.sync.widget)

        self._make_actions()
        guard_menu_bar(self.menuBar())  # a stray Alt leaves the menus alone
        self.cashier = CashierDesk(
            self,
            tasks=self.tasks,
            panels=self.panels,
            header=self.header,
            help_menu=self.help_menu,
            refresh=self.refresh,
        )
        self.resize(1180, 720)
        self.retranslate()

    # --- the database -------------------------------------------------------

    def open_database(self, path: Path, *, prepare_demo: bool = False) -> None:
        self._retry = lambda: self.open_database(path, prepare_demo=prepare_demo)
        self.header.show_database(path)
        if prepare_demo:
            self._show_busy(lambda: self.tr("Preparing the demo database…"))
        else:
            self._show_busy(lambda: self.tr("Opening the database…"))
        self.tasks.run(
            lambda: open_desk_database(path, prepare_demo=prepare_demo), self._database_opened
        )

    def refresh(self) -> None:
        database = self.database
        if database is None:
            return
        self._retry = self.refresh
        self._set_status(lambda: self.tr("Reading the database…"))
        asked_on, closing = self.panels.currentWidget(), self._closing

        def count() -> Overview | None:
            try:
                return database_overview(database, stop=closing.is_set)
            except CountingStopped:
                return None  # the window is closing: nobody waits for the numbers

        self.tasks.run(count, lambda overview: self._counted(database, asked_on, overview))

    def close_database(self) -> bool:
        """At shutdown, after ``tasks.wait_for_done()``: no worker may still hold the engine.

        False: a sync is still waiting for the central database (see ``SyncController.shutdown``).
        """
        stopped = self.sync.shutdown()
        if self.database is not None:
            self.database.close()
            self.database = None
        return stopped

    def closeEvent(self, event: QCloseEvent) -> None:
        # Ctrl+Q, the window's close button, the session ending: an open shift is asked about.
        if self.cashier.may_quit(self.close):
            self._closing.set()
            super().closeEvent(event)
        else:
            event.ignore()

    def _database_opened(self, opened: tuple[Database, DatabaseFile]) -> None:
        previous, (self.database, file) = self.database, opened
        if previous is not None:
            # Closing checkpoints the WAL journal: disk work, so not on this thread.
            self.tasks.run(previous.close, lambda _none: None)
        self.header.show_database(file.path, demo_seed=file.demo_seed)
        self.overview_panel.show_file(file)
        self.panels.setCurrentWidget(self.overview_panel)
        self._set_status(self._ready_text)
        assert self.database is not None
        self.cashier.database_ready(self.database)
        self.sync.database_ready(self.database)

    def _counted(
        self, database: Database, asked_on: QWidget | None, overview: Overview | None
    ) -> None:
        """The counts are in. Counting scans the history (a minute on a city's file with a
        cold cache): whoever went on to other screens meanwhile stays there."""
        if database is not self.database or overview is None:
            return
        if self.panels.currentWidget() in (asked_on, self.overview_panel):
            self._show_overview(overview)
        else:
            self.overview_panel.show_overview(overview)
            self._set_status(self._ready_text)

    def _show_overview(self, overview: Overview) -> None:
        self.header.show_database(overview.path, demo_seed=overview.demo_seed)
        self.overview_panel.show_overview(overview)
        self.panels.setCurrentWidget(self.overview_panel)
        self._set_status(self._ready_text)

    def _show_busy(self, message: Text) -> None:
        self.busy_page.show_message(message)
        self.panels.setCurrentWidget(self.busy_page)
        self._set_status(message)

    def _show_environment_error(self, error: BaseException) -> None:
        self.problem_page.show_error(error)
        self.panels.setCurrentWidget(self.problem_page)
        self._set_status(self.problem_page.title_text)

    # --- menus, dialogs, language ---------------------------------------------

    def _make_actions(self) -> None:
        # Ctrl+R, not F5: at the desk F5 takes a payment.
        self.refresh_action = QAction(self, shortcut=QKeySequence("Ctrl+R"))
        self.refresh_action.triggered.connect(self.refresh)
        # Written out, not QKeySequence.Quit/HelpContents: those are empty on Windows.
        self.quit_action = QAction(self, shortcut=QKeySequence("Ctrl+Q"))
        self.quit_action.triggered.connect(self.close)
        self.help_action = QAction(self, shortcut=QKeySequence("F1"))
        self.help_action.triggered.connect(self.show_help)
        self.about_action = QAction(self)
        self.about_action.triggered.connect(self.show_about)

        self.file_menu = self.menuBar().addMenu("")
        self.file_menu.addAction(self.refresh_action)
        self.file_menu.addAction(self.sync.action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)

        self.language_menu = self.menuBar().addMenu("")
        group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for code, name in LANGUAGES.items():
            action = QAction(name, group, checkable=True)
            action.setChecked(code == self.translations.language)
            action.triggered.connect(lambda _checked, code=code: self.translations.use(code))
            self.language_menu.addAction(action)
            self.language_actions[code] = action

        self.help_menu = self.menuBar().addMenu("")
        self.help_menu.addAction(self.help_action)
        self.help_menu.addAction(self.about_action)

    def show_help(self) -> None:
        text = self.tr(
            "<p><b>F1</b> — this help<br><b>F2</b> — search<br><b>F4</b> — open the shift<br>"
            "<b>F5</b> — pay<br><b>F8</b> — payments of the payer<br><b>F9</b> — void<br>"
            "<b>F12</b> — close the shift<br><b>Ctrl+L</b> — lock the screen<br>"
            "<b>Ctrl+R</b> — read the database again<br>"
            "<b>Ctrl+Shift+S</b> — sync with the central database now<br>"
            "<b>Ctrl+Q</b> — quit</p>"
            "<p>The language is chosen in the Language menu.</p>"
        )
        self.show_dialog(QMessageBox(QMessageBox.Icon.NoIcon, self.tr("Help"), text, parent=self))

    def show_about(self) -> None:
        text = self.tr(
            "<p><b>Desk {version}</b></p><p>The pay desk and information desk of "
            "Toplofikatsia Sofia.</p><p>Qt {qt}, PySide6 {pyside}</p>"
        ).format(version=metadata.version("desk"), qt=qVersion(), pyside=pyside_version)
        title = self.tr("About Desk")
        self.show_dialog(QMessageBox(QMessageBox.Icon.NoIcon, title, text, parent=self))

    def show_dialog(self, dialog: QMessageBox) -> None:
        """Every dialog of this window opens here, so a test can answer it instead."""
        dialog.exec()

    def retranslate(self) -> None:
        # The application's display name, Desk, is added by the window system ("… — Desk")
        # unless the title already ends with it: one "Desk", at the end, either way.
        self.setWindowTitle(self.tr("Toplofikatsia Sofia — Desk"))
        self.file_menu.setTitle(self.tr("&File"))
        self.refresh_action.setText(self.tr("&Refresh"))
        self.quit_action.setText(self.tr("&Quit"))
        self.language_menu.setTitle(self.tr("&Language"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.help_action.setText(self.tr("&Help"))
        self.about_action.setText(self.tr("&About Desk"))
        self.language_actions[self.translations.language].setChecked(True)
        self.status_label.setText(self._status_text())

    def _ready_text(self) -> str:
        return self.tr("Ready")

    def _set_status(self, text: Text) -> None:
        self._status_text = text
        self.status_label.setText(self._status_text())
