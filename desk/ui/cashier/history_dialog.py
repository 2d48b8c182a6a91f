"""A payer's payments: reprint a receipt (marked КОПИЕ) or void one (сторно)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableView,
    QWidget,
)

from desk.services.account_view import PastPayment, payment_history
from desk.services.retention import held_from
from desk.ui.cashier.models import PaymentsModel
from desk.ui.kit.formatting import date_text
from desk.ui.kit.session import DeskState
from desk.ui.kit.widgets import DeskDialog, key_button
from desk.ui.plain_text import DataLabel
from desk.ui.style import named


class HistoryDialog(DeskDialog):
    reprint_requested = Signal(object)  # PastPayment
    void_requested = Signal(object)  # PastPayment

    def __init__(
        self,
        state: DeskState,
        payer_code: str,
        payer_name: str,
        *,
        void_first: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(state, parent)
        self.setObjectName("historyDialog")
        self.payer_code, self.payer_name = payer_code, payer_name
        self._void_first = void_first  # F9 on the account: straight to voiding the newest
        ctx = state.user
        self.model = PaymentsModel(ctx.desk_id, ctx.desk_code, self)
        self._title = DataLabel(objectName="dialogTitle")
        # Older payments than the desk's history window are at the central database.
        self._held = DataLabel(objectName="historyHeld")
        self._held.setWordWrap(True)
        self._held.hide()
        self._held_from: date | None = None
        self.table = named(QTableView(), "historyTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.reprint = key_button()
        self.void = key_button()
        self.close_button = key_button()
        self.reprint.clicked.connect(lambda: self._request(void=False))
        self.void.clicked.connect(lambda: self._request(void=True))
        self.close_button.clicked.connect(self.reject)
        QShortcut(QKeySequence("F6"), self, self.reprint.click)
        QShortcut(QKeySequence("F9"), self, self.void.click)

        self.lay_out(
            self._title,
            self.table,
            self._held,
            buttons=[self.close_button],
            left=[self.reprint, self.void],
        )
        self.resize(900, 480)
        self.retranslate()
        self.load()

    def load(self) -> None:
        database, code = self.state.db, self.payer_code
        self.run(lambda: (payment_history(database, code), held_from(database)), self._read)

    def _read(self, read: tuple[tuple[PastPayment, ...], date | None]) -> None:
        payments, self._held_from = read
        self._show_held()
        self._loaded(payments)

    def _show_held(self) -> None:
        if self._held_from is None:
            return
        self._held.setText(
            self.tr(
                "This desk keeps the payments from {date} on; older ones are in the central "
                "database."
            ).format(date=date_text(self._held_from))
        )
        self._held.show()

    def _loaded(self, payments: tuple[PastPayment, ...]) -> None:
        self.model.set_rows(list(payments))
        self.table.setFocus()
        if payments:
            self.table.selectRow(0)
        if self._void_first:
            self._void_first = False
            self._request(void=True)

    def selected(self) -> PastPayment | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(rows[0].row()) if rows else None

    def _request(self, *, void: bool) -> None:
        payment = self.selected()
        if payment is None:
            self.problem.show_problem(self.tr("No payment selected."))
        elif void and payment.voided:
            self.problem.show_problem(self.tr("This payment is already voided."))
        elif payment.receipt_number is None:
            self.problem.show_problem(self.tr("This payment was not taken at a desk."))
        else:
            (self.void_requested if void else self.reprint_requested).emit(payment)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Payments"))
        self._title.setText(self.tr("Payments of {name}").format(name=self.payer_name))
        self.reprint.setText(self.tr("Reprint (F6)"))
        self.void.setText(self.tr("Void (F9)"))
        self.close_button.setText(self.tr("Close (Esc)"))
        self.model.retranslate()
        self._show_held()
