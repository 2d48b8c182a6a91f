"""The overview panel: what the open database holds, in large numbers.

Opening a file shows only its size here (``show_file``); the numbers come when
the overview is asked for (``show_overview``): counting them scans the history.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, QLocale
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGridLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from desk.services.overview import DatabaseFile, Overview
from desk.ui.i18n import Retranslating
from desk.ui.plain_text import DataLabel
from desk.ui.style import named

# Fields of Overview shown as cards, in reading order (four to a row).
COUNTS = ("properties", "payers", "invoices", "payments", "court_cases", "agreements", "plans")
CARDS_PER_ROW = 4


class OverviewPanel(Retranslating, QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.file: DatabaseFile | None = None
        self.overview: Overview | None = None
        self._title = DataLabel(objectName="pageTitle")
        self._values: dict[str, QLabel] = {}
        self._captions: dict[str, QLabel] = {}

        cards = QGridLayout()
        cards.setSpacing(16)
        for index, field in enumerate(COUNTS):
            card = named(QFrame(), "countCard")
            value = DataLabel("—", objectName="countValue")
            caption = DataLabel(objectName="countCaption")
            caption.setWordWrap(True)
            inside = QVBoxLayout(card)
            inside.setContentsMargins(18, 14, 18, 14)
            inside.addWidget(value)
            inside.addWidget(caption)
            inside.addStretch(1)  # a caption that wraps must not push its number down
            cards.addWidget(card, index // CARDS_PER_ROW, index % CARDS_PER_ROW)
            self._values[field] = value
            self._captions[field] = caption

        self._periods = DataLabel()
        self._size = DataLabel()
        self._period_name = DataLabel(objectName="factName")
        self._size_name = DataLabel(objectName="factName")
        facts = QFormLayout()
        facts.setHorizontalSpacing(16)
        facts.addRow(self._period_name, self._periods)
        facts.addRow(self._size_name, self._size)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 22, 28, 22)
        layout.setSpacing(18)
        layout.addWidget(self._title)
        layout.addLayout(cards)
        layout.addLayout(facts)
        layout.addStretch(1)
        self.retranslate()

    def value_text(self, field: str) -> str:
        """The number a person reads on the card of ``field`` (an Overview field)."""
        return self._values[field].text()

    def periods_text(self) -> str:
        return self._periods.text()

    def size_text(self) -> str:
        return self._size.text()

    def show_file(self, file: DatabaseFile) -> None:
        """A file was opened: its size, and no numbers until they are counted."""
        self.file, self.overview = file, None
        self._show_values()

    def show_overview(self, overview: Overview) -> None:
        self.file, self.overview = None, overview
        self._show_values()

    def retranslate(self) -> None:
        self._title.setText(self.tr("Database overview"))
        captions = {
            "properties": self.tr("Properties"),
            "payers": self.tr("Payers"),
            "invoices": self.tr("Invoices"),
            "payments": self.tr("Payments"),
            "court_cases": self.tr("Court cases"),
            "agreements": self.tr("Installment agreements"),
            "plans": self.tr("Equal-installment plans"),
        }
        for field, caption in captions.items():
            self._captions[field].setText(caption)
        self._period_name.setText(self.tr("Invoice periods:"))
        self._size_name.setText(self.tr("Database size:"))
        # Numbers and month names follow the language too.
        self._show_values()

    def _show_values(self) -> None:
        overview, locale = self.overview, QLocale()
        if overview is None:
            for value in self._values.values():
                value.setText("—")
            self._periods.setText("—")
            if self.file is not None:
                self._size.setText(_size(locale, self.file.size_bytes))
            return
        for field in COUNTS:
            self._values[field].setText(locale.toString(getattr(overview, field)))
        if overview.first_period is None or overview.last_period is None:
            self._periods.setText(self.tr("no invoices yet"))
        else:
            self._periods.setText(
                f"{_month(locale, overview.first_period)} – {_month(locale, overview.last_period)}"
            )
        self._size.setText(_size(locale, overview.size_bytes))


def _size(locale: QLocale, size_bytes: int) -> str:
    return locale.formattedDataSize(size_bytes, 1, QLocale.DataSizeFormat.DataSizeSIFormat)


def _month(locale: QLocale, period: str) -> str:
    """'2025-11' as the locale names it: 'ноември 2025' or 'November 2025'."""
    year, month = (int(part) for part in period.split("-"))
    return locale.toString(QDate(year, month, 1), "MMMM yyyy")
