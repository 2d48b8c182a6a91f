"""An explicit yes for an amount out of the ordinary, asked by a message box over a dialog.

The service refuses such an amount with ``NeedsConfirmation`` unless told the person
confirmed it (desk/services/shifts.py); the dialog then asks here, naming the amount in
the service's own words, and calls again with ``confirmed=True`` only on the yes. The
safe answer is the default: Enter or Esc go back, the yes is a deliberate Tab + Enter.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from desk.ui.plain_text import plain_message


def ask_to_confirm(
    parent: QWidget, title: str, text: str, confirm_text: str, on_confirm: Callable[[], None]
) -> QMessageBox:
    box = QMessageBox(parent)
    box.setObjectName("confirmAmount")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    box.setText(text)
    plain_message(box)  # the service's words may quote stored text
    yes = box.addButton(confirm_text, QMessageBox.ButtonRole.AcceptRole)
    back = box.addButton(
        QCoreApplication.translate("ConfirmAmount", "Back (Esc)"), QMessageBox.ButtonRole.RejectRole
    )
    box.setDefaultButton(back)
    box.setEscapeButton(back)
    box.finished.connect(lambda _code: on_confirm() if box.clickedButton() is yes else None)
    box.open()
    return box
