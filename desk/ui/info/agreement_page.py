"""Agreement: an installment agreement for the open payer's overdue bills and court sums.

Issue 5, item 6 (DOMAIN.md "Installment agreements"): the clerk ticks items
(Space), types an optional down payment, the number of installments and the
day of the month; Enter moves to the next field and the schedule follows
every change (computed by the billing rules on the GUI thread: no database is
touched). An agreement binds, so only Save (Ctrl+S, or the button) saves: it
checks everything again on the database in a worker, the total shown too (a
payment taken meanwhile refuses the save and the items are read again), writes
the agreement and shows it as an A4 document to print for both sides to sign.
A breached agreement is said so above the items.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk.billing import policy
from desk.billing.facts import InstallmentFact
from desk.printing.agreement import agreement_pdf
from desk.services.agreements import (
    DAY,
    DEFAULT_MONTHS,
    DOWN_PAYMENT,
    ITEMS,
    LAST_INSTALLMENT_DAY,
    MONTHS,
    AgreementDone,
    AgreementOffer,
    AgreementTerms,
    CoverableItem,
    agreement_document,
    agreement_offer,
    agreement_terms,
    create_agreement,
)
from desk.services.problems import Problem
from desk.ui.info.number_edit import WholeNumberEdit
from desk.ui.info.pages import FormPage
from desk.ui.kit.context import PageContext
from desk.ui.kit.formatting import KINDS, date_text, money_text, word
from desk.ui.kit.models import Index, RowsModel
from desk.ui.kit.widgets import MoneyEdit, ProblemLabel, key_button, set_style_property
from desk.ui.layout import keep_rows, keep_text_width, scrolling_body
from desk.ui.plain_text import DataLabel
from desk.ui.style import named

TICK, ITEM, KIND, PERIOD, DEADLINE, BALANCE = range(6)


class CoverModel(RowsModel[CoverableItem]):
    """The items an agreement may cover, each with a tick."""

    RIGHT_ALIGNED = frozenset({BALANCE})
    toggled = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ticked: set[str] = set()

    def headers(self) -> tuple[str, ...]:
        return (
            "",
            self.tr("Item"),
            self.tr("Kind"),
            self.tr("Period"),
            self.tr("Due since"),
            self.tr("Balance"),
        )

    def row_texts(self, row: CoverableItem) -> tuple[str, ...]:
        return (
            "",
            row.item,
            word(KINDS, row.kind),
            row.period or "",
            date_text(row.deadline),
            money_text(row.balance),
        )

    def set_items(self, items: tuple[CoverableItem, ...], keep_ticks: bool = False) -> None:
        """The items anew; ``keep_ticks`` keeps the ticks of the items still there."""
        still = {i.item for i in items}
        self.ticked = self.ticked & still if keep_ticks else set()
        self.set_rows(list(items))

    def key(self, row: int) -> str:
        item: CoverableItem = self.row(row)
        return item.item

    def chosen(self) -> list[CoverableItem]:
        return [self.row(r) for r in range(self.rowCount()) if self.key(r) in self.ticked]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and index.column() == TICK and role == Qt.ItemDataRole.CheckStateRole:
            ticked = self.key(index.row()) in self.ticked
            return Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        return super().data(index, role)

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == TICK:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.CheckStateRole:
            return False
        key = self.key(index.row())
        if value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value):
            self.ticked.add(key)
        else:
            self.ticked.discard(key)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.toggled.emit()
        return True

    def toggle(self, row: int) -> None:
        index = self.index(row, TICK)
        ticked = self.key(row) in self.ticked
        new = Qt.CheckState.Unchecked if ticked else Qt.CheckState.Checked
        self.setData(index, new, Qt.ItemDataRole.CheckStateRole)


class CoverView(QTableView):
    """Space ticks or unticks the current row, wherever the cursor is in it."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        model = self.model()
        if event.key() == Qt.Key.Key_Space and self.currentIndex().isValid():
            assert isinstance(model, CoverModel)
            model.toggle(self.currentIndex().row())
            return
        super().keyPressEvent(event)


class ScheduleModel(RowsModel[InstallmentFact]):
    RIGHT_ALIGNED = frozenset({2})

    def headers(self) -> tuple[str, ...]:
        return (self.tr("Installment"), self.tr("Due"), self.tr("Amount"))

    def row_texts(self, row: InstallmentFact) -> tuple[str, ...]:
        number = self.tr("down payment") if row.seq == 0 else str(row.seq)
        return (number, date_text(row.due), money_text(row.amount))


def _table(view: QTableView, model: QAbstractTableModel, stretch: int) -> None:
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setTabKeyNavigation(False)  # Tab leaves the table; the arrows move in it
    view.verticalHeader().hide()
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)


class AgreementPage(FormPage):
    def __init__(self, info: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(info, parent)
        self.setObjectName("agreementPage")
        self.busy = False
        self.offer: AgreementOffer | None = None
        self.terms: AgreementTerms | None = None
        self.tried = False  # the items' problem shows once Save was pressed

        self.items_title = DataLabel(objectName="sectionTitle")
        self.breached = DataLabel(objectName="agreementBreached", wordWrap=True)
        set_style_property(self.breached, "problem", True)
        self.breached.hide()
        self.model = CoverModel(self)
        self.view = named(CoverView(), "agreementItems")
        _table(self.view, self.model, KIND)
        self.model.toggled.connect(self.update_schedule)
        self.model.modelReset.connect(self._first_row)
        self.items_problem = ProblemLabel()

        self.down_payment = MoneyEdit()
        self.down_payment.setObjectName("agreementDownPayment")
        self.months = WholeNumberEdit(
            policy.AGREEMENT_MIN_INSTALLMENTS, policy.AGREEMENT_MAX_INSTALLMENTS, "agreementMonths"
        )
        self.months.setValue(DEFAULT_MONTHS)
        self.day = WholeNumberEdit(1, LAST_INSTALLMENT_DAY, "agreementDay")
        self.first_due = DataLabel(objectName="agreementFirstDue")
        self.fields: dict[str, QWidget] = {
            DOWN_PAYMENT: self.down_payment,
            MONTHS: self.months,
            DAY: self.day,
        }
        self.labels = {name: DataLabel() for name in self.fields}
        self.problems = {name: ProblemLabel() for name in self.fields}
        grid = QGridLayout()
        for row, (name, widget) in enumerate(self.fields.items()):
            self.labels[name].setBuddy(widget)
            grid.addWidget(self.labels[name], row, 0)
            grid.addWidget(widget, row, 1)
            grid.addWidget(self.problems[name], row, 2)
        self._first_due_label = DataLabel()
        grid.addWidget(self._first_due_label, len(self.fields), 0)
        grid.addWidget(self.first_due, len(self.fields), 1)
        grid.setColumnStretch(2, 1)

        self.schedule_title = DataLabel(objectName="sectionTitle")
        self.schedule = ScheduleModel(self)
        self.schedule_view = named(QTableView(), "agreementSchedule")
        _table(self.schedule_view, self.schedule, 1)
        self.schedule_view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.total = DataLabel(objectName="agreementTotal")
        self.problem = ProblemLabel()
        self.save_button = key_button(default=True)
        self.save_button.clicked.connect(self.save)

        # The total and Save under the terms, beside the schedule: on a 1366×768 screen
        # the whole page shows without scrolling (issue 13, 12).
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        form = QVBoxLayout()
        form.addLayout(grid)
        form.addStretch(1)
        form.addWidget(self.total)
        form.addLayout(buttons)
        side = QVBoxLayout()
        side.addWidget(self.schedule_title)
        side.addWidget(self.schedule_view, 1)
        middle = QHBoxLayout()
        middle.addLayout(form, 1)
        middle.addLayout(side, 1)
        # The page scrolls on a smaller one; both tables keep a few rows.
        keep_rows(self.view, 3)
        keep_rows(self.schedule_view, 4)
        keep_text_width(self.down_payment, "1 234,56")
        layout = QVBoxLayout(scrolling_body(self))
        layout.setContentsMargins(8, 12, 8, 8)
        layout.addWidget(self.items_title)
        layout.addWidget(self.breached)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.items_problem)
        layout.addLayout(middle, 1)
        layout.addWidget(self.problem)
        order = [self.view, self.down_payment, self.months, self.day, self.save_button]
        for first, second in pairwise(order):
            QWidget.setTabOrder(first, second)

        self.down_payment.textChanged.connect(lambda _t: self.update_schedule())
        # Enter moves on: a binding agreement is saved only by Ctrl+S or the button.
        self.down_payment.returnPressed.connect(lambda: self._move_to(self.months))
        self.months.entered.connect(lambda: self._move_to(self.day))
        self.day.entered.connect(lambda: self._move_to(self.save_button))
        for number in (self.months, self.day):
            number.textChanged.connect(lambda _t: self.update_schedule())
        self.save_shortcut = QShortcut(QKeySequence("Ctrl+S"), self, self.save)
        self.save_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.retranslate()
        self.clear()

    # --- the payer ---------------------------------------------------------------------

    def show_payer(self, payer_code: str) -> None:
        if payer_code != self.payer_code:
            self._reset_form()
        super().show_payer(payer_code)
        database, on = self.info.state.db, self.info.state.today()
        self.info.state.run(
            lambda: agreement_offer(database, payer_code, on), self._offer_read, self._refused
        )

    def clear(self) -> None:
        super().clear()
        self.offer = None
        self.model.set_items(())
        self._reset_form()
        self.retranslate()
        self.setEnabled(False)

    def _reset_form(self) -> None:
        self.down_payment.clear()
        self.months.setValue(DEFAULT_MONTHS)
        # The payer's own day of the month by default: today's (as far as the 28th).
        self.day.setValue(min(self.info.state.today().day, LAST_INSTALLMENT_DAY))
        self.tried = False
        self.problem.show_problem("")

    def _move_to(self, widget: QWidget) -> None:
        widget.setFocus(Qt.FocusReason.TabFocusReason)  # as Tab does: the text selected

    def _read_again(self) -> None:
        """The offer anew, keeping the ticks of the items still open (after a refusal)."""
        payer_code = self.payer_code
        if payer_code is None:
            return
        database, on = self.info.state.db, self.info.state.today()
        self.info.state.run(
            lambda: agreement_offer(database, payer_code, on),
            lambda offer: self._offer_read(offer, keep_ticks=True),
            self._refused,
        )

    def _offer_read(self, offer: AgreementOffer, keep_ticks: bool = False) -> None:
        if offer.payer_code != self.payer_code:
            return  # another payer was opened meanwhile
        self.offer = offer
        self.model.set_items(offer.items, keep_ticks)
        self.setEnabled(True)
        self.retranslate()
        self.update_schedule()

    def _first_row(self) -> None:
        if self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(0, TICK))

    # --- the schedule, live --------------------------------------------------------------

    def update_schedule(self) -> None:
        if self.offer is None:
            self.schedule.set_rows([])
            self.total.setText("")
            return
        down = self.down_payment.money()
        months, day = self.months.value(), self.day.value()
        # A number out of range goes to the rules as typed: they refuse it at its field.
        terms = agreement_terms(
            self.model.chosen(),
            down,
            -1 if months is None else months,
            -1 if day is None else day,
            self.info.state.today(),
        )
        problems = list(terms.problems)
        if down is None:
            problems.append(Problem(DOWN_PAYMENT, self.tr("not an amount, e.g. 50,00")))
        for name, typed in ((MONTHS, months), (DAY, day)):
            if typed is None:
                problems = [p for p in problems if p.where != name]
                problems.append(Problem(name, self.tr("not a whole number")))
        typed_well = down is not None and months is not None and day is not None
        self.terms = terms if typed_well else None
        self._show_problems(problems)
        self.schedule.set_rows(list(terms.installments))
        self.first_due.setText(date_text(terms.first_due))
        if terms.installments:
            self.total.setText(
                self.tr("Total {total} in {count} installments").format(
                    total=money_text(terms.total), count=months
                )
            )
        elif self.model.ticked:
            self.total.setText(self.tr("Total {total}").format(total=money_text(terms.total)))
        else:
            self.total.setText("")

    def _show_problems(self, problems: list[Problem]) -> None:
        by_field: dict[str, list[str]] = {}
        for problem in problems:
            by_field.setdefault(problem.where, []).append(problem.what())
        for name, label in self.problems.items():
            label.show_problem("; ".join(by_field.get(name, [])))
        items = "; ".join(by_field.get(ITEMS, [])) if self.tried else ""
        self.items_problem.show_problem(items)

    # --- save ------------------------------------------------------------------------------

    def save(self) -> None:
        if self.busy or self.offer is None or self.payer_code is None:
            return
        self.tried = True
        self.update_schedule()
        terms = self.terms
        if terms is None or terms.problems:
            self._focus_first_problem()
            return
        db, ctx, now = self.info.state.db, self.info.state.user, self.info.state.now()
        payer_code = self.payer_code
        items = [i.item for i in self.model.chosen()]
        down = self.down_payment.money()
        months, day = self.months.value(), self.day.value()
        if months is None or day is None:
            return  # said at the field by update_schedule
        shown = terms.total  # what the payer was shown; the service refuses another

        def work() -> tuple[AgreementDone, bytes]:
            done = create_agreement(
                db, ctx, payer_code, items, down, months, day, now, shown_total=shown
            )
            return done, agreement_pdf(agreement_document(done))

        self._set_busy(True)
        self.problem.show_problem("")
        self.info.state.run(work, self._saved, self._save_refused, self._environment_error)

    def _saved(self, result: tuple[AgreementDone, bytes]) -> None:
        done, pdf = result
        self._set_busy(False)
        self._reset_form()
        self.info.show_payer_message(  # the line goes when another payer opens
            self.tr("Agreement {number} saved: {total} in {count} installments").format(
                number=done.id, total=money_text(done.total), count=done.months
            )
        )
        self.info.documents.show(pdf, self.tr("Agreement {number}").format(number=done.id), done.id)
        self.changed.emit()

    def _focus_first_problem(self) -> None:
        if self.items_problem.isVisible():
            self.view.setFocus()
            return
        for name, label in self.problems.items():
            if label.isVisible():
                self.fields[name].setFocus()
                return

    def _save_refused(self, message: str) -> None:
        """The database said no (a balance changed, an item was paid): the message
        stays, and the items are read again so the schedule shows what is true now."""
        self._refused(message)
        self._read_again()

    # --- texts -------------------------------------------------------------------------------

    def title(self) -> str:
        return self.tr("Agreement")

    def retranslate(self) -> None:
        offer = self.offer
        if offer is not None and not offer.items:
            self.items_title.setText(self.tr("Nothing overdue to agree a schedule for"))
        else:
            self.items_title.setText(self.tr("Overdue bills and court sums (Space ticks an item)"))
        breached = offer.breached if offer is not None else ()
        self.breached.setText(
            "\n".join(
                self.tr(
                    "Agreement {number} is breached since {day}: its unpaid installments, "
                    "{amount}, are due at once and cannot be agreed again."
                ).format(number=b.id, day=date_text(b.breached_on), amount=money_text(b.unpaid))
                for b in breached
            )
        )
        self.breached.setVisible(bool(breached))
        self.labels[DOWN_PAYMENT].setText(self.tr("&Down payment (optional)"))
        self.labels[MONTHS].setText(self.tr("&Installments"))
        self.labels[DAY].setText(self.tr("Day of the &month"))
        self._first_due_label.setText(self.tr("First due"))
        self.schedule_title.setText(self.tr("Schedule"))
        self.save_button.setText(self.tr("&Save and print (Ctrl+S)"))
        self.model.retranslate()
        self.schedule.retranslate()
