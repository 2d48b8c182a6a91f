"""Receipts after the commit: made in a worker, previewed, then printed or saved.

The payment is stored first (desk.services.payments); only then is its receipt
read back and rendered, so a printer problem never loses a payment. Printing
goes to the default printer; a desk without one saves the PDF instead.
``Receipts.output`` is the one place where a receipt leaves the program: a
test replaces it and never meets a print dialog (there is none: Enter prints).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QRectF, QSize, QSizeF, Signal
from PySide6.QtGui import QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo
from PySide6.QtWidgets import QDialog, QWidget

from desk.models.db import Database
from desk.printing.receipt import receipt_number_text, render_receipt
from desk.services.receipts import receipt_data
from desk.settings import data_dir
from desk.ui.cashier.receipt_preview import ReceiptPreview
from desk.ui.cashier.session import CashierState


@dataclass(frozen=True, slots=True)
class MadeReceipt:
    number: str  # "K1-0000001"
    file_name: str  # without ".pdf"; a copy or a void gets its own
    pdf: bytes


@dataclass(frozen=True, slots=True)
class Delivered:
    printer: str | None = None
    path: Path | None = None


def make_receipt(db: Database, payment_id: str, *, copy: bool, void: bool) -> MadeReceipt:
    """Worker side: the stored payment (or its void) as a receipt PDF."""
    data = receipt_data(db, payment_id, copy=copy, void=void)
    number = receipt_number_text(data.desk_code, data.number)
    return MadeReceipt(number, f"{number}-copy" if copy else number, render_receipt(data))


def print_or_save(pdf: bytes, file_name: str, folder: Path) -> Delivered:
    """Worker side: to the default printer, or into ``folder`` when there is none."""
    printer = QPrinterInfo.defaultPrinter()
    if printer.isNull():
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{file_name}.pdf"
        path.write_bytes(pdf)
        return Delivered(path=path)
    _print_pdf(pdf, printer)
    return Delivered(printer=printer.printerName())


def _print_pdf(pdf: bytes, info: QPrinterInfo) -> None:
    buffer = QBuffer()
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
    printer.setFullPage(True)
    # The receipt page is 80 mm wide and as long as its lines: the roll cuts there.
    printer.setPageSize(QPageSize(document.pagePointSize(0), QPageSize.Unit.Point))
    painter = QPainter(printer)
    try:
        for page in range(document.pageCount()):
            if page:
                printer.newPage()
            target = QRectF(painter.viewport())
            points: QSizeF = document.pagePointSize(page)
            dpi = printer.resolution()
            pixels = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
            painter.drawImage(target, document.render(page, pixels))
    finally:
        painter.end()


class Receipts(QObject):
    """Makes, shows and outputs receipts; ``message`` tells the cashier where it went."""

    message = Signal(str)

    def __init__(
        self,
        state: CashierState,
        open_dialog: Callable[[QDialog], None],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.dialog_parent = parent
        self.state = state
        self.open_dialog = open_dialog
        self.folder = data_dir() / "receipts"
        self.preview: ReceiptPreview | None = None

    def show(self, payment_id: str, *, copy: bool = False, void: bool = False) -> None:
        database = self.state.db
        self.state.run(
            lambda: make_receipt(database, payment_id, copy=copy, void=void),
            self._preview,
            self.message.emit,
        )

    def _preview(self, made: MadeReceipt) -> None:
        dialog = ReceiptPreview(made.pdf, made.number, self.dialog_parent)
        dialog.print_requested.connect(lambda: self._print(dialog, made))
        self.preview = dialog
        self.open_dialog(dialog)

    def _print(self, dialog: ReceiptPreview, made: MadeReceipt) -> None:
        dialog.accept()
        self.output(made.pdf, made.file_name)

    def output(self, pdf: bytes, file_name: str) -> None:
        """Print or save, in a worker. Tests replace this method."""
        folder = self.folder
        self.message.emit(self.tr("Printing receipt {name}…").format(name=file_name))
        self.state.tasks.run(
            lambda: print_or_save(pdf, file_name, folder),
            lambda delivered: self._delivered(file_name, delivered),
            on_environment_error=lambda error: self.message.emit(
                self.tr("Receipt {name} could not be printed or saved: {error}").format(
                    name=file_name, error=error
                )
            ),
        )

    def _delivered(self, file_name: str, delivered: Delivered) -> None:
        if delivered.printer is not None:
            text = self.tr("Receipt {name} printed on {printer}.")
            self.message.emit(text.format(name=file_name, printer=delivered.printer))
        else:
            text = self.tr("No printer: receipt {name} saved to {path}.")
            self.message.emit(text.format(name=file_name, path=delivered.path))
