"""Placeholder: being written."""

from __future__ import annotations

from desk.ui.supervisor.pages import SupervisorPage


class AuditPage(SupervisorPage):
    def title(self) -> str:
        return self.tr("Audit log")
