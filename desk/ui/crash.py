"""The crash handler: a bug is logged with its traceback and shown in a crash dialog.

Known environment errors never come here (see ``desk.ui.tasks``); what does is
a bug, so the cashier gets one plain dialog and the log file keeps the trace
for whoever fixes it (after qutebrowser's misc/crashsignal.py).
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

import platformdirs
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QMessageBox

LOG_FILE_NAME = "desk.log"

log = logging.getLogger(__name__)


def default_log_dir() -> Path:
    return Path(platformdirs.user_log_dir("desk", appauthor=False))


class CrashHandler(QObject):
    """Owns ``sys.excepthook`` (and ``threading.excepthook``) between install and uninstall."""

    _crashed = Signal(str)

    def __init__(self, log_dir: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.log_path = (log_dir or default_log_dir()) / LOG_FILE_NAME
        self._file_handler: logging.Handler | None = None
        self._previous_hooks = (sys.excepthook, threading.excepthook)
        self._dialog_open = False
        # A worker thread may not open a dialog: the signal carries the report to the GUI thread.
        self._crashed.connect(self._show_once)

    def install(self) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(
            self.log_path, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        desk_logger = logging.getLogger("desk")
        desk_logger.addHandler(handler)
        desk_logger.setLevel(logging.INFO)
        self._file_handler = handler
        self._previous_hooks = (sys.excepthook, threading.excepthook)
        sys.excepthook = self.handle
        threading.excepthook = self._handle_thread

    def uninstall(self) -> None:
        sys.excepthook, threading.excepthook = self._previous_hooks
        if self._file_handler is not None:
            logging.getLogger("desk").removeHandler(self._file_handler)
            self._file_handler.close()
            self._file_handler = None

    def handle(
        self,
        exc_type: type[BaseException],
        error: BaseException,
        trace: TracebackType | None,
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            # Ctrl+C in the terminal that started the desk: a wish to quit, not a bug.
            QApplication.quit()
            return
        report = "".join(traceback.format_exception(exc_type, error, trace))
        log.critical("unexpected error\n%s", report)
        self._crashed.emit(report)

    def show_dialog(self, report: str) -> None:
        """Open the crash dialog; a test replaces this method to answer it."""
        box = QMessageBox(QMessageBox.Icon.Critical, self.tr("Desk: unexpected error"), "")
        box.setText(
            self.tr(
                "Something went wrong inside the program. Your last action may not "
                "have been completed; please check it, then carry on."
            )
        )
        box.setInformativeText(
            self.tr("The details were saved to {path}. Please tell the administrator.").format(
                path=self.log_path
            )
        )
        box.setDetailedText(report)
        box.exec()

    def _handle_thread(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            self.handle(args.exc_type, args.exc_value, args.exc_traceback)

    def _show_once(self, report: str) -> None:
        # A crash inside the dialog, or a burst of them, must not stack dialogs.
        if self._dialog_open or QApplication.instance() is None:
            return
        self._dialog_open = True
        try:
            self.show_dialog(report)
        finally:
            self._dialog_open = False
