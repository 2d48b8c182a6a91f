"""Placeholder: being written."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desk.ui.i18n import Retranslating
from desk.ui.info.context import InfoContext


class CardsPage(Retranslating, QWidget):
    def __init__(self, info: InfoContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.info = info

    def title(self) -> str:
        return self.tr("Survey cards")

    def retranslate(self) -> None:
        pass
