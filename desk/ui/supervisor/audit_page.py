"""The audit log (issue 6, item 5): read-only, filtered by user, desk, action and dates.

The log grows with every login and write, so the table's model pages: it holds
what was read so far and asks for the next 200 entries when the view scrolls
to the end (canFetchMore/fetchMore); the query runs in a worker. A change of
filter starts again from the newest entry; an answer to an older filter is
dropped (each read carries the generation it was asked for).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHeaderView,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk.services.audit_log import PAGE, AuditChoices, AuditRow, audit_choices, audit_entries
from desk.ui.i18n import QT_TRANSLATE_NOOP
from desk.ui.kit.context import PageContext
from desk.ui.kit.formatting import time_text, word
from desk.ui.kit.widgets import ProblemLabel
from desk.ui.plain_text import DataLabel, plain_tooltip
from desk.ui.style import named
from desk.ui.supervisor.pages import SupervisorPage

Index = QModelIndex | QPersistentModelIndex
# How far back the log is shown when the tab opens; the supervisor moves the dates.
DEFAULT_DAYS = 30
# The actions the services log, in words (an unknown one shows as logged).
ACTION_WORDS = {
    "login": QT_TRANSLATE_NOOP("Words", "log in"),
    "login_failed": QT_TRANSLATE_NOOP("Words", "wrong password"),
    "password_change": QT_TRANSLATE_NOOP("Words", "own password changed"),
    "user_create": QT_TRANSLATE_NOOP("Words", "user created"),
    "user_role": QT_TRANSLATE_NOOP("Words", "role changed"),
    "user_password_reset": QT_TRANSLATE_NOOP("Words", "password reset"),
    "user_unlock": QT_TRANSLATE_NOOP("Words", "user unlocked"),
    "user_deactivate": QT_TRANSLATE_NOOP("Words", "user deactivated"),
    "user_reactivate": QT_TRANSLATE_NOOP("Words", "user reactivated"),
    "shift_open": QT_TRANSLATE_NOOP("Words", "shift opened"),
    "shift_close": QT_TRANSLATE_NOOP("Words", "shift closed"),
    "shift_takeover": QT_TRANSLATE_NOOP("Words", "shift taken over"),
    "payment": QT_TRANSLATE_NOOP("Words", "payment"),
    "void": QT_TRANSLATE_NOOP("Words", "void"),
    "contact_change": QT_TRANSLATE_NOOP("Words", "contact details changed"),
    "payer_create": QT_TRANSLATE_NOOP("Words", "payer registered"),
    "tenure_change": QT_TRANSLATE_NOOP("Words", "change of holder"),
    "agreement_created": QT_TRANSLATE_NOOP("Words", "agreement made"),
    "plan_enrolled": QT_TRANSLATE_NOOP("Words", "equal-installment plan"),
    "survey_cards_printed": QT_TRANSLATE_NOOP("Words", "survey cards printed"),
    "survey_cards_emailed": QT_TRANSLATE_NOOP("Words", "survey cards e-mailed"),
    "card_resend": QT_TRANSLATE_NOOP("Words", "uncertain survey cards queued again"),
    "card_bounces_read": QT_TRANSLATE_NOOP("Words", "returned e-mails read"),
    "smtp_settings_saved": QT_TRANSLATE_NOOP("Words", "mail server settings saved"),
    "sync_restored_file": QT_TRANSLATE_NOOP("Words", "restored or copied file found at sync"),
    "receipt_renumbered": QT_TRANSLATE_NOOP("Words", "receipt number given twice, renumbered"),
    "receipt_series_moved": QT_TRANSLATE_NOOP("Words", "receipt series moved on"),
    "sync_users_pulled": QT_TRANSLATE_NOOP("Words", "users changed by sync"),
    "history_pruned": QT_TRANSLATE_NOOP("Words", "history older than the window removed"),
}


def action_word(action: str) -> str:
    return word(ACTION_WORDS, action)


class AuditModel(QAbstractTableModel):
    """Entries read so far (newest first) of ``total``; asks for more with ``more_wanted``."""

    more_wanted = Signal(int, int)  # generation, rows held (the page reads older than the last)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[AuditRow] = []
        self._texts: list[tuple[str, ...]] = []
        self.total = 0
        self.generation = 0
        self.fetching = False
        self._headers: tuple[str, ...] | None = None

    # --- filling ----------------------------------------------------------------------

    def start(self, generation: int, total: int, rows: tuple[AuditRow, ...]) -> None:
        """The first page of a new filter."""
        self.beginResetModel()
        self.generation, self.total, self.fetching = generation, total, False
        self.rows = list(rows)
        self._texts = [self._row_texts(row) for row in rows]
        self.endResetModel()

    def append(self, generation: int, rows: tuple[AuditRow, ...]) -> None:
        """The next page; dropped when the filter changed since it was asked for."""
        if generation != self.generation:
            return
        self.fetching = False
        if not rows:
            self.total = len(self.rows)  # the log cannot shrink; a read came up short
            return
        first = len(self.rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self.rows.extend(rows)
        self._texts.extend(self._row_texts(row) for row in rows)
        self.endInsertRows()

    def fetch_failed(self) -> None:
        self.fetching = False

    def _row_texts(self, row: AuditRow) -> tuple[str, ...]:
        return (time_text(row.at), row.user, row.desk, action_word(row.action), row.details())

    # --- the model --------------------------------------------------------------------

    def headers(self) -> tuple[str, ...]:
        if self._headers is None:
            self._headers = (
                self.tr("When"),
                self.tr("User"),
                self.tr("Desk"),
                self.tr("Action"),
                self.tr("Details"),
            )
        return self._headers

    def rowCount(self, parent: Index | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else 5

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._texts[index.row()][index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            # A detail quotes stored text (an address from the web form): a tooltip
            # would render it as markup.
            return plain_tooltip(self._texts[index.row()][index.column()])
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable  # never editable

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and not self.fetching and len(self.rows) < self.total

    def fetchMore(self, parent: Index) -> None:
        if self.canFetchMore(parent):
            self.fetching = True
            self.more_wanted.emit(self.generation, len(self.rows))

    def retranslate(self) -> None:
        self._headers = None
        self._texts = [self._row_texts(row) for row in self.rows]
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 4)
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, 4))


class AuditPage(SupervisorPage):
    def __init__(self, info: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(info, parent)
        self.setObjectName("auditPage")
        self.generation = 0
        self.loading = False
        self._filling = False  # combos being filled: their signals are not the supervisor's
        self.choices = AuditChoices((), (), ())

        self.user = named(QComboBox(), "auditUser")
        self.desk = named(QComboBox(), "auditDesk")
        self.desk.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.action = named(QComboBox(), "auditAction")
        self.day_from = named(QDateEdit(), "auditFrom")
        self.day_to = named(QDateEdit(), "auditTo")
        for edit in (self.day_from, self.day_to):
            edit.setDisplayFormat("dd.MM.yyyy")
            edit.setCalendarPopup(True)
        self.filters: dict[str, QWidget] = {
            "user": self.user,
            "desk": self.desk,
            "action": self.action,
            "from": self.day_from,
            "to": self.day_to,
        }
        self.labels = {name: DataLabel() for name in self.filters}
        grid = QGridLayout()
        for column, (name, widget) in enumerate(self.filters.items()):
            self.labels[name].setBuddy(widget)
            grid.addWidget(self.labels[name], 0, column)
            grid.addWidget(widget, 1, column)
        grid.setColumnStretch(0, 2)
        grid.setColumnStretch(2, 2)

        self.model = AuditModel(self)
        self.model.more_wanted.connect(self._fetch)
        self.table = named(QTableView(), "auditTable")
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self._fit_columns()
        # The headers' words change with the language: the columns fit them again.
        self.model.headerDataChanged.connect(lambda *_: self._fit_columns())
        self.count = DataLabel(objectName="auditCount")
        self.problem = ProblemLabel()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 12, 8, 8)
        layout.addLayout(grid)
        layout.addWidget(self.problem)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)

        for combo in (self.user, self.desk, self.action):
            combo.currentIndexChanged.connect(lambda _i: self._filter_changed())
        for edit in (self.day_from, self.day_to):
            edit.dateChanged.connect(lambda _d: self._filter_changed())
        self.retranslate()

    # --- reading ----------------------------------------------------------------------

    def _fit_columns(self) -> None:
        """Widths from the font, not from the rows: ResizeToContents would measure every
        row at every page. A column is as wide as its usual longest cell and never
        narrower than its header's word (a short desk code under «Каса» cut it off)."""
        metrics = self.table.fontMetrics()
        header = self.table.horizontalHeader()
        for column, sample in enumerate(
            ("22.11.2026 10:15:00", "Елена Стефанова Димова", "IC1", "закрита смяна ·")
        ):
            width = max(metrics.horizontalAdvance(sample) + 24, header.sectionSizeHint(column))
            self.table.setColumnWidth(column, width)

    def activated(self) -> None:
        state = self.info.state
        if state.ctx is None:
            return
        today = state.today()
        self._filling = True
        if self.choices.users == ():  # the first time since a login: the default dates
            self._set_date(self.day_from, today - timedelta(days=DEFAULT_DAYS))
            self._set_date(self.day_to, today)
        self._filling = False
        database, ctx = state.db, state.user
        generation = self.generation  # reset() (a log-out) moves it on: the answer is dropped
        self.loading = True
        state.run(
            lambda: audit_choices(database, ctx),
            lambda choices: self._chosen(generation, choices),
            lambda message: self._refused_since(generation, message),
        )

    def _chosen(self, generation: int, choices: AuditChoices) -> None:
        if generation != self.generation or self.info.state.ctx is None:
            return  # logged out (or in again) while the choices were read
        self.choices = choices
        self._filling = True
        for combo, items in (
            (self.user, choices.users),
            (self.desk, choices.desks),
            (self.action, tuple((a, action_word(a)) for a in choices.actions)),
        ):
            kept = combo.currentData()
            combo.clear()
            combo.addItem("", None)
            for key, text in items:
                combo.addItem(text, key)
            combo.setCurrentIndex(max(combo.findData(kept), 0) if kept is not None else 0)
        self._filling = False
        self._all_texts()
        self.reload()

    def reset(self) -> None:
        self.generation += 1  # answers still on their way are dropped
        self.loading = False
        self.choices = AuditChoices((), (), ())
        self._filling = True
        for combo in (self.user, self.desk, self.action):
            combo.clear()
        self._filling = False
        self.model.start(self.generation, 0, ())
        self.problem.show_problem("")
        self._show_count()

    def _filter_changed(self) -> None:
        if not self._filling and self.info.state.ctx is not None:
            self.reload()

    def _query(self) -> dict[str, Any]:
        return {
            "user": self.user.currentData(),
            "desk": self.desk.currentData(),
            "action": self.action.currentData(),
            "day_from": self._date(self.day_from),
            "day_to": self._date(self.day_to),
        }

    def reload(self) -> None:
        """The first page of what the filters say."""
        state = self.info.state
        self.generation += 1
        if state.ctx is None:
            return
        generation, query = self.generation, self._query()
        database, ctx = state.db, state.user
        self.loading = True
        self.problem.show_problem("")
        state.run(
            lambda: audit_entries(database, ctx, limit=PAGE, **query),
            lambda answer: self._loaded(generation, answer),
            lambda message: self._refused_since(generation, message),
        )

    def _loaded(self, generation: int, answer: tuple[int, tuple[AuditRow, ...]]) -> None:
        if generation != self.generation:
            return  # the filters changed while this was read
        self.loading = False
        total, rows = answer
        self.model.start(generation, total, rows)
        self._show_count()

    def _fetch(self, generation: int, held: int) -> None:
        """The view scrolled to the end: the entries of the same filter older than
        the last one shown (not an offset: entries logged meanwhile would shift it)."""
        state = self.info.state
        if state.ctx is None or generation != self.generation or not held:
            self.model.fetch_failed()
            return
        last = self.model.rows[held - 1]
        before = (last.at, last.id)
        query = self._query()
        database, ctx = state.db, state.user
        self.loading = True

        def done(answer: tuple[int, tuple[AuditRow, ...]]) -> None:
            if generation == self.generation:
                self.loading = False
            self.model.append(generation, answer[1])
            self._show_count()

        def refused(message: str) -> None:
            self.model.fetch_failed()
            self._refused_since(generation, message)

        state.run(
            lambda: audit_entries(database, ctx, limit=PAGE, before=before, **query), done, refused
        )

    def _refused_since(self, generation: int, message: str) -> None:
        if generation == self.generation:
            self._refused(message)

    def _refused(self, message: str) -> None:
        self.loading = False
        self.problem.show_problem(message)

    # --- small things -----------------------------------------------------------------

    @staticmethod
    def _date(edit: QDateEdit) -> date:
        picked = edit.date()
        return date(picked.year(), picked.month(), picked.day())

    @staticmethod
    def _set_date(edit: QDateEdit, day: date) -> None:
        edit.setDate(QDate(day.year, day.month, day.day))

    def _show_count(self) -> None:
        self.count.setText(
            self.tr("{shown} of {total} entries, newest first").format(
                shown=self.model.rowCount(), total=self.model.total
            )
        )

    def _all_texts(self) -> None:
        for combo, text in (
            (self.user, self.tr("All users")),
            (self.desk, self.tr("All desks")),
            (self.action, self.tr("All actions")),
        ):
            if combo.count():
                combo.setItemText(0, text)
        for index in range(1, self.action.count()):
            self.action.setItemText(index, action_word(str(self.action.itemData(index))))

    def title(self) -> str:
        return self.tr("Audit log")

    def retranslate(self) -> None:
        self.labels["user"].setText(self.tr("&User"))
        self.labels["desk"].setText(self.tr("&Desk"))
        self.labels["action"].setText(self.tr("&Action"))
        self.labels["from"].setText(self.tr("&From"))
        self.labels["to"].setText(self.tr("&To"))
        self._all_texts()
        self.model.retranslate()
        self._show_count()
