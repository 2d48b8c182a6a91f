"""Placeholder: being written."""

from __future__ import annotations

from desk.ui.info.pages import InfoPage


class AgreementPage(InfoPage):
    def title(self) -> str:
        return self.tr("Agreement")
