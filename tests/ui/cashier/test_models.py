"""The cashier's table models pass pytest-qt's model tester, with real rows."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desk.models.db import Database
from desk.money import Money
from desk.services.account_view import payment_history
from desk.services.checkout import open_checkout
from desk.services.lookup import search
from desk.ui.account.items_view import ItemsView
from desk.ui.account.models import (
    DISCOUNT,
    REASON,
    TICK,
    TO_PAY,
    HitsModel,
    ItemsModel,
)
from desk.ui.cashier.models import PaymentsModel
from desk.ui.i18n import Translations
from tests.desk_fixtures import PAYER

ON = date(2026, 11, 22)


def test_search_hits(qtmodeltester: ModelTester, day_db: Database) -> None:
    model = HitsModel()
    model.set_rows(list(search(day_db, "1000001", ON).hits))
    qtmodeltester.check(model)
    assert model.rowCount() == 1
    assert model.text(0, 0) == PAYER


def test_open_items_with_ticks_and_amounts(
    qtmodeltester: ModelTester, day_db: Database, translations: Translations
) -> None:
    checkout = open_checkout(day_db, PAYER, ON)
    model = ItemsModel()
    model.set_rows(list(checkout.quote.items))
    ticks: list[tuple[str, bool]] = []
    amounts: list[tuple[str, Money | None]] = []
    model.toggled.connect(lambda key, on: ticks.append((key, on)))
    model.amount_typed.connect(lambda key, amount: amounts.append((key, amount)))
    qtmodeltester.check(model)

    tick = model.index(0, TICK)
    assert tick.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert tick.flags() & Qt.ItemFlag.ItemIsUserCheckable
    assert model.setData(tick, Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    amount = model.index(0, TO_PAY)
    assert amount.data(Qt.ItemDataRole.EditRole) == "93,46"
    assert model.setData(amount, "40,5", Qt.ItemDataRole.EditRole)
    assert not model.setData(amount, "four", Qt.ItemDataRole.EditRole)
    assert ticks == [("0000000003", False)]
    assert amounts == [("0000000003", Money(4050))]

    model.set_quote(checkout.toggle("0000000003", False))
    qtmodeltester.check(model)
    assert model.text(0, TO_PAY) == ""


def test_payment_history(qtmodeltester: ModelTester, day_db: Database) -> None:
    model = PaymentsModel(desk_id=1, desk_code="K1")
    model.set_rows(list(payment_history(day_db, PAYER)))
    qtmodeltester.check(model)
    assert model.rowCount() == 2
    assert model.text(0, 1) == "—"  # imported from billing: no receipt of this desk


def test_a_tick_announces_only_the_rows_it_changed(
    qtmodeltester: ModelTester, overdue_db: Database, translations: Translations
) -> None:
    checkout = open_checkout(overdue_db, "4000000044", ON)
    model = ItemsModel()
    model.set_rows(list(checkout.quote.items))
    keys = [model.key(row) for row in range(model.rowCount())]
    bill, installment = keys.index("0000000003"), keys.index("AG-4/3")
    changed: list[tuple[int, int, int, int]] = []
    model.dataChanged.connect(
        lambda first, last, _roles: changed.append(
            (first.row(), last.row(), first.column(), last.column())
        )
    )

    # Unticking the current bill changes nothing of the overdue installment.
    model.set_quote(checkout.toggle("0000000003", False))
    assert changed == [(bill, bill, TICK, TO_PAY)]

    # Ticked again, and the installment unticked: that takes the bill's 3% away.
    changed.clear()
    model.set_quote(checkout.toggle("0000000003", True))
    model.set_quote(checkout.toggle("AG-4/3", False))
    qtmodeltester.check(model)
    assert changed[0] == (bill, bill, TICK, TO_PAY)
    assert sorted(changed[1:]) == sorted(
        [(installment, installment, TICK, TO_PAY), (bill, bill, DISCOUNT, TO_PAY)]
    )
    assert model.text(bill, REASON) == "има просрочена сметка"


def test_the_columns_measured_once_still_fit_after_ticks(
    qtbot: QtBot, overdue_db: Database, translations: Translations
) -> None:
    checkout = open_checkout(overdue_db, "4000000044", ON)
    model = ItemsModel()
    view = ItemsView(model)
    qtbot.addWidget(view)
    view.resize(1200, 300)
    view.show()
    qtbot.waitExposed(view)
    model.set_rows(list(checkout.toggle("AG-4/3", False).items))  # no discount yet
    assert view.isColumnHidden(DISCOUNT)
    widths = [view.columnWidth(column) for column in range(model.columnCount())]

    model.set_quote(checkout.toggle("AG-4/3", True))  # the bill earns its 3%

    assert not view.isColumnHidden(DISCOUNT)
    fixed = [
        c for c in range(model.columnCount()) if c not in (DISCOUNT, REASON)
    ]  # REASON stretches
    assert [view.columnWidth(c) for c in fixed] == [widths[c] for c in fixed], "no re-measuring"
    for column in range(model.columnCount()):
        if column != REASON and not view.isColumnHidden(column):
            assert view.columnWidth(column) >= view.sizeHintForColumn(column), column
