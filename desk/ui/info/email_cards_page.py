"""Survey cards by e-mail (issue 16), a dialog opened from the Campaign tab
(Ctrl+E): the mail server's settings and the web form's address, how many payers
are due, a batch sent to the server or exported to a folder, and the refusals
and bounces so far. The work is desk.services.email_cards'.

The batch is one service call in a worker (``state.run``); the service reports
each card through ``progress``, called on the worker's thread: a relay object
living on the GUI thread re-emits it there (a queued signal), where the bar
moves. Cancel sets an event the service looks at between cards
(``cancelled``): the card under way is finished and recorded, no other starts.
The dialog does not close while a batch runs (Esc cancels it first; the clerk
logging out closes the dialog and cancels too): the answer then finds no dialog
and is dropped, the service having recorded every card already.

The password is never read back: an empty password field keeps the one saved
(in the keyring, by the service); typing one replaces it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QProgressBar,
    QSizePolicy,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk.messages import word as catalogue_word
from desk.models.db import Database
from desk.services.context import DeskContext
from desk.services.email_cards import (
    BatchProgress,
    SendingProblem,
    SmtpSettings,
    due_payers,
    export_cards,
    load_smtp_settings,
    load_web_url,
    save_smtp_settings,
    save_web_url,
    send_cards,
    sending_problems,
)
from desk.sync.config import load_config
from desk.sync.service import sync_once
from desk.ui.environment import describe_environment_error
from desk.ui.i18n import Retranslating
from desk.ui.kit.context import PageContext
from desk.ui.kit.formatting import date_text
from desk.ui.kit.models import RowsModel
from desk.ui.kit.widgets import ProblemLabel, key_button
from desk.ui.layout import keep_rows, scrolling_body
from desk.ui.plain_text import DataLabel
from desk.ui.style import named

T = TypeVar("T")
SECURITIES = ("starttls", "tls", "none")
PROBLEMS_SHOWN = 200  # the newest refusals and bounces; the service pages the rest


@dataclass(frozen=True, slots=True)
class Loaded:
    """What the dialog shows when it opens, read in one worker job."""

    settings: SmtpSettings | None
    web_url: str | None
    due: int
    problems: list[SendingProblem]


def load_all(db: Database, on: date) -> Loaded:
    return Loaded(
        load_smtp_settings(db), load_web_url(db), due_payers(db, on), sending_problems(db)
    )


def save_all(
    db: Database, ctx: DeskContext, settings: SmtpSettings, password: str | None, url: str
) -> None:
    save_smtp_settings(db, ctx, settings, password)
    if url:
        save_web_url(db, ctx, url)


def push_to_centre(database: Database) -> str | None:
    """Before the first card goes, the new cards to the central database, whose web form
    knows a card only once its desk pushed it (the sync's push and pull, under its lock,
    as ``desk campaign email`` does). Why they did not get there, or None; a desk with
    no central database has nothing to push."""
    if load_config(database) is None:
        return None
    outcome = sync_once(database)
    return None if outcome.online else outcome.text().splitlines()[0]


@dataclass
class Run:
    """One batch under way: the Cancel flag the service reads from the worker, and
    whether anyone is left to hear the answer."""

    export: bool
    cancelled: threading.Event = field(default_factory=threading.Event)
    heard: bool = True
    last: BatchProgress | None = None
    not_pushed: str | None = None  # why the cards did not reach the centre before going


class ProgressRelay(QObject):
    """Made on the GUI thread; ``progressed.emit`` from a worker arrives there queued,
    and to nobody once the dialog it was connected to is gone."""

    progressed = Signal(object)


class ProblemsModel(RowsModel[SendingProblem]):
    def headers(self) -> tuple[str, ...]:
        return (
            self.tr("When"),
            self.tr("What"),
            self.tr("Payer code"),
            self.tr("Name"),
            self.tr("E-mail"),
            self.tr("Card"),
            self.tr("Reason"),
        )

    def row_texts(self, row: SendingProblem) -> tuple[str, ...]:
        return (
            f"{date_text(row.at.date())} {row.at:%H:%M}",
            self.state_text(row.state),
            row.payer_code,
            row.payer_name,
            row.email,
            row.card_number,
            row.reason,
        )

    def state_text(self, state: str) -> str:
        return {
            "refused": self.tr("Refused"),
            "bounced": self.tr("Bounced"),
            "failed": self.tr("Failed"),
            # The catalogue's word (the CLI's too): the UI and the services share a language.
            "uncertain": catalogue_word("campaign.state.uncertain"),
        }.get(state, state)


class EmailCardsDialog(Retranslating, QDialog):
    """See the module's docstring."""

    def __init__(self, info: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emailCardsDialog")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.info = info
        self.run: Run | None = None
        self.loaded: Loaded | None = None
        # How the export folder is asked for; a test answers the dialog it opens.
        self.folder_dialog: QFileDialog | None = None
        self._status_words: Callable[[], str] = lambda: ""
        # Cleared when the dialog closes: an answer arriving later finds nobody to tell
        # (a plain flag, read without touching the widget Qt may have deleted).
        self._open = threading.Event()
        self._open.set()

        # The mail server
        self.server_box = QGroupBox()
        self.host = named(QLineEdit(), "smtpHost")
        self.port = named(QSpinBox(minimum=1, maximum=65535, value=587), "smtpPort")
        self.security = named(QComboBox(), "smtpSecurity")
        self.security.addItems(["", "", ""])
        self.username = named(QLineEdit(), "smtpUsername")
        self.password = named(QLineEdit(), "smtpPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.sender_edit = named(QLineEdit(), "smtpSender")
        self.per_minute = named(QSpinBox(minimum=0, maximum=100000), "smtpPerMinute")
        self.web_url = named(QLineEdit(), "webUrl")
        self.save_button = key_button()
        self.save_button.clicked.connect(self.save)
        self.settings_problem = ProblemLabel()
        self.labels = {name: DataLabel() for name in SETTING_LABELS}
        form = QFormLayout(self.server_box)
        fields = {
            "host": self.host,
            "port": self.port,
            "security": self.security,
            "username": self.username,
            "password": self.password,
            "sender": self.sender_edit,
            "per_minute": self.per_minute,
            "web_url": self.web_url,
        }
        for name, widget in fields.items():
            self.labels[name].setBuddy(widget)
            form.addRow(self.labels[name], widget)
        form.addRow(self.settings_problem)
        form.addRow(self.save_button)

        # Sending
        self.send_box = QGroupBox()
        self.due = DataLabel(wordWrap=True, objectName="duePayers")
        self.send_button = key_button()
        self.export_button = key_button()
        self.cancel_button = key_button()
        self.cancel_button.setEnabled(False)
        self.progress = named(QProgressBar(textVisible=True), "emailProgress")
        keeps_room = self.progress.sizePolicy()
        keeps_room.setRetainSizeWhenHidden(True)
        self.progress.setSizePolicy(keeps_room)
        self.progress.hide()
        self.status = DataLabel(wordWrap=True, objectName="emailStatus")
        self.problem = ProblemLabel()
        buttons = QHBoxLayout()
        for button in (self.send_button, self.export_button, self.cancel_button):
            button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            buttons.addWidget(button)
        buttons.addStretch(1)
        send_layout = QVBoxLayout(self.send_box)
        send_layout.addWidget(self.due)
        send_layout.addLayout(buttons)
        send_layout.addWidget(self.progress)
        send_layout.addWidget(self.status)
        send_layout.addWidget(self.problem)
        send_layout.addStretch(1)

        # Refusals and bounces
        self.problems_box = QGroupBox()
        self.problems_model = ProblemsModel(self)
        self.problems = named(QTableView(), "sendingProblems")
        self.problems.setModel(self.problems_model)
        self.problems.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.problems.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.problems.setTabKeyNavigation(False)
        self.problems.verticalHeader().hide()
        header = self.problems.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        keep_rows(self.problems, 4)
        problems_layout = QVBoxLayout(self.problems_box)
        problems_layout.addWidget(self.problems)

        self.close_button = key_button()
        self.close_button.clicked.connect(self.reject)
        closing = QHBoxLayout()
        closing.addStretch(1)
        closing.addWidget(self.close_button)

        body = QWidget()
        top = QHBoxLayout()
        top.addWidget(self.server_box, 3)
        top.addWidget(self.send_box, 2)
        layout = QVBoxLayout(scrolling_body(body))
        layout.addLayout(top)
        layout.addWidget(self.problems_box, 1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 8, 8, 8)
        outer.addWidget(body, 1)
        outer.addLayout(closing)

        self.send_button.clicked.connect(lambda: self.start(export=None))
        self.export_button.clicked.connect(self.choose_folder)
        self.cancel_button.clicked.connect(self.cancel)
        self.save_shortcut = QShortcut(QKeySequence("Ctrl+S"), self, self.save)
        self.send_shortcut = QShortcut(QKeySequence("Ctrl+Return"), self, self.send_button.click)
        self.resize(1200, 680)  # fits 1366×768 with the window's frame
        self.retranslate()
        self.reload()
        self.host.setFocus()

    # --- reading ---------------------------------------------------------------------

    def reload(self) -> None:
        state = self.info.state
        if state.database is None:
            return
        database, on = state.database, state.today()
        state.run(
            lambda: load_all(database, on),
            self._while_open(self._loaded),
            self._while_open(self._refused),
            self._while_open(self._env_error),
        )

    def _while_open(self, callback: Callable[[T], None]) -> Callable[[T], None]:
        is_open = self._open

        def call(value: T) -> None:
            if is_open.is_set():
                callback(value)

        return call

    def _loaded(self, loaded: Loaded) -> None:
        if self.run is not None and not self.run.heard:
            return
        first = self.loaded is None
        self.loaded = loaded
        if first:
            self._fill(loaded.settings, loaded.web_url)
        self.problems_model.set_rows(loaded.problems)
        self._due_text()

    def _fill(self, settings: SmtpSettings | None, web_url: str | None) -> None:
        self.web_url.setText(web_url or "")
        if settings is None:
            return
        self.host.setText(settings.host)
        self.port.setValue(settings.port)
        self.security.setCurrentIndex(SECURITIES.index(settings.security))
        self.username.setText(settings.username or "")
        self.sender_edit.setText(settings.sender)
        self.per_minute.setValue(settings.per_minute)
        self._password_hint()

    # --- the settings ------------------------------------------------------------------

    def settings(self) -> SmtpSettings:
        return SmtpSettings(
            host=self.host.text().strip(),
            port=self.port.value(),
            security=SECURITIES[self.security.currentIndex()],
            username=self.username.text().strip() or None,
            sender=self.sender_edit.text().strip(),
            per_minute=self.per_minute.value(),
        )

    def save(self) -> None:
        state = self.info.state
        if self.run is not None or state.database is None or state.ctx is None:
            return
        database, ctx = state.database, state.ctx
        settings, url = self.settings(), self.web_url.text().strip()
        password = self.password.text() or None  # empty: keep the one saved
        self.save_button.setEnabled(False)
        self.settings_problem.show_problem("")
        state.run(
            lambda: save_all(database, ctx, settings, password, url),
            self._while_open(lambda _none: self._saved(settings)),
            self._while_open(self._settings_refused),
            self._while_open(self._settings_env_error),
        )

    def _saved(self, settings: SmtpSettings) -> None:
        self.save_button.setEnabled(True)
        self.password.clear()
        if self.loaded is not None:
            self.loaded = Loaded(settings, self.web_url.text().strip() or None, self.loaded.due, [])
        self._password_hint()
        self._say(lambda: self.tr("Settings saved."))

    def _settings_refused(self, message: str) -> None:
        self.save_button.setEnabled(True)
        self.settings_problem.show_problem(message)

    def _settings_env_error(self, error: BaseException) -> None:
        self._settings_refused(_environment_text(error))

    def _password_hint(self) -> None:
        settings = self.loaded.settings if self.loaded is not None else None
        saved = settings is not None and settings.username is not None
        self.password.setPlaceholderText(
            self.tr("unchanged (saved in the keyring)") if saved else ""
        )

    # --- a batch -----------------------------------------------------------------------

    def choose_folder(self) -> None:
        """Ask for the export folder in a window-modal chooser (no nested event loop)."""
        if self.run is not None:
            return
        chooser = QFileDialog(self, self.tr("Export the cards to a folder"))
        chooser.setFileMode(QFileDialog.FileMode.Directory)
        chooser.setOption(QFileDialog.Option.ShowDirsOnly, True)
        chooser.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        chooser.fileSelected.connect(lambda path: self.start(export=Path(path)))
        chooser.finished.connect(lambda _code: self._chooser_closed(chooser))
        self.folder_dialog = chooser
        chooser.open()

    def _chooser_closed(self, chooser: QFileDialog) -> None:
        if self.folder_dialog is chooser:
            self.folder_dialog = None
        chooser.deleteLater()

    def start(self, export: Path | None) -> None:
        """Send the cards due (``export`` None) or write them into the folder."""
        state = self.info.state
        if self.run is not None or state.database is None or state.ctx is None:
            return
        database, ctx, on, now = state.database, state.ctx, state.today(), state.now
        run = Run(export=export is not None)
        self.run = run
        # Its own relay, owned by the job rather than by the dialog: the dialog may be
        # gone (a log-out) while the worker still reports the card under way.
        relay = ProgressRelay()
        relay.progressed.connect(self._progressed)

        def report(progress: BatchProgress) -> None:
            relay.progressed.emit(progress)

        def push() -> None:  # the worker's thread, once the cards are issued
            run.not_pushed = push_to_centre(database)

        def work() -> BatchProgress:
            cancelled = run.cancelled.is_set
            if export is None:
                return send_cards(
                    database,
                    ctx,
                    on,
                    now,
                    progress=report,
                    cancelled=cancelled,
                    before_sending=push,
                )
            return export_cards(
                database,
                ctx,
                on,
                now,
                export,
                progress=report,
                cancelled=cancelled,
                before_sending=push,
            )

        self._set_running(True)
        self.problem.show_problem("")
        self._say(lambda: self.tr("Starting…"))
        self.progress.setRange(0, 0)  # busy until the service says how many
        self.progress.show()
        state.run(
            work,
            lambda done: self._finished(run, done),
            lambda message: self._stopped(run, message),
            lambda error: self._stopped(run, _environment_text(error)),
        )

    def _progressed(self, progress: BatchProgress) -> None:
        run = self.run
        if run is None:
            return
        run.last = progress
        self.progress.setRange(0, max(progress.total, 1))
        self.progress.setValue(progress.done)
        self._say(lambda: self._progress_text(progress, run))

    def cancel(self) -> None:
        if self.run is not None and not self.run.cancelled.is_set():
            self.run.cancelled.set()
            self.cancel_button.setEnabled(False)
            self._say(lambda: self.tr("Cancelling: the card under way is finished…"))

    def _finished(self, run: Run, done: BatchProgress) -> None:
        if not run.heard:
            return
        run.last = done
        self.run = None
        self._set_running(False)
        self.progress.setRange(0, max(done.total, 1))
        self.progress.setValue(done.done)
        cancelled = run.cancelled.is_set()

        def words() -> str:
            text = self._progress_text(done, run)
            if cancelled:
                return self.tr("Cancelled. {progress}").format(progress=text)
            return self.tr("Finished. {progress}").format(progress=text)

        self._say(words)
        self.info.show_message(words())
        self.reload()

    def _stopped(self, run: Run, message: str) -> None:
        if not run.heard:
            return
        self.run = None
        self._set_running(False)
        self.problem.show_problem(message)
        last = run.last
        if last is not None:
            self._say(lambda: self._progress_text(last, run))
        else:
            self._say(lambda: "")
            self.progress.hide()
        self.reload()

    def _set_running(self, running: bool) -> None:
        for widget in (self.send_button, self.export_button, self.save_button, self.close_button):
            widget.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        if running:
            self.cancel_button.setFocus()

    def done(self, code: int) -> None:
        """Esc while a batch runs cancels it and keeps the dialog open. A log-out (no
        user any more) closes it anyway: the batch is cancelled and its answer dropped."""
        if self.run is not None and self.info.state.ctx is not None:
            self.cancel()
            return
        if self.run is not None:
            self.run.cancelled.set()
            self.run.heard = False
            self.run = None
        self._open.clear()
        super().done(code)

    # --- texts -------------------------------------------------------------------------

    def _say(self, words: Callable[[], str]) -> None:
        """The status line, worded again when the language changes."""
        self._status_words = words
        self.status.setText(words())

    def _progress_text(self, progress: BatchProgress, run: Run) -> str:
        if run.export:
            text = self.tr(
                "{done} of {total} cards: {sent} written to the folder, {failed} failed."
            )
        else:
            text = self.tr(
                "{done} of {total} cards: {sent} sent, {refused} refused, {failed} not sent."
            )
        text = text.format(
            done=progress.done,
            total=progress.total,
            sent=progress.sent,
            refused=progress.refused,
            failed=progress.failed,
        )
        if run.not_pushed is not None:
            text += " " + catalogue_word("campaign.not_pushed", {"reason": run.not_pushed})
        if progress.uncertain:
            # The catalogue's words (no new Qt string): the server may have these cards.
            uncertain = catalogue_word("email.uncertain_count", {"count": progress.uncertain})
            text = f"{text} {uncertain}"
        return text

    def _due_text(self) -> None:
        if self.loaded is None:
            self.due.setText(self.tr("Counting the payers due…"))
            return
        self.due.setText(
            self.tr(
                "Payers due a card by e-mail: {count} (e-invoice, not confirmed since the "
                "campaign start, no card out)."
            ).format(count=self.loaded.due)
        )

    def _refused(self, message: str) -> None:
        self.problem.show_problem(message)

    def _env_error(self, error: BaseException) -> None:
        self.problem.show_problem(_environment_text(error))

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Survey cards by e-mail"))
        self.server_box.setTitle(self.tr("Mail server and web form"))
        texts = {
            "host": self.tr("&Server:"),
            "port": self.tr("&Port:"),
            "security": self.tr("Se&curity:"),
            "username": self.tr("&Login:"),
            "password": self.tr("Pass&word:"),
            "sender": self.tr("Se&nder:"),
            "per_minute": self.tr("&Messages a minute:"),
            "web_url": self.tr("&Web form address:"),
        }
        for name, text in texts.items():
            self.labels[name].setText(text)
        for index, text in enumerate(
            (self.tr("STARTTLS"), self.tr("TLS (SMTPS)"), self.tr("None (unencrypted)"))
        ):
            self.security.setItemText(index, text)
        self.per_minute.setSpecialValueText(self.tr("no limit"))
        self.sender_edit.setPlaceholderText(self.tr("Name <address@example.bg>"))
        self.web_url.setPlaceholderText("https://")
        self.save_button.setText(self.tr("Save settings (Ctrl+S)"))
        self.send_box.setTitle(self.tr("Sending"))
        self.send_button.setText(self.tr("&Send by e-mail (Ctrl+Enter)"))
        self.export_button.setText(self.tr("&Export to a folder…"))
        self.cancel_button.setText(self.tr("&Cancel"))
        self.problems_box.setTitle(self.tr("Refused, bounced and failed (newest first)"))
        self.close_button.setText(self.tr("Close (Esc)"))
        self.problems_model.retranslate()
        self.status.setText(self._status_words())
        self._password_hint()
        self._due_text()


SETTING_LABELS = (
    "host",
    "port",
    "security",
    "username",
    "password",
    "sender",
    "per_minute",
    "web_url",
)


def _environment_text(error: BaseException) -> str:
    title, advice = describe_environment_error(error)
    return f"{title} {advice}"


def open_email_cards(info: PageContext) -> EmailCardsDialog:
    dialog = EmailCardsDialog(info, info.documents.dialog_parent)
    info.open_dialog(dialog)
    return dialog
