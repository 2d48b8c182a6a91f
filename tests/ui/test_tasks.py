"""The worker helper: work off the GUI thread, every answer back on it."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desk.ui.tasks import Tasks


class Calls:
    """What a callback got, and on which thread it ran."""

    def __init__(self) -> None:
        self.values: list[object] = []
        self.threads: list[QThread] = []

    def __call__(self, value: object) -> None:
        self.values.append(value)
        self.threads.append(QThread.currentThread())


@pytest.fixture
def environment_errors() -> Calls:
    return Calls()


@pytest.fixture
def tasks(qtbot: QtBot, environment_errors: Calls) -> Iterator[Tasks]:
    tasks = Tasks(environment_errors)
    yield tasks
    qtbot.waitUntil(lambda: tasks.pending == 0)


def gui_thread() -> QThread:
    return QApplication.instance().thread()


def test_work_runs_in_a_worker_and_the_result_comes_back_on_the_gui_thread(
    qtbot: QtBot, tasks: Tasks
) -> None:
    work_threads: list[QThread] = []
    results = Calls()

    def work() -> int:
        work_threads.append(QThread.currentThread())
        return 42

    tasks.run(work, results)
    assert tasks.pending == 1
    qtbot.waitUntil(lambda: tasks.pending == 0)

    assert results.values == [42]
    assert results.threads == [gui_thread()]
    assert work_threads and work_threads[0] is not gui_thread()


def test_an_environment_error_goes_to_the_calm_handler_on_the_gui_thread(
    qtbot: QtBot, tasks: Tasks, environment_errors: Calls, tmp_path: Path
) -> None:
    results = Calls()

    tasks.run(lambda: sqlite3.connect(tmp_path / "no-such-folder" / "x.sqlite"), results)
    qtbot.waitUntil(lambda: tasks.pending == 0)

    assert results.values == []
    [error] = environment_errors.values
    assert isinstance(error, sqlite3.OperationalError)
    assert environment_errors.threads == [gui_thread()]


def test_a_call_can_answer_its_own_environment_errors(
    qtbot: QtBot, tasks: Tasks, environment_errors: Calls, tmp_path: Path
) -> None:
    own = Calls()

    tasks.run(
        lambda: (tmp_path / "missing.txt").read_text(),
        Calls(),
        on_environment_error=own,
    )
    qtbot.waitUntil(lambda: tasks.pending == 0)

    assert [type(error) for error in own.values] == [FileNotFoundError]
    assert environment_errors.values == []


def test_a_bug_goes_to_the_crash_handler_not_to_the_calm_one(
    qtbot: QtBot, tasks: Tasks, environment_errors: Calls
) -> None:
    def buggy() -> int:
        return {}["no such key"]

    with qtbot.captureExceptions() as exceptions:
        tasks.run(buggy, Calls())
        qtbot.waitUntil(lambda: tasks.pending == 0)

    assert [type(error) for _, error, _ in exceptions] == [KeyError]
    assert environment_errors.values == []


def test_busy_while_any_task_is_pending(qtbot: QtBot, tasks: Tasks) -> None:
    busy = Calls()
    tasks.busy_changed.connect(busy)

    tasks.run(lambda: 1, Calls())
    tasks.run(lambda: 2, Calls())
    qtbot.waitUntil(lambda: tasks.pending == 0)

    assert busy.values == [True, False]
