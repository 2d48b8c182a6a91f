"""Start the desk's GUI: application, crash handler, language, style, main window."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from desk.settings import demo_database_path
from desk.ui.crash import CrashHandler
from desk.ui.i18n import DEFAULT_LANGUAGE, Translations
from desk.ui.layout import show_on_screen
from desk.ui.main_window import MainWindow
from desk.ui.style import apply_style

log = logging.getLogger(__name__)


def default_database_path() -> Path:
    """The demo database, made on first start, for a desk not yet given one of its own."""
    return demo_database_path()


def run(db_path: Path | None = None, *, language: str = DEFAULT_LANGUAGE) -> int:
    """Show the main window on ``db_path`` (default: the demo database); the exit code."""
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    crash_handler = CrashHandler(parent=app)
    crash_handler.install()
    try:
        window = start(app, db_path, language=language)
        code = app.exec()
        # Workers still reading hold the engine: let them finish before it is disposed.
        # (A payment being written must be written; these are short.)
        window.tasks.wait_for_done()
        if not window.close_database():
            # A sync is still waiting for the central database (up to its connect
            # timeout). Python's shutdown would wait for that thread: the closed window
            # would linger for seconds. Nothing of that sync is committed; the next
            # start sends and fetches it again.
            log.warning("quitting while a sync waits for the central database")
            crash_handler.uninstall()
            logging.shutdown()
            os._exit(code)
        return code
    finally:
        crash_handler.uninstall()


# A worker rendering PDF pages (a batch of survey cards, a report) holds the GIL
# between its C calls; every Qt event the GUI thread gets (the idle lock's filter
# sees them all) waits for it. Python hands the GIL over after this interval:
# 1 ms instead of the default 5 ms cut the longest GUI stall during a batch of
# 1,000 cards from 239 to 57 ms (p99 139 to 29 ms) for 15% of the batch's speed
# (bench/cards.py).
GIL_SWITCH_INTERVAL_S = 0.001


def keep_the_gui_thread_served() -> None:
    sys.setswitchinterval(GIL_SWITCH_INTERVAL_S)


def start(app: QApplication, db_path: Path | None, *, language: str) -> MainWindow:
    """Everything ``run`` does before the event loop; the window opens the database in a worker."""
    app.setApplicationName("desk")
    app.setApplicationDisplayName("Desk")
    keep_the_gui_thread_served()
    translations = Translations(app)
    translations.use(language)
    apply_style(app)
    window = MainWindow(translations)
    show_on_screen(window)  # within the screen: maximised on a pay desk's 1366×768
    if db_path is None:
        window.open_database(default_database_path(), prepare_demo=True)
    else:
        window.open_database(db_path)
    return window
