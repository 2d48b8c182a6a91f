"""Agreement: a clerk agrees a schedule for two overdue bills and prints it; then a
cashier, in the same window, takes the first installment."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from desk.models.tables import Agreement, AgreementInstallment, Allocation
from desk.money import Money
from desk.services.agreements import DOWN_PAYMENT, create_agreement
from desk.services.context import DeskContext
from desk.services.payments import Tender, take_payment
from desk.services.shifts import open_shift
from desk.services.users import DEMO_PASSWORD, log_in
from desk.ui.cashier.tender_dialog import TenderDialog
from desk.ui.info.agreement_page import AgreementPage
from desk.ui.kit.receipt_preview import ReceiptPreview
from desk.ui.main_window import MainWindow
from tests.desk_fixtures import NOON
from tests.printing_helpers import pdf_text
from tests.ui.cashier import steps as cashier
from tests.ui.cashier.steps import Printed, plain
from tests.ui.info.steps import enter, info_panel, open_payer, top_dialog, wait_dialog

WARNED = "4000000127"  # bills 0000000005 (40.00) and 0000000006 (35.00), overdue
AGREEMENT = "AG-IC1-20261122-1"


def open_agreement_page(qtbot: QtBot, window: MainWindow, payer_code: str) -> AgreementPage:
    panel = info_panel(window)
    open_payer(qtbot, window, payer_code)
    panel.payer_tabs.setCurrentWidget(panel.agreement)
    page = panel.agreement
    qtbot.waitUntil(lambda: page.isEnabled() and page.offer is not None)
    return page


def save(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.keyClick(widget, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def agreements(window: MainWindow) -> int:
    with window.cashier.state.db.read() as session:
        return session.scalar(select(func.count()).select_from(Agreement)) or 0


def user(window: MainWindow, username: str, desk: str) -> DeskContext:
    result, ctx = log_in(window.cashier.state.db, username, DEMO_PASSWORD, desk, NOON)
    assert result.ok and ctx is not None
    return ctx


def tick_both(qtbot: QtBot, page: AgreementPage) -> None:
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_Space)
    qtbot.keyClick(page.view, Qt.Key.Key_Down)
    qtbot.keyClick(page.view, Qt.Key.Key_Space)
    assert page.model.ticked == {"0000000005", "0000000006"}


def set_spin(qtbot: QtBot, spin: object, digits: str) -> None:
    assert hasattr(spin, "selectAll")
    spin.setFocus()  # type: ignore[attr-defined]
    spin.selectAll()
    qtbot.keyClicks(spin, digits)  # type: ignore[arg-type]


def test_a_clerk_agrees_a_schedule_and_a_cashier_takes_an_installment(
    qtbot: QtBot, info_window: Callable[[str], MainWindow], documents: Printed
) -> None:
    window = info_window("court_case_and_final_warning")
    panel = info_panel(window)
    page = open_agreement_page(qtbot, window, WARNED)
    model = page.model
    assert [model.key(r) for r in range(model.rowCount())] == ["0000000005", "0000000006"]
    assert page.schedule.rowCount() == 0

    # Space ticks the first bill, Down, Space the second: the schedule follows.
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_Space)
    qtbot.keyClick(page.view, Qt.Key.Key_Down)
    qtbot.keyClick(page.view, Qt.Key.Key_Space)
    assert model.ticked == {"0000000005", "0000000006"}
    set_spin(qtbot, page.months, "3")
    assert page.months.value() == 3
    assert page.first_due.text() == "22.12.2026"  # today's day, next month
    schedule = [
        tuple(plain(page.schedule.text(r, c)) for c in range(3))
        for r in range(page.schedule.rowCount())
    ]
    assert schedule == [
        ("1", "22.12.2026", "25,00 €"),
        ("2", "22.01.2027", "25,00 €"),
        ("3", "22.02.2027", "25,00 €"),
    ]
    assert "75,00 €" in plain(page.total.text())

    # A down payment as large as the total is refused next to its field, live.
    qtbot.keyClick(page.months, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert page.down_payment.hasFocus()
    qtbot.keyClicks(page.down_payment, "75")
    assert "по-малка от общата сума" in page.problems[DOWN_PAYMENT].text()
    assert page.schedule.rowCount() == 0
    page.down_payment.clear()
    assert not page.problems[DOWN_PAYMENT].isVisible()
    assert page.schedule.rowCount() == 3

    # Enter moves field by field and saves nothing: the agreement binds the payer.
    page.down_payment.setFocus()
    enter(qtbot, page.down_payment)
    assert page.months.hasFocus()
    enter(qtbot, page.months)
    assert page.day.hasFocus()
    enter(qtbot, page.day)
    assert page.save_button.hasFocus()
    assert top_dialog(window, ReceiptPreview) is None and agreements(window) == 0
    save(qtbot, page.save_button)  # Ctrl+S saves
    preview = wait_dialog(qtbot, window, ReceiptPreview)
    assert AGREEMENT in preview.number  # the preview's title
    enter(qtbot, preview.print_button)
    assert documents.names == [AGREEMENT]
    text = " ".join(pdf_text(documents.pdfs[0]).split())
    assert "СПОРАЗУМЕНИЕ ЗА РАЗСРОЧЕНО ПЛАЩАНЕ" in text
    assert "Фактура 0000000005 1000012 2026-06 40,00 €" in text
    assert "3 22.02.2027 25,00 €" in text
    assert AGREEMENT in panel.message.text()
    # `changed`: the payer is read again; the bills are covered, nothing is left to agree.
    qtbot.waitUntil(lambda: page.offer is not None and page.offer.items == ())
    assert page.model.rowCount() == 0
    account_keys = [panel.account.model.key(r) for r in range(panel.account.model.rowCount())]
    assert account_keys == [f"{AGREEMENT}/{n}" for n in (1, 2, 3)]

    # The cashier logs in at the same window and takes the first installment.
    printed = Printed()
    window.cashier.panel.receipts.output = printed  # type: ignore[method-assign]
    window.cashier.log_out()
    cashier.log_in(qtbot, window, "kasier1")
    cashier.open_shift(qtbot, window, "100")
    cashier.open_account(qtbot, window, WARNED)
    desk = window.cashier.panel
    keys = [desk.account.model.key(r) for r in range(desk.account.model.rowCount())]
    assert keys == [f"{AGREEMENT}/1", f"{AGREEMENT}/2", f"{AGREEMENT}/3"]
    assert "0000000005" not in keys
    tender = cashier.press_pay(qtbot, window)
    assert isinstance(tender, TenderDialog)
    qtbot.keyClicks(tender.cash, "25")
    enter(qtbot, tender.cash)
    receipt = cashier.wait_dialog(qtbot, desk, ReceiptPreview)
    enter(qtbot, receipt.print_button)
    assert printed.names == [receipt.number]
    assert f"{AGREEMENT}/1" in pdf_text(printed.pdfs[0])
    qtbot.waitUntil(lambda: desk.account.model.rowCount() == 2)

    with window.cashier.state.db.read() as session:
        paid = session.execute(
            select(
                AgreementInstallment.agreement_id, AgreementInstallment.seq, Allocation.amount_cents
            ).join(Allocation, Allocation.installment_id == AgreementInstallment.id)
        ).all()
        assert [tuple(row) for row in paid] == [(AGREEMENT, 1, 2500)]
        assert session.scalars(select(Agreement.id)).all() == [AGREEMENT]


def test_saving_with_nothing_ticked_says_what_is_missing(
    qtbot: QtBot, info_window: Callable[[str], MainWindow], documents: Printed
) -> None:
    window = info_window("court_case_and_final_warning")
    page = open_agreement_page(qtbot, window, "4000000119")
    assert [page.model.key(r) for r in range(page.model.rowCount())] == ["CC-11"]
    page.down_payment.setFocus()
    save(qtbot, page.down_payment)
    assert "изберете поне едно задължение" in page.items_problem.text()
    assert page.view.hasFocus()
    assert documents.names == []


def test_tab_leaves_the_items_for_the_down_payment(
    qtbot: QtBot, info_window: Callable[[str], MainWindow], documents: Printed
) -> None:
    window = info_window("court_case_and_final_warning")
    page = open_agreement_page(qtbot, window, WARNED)
    page.view.setFocus()
    assert page.view.currentIndex().row() == 0
    qtbot.keyClick(page.view, Qt.Key.Key_Space)  # Space still ticks
    assert page.model.ticked == {"0000000005"}
    qtbot.keyClick(page.view, Qt.Key.Key_Tab)
    assert page.down_payment.hasFocus()
    qtbot.keyClick(page.down_payment, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert page.view.hasFocus()
    assert not page.schedule_view.tabKeyNavigation()


def test_a_payment_taken_after_the_schedule_was_shown_stops_the_save(
    qtbot: QtBot, info_window: Callable[[str], MainWindow], documents: Printed
) -> None:
    window = info_window("court_case_and_final_warning")
    page = open_agreement_page(qtbot, window, WARNED)
    tick_both(qtbot, page)
    assert "75,00 €" in plain(page.total.text())
    # Meanwhile a cashier at a pay desk takes 10.00 off the older bill.
    cashier = user(window, "kasier1", "K1")
    db = window.cashier.state.db
    open_shift(db, cashier, Money(0), NOON)
    take_payment(
        db,
        cashier,
        WARNED,
        {"0000000005": Money(1000)},
        Tender(cash=Money(1000)),
        Money(1000),
        NOON,
    )

    save(qtbot, page.down_payment)
    qtbot.waitUntil(lambda: "сумата се промени" in page.problem.text())
    assert "75,00 € → 65,00 €, прегледайте графика" in plain(page.problem.text())
    assert agreements(window) == 0 and top_dialog(window, ReceiptPreview) is None
    # The items are read again, still ticked: the schedule shows the new total.
    qtbot.waitUntil(lambda: "65,00 €" in plain(page.total.text()))
    assert page.model.ticked == {"0000000005", "0000000006"}
    assert plain(page.model.text(0, 5)) == "30,00 €"

    save(qtbot, page.down_payment)
    preview = wait_dialog(qtbot, window, ReceiptPreview)
    assert AGREEMENT in preview.number
    enter(qtbot, preview.print_button)
    assert "Общо 65,00 €" in " ".join(pdf_text(documents.pdfs[0]).split())


def test_a_breached_agreement_is_said_so(
    qtbot: QtBot, info_window: Callable[[str], MainWindow], documents: Printed
) -> None:
    window = info_window("court_case_and_final_warning")
    # Signed on 01.09.2026 and never paid: breached 30 days after 10.09, from 11.10.
    done = create_agreement(
        window.cashier.state.db,
        user(window, "sluzhitel", "IC1"),
        WARNED,
        ["0000000005", "0000000006"],
        None,
        2,
        10,
        datetime(2026, 9, 1, 12, 0),
    )
    page = open_agreement_page(qtbot, window, WARNED)
    assert page.offer is not None and page.offer.items == ()
    assert page.breached.isVisible()
    text = plain(page.breached.text())
    assert done.id in text and "11.10.2026" in text and "75,00 €" in text
    # A payer without one is told nothing of the kind.
    other = open_agreement_page(qtbot, window, "4000000119")
    assert other.offer is not None and other.offer.payer_code == "4000000119"
    assert not other.breached.isVisible()


def test_the_saved_agreements_line_goes_when_another_payer_opens(
    qtbot: QtBot, info_window: Callable[[str], MainWindow], documents: Printed
) -> None:
    window = info_window("court_case_and_final_warning")
    panel = info_panel(window)
    page = open_agreement_page(qtbot, window, WARNED)
    tick_both(qtbot, page)
    set_spin(qtbot, page.months, "3")
    save(qtbot, page.view)
    enter(qtbot, wait_dialog(qtbot, window, ReceiptPreview).print_button)
    qtbot.waitUntil(lambda: AGREEMENT in panel.message.text())

    open_payer(qtbot, window, "4000000119")  # the next payer at the counter

    assert panel.message.text() == "" and not panel.message.isVisible()
