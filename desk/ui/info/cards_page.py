"""The Survey cards tab: print one card (pre-filled or blank), print a batch for a
group of payers, and see the cards printed and not yet returned. The numbering,
recording and drawing are desk.services.card_printing's; the page runs them in
workers and keeps the preview, the questions, the progress bar and Cancel.

A card row means "printed", and for a batch "sent to the printer":

- One card (or a few blank ones) is shown in a preview first, numbered with the
  numbers this desk would issue next (``next_cards``), and nothing is written.
  Esc leaves no trace. Print writes the rows in one transaction, checking those
  numbers are still this desk's next ones (another clerk on the same desk
  database may have printed meanwhile: then the cards are numbered anew, the
  preview shown again and the clerk told), and only then sends the PDF out.
  A payer with a card still out gets a second one only when the clerk says so
  in a question naming that card (``SecondCardConfirm``; the service refuses
  otherwise, ``CardStillOut``).
- A batch goes to the printer without a preview, once the clerk confirms a
  question naming how many cards it will print (declined: nothing is written).
  It runs in chunks, each its own worker job (``state.run``): the chunk's card
  rows are written in one transaction, then its pages are added to the one
  batch PDF. Between chunks the GUI thread moves the progress bar and looks at
  the Cancel flag; a cancelled batch (Cancel, or the clerk logging out:
  ``reset``) sends exactly the cards already numbered to the printer, and says
  how many. Cancel is enabled only while a batch runs, and it never moves: the
  progress bar has a row of its own, which keeps its height while hidden (a
  click meant for Cancel must never land on the bar). The batch's file is named
  by its minute and never replaces another (desk.saving): the cards of an
  earlier batch keep their PDF.
  Payers with a card still out are left out of the group (the page says how
  many). A group is at most ``MAX_CARDS`` (5,000) payers, refused up front
  otherwise ("choose a district"): the whole batch is held in memory until it
  goes to the printer. Measured for pre-filled cards: reportlab holds about
  12.5 MB a thousand cards while the batch grows, ~21 MB at the peak of
  ``finish``, and the PDF is 3.2 MB a thousand (bench/cards.py). The cap thus
  bounds a batch near 60 MB while printing, ~105 MB at ``finish``, a 16 MB PDF.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QModelIndex, QObject, QPersistentModelIndex, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLayout,
    QLineEdit,
    QProgressBar,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk.identifiers import check_payer_code
from desk.models.db import Database
from desk.services.campaign import campaign_start
from desk.services.card_printing import (
    Batch,
    Issued,
    Previewed,
    new_batch,
    preview_or_card_out,
    print_chunk,
    print_previewed,
)
from desk.services.context import DeskContext
from desk.services.problems import Problem
from desk.services.survey_cards import (
    MAX_CARDS,
    CardStillOut,
    GroupCount,
    UnreturnedCard,
    UnreturnedCards,
    count_group,
    districts,
    group_payers,
    unreturned_cards,
)
from desk.ui.environment import describe_environment_error
from desk.ui.i18n import Retranslating
from desk.ui.info.number_edit import WholeNumberEdit
from desk.ui.kit.context import PageContext
from desk.ui.kit.formatting import date_text, python_date, time_text
from desk.ui.kit.models import RowsModel
from desk.ui.kit.receipt_preview import DOCUMENT, ReceiptPreview
from desk.ui.kit.widgets import ProblemLabel, key_button
from desk.ui.layout import keep_rows, scrolling_body
from desk.ui.plain_text import DataLabel
from desk.ui.style import named
from desk.ui.tasks import let_the_gui_run

CHUNK = 50  # cards a worker job numbers and renders: a progress step every second or so
PAGE = 200  # rows of the not-returned list read at a time, as the view scrolls
MAX_BLANK = 500

Index = QModelIndex | QPersistentModelIndex


class UnreturnedModel(RowsModel[UnreturnedCard]):
    """Cards out, newest first; reads further pages as the view scrolls to them."""

    fetch_wanted = Signal(int)  # the offset of the next page

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.total = 0
        self.loading = False

    def headers(self) -> tuple[str, ...]:
        return (
            self.tr("Card number"),
            self.tr("Payer code"),
            self.tr("Name"),
            self.tr("Printed"),
            self.tr("Desk"),
        )

    def row_texts(self, card: UnreturnedCard) -> tuple[str, ...]:
        code = card.payer_code or self.tr("blank card")
        return (
            card.number,
            code,
            card.payer_name or "",
            time_text(card.printed_at),
            card.desk_code or "",
        )

    def show_page(self, page: UnreturnedCards, offset: int) -> None:
        """The first page replaces the rows; a later one is appended."""
        self.loading = False
        self.total = page.total
        if offset == 0:
            self.set_rows(list(page.rows))
            return
        if offset != len(self._rows) or not page.rows:
            return  # the list was read anew meanwhile
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(page.rows) - 1)
        self._rows.extend(page.rows)
        self._texts.extend(self.row_texts(row) for row in page.rows)
        self.endInsertRows()

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and not self.loading and len(self._rows) < self.total

    def fetchMore(self, parent: Index) -> None:
        if self.canFetchMore(parent):
            self.loading = True
            self.fetch_wanted.emit(len(self._rows))


class Question(Retranslating, QDialog):
    """A yes-or-back question before something that cannot be undone. Back is the
    default (Enter, Esc: nothing happens); only the clerk's explicit choice (its
    accelerator, or Tab to it and Enter) says yes, as for every question in the app."""

    def __init__(self, name: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.question = DataLabel(wordWrap=True, objectName=f"{name}Question")
        self.print_button = key_button()
        self.print_button.setAutoDefault(True)  # Tab to it, then Enter: a deliberate yes
        self.back_button = key_button(default=True)
        self.print_button.clicked.connect(self.accept)
        self.back_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.back_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(self.question)
        layout.addLayout(buttons)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        self.retranslate()
        self.back_button.setFocus()

    def retranslate(self) -> None:
        raise NotImplementedError


class SecondCardConfirm(Question):
    """Asked before a second pre-filled card for a payer with one out: it names the card
    out, the payer and the day it was printed."""

    def __init__(self, out: CardStillOut, parent: QWidget | None) -> None:
        self.out = out
        super().__init__("secondCardConfirm", parent)
        self.setMinimumWidth(520)

    def retranslate(self) -> None:
        card = self.out.out[0]
        self.setWindowTitle(self.tr("A survey card is already out"))
        self.question.setText(
            self.tr(
                "{name} (payer code {code}) already has survey card {card} out, printed "
                "on {date} and not returned. Print a second card for this payer?"
            ).format(
                name=card.payer_name,
                code=card.payer_code,
                card=card.number,
                date=date_text(card.printed_at.date()),
            )
        )
        self.print_button.setText(self.tr("&Print a second card"))
        self.back_button.setText(self.tr("Back (Esc)"))


class CardsPreview(ReceiptPreview):
    """The preview of cards not yet recorded: Print is busy while they are written."""

    def __init__(self, shown: Previewed, parent: QWidget | None) -> None:
        super().__init__(shown.pdf, shown.title, parent, kind=DOCUMENT)
        self.shown = shown
        self.busy = False
        self.closed = False
        self.finished.connect(self._closed)

    def set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.print_button.setEnabled(not busy)

    def _closed(self) -> None:
        self.closed = True


class BatchConfirm(Question):
    """Asked before a batch starts: how many cards, for which group."""

    def __init__(self, count: int, district: str | None, parent: QWidget | None) -> None:
        self.count, self.district = count, district
        super().__init__("batchConfirm", parent)

    def retranslate(self) -> None:
        group = self.district or self.tr("all districts")
        self.setWindowTitle(self.tr("Print a batch of survey cards"))
        self.question.setText(
            self.tr(
                "Print {count} survey cards for {group}? Each card is recorded as printed "
                "as it is numbered."
            ).format(count=self.count, group=group)
        )
        self.print_button.setText(self.tr("&Print {count} cards").format(count=self.count))
        self.back_button.setText(self.tr("Back (Esc)"))


class CardsPage(Retranslating, QWidget):
    card_chosen = Signal(str)  # a not-returned card opened from the list (Enter, double-click)
    progressed = Signal(int, int)  # batch cards printed, of how many

    def __init__(self, info: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.info = info
        self.chunk_size = CHUNK
        self.batch_limit = MAX_CARDS  # the most payers one batch takes (see the docstring)
        self.batch: Batch | None = None
        self.confirm: BatchConfirm | None = None  # the question before a batch, while open
        self.preview: CardsPreview | None = None
        self.group_size: GroupCount | None = None  # the latest count shown
        self._group_asked = 0  # the latest count asked for; older answers are dropped
        # Bumped by ``reset`` (log out): answers to work asked for before are dropped.
        self._generation = 0

        # One card
        self.one_box = QGroupBox()
        self.payer_label = DataLabel()
        # No key is swallowed: a letter or an 11th digit is refused in words on Enter.
        self.payer_field = named(QLineEdit(), "payerCodeField")
        self.payer_label.setBuddy(self.payer_field)
        self.print_one_button = key_button()
        self.blank_label = DataLabel()
        # As typed: 600 stays 600 and is refused in words, not cut to 60 (issue 13, point 8).
        self.blank_count = WholeNumberEdit(1, MAX_BLANK, "blankCount")
        self.blank_count.setValue(1)
        self.blank_label.setBuddy(self.blank_count)
        self.print_blank_button = key_button()
        self.one_problem = ProblemLabel()
        grid = QGridLayout(self.one_box)
        grid.addWidget(self.payer_label, 0, 0)
        grid.addWidget(self.payer_field, 0, 1)
        grid.addWidget(self.print_one_button, 0, 2)
        grid.addWidget(self.blank_label, 1, 0)
        grid.addWidget(self.blank_count, 1, 1)
        grid.addWidget(self.print_blank_button, 1, 2)
        grid.addWidget(self.one_problem, 2, 0, 1, 3)
        grid.setColumnStretch(3, 1)

        # A batch for a group
        self.batch_box = QGroupBox()
        self.district_label = DataLabel()
        self.district = named(QComboBox(), "districtCombo")
        # Sofia's district names are long ("Красно село"): the combo fits the longest.
        self.district.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.district.setMinimumContentsLength(16)
        self.district_label.setBuddy(self.district)
        self.since_label = DataLabel()
        self.since = QDateEdit()
        self.since.setCalendarPopup(True)
        self.since.setDisplayFormat("dd.MM.yyyy")
        self.since_label.setBuddy(self.since)
        self.group_count = DataLabel(wordWrap=True, objectName="groupCount")
        self.print_batch_button = key_button()
        self.cancel_button = key_button()
        self.cancel_button.setEnabled(False)
        self.cancel_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.progress = QProgressBar(textVisible=True)
        hidden_keeps_room = self.progress.sizePolicy()
        hidden_keeps_room.setRetainSizeWhenHidden(True)  # nothing below moves when it shows
        self.progress.setSizePolicy(hidden_keeps_room)
        self.progress.hide()
        self.batch_status = DataLabel(wordWrap=True, objectName="batchStatus")
        batch_grid = QGridLayout(self.batch_box)
        batch_grid.addWidget(self.district_label, 0, 0)
        batch_grid.addWidget(self.district, 0, 1)
        batch_grid.addWidget(self.since_label, 0, 2)
        batch_grid.addWidget(self.since, 0, 3)
        batch_grid.addWidget(self.group_count, 1, 0, 1, 6)
        # Print and Cancel side by side, the bar on a row of its own: showing the bar
        # or a longer status moves neither button.
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_batch_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        batch_grid.addLayout(buttons, 2, 0, 1, 6)
        batch_grid.addWidget(self.progress, 3, 0, 1, 6)
        batch_grid.addWidget(self.batch_status, 4, 0, 1, 6)
        batch_grid.setColumnStretch(5, 1)

        # Printed, not returned
        self.out_box = QGroupBox()
        self.out_count = DataLabel(objectName="unreturnedCount")
        self.model = UnreturnedModel(self)
        self.view = named(QTableView(), "unreturnedView")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setTabKeyNavigation(False)  # Tab leaves the list; arrows move in it
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setStretchLastSection(True)
        out_layout = QVBoxLayout(self.out_box)
        out_layout.addWidget(self.out_count)
        out_layout.addWidget(self.view, 1)

        keep_rows(self.view, 4)
        layout = QVBoxLayout(scrolling_body(self))  # scrolls on a small screen (issue 13, 12)
        layout.addWidget(self.one_box)
        layout.addWidget(self.batch_box)
        layout.addWidget(self.out_box, 1)
        for first, second in (
            (self.payer_field, self.print_one_button),
            (self.print_one_button, self.blank_count),
            (self.blank_count, self.print_blank_button),
            (self.print_blank_button, self.district),
            (self.district, self.since),
            (self.since, self.print_batch_button),
            (self.print_batch_button, self.cancel_button),
            (self.cancel_button, self.view),
        ):
            QWidget.setTabOrder(first, second)

        self.payer_field.returnPressed.connect(self.print_pre_filled)
        self.print_one_button.clicked.connect(self.print_pre_filled)
        self.blank_count.returnPressed.connect(self.print_blank)
        self.print_blank_button.clicked.connect(self.print_blank)
        self.district.currentIndexChanged.connect(self.count_group)
        self.since.dateChanged.connect(self.count_group)
        self.print_batch_button.clicked.connect(self.print_batch)
        self.cancel_button.clicked.connect(self.cancel_batch)
        self.view.activated.connect(self._activated)
        self.model.fetch_wanted.connect(self._read_unreturned)
        self.retranslate()

    def title(self) -> str:
        return self.tr("Survey cards")

    # --- coming into view ------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.info.state.database is not None and self.info.state.ctx is not None:
            self.refresh()

    def refresh(self) -> None:
        """Read the districts, the campaign start (first time) and the cards out again."""
        db = self.info.state.db
        first_time = self.district.count() == 0

        def read() -> tuple[list[str], date]:
            return districts(db), campaign_start(db)

        self.info.state.run(read, lambda found: self._show_choices(*found, first_time), self._say)
        self._read_unreturned(0)

    def _show_choices(self, names: list[str], start: date, first_time: bool) -> None:
        chosen = self.district.currentData()
        self.district.blockSignals(True)
        self.district.clear()
        self.district.addItem(self.tr("All districts"), None)
        for name in names:
            self.district.addItem(name, name)
        self.district.setCurrentIndex(max(0, self.district.findData(chosen)))
        self.district.blockSignals(False)
        if first_time:
            self.since.blockSignals(True)
            self.since.setDate(QDate(start.year, start.month, start.day))
            self.since.blockSignals(False)
        self.count_group()

    def _read_unreturned(self, offset: int) -> None:
        db = self.info.state.db
        self.info.state.run(
            lambda: unreturned_cards(db, PAGE, offset),
            lambda page: self._show_unreturned(page, offset),
            self._say,
        )

    def _show_unreturned(self, page: UnreturnedCards, offset: int) -> None:
        self.model.show_page(page, offset)
        self.out_count.setText(self.tr("Printed, not returned: {count}").format(count=page.total))

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.card_chosen.emit(self.model.row(index.row()).number)

    # --- one card --------------------------------------------------------------------------

    def print_pre_filled(self) -> None:
        code = self.payer_field.text().strip()
        problem = check_payer_code(code)
        if problem is not None:
            # Worded whole from the catalogue: the field's name and the problem in one language.
            self.one_problem.show_problem(str(Problem("field.payer_code", problem)))
            self.payer_field.setFocus()
            return
        self._print_one([code], 0, self.tr("Survey card {code}").format(code=code))

    def print_blank(self) -> None:
        count = self.blank_count.value()
        if count is None or not 1 <= count <= MAX_BLANK:
            self.one_problem.show_problem(
                self.tr("Blank cards: a whole number from 1 to {most}").format(most=MAX_BLANK)
            )
            self.blank_count.setFocus()
            self.blank_count.selectAll()
            return
        self._print_one([], count, self.tr("Blank survey cards: {count}").format(count=count))

    def _print_one(
        self, codes: list[str], blank: int, title: str, confirmed_out: tuple[str, ...] = ()
    ) -> None:
        """Number the cards as this desk would next and show them; nothing is written
        until Print is pressed in the preview. A payer with a card out is asked about
        first (``SecondCardConfirm``)."""
        state = self.info.state
        db, ctx, now = state.db, state.user, state.now()
        generation = self._generation
        self.one_problem.show_problem("")
        self._set_one_busy(True)

        def done(shown: Previewed | CardStillOut) -> None:
            self._set_one_busy(False)
            if generation != self._generation:
                return
            if isinstance(shown, CardStillOut):
                self._ask_second_card(shown, codes, title)
            else:
                self._show_preview(shown)

        def refused(message: str) -> None:
            self._set_one_busy(False)
            self.one_problem.show_problem(message)

        state.run(
            lambda: preview_or_card_out(db, ctx, codes, blank, now, title, confirmed_out),
            done,
            refused,
            lambda error: refused(_environment_text(error)),
        )

    def _ask_second_card(self, out: CardStillOut, codes: list[str], title: str) -> None:
        """The card out named; a second one is shown for printing only if the clerk says so."""
        self.one_problem.show_problem(str(out))
        dialog = SecondCardConfirm(out, self.info.documents.dialog_parent)
        generation = self._generation

        def answered(code: int) -> None:
            if generation != self._generation or self.info.state.ctx is None:
                return  # logged out meanwhile
            if code == QDialog.DialogCode.Accepted:
                confirmed = tuple(card.number for card in out.out)
                self._print_one(codes, 0, title, confirmed)
            else:
                self.payer_field.setFocus()
                self.payer_field.selectAll()

        dialog.finished.connect(answered)
        self.info.open_dialog(dialog)

    def _show_preview(self, shown: Previewed) -> None:
        dialog = CardsPreview(shown, self.info.documents.dialog_parent)
        dialog.print_requested.connect(lambda: self._print_previewed(dialog))
        self.preview = dialog
        self.info.open_dialog(dialog)

    def _print_previewed(self, dialog: CardsPreview) -> None:
        """Print pressed: record the cards, then send them out (or show them renumbered)."""
        if dialog.busy:
            return
        dialog.set_busy(True)
        shown, generation = dialog.shown, self._generation

        def done(result: Issued | Previewed) -> None:
            if isinstance(result, Previewed):  # another clerk took the numbers
                still_open = not dialog.closed  # Esc meanwhile: no second look wanted
                self._close(dialog)
                if still_open and generation == self._generation:
                    self._show_preview(result)
                    self.info.show_message(
                        self.tr(
                            "Another clerk printed survey cards on this desk meanwhile: "
                            "the card numbers changed. Check the preview and print again."
                        )
                    )
                return
            # Recorded: it goes out even if the clerk closed the preview or logged out.
            self._close(dialog, QDialog.DialogCode.Accepted)
            self.info.documents.output(result.pdf, shown.file_name)
            if generation == self._generation:
                if shown.codes:
                    self.payer_field.clear()
                self._read_unreturned(0)
                self.count_group()

        def refused(message: str) -> None:
            self._close(dialog)
            if generation == self._generation:
                self.one_problem.show_problem(message)

        now = self.info.state.now()
        self.info.state.run(
            lambda: print_previewed(shown, now),
            done,
            refused,
            lambda error: refused(_environment_text(error)),
        )

    def _close(
        self, dialog: CardsPreview, code: QDialog.DialogCode = QDialog.DialogCode.Rejected
    ) -> None:
        if not dialog.closed:
            dialog.done(code)
        if self.preview is dialog:
            self.preview = None

    def _set_one_busy(self, busy: bool) -> None:
        for widget in (self.print_one_button, self.print_blank_button):
            widget.setEnabled(not busy)

    # --- a batch ---------------------------------------------------------------------------

    def _group(self) -> tuple[str | None, date]:
        return self.district.currentData(), python_date(self.since.date())

    def count_group(self) -> None:
        if self.district.count() == 0 or self.batch is not None:
            return  # a count changing above the buttons mid-batch would move them
        state = self.info.state
        db, on = state.db, state.today()
        district, since = self._group()
        self._group_asked += 1
        asked = self._group_asked

        def counted(count: GroupCount) -> None:
            if asked == self._group_asked:
                self.group_size = count
                self.group_count.setText(self._group_text(count))

        state.run(lambda: count_group(db, district, since, on), counted, self._say)

    def _group_text(self, count: GroupCount) -> str:
        text = self.tr("Payers in the group: {count}").format(count=count.payers)
        if count.card_out:
            text += "; " + self.tr("payers with a card out are left out: {count}").format(
                count=count.card_out
            )
        if count.payers > self.batch_limit:
            text += "; " + self._too_large(count.payers)
        return text

    def _too_large(self, count: int) -> str:
        return self.tr(
            "{count} payers are more than one batch takes ({limit}): choose a district "
            "or a later “not confirmed since” date."
        ).format(count=count, limit=self.batch_limit)

    def print_batch(self) -> None:
        if self.batch is not None or self.district.count() == 0:
            return
        state = self.info.state
        db, ctx, on = state.db, state.user, state.today()
        district, since = self._group()
        limit, generation = self.batch_limit, self._generation
        self._set_batch_running(True, cancellable=False)
        self.batch_status.setText(self.tr("Choosing the payers…"))

        def chosen(codes: list[str]) -> None:
            if generation == self._generation:
                self._ask_batch(db, ctx, codes, district)

        state.run(
            # One more than a batch takes: enough to refuse a group too large.
            lambda: group_payers(db, district, since, on, limit=limit + 1),
            chosen,
            self._batch_refused,
            self._batch_environment_error,
        )

    def _ask_batch(
        self, db: Database, ctx: DeskContext, codes: list[str], district: str | None
    ) -> None:
        """The group is chosen: say how many cards it makes, and start only on Print."""
        if not codes:
            self._set_batch_running(False)
            self.batch_status.setText(self.tr("No payer in this group: nothing to print."))
            return
        if len(codes) > self.batch_limit:
            self._set_batch_running(False)
            self.batch_status.setText(self._too_large(len(codes)))
            self.district.setFocus()
            return
        generation = self._generation
        dialog = BatchConfirm(len(codes), district, self.info.documents.dialog_parent)
        self.confirm = dialog
        self.batch_status.setText(
            self.tr("Print {count} survey cards? Waiting for the answer…").format(count=len(codes))
        )

        def answered(code: int) -> None:
            if self.confirm is dialog:
                self.confirm = None
            if generation != self._generation:
                return  # reset has put the page back already
            logged_out = self.info.state.ctx is None  # the panel closes its dialogs first
            if code == QDialog.DialogCode.Accepted and not logged_out:
                self._start_batch(db, ctx, codes, district)
                return
            self._set_batch_running(False)
            self.batch_status.setText("" if logged_out else self.tr("No survey card was printed."))
            if not logged_out:
                self.print_batch_button.setFocus()

        dialog.finished.connect(answered)
        self.info.open_dialog(dialog)

    def _start_batch(
        self, db: Database, ctx: DeskContext, codes: list[str], district: str | None
    ) -> None:
        self.batch = new_batch(db, ctx, codes, district, self.info.state.now())
        self._set_batch_running(True)
        self.progress.setRange(0, len(codes))
        self.progress.setValue(0)
        self.progress.show()
        self._next_chunk()

    def _next_chunk(self) -> None:
        batch = self.batch
        assert batch is not None
        if batch.over:
            self._finish_batch()
            return
        now = self.info.state.now()
        codes = batch.next_codes(self.chunk_size)
        self.batch_status.setText(
            self.tr("Printing survey cards: {done} of {total}…").format(
                done=batch.done, total=len(batch.codes)
            )
        )
        self.info.state.run(
            lambda: print_chunk(batch.db, batch.ctx, codes, now, batch.pdf, let_the_gui_run),
            self._chunk_done,
            self._batch_refused,
            self._batch_environment_error,
        )

    def _chunk_done(self, printed: int) -> None:
        batch = self.batch
        assert batch is not None
        batch.done += printed
        self.progress.setValue(batch.done)
        self.progressed.emit(batch.done, len(batch.codes))
        self._next_chunk()

    def cancel_batch(self) -> None:
        if self.batch is not None and not self.batch.cancelled:
            self.batch.cancelled = True
            self.cancel_button.setEnabled(False)
            self.batch_status.setText(self.tr("Cancelling after the cards being printed now…"))

    def _finish_batch(self) -> None:
        batch = self.batch
        assert batch is not None
        if batch.done == 0:
            self._end_batch(self.tr("No survey card was printed."))
            return
        self.batch_status.setText(
            self.tr("Sending {count} cards to the printer…").format(count=batch.done)
        )
        self.info.state.run(
            batch.pdf.finish,
            lambda pdf: self._batch_printed(batch, pdf),
            self._batch_refused,
            self._batch_environment_error,
        )

    def _batch_printed(self, batch: Batch, pdf: bytes) -> None:
        self.info.documents.output(pdf, batch.file_name)
        total = len(batch.codes)
        if batch.done == total:
            text = self.tr("Survey cards printed: {count}.").format(count=total)
        else:
            text = self.tr(
                "Stopped: {done} of {total} survey cards printed; the others were not numbered."
            ).format(done=batch.done, total=total)
        if batch.problems:
            text += " " + " ".join(batch.problems)
        self._end_batch(text)

    def _end_batch(self, text: str) -> None:
        self.batch = None
        self._set_batch_running(False)
        self.batch_status.setText(text)
        self.info.show_message(text)  # after a log out too: the next clerk reads it
        if self.info.state.ctx is not None:  # else the page reads anew when shown
            self._read_unreturned(0)
            self.count_group()

    # --- logging out -----------------------------------------------------------------------

    def reset(self) -> None:
        """The clerk logs out (InfoPanel.reset): close the preview (nothing of it was
        written), drop the answers still on their way, and cancel a running batch. The
        batch's chunk in the worker finishes; the cards numbered so far go to the
        printer and the message line says how many, as after Cancel."""
        self._generation += 1
        if self.preview is not None:
            self._close(self.preview)
        if self.confirm is not None:  # a batch asked about, not answered: none starts
            self.confirm.done(QDialog.DialogCode.Rejected)
            self.confirm = None
        self.payer_field.clear()
        self.one_problem.show_problem("")
        self._set_one_busy(False)
        if self.batch is not None:
            self.cancel_batch()
        elif not self.print_batch_button.isEnabled():  # still choosing the payers
            self._set_batch_running(False)
            self.batch_status.setText("")

    def _batch_refused(self, message: str) -> None:
        if self.batch is None:  # choosing the group failed
            self._set_batch_running(False)
            self.batch_status.setText(message)
            return
        self.batch.problems.append(message)
        self._finish_batch_after_problem()

    def _batch_environment_error(self, error: BaseException) -> None:
        self._batch_refused(_environment_text(error))

    def _finish_batch_after_problem(self) -> None:
        batch = self.batch
        assert batch is not None
        if batch.done == 0:
            self._end_batch(" ".join(batch.problems))
        else:
            self._finish_batch()

    def _set_batch_running(self, running: bool, *, cancellable: bool = True) -> None:
        """Busy or not; Cancel is enabled only while there is a batch to cancel."""
        self.print_batch_button.setEnabled(not running)
        self.cancel_button.setEnabled(running and cancellable)
        self.district.setEnabled(not running)
        self.since.setEnabled(not running)
        if not running:
            self.progress.hide()

    # --- texts -----------------------------------------------------------------------------

    def _say(self, text: str) -> None:
        self.info.show_message(text)

    def retranslate(self) -> None:
        self.one_box.setTitle(self.tr("One card"))
        self.payer_label.setText(self.tr("Pre-filled for &payer code:"))
        self.print_one_button.setText(self.tr("Print pre-filled card"))
        self.blank_label.setText(self.tr("&Blank cards:"))
        self.print_blank_button.setText(self.tr("Print blank cards"))
        self.batch_box.setTitle(self.tr("A batch for a group of payers"))
        self.district_label.setText(self.tr("&District:"))
        if self.district.count():
            self.district.setItemText(0, self.tr("All districts"))
        self.since_label.setText(self.tr("&Not confirmed since:"))
        self.print_batch_button.setText(self.tr("Print ba&tch"))
        self.cancel_button.setText(self.tr("&Cancel"))
        self.out_box.setTitle(self.tr("Printed, not returned (Enter opens the card)"))
        self.model.retranslate()


def _environment_text(error: BaseException) -> str:
    title, advice = describe_environment_error(error)
    return f"{title} {advice}"
