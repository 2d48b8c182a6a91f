"""The band at the top of the main window: which database this desk is working on."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from desk.ui.i18n import Retranslating
from desk.ui.layout import ElidingLabel
from desk.ui.plain_text import DataLabel


class DatabaseHeader(Retranslating, QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("header")
        self._path: Path | None = None
        self._demo_seed: str | None = None
        # Which screen is shown: "desk", "info", "supervisor"; None: none of them (the overview).
        self._place: str | None = None

        self._title = DataLabel(objectName="headerTitle")
        # A long path is shortened in the middle: it never widens the window (issue 13, 12).
        self._database = ElidingLabel(objectName="headerDatabase")
        self._database.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._demo = DataLabel(objectName="demoBadge")
        self._demo.hide()

        text = QVBoxLayout()
        text.setSpacing(2)
        text.addWidget(self._title)
        text.addWidget(self._database)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(20, 12, 20, 12)
        layout.addLayout(text, 1)
        layout.addWidget(self._demo)
        self.retranslate()

    def show_database(self, path: Path, *, demo_seed: str | None = None) -> None:
        self._path = path
        self._demo_seed = demo_seed
        self.retranslate()

    def show_place(self, place: str | None) -> None:
        self._place = place
        self.retranslate()

    def title_text(self) -> str:
        return self._title.text()

    def database_text(self) -> str:
        return self._database.full_text()

    def demo_badge_text(self) -> str:
        return self._demo.text() if self._demo_seed is not None else ""

    def retranslate(self) -> None:
        titles = {
            "desk": self.tr("Toplofikatsia Sofia — pay desk"),
            "info": self.tr("Toplofikatsia Sofia — information centre"),
            "supervisor": self.tr("Toplofikatsia Sofia — supervisor"),
        }
        self._title.setText(titles.get(self._place or "", self.tr("Toplofikatsia Sofia")))
        if self._path is None:
            self._database.set_full_text(self.tr("No database open"))
        else:
            self._database.set_full_text(self.tr("Database: {path}").format(path=self._path))
        self._demo.setVisible(self._demo_seed is not None)
        self._demo.setText(self.tr("DEMO DATA"))
        self._demo.setToolTip(
            self.tr("Generated demo data, seed {seed}").format(seed=self._demo_seed or "")
        )
