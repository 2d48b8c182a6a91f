"""The tender dialog says what the payment service will do before Enter (issue 13, point 7):
a card gives no change, so a card over what is due is refused in the service's words as it
is typed, no change or credit is offered for it, and every amount is in the locale's format."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from desk.models.tables import Payment
from desk.money import Money
from desk.services.payments import Tender, settle, tender_outcome
from desk.services.problems import UserError
from desk.ui.main_window import MainWindow
from tests.ui.cashier.steps import at_the_account, enter, plain, press_pay, wait_closed

CARD_OVER_BG = (
    "с карта: най-много 93,46 €, картата не дава ресто; "
    "намалете сумата с карта или доплатете в брой"
)


def payments(window: MainWindow) -> int:
    with window.cashier.state.db.read() as session:
        return session.scalar(select(func.count()).select_from(Payment)) or 0


def fully_shown(label: object) -> bool:
    """Visible, wrapped, and as tall as its text needs at its width: nothing cut off."""
    from PySide6.QtWidgets import QLabel

    assert isinstance(label, QLabel)
    return (
        label.isVisible()
        and label.wordWrap()
        and label.height() >= label.heightForWidth(label.width())
        and label.width() >= label.minimumSizeHint().width()
    )


def test_a_card_over_the_amount_due_is_refused_before_enter_in_the_services_words(
    qtbot: QtBot, desk_window: MainWindow
) -> None:
    window, panel = desk_window, desk_window.cashier.panel
    window.resize(1366, 768)
    at_the_account(qtbot, window)  # 93,46 € due
    before = payments(window)
    tender = press_pay(qtbot, window)

    tender.card.setFocus()
    qtbot.keyClicks(tender.card, "100")
    # Said as typed, in the service's words, the amount as Bulgarian writes it.
    qtbot.waitUntil(lambda: plain(tender.problem.text()) == CARD_OVER_BG)
    qtbot.waitUntil(lambda: fully_shown(tender.problem))
    assert not tender.keep_credit.isVisible(), "no credit is offered for what is refused"
    assert not tender.change.isVisible()
    assert tender.frameGeometry().width() <= 1366 and tender.frameGeometry().height() <= 768

    enter(qtbot, tender.card)
    assert tender.isVisible() and not panel.flow.paying, "nothing was sent"
    assert plain(tender.problem.text()) == CARD_OVER_BG, "Enter says the same thing"
    assert tender.card.hasFocus() and tender.card.selectedText() == "100"

    # The card is lowered to what is due and the rest handed in cash: taken.
    qtbot.keyClicks(tender.card, "90")
    assert not tender.problem.isVisible()
    qtbot.keyClick(tender.card, Qt.Key.Key_Backtab)
    assert tender.cash.hasFocus()
    qtbot.keyClicks(tender.cash, "10")
    assert plain(tender.change.text()) == "Ресто: 6,54 €"
    assert plain(tender.keep_credit.text()) == "Рестото от 6,54 € остава като аванс"
    enter(qtbot, tender.cash)
    wait_closed(qtbot, panel, tender)
    qtbot.waitUntil(lambda: "K1-0000001" in panel.message.text())
    assert payments(window) == before + 1


def test_short_cash_is_said_with_amounts_in_the_locales_format(
    qtbot: QtBot, desk_window: MainWindow
) -> None:
    window, panel = desk_window, desk_window.cashier.panel
    at_the_account(qtbot, window)
    tender = press_pay(qtbot, window)
    qtbot.keyClicks(tender.cash, "50")
    assert plain(tender.change.text()) == "Още дължими: 43,46 €"
    enter(qtbot, tender.cash)
    assert tender.isVisible() and not panel.flow.paying
    assert plain(tender.problem.text()) == (
        "в брой: подадени 50,00 €, дължими 93,46 €; не достигат 43,46 €"
    )


@pytest.mark.parametrize(
    ("tender", "due", "credit", "words"),
    [
        (Tender(card=Money(4000)), Money(3050), Money(0), "най-много 30,50 €"),
        (
            Tender(cash=Money(100), card=Money(100)),
            Money(123456),
            Money(0),
            "не достигат 1 232,56 €",
        ),
        (Tender(card=Money(3050)), Money(3050), Money(1000), "най-много 20,50 €"),
    ],
)
def test_the_service_refuses_exactly_what_the_dialog_shows(
    tender: Tender, due: Money, credit: Money, words: str
) -> None:
    outcome = tender_outcome(due, credit, tender)
    assert outcome.refusal is not None and words in plain(outcome.refusal.message.text("bg"))
    with pytest.raises(UserError) as refused:
        settle(due, credit, tender)
    assert refused.value.code == outcome.refusal.code
    assert refused.value.values == outcome.refusal.values


def test_the_refusal_reads_english_in_english() -> None:
    outcome = tender_outcome(Money(123456), Money(0), Tender(card=Money(200000)))
    assert outcome.refusal is not None
    english = outcome.refusal.message.text("en")
    assert english.startswith("by card: at most €1,234.56")


def test_an_overpayment_in_cash_is_change_or_credit_and_never_refused() -> None:
    outcome = tender_outcome(Money(3050), Money(0), Tender(cash=Money(4000)))
    assert outcome.refusal is None and outcome.change == Money(950)
    kept = tender_outcome(Money(3050), Money(0), Tender(cash=Money(4000), keep_overpayment=True))
    assert kept.refusal is None and kept.change == Money(0) and kept.credit_left == Money(950)


def test_the_tender_dialog_speaks_english_with_english_amounts(
    qtbot: QtBot, desk_window: MainWindow
) -> None:
    window = desk_window
    at_the_account(qtbot, window)
    window.language_actions["en"].trigger()
    panel = window.cashier.panel
    qtbot.waitUntil(lambda: panel.account.savings.text().startswith("Pay €93.46"))
    tender = press_pay(qtbot, window)
    tender.card.setFocus()
    qtbot.keyClicks(tender.card, "100")
    qtbot.waitUntil(lambda: tender.problem.isVisible())
    assert tender.problem.text() == (
        "by card: at most €93.46, a card gives no change; "
        "lower the card amount or pay the rest in cash"
    )
    qtbot.keyClick(tender, Qt.Key.Key_F3)  # all by card: typed as English writes it
    assert tender.card.text() == "93.46"
    assert tender.change.text() == "Change: €0.00" and not tender.problem.isVisible()
