"""One search field for everything: subscriber number, payer code, invoice number,
a scanned barcode (digits typed fast, then Enter) or words of a name or address.

A payer code with a wrong check digit is flagged as it is typed, before any
search. Results go to a table; Enter or a double click opens the account.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk.services.lookup import SEARCH_LIMIT, SearchResult, payer_code_problem, search
from desk.ui.account.models import HitsModel
from desk.ui.i18n import Retranslating
from desk.ui.kit.session import DeskState
from desk.ui.kit.widgets import ProblemLabel, set_style_property
from desk.ui.plain_text import DataLabel
from desk.ui.style import named


class SearchPanel(Retranslating, QWidget):
    open_hit = Signal(object)  # Hit
    results_ready = Signal()  # more than one payer found: the table has them
    # A search was asked for (Enter): whatever it returns, the account shown before is
    # no longer the one the cashier chose, so the panel puts it away at once.
    search_started = Signal()
    # The text no longer reads what the account shown was found by: no paying on it.
    edited = Signal(str)
    # The search ended without opening an account (nothing, a list, a refusal).
    settled = Signal()

    def __init__(self, state: DeskState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self._serial = 0  # a slow answer to an older search must not overwrite a newer one
        self.searched: str | None = None  # the text of the search whose results are shown
        self._caption = DataLabel(objectName="searchCaption")
        self.field = named(QLineEdit(), "searchField")
        self.field.setClearButtonEnabled(True)
        self._caption.setBuddy(self.field)
        self.problem = ProblemLabel()
        self.message = DataLabel(objectName="searchMessage")
        self.field.textChanged.connect(self._check_as_typed)
        self.field.textChanged.connect(self.edited)
        # A count of hits belongs to the words searched, not to words typed since.
        self.field.textChanged.connect(
            lambda text: self.message.setText("") if text.strip() != self.searched else None
        )
        self.field.returnPressed.connect(self.search)

        self.model = HitsModel(self)
        self.results = named(QTableView(), "searchResults")
        self.results.setModel(self.model)
        self.results.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.setAlternatingRowColors(True)
        self.results.verticalHeader().hide()
        header = self.results.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        # Enter or a double click on a row: QAbstractItemView emits ``activated``.
        self.results.activated.connect(self._activated)

        row = QHBoxLayout()
        row.addWidget(self._caption)
        row.addWidget(self.field, 1)
        row.addWidget(self.message)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(row)
        layout.addWidget(self.problem)
        self.retranslate()

    def focus_field(self) -> None:
        self.field.setFocus()
        self.field.selectAll()

    def _check_as_typed(self, text: str) -> None:
        problem = payer_code_problem(text)
        self.problem.show_problem(str(problem or ""))
        set_style_property(self.field, "problem", problem is not None)

    def search(self) -> None:
        text = self.field.text().strip()
        if not text:
            return
        self._serial += 1
        serial, database, on = self._serial, self.state.db, self.state.today()
        # The worker first: it searches while this thread puts the last account away
        # (its answer is queued to this thread, so it cannot arrive before that).
        self.state.run(
            lambda: search(database, text, on),
            lambda result: self._found(serial, result, text),
            lambda refusal: self._refused(serial, refusal),
        )
        self.model.set_rows([])
        self.searched = None
        self.message.setText(self.tr("Searching…"))
        self.search_started.emit()

    def reset(self) -> None:
        """Log-out, a new user: no text, no results, no line about an earlier search, and
        an answer still on its way is dropped."""
        self._serial += 1
        self.searched = None
        self.model.set_rows([])
        self.field.clear()
        self.message.setText("")
        self.problem.show_problem("")

    def _refused(self, serial: int, refusal: str) -> None:
        if serial == self._serial:
            self.message.setText("")
            self.problem.show_problem(refusal)
            self.settled.emit()

    def _found(self, serial: int, result: SearchResult, text: str) -> None:
        if serial != self._serial:
            return
        if self.field.text().strip() != text:
            # Typed over while the search ran: its answer is for words no longer there.
            self.message.setText("")
            self.settled.emit()
            return
        self.searched = text
        payers = {hit.payer_code for hit in result.hits}
        if len(payers) == 1:
            # A scanned code or a property with one holder: straight to the account,
            # whose read starts now, while the (hidden) list and the count are filled.
            self.open_hit.emit(result.hits[0])
        self.model.set_rows(list(result.hits))
        self.problem.show_problem(str(result.problem or ""))
        if not result.hits:
            self.message.setText("" if result.problem else self.tr("Nothing found"))
            self.settled.emit()
            return
        if len(result.hits) >= SEARCH_LIMIT:
            # The list stops at the limit: say so, or the cashier takes it for all of them.
            self.message.setText(
                self.tr("The first {count} found: type more words to narrow it").format(
                    count=len(result.hits)
                )
            )
        else:
            self.message.setText(self.tr("Found: {count}").format(count=len(result.hits)))
        if len(payers) == 1:
            return
        self.settled.emit()
        self.results_ready.emit()
        self.results.setFocus()
        self.results.setCurrentIndex(self.model.index(0, 0))

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_hit.emit(self.model.row(index.row()))

    def retranslate(self) -> None:
        self._caption.setText(self.tr("F2 &Search"))
        self.field.setPlaceholderText(
            self.tr("Subscriber no., payer code, invoice no., barcode, or name and address")
        )
        self.model.retranslate()
        self._check_as_typed(self.field.text())
