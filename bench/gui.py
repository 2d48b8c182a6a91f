"""Benchmark: the cashier's screen on 1,000,000 properties, Enter to account, tick to totals.

    .venv/bin/python -m bench.gui [--properties N] [--db PATH] [--samples K] [--seed S] [--cold]

Drives the real main window offscreen, as tests/ui/cashier do: the demo cashier
logs in on desk K1 (both are set up in the database when missing; no shift is
opened). It types sampled subscriber numbers, payer codes and name searches
("first last block flat") into the search field, presses Enter and waits. A
search that leads straight to an account with open items counts if its payer
was not seen since the window opened: each payer once, the first time, whose
rows no earlier search has read (issue 15). On each such account Space unticks
the first row and ticks it back. Then the same payers once more, for contrast.

All that twice, with other payers each time, printed side by side: on the
machine as it is ("idle"), and busy, with two CPU-bound processes (a Python
loop each) that the benchmark starts and stops. The load average says what
else ran.

``--cold`` drops the database file's pages from the page cache before each
half (``posix_fadvise(DONTNEED)`` on the file and its WAL, Linux; no root, and
other files stay cached): every payer's rows then come from the disk, as after
a reboot. Either way the share of the file in the page cache at the start of
each half is printed (by ``fincore``, when there is one).

Every timing starts at the key event:

  hits in             the search worker's answer reached the GUI thread (_found)
  account filled      the panel shows the payer, its items and the totals
                      (Tasks.busy_changed(False), emitted right after show_account)
  account painted     ... and the window's next paint has run, and what it left
  tick, totals text   Space has returned: re-quote, model texts, totals label
  tick, painted       ... and the paint of the new totals has run

and the GUI thread's own CPU time over the same spans (``time.thread_time``):
what the window costs, which a busy machine stretches but does not change.

For the accounts at or above the 95th percentile it prints where their time
went: waiting for a worker, the search, the wait for the GUI thread, reading
the account, the wait again, showing it (GUI thread), painting.

Targets: account < 100 ms, tick < 16 ms (one frame), at the 95th percentile.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import argparse
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any

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

import desk.ui.account.search_panel as search_panel
import desk.ui.cashier.cashier_panel as cashier_panel
from bench.lookup import OUT, TODAY, ensure_database
from desk.models.db import open_database
from desk.models.tables import Payer, Property, Tenure
from desk.services.desk_identity import set_this_desk, this_desk_code
from desk.services.users import DEMO_PASSWORD, ensure_demo_users
from desk.ui.app import keep_the_gui_thread_served
from desk.ui.i18n import DEFAULT_LANGUAGE, Translations
from desk.ui.main_window import MainWindow
from desk.ui.style import apply_style

NOON = datetime(TODAY.year, TODAY.month, TODAY.day, 12)
WAIT_MS = 60_000
KINDS = ("subscriber", "code", "name")
SPIN = "print('spinning', flush=True)\nwhile True:\n    pass\n"
Runs = dict[str, list[float]]
# Where one account's time went: moments (ns, perf_counter) along its path.
Path_ = dict[str, int]


def quiet_offscreen(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """Qt's messages to stderr, less the offscreen platform's note on every window resize."""
    if "propagateSizeHints" not in message:
        print(message, file=sys.stderr)


def ms_since(start: int) -> float:
    return (time.perf_counter_ns() - start) / 1e6


class Moments:
    """Timestamps of the search and the account read in the workers, and of show_account
    in the GUI thread: the services are wrapped where the panels look them up."""

    def __init__(self, desk: Desk) -> None:
        self.now: Path_ = {}
        for module, name, step in (
            (search_panel, "search", "search"),
            (cashier_panel, "read_account", "read"),
        ):
            setattr(module, name, self._timed(step, getattr(module, name)))
        search, account = desk.panel.search, desk.panel.account
        search._found = self._timed("found", search._found)  # type: ignore[method-assign]
        account.show_account = self._timed("show", account.show_account)  # type: ignore[method-assign]

    def _timed(self, name: str, call: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            self.now[f"{name} start"] = time.perf_counter_ns()
            try:
                return call(*args, **kwargs)
            finally:
                self.now[f"{name} end"] = time.perf_counter_ns()

        return timed


class Desk:
    """The main window on the database, logged in, with the means to wait for it."""

    def __init__(self, app: QApplication, path: Path) -> None:
        self.errors: list[BaseException] = []
        sys.excepthook = self._bug
        keep_the_gui_thread_served()  # the GIL's switch interval, as the app sets it
        translations = Translations(app)
        translations.use(DEFAULT_LANGUAGE)
        apply_style(app)
        self.window = MainWindow(translations)
        self.window.cashier.state.clock = lambda: NOON
        self.panel = self.window.cashier.panel
        self.loop = QEventLoop()
        self.deadline = QTimer(singleShot=True, interval=WAIT_MS)
        self.deadline.timeout.connect(self.loop.quit)
        self.window.tasks.busy_changed.connect(self._busy_changed)
        self.window.show()
        self.window.activateWindow()
        self.window.open_database(path)
        self.wait_idle()
        self.log_in()
        self.seen: set[str] = set()  # payer codes whose account was opened
        self.moments = Moments(self)
        self.paths: list[tuple[str, float, Path_]] = []  # kind, painted ms, moments

    def _bug(
        self, kind: type[BaseException], error: BaseException, trace: TracebackType | None
    ) -> None:
        self.errors.append(error)
        sys.__excepthook__(kind, error, trace)

    def _busy_changed(self, busy: bool) -> None:
        if not busy:
            self.loop.quit()

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
        """Deliver the update request the change posted: Qt paints the dirty widgets now,
        then what that pass left for the next one (a showing account leaves 3–6 ms of
        CPU there, which a Space typed next would otherwise wait for and be blamed for).

        Not an event filter that sees the paint: a Python ``eventFilter`` on a
        widget makes PySide6 6.12.0 on CPython 3.11 die with "Fatal Python
        error: none_dealloc" within a few dozen accounts.
        """
        QCoreApplication.processEvents()
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

    def open_account(self, text: str, runs: Runs, kind: str = "", *, again: bool = False) -> bool:
        """Type ``text``, press Enter, time it; True if an account with items opened,
        of a payer not seen before (``again``: seen before is what is asked)."""
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
        self.moments.now = moments = {}
        cpu = time.thread_time()
        start = time.perf_counter_ns()
        QTest.keyClick(search.field, Qt.Key.Key_Return)
        self.wait_idle()
        filled = time.perf_counter_ns()
        opened = self.panel.account.account
        if opened is before or self.panel.stack.currentWidget() is not self.panel.account:
            return False  # several payers (the results table) or none
        self.paint()
        painted = time.perf_counter_ns()
        cpu = (time.thread_time() - cpu) * 1000
        assert opened is not None
        payer = opened.payer.payer_code
        first_time = payer not in self.seen
        self.seen.add(payer)
        if not self.panel.account.model.rowCount() or first_time == again:
            return False
        moments.update({"enter": start, "filled": filled, "painted": painted})
        hits = moments["found start"]
        for label, moment in (("hits", hits), ("filled", filled), ("painted", painted)):
            runs.setdefault(label, []).append((moment - start) / 1e6)
        runs.setdefault("painted cpu", []).append(cpu)
        if not again:
            self.paths.append((kind, (painted - start) / 1e6, moments))
        return True

    def tick(self, runs: Runs) -> None:
        """Space on the current row of the items, to the new totals and their paint."""
        view, savings = self.panel.account.view, self.panel.account.savings
        before = savings.text()
        cpu = time.thread_time()
        start = time.perf_counter_ns()
        QTest.keyClick(view, Qt.Key.Key_Space)
        text = ms_since(start)
        self.paint()
        painted = ms_since(start)
        runs.setdefault("tick cpu", []).append((time.thread_time() - cpu) * 1000)
        if savings.text() == before:
            raise RuntimeError(f"a tick left the totals as they were: {before}")
        runs.setdefault("tick text", []).append(text)
        runs.setdefault("tick painted", []).append(painted)

    def close(self) -> None:
        self.window.tasks.wait_for_done()
        self.window.close_database()
        self.window.close()
        sys.excepthook = sys.__excepthook__


class Busy:
    """``count`` CPU-bound processes (a Python loop each) while the block runs."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.spinners: list[subprocess.Popen[str]] = []

    def __enter__(self) -> Busy:
        for _ in range(self.count):
            spinner = subprocess.Popen(
                [sys.executable, "-c", SPIN], stdout=subprocess.PIPE, text=True
            )
            self.spinners.append(spinner)
        for spinner in self.spinners:
            assert spinner.stdout is not None
            spinner.stdout.readline()  # it has started and is in its loop
        return self

    def __exit__(self, *_: object) -> None:
        for spinner in self.spinners:
            spinner.terminate()
        for spinner in self.spinners:
            spinner.wait()
            if spinner.stdout is not None:
                spinner.stdout.close()


def evict(path: Path) -> None:
    """The file and its WAL out of the page cache (written out first: dirty pages stay)."""
    for file in (path, path.with_name(path.name + "-wal")):
        if file.exists():
            fd = os.open(file, os.O_RDONLY)
            try:
                os.fsync(fd)
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)


def cached(path: Path) -> str:
    """How much of the file is in the page cache, as fincore counts it."""
    fincore = shutil.which("fincore")
    if fincore is None:
        return "unknown (no fincore)"
    out = subprocess.run(
        [fincore, "--bytes", "--noheadings", "--output", "RES", str(path)],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    if not out.isdigit():
        return "unknown"
    return f"{int(out) / 2**20:,.0f} MiB of {path.stat().st_size / 2**30:,.1f} GiB"


def prepare(path: Path, count: int, seed: int) -> dict[str, list[str]]:
    """Desk K1 and the demo users if missing; random search texts, many times ``count``."""
    db = open_database(path)
    if this_desk_code(db) is None:
        set_this_desk(db, "K1")
        print("the database now works as desk K1")
    if ensure_demo_users(db):
        print("demo users created")
    rng = random.Random(seed)
    draw = count * 20  # two halves; a third to a half of the payers owe something on TODAY
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


def half(desk: Desk, left: dict[str, Iterator[str]], count: int) -> Runs:
    """``count`` accounts of each kind, of payers not seen before; then the same again."""
    runs: Runs = {}
    opened: list[str] = []
    for kind in KINDS:
        done = tried = 0
        for text in left[kind]:  # the iterator goes on where the last half stopped
            tried += 1
            if desk.open_account(text, runs, kind):
                done += 1
                opened.append(text)
                desk.tick(runs)
                desk.tick(runs)
            if done == count:
                break
        print(f"  {kind}: {done} accounts with open items from {tried} searches")
    again: Runs = {}
    for text in opened:
        desk.open_account(text, again, again=True)
    runs["painted again"] = again.get("painted", [])
    return runs


def summary(runs: list[float]) -> tuple[float, float]:
    """Median and 95th percentile in milliseconds, as bench.lookup computes them."""
    runs = sorted(runs)
    return statistics.median(runs), runs[max(0, int(len(runs) * 0.95) - 1)]


def report(halves: dict[str, Runs], rows: Sequence[tuple[str, str, int | None]]) -> None:
    names = list(halves)
    print(f"{'':36}" + "".join(f"{name + ' median':>16}{'p95':>10}" for name in names), end="")
    print(f"{'target':>9}")
    for label, key, target in rows:
        line, verdicts = f"{label:36}", []
        for runs in halves.values():
            median, p95 = summary(runs[key])
            line += f"{median:>14.2f}ms{p95:>8.2f}ms"
            verdicts.append("ok" if target is None or p95 < target else "OVER")
        goal = "" if target is None else f"{target}ms"
        print(f"{line}{goal:>9}  {' '.join(verdicts) if target else ''}")


# The steps of an account's path, between two moments (Desk.open_account, Moments).
STEPS = (
    ("to worker", "enter", "search start"),
    ("search", "search start", "search end"),
    ("to GUI", "search end", "found start"),
    ("to worker", "found start", "read start"),
    ("read", "read start", "read end"),
    ("to GUI", "read end", "show start"),
    ("show", "show start", "show end"),
    ("paint", "filled", "painted"),
)


def slowest(paths: list[tuple[str, float, Path_]]) -> None:
    """Where the time of the accounts at or above the 95th percentile went."""
    _, p95 = summary([painted for _, painted, _ in paths])
    print(f"  {'painted':>9} {'kind':<11}" + "".join(f"{step:>10}" for step, _, _ in STEPS))
    for kind, painted, moments in sorted(paths, key=lambda p: p[1]):
        if painted >= p95:
            steps = "".join(f"{(moments[b] - moments[a]) / 1e6:>10.1f}" for _, a, b in STEPS)
            print(f"  {painted:>7.1f}ms {kind:<11}{steps}")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--properties", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path)
    parser.add_argument("--samples", type=int, default=50, help="accounts per kind and half")
    parser.add_argument("--seed", type=int, default=11, help="another seed, other payers")
    parser.add_argument("--cold", action="store_true", help="the file out of the page cache")
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
    left = {kind: iter(texts[kind]) for kind in KINDS}
    for text in [next(left["code"]) for _ in range(10)]:
        desk.open_account(text, {})  # Qt's first layouts and fonts; these payers are seen
    halves: dict[str, Runs] = {}
    slow: dict[str, list[tuple[str, float, Path_]]] = {}
    for name, busy in (("idle", 0), ("busy", 2)):
        if args.cold:
            evict(path)
        state = "cold (dropped)" if args.cold else "as found"
        print(f"{name}: {state}, in the page cache: {cached(path)}; {os.cpu_count()} CPUs")
        desk.paths = []
        with Busy(busy):
            halves[name] = half(desk, left, args.samples)
            load = os.getloadavg()
        slow[name] = desk.paths
        print(f"  load average at its end: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    desk.close()
    ticks = len(halves["idle"]["tick text"])
    print()
    report(
        halves,
        [
            ("Enter → hits in (search worker)", "hits", None),
            ("Enter → account filled", "filled", 100),
            ("Enter → account painted", "painted", 100),
            ("  same payers again (warm cache)", "painted again", 100),
            (f"tick → totals text ({ticks})", "tick text", 16),
            ("tick → totals painted", "tick painted", 16),
            ("GUI thread's CPU: Enter → painted", "painted cpu", None),
            ("GUI thread's CPU: tick → painted", "tick cpu", None),
        ],
    )
    for name, paths in slow.items():
        print(f"\n{name}: the accounts at or above the 95th percentile, ms")
        slowest(paths)


if __name__ == "__main__":
    main()
