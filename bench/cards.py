"""Benchmark: 1,000 pre-filled survey cards numbered, recorded and rendered into one PDF.

    .venv/bin/python -m bench.cards [--cards 1000] [--properties 2000] [--chunk 50] [--no-gui]

Builds (or reuses) a demo database in bench/out/ working as desk IC1, then, each on
a fresh copy of it (no card out yet):

  service   the batch's own loop without Qt: chunks of ``--chunk`` payer codes,
            each ``print_chunk`` (issue_cards: one write transaction; then the
            pages into one CardPdf), then ``finish``. Total seconds, cards/s,
            PDF size, peak memory (the process's max RSS).
  gui       the real main window offscreen, the clerk logged in, the Survey
            cards tab, "Print batch" for the first ``--cards`` payers of the
            group (all districts, not confirmed since the campaign start), to
            the end (Enter on the question naming the count). A QTimer ticks
            every 10 ms on the GUI thread; the longest gap between two ticks
            is the longest stall a clerk could feel.

The issue's target: 1,000 cards in under 60 s with the GUI responsive.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import argparse
import resource
import sqlite3
import sys
import time
from collections.abc import Sequence
from datetime import datetime
from itertools import cycle, islice
from pathlib import Path

from sqlalchemy import select

from bench.lookup import OUT, TODAY
from desk.models.db import Database, open_database
from desk.models.tables import Desk, User
from desk.printing.survey_card import CardPdf
from desk.services.campaign import campaign_start
from desk.services.context import DeskContext
from desk.services.desk_identity import set_this_desk
from desk.services.survey_cards import group_payers
from desk.services.users import DEMO_PASSWORD, ensure_demo_users

NOON = datetime(TODAY.year, TODAY.month, TODAY.day, 12)
TICK_MS = 10


def peak_mib() -> float:
    # ru_maxrss is KiB on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def ensure(path: Path, properties: int) -> None:
    if not path.exists():
        from desk.services.demo import generate_demo

        started = time.perf_counter()
        summary = generate_demo(path, properties=properties, seed=1)
        print(f"demo built: {summary.payers:,} payers in {time.perf_counter() - started:.1f} s")
    db = open_database(path)
    set_this_desk(db, "IC1")
    ensure_demo_users(db)
    db.close()


def fresh_copy(path: Path, phase: str) -> Path:
    """A copy of the demo database for one phase: no card out yet, so the whole group is
    printed (a batch leaves out payers with a card out, and every run prints cards)."""
    copy = OUT / f"cards-run-{phase}.sqlite"
    for old in (copy, copy.with_name(copy.name + "-wal"), copy.with_name(copy.name + "-shm")):
        old.unlink(missing_ok=True)
    with sqlite3.connect(path) as source, sqlite3.connect(copy) as target:
        source.backup(target)
        target.execute("DELETE FROM survey_card")  # left by runs of an older bench
    source.close()
    target.close()
    return copy


def clerk(db: Database) -> DeskContext:
    with db.read() as session:
        desk = session.execute(select(Desk.id, Desk.name).where(Desk.code == "IC1")).one()
        user = session.scalar(select(User.id).where(User.username == "sluzhitel"))
    assert user is not None
    return DeskContext(desk.id, "IC1", desk.name, user, "sluzhitel", "Елена Димова", "clerk")


def codes_for(db: Database, count: int) -> list[str]:
    group = group_payers(db, None, campaign_start(db), TODAY)
    return list(islice(cycle(group), count))


def _yield_gil() -> None:
    time.sleep(0)


def run_service(path: Path, count: int, chunk: int) -> None:
    from desk.services.card_printing import print_chunk  # the GUI batch's own step

    db = open_database(path)
    ctx = clerk(db)
    started = time.perf_counter()
    codes = codes_for(db, count)
    chosen = time.perf_counter() - started
    pdf = CardPdf("Анкетни карти, бенчмарк")
    written = 0
    for start in range(0, len(codes), chunk):
        # As the GUI's batch runs it: the GIL handed over after each page (let_the_gui_run).
        written += print_chunk(db, ctx, codes[start : start + chunk], NOON, pdf, _yield_gil)
    data = pdf.finish()
    seconds = time.perf_counter() - started
    db.close()
    (OUT / "cards-bench.pdf").write_bytes(data)
    print(
        f"service: {written} cards in {seconds:.1f} s ({written / seconds:.0f} cards/s; "
        f"choosing the group {chosen * 1000:.0f} ms), PDF {len(data) / 1e6:.1f} MB "
        f"({len(data) // max(written, 1):,} bytes a card), peak RSS {peak_mib():.0f} MiB"
    )


def run_gui(path: Path, count: int, chunk: int) -> None:
    from PySide6.QtCore import QElapsedTimer, QEventLoop, Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    import desk.ui.info.cards_page as cards_page
    from desk.ui.app import keep_the_gui_thread_served
    from desk.ui.i18n import DEFAULT_LANGUAGE, Translations
    from desk.ui.main_window import MainWindow

    # The group as the page chooses it, cut to ``count`` payers.
    whole = cards_page.group_payers
    cards_page.group_payers = lambda *args, **kwargs: whole(*args, **kwargs)[:count]  # type: ignore[assignment]

    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    errors: list[BaseException] = []
    sys.excepthook = lambda kind, error, trace: errors.append(error)
    translations = Translations(app)
    translations.use(DEFAULT_LANGUAGE)
    keep_the_gui_thread_served()  # as desk.ui.app.start does for the real app
    window = MainWindow(translations)
    window.cashier.state.clock = lambda: NOON
    printed: list[tuple[bytes, str]] = []
    info = window.cashier.info
    info.documents.output = lambda pdf, name: printed.append((pdf, name))  # type: ignore[method-assign]
    window.show()
    window.open_database(path)

    def wait(condition: object, seconds: float = 300) -> None:
        assert callable(condition)
        deadline = time.perf_counter() + seconds
        while not condition():
            if errors:
                raise RuntimeError(errors)
            if time.perf_counter() > deadline:
                raise TimeoutError("the desk did not finish")
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)

    overlay = window.cashier.overlay
    wait(overlay.isVisible)
    QTest.keyClicks(overlay.username, "sluzhitel")
    QTest.keyClicks(overlay.password, DEMO_PASSWORD)
    QTest.keyClick(overlay.password, Qt.Key.Key_Return)
    wait(lambda: window.panels.currentWidget() is info)
    info.tabs.setCurrentWidget(info.cards)
    page = info.cards
    page.chunk_size = chunk
    wait(lambda: page.district.count() > 0 and window.tasks.pending == 0)
    wait(lambda: page.group_count.text() != "" and window.tasks.pending == 0)

    gaps: list[int] = []
    clock = QElapsedTimer()
    ticker = QTimer(interval=TICK_MS)
    ticker.setTimerType(Qt.TimerType.PreciseTimer)

    at: list[tuple[int, float]] = []

    def tick() -> None:
        gap = clock.restart()
        gaps.append(gap)
        at.append((gap, time.perf_counter() - started))

    ticker.timeout.connect(tick)
    started = time.perf_counter()
    clock.start()
    ticker.start()
    QTest.mouseClick(page.print_batch_button, Qt.MouseButton.LeftButton)
    wait(lambda: page.confirm is not None and page.confirm.isVisible())
    assert page.confirm is not None  # the question naming the count: Back is the default,
    QTest.keyClick(page.confirm.back_button, Qt.Key.Key_Backtab)  # so Shift+Tab to the yes
    QTest.keyClick(page.confirm.print_button, Qt.Key.Key_Return)
    wait(lambda: page.batch is None and len(printed) == 1)
    seconds = time.perf_counter() - started
    ticker.stop()
    window.tasks.wait_for_done()
    window.close_database()
    window.close()
    pdf, _name = printed[0]
    worst = sorted(at, reverse=True)[:3]
    gaps.sort()
    p99 = gaps[int(len(gaps) * 0.99) - 1] if gaps else 0
    cards = page.progress.maximum()
    print(
        f"gui: {cards} cards in {seconds:.1f} s ({cards / seconds:.0f} cards/s), "
        f"PDF {len(pdf) / 1e6:.1f} MB; GUI thread ticks every {TICK_MS} ms: "
        f"longest gap {gaps[-1] if gaps else 0} ms, 99th percentile {p99} ms, "
        f"{len(gaps)} ticks; peak RSS {peak_mib():.0f} MiB"
    )
    print("  longest gaps (ms, ended at s): " + ", ".join(f"{g} @ {t:.2f}" for g, t in worst))


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=1000)
    parser.add_argument("--properties", type=int, default=2000)
    parser.add_argument("--chunk", type=int, default=50)
    parser.add_argument("--no-gui", action="store_true")
    args = parser.parse_args(argv)
    path = OUT / f"cards-demo-{args.properties}.sqlite"
    ensure(path, args.properties)
    print(f"database: {path}")
    run_service(fresh_copy(path, "service"), args.cards, args.chunk)
    if not args.no_gui:
        run_gui(fresh_copy(path, "gui"), args.cards, args.chunk)


if __name__ == "__main__":
    main()
