"""Screenshots of the information desk, from a real window on a demo database.

    .venv/bin/desk demo --db /tmp/info_shots.sqlite
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
# The demo's "today" (desk.services.demo.DEFAULT_TODAY), mid-morning.
CLOCK = datetime(2026, 11, 22, 10, 15)
WARNING_PAYER = "1000005"  # the demo's property whose payer has a court case in `warning`


def main(db_path: Path) -> int:
    from desk.ui.app import start

    app = QApplication(sys.argv)
    window = start(app, db_path, language="bg")
    window.setGeometry(0, 0, 1366, 768)
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
        preview = dialog("ReceiptPreview")
        wait(lambda: preview.document.pageCount() > 0)
        shot(name)
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
    for page, name in ((panel.contacts, "contacts"), (panel.tenure, "tenure")):
        panel.payer_tabs.setCurrentWidget(page)
        shot(name)
    panel.payer_tabs.setCurrentWidget(panel.account)
    key(panel.search.field, Qt.Key.Key_F7)
    print_preview("statement")

    panel.payer_tabs.setCurrentWidget(panel.agreement)
    shot("agreement")
    panel.payer_tabs.setCurrentWidget(panel.plan)
    shot("plan")

    panel.tabs.setCurrentWidget(panel.cards)
    shot("cards")
    panel.tabs.setCurrentWidget(panel.campaign)
    shot("campaign")

    window.tasks.wait_for_done()
    window.close_database()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/info_shots.sqlite")))
