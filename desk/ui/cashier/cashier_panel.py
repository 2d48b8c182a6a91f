"""The cashier's panel: who and which shift at the top, one search field, then
the search results or the account, and F-keys for everything.

F2 search · F4 open shift · F5 pay · F8 history · F9 void · F12 close shift (F6 there:
the X-report while counting, the Z-report once closed).
Every dialog opens through ``open_dialog`` (window-modal, no nested event
loop), so the idle lock can hide it and bring it back, and a test can answer it.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desk.messages import when
from desk.services.lookup import Hit
from desk.services.shifts import HeldShift, ShiftInfo, current_shift
from desk.ui.account.account_panel import AccountPanel, OpenedAccount, read_account
from desk.ui.account.search_panel import SearchPanel
from desk.ui.cashier.payment_flow import PaymentFlow
from desk.ui.cashier.shift_close import CloseShiftDialog
from desk.ui.cashier.shift_open import OpenShiftDialog
from desk.ui.environment import describe_environment_error
from desk.ui.i18n import Retranslating
from desk.ui.kit.dialog_host import DialogHost
from desk.ui.kit.formatting import money_text
from desk.ui.kit.receipt_output import Receipts
from desk.ui.kit.session import DeskState
from desk.ui.kit.widgets import set_style_property
from desk.ui.plain_text import DataLabel
from desk.ui.style import named


class CashierPanel(DialogHost, Retranslating, QWidget):
    def __init__(self, state: DeskState, dialog_parent: QWidget) -> None:
        super().__init__()
        self.setObjectName("cashierPanel")
        self.state = state
        state.on_environment_error = self._environment_error
        self.dialog_parent = dialog_parent
        self.dialogs: list[QDialog] = []
        self.receipts = Receipts(state, self.open_dialog, dialog_parent)
        self.receipts.message.connect(self.show_message)

        self._who = DataLabel(objectName="cashierWho")
        # Wraps: a long line (whose shift holds the desk) must not widen the window.
        self._shift = DataLabel(objectName="shiftState", wordWrap=True)
        self.search = SearchPanel(state)
        self.search.open_hit.connect(self.open_hit)
        self.search.results_ready.connect(lambda: self.stack.setCurrentWidget(self.search.results))
        self.search.search_started.connect(self._search_started)
        self.search.edited.connect(self._search_edited)
        # Each search or reset starts a new generation: an account read for an older one,
        # arriving late, is dropped rather than shown (issue 13 point 1).
        self._generation = 0
        self._opened_for: str | None = None  # the search text the shown account came from
        # Enter, then F5 before the account is on screen (a cashier's hands run ahead of
        # the worker): the F5 waits for that account instead of being dropped.
        self._awaiting = False
        self._pay_when_shown = False
        self._held: HeldShift | None = None  # another's shift open here, as last read
        self.search.settled.connect(self._search_settled)
        self.account = AccountPanel()
        self._welcome = DataLabel(objectName="welcome", alignment=Qt.AlignmentFlag.AlignCenter)
        self._welcome.setWordWrap(True)
        self.stack: QStackedWidget = named(QStackedWidget(), "cashierStack")
        for page in (self._welcome, self.search.results, self.account):
            self.stack.addWidget(page)
        self.message = DataLabel(objectName="deskMessage", wordWrap=True)
        self.message.hide()
        self.flow = PaymentFlow(self, state, dialog_parent, parent=self)

        self.search_action = self._action("F2", self.focus_search)
        self.open_shift_action = self._action("F4", self.open_shift)
        self.pay_action = self._action("F5", self.flow.pay)
        self.history_action = self._action("F8", self.flow.history)
        self.void_action = self._action("F9", lambda: self.flow.history(void_first=True))
        self.close_shift_action = self._action("F12", self.close_shift)

        who = QVBoxLayout()
        who.setSpacing(0)
        who.addWidget(self._who)
        who.addWidget(self._shift)
        top = QHBoxLayout()
        top.addLayout(who, 1)
        shift_buttons = [self._button(a) for a in (self.open_shift_action, self.close_shift_action)]
        account_buttons = [
            self._button(a) for a in (self.history_action, self.void_action, self.pay_action)
        ]
        for button in shift_buttons:
            top.addWidget(button)
        for button in account_buttons:
            self.account.buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 12, 20, 12)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addWidget(self.search)
        layout.addWidget(self.message)
        layout.addWidget(self.stack, 1)
        # Tab goes where the work goes: search, results, items, pay, then the rest.
        history, void, pay = account_buttons
        chain = [self.search.field, self.search.results, self.account.view, pay, history, void]
        chain += shift_buttons
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        self.retranslate()
        self._update_actions()

    # --- the day ----------------------------------------------------------------

    def start(self) -> None:
        """Someone logged in: their shift is read, and opened first if there is none."""
        self.reset()
        database, ctx = self.state.db, self.state.user
        self.state.run(lambda: current_shift(database, ctx), self._shift_read, self.show_message)
        self.focus_search()

    def reset(self) -> None:
        for dialog in list(self.dialogs):
            dialog.done(QDialog.DialogCode.Rejected)
        self._put_account_away(clear_message=True)
        self.search.reset()
        self._held = None
        self.show_message("")
        self.retranslate()

    def _put_account_away(self, *, clear_message: bool = False) -> None:
        """No account on screen and none payable; answers for it still on their way drop.

        A new search also clears the line about the last payer (its receipt, its change)."""
        self._generation += 1
        self._opened_for = None
        self._awaiting = self._pay_when_shown = False
        self.account.clear()
        self.stack.setCurrentWidget(self._welcome)
        if clear_message:
            self.show_message("")
        self._update_actions()

    def _search_started(self) -> None:
        self._put_account_away(clear_message=True)
        self._awaiting = True
        self._update_actions()

    def _search_settled(self) -> None:
        self._awaiting = self._pay_when_shown = False
        self._update_actions()

    def pay_when_shown(self) -> bool:
        """F5 while the account asked for is still on its way: remember it. True if so."""
        if self._awaiting and self.account.account is None:
            self._pay_when_shown = True
            return True
        return False

    def _search_edited(self, text: str) -> None:
        if self.account.account is not None and text.strip() != self._opened_for:
            self._put_account_away()

    @property
    def shown_account(self) -> OpenedAccount | None:
        """The account in the account view (None once it is put away); ``account_shown``
        also asks that it be on screen for what the search field reads."""
        return self.account.account

    @property
    def former_holder_shown(self) -> bool:
        return self.account.card.former_holder

    def show_receipt(self, payment_id: str, *, copy: bool = False, void: bool = False) -> None:
        self.receipts.show(payment_id, copy=copy, void=void)

    @property
    def account_shown(self) -> bool:
        """An account is on screen, found by what the search field reads now."""
        return (
            self.account.account is not None
            and self.stack.currentWidget() is self.account
            and self.search.field.text().strip() == self._opened_for
        )

    def _shift_read(self, shift: ShiftInfo | None) -> None:
        self.state.shift = shift
        self.shift_changed()
        if shift is None and self.state.may_take_payments:
            self.open_shift()

    def shift_changed(self, *_: object) -> None:
        self.retranslate()
        self._update_actions()

    def open_shift(self) -> None:
        if self.state.shift is not None or not self.state.may_take_payments:
            return
        if any(isinstance(dialog, OpenShiftDialog) for dialog in self.dialogs):
            return  # the one opened at login is still up
        dialog = OpenShiftDialog(self.state, self.dialog_parent)
        dialog.opened.connect(self.shift_changed)
        dialog.close_held.connect(self.close_held_shift)
        dialog.held_known.connect(self._held_known)
        self.open_dialog(dialog)

    def _held_known(self, held: HeldShift | None) -> None:
        self._held = held
        self.retranslate()

    def close_held_shift(self, held: HeldShift, reason: str) -> None:
        """A supervisor counts and closes the shift a cashier left open at this desk."""
        dialog = CloseShiftDialog(self.state, self.dialog_parent, held=held, reason=reason)
        dialog.closed.connect(lambda _shift: self._held_known(None))
        dialog.closed.connect(self.shift_changed)
        dialog.report_requested.connect(self.receipts.show_shift_report)
        self.open_dialog(dialog)

    def close_shift(self) -> None:
        if self.state.shift is None:
            return
        dialog = CloseShiftDialog(self.state, self.dialog_parent)
        dialog.closed.connect(self.shift_changed)
        dialog.report_requested.connect(self.receipts.show_shift_report)
        self.open_dialog(dialog)

    def focus_search(self) -> None:
        self.search.focus_field()

    def open_hit(self, hit: Hit) -> None:
        self._opened_for = self.search.searched
        self._awaiting = True
        self.load_account(hit.payer_code, hit)

    def load_account(self, payer_code: str, hit: Hit | None = None) -> None:
        """Read the account (again, after a payment or a void) for the search in hand."""
        database, on, generation = self.state.db, self.state.today(), self._generation

        def work() -> OpenedAccount:
            return read_account(database, payer_code, on, hit)

        def read(account: OpenedAccount) -> None:
            if generation == self._generation:
                self._account_read(account)

        def refused(message: str) -> None:
            if generation == self._generation:
                self._awaiting = self._pay_when_shown = False
                self._update_actions()
                self.show_message(message)

        self.state.run(work, read, refused)

    def _account_read(self, account: OpenedAccount) -> None:
        pay = self._pay_when_shown
        self._awaiting = self._pay_when_shown = False
        if self.search.field.text().strip() != self._opened_for:
            self._update_actions()
            return  # typed over while it was read: not the account the field now asks for
        self.stack.setCurrentWidget(self.account)  # first: a hidden view takes no focus
        self.account.show_account(account)
        self._update_actions()
        if pay:
            self.flow.pay()

    # --- dialogs, messages, lock --------------------------------------------------

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _environment_error(self, error: BaseException) -> None:
        title, advice = describe_environment_error(error)
        self.show_message(f"{title} {advice}")

    # --- actions and texts --------------------------------------------------------

    def _action(self, key: str, slot: object) -> QAction:
        action = QAction(self, shortcut=QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _button(self, action: QAction) -> QToolButton:
        button = named(QToolButton(), "keyButton")
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        return button

    def _update_actions(self) -> None:
        shift, paying = self.state.shift, self.state.may_take_payments
        has_account = self.account_shown
        self.open_shift_action.setEnabled(paying and shift is None)
        self.close_shift_action.setEnabled(shift is not None)
        self.pay_action.setEnabled(paying and shift is not None and (has_account or self._awaiting))
        self.history_action.setEnabled(has_account)
        self.void_action.setEnabled(paying and shift is not None and has_account)

    def retranslate(self) -> None:
        self.search_action.setText(self.tr("Search (F2)"))
        self.open_shift_action.setText(self.tr("Open shift (F4)"))
        self.pay_action.setText(self.tr("Pay (F5)"))
        self.history_action.setText(self.tr("History (F8)"))
        self.void_action.setText(self.tr("Void (F9)"))
        self.close_shift_action.setText(self.tr("Close shift (F12)"))
        self._welcome.setText(
            self.tr(
                "Scan a notice or type a subscriber number, payer code, invoice number or a "
                "name and press Enter.\n\nF2 search · F5 pay · F8 history · F9 void · "
                "F12 close shift · Ctrl+L lock"
            )
        )
        ctx, shift = self.state.ctx, self.state.shift
        self._who.setText("" if ctx is None else f"{ctx.full_name} · {ctx.desk_name}")
        set_style_property(self._shift, "open", shift is not None)
        if shift is None and self._held is not None and ctx is not None:
            self._shift.setText(
                self.tr(
                    "{name}'s shift is open at this desk since {since}: no payments (F4)"
                ).format(name=self._held.full_name, since=when(self._held.opened_at))
            )
        elif shift is None:
            self._shift.setText(self.tr("No open shift: payments need one (F4)"))
        else:
            self._shift.setText(
                self.tr("Shift open since {time}, float {amount}").format(
                    time=f"{shift.opened_at:%H:%M}", amount=money_text(shift.opening_float)
                )
            )
