"""Screenshots of the supervisor's panel, from a real window on a demo database
with a day worked at two pay desks through the real services.

    .venv/bin/desk demo --today 2026-11-22 --db /tmp/sup_shots.sqlite
    xvfb-run -s "-screen 0 1366x768x24" .venv/bin/python \
        docs/screenshots/take_supervisor_screenshots.py /tmp/sup_shots.sqlite

The day: kasier1 at K1 and kasier2 at K2 take two dozen payments (cash with
change and card, each the payer's default selection with its discounts),
the supervisor approves a void, K1 closes twenty cents short, K2 stays open.
Then nachalnik logs in, Ctrl+4, and each tab is shown.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

HERE = Path(__file__).resolve().parent
DAY = datetime(2026, 11, 22)  # the day the demo is made for (desk demo --today)
CLOCK = DAY.replace(hour=18, minute=5)


def at(hour: int, minute: int = 0) -> datetime:
    return DAY.replace(hour=hour, minute=minute)


def work_the_day(path: Path) -> None:
    from sqlalchemy import text

    from desk.models.db import open_database
    from desk.money import Money
    from desk.services.checkout import open_checkout
    from desk.services.payments import Tender, take_payment, void_payment
    from desk.services.shift_report import shift_expected
    from desk.services.shifts import DENOMINATIONS, close_shift, open_shift
    from desk.services.users import DEMO_PASSWORD, ensure_demo_users, log_in

    db = open_database(path)
    try:
        ensure_demo_users(db)
        desks = {}
        for user, desk, opened, float_ in (
            ("kasier1", "K1", at(8), "100.00"),
            ("kasier2", "K2", at(8, 30), "150.00"),
        ):
            result, ctx = log_in(db, user, DEMO_PASSWORD, desk, opened)
            assert ctx is not None, result.problem
            open_shift(db, ctx, Money.parse(float_), opened)
            desks[desk] = ctx
        with db.read() as session:
            codes = (
                session.execute(text("SELECT payer_code FROM payer ORDER BY id LIMIT 200"))
                .scalars()
                .all()
            )
        taken = []
        for code in codes:
            if len(taken) == 24:
                break
            checkout = open_checkout(db, code, DAY.date())
            due = checkout.quote.totals.to_pay
            if not due.positive or not checkout.selection:
                continue
            n = len(taken)
            ctx = desks["K1" if n % 2 == 0 else "K2"]
            when = at(9 + n // 3, (n * 13) % 60)
            if n % 3 == 0:
                tender = Tender(card=due)
            else:
                tender = Tender(cash=Money((due.cents // 1000 + 1) * 1000))
            done = take_payment(db, ctx, code, checkout.selection, tender, due, when)
            taken.append((ctx, done))
        ctx, done = taken[3]
        void_payment(
            db,
            ctx,
            done.payment_id,
            "грешен платец",
            "nachalnik",
            DEMO_PASSWORD,
            done.paid_at.replace(minute=min(done.paid_at.minute + 5, 59)),
        )
        k1 = desks["K1"]
        left = (shift_expected(db, k1) or Money(0)).cents - 20  # twenty cents short
        counts = {}
        for cents in DENOMINATIONS:
            if left // cents:
                counts[cents] = left // cents
            left %= cents
        close_shift(db, k1, counts, at(17, 45))
    finally:
        db.close()


def main(db_path: Path) -> int:
    work_the_day(db_path)
    from desk.ui.app import start

    app = QApplication(sys.argv)
    window = start(app, db_path, language="bg")
    # start() opens the window as at a desk: on Xvfb's 1366×768 screen, all of it.
    desk = window.cashier
    desk.state.clock = lambda: CLOCK
    panel = desk.supervisor
    panel.documents.output = lambda pdf, name: None  # type: ignore[method-assign]

    def wait(condition: Callable[[], bool], seconds: float = 30) -> None:
        end = time.monotonic() + seconds
        while not condition():
            if time.monotonic() > end:
                raise TimeoutError("the screen did not get there")
            app.processEvents()
            time.sleep(0.01)
        for _ in range(30):  # let layouts and repaints settle
            app.processEvents()
            time.sleep(0.005)

    def shot(name: str) -> None:
        wait(lambda: window.tasks.pending == 0)
        QApplication.primaryScreen().grabWindow(0).save(str(HERE / f"supervisor_{name}.png"))
        print("saved", name)

    def key(widget: QWidget, code: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
        QTest.keyClick(widget, code, modifier)

    def preview(name: str) -> None:
        from desk.ui.kit.receipt_preview import ReceiptPreview

        wait(lambda: any(isinstance(d, ReceiptPreview) and d.isVisible() for d in panel.dialogs))
        dialog = [d for d in panel.dialogs if isinstance(d, ReceiptPreview)][-1]
        wait(lambda: dialog.document.pageCount() > 0)
        shot(name)
        key(dialog, Qt.Key.Key_Escape)
        wait(lambda: not panel.dialogs)

    window.activateWindow()
    wait(lambda: desk.overlay.isVisible())
    QTest.keyClicks(desk.overlay.username, "nachalnik")
    key(desk.overlay.username, Qt.Key.Key_Return)
    QTest.keyClicks(desk.overlay.password, "desk1234")
    key(desk.overlay.password, Qt.Key.Key_Return)
    wait(lambda: not desk.overlay.isVisible())
    for dialog in list(desk.panel.dialogs):  # the offer to open a shift: not today
        key(dialog, Qt.Key.Key_Escape)
    wait(lambda: not desk.panel.dialogs)
    desk.supervisor_action.trigger()
    wait(lambda: window.panels.currentWidget() is panel)
    shot("daily")
    key(panel.daily, Qt.Key.Key_Return)
    preview("daily_preview")

    for page, name in (
        (panel.campaign, "campaign"),
        (panel.shifts, "shifts"),
        (panel.users, "users"),
        (panel.audit, "audit"),
    ):
        panel.tabs.setCurrentWidget(page)
        shot(name)
    panel.tabs.setCurrentWidget(panel.campaign)
    key(panel.campaign, Qt.Key.Key_Return)
    preview("campaign_preview")

    window.tasks.wait_for_done()
    window.close_database()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/sup_shots.sqlite")))
