"""Screenshots of the main window, as on a first start with the demo database.

    xvfb-run -s "-screen 0 1366x768x24" .venv/bin/python docs/screenshots/take_screenshots.py

The demo is prepared in a fresh temporary data folder, so the first picture
shows the window while the worker builds it.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

HERE = Path(__file__).resolve().parent


def main() -> int:
    os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="desk-screenshots-")
    from desk.ui.app import start

    app = QApplication(sys.argv)
    window = start(app, None, language="bg")
    # start() opens the window as at a desk: on Xvfb's 1366×768 screen, all of it.
    shots: list[str] = []

    def poll() -> None:
        if not shots and window.panels.currentWidget() is window.busy_page:
            window.grab().save(str(HERE / "preparing_demo.png"))
            shots.append("preparing_demo")
        overlay = window.cashier.overlay
        if overlay.isVisible() and not overlay.username.text():
            # The login covers the window once the database is open: a clerk logs in
            # (no shift to open) and goes to the overview from the Desk menu.
            overlay.username.setText("sluzhitel")
            overlay.password.setText("desk1234")
            overlay.submit()
        if window.cashier.state.ctx is not None and "logged_in" not in shots:
            shots.append("logged_in")
            window.cashier.overview_action.trigger()
        if (
            "logged_in" in shots
            and window.panels.currentWidget() is window.overview_panel
            and window.tasks.pending == 0
        ):
            if "main_window" not in shots:
                window.grab().save(str(HERE / "main_window.png"))
                shots.append("main_window")
                window.translations.use("en")  # LanguageChange arrives on the next turn
            else:
                window.grab().save(str(HERE / "main_window_en.png"))
                app.quit()
                return
        QTimer.singleShot(100, poll)

    QTimer.singleShot(0, poll)
    app.exec()
    window.tasks.wait_for_done()
    window.close_database()
    return 0


if __name__ == "__main__":
    sys.exit(main())
