"""Receipts after the commit, and shift reports: made in a worker, previewed, then
printed or saved.

The payment is stored first (desk.services.payments); only then is its receipt
read back and rendered, so a printer problem never loses a payment. A shift
report is read and rendered the same way: the Z-report of a closed shift, or
the X-report of an open one as of now. Printing goes to the default printer
(desk.ui.printer_output: the PDF itself to a CUPS queue); a desk without one
saves the PDF instead (reports beside the receipts), in a folder of the
database's own and under a name no file there has (desk.saving).
``Receipts.output`` is the one place where a printout leaves the program: a
test replaces it and never meets a print dialog (there is none: Enter prints).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from PySide6.QtCore import QObject, Signal
from PySide6.QtPrintSupport import QPrinterInfo
from PySide6.QtWidgets import QDialog, QWidget

from desk.models.db import Database
from desk.printing.receipt import receipt_number_text, render_receipt
from desk.printing.shift_report import render_shift_report
from desk.saving import database_folder, save_new
from desk.services.receipts import receipt_data
from desk.services.shift_report import shift_report_data
from desk.settings import data_dir
from desk.ui.kit.receipt_preview import RECEIPT, X_REPORT, Z_REPORT, ReceiptPreview
from desk.ui.kit.session import DeskState
from desk.ui.printer_output import print_pdf


@dataclass(frozen=True, slots=True)
class Printout:
    number: str  # "K1-0000001"; a shift report: "K1 22.11.2026 18:00"
    file_name: str  # without ".pdf"; a copy or a void gets its own
    pdf: bytes
    kind: str = RECEIPT  # or Z_REPORT, X_REPORT


@dataclass(frozen=True, slots=True)
class Delivered:
    printer: str | None = None
    path: Path | None = None


def make_receipt(db: Database, payment_id: str, *, copy: bool, void: bool) -> Printout:
    """Worker side: the stored payment (or its void) as a receipt PDF."""
    data = receipt_data(db, payment_id, copy=copy, void=void)
    number = receipt_number_text(data.desk_code, data.number)
    return Printout(number, f"{number}-copy" if copy else number, render_receipt(data))


def make_shift_report(db: Database, shift_id: str, now: datetime) -> Printout:
    """Worker side: the Z-report of a closed shift, or the X-report of an open one at ``now``."""
    data = shift_report_data(db, shift_id, as_of=now)
    at, letter = (data.closed_at, "Z") if data.closed_at is not None else (now, "X")
    return Printout(
        f"{data.desk_code} {at:%d.%m.%Y %H:%M}",
        f"{letter}-{data.desk_code}-{at:%Y%m%d-%H%M}",
        render_shift_report(data),
        Z_REPORT if data.final else X_REPORT,
    )


def print_or_save(pdf: bytes, file_name: str, base: Path, db: Database | None) -> Delivered:
    """Worker side: to the default printer, or, when there is none, into the folder of
    ``db`` under ``base`` under a name no file there has (desk.saving)."""
    printer = QPrinterInfo.defaultPrinter()
    if printer.isNull():
        folder = base if db is None else database_folder(base, db)
        return Delivered(path=save_new(folder, file_name, pdf))
    print_pdf(pdf, printer, file_name)
    return Delivered(printer=printer.printerName())


class Messages(NamedTuple):
    printing: str
    failed: str
    printed: str
    saved: str


class Receipts(QObject):
    """Makes, shows and outputs printouts; ``message`` tells the cashier where each went."""

    message = Signal(str)

    def __init__(
        self,
        state: DeskState,
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

    def show_shift_report(self, shift_id: str) -> None:
        database, now = self.state.db, self.state.now()
        self.state.run(
            lambda: make_shift_report(database, shift_id, now), self._preview, self.message.emit
        )

    def _preview(self, made: Printout) -> None:
        dialog = ReceiptPreview(made.pdf, made.number, self.dialog_parent, kind=made.kind)
        dialog.print_requested.connect(lambda: self._print(dialog, made))
        self.preview = dialog
        self.open_dialog(dialog)

    def _print(self, dialog: ReceiptPreview, made: Printout) -> None:
        dialog.accept()
        self.output(made.pdf, made.file_name, made.kind)

    def output(self, pdf: bytes, file_name: str, kind: str = RECEIPT) -> None:
        """Print or save, in a worker. Tests replace this method."""
        base, db, texts = self.folder, self.state.database, self._messages(kind)
        self.message.emit(texts.printing.format(name=file_name))
        self.state.tasks.run(
            lambda: print_or_save(pdf, file_name, base, db),
            lambda delivered: self._delivered(file_name, delivered, texts),
            on_environment_error=lambda error: self.message.emit(
                texts.failed.format(name=file_name, error=error)
            ),
        )

    def _delivered(self, file_name: str, delivered: Delivered, texts: Messages) -> None:
        if delivered.printer is not None:
            self.message.emit(texts.printed.format(name=file_name, printer=delivered.printer))
        else:
            self.message.emit(texts.saved.format(name=file_name, path=delivered.path))

    def _messages(self, kind: str) -> Messages:
        if kind == RECEIPT:
            return Messages(
                self.tr("Printing receipt {name}…"),
                self.tr("Receipt {name} could not be printed or saved: {error}"),
                self.tr("Receipt {name} printed on {printer}."),
                self.tr("No printer: receipt {name} saved to {path}."),
            )
        return Messages(
            self.tr("Printing shift report {name}…"),
            self.tr("Shift report {name} could not be printed or saved: {error}"),
            self.tr("Shift report {name} printed on {printer}."),
            self.tr("No printer: shift report {name} saved to {path}."),
        )
