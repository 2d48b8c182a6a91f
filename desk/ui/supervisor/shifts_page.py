"""The shifts and voids tab: a day's shifts at every desk with their state and
variance, and every void of the day with its receipts, reason, cashier and
approver (issue 6, item 3).

Read in a worker (desk.services.supervision, which checks the role again) when
the tab is shown, when the date changes and on F5.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QAbstractTableModel, QDate, Qt
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk.models.db import Database
from desk.money import Money
from desk.printing.receipt import receipt_number_text
from desk.services.context import DeskContext
from desk.services.supervision import ShiftLine, VoidLine, day_shifts, day_voids
from desk.ui.environment import describe_environment_error
from desk.ui.kit.context import PageContext
from desk.ui.kit.formatting import money_text, python_date, time_text
from desk.ui.kit.models import GREEN, RED, RowsModel
from desk.ui.kit.widgets import ProblemLabel, key_button
from desk.ui.plain_text import DataLabel
from desk.ui.style import named
from desk.ui.supervisor.pages import SupervisorPage

VARIANCE = 7


class ShiftsModel(RowsModel[ShiftLine]):
    """One row per shift open on the day; a shortage in red, a surplus in green."""

    RIGHT_ALIGNED = frozenset({4, 5, 6, VARIANCE})

    def headers(self) -> tuple[str, ...]:
        return (
            self.tr("Desk"),
            self.tr("Cashier"),
            self.tr("Opened"),
            self.tr("Closed"),
            self.tr("Opening float"),
            self.tr("Expected"),
            self.tr("Counted"),
            self.tr("Variance"),
        )

    def variance_text(self, variance: Money | None) -> str:
        if variance is None:
            return ""
        if variance.cents < 0:
            return self.tr("{amount} shortage").format(amount=money_text(variance))
        if variance.positive:
            return self.tr("+{amount} surplus").format(amount=money_text(variance))
        return money_text(variance)

    def row_texts(self, shift: ShiftLine) -> tuple[str, ...]:
        return (
            shift.desk_code,
            shift.cashier,
            time_text(shift.opened_at),
            self.tr("open") if shift.closed_at is None else time_text(shift.closed_at),
            money_text(shift.opening_float),
            money_text(shift.expected),
            "" if shift.counted is None else money_text(shift.counted),
            self.variance_text(shift.variance),
        )

    def cell_color(self, shift: ShiftLine, column: int) -> QColor | None:
        variance = shift.variance
        if column != VARIANCE or variance is None:
            return None
        return RED if variance.cents < 0 else GREEN if variance.positive else None


class VoidsModel(RowsModel[VoidLine]):
    """Every void of the day, in time order."""

    RIGHT_ALIGNED = frozenset({4})

    def headers(self) -> tuple[str, ...]:
        return (
            self.tr("Time"),
            self.tr("Desk"),
            self.tr("Void receipt"),
            self.tr("Original receipt"),
            self.tr("Amount"),
            self.tr("Payer code"),
            self.tr("Reason"),
            self.tr("Cashier"),
            self.tr("Approved by"),
        )

    def row_texts(self, void: VoidLine) -> tuple[str, ...]:
        def number(desk: str, value: int | None) -> str:
            return "—" if value is None or not desk else receipt_number_text(desk, value)

        desk = void.desk_code
        if void.void_desk_code != void.desk_code:  # pulled from an older version
            desk = self.tr("{desk}, voided at {voiding}").format(
                desk=void.desk_code or "—", voiding=void.void_desk_code or "—"
            )
        return (
            time_text(void.voided_at),
            desk,
            number(void.void_desk_code, void.receipt_number),
            number(void.desk_code, void.original_receipt),
            money_text(void.amount),
            void.payer_code,
            void.reason,
            void.cashier,
            void.approver,
        )


def _read(
    db: Database, ctx: DeskContext, day: date
) -> tuple[tuple[ShiftLine, ...], tuple[VoidLine, ...]]:
    return day_shifts(db, ctx, day), day_voids(db, ctx, day)


def _table(name: str, model: QAbstractTableModel) -> QTableView:
    table = named(QTableView(), name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return table


class ShiftsPage(SupervisorPage):
    def __init__(self, info: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(info, parent)
        self.setObjectName("shiftsPage")
        self.busy = False
        self.generation = 0  # moved on by reset(): a read still running is dropped
        self._again = False  # the date changed while a read was running
        self._dated = False  # the date was set to today since the last log-in
        self.shown_day: date | None = None  # the day the tables show

        self.day = named(QDateEdit(), "shiftsDate")

        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dd.MM.yyyy")
        self._day_label = DataLabel()
        self._day_label.setBuddy(self.day)
        self.refresh_button = key_button()
        self.refresh_button.clicked.connect(self.refresh)
        self.problem = ProblemLabel()
        self.shifts_heading = DataLabel(objectName="sectionTitle")
        self.shifts_model = ShiftsModel(self)
        self.shifts_table = _table("shiftsTable", self.shifts_model)
        self.voids_heading = DataLabel(objectName="sectionTitle")
        self.voids_model = VoidsModel(self)
        self.voids_table = _table("voidsTable", self.voids_model)

        top = QHBoxLayout()
        top.addWidget(self._day_label)
        top.addWidget(self.day)
        top.addWidget(self.refresh_button)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 12, 8, 8)
        layout.addLayout(top)
        layout.addWidget(self.problem)
        layout.addWidget(self.shifts_heading)
        layout.addWidget(self.shifts_table, 1)
        layout.addWidget(self.voids_heading)
        layout.addWidget(self.voids_table, 2)
        self.setTabOrder(self.day, self.refresh_button)
        self.setTabOrder(self.refresh_button, self.shifts_table)
        self.setTabOrder(self.shifts_table, self.voids_table)
        self.day.dateChanged.connect(self._date_changed)
        self.refresh_shortcut = QShortcut(QKeySequence("F5"), self, self.refresh)
        self.refresh_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.retranslate()

    def title(self) -> str:
        return self.tr("Shifts and voids")

    def activated(self) -> None:
        if not self._dated:
            self._dated = True
            self.day.blockSignals(True)
            today = self.info.state.today()
            self.day.setDate(QDate(today.year, today.month, today.day))
            self.day.blockSignals(False)
        self.day.setFocus()
        self.refresh()

    def reset(self) -> None:
        self.generation += 1
        self.busy = False
        self.refresh_button.setEnabled(True)
        self._dated = False
        self._again = False
        self.shown_day = None
        self.problem.show_problem("")
        self.shifts_model.set_rows([])
        self.voids_model.set_rows([])

    def _date_changed(self, _day: QDate) -> None:
        if self.info.state.ctx is not None:
            self.refresh()

    def refresh(self) -> None:
        state = self.info.state
        if state.database is None or state.ctx is None:
            return
        if self.busy:
            self._again = True
            return
        day = python_date(self.day.date())
        database, ctx, generation = state.db, state.user, self.generation
        self.busy = True
        self.refresh_button.setEnabled(False)
        state.run(
            lambda: _read(database, ctx, day),
            lambda read: self._shown(generation, day, *read),
            lambda message: self._refused(generation, message),
            lambda error: self._environment_error(generation, error),
        )

    def _shown(
        self,
        generation: int,
        day: date,
        shifts: tuple[ShiftLine, ...],
        voids: tuple[VoidLine, ...],
    ) -> None:
        if generation != self.generation:
            return  # logged out while this was read: the tables stay empty
        self.problem.show_problem("")
        self.shown_day = day
        self.shifts_model.set_rows(list(shifts))
        self.voids_model.set_rows(list(voids))
        self._headings()
        self._done()

    def _refused(self, generation: int, message: str) -> None:
        if generation != self.generation:
            return
        self.problem.show_problem(message)
        self._done()

    def _environment_error(self, generation: int, error: BaseException) -> None:
        if generation != self.generation:
            return
        title, advice = describe_environment_error(error)
        self.problem.show_problem(f"{title} {advice}")
        self._done()

    def _done(self) -> None:
        self.busy = False
        self.refresh_button.setEnabled(True)
        if self._again:
            self._again = False
            self.refresh()

    def _headings(self) -> None:
        shifts, voids = self.shifts_model.rowCount(), self.voids_model.rowCount()
        self.shifts_heading.setText(self.tr("Shifts ({count})").format(count=shifts))
        self.voids_heading.setText(self.tr("Voids ({count})").format(count=voids))

    def retranslate(self) -> None:
        self._day_label.setText(self.tr("&Date"))
        self.refresh_button.setText(self.tr("Refresh (F5)"))
        self._headings()
        self.shifts_model.retranslate()
        self.voids_model.retranslate()
