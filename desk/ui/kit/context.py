"""What every page of the information desk and the supervisor shares: the desk's
state (database, who, clock, workers), the dialogs, the messages line and the
printed documents.

``Documents.output`` is the one place where an A4 document leaves the program
(printer, or a PDF file when there is none): a test replaces it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QWidget

from desk.settings import data_dir
from desk.ui.kit.receipt_output import Delivered, print_or_save
from desk.ui.kit.receipt_preview import DOCUMENT, ReceiptPreview
from desk.ui.kit.session import DeskState


class Documents(QObject):
    """Shows a PDF, then prints or saves it in a worker; ``message`` says where it went."""

    message = Signal(str)

    def __init__(
        self, state: DeskState, open_dialog: Callable[[QDialog], None], parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.state = state
        self.open_dialog = open_dialog
        self.dialog_parent = parent
        self.folder: Path = data_dir() / "documents"
        self.preview: ReceiptPreview | None = None

    def show(self, pdf: bytes, title: str, file_name: str) -> None:
        """A preview with Print as the default button (Enter prints, Esc closes)."""
        dialog = ReceiptPreview(pdf, title, self.dialog_parent, kind=DOCUMENT)
        dialog.print_requested.connect(lambda: self._print(dialog, pdf, file_name))
        self.preview = dialog
        self.open_dialog(dialog)

    def _print(self, dialog: ReceiptPreview, pdf: bytes, file_name: str) -> None:
        dialog.accept()
        self.output(pdf, file_name)

    def output(self, pdf: bytes, file_name: str) -> None:
        """Print or save, in a worker. Tests replace this method."""
        base, db = self.folder, self.state.database
        self.message.emit(self.tr("Printing {name}…").format(name=file_name))
        self.state.tasks.run(
            lambda: print_or_save(pdf, file_name, base, db),
            lambda delivered: self._delivered(file_name, delivered),
            on_environment_error=lambda error: self.message.emit(
                self.tr("{name} could not be printed or saved: {error}").format(
                    name=file_name, error=error
                )
            ),
        )

    def _delivered(self, file_name: str, delivered: Delivered) -> None:
        if delivered.printer is not None:
            text = self.tr("{name} printed on {printer}.")
            self.message.emit(text.format(name=file_name, printer=delivered.printer))
        else:
            text = self.tr("No printer: {name} saved to {path}.")
            self.message.emit(text.format(name=file_name, path=delivered.path))


class PageContext:
    """Handed to every page of the information desk and of the supervisor."""

    def __init__(
        self,
        state: DeskState,
        open_dialog: Callable[[QDialog], None],
        show_message: Callable[[str], None],
        documents: Documents,
        show_payer_message: Callable[[str], None] | None = None,
    ) -> None:
        self.state = state
        self.open_dialog = open_dialog
        self.show_message = show_message
        # A result about the payer shown: it goes when another payer opens.
        self.show_payer_message = show_payer_message or show_message
        self.documents = documents
