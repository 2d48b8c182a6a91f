"""Text from the database shown as typed, never as markup.

A label, a message box and a tooltip guess rich text by default (``Qt.AutoText``):
a string that looks like HTML is rendered as HTML. Names and addresses come from the
billing import and from the campaign's web form, which anyone can fill in, so an
address such as ``<span style="font-size:26pt;color:#080">✔ No debts</span>`` would
show as big green writing on the cashier's payer card. Every label of the desk is
therefore a ``DataLabel`` (plain text); a message box or tooltip that carries stored
text goes through ``plain_message`` or ``plain_tooltip``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

PLAIN = Qt.TextFormat.PlainText


class DataLabel(QLabel):
    """A QLabel that shows its text as it is: ``<b>`` stays three characters and a "b"."""

    # The keywords are the QLabel properties the desk sets on a new label, in Qt's names,
    # as PySide6 would take them; typed here, as PySide6's stubs do not declare them.
    def __init__(
        self,
        text: str = "",
        *,
        parent: QWidget | None = None,
        objectName: str = "",
        wordWrap: bool = False,
        alignment: Qt.AlignmentFlag | None = None,
    ) -> None:
        super().__init__(text, parent)
        if objectName:
            self.setObjectName(objectName)
        if wordWrap:
            self.setWordWrap(True)
        if alignment is not None:
            self.setAlignment(alignment)
        self.setTextFormat(PLAIN)


def plain_message(box: QMessageBox) -> QMessageBox:
    """The box's text and informative text as typed (the detailed text is always plain);
    called once the texts are set, as the informative text's label is made with it."""
    box.setTextFormat(PLAIN)
    for label in box.findChildren(QLabel):  # the informative text's label follows no setting
        label.setTextFormat(PLAIN)
    return box


def plain_tooltip(text: str) -> str:
    """A tooltip showing ``text`` as typed: escaped, in a paragraph that is rich text for
    sure, so Qt neither renders markup in it nor shows the escapes themselves."""
    if not text:
        return ""
    return GuiQt.convertFromPlainText(text, Qt.WhiteSpaceMode.WhiteSpaceNormal)
