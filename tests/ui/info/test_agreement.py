"""Agreement: a clerk agrees a schedule for two overdue bills and prints it; then a
cashier, in the same window, takes the first installment."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desk.models.tables import Agreement, AgreementInstallment, Allocation
from desk.ui.cashier.receipt_preview import ReceiptPreview
from desk.ui.cashier.tender_dialog import TenderDialog
from desk.ui.info.agreement_page import AgreementPage
from desk.ui.main_window import MainWindow
from tests.printing_helpers import pdf_text
from tests.ui.cashier import steps as cashier
from tests.ui.cashier.steps import Printed, plain
from tests.ui.info.steps import enter, info_panel, open_payer, wait_dialog

WARNED = "4000000127"  # bills 0000000005 (40.00) and 0000000006 (35.00), overdue
AGREEMENT = "AG-IC1-20261122-1"


def open_agreement_page(qtbot: QtBot, window: MainWindow, payer_code: str) -> AgreementPage:
    panel = info_panel(window)
    open_payer(qtbot, window, payer_code)
    panel.payer_tabs.setCurrentWidget(panel.agreement)
    page = panel.agreement
    qtbot.waitUntil(lambda: page.isEnabled() and page.offer is not None)
    return page


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
    assert "по-малка от общата сума" in page.problems["първоначална вноска"].text()
    assert page.schedule.rowCount() == 0
    page.down_payment.clear()
    assert not page.problems["първоначална вноска"].isVisible()
    assert page.schedule.rowCount() == 3

    page.months.setFocus()
    enter(qtbot, page.months)  # Enter saves
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
    enter(qtbot, page.down_payment)
    assert "изберете поне едно задължение" in page.items_problem.text()
    assert page.view.hasFocus()
    assert documents.names == []
