"""Placeholder: being written."""

from __future__ import annotations

from desk.ui.supervisor.pages import SupervisorPage


class ShiftsPage(SupervisorPage):
    def title(self) -> str:
        return self.tr("Shifts and voids")
