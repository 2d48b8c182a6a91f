"""Run work off the GUI thread and hear back on it (after Anki's aqt/operations and taskman).

``tasks.run(work, on_result)`` calls ``work()`` on a pool thread; ``on_result``
then gets its return value on the GUI thread. An error is sorted there too:
an *environment* error (the database is locked, the disk is full, a file
cannot be opened) goes to ``on_environment_error``, to be shown calmly; any
other exception is a bug and goes to ``sys.excepthook``, the crash handler.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, SignalInstance, Slot

from desk.ui.environment import is_environment_error

T = TypeVar("T")
EnvironmentErrorHandler = Callable[[BaseException], None]

log = logging.getLogger(__name__)


def report_bug(error: BaseException) -> None:
    # The installed hook is the crash handler in the app and pytest-qt's
    # exception capture in tests, so a bug in a worker fails a test too.
    sys.excepthook(type(error), error, error.__traceback__)


def let_the_gui_run() -> None:
    """Called by a long worker job between its steps (a survey card's page, ~10 ms of
    pure Python): hands the GIL over, so that the GUI thread's Python (event filters,
    slots) does not wait for the switch interval to get it."""
    time.sleep(0)


class Tasks(QObject):
    """The one way the UI runs database work. ``pending`` counts jobs not yet delivered."""

    busy_changed = Signal(bool)
    _finished = Signal(int, object, object)  # job id, result, error

    def __init__(
        self,
        on_environment_error: EnvironmentErrorHandler,
        parent: QObject | None = None,
        *,
        max_threads: int = 2,
    ) -> None:
        super().__init__(parent)
        self._on_environment_error = on_environment_error
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._jobs: dict[int, _Job] = {}
        self._next_id = 0
        # Queued: a worker emits, and the slot runs later in this object's (the GUI) thread.
        self._finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @property
    def pending(self) -> int:
        return len(self._jobs)

    def run(
        self,
        work: Callable[[], T],
        on_result: Callable[[T], None],
        *,
        on_environment_error: EnvironmentErrorHandler | None = None,
    ) -> None:
        self._next_id += 1
        job = _Job(
            self._next_id,
            work,
            on_result,
            on_environment_error or self._on_environment_error,
            self._finished,
        )
        # The pool does not own a Python runnable; this dict keeps it alive until delivery.
        self._jobs[job.id] = job
        if len(self._jobs) == 1:
            self.busy_changed.emit(True)
        self._pool.start(job)

    def wait_for_done(self, timeout_ms: int = -1) -> bool:
        """Block until every worker has finished (at most ``timeout_ms``, -1: no limit);
        only for shutdown, never during work. False: a worker is still running."""
        return self._pool.waitForDone(timeout_ms)

    @Slot(int, object, object)
    def _deliver(self, job_id: int, result: Any, error: BaseException | None) -> None:
        job = self._jobs[job_id]
        try:
            if error is None:
                job.on_result(result)
            elif is_environment_error(error):
                log.warning("environment error in a background task: %r", error)
                job.on_environment_error(error)
            else:
                report_bug(error)
        finally:
            del self._jobs[job_id]
            if not self._jobs:
                self.busy_changed.emit(False)


class _Job(QRunnable):
    def __init__(
        self,
        job_id: int,
        work: Callable[[], Any],
        on_result: Callable[[Any], None],
        on_environment_error: EnvironmentErrorHandler,
        finished: SignalInstance,
    ) -> None:
        super().__init__()
        self.setAutoDelete(False)  # Python owns it (Tasks._jobs), not the pool
        self.id = job_id
        self.work = work
        self.on_result = on_result
        self.on_environment_error = on_environment_error
        self._finished = finished

    def run(self) -> None:
        outcome: tuple[Any, Exception | None]
        try:
            outcome = (self.work(), None)
        except Exception as error:
            outcome = (None, error)
        try:
            self._finished.emit(self.id, *outcome)
        except RuntimeError:
            # Tasks was deleted with its window while this ran: nobody is left to tell.
            log.info("background task %d finished after its owner was gone", self.id)
