"""The base of a page about one payer (a tab of the payer's workspace)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from desk.ui.i18n import Retranslating
from desk.ui.info.context import InfoContext


class InfoPage(Retranslating, QWidget):
    """A tab about the payer that is open; it reads its own data through ``info.state.run``.

    ``changed`` tells the panel that the payer's account changed (a saved contact,
    tenure, agreement or plan): the panel reads the payer again and every page is
    shown the payer anew.
    """

    changed = Signal()

    def __init__(self, info: InfoContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.info = info
        self.payer_code: str | None = None

    def show_payer(self, payer_code: str) -> None:
        """Called on the GUI thread whenever a payer is opened (or read again)."""
        self.payer_code = payer_code

    def clear(self) -> None:
        self.payer_code = None

    def title(self) -> str:
        """The tab's text, in the current language."""
        raise NotImplementedError

    def retranslate(self) -> None:
        pass
