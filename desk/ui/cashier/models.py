"""The cashier's table of a payer's payments, for reprint and void (the history dialog)."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QColor

from desk.printing.receipt import receipt_number_text
from desk.services.account_view import PastPayment
from desk.ui.kit.formatting import METHODS, money_text, time_text, word
from desk.ui.kit.models import RED, RowsModel


class PaymentsModel(RowsModel[PastPayment]):
    """A payer's payments, newest first, for reprint and void."""

    RIGHT_ALIGNED = frozenset({3})

    def __init__(self, desk_id: int, desk_code: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.desk_id, self.desk_code = desk_id, desk_code

    def headers(self) -> tuple[str, ...]:
        return (
            self.tr("Paid at"),
            self.tr("Receipt"),
            self.tr("Method"),
            self.tr("Amount"),
            self.tr("Status"),
        )

    def row_texts(self, p: PastPayment) -> tuple[str, ...]:
        receipt = self._receipt(p, p.receipt_number)
        status = ""
        if p.voided:
            # A void is made at the payment's desk (its cash is in that drawer).
            status = self.tr("Voided by receipt {number}").format(
                number=self._receipt(p, p.void_receipt)
            )
        return (time_text(p.paid_at), receipt, word(METHODS, p.method), money_text(p.total), status)

    def _receipt(self, p: PastPayment, number: int | None) -> str:
        if number is None:
            return "—"
        if p.desk_id == self.desk_id:
            return receipt_number_text(self.desk_code, number)
        return self.tr("desk {desk}, no. {number}").format(desk=p.desk_id, number=number)

    def cell_color(self, p: PastPayment, column: int) -> QColor | None:
        return RED if p.voided else None
