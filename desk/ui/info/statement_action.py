"""F7 / the Statement button: the open payer's statement (справка) as an A4 PDF.

Read and rendered in a worker (the GUI thread never touches the database),
then shown in the document preview: Enter prints, Esc closes.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication

from desk.models.db import Database
from desk.printing.statement import render_statement
from desk.services.statement import statement_data
from desk.ui.kit.context import PageContext


def statement_pdf(db: Database, payer_code: str, on: date) -> bytes:
    """Runs in the worker: the figures of the cashier's quote, on paper."""
    return render_statement(statement_data(db, payer_code, on))


def show_statement(info: PageContext, payer_code: str) -> None:
    database, on = info.state.db, info.state.today()

    def shown(pdf: bytes) -> None:
        title = QCoreApplication.translate("Statement", "Statement {code}").format(code=payer_code)
        info.documents.show(pdf, title, f"spravka-{payer_code}-{on:%Y%m%d}.pdf")

    info.state.run(lambda: statement_pdf(database, payer_code, on), shown, info.show_message)
