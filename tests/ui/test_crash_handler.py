"""A bug: its traceback goes to the log file and the cashier sees one crash dialog."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QThread, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desk.ui.crash import CrashHandler
from desk.ui.tasks import Tasks


class Dialogs:
    """Answers the crash dialog in place of a person; notes where it was opened."""

    def __init__(self) -> None:
        self.reports: list[str] = []
        self.threads: list[QThread] = []

    def __call__(self, report: str) -> None:
        self.reports.append(report)
        self.threads.append(QThread.currentThread())


@pytest.fixture
def dialogs() -> Dialogs:
    return Dialogs()


@pytest.fixture
def crash_handler(
    tmp_path: Path, dialogs: Dialogs, monkeypatch: pytest.MonkeyPatch
) -> Iterator[CrashHandler]:
    handler = CrashHandler(log_dir=tmp_path / "log")
    monkeypatch.setattr(handler, "show_dialog", dialogs)
    handler.install()
    yield handler
    handler.uninstall()


def broken_slot() -> None:
    raise ZeroDivisionError("a bug in a slot")


def test_a_bug_in_a_slot_is_logged_and_shown(
    qtbot: QtBot, crash_handler: CrashHandler, dialogs: Dialogs
) -> None:
    QTimer.singleShot(0, broken_slot)

    qtbot.waitUntil(lambda: len(dialogs.reports) == 1)
    assert "ZeroDivisionError: a bug in a slot" in dialogs.reports[0]
    log = crash_handler.log_path.read_text(encoding="utf-8")
    assert "in broken_slot" in log
    assert "ZeroDivisionError: a bug in a slot" in log


def test_a_bug_in_a_thread_is_shown_on_the_gui_thread(
    qtbot: QtBot, crash_handler: CrashHandler, dialogs: Dialogs
) -> None:
    thread = threading.Thread(target=broken_slot)
    thread.start()
    thread.join()

    qtbot.waitUntil(lambda: len(dialogs.reports) == 1)
    assert dialogs.threads == [QApplication.instance().thread()]


def test_a_bug_in_a_background_task_reaches_the_crash_dialog(
    qtbot: QtBot, crash_handler: CrashHandler, dialogs: Dialogs
) -> None:
    tasks = Tasks(on_environment_error=lambda error: None)

    tasks.run(lambda: 1 / 0, lambda result: None)

    qtbot.waitUntil(lambda: len(dialogs.reports) == 1)
    assert "ZeroDivisionError" in dialogs.reports[0]


def test_uninstall_gives_the_hook_back(tmp_path: Path) -> None:
    before = sys.excepthook
    handler = CrashHandler(log_dir=tmp_path)
    handler.install()
    assert sys.excepthook == handler.handle
    handler.uninstall()
    assert sys.excepthook is before
