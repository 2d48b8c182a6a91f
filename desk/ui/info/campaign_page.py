"""How far the contact-data campaign has come: per district and in total, cards
printed and returned and payers confirmed or changed since the campaign start,
as counts and as shares of the active payers (issue 5, item 3). Below, the
district chosen in the table (the total at first) by channel: cards issued,
returned, and payers confirmed or changed at a pay desk, at an information
centre, by a scanned card, an e-mail card or the web form (issue 16; the
channels are defined in desk.services.campaign).

Read in a worker when the tab is first shown and on F5 (or the button).
Ctrl+E (or its button) opens the survey cards by e-mail (email_cards_page).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QLocale, QObject, Qt
from PySide6.QtGui import QFont, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk.models.db import Database
from desk.services.campaign import (
    CampaignProgress,
    ChannelFigures,
    DistrictProgress,
    campaign_progress,
)
from desk.ui.environment import describe_environment_error
from desk.ui.i18n import Retranslating
from desk.ui.info.email_cards_page import EmailCardsDialog, open_email_cards
from desk.ui.kit.context import PageContext
from desk.ui.kit.formatting import date_text
from desk.ui.kit.models import Index, RowsModel
from desk.ui.kit.widgets import ProblemLabel, key_button
from desk.ui.plain_text import DataLabel
from desk.ui.style import named


def share_text(share: Decimal | None) -> str:
    """ "12,3 %" in Bulgarian, "12.3 %" in English; a dash when there is nothing to share."""
    if share is None:
        return "—"
    return f"{share:.1f}".replace(".", QLocale().decimalPoint()) + " %"


def count_text(count: int) -> str:
    return f"{count:,}".replace(",", QLocale().groupSeparator())


class CampaignModel(RowsModel[DistrictProgress]):
    """One row per district, their total (the active payers), then the cards and changes
    of payers without a current property, which are not in the total's shares."""

    RIGHT_ALIGNED = frozenset(range(1, 8))

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bold = QFont()
        self._bold.setBold(True)
        self.total: DistrictProgress | None = None

    def headers(self) -> tuple[str, ...]:
        return (
            self.tr("District"),
            self.tr("Active payers"),
            self.tr("Cards issued"),  # printed or e-mailed, as the report says
            self.tr("Issued %"),
            self.tr("Cards returned"),
            self.tr("Returned %"),
            self.tr("Confirmed or changed"),
            self.tr("Confirmed %"),
        )

    def set_progress(self, progress: CampaignProgress) -> None:
        self.total = progress.total
        named = [row for row in progress.districts if row.district is not None]
        outside = [row for row in progress.districts if row.district is None]
        self.set_rows([*named, progress.total, *outside])

    def row_texts(self, row: DistrictProgress) -> tuple[str, ...]:
        if row is self.total:
            name = self.tr("Total")
        elif row.district is None:
            name = self.tr("No current property, blank cards (not in the total)")
        else:
            name = row.district
        return (
            name,
            count_text(row.active_payers),
            count_text(row.cards_printed),
            share_text(row.printed_share),
            count_text(row.cards_returned),
            share_text(row.returned_share),
            count_text(row.payers_updated),
            share_text(row.updated_share),
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            role == Qt.ItemDataRole.FontRole
            and index.isValid()
            and self.row(index.row()) is self.total
        ):
            return self._bold
        return super().data(index, role)


class ChannelModel(RowsModel[ChannelFigures]):
    """One district's (or the total's) figures, a row per channel; a dash where no
    card goes out or comes back that way."""

    RIGHT_ALIGNED = frozenset(range(1, 4))

    def headers(self) -> tuple[str, ...]:
        return (
            self.tr("Channel"),
            self.tr("Cards issued"),
            self.tr("Cards returned"),
            self.tr("Confirmed or changed"),
        )

    def channel_name(self, channel: str) -> str:
        return {
            "pay_desk": self.tr("Pay desk"),
            "info_centre": self.tr("Information centre"),
            "scanned_card": self.tr("Scanned card"),
            "email_card": self.tr("E-mail card"),
            "web": self.tr("Web form"),
        }[channel]

    def row_texts(self, row: ChannelFigures) -> tuple[str, ...]:
        return (
            self.channel_name(row.channel),
            "—" if row.cards_issued is None else count_text(row.cards_issued),
            "—" if row.cards_returned is None else count_text(row.cards_returned),
            count_text(row.payers_updated),
        )


class CampaignPage(Retranslating, QWidget):
    def __init__(self, info: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("campaignPage")
        self.info = info
        self.progress: CampaignProgress | None = None
        self.busy = False
        self._read_from: Database | None = None  # the database the figures come from

        self.heading = DataLabel(objectName="sectionTitle", wordWrap=True)
        self.refresh_button = key_button()
        self.refresh_button.clicked.connect(self.refresh)
        self.email_button = key_button()
        self.email_button.clicked.connect(self.open_email_cards)
        self.email_dialog: EmailCardsDialog | None = None
        self.problem = ProblemLabel()
        self.model = CampaignModel(self)
        self.table = named(QTableView(), "campaignTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(self._show_channels)
        self.shown_row: DistrictProgress | None = None  # the row shown by channel
        self.channels_heading = DataLabel(objectName="channelsTitle", wordWrap=True)
        self.channel_model = ChannelModel(self)
        self.channels = named(QTableView(), "campaignChannels")
        self.channels.setModel(self.channel_model)
        self.channels.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.channels.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.channels.setTabKeyNavigation(False)
        self.channels.verticalHeader().hide()
        channel_header = self.channels.horizontalHeader()
        # Four short columns: sized to their contents, the figures beside their names.
        channel_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.email_button)
        top.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 12, 8, 8)
        layout.addLayout(top)
        layout.addWidget(self.problem)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.channels_heading)
        layout.addWidget(self.channels, 2)
        self.refresh_shortcut = QShortcut(QKeySequence("F5"), self, self.refresh)
        self.refresh_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.email_shortcut = QShortcut(QKeySequence("Ctrl+E"), self, self.open_email_cards)
        self.email_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.retranslate()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.info.state.database is not self._read_from:
            self.refresh()  # first time shown, or another database opened since

    def refresh(self) -> None:
        state = self.info.state
        if self.busy or state.database is None:
            return
        database, on = state.database, state.today()
        self.busy = True
        self.refresh_button.setEnabled(False)
        self.problem.show_problem("")
        state.run(
            lambda: campaign_progress(database, on),
            lambda progress: self._shown(database, progress),
            self._refused,
            self._environment_error,
        )

    def _shown(self, database: Database, progress: CampaignProgress) -> None:
        self._done()
        self._read_from = database
        self.progress = progress
        chosen = self.shown_row.district if self.shown_row is not None else None
        was_total = self.shown_row is None or self.shown_row is self.model.total
        self.model.set_progress(progress)
        self._heading_text()
        # The same district as before the refresh when it is still there, else the total.
        again = [
            n
            for n in range(self.model.rowCount())
            if not was_total and self.model.row(n).district == chosen
        ]
        total_at = [n for n in range(self.model.rowCount()) if self.model.row(n) is progress.total]
        self.table.selectRow((again or total_at)[0])
        self._show_channels()

    def open_email_cards(self) -> None:
        """The cards by e-mail; the campaign's figures are read again when it closes."""
        if self.info.state.ctx is None or self.email_dialog is not None:
            return
        dialog = open_email_cards(self.info)
        self.email_dialog = dialog
        dialog.finished.connect(lambda _code: self._email_closed())

    def _email_closed(self) -> None:
        self.email_dialog = None
        if self.info.state.ctx is not None:
            self.refresh()

    def _show_channels(self, *_: Any) -> None:
        current = self.table.currentIndex()
        self.shown_row = self.model.row(current.row()) if current.isValid() else None
        self.channel_model.set_rows(list(self.shown_row.channels) if self.shown_row else [])
        self._channels_heading_text()

    def _channels_heading_text(self) -> None:
        row = self.shown_row
        if row is None:
            self.channels_heading.setText(self.tr("By channel"))
            return
        name = self.model.row_texts(row)[0]
        self.channels_heading.setText(self.tr("By channel: {district}").format(district=name))

    def _refused(self, message: str) -> None:
        self._done()
        self.problem.show_problem(message)

    def _environment_error(self, error: BaseException) -> None:
        self._done()
        title, advice = describe_environment_error(error)
        self.problem.show_problem(f"{title} {advice}")

    def _done(self) -> None:
        self.busy = False
        self.refresh_button.setEnabled(True)

    def _heading_text(self) -> None:
        if self.progress is None:
            self.heading.setText(self.tr("Campaign progress"))
            return
        self.heading.setText(
            self.tr("Campaign since {start}, as of {on}").format(
                start=date_text(self.progress.start), on=date_text(self.progress.on)
            )
        )

    def title(self) -> str:
        return self.tr("Campaign")

    def retranslate(self) -> None:
        self.refresh_button.setText(self.tr("Refresh (F5)"))
        self.email_button.setText(self.tr("Cards by e-mail… (Ctrl+E)"))
        self._heading_text()
        self.model.retranslate()
        self.channel_model.retranslate()
        self._channels_heading_text()
