"""The base of every table model of the desk's screens (STYLE.md pattern 6: real
Model/View), and the colours their cells share.

Each model keeps its rows as plain service dataclasses and their texts
formatted once per change, so painting never formats money again. The models
themselves live with their screens (desk.ui.account.models, the cashier's, each
page's of the information desk and the supervisor).
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

Index = QModelIndex | QPersistentModelIndex
RED, GREEN, AMBER = QColor("#b3261e"), QColor("#1b7f3b"), QColor("#9a5800")
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
Row = TypeVar("Row")  # the service dataclass one line of the table shows


class RowsModel(QAbstractTableModel, Generic[Row]):
    """Rows of plain data, shown as texts computed once per change."""

    RIGHT_ALIGNED: frozenset[int] = frozenset()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []
        self._texts: list[tuple[str, ...]] = []
        self._headers: tuple[str, ...] | None = None  # translated once per language

    def header_texts(self) -> tuple[str, ...]:
        # The view asks for the column count and headers hundreds of times an
        # account; headers() translates every one of them each time.
        if self._headers is None:
            self._headers = self.headers()
        return self._headers

    # -- to fill in -------------------------------------------------------------
    def headers(self) -> tuple[str, ...]:
        raise NotImplementedError

    def row_texts(self, row: Row) -> tuple[str, ...]:
        raise NotImplementedError

    def cell_color(self, row: Row, column: int) -> QColor | None:
        return None

    # -- the model ---------------------------------------------------------------
    def rowCount(self, parent: Index | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.header_texts())

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._texts[row][column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.RIGHT_ALIGNED:
            return RIGHT
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.cell_color(self._rows[row], column)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.header_texts()[section]
        return None

    def set_rows(self, rows: list[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._texts = [self.row_texts(row) for row in self._rows]
        self.endResetModel()

    def row(self, number: int) -> Row:
        return self._rows[number]

    def text(self, row: int, column: int) -> str:
        return self._texts[row][column]

    def retranslate(self) -> None:
        """The language changed: headers and formatted texts again."""
        self._headers = None
        self._refresh_texts()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)

    def _refresh_texts(self) -> None:
        self._texts = [self.row_texts(row) for row in self._rows]
        if self._rows:
            last = self.index(len(self._rows) - 1, self.columnCount() - 1)
            self.dataChanged.emit(self.index(0, 0), last)
