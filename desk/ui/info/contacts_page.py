"""Placeholder: being written."""

from __future__ import annotations

from desk.ui.info.pages import InfoPage


class ContactsPage(InfoPage):
    def title(self) -> str:
        return self.tr("Contacts")

    def bind_card(self, card_number: str | None) -> None:
        """The next save is recorded against this returned survey card."""
