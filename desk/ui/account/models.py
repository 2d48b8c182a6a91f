"""The table models of a payer's account: the search results and the open items.

Both desks show them (desk.ui.account's screens); their base is the kit's RowsModel.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QLocale, QObject, Qt, Signal
from PySide6.QtGui import QColor, QFont

from desk.billing.discounts import LATE, OVERDUE_AT_ISSUE, OVERDUE_LEFT
from desk.billing.quote import ItemQuote, Quote
from desk.services.checkout import discount_reason
from desk.services.lookup import Hit
from desk.ui.kit.formatting import KINDS, date_text, money_text, parse_amount, word
from desk.ui.kit.models import AMBER, GREEN, RED, Index, RowsModel

LOST = frozenset({LATE, OVERDUE_AT_ISSUE, OVERDUE_LEFT})  # earned nothing, and says why


class HitsModel(RowsModel[Hit]):
    """Search results: one row per payer at a property, the current holder first."""

    def headers(self) -> tuple[str, ...]:
        return (
            self.tr("Payer code"),
            self.tr("Name"),
            self.tr("Subscriber no."),
            self.tr("Address"),
            self.tr("District"),
            self.tr("Holder"),
        )

    def row_texts(self, hit: Hit) -> tuple[str, ...]:
        holder = self.tr("current") if hit.current else self.tr("former")
        return (hit.payer_code, hit.name, hit.subscriber_number, hit.address, hit.district, holder)

    def cell_color(self, hit: Hit, column: int) -> QColor | None:
        return AMBER if column == 5 and not hit.current else None


# Columns of the open items (issue 3: tick, kind, period, invoice number, leva
# original, amount, balance, deadline, status, discount, to pay), and the reason.
(TICK, KIND, PERIOD, NUMBER, LEVA, AMOUNT, BALANCE, DEADLINE, STATUS, DISCOUNT, REASON, TO_PAY) = (
    range(12)
)


class ItemsModel(RowsModel[ItemQuote]):
    """A payer's open items from the current quote; the tick and the amount are editable."""

    RIGHT_ALIGNED = frozenset({LEVA, AMOUNT, BALANCE, DISCOUNT, TO_PAY})
    toggled = Signal(str, bool)  # item key, ticked
    amount_typed = Signal(str, object)  # item key, Money or None for "in full"
    amount_refused = Signal(str, str)  # item key, a typed text that is not an amount

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bold = QFont()  # one font for every bold cell, not one per data() call
        self._bold.setBold(True)

    def headers(self) -> tuple[str, ...]:
        return (
            "",
            self.tr("Kind"),
            self.tr("Period"),
            self.tr("Number"),
            self.tr("In leva"),
            self.tr("Amount"),
            self.tr("Balance"),
            self.tr("Deadline"),
            self.tr("Status"),
            self.tr("Discount"),
            self.tr("Why"),
            self.tr("To pay"),
        )

    def set_quote(self, quote: Quote) -> None:
        """A new quote of the same items (a tick) only changes texts: the view keeps its place.

        Only the rows the tick changed are announced, each from its first to its
        last changed column, so the view repaints those cells and nothing else.
        """
        if [e.item for e in quote.items] != [e.item for e in self._rows]:
            self.set_rows(list(quote.items))
            return
        before, old_texts = self._rows, self._texts
        self._rows = list(quote.items)
        self._texts = [
            old if new == was else self.row_texts(new)
            for new, was, old in zip(self._rows, before, old_texts, strict=True)
        ]
        for row, (new, was) in enumerate(zip(self._rows, before, strict=True)):
            if new == was:
                continue
            old_row, new_row = old_texts[row], self._texts[row]
            columns = [c for c in range(len(new_row)) if old_row[c] != new_row[c]]
            columns.append(TO_PAY)  # its edit value follows the quote even when not shown
            if new.selected != was.selected:  # the tick, and the bold of the status
                columns += [TICK, STATUS]
            self.dataChanged.emit(self.index(row, min(columns)), self.index(row, max(columns)))

    def key(self, row: int) -> str:
        return str(self._rows[row].item)

    def has_leva(self) -> bool:
        return any(e.original is not None for e in self._rows)

    def has_discount(self) -> bool:
        return any(e.discount.positive for e in self._rows)

    def row_texts(self, e: ItemQuote) -> tuple[str, ...]:
        return (
            "",
            word(KINDS, e.kind),
            e.period or "",
            e.item,
            money_text(e.original) if e.original is not None else "",
            money_text(e.amount),
            money_text(e.balance),
            date_text(e.deadline),
            self.tr("Overdue") if e.overdue else self.tr("Current"),
            money_text(-e.discount) if e.discount.positive else "",
            discount_reason(e),
            money_text(e.to_pay) if e.selected else "",
        )

    def cell_color(self, e: ItemQuote, column: int) -> QColor | None:
        if column == STATUS and e.overdue:
            return RED
        if column in (DISCOUNT, REASON) and e.discount.positive:
            return GREEN
        if column == REASON and e.no_discount in LOST:
            return AMBER
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        e: ItemQuote = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.CheckStateRole and column == TICK:
            return Qt.CheckState.Checked if e.selected else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.EditRole and column == TO_PAY:
            return e.to_pay.plain().replace(".", QLocale().decimalPoint())
        if role == Qt.ItemDataRole.FontRole and column in (TO_PAY, STATUS) and e.selected:
            return self._bold
        if role == Qt.ItemDataRole.ToolTipRole and e.parts is not None:
            return self.tr("Costs {costs}, interest {interest}, principal {principal}").format(
                costs=money_text(e.parts.costs),
                interest=money_text(e.parts.interest),
                principal=money_text(e.parts.principal),
            )
        return super().data(index, role)

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == TICK:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        if index.isValid() and index.column() == TO_PAY:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        key = self.key(index.row())
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == TICK:
            checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value)
            self.toggled.emit(key, checked)
            return True
        if role == Qt.ItemDataRole.EditRole and index.column() == TO_PAY:
            text = str(value).strip()
            amount = parse_amount(text) if text else None
            if text and amount is None:
                self.amount_refused.emit(key, text)
                return False
            self.amount_typed.emit(key, amount)
            return True
        return False
