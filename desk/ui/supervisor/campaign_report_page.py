"""The campaign report tab: a date, Enter for the A4 preview (issue 6, item 2).

The PDF is built in a worker (desk.services.campaign_report, which checks the
role again); the preview prints as the information desk's documents do (Enter
prints, Esc closes).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QFormLayout, QHBoxLayout, QVBoxLayout, QWidget

from desk.services.campaign_report import campaign_report_for
from desk.ui.kit.context import PageContext
from desk.ui.kit.formatting import date_text, python_date
from desk.ui.plain_text import DataLabel
from desk.ui.style import named
from desk.ui.supervisor.daily_page import ReportPage


class CampaignReportPage(ReportPage):
    def __init__(self, info: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(info, parent)
        self.setObjectName("campaignReportPage")
        self._dated = False  # the date was set to today since the last log-in

        self.heading = DataLabel(objectName="sectionTitle", wordWrap=True)
        self.about = DataLabel(wordWrap=True)
        self.day = named(QDateEdit(), "campaignReportDate")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dd.MM.yyyy")
        self._day_label = DataLabel()
        self._day_label.setBuddy(self.day)

        form = QFormLayout()
        # A date and a desk need no full-width fields on a wide screen.
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow(self._day_label, self.day)
        buttons = QHBoxLayout()
        buttons.addWidget(self.preview_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 12, 8, 8)
        layout.addWidget(self.heading)
        layout.addWidget(self.about)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.problem)
        layout.addStretch(1)
        self.setTabOrder(self.day, self.preview_button)
        self.retranslate()

    def title(self) -> str:
        return self.tr("Campaign report")

    def activated(self) -> None:
        if not self._dated:
            today = self.info.state.today()
            self.day.setDate(QDate(today.year, today.month, today.day))
            self._dated = True
        self.day.setFocus()

    def reset(self) -> None:
        super().reset()
        self._dated = False

    def preview(self) -> None:
        state = self.info.state
        if self.busy or state.database is None or state.ctx is None:
            return
        on = python_date(self.day.date())
        database, ctx, now = state.db, state.user, state.now()
        self.build(
            lambda: campaign_report_for(database, ctx, on, now),
            lambda pdf: self._show(pdf, on),
        )

    def _show(self, pdf: bytes, on: date) -> None:
        title = self.tr("Campaign report {date}").format(date=date_text(on))
        self.info.documents.show(pdf, title, f"campaign-report-{on:%Y-%m-%d}.pdf")

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Campaign report"))
        self.about.setText(
            self.tr(
                "Cards issued (printed or e-mailed) and returned and payers whose contact "
                "details were confirmed or changed since the campaign start, per district and "
                "in total, as of the end of the date. Enter shows the report; print it from "
                "the preview."
            )
        )
        self._day_label.setText(self.tr("&As of"))
        self.preview_button.setText(self.tr("Preview (Enter)"))
