"""Benchmark: the cashier's screen on 1,000,000 properties, Enter to account, tick to totals.

    .venv/bin/python -m bench.gui [--properties N] [--db PATH] [--samples K] [--seed S]

Drives the real main window offscreen, as tests/ui/cashier do: the demo cashier
logs in on desk K1 (both are set up in the database when missing; no shift is
opened). For K sampled subscriber numbers, K payer codes and K name searches
("first last block flat") it types the text into the search field, presses
Enter and waits. A search that leads straight to an account with open items
counts; on each such account Space unticks the first row and ticks it back.
Every timing starts at the key event:

  hits in             the search worker's answer reached the GUI thread
  account filled      the panel shows the payer, its items and the totals
                      (Tasks.busy_changed(False), emitted right after show_account)
  account painted     ... and the window's next paint has run
  tick, totals text   Space has returned: re-quote, model texts, totals label
  tick, painted       ... and the paint of the new totals has run

Targets: account < 100 ms, tick < 16 ms (one frame), at the 95th percentile.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import argparse
import random
import re
import statistics
import sys
import time
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import (
    QCoreApplication,
    QEventLoop,
    QMessageLogContext,
    Qt,
    QTimer,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog
from sqlalchemy import func, select

from bench.lookup import OUT, TODAY, ensure_database
from desk.models.db import open_database
from desk.models.tables import Payer, Property, Tenure
from desk.services.desk_identity import set_this_desk, this_desk_code
from desk.services.users import DEMO_PASSWORD, ensure_demo_users
from desk.ui.i18n import DEFAULT_LANGUAGE, Translations
from desk.ui.main_window import MainWindow
from desk.ui.style import apply_style

NOON = datetime(TODAY.year, TODAY.month, TODAY.day, 12)
WAIT_MS = 60_000
Runs = dict[str, list[float]]


def quiet_offscreen(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """Qt's messages to stderr, less the offscreen platform's note on every window resize."""
    if "propagateSizeHints" not in message:
        print(message, file=sys.stderr)


def ms_since(start: int) -> float:
    return (time.perf_counter_ns() - start) / 1e6


class Desk:
    """The main window on the database, logged in, with the means to wait for it."""

    def __init__(self, app: QApplication, path: Path) -> None:
        self.errors: list[BaseException] = []
        sys.excepthook = self._bug
        translations = Translations(app)
        translations.use(DEFAULT_LANGUAGE)
        apply_style(app)
        self.window = MainWindow(translations)
        self.window.cashier.state.clock = lambda: NOON
        self.panel = self.window.cashier.panel
        self.loop = QEventLoop()
        self.deadline = QTimer(singleShot=True, interval=WAIT_MS)
        self.deadline.timeout.connect(self.loop.quit)
        self.window.tasks.busy_changed.connect(lambda busy: busy or self.loop.quit())
        self.window.show()
        self.window.activateWindow()
        self.window.open_database(path)
        self.wait_idle()
        self.log_in()

    def _bug(
        self, kind: type[BaseException], error: BaseException, trace: TracebackType | None
    ) -> None:
        self.errors.append(error)
        sys.__excepthook__(kind, error, trace)

    def wait_idle(self) -> None:
        """Until the window's Tasks has delivered every job (the signal, not polling)."""
        if self.window.tasks.pending:
            self.deadline.start()
            self.loop.exec()
            self.deadline.stop()
        if self.errors or self.window.tasks.pending:
            raise RuntimeError(f"the desk did not settle: {self.errors or 'timed out'}")

    @staticmethod
    def paint() -> None:
        """Deliver the update request the change posted: Qt paints the dirty widgets now.

        Not an event filter that sees the paint: a Python ``eventFilter`` on a
        widget makes PySide6 6.12.0 on CPython 3.11 die with "Fatal Python
        error: none_dealloc" within a few dozen accounts.
        """
        QCoreApplication.processEvents()

    def log_in(self) -> None:
        overlay = self.window.cashier.overlay
        QTest.keyClicks(overlay.username, "kasier1")
        QTest.keyClicks(overlay.password, DEMO_PASSWORD)
        QTest.keyClick(overlay.password, Qt.Key.Key_Return)
        self.wait_idle()  # the login, then the shift read
        if overlay.isVisible():
            raise RuntimeError(f"login refused: {overlay.problem.text()}")
        for dialog in list(self.panel.dialogs):  # "open a shift?": not needed to look up
            dialog.done(QDialog.DialogCode.Rejected)

    def open_account(self, text: str, runs: Runs) -> bool:
        """Type ``text``, press Enter, time it; True if an account with items opened."""
        search, before = self.panel.search, self.panel.account.account
        self.panel.focus_search()
        for char in text:  # as steps.type_text: QTest.keyClicks knows no Cyrillic
            QTest.sendKeyEvent(
                QTest.KeyAction.Click,
                search.field,
                Qt.Key.Key_unknown,
                char,
                Qt.KeyboardModifier.NoModifier,
            )
        QCoreApplication.processEvents()  # the typing paints before Enter, as at a desk
        hits: list[float] = []

        def hits_in() -> None:
            hits.append(ms_since(start))

        search.model.modelReset.connect(hits_in)
        start = time.perf_counter_ns()
        QTest.keyClick(search.field, Qt.Key.Key_Return)
        self.wait_idle()
        filled = ms_since(start)
        opened = self.panel.account.account
        if opened is before or self.panel.stack.currentWidget() is not self.panel.account:
            search.model.modelReset.disconnect(hits_in)
            return False  # several payers (the results table) or none
        self.paint()
        painted = ms_since(start)
        search.model.modelReset.disconnect(hits_in)
        if not self.panel.account.model.rowCount():
            return False
        for label, value in (("hits", hits[0]), ("filled", filled), ("painted", painted)):
            runs.setdefault(label, []).append(value)
        return True

    def tick(self, runs: Runs) -> None:
        """Space on the current row of the items, to the new totals and their paint."""
        view, savings = self.panel.account.view, self.panel.account.savings
        before = savings.text()
        start = time.perf_counter_ns()
        QTest.keyClick(view, Qt.Key.Key_Space)
        text = ms_since(start)
        self.paint()
        painted = ms_since(start)
        if savings.text() == before:
            raise RuntimeError(f"a tick left the totals as they were: {before}")
        runs.setdefault("tick text", []).append(text)
        runs.setdefault("tick painted", []).append(painted)

    def close(self) -> None:
        self.window.tasks.wait_for_done()
        self.window.close_database()
        self.window.close()
        sys.excepthook = sys.__excepthook__


def prepare(path: Path, count: int, seed: int) -> dict[str, list[str]]:
    """Desk K1 and the demo users if missing; random search texts, a few times ``count``."""
    db = open_database(path)
    if this_desk_code(db) is None:
        set_this_desk(db, "K1")
        print("the database now works as desk K1")
    if ensure_demo_users(db):
        print("demo users created")
    rng = random.Random(seed)
    draw = count * 8  # a third to a half of the payers owe something on TODAY
    with db.read() as session:
        top = session.scalar(select(func.max(Property.id))) or 0
        subs = session.scalars(
            select(Property.subscriber_number).where(
                Property.id.in_([rng.randint(1, top) for _ in range(draw)])
            )
        )
        payer_top = session.scalar(select(func.max(Payer.id))) or 0
        codes = session.scalars(
            select(Payer.payer_code).where(
                Payer.id.in_([rng.randint(1, payer_top) for _ in range(draw)])
            )
        )
        tenure_top = session.scalar(select(func.max(Tenure.id))) or 0
        holders = session.execute(
            select(Payer.name, Property.address)
            .join(Tenure, Tenure.payer_id == Payer.id)
            .join(Property, Property.id == Tenure.property_id)
            .where(Tenure.id.in_([rng.randint(1, tenure_top) for _ in range(draw)]))
        ).all()
        texts = {"subscriber": list(subs), "code": list(codes)}
    db.close()
    names = []
    for name, address in holders:
        words = name.split()
        numbers = [re.search(rf"{part}\. (\d+)", address) for part in ("бл", "ап")]
        if len(words) > 1 and all(numbers):
            names.append(" ".join([words[0], words[-1], *(m.group(1) for m in numbers if m)]))
    texts["name"] = names
    for samples in texts.values():
        rng.shuffle(samples)
    return texts


def summary(runs: list[float]) -> tuple[float, float]:
    """Median and 95th percentile in milliseconds, as bench.lookup computes them."""
    runs = sorted(runs)
    return statistics.median(runs), runs[max(0, int(len(runs) * 0.95) - 1)]


def report(runs: Runs, rows: Sequence[tuple[str, str, int | None]]) -> None:
    print(f"{'':34}{'median':>10}{'p95':>10}{'target':>10}")
    for label, key, target in rows:
        median, p95 = summary(runs[key])
        verdict = "" if target is None else ("  ok" if p95 < target else "  OVER")
        goal = "" if target is None else f"{target}ms"
        print(f"{label:34}{median:>8.2f}ms{p95:>8.2f}ms{goal:>10}{verdict}")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--properties", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path)
    parser.add_argument("--samples", type=int, default=50, help="accounts per kind of search")
    parser.add_argument("--seed", type=int, default=11, help="another seed, other (cold) payers")
    args = parser.parse_args(argv)
    path = args.db or OUT / f"bench-{args.properties}.sqlite"
    ensure_database(path, args.properties)
    texts = prepare(path, args.samples, args.seed)
    qInstallMessageHandler(quiet_offscreen)
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    started = time.perf_counter()
    desk = Desk(app, path)
    seconds = time.perf_counter() - started
    print(f"database: {path}; the window opened it and logged in in {seconds:.1f} s")
    warm: Runs = {}
    for text in texts["code"][-10:]:
        desk.open_account(text, warm)  # Qt's first layouts and fonts, not the database
    runs: Runs = {}
    opened: list[str] = []
    for kind, samples in texts.items():
        done = tried = 0
        for text in samples[: len(samples) - 10 if kind == "code" else None]:
            if done == args.samples:
                break
            tried += 1
            if desk.open_account(text, runs):
                done += 1
                opened.append(text)
                desk.tick(runs)
                desk.tick(runs)
        print(f"{kind}: {done} accounts with open items from {tried} searches")
    again: Runs = {}
    for text in opened:
        desk.open_account(text, again)  # the same payers once more: the page cache is warm
    runs["painted again"] = again["painted"]
    desk.close()
    ticks = len(runs["tick text"])
    report(
        runs,
        [
            ("Enter → hits in (search worker)", "hits", None),
            ("Enter → account filled", "filled", 100),
            ("Enter → account painted", "painted", 100),
            ("  same payers again (warm cache)", "painted again", 100),
            (f"tick → totals text ({ticks})", "tick text", 16),
            ("tick → totals painted", "tick painted", 16),
        ],
    )


if __name__ == "__main__":
    main()
