"""The daily report tab: a date, all desks or one, Enter for the A4 preview.

The desks are read and the PDF is built in a worker (desk.services.daily_report,
which checks the role again); the preview prints as the information desk's
documents do (Enter prints, Esc closes).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QVBoxLayout,
    QWidget,
)

from desk.services.daily_report import daily_report_pdf, report_desks
from desk.ui.environment import describe_environment_error
from desk.ui.kit.context import PageContext
from desk.ui.kit.formatting import date_text, python_date
from desk.ui.kit.widgets import ProblemLabel, key_button
from desk.ui.plain_text import DataLabel
from desk.ui.style import named
from desk.ui.supervisor.pages import SupervisorPage


class ReportPage(SupervisorPage):
    """A page that builds one PDF in a worker and previews it (the daily and the
    campaign report): Enter anywhere asks for it, one at a time; the problem shown
    in words; an answer that comes back after a log-out (reset) is dropped."""

    def __init__(self, info: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(info, parent)
        self.busy = False
        self.generation = 0  # moved on by reset(): a PDF still being built is dropped
        self.preview_button = key_button(default=True)
        self.preview_button.clicked.connect(self.preview)
        self.problem = ProblemLabel()

    def preview(self) -> None:
        raise NotImplementedError

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter anywhere on the page (the date, the desk) asks for the preview.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.preview()
            return
        super().keyPressEvent(event)

    def reset(self) -> None:
        self.generation += 1
        self._done()
        self.problem.show_problem("")

    def build(self, work: Callable[[], bytes], show: Callable[[bytes], None]) -> None:
        """Build the PDF with ``work`` off the GUI thread, then ``show`` it."""
        generation = self.generation
        self.busy = True
        self.preview_button.setEnabled(False)
        self.problem.show_problem("")

        def done(pdf: bytes) -> None:
            if generation == self.generation:
                self._done()
                show(pdf)

        def refused(message: str) -> None:
            if generation == self.generation:
                self._done()
                self.problem.show_problem(message)

        def environment_error(error: BaseException) -> None:
            if generation == self.generation:
                self._done()
                title, advice = describe_environment_error(error)
                self.problem.show_problem(f"{title} {advice}")

        self.info.state.run(work, done, refused, environment_error)

    def _done(self) -> None:
        self.busy = False
        self.preview_button.setEnabled(True)


class DailyReportPage(ReportPage):
    def __init__(self, info: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(info, parent)
        self.setObjectName("dailyReportPage")
        self._dated = False  # the date was set to today since the last log-in
        self.desks: tuple[tuple[str, str], ...] = ()

        self.heading = DataLabel(objectName="sectionTitle", wordWrap=True)
        self.about = DataLabel(wordWrap=True)
        self.day = named(QDateEdit(), "dailyReportDate")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dd.MM.yyyy")
        self._day_label = DataLabel()
        self._day_label.setBuddy(self.day)
        self.desk = named(QComboBox(), "dailyReportDesk")
        self.desk.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.desk.setMinimumContentsLength(24)
        self._desk_label = DataLabel()
        self._desk_label.setBuddy(self.desk)

        form = QFormLayout()
        # A date and a desk need no full-width fields on a wide screen.
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow(self._day_label, self.day)
        form.addRow(self._desk_label, self.desk)
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
        self.setTabOrder(self.day, self.desk)
        self.setTabOrder(self.desk, self.preview_button)
        self.retranslate()

    def title(self) -> str:
        return self.tr("Daily report")

    def activated(self) -> None:
        state = self.info.state
        if not self._dated:
            today = state.today()
            self.day.setDate(QDate(today.year, today.month, today.day))
            self._dated = True
        self.day.setFocus()
        database, ctx, generation = state.db, state.user, self.generation
        state.run(
            lambda: report_desks(database, ctx),
            lambda desks: self._desks_read(desks) if generation == self.generation else None,
            lambda message: (
                self.problem.show_problem(message) if generation == self.generation else None
            ),
        )

    def reset(self) -> None:
        super().reset()
        self._dated = False
        self._desks_read(())

    def _desks_read(self, desks: tuple[tuple[str, str], ...]) -> None:
        chosen = self.desk.currentData()
        self.desks = desks
        self.desk.clear()
        self.desk.addItem(self.tr("All desks"), None)
        for code, name in desks:
            self.desk.addItem(f"{code} {name}", code)
        self.desk.setCurrentIndex(max(0, self.desk.findData(chosen)))

    def preview(self) -> None:
        state = self.info.state
        if self.busy or state.database is None or state.ctx is None:
            return
        day = python_date(self.day.date())
        desk: str | None = self.desk.currentData()
        database, ctx, now = state.db, state.user, state.now()
        self.build(
            lambda: daily_report_pdf(database, ctx, day, None, desk, now=now),
            lambda pdf: self._show(pdf, day, desk),
        )

    def _show(self, pdf: bytes, day: date, desk: str | None) -> None:
        title = self.tr("Daily report {date}").format(date=date_text(day))
        self.info.documents.show(pdf, title, f"daily-report-{day:%Y-%m-%d}-{desk or 'all'}.pdf")

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Daily report"))
        self.about.setText(
            self.tr(
                "Receipts, totals by tender, discounts, voids and shifts of one day, "
                "for every desk or one. Enter shows the report; print it from the preview."
            )
        )
        self._day_label.setText(self.tr("&Date"))
        self._desk_label.setText(self.tr("D&esk"))
        self.preview_button.setText(self.tr("Preview (Enter)"))
        if self.desk.count():
            self.desk.setItemText(0, self.tr("All desks"))
