"""Screenshots of the information desk, from a real window on a demo database.

    .venv/bin/desk demo --today 2026-11-22 --db /tmp/info_shots.sqlite
    xvfb-run -s "-screen 0 1366x768x24" .venv/bin/python \
        docs/screenshots/take_info_screenshots.py /tmp/info_shots.sqlite

The clerk (sluzhitel) logs in and works as a person would, with key events;
the whole screen is grabbed so that dialogs appear over the window. What the
clerk prints is written to docs/printouts/ as PDF, with its first page as PNG.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pypdfium2
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QWidget

HERE = Path(__file__).resolve().parent
PRINTOUTS = HERE.parent / "printouts"
# The day the demo is made for (desk demo --today 2026-11-22), mid-morning.
CLOCK = datetime(2026, 11, 22, 10, 15)
WARNING_PAYER = "1000005"  # the demo's property whose payer has a court case in `warning`
GOOD_PAYER = "1000001"  # a payer in good standing, in no plan


def payer_without_a_card(db_path: Path) -> str:
    """The first payer (by code) in the demo with no survey card out: a pre-filled card
    for them is printed without the question a second card asks."""
    import sqlite3

    with sqlite3.connect(db_path) as connection:
        row = connection.execute(
            "SELECT payer_code FROM payer p WHERE NOT EXISTS (SELECT 1 FROM survey_card c "
            "WHERE c.payer_id = p.id AND c.returned_at IS NULL) ORDER BY payer_code LIMIT 1"
        ).fetchone()
    return str(row[0])


def read_card_number(pdf: Path) -> str:
    """The card number as a scanner reads it: the first 12-digit barcode on the page."""
    import zxingcpp

    document = pypdfium2.PdfDocument(pdf.read_bytes())
    image = document[0].render(scale=3).to_pil()
    document.close()
    return next(r.text for r in zxingcpp.read_barcodes(image) if len(r.text) == 12)


def main(db_path: Path) -> int:
    from desk.ui.app import start

    card_payer = payer_without_a_card(db_path)
    app = QApplication(sys.argv)
    window = start(app, db_path, language="bg")
    # start() opens the window as at a desk: on Xvfb's 1366×768 screen, all of it.
    desk = window.cashier
    desk.state.clock = lambda: CLOCK
    panel = desk.info
    printed: list[str] = []

    def save_printout(pdf: bytes, file_name: str) -> None:
        name = printout_names.pop(0) if printout_names else file_name
        (PRINTOUTS / f"{name}.pdf").write_bytes(pdf)
        document = pypdfium2.PdfDocument(pdf)
        document[0].render(scale=1.5).to_pil().save(PRINTOUTS / f"{name}.png")
        document.close()
        printed.append(name)
        print("printed", name)

    printout_names: list[str] = []
    panel.documents.output = save_printout  # type: ignore[method-assign]

    def wait(condition: Callable[[], bool], seconds: float = 30) -> None:
        end = time.monotonic() + seconds
        while not condition():
            if time.monotonic() > end:
                raise TimeoutError("the screen did not get there")
            app.processEvents()
            time.sleep(0.01)
        for _ in range(20):  # let layouts and repaints settle
            app.processEvents()
            time.sleep(0.005)

    def shot(name: str) -> None:
        wait(lambda: window.tasks.pending == 0)
        QApplication.primaryScreen().grabWindow(0).save(str(HERE / f"info_{name}.png"))
        print("saved", name)

    def dialog(kind: str) -> QDialog:
        wait(lambda: any(type(d).__name__ == kind and d.isVisible() for d in panel.dialogs))
        return [d for d in panel.dialogs if type(d).__name__ == kind][-1]

    def type_text(widget: QWidget, text: str) -> None:
        for char in text:
            QTest.sendKeyEvent(
                QTest.KeyAction.Click,
                widget,
                Qt.Key.Key_unknown,
                char,
                Qt.KeyboardModifier.NoModifier,
            )

    def key(widget: QWidget, code: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
        QTest.keyClick(widget, code, modifier)

    def print_preview(name: str) -> None:
        from desk.ui.kit.receipt_preview import ReceiptPreview

        wait(lambda: any(isinstance(d, ReceiptPreview) and d.isVisible() for d in panel.dialogs))
        preview = [d for d in panel.dialogs if isinstance(d, ReceiptPreview)][-1]
        wait(lambda: preview.document.pageCount() > 0)
        shot(f"{name}_preview")
        printout_names.append(name)
        key(preview, Qt.Key.Key_Return)
        wait(lambda: not panel.dialogs and name in printed)

    def open_payer(text: str) -> None:
        key(panel.search.field, Qt.Key.Key_F2)
        panel.search.field.clear()
        QTest.keyClicks(panel.search.field, text)
        key(panel.search.field, Qt.Key.Key_Return)
        wait(lambda: panel.stack.currentWidget() is panel.payer_tabs and panel.payer_code)

    window.activateWindow()
    wait(lambda: desk.overlay.isVisible())
    QTest.keyClicks(desk.overlay.username, "sluzhitel")
    key(desk.overlay.username, Qt.Key.Key_Return)
    QTest.keyClicks(desk.overlay.password, "desk1234")
    key(desk.overlay.password, Qt.Key.Key_Return)
    wait(lambda: window.panels.currentWidget() is panel)
    shot("welcome")

    open_payer(WARNING_PAYER)
    shot("account")
    key(panel.search.field, Qt.Key.Key_F7)
    print_preview("statement")

    # Contacts: a mistyped phone is named at once; a good one, an e-mail, Ctrl+S.
    contacts = panel.contacts
    panel.payer_tabs.setCurrentWidget(contacts)
    wait(lambda: contacts.isVisible())
    contacts.phone.setFocus()
    contacts.phone.clear()
    QTest.keyClicks(contacts.phone, "0888 12")
    shot("contacts_problem")
    contacts.phone.clear()
    QTest.keyClicks(contacts.phone, "0888 123 456")
    contacts.email.clear()
    QTest.keyClicks(contacts.email, "k.boykov@example.bg")
    key(contacts.phone, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait(lambda: contacts.model.rowCount() > 0)
    contacts.history.setFocus()  # the form scrolls down to the history of changes
    shot("contacts")

    panel.payer_tabs.setCurrentWidget(panel.tenure)
    shot("tenure")

    # An agreement for the three oldest overdue bills, in 6 installments.
    agreement = panel.agreement
    panel.payer_tabs.setCurrentWidget(agreement)
    wait(lambda: agreement.model.rowCount() > 0)
    agreement.view.setFocus()
    for _ in range(3):
        key(agreement.view, Qt.Key.Key_Space)
        key(agreement.view, Qt.Key.Key_Down)
    agreement.months.setFocus()
    agreement.months.selectAll()
    QTest.keyClicks(agreement.months, "6")
    wait(lambda: agreement.schedule.rowCount() > 0)
    shot("agreement")
    key(agreement.months, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    print_preview("agreement")

    # The equal-installment plan, for a payer in good standing.
    open_payer(GOOD_PAYER)
    plan = panel.plan
    panel.payer_tabs.setCurrentWidget(plan)
    wait(lambda: plan.property_combo.count() > 0)
    plan.estimate.setFocus()
    QTest.keyClicks(plan.estimate, "960")
    shot("plan")
    key(plan.estimate, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    print_preview("plan_confirmation")

    # Survey cards: one pre-filled, printed, then scanned back at the search field.
    cards = panel.cards
    panel.tabs.setCurrentWidget(cards)
    cards.payer_field.setFocus()
    QTest.keyClicks(cards.payer_field, card_payer)
    shot("cards")
    cards.print_pre_filled()
    print_preview("survey_card")
    number = read_card_number(PRINTOUTS / "survey_card.pdf")
    cards.blank_count.setValue(1)
    cards.print_blank()
    print_preview("survey_card_blank")
    key(panel.search.field, Qt.Key.Key_F2)
    panel.search.field.clear()
    QTest.keyClicks(panel.search.field, number)
    key(panel.search.field, Qt.Key.Key_Return)
    wait(lambda: panel.payer_tabs.currentWidget() is contacts and contacts.card_number == number)
    contacts.address.setFocus()
    type_text(contacts.address, "София 1404, ул. „Гоце Делчев“ 5")
    shot("card_scanned")
    before = contacts.model.rowCount()
    key(contacts.address, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait(lambda: contacts.card_number is None and contacts.model.rowCount() > before)
    contacts.history.setFocus()  # the history line that names the card
    shot("card_entered")

    panel.tabs.setCurrentWidget(panel.campaign)
    wait(lambda: panel.campaign.model.rowCount() > 0)
    shot("campaign")

    window.tasks.wait_for_done()
    window.close_database()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/info_shots.sqlite")))
