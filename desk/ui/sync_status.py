"""Sync with the central database, seen from the desk: the status bar corner and its worker.

``SyncController`` syncs in the background every ``sync_interval_s`` seconds
(default 30) and on "Sync now" (Ctrl+Shift+S: the F-keys are the cashier's).
It runs on a ``Tasks`` queue of its own with one thread, so syncs never
overlap and never hold up the window's reads; a desk with no central
configuration runs no timer and no sync at all. ``SyncStatus`` shows the
outcome: online or offline, how many rows wait to be sent, when the desk last
synced, and the progress of a sync that is running.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QToolButton, QWidget

from desk.messages import SOFIA, Message, when
from desk.models.db import Database
from desk.services.problems import UserError
from desk.sync.central import CentralDatabase
from desk.sync.config import central_for, load_config, sync_interval
from desk.sync.replication import last_sync, queued, sync_moment
from desk.sync.service import SyncOutcome, sync_once
from desk.ui.environment import describe_environment_error
from desk.ui.i18n import Retranslating
from desk.ui.plain_text import DataLabel, plain_tooltip
from desk.ui.style import named
from desk.ui.tasks import Tasks

SHORTCUT = "Ctrl+Shift+S"
# At quit, how long a running sync may take to stop. A sync between two steps stops at
# once (SyncStopped); one waiting for the central database to answer (up to
# CONNECT_TIMEOUT_S, 5 s) is left behind: nothing of it is committed, and the next
# start sends and fetches it again.
SHUTDOWN_WAIT_MS = 300
COLOURS = {"online": "#1a7f37", "offline": "#b35900", "failed": "#c01c28", "idle": "#6e7781"}


class SyncStopped(Exception):
    """The window is closing: the running sync gives up at its next step (its
    transaction rolls back)."""


@dataclass(frozen=True, slots=True)
class Prepared:
    """What the worker found when a database was opened."""

    configured: bool
    interval_s: int
    central: CentralDatabase | None
    queued: int
    last_sync: dict[str, str]


def prepare(database: Database) -> Prepared:
    """Worker side of opening: the config, the interval, and what the status shows first."""
    config = load_config(database)
    central = None
    if config is not None:
        try:
            central = central_for(database, config)
        except UserError:
            central = None  # no password: each sync says so (sync_once reports it)
    return Prepared(
        configured=config is not None,
        interval_s=sync_interval(database),
        central=central,
        queued=queued(database),
        last_sync=last_sync(database),
    )


class SyncStatus(Retranslating, QWidget):
    """The permanent corner of the status bar: state · queued · last sync · progress · button."""

    def __init__(self, action: QAction, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.action = action
        self._state = "unknown"  # unknown|local|syncing or a SyncOutcome.state
        self._queued: int | None = None
        self._last: str | None = None
        # What went wrong: the service's message, or the desk's own environment error.
        self._error: Message | BaseException | None = None
        self._detail: str | None = None

        self.state_label = DataLabel(objectName="syncState")
        self.queue_label = DataLabel(objectName="syncQueue")
        self.last_label = DataLabel(objectName="syncLast")
        self.progress = named(QProgressBar(), "syncProgress")
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.button = named(QToolButton(), "syncNow")
        self.button.setDefaultAction(action)
        self.button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        for widget in (self.state_label, self.queue_label, self.last_label, self.progress):
            layout.addWidget(widget)
        layout.addWidget(self.button)
        self.retranslate()

    # --- what the controller tells it -------------------------------------------

    def show_local_only(self) -> None:
        self._state, self._error, self._detail = "local", None, None
        self._queued, self._last = None, None
        self.progress.hide()
        self.retranslate()

    def show_waiting(self, queued_rows: int, last: dict[str, str]) -> None:
        self._queued, self._last = queued_rows, last.get("sync_pulled_at")
        self.retranslate()

    def show_running(self) -> None:
        self._state = "syncing"
        self.progress.setRange(0, 0)  # busy until the pull knows its length
        self.progress.show()
        self.retranslate()

    def show_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(min(done, max(total, 1)))

    def show_outcome(self, outcome: SyncOutcome) -> None:
        self._state = outcome.state if outcome.configured else "local"
        self._queued = outcome.queued
        self._last = outcome.last_sync.get("sync_pulled_at")
        self._error, self._detail = outcome.error, outcome.detail
        self.progress.hide()
        self.retranslate()

    def show_local_problem(self, error: BaseException | None = None) -> None:
        """The desk's own file failed the sync (locked, disk full): said in the UI's
        language of the moment, again after a language switch."""
        self._state, self._error, self._detail = "failed", error, None
        self.progress.hide()
        self.retranslate()

    # --- texts ---------------------------------------------------------------------

    def state_text(self) -> str:
        return self.state_label.text()

    def queue_text(self) -> str:
        return self.queue_label.text()

    def last_text(self) -> str:
        return self.last_label.text()

    def retranslate(self) -> None:
        self.action.setText(self.tr("&Sync now"))
        self.action.setToolTip(
            self.tr("Sync with the central database now ({key})").format(key=SHORTCUT)
        )
        states = {
            "unknown": (self.tr("Central database…"), "idle"),
            "local": (self.tr("Local only"), "idle"),
            "syncing": (self.tr("Syncing…"), "idle"),
            "online": (self.tr("Online"), "online"),
            "offline": (self.tr("Offline"), "offline"),
            "failed": (self.tr("Sync failed"), "failed"),
        }
        text, colour = states[self._state]
        self.state_label.setText("● " + text)
        self.state_label.setStyleSheet(f"color: {COLOURS[colour]}")
        self.state_label.setToolTip(plain_tooltip(self._tooltip()))  # a server error as sent
        local = self._state == "local"
        self.queue_label.setVisible(not local and self._queued is not None)
        self.queue_label.setText(self.tr("Queued: {count}").format(count=self._queued or 0))
        self.last_label.setVisible(not local)
        if self._last:
            self.last_label.setText(self.tr("Last sync: {time}").format(time=_when(self._last)))
        else:
            self.last_label.setText(self.tr("Not synced yet"))

    def _tooltip(self) -> str:
        advice = {
            "local": self.tr(
                "This desk works on its own: it is not connected to a central database "
                "(desk join connects it)."
            ),
            "offline": self.tr(
                "No connection to the central database. The desk works on; it sends what "
                "is queued by itself when the connection returns."
            ),
            "failed": self.tr("The sync did not go through. Call the administrator."),
        }.get(self._state, "")
        problem = self._error if self._state == "failed" else None
        error = (
            describe_environment_error(problem)[0]
            if isinstance(problem, BaseException)
            else problem
        )
        extra = [str(t) for t in (error, self._detail) if t]
        return "\n".join([advice, *extra]).strip()


def _when(iso: str, now: datetime | None = None) -> str:
    """A stored sync time in Sofia time (as shifts and receipts are shown), whatever the
    machine's zone: "14:25" today, "20.04.2027 14:25" another day."""
    moment = sync_moment(iso)
    if moment is None:
        return iso
    today = (now or datetime.now(SOFIA)).astimezone(SOFIA).date()
    if moment.date() == today:
        return moment.strftime("%H:%M")
    return when(moment)


class SyncController(QObject):
    """Owns the sync worker queue, the timer, the 'Sync now' action and the status corner."""

    progressed = Signal(int, int)  # emitted on the worker's thread, shown on the GUI's

    def __init__(self, window: QWidget) -> None:
        """``window``: the main window, which owns the controller and its action."""
        super().__init__(window)
        self.tasks = Tasks(self._local_problem, self, max_threads=1)
        self.action = QAction(window, shortcut=QKeySequence(SHORTCUT))
        self.action.triggered.connect(self.sync_now)
        self.action.setEnabled(False)
        self.widget = SyncStatus(self.action)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.sync_now)
        self.progressed.connect(self.widget.show_progress)
        self.tasks.busy_changed.connect(self._queue_busy)
        self.database: Database | None = None
        self.central: CentralDatabase | None = None
        self.configured = False
        self.running = False
        self.stopping = False

    @property
    def pending(self) -> int:
        return self.tasks.pending

    def database_ready(self, database: Database) -> None:
        """A database was opened: read its sync settings in a worker, then sync if it has any."""
        self._forget()
        self.database = database
        self.tasks.run(lambda: prepare(database), lambda found: self._prepared(database, found))

    def sync_now(self) -> None:
        database = self.database
        if database is None or not self.configured or self.running:
            return
        self.running = True
        self.widget.show_running()
        central = self.central
        self.tasks.run(
            lambda: self._sync(database, central),
            lambda outcome: self._synced(database, outcome),
            on_environment_error=lambda error: self._local_problem(error, database),
        )

    def shutdown(self, wait_ms: int = SHUTDOWN_WAIT_MS) -> bool:
        """At window close: no new sync, a running one told to stop, the connection closed.

        Waits at most ``wait_ms``; False: a sync is still waiting for the central
        database's answer (the caller must not wait for it, see ``desk.ui.app.run``).
        """
        self.stopping = True
        self._forget()
        return self.tasks.wait_for_done(wait_ms)

    def _sync(self, database: Database, central: CentralDatabase | None) -> SyncOutcome | None:
        """Worker side; None: stopped by ``shutdown``."""
        try:
            return sync_once(database, central, progress=self._progress)
        except SyncStopped:
            return None

    # --- on the GUI thread -------------------------------------------------------

    def _prepared(self, database: Database, found: Prepared) -> None:
        if database is not self.database:
            if found.central is not None:
                found.central.close()  # engine only: no connection was made by prepare
            return
        self.central = found.central
        self.configured = found.configured
        self.action.setEnabled(found.configured)
        if not found.configured:
            self.widget.show_local_only()
            return
        self.widget.show_waiting(found.queued, found.last_sync)
        self.timer.start(found.interval_s * 1000)
        self.sync_now()

    def _synced(self, database: Database, outcome: SyncOutcome | None) -> None:
        if database is not self.database or outcome is None:
            return
        self.running = False
        self.widget.show_outcome(outcome)

    def _local_problem(self, error: BaseException, database: Database | None = None) -> None:
        if database is not None and database is not self.database:
            return
        self.running = False
        self.widget.show_local_problem(error)

    def _queue_busy(self, busy: bool) -> None:
        # A bug in a sync goes to the crash handler and never reaches _synced: the
        # queue running dry must still let the next tick sync again.
        if not busy and self.running:
            self.running = False
            self.widget.show_local_problem()

    def _progress(self, done: int, total: int) -> None:
        if self.stopping:
            raise SyncStopped
        # RuntimeError: the window is gone; the sync itself goes on to its end.
        with suppress(RuntimeError):
            self.progressed.emit(done, total)

    def _forget(self) -> None:
        self.timer.stop()
        self.database = None
        self.configured = False
        self.running = False
        self.action.setEnabled(False)
        central, self.central = self.central, None
        if central is not None:
            # After the running sync, if any: the queue has one thread.
            self.tasks.run(central.close, lambda _none: None)
