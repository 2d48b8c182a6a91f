"""A receipt or a shift report on screen (QtPdf), with Print as the default button."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Signal
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QDialog, QHBoxLayout, QVBoxLayout, QWidget

from desk.ui.i18n import Retranslating
from desk.ui.kit.widgets import key_button
from desk.ui.plain_text import DataLabel

# What is shown: the title names it. A DOCUMENT (an A4 page of the information
# desk) comes with its title ready in ``number``.
RECEIPT, Z_REPORT, X_REPORT, DOCUMENT = "receipt", "z_report", "x_report", "document"


class ReceiptPreview(Retranslating, QDialog):
    print_requested = Signal()

    def __init__(
        self, pdf: bytes, number: str, parent: QWidget | None = None, *, kind: str = RECEIPT
    ) -> None:
        super().__init__(parent)
        self.setObjectName("receiptPreview")
        self.pdf, self.number, self.kind = pdf, number, kind
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(pdf))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)
        self.view = QPdfView(self)
        self.view.setObjectName("receiptView")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self._title = DataLabel(objectName="dialogTitle")
        self.print_button = key_button(default=True)
        self.close_button = key_button()
        self.print_button.clicked.connect(self.print_requested)
        self.close_button.clicked.connect(self.reject)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self._title)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        screen = (parent.screen() if parent is not None else self.screen()).availableGeometry()
        width = 720 if kind == DOCUMENT else 560
        self.resize(width, min(820 if kind == DOCUMENT else 720, screen.height() - 60))
        self.retranslate()
        self.print_button.setFocus()

    def retranslate(self) -> None:
        if self.kind == DOCUMENT:
            title = "{number}"
        elif self.kind == Z_REPORT:
            title = self.tr("Shift report (Z) {number}")
        elif self.kind == X_REPORT:
            title = self.tr("Interim shift report (X) {number}")
        else:
            title = self.tr("Receipt {number}")
        self.setWindowTitle(title.format(number=self.number))
        self._title.setText(title.format(number=self.number))
        self.print_button.setText(self.tr("Print (Enter)"))
        self.close_button.setText(self.tr("Close (Esc)"))
