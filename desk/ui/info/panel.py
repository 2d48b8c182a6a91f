"""The information desk's panel: find a payer (or scan a returned survey card),
then work on that payer in tabs; survey cards and the campaign have tabs of
their own.

Keys: F2 search · F7 statement · Ctrl+PgUp/PgDn between tabs · Ctrl+L lock.
Every dialog opens through ``open_dialog`` (window-modal, no nested event
loop), as on the cashier's panel.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QStackedWidget,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desk.services.lookup import Hit
from desk.services.survey_cards import CardInfo, find_card, looks_like_card_number
from desk.ui.account.account_panel import AccountPanel, OpenedAccount, read_account
from desk.ui.account.search_panel import SearchPanel
from desk.ui.environment import describe_environment_error
from desk.ui.i18n import Retranslating
from desk.ui.info.agreement_page import AgreementPage
from desk.ui.info.campaign_page import CampaignPage
from desk.ui.info.cards_page import CardsPage
from desk.ui.info.contacts_page import ContactsPage
from desk.ui.info.pages import InfoPage
from desk.ui.info.plan_page import PlanPage
from desk.ui.info.statement_action import show_statement
from desk.ui.info.tenure_page import TenurePage
from desk.ui.kit.context import Documents, PageContext
from desk.ui.kit.dialog_host import DialogHost
from desk.ui.kit.session import DeskState
from desk.ui.plain_text import DataLabel
from desk.ui.style import named


class InfoSearch(SearchPanel):
    """The cashier's search field, which also knows a scanned survey card."""

    card_scanned = Signal(str)

    def search(self) -> None:
        text = self.field.text().strip()
        if looks_like_card_number(text):
            self._serial += 1  # a search typed before the scan must not open a payer after it
            self.card_scanned.emit(text)
            return
        super().search()


@dataclass(frozen=True, slots=True)
class PendingCard:
    """A scanned returned survey card waiting for its payer's account to be read."""

    number: str
    payer_code: str | None  # a pre-filled card's payer; None: a blank card
    after: int  # the payer reads numbered up to this one were started before the scan

    def fits(self, payer_code: str, read: int, searched: bool) -> bool:
        """A pre-filled card binds to its own payer; a blank one to the next payer
        the clerk opens by a search after the scan (not to a reload, nor a read
        already under way)."""
        if read <= self.after:
            return False
        return searched if self.payer_code is None else payer_code == self.payer_code


class InfoPanel(DialogHost, Retranslating, QWidget):
    def __init__(self, state: DeskState, dialog_parent: QWidget) -> None:
        super().__init__()
        self.setObjectName("infoPanel")
        self.state = state
        self.dialog_parent = dialog_parent
        self.dialogs: list[QDialog] = []
        self.documents = Documents(state, self.open_dialog, dialog_parent)
        self.documents.message.connect(self.show_message)
        self.info = PageContext(
            state, self.open_dialog, self.show_message, self.documents, self.show_payer_message
        )
        self.payer_code: str | None = None
        self.message_payer: str | None = None  # the payer the message line is about, if one
        self.pending_card: PendingCard | None = None  # scanned, its payer not yet read
        self._reads = 0  # payer reads started, numbered

        self._who = DataLabel(objectName="cashierWho")
        self.message = DataLabel(objectName="deskMessage", wordWrap=True)
        self.message.hide()
        self.search = InfoSearch(state)
        self.search.open_hit.connect(self.open_hit)
        self.search.card_scanned.connect(self.open_card)
        self.drop_card_shortcut = QShortcut(
            QKeySequence(Qt.Key.Key_Escape), self.search.field, self.drop_pending_card
        )
        self.drop_card_shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        self.search.results_ready.connect(lambda: self.stack.setCurrentWidget(self.search.results))

        self.account = AccountPanel(paying=False)  # the clerk takes no money
        self.contacts = ContactsPage(self.info)
        self.tenure = TenurePage(self.info)
        self.agreement = AgreementPage(self.info)
        self.plan = PlanPage(self.info)
        self.pages: list[InfoPage] = [self.contacts, self.tenure, self.agreement, self.plan]
        self.payer_tabs = named(QTabWidget(), "payerTabs")
        self.payer_tabs.addTab(self.account, "")
        for page in self.pages:
            self.payer_tabs.addTab(page, "")
            page.changed.connect(self.reload_payer)

        self._welcome = DataLabel(objectName="welcome", alignment=Qt.AlignmentFlag.AlignCenter)
        self._welcome.setWordWrap(True)
        self.stack: QStackedWidget = named(QStackedWidget(), "infoStack")
        for widget in (self._welcome, self.search.results, self.payer_tabs):
            self.stack.addWidget(widget)
        payer_side = QWidget()
        payer_layout = QVBoxLayout(payer_side)
        payer_layout.setContentsMargins(0, 8, 0, 0)
        payer_layout.addWidget(self.search)
        payer_layout.addWidget(self.stack, 1)

        self.cards = CardsPage(self.info)
        self.cards.card_chosen.connect(self.open_card)
        self.campaign = CampaignPage(self.info)
        self.tabs = named(QTabWidget(), "infoTabs")
        for tab in (payer_side, self.cards, self.campaign):
            self.tabs.addTab(tab, "")

        self.search_action = self._action("F2", self.focus_search)
        self.statement_action = self._action("F7", self.statement)
        self.next_tab_action = self._action("Ctrl+PgDown", lambda: self._step_tab(1))
        self.previous_tab_action = self._action("Ctrl+PgUp", lambda: self._step_tab(-1))
        statement_button = named(QToolButton(), "keyButton")
        statement_button.setDefaultAction(self.statement_action)
        top = QHBoxLayout()
        top.addWidget(self._who, 1)
        top.addWidget(statement_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 12, 20, 12)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.tabs, 1)
        self.retranslate()
        self._update_actions()

    # --- the day ----------------------------------------------------------------

    def start(self) -> None:
        self.reset()
        self.focus_search()

    def reset(self) -> None:
        for dialog in list(self.dialogs):
            dialog.done(QDialog.DialogCode.Rejected)
        self.cards.reset()  # a batch under way stops; what it numbered is still printed
        self.payer_code = self.pending_card = None
        self.account.clear()
        for page in self.pages:
            page.clear()
        self.search.model.set_rows([])
        self.search.field.clear()
        self.stack.setCurrentWidget(self._welcome)
        self.tabs.setCurrentIndex(0)
        self.show_message("")
        self.retranslate()
        self._update_actions()

    def focus_search(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.search.focus_field()

    def open_hit(self, hit: Hit) -> None:
        self.load_payer(hit.payer_code, hit, searched=True)

    def load_payer(
        self,
        payer_code: str,
        hit: Hit | None = None,
        *,
        searched: bool = False,
        on_refused: Callable[[str], None] | None = None,
    ) -> None:
        """Read the payer's account and show it; ``searched``: the clerk asked for this payer."""
        self._reads += 1
        database, on, read = self.state.db, self.state.today(), self._reads
        self.state.run(
            lambda: read_account(database, payer_code, on, hit),
            lambda account: self._payer_read(account, read, searched),
            on_refused or self.show_message,
        )

    def reload_payer(self) -> None:
        if self.payer_code is not None:
            hit = self.account.account.hit if self.account.account is not None else None
            self.load_payer(self.payer_code, hit)

    def _payer_read(self, account: OpenedAccount, read: int, searched: bool) -> None:
        first_time = account.payer.payer_code != self.payer_code
        self.payer_code = account.payer.payer_code
        self.tabs.setCurrentIndex(0)
        self.stack.setCurrentWidget(self.payer_tabs)
        # Read again after a save (a plan, a tenure...): the keyboard stays on the tab the
        # clerk works in. Moving it to the hidden account tab lost Ctrl+S and the typing,
        # depending on whether the read came back before or after the printout closed.
        here = first_time or self.payer_tabs.currentWidget() is self.account
        if self.message_payer not in (None, self.payer_code):
            self.show_message("")  # a result line belongs to the payer it was about
        self.account.show_account(account, focus=here)
        for page in self.pages:
            page.show_payer(self.payer_code)
        card = self.pending_card
        if card is not None and card.fits(self.payer_code, read, searched):
            self.pending_card = None
            self.contacts.bind_card(card.number)
            self.show_message(self.tr("Survey card {number}").format(number=card.number))
            self.payer_tabs.setCurrentWidget(self.contacts)
        elif first_time:
            self.payer_tabs.setCurrentWidget(self.account)
        self._update_actions()

    def open_card(self, number: str) -> None:
        """A returned survey card was scanned: its payer's contacts, bound to the card.

        A card still waiting for its payer is put aside: one card at a time.
        """
        dropped = self._put_aside()
        if dropped:
            self.show_message(dropped)
        database = self.state.db
        self.state.run(
            lambda: find_card(database, number),
            lambda card: self._card_found(number, card, dropped),
            lambda message: self.show_message(f"{dropped} {message}".strip()),
        )

    def _card_found(self, number: str, card: CardInfo | None, dropped: str = "") -> None:
        self.search.field.clear()

        def say(text: str) -> None:
            self.show_message(f"{dropped} {text}".strip())

        if card is None:
            say(self.tr("Survey card {number}: no such card").format(number=number))
            return
        if card.returned_at is not None:
            say(
                self.tr("Survey card {number} was already entered on {date}").format(
                    number=number, date=f"{card.returned_at:%d.%m.%Y}"
                )
            )
            return
        self.pending_card = PendingCard(number, card.payer_code, self._reads)
        if card.payer_code is None:
            say(
                self.tr(
                    "Blank survey card {number}: find its payer, then enter the card "
                    "(Esc in the search field puts the card aside)"
                ).format(number=number)
            )
            self.focus_search()
            return
        say(self.tr("Survey card {number}").format(number=number))
        self.load_payer(
            card.payer_code, on_refused=lambda message: self._card_payer_refused(number, message)
        )

    def _card_payer_refused(self, number: str, message: str) -> None:
        if self.pending_card is not None and self.pending_card.number == number:
            self.pending_card = None
        self.show_message(message)

    def drop_pending_card(self) -> None:
        """Esc in the search field: the scanned card no longer waits for a payer."""
        dropped = self._put_aside()
        if dropped:
            self.show_message(dropped)

    def _put_aside(self) -> str:
        """Forget the card waiting for its payer; the words saying so ("" if none)."""
        card, self.pending_card = self.pending_card, None
        if card is None:
            return ""
        return self.tr("Survey card {number} put aside: scan it again to enter it.").format(
            number=card.number
        )

    def _step_tab(self, step: int) -> None:
        """The payer's tabs while a payer is open on the Payer tab, else the top tabs."""
        on_payer = self.tabs.currentIndex() == 0 and self.stack.currentWidget() is self.payer_tabs
        tabs = self.payer_tabs if on_payer else self.tabs
        tabs.setCurrentIndex((tabs.currentIndex() + step) % tabs.count())
        current = tabs.currentWidget()
        # The keys go with the tab: to its first field, in its own Tab order.
        first = current.nextInFocusChain() if current is not None else None
        while first is not None and first is not current:
            if (
                current.isAncestorOf(first)
                and first.isVisible()
                and first.isEnabled()
                and (first.focusPolicy() & Qt.FocusPolicy.TabFocus)
            ):
                first.setFocus(Qt.FocusReason.TabFocusReason)
                return
            first = first.nextInFocusChain()

    def statement(self) -> None:
        if self.payer_code is not None:
            show_statement(self.info, self.payer_code)

    # --- dialogs, messages ----------------------------------------------------------

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self.message_payer = None

    def show_payer_message(self, text: str) -> None:
        """A result about the payer shown (contacts saved...): cleared when another opens."""
        self.show_message(text)
        self.message_payer = self.payer_code

    def _environment_error(self, error: BaseException) -> None:
        title, advice = describe_environment_error(error)
        self.show_message(f"{title} {advice}")

    # --- actions and texts --------------------------------------------------------------

    def _action(self, key: str, slot: object) -> QAction:
        action = QAction(self, shortcut=QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _update_actions(self) -> None:
        self.statement_action.setEnabled(self.payer_code is not None)

    def retranslate(self) -> None:
        self.search_action.setText(self.tr("Search (F2)"))
        self.statement_action.setText(self.tr("Statement (F7)"))
        self.tabs.setTabText(0, self.tr("&Payer"))
        self.tabs.setTabText(1, self.cards.title())
        self.tabs.setTabText(2, self.campaign.title())
        self.payer_tabs.setTabText(0, self.tr("Account"))
        for page in self.pages:
            self.payer_tabs.setTabText(self.payer_tabs.indexOf(page), page.title())
        self._welcome.setText(
            self.tr(
                "Scan a notice or a returned survey card, or type a subscriber number, payer "
                "code or a name and press Enter.\n\nF2 search · F7 statement · Ctrl+L lock"
            )
        )
        ctx = self.state.ctx
        self._who.setText("" if ctx is None else f"{ctx.full_name} · {ctx.desk_name}")
