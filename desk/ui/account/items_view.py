"""The open items table, made for the keyboard.

Space ticks or unticks the current row wherever the cursor is; typing digits
starts a partial amount in the "To pay" cell (Enter keeps it, Esc drops it;
an empty amount means "in full"). An amount the checkout refuses (more than the
balance, nothing, not an amount) keeps the editor open on Enter: ``check_amount``
says why next to the table.

Column widths are measured once per account (and per language), not by
ResizeToContents: that measures every cell of the table on every tick.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from desk.ui.account.models import (
    BALANCE,
    DISCOUNT,
    LEVA,
    REASON,
    STATUS,
    TICK,
    TO_PAY,
    ItemsModel,
)
from desk.ui.style import named

Index = QModelIndex | QPersistentModelIndex


class AmountDelegate(QStyledItemDelegate):
    def __init__(self, view: ItemsView) -> None:
        super().__init__(view)
        self.view = view
        self.editing: QPersistentModelIndex | None = None

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = named(QLineEdit(parent), "amountEditor")
        editor.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.editing = QPersistentModelIndex(index)
        return editor

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:
        # Enter commits only an amount the checkout takes; else the editor stays open.
        if (
            isinstance(editor, QLineEdit)
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and self.editing is not None
            and self.editing.isValid()
        ):
            key = self.view.items_model().key(self.editing.row())
            if not self.view.check_amount(key, editor.text()):
                editor.selectAll()
                return True
        return super().eventFilter(editor, event)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QLineEdit)
        editor.setText(str(index.data(Qt.ItemDataRole.EditRole) or ""))
        editor.selectAll()  # the first digit typed replaces the amount

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QLineEdit)
        model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)


class ItemsView(QTableView):
    def __init__(self, model: ItemsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("itemsTable")
        # (item key, typed text) -> may it be committed; the account panel says why not.
        self.check_amount: Callable[[str, str], bool] = lambda _key, _text: True
        self.setModel(model)
        self.setItemDelegateForColumn(TO_PAY, AmountDelegate(self))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        triggers = QAbstractItemView.EditTrigger
        self.setEditTriggers(triggers.DoubleClicked | triggers.AnyKeyPressed)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(REASON, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        model.modelReset.connect(self._after_reset)
        model.headerDataChanged.connect(self.fit_columns)
        model.dataChanged.connect(self._show_discounts)

    def items_model(self) -> ItemsModel:
        model = self.model()
        assert isinstance(model, ItemsModel)
        return model

    def keyPressEvent(self, event: QKeyEvent) -> None:
        current = self.currentIndex()
        if current.isValid() and self.state() != QAbstractItemView.State.EditingState:
            if event.key() == Qt.Key.Key_Space:
                tick = current.siblingAtColumn(TICK)
                ticked = tick.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
                self.items_model().setData(
                    tick,
                    Qt.CheckState.Unchecked if ticked else Qt.CheckState.Checked,
                    Qt.ItemDataRole.CheckStateRole,
                )
                return
            if event.text().isdigit():
                self.setCurrentIndex(current.siblingAtColumn(TO_PAY))
        super().keyPressEvent(event)

    def _after_reset(self) -> None:
        # Columns nobody needs give their room to the reasons: no leva invoices,
        # or no discount (it comes back as soon as a tick earns one).
        self.setColumnHidden(LEVA, not self.items_model().has_leva())
        self.setColumnHidden(DISCOUNT, not self.items_model().has_discount())
        self.fit_columns()
        if self.model().rowCount() > 0:
            self.setCurrentIndex(self.model().index(0, TICK))

    def fit_columns(self, *_: object) -> None:
        """Each column as wide as its header or its widest cell, measured once.

        Qt's delegate measures one cell per column, the one whose text is the
        widest, for the padding; the text is then measured as a tick may show
        it: status and "To pay" in bold, and "To pay" and "Discount" as wide as
        the largest balance, since a tick can put an amount where there was none.
        """
        model, header = self.items_model(), self.horizontalHeader()
        rows = range(model.rowCount())
        grid = 1 if self.showGrid() else 0  # as QTableView.sizeHintForColumn counts it
        plain = self.fontMetrics()
        bold_font = QFont(self.font())
        bold_font.setBold(True)
        bold = QFontMetrics(bold_font)
        widest_amount = max(
            (bold.horizontalAdvance("-" + model.text(row, BALANCE)) for row in rows), default=0
        )
        for column in range(model.columnCount()):
            if column == REASON:
                continue
            width = header.sectionSizeHint(column)
            if rows:
                may_be_bold = column in (STATUS, TO_PAY)
                metrics = bold if may_be_bold else plain
                row = max(rows, key=lambda r: metrics.horizontalAdvance(model.text(r, column)))
                index, text = model.index(row, column), model.text(row, column)
                shown = bold if index.data(Qt.ItemDataRole.FontRole) is not None else plain
                padding = (
                    self.sizeHintForIndex(index).width() + grid - shown.horizontalAdvance(text)
                )
                needed = metrics.horizontalAdvance(text)
                if column in (DISCOUNT, TO_PAY):
                    needed = max(needed, widest_amount)
                width = max(width, padding + needed)
            header.resizeSection(column, width)

    def _show_discounts(self) -> None:
        if self.isColumnHidden(DISCOUNT) and self.items_model().has_discount():
            self.setColumnHidden(DISCOUNT, False)
