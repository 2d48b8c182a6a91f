"""Screenshots of the cashier's screens, from a real window on a demo database.

    .venv/bin/desk demo --today 2026-11-22 --db /tmp/shots.sqlite
    xvfb-run -s "-screen 0 1366x768x24" .venv/bin/python \
        docs/screenshots/take_cashier_screenshots.py /tmp/shots.sqlite

The script drives the window with key events, as a cashier would, and grabs
the whole screen so that dialogs appear over the window. Nothing is printed:
receipts go to a temporary folder (there is no printer under Xvfb).
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QWidget

HERE = Path(__file__).resolve().parent
# The day the demo is made for (desk demo --today 2026-11-22), mid-morning.
CLOCK = datetime(2026, 11, 22, 10, 15)
COURT_PAYER = "1000007"  # the demo's showcase: overdue bills and a court case (order stage)


def main(db_path: Path) -> int:
    from desk.ui.app import start

    app = QApplication(sys.argv)
    window = start(app, db_path, language="bg")
    # start() opens the window as at a desk: on Xvfb's 1366×768 screen, all of it.
    cashier = window.cashier
    cashier.state.clock = lambda: CLOCK
    cashier.panel.receipts.folder = Path(tempfile.mkdtemp(prefix="desk-receipts-"))
    panel = cashier.panel

    def wait(condition: Callable[[], bool], seconds: float = 20) -> None:
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
        QApplication.primaryScreen().grabWindow(0).save(str(HERE / f"cashier_{name}.png"))
        print("saved", name)

    def dialog(kind: str) -> QDialog:
        wait(lambda: any(type(d).__name__ == kind and d.isVisible() for d in panel.dialogs))
        found = [d for d in panel.dialogs if type(d).__name__ == kind][-1]
        wait(lambda: found.isActiveWindow() or True)
        return found

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

    window.activateWindow()
    wait(lambda: cashier.overlay.isVisible())
    QTest.keyClicks(cashier.overlay.username, "kasier1")
    key(cashier.overlay.username, Qt.Key.Key_Return)
    QTest.keyClicks(cashier.overlay.password, "desk1234")
    shot("login")
    key(cashier.overlay.password, Qt.Key.Key_Return)

    opening = dialog("OpenShiftDialog")
    QTest.keyClicks(opening.opening_float, "150")  # the float: 15000 cents below
    shot("shift_open")
    key(opening.opening_float, Qt.Key.Key_Return)
    wait(lambda: cashier.state.shift is not None and not panel.dialogs)

    type_text(panel.search.field, "петров мл")
    key(panel.search.field, Qt.Key.Key_Return)
    wait(lambda: panel.stack.currentWidget() is panel.search.results)
    shot("search_results")

    key(panel.search.field, Qt.Key.Key_F2)
    QTest.keyClicks(panel.search.field, COURT_PAYER)
    key(panel.search.field, Qt.Key.Key_Return)
    wait(lambda: panel.stack.currentWidget() is panel.account and panel.account.model.rowCount())
    shot("account")

    key(panel.account.view, Qt.Key.Key_F5)
    tender = dialog("TenderDialog")
    due = panel.account.quote.totals.to_pay if panel.account.quote else None
    handed = (due.cents // 5000 + 1) * 50 if due else 100
    QTest.keyClicks(tender.cash, str(handed))
    shot("tender")
    key(tender.cash, Qt.Key.Key_Return)

    preview = dialog("ReceiptPreview")
    wait(lambda: preview.document.pageCount() > 0)
    shot("receipt_preview")
    key(preview, Qt.Key.Key_Return)
    wait(lambda: not panel.dialogs)

    key(panel.account.view, Qt.Key.Key_F8)
    history = dialog("HistoryDialog")
    wait(lambda: history.model.rowCount() > 0)
    shot("history")

    key(history.table, Qt.Key.Key_F9)
    void = dialog("VoidDialog")
    type_text(void.reason, "грешна сума в брой")
    key(void.reason, Qt.Key.Key_Return)
    QTest.keyClicks(void.supervisor, "nachalnik")
    key(void.supervisor, Qt.Key.Key_Return)
    QTest.keyClicks(void.password, "desk1234")
    shot("void")
    key(void, Qt.Key.Key_Escape)
    key(history, Qt.Key.Key_Escape)
    wait(lambda: not panel.dialogs)

    key(panel.account.view, Qt.Key.Key_F12)
    closing = dialog("CloseShiftDialog")
    # The drawer holds the float and the cash kept, less a 10-cent coin gone
    # missing: typed note by note (Enter goes on), the difference follows.
    left = 15000 + (due.cents if due else 0) - 10
    for cents, box in closing.boxes.items():
        if left // cents:
            QTest.keyClicks(box, str(left // cents))
        left %= cents
        key(box, Qt.Key.Key_Return)
    shot("shift_close")
    key(closing, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait(lambda: closing.result_shift is not None)
    shot("shift_closed")
    key(closing, Qt.Key.Key_F6)
    z_report = dialog("ReceiptPreview")
    wait(lambda: z_report.document.pageCount() > 0)
    shot("z_report")
    key(z_report, Qt.Key.Key_Return)
    wait(lambda: panel.dialogs[-1] is closing)
    key(closing, Qt.Key.Key_Return)
    wait(lambda: not panel.dialogs)

    cashier.lock()
    shot("locked")

    window.tasks.wait_for_done()
    window.close_database()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/shots.sqlite")))
