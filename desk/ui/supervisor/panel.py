"""The supervisor's panel: tabs for the daily report, the campaign report,
shifts and voids, users and the audit log.

Only supervisors and admins reach it (desk.ui.shell.desk, SUPERVISOR_ROLES);
the services behind each tab check the role again, so a cashier is refused
even by a direct call. Dialogs open through ``open_dialog`` as elsewhere, and
documents (A4 reports) through the same preview and printer as the
information desk's.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QHBoxLayout, QTabWidget, QVBoxLayout, QWidget

from desk.ui.environment import describe_environment_error
from desk.ui.i18n import Retranslating
from desk.ui.kit.context import Documents, PageContext
from desk.ui.kit.dialog_host import DialogHost
from desk.ui.kit.session import DeskState
from desk.ui.plain_text import DataLabel
from desk.ui.style import named
from desk.ui.supervisor.audit_page import AuditPage
from desk.ui.supervisor.campaign_report_page import CampaignReportPage
from desk.ui.supervisor.daily_page import DailyReportPage
from desk.ui.supervisor.pages import SupervisorPage
from desk.ui.supervisor.shifts_page import ShiftsPage
from desk.ui.supervisor.users_page import UsersPage


class SupervisorPanel(DialogHost, Retranslating, QWidget):
    def __init__(self, state: DeskState, dialog_parent: QWidget) -> None:
        super().__init__()
        self.setObjectName("supervisorPanel")
        self.state = state
        self.dialog_parent = dialog_parent
        self.dialogs: list[QDialog] = []
        self.documents = Documents(state, self.open_dialog, dialog_parent)
        self.documents.message.connect(self.show_message)
        self.info = PageContext(state, self.open_dialog, self.show_message, self.documents)

        self._who = DataLabel(objectName="cashierWho")
        self.message = DataLabel(objectName="deskMessage", wordWrap=True)
        self.message.hide()
        self.daily = DailyReportPage(self.info)
        self.campaign = CampaignReportPage(self.info)
        self.shifts = ShiftsPage(self.info)
        self.users = UsersPage(self.info)
        self.audit = AuditPage(self.info)
        self.pages: list[SupervisorPage] = [
            self.daily,
            self.campaign,
            self.shifts,
            self.users,
            self.audit,
        ]
        self.tabs = named(QTabWidget(), "supervisorTabs")
        for page in self.pages:
            self.tabs.addTab(page, "")
        self.tabs.currentChanged.connect(self._tab_changed)

        top = QHBoxLayout()
        top.addWidget(self._who, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 12, 20, 12)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.tabs, 1)
        self.retranslate()

    def start(self) -> None:
        self.reset()
        self.retranslate()
        self.pages[self.tabs.currentIndex()].activated()

    def reset(self) -> None:
        for dialog in list(self.dialogs):
            dialog.done(QDialog.DialogCode.Rejected)
        for page in self.pages:
            page.reset()
        self.show_message("")

    def _tab_changed(self, index: int) -> None:
        if self.state.ctx is not None and 0 <= index < len(self.pages):
            self.pages[index].activated()

    # --- dialogs, messages ----------------------------------------------------------

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def environment_error(self, error: BaseException) -> None:
        title, advice = describe_environment_error(error)
        self.show_message(f"{title} {advice}")

    def retranslate(self) -> None:
        for index, page in enumerate(self.pages):
            self.tabs.setTabText(index, page.title())
        ctx = self.state.ctx
        self._who.setText("" if ctx is None else f"{ctx.full_name} · {ctx.desk_name}")
