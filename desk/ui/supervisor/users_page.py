"""Placeholder: being written."""

from __future__ import annotations

from desk.ui.supervisor.pages import SupervisorPage


class UsersPage(SupervisorPage):
    def title(self) -> str:
        return self.tr("Users")
