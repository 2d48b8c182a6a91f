"""The base of a supervisor's page (one tab of the supervisor's panel)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desk.ui.i18n import Retranslating
from desk.ui.kit.context import PageContext


class SupervisorPage(Retranslating, QWidget):
    """A tab; it reads its own data through ``info.state.run`` (never on the GUI thread)."""

    def __init__(self, info: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.info = info

    def title(self) -> str:
        """The tab's text, in the current language."""
        raise NotImplementedError

    def activated(self) -> None:
        """The tab was shown (or the supervisor logged in with it showing): read what it shows."""

    def reset(self) -> None:
        """Whoever worked here logged out: forget what was shown."""

    def retranslate(self) -> None:
        pass
