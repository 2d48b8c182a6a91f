"""Owner or tenant: the payer's tenures, and the form for a change of holder.

Issue 5, item 5 (DOMAIN.md "Tenure"): for a property the payer holds (or a
subscriber number typed), the new holder's tenure starts on a date and the
current one ends the day before; the new holder is a payer on file (payer
code) or a new payer (person or company, ЕГН / ЕИК). The rules live in
``desk.services.tenure``; a refusal names its field and is shown next to it.
"""

from __future__ import annotations

from datetime import date
from itertools import pairwise

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk.billing.calendar import add_months
from desk.services.problems import Problem, ProblemsError
from desk.services.tenure import (
    FIELD_OF_NAME,
    PAYER_KINDS,
    TENURE_KINDS,
    HolderChanged,
    NewPayer,
    TenureRow,
    change_holder,
    tenures_of,
)
from desk.ui.info.pages import FormPage
from desk.ui.kit.context import PageContext
from desk.ui.kit.formatting import TENURES, date_text, word
from desk.ui.kit.models import RowsModel
from desk.ui.kit.widgets import ProblemLabel, key_button, set_style_property
from desk.ui.layout import keep_rows, keep_text_width, scrolling_body
from desk.ui.plain_text import DataLabel
from desk.ui.style import named


class TenuresModel(RowsModel[TenureRow]):
    """The payer's tenures, the latest first."""

    def headers(self) -> tuple[str, ...]:
        return (
            self.tr("Subscriber no."),
            self.tr("Address"),
            self.tr("Holds as"),
            self.tr("From"),
            self.tr("Until"),
            self.tr("Document"),
        )

    def row_texts(self, row: TenureRow) -> tuple[str, ...]:
        return (
            row.subscriber_number,
            row.address,
            word(TENURES, row.kind),
            date_text(row.start),
            date_text(row.end) if row.end is not None else self.tr("open"),
            row.document or "",
        )


class TenurePage(FormPage):
    def __init__(self, info: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(info, parent)
        self.setObjectName("tenurePage")
        self.busy = False
        self.rows: tuple[TenureRow, ...] = ()

        self.list_title = DataLabel(objectName="sectionTitle")
        self.model = TenuresModel(self)
        self.table = named(QTableView(), "tenureTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        # Tab moves on to the next field instead of walking the cells.
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

        self.form_title = DataLabel(objectName="sectionTitle")
        self.property_combo = named(QComboBox(), "tenureProperty")
        self.property_combo.setEditable(True)
        self.property_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.start = named(QDateEdit(), "tenureStart")
        self.start.setDisplayFormat("dd.MM.yyyy")
        self.start.setCalendarPopup(True)
        self.kind = named(QComboBox(), "tenureKind")
        for kind in TENURE_KINDS:
            self.kind.addItem("", kind)
        self.document = named(QLineEdit(), "tenureDocument")
        self.existing = named(QRadioButton(), "tenureExisting")
        self.new = named(QRadioButton(), "tenureNew")
        self.holder_group = QButtonGroup(self)
        self.holder_group.addButton(self.existing)
        self.holder_group.addButton(self.new)
        self.existing.setChecked(True)
        self.payer_code_edit = named(QLineEdit(), "tenurePayerCode")
        self.payer_code_edit.setMaxLength(10)
        self.payer_kind = named(QComboBox(), "tenurePayerKind")
        for kind in PAYER_KINDS:
            self.payer_kind.addItem("", kind)
        self.name = named(QLineEdit(), "tenureName")
        self.id_number = named(QLineEdit(), "tenureIdNumber")
        self.id_number.setMaxLength(13)

        self.inputs: dict[str, QWidget] = {
            "property": self.property_combo,
            "start": self.start,
            "kind": self.kind,
            "document": self.document,
            "payer_code": self.payer_code_edit,
            "payer_kind": self.payer_kind,
            "name": self.name,
            "id_number": self.id_number,
        }
        self.labels = {field: DataLabel() for field in self.inputs}
        self.problems = {field: ProblemLabel() for field in self.inputs}
        grid = QGridLayout()
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(2, 1)
        row = 0
        for field, widget in self.inputs.items():
            if field == "payer_code":
                holder = QHBoxLayout()
                holder.addWidget(self.existing)
                holder.addWidget(self.new)
                holder.addStretch(1)
                grid.addLayout(holder, row, 1)
                row += 1
            self.labels[field].setBuddy(widget)
            grid.addWidget(self.labels[field], row, 0)
            grid.addWidget(widget, row, 1)
            grid.addWidget(self.problems[field], row, 2)
            row += 1

        self.problem = ProblemLabel()
        self.result = DataLabel(objectName="tenureResult", wordWrap=True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.save_button = key_button(default=True)
        self.save_button.clicked.connect(self.save)
        buttons = QHBoxLayout()
        buttons.addWidget(self.result, 1)
        buttons.addWidget(self.save_button)

        # The form scrolls on a small screen; the list keeps a few rows (issue 13, 12).
        keep_rows(self.table, 3)
        keep_text_width(self.document, "Notarial deed No 287, vol. 31/1992")
        layout = QVBoxLayout(scrolling_body(self))
        layout.setContentsMargins(8, 12, 8, 8)
        layout.addWidget(self.list_title)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.form_title)
        layout.addLayout(grid)
        layout.addWidget(self.problem)
        layout.addLayout(buttons)
        order = [
            self.property_combo,
            self.start,
            self.kind,
            self.document,
            self.existing,
            self.new,
            self.payer_code_edit,
            self.payer_kind,
            self.name,
            self.id_number,
            self.save_button,
            self.table,
        ]
        for first, second in pairwise(order):
            QWidget.setTabOrder(first, second)

        for edit in (self.document, self.payer_code_edit, self.name, self.id_number):
            edit.returnPressed.connect(self.save)
        self.existing.toggled.connect(self._holder_toggled)
        self.payer_kind.currentIndexChanged.connect(lambda _i: self._id_label())
        self.save_shortcut = QShortcut(QKeySequence("Ctrl+S"), self, self.save)
        self.save_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.retranslate()
        self.clear()

    # --- the payer ---------------------------------------------------------------------

    def show_payer(self, payer_code: str) -> None:
        if payer_code != self.payer_code:
            self._reset_form()
            self.result.setText("")
            self.rows = ()
            self.model.set_rows([])
        super().show_payer(payer_code)
        database = self.info.state.db
        self.info.state.run(
            lambda: (payer_code, tenures_of(database, payer_code)), self._loaded, self._refused
        )

    def clear(self) -> None:
        super().clear()
        self.rows = ()
        self.model.set_rows([])
        self.property_combo.clear()
        self._reset_form()
        self.result.setText("")
        self.setEnabled(False)

    def _loaded(self, loaded: tuple[str, tuple[TenureRow, ...]]) -> None:
        payer_code, rows = loaded
        if payer_code != self.payer_code:
            return  # another payer was opened meanwhile
        self.rows = rows
        self.model.set_rows(list(rows))
        today = self.info.state.today()
        chosen = self.property_combo.currentData()
        self.property_combo.clear()
        for row in rows:
            if row.end is None or row.end >= today:
                self.property_combo.addItem(
                    f"{row.subscriber_number} · {row.address}", row.subscriber_number
                )
        found = self.property_combo.findData(chosen)
        self.property_combo.setCurrentIndex(max(found, 0) if self.property_combo.count() else -1)
        self.setEnabled(True)

    def _reset_form(self) -> None:
        first = add_months(self.info.state.today().replace(day=1), 1)
        self.start.setDate(QDate(first.year, first.month, first.day))
        self.kind.setCurrentIndex(0)
        self.document.clear()
        self.existing.setChecked(True)
        self.payer_code_edit.clear()
        self.payer_kind.setCurrentIndex(0)
        self.name.clear()
        self.id_number.clear()
        self._holder_toggled(True)
        self._show_problem("")

    # --- the form ----------------------------------------------------------------------

    def subscriber_number(self) -> str:
        """The chosen holding, or what was typed (a scanned subscriber number)."""
        text = self.property_combo.currentText().strip()
        index = self.property_combo.findText(text)
        if index >= 0:
            return str(self.property_combo.itemData(index))
        return text.split(" ", 1)[0]

    def _holder_toggled(self, existing: bool) -> None:
        # The fields that do not apply are off, their captions with them (and greyed by
        # the style sheet: a white empty field looked as open as the others).
        self.payer_code_edit.setEnabled(existing)
        self.labels["payer_code"].setEnabled(existing)
        for field in ("payer_kind", "name", "id_number"):
            self.inputs[field].setEnabled(not existing)
            self.labels[field].setEnabled(not existing)
        # A field that no longer applies keeps no problem of its own (a stale "the new
        # payer is the current one" beside a greyed code read as still in force); the
        # code typed for an existing payer is not used by a new one, so it goes too.
        off = ("payer_kind", "name", "id_number") if existing else ("payer_code",)
        for field in off:
            self.problems[field].show_problem("")
            set_style_property(self.inputs[field], "problem", False)
        if not existing:
            self.payer_code_edit.clear()
        self._code_placeholder()

    def _code_placeholder(self) -> None:
        """The hint only where the code can be typed: none on the greyed field."""
        enabled = self.existing.isChecked()
        self.payer_code_edit.setPlaceholderText(self.tr("10 digits") if enabled else "")

    def save(self) -> None:
        if self.busy or self.payer_code is None:
            return
        self._show_problem("")
        picked = self.start.date()
        start = date(picked.year(), picked.month(), picked.day())
        subscriber, kind, document = (
            self.subscriber_number(),
            str(self.kind.currentData()),
            self.document.text(),
        )
        code: str | None = None
        new_payer: NewPayer | None = None
        if self.existing.isChecked():
            code = self.payer_code_edit.text()
        else:
            new_payer = NewPayer(
                str(self.payer_kind.currentData()), self.name.text(), self.id_number.text()
            )
        state = self.info.state
        database, ctx, now = state.db, state.user, state.now()

        def work() -> HolderChanged | tuple[Problem, ...]:
            # The refusal's problems come back as data, each with its field.
            try:
                return change_holder(
                    database,
                    ctx,
                    subscriber,
                    start,
                    kind,
                    document,
                    now,
                    payer_code=code,
                    new_payer=new_payer,
                )
            except ProblemsError as refused:
                return tuple(refused.problems)

        self._set_busy(True)
        state.run(work, self._saved, self._refused, self._environment_error)

    def _saved(self, done: HolderChanged | tuple[Problem, ...]) -> None:
        self._set_busy(False)
        if isinstance(done, tuple):
            self._show_problems(done)
            return
        text = self.tr(
            "From {start} property {subscriber} is held by {name}, payer code {code}."
        ).format(
            start=date_text(done.start),
            subscriber=done.subscriber_number,
            name=done.payer_name,
            code=done.payer_code,
        )
        if done.created:
            text += " " + self.tr("A new payer was registered.")
        if done.moved_invoices:
            text += " " + self.tr("Bills moved to the new payer: {numbers}.").format(
                numbers=", ".join(done.moved_invoices)
            )
        self.result.setText(text)
        self.info.show_payer_message(text)
        self._reset_form()
        self.changed.emit()

    def _show_problems(self, problems: tuple[Problem, ...]) -> None:
        """Each problem next to its field; one without a field under the form."""
        shown: dict[str | None, list[str]] = {}
        for problem in problems:
            shown.setdefault(FIELD_OF_NAME.get(problem.where), []).append(str(problem))
        first = next((f for f in self.inputs if f in shown), None)
        for name, label in self.problems.items():
            label.show_problem("\n".join(shown.get(name, [])))
            set_style_property(self.inputs[name], "problem", name in shown)
        self.problem.show_problem("\n".join(shown.get(None, [])))
        if first is not None:
            self.inputs[first].setFocus()

    def _show_problem(self, message: str) -> None:
        """A message under the form (not about one field); clears the fields' problems."""
        for name, label in self.problems.items():
            label.show_problem("")
            set_style_property(self.inputs[name], "problem", False)
        self.problem.show_problem(message)

    # --- texts -------------------------------------------------------------------------

    def _id_label(self) -> None:
        company = self.payer_kind.currentData() == "company"
        self.labels["id_number"].setText(self.tr("EI&K") if company else self.tr("E&GN"))

    def title(self) -> str:
        return self.tr("Owner or tenant")

    def retranslate(self) -> None:
        self.list_title.setText(self.tr("Properties held, the latest first"))
        self.form_title.setText(self.tr("Change of owner or tenant"))
        texts = {
            "property": self.tr("P&roperty"),
            "start": self.tr("New holder &from"),
            "kind": self.tr("Hol&ds as"),
            "document": self.tr("D&ocument"),
            "payer_code": self.tr("Payer &code"),
            "payer_kind": self.tr("Payer &type"),
            "name": self.tr("&Name"),
        }
        for field, text in texts.items():
            self.labels[field].setText(text)
        self._id_label()
        self.existing.setText(self.tr("E&xisting payer"))
        self.new.setText(self.tr("Ne&w payer"))
        for index, kind in enumerate(TENURE_KINDS):
            self.kind.setItemText(index, word(TENURES, kind))
        self.payer_kind.setItemText(0, self.tr("person"))
        self.payer_kind.setItemText(1, self.tr("company"))
        self.document.setPlaceholderText(self.tr("e.g. notarial deed No 12/2026"))
        self._code_placeholder()
        self.save_button.setText(self.tr("Register the change (Ctrl+S)"))
        self.model.retranslate()
