"""Start the desk's GUI: application, crash handler, language, style, main window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from desk.settings import demo_database_path
from desk.ui.crash import CrashHandler
from desk.ui.i18n import DEFAULT_LANGUAGE, Translations
from desk.ui.main_window import MainWindow
from desk.ui.style import apply_style


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
        window.tasks.wait_for_done()
        window.close_database()
        return code
    finally:
        crash_handler.uninstall()


def start(app: QApplication, db_path: Path | None, *, language: str) -> MainWindow:
    """Everything ``run`` does before the event loop; the window opens the database in a worker."""
    app.setApplicationName("desk")
    app.setApplicationDisplayName("Desk")
    translations = Translations(app)
    translations.use(language)
    apply_style(app)
    window = MainWindow(translations)
    window.show()
    if db_path is None:
        window.open_database(default_database_path(), prepare_demo=True)
    else:
        window.open_database(db_path)
    return window
