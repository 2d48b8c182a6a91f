"""Benchmark: printing through a real CUPS queue (cups-pdf), before and after issue 15.

    .venv/bin/python -m bench.printing [--cards 1000] [--old-cards 5]

Starts a cupsd of its own with a cups-pdf queue as the default printer (as the
tests do: tests/printing/cups_queue.py; needs root and `cups cups-pdf
cups-client`), then runs each case in a fresh process, so that its peak memory
is its own:

  receipt, statement   the desk's print_or_save (after: the PDF itself to the
                       queue with lp), the old Qt path (before: every page
                       rasterised at the printer's HighResolution, 1,200 dpi,
                       and drawn as one image), and the fallback for a desk
                       without lp ("banded": the same resolution, drawn a band
                       at a time). Seconds until the job is in the
                       spooler ("ready for the printer"), seconds until cups-pdf
                       has written its PDF, peak RSS above the idle process;
                       for the receipt, whether its barcode decodes from what
                       cups-pdf wrote, and its page width.
  cards                ``--cards`` survey cards as one PDF (the batch's CardPdf)
                       sent from a worker thread while a 10 ms QTimer ticks on
                       the GUI thread: seconds to spool, seconds until cups-pdf
                       is done with all the pages, the longest tick gap. The old
                       path is timed on ``--old-cards`` cards and scaled up.

The issue's targets: an A4 page ready for the printer in 0.5 s or less and
100 MiB or less above the idle process; 1,000 cards within 60 s, GUI responsive.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import argparse
import json
import resource
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from io import BytesIO
from pathlib import Path
from typing import Any

from bench.lookup import OUT

SHARED = Path(__file__).resolve().parents[2] / "shared"
CASES = ("receipt", "statement")


def rss_mib() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


# --- the documents ---------------------------------------------------------------------


def statement_pdf() -> bytes:
    """A payer's A4 statement from a shared scenario (court case, final warning)."""
    from desk.models.db import open_database
    from desk.printing.statement import render_statement
    from desk.services.importer import import_data
    from desk.services.statement import statement_data

    scenario = SHARED / "scenarios" / "court_case_and_final_warning.json"
    raw = json.loads(scenario.read_text("utf-8"))["data"]
    path = OUT / "printing-statement.sqlite"
    path.unlink(missing_ok=True)
    db = open_database(path)
    try:
        import_data(db, raw)
        return render_statement(
            statement_data(db, raw["payers"][0]["payer_code"], date(2026, 11, 22))
        )
    finally:
        db.close()


def cards_pdf(count: int) -> bytes:
    """As a batch makes them (one CardPdf); the tests' pre-filled card, numbered anew."""
    from desk.printing.survey_card import CardPdf
    from tests.test_survey_card_pdf import FILLED

    pdf = CardPdf("Анкетни карти, бенчмарк")
    for n in range(count):
        pdf.add(replace(FILLED, number=f"{n:012d}", payer_code=f"{4000000000 + n}"))
    return pdf.finish()


# --- one case, in its own process --------------------------------------------------------


def old_print_pdf(pdf: bytes, info: Any) -> None:
    """Before issue 15 (receipt_output._print_pdf): each page one image at HighResolution."""
    from PySide6.QtCore import QRectF, QSize
    from PySide6.QtGui import QPageSize, QPainter
    from PySide6.QtPrintSupport import QPrinter

    from desk.ui.printer_output import load_pdf

    document = load_pdf(pdf)
    printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
    printer.setFullPage(True)
    printer.setPageSize(QPageSize(document.pagePointSize(0), QPageSize.Unit.Point))
    painter = QPainter(printer)
    try:
        for page in range(document.pageCount()):
            if page:
                printer.newPage()
            points = document.pagePointSize(page)
            dpi = printer.resolution()
            pixels = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
            painter.drawImage(QRectF(painter.viewport()), document.render(page, pixels))
    finally:
        painter.end()


def banded_print_pdf(pdf: bytes, info: Any) -> None:
    """The fallback where there is no lp (Windows), here through Qt's CUPS engine."""
    from PySide6.QtPrintSupport import QPrinter

    from desk.ui.printer_output import load_pdf, print_in_bands

    print_in_bands(load_pdf(pdf), QPrinter(info, QPrinter.PrinterMode.HighResolution))


def run_case(case: str, count: int) -> dict[str, Any]:
    """Print ``case`` ("receipt", "statement", "cards"; "old-…" the old path) from a worker
    thread while the GUI thread ticks; what it took, as a dict."""
    from pypdf import PdfReader
    from PySide6.QtCore import QElapsedTimer, QEventLoop, Qt, QTimer
    from PySide6.QtPrintSupport import QPrinterInfo
    from PySide6.QtWidgets import QApplication

    from desk.ui.kit.receipt_output import print_or_save
    from tests.printing.samples import receipt

    app = QApplication(sys.argv)
    kind = case.split("-")[-1]
    make: dict[str, Callable[[], bytes]] = {
        "receipt": receipt,
        "statement": statement_pdf,
        "cards": lambda: cards_pdf(count),
    }
    pdf = make[kind]()
    info = QPrinterInfo.defaultPrinter()
    assert not info.isNull(), "no default printer: is CUPS_SERVER set?"
    idle = rss_mib()
    if case.startswith("old-"):
        work: Callable[[], object] = lambda: old_print_pdf(pdf, info)  # noqa: E731
    elif case.startswith("banded-"):
        work = lambda: banded_print_pdf(pdf, info)  # noqa: E731
    else:
        work = lambda: print_or_save(pdf, kind, OUT, None)  # noqa: E731
    gaps: list[int] = []
    clock = QElapsedTimer()
    ticker = QTimer(interval=10)
    ticker.setTimerType(Qt.TimerType.PreciseTimer)
    ticker.timeout.connect(lambda: gaps.append(clock.restart()))
    worker = threading.Thread(target=work)
    wall = time.time()  # the parent times cups-pdf's end from here
    started = time.perf_counter()
    clock.start()
    ticker.start()
    worker.start()
    while worker.is_alive():
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
    spooled = time.perf_counter() - started
    ticker.stop()
    return {
        "case": case,
        "pages": len(PdfReader(BytesIO(pdf)).pages),
        "pdf_kb": len(pdf) // 1024,
        "spooled_s": round(spooled, 3),
        "wall_started": wall,
        "above_idle_mib": round(peak_mib() - idle, 1),
        "longest_gap_ms": max(gaps, default=0),
    }


# --- the whole bench -----------------------------------------------------------------------


def in_a_process(case: str, count: int, env: dict[str, str]) -> dict[str, Any]:
    command = [sys.executable, "-m", "bench.printing", "--case", case, "--cards", str(count)]
    done = subprocess.run(command, env=env, capture_output=True, check=False, text=True)
    if done.returncode:
        raise RuntimeError(f"{case}: {done.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def report(queue: Any, result: dict[str, Any], scale: float = 1) -> str:
    from pypdf import PdfReader

    from tests.printing_helpers import pdf_barcodes

    printed = queue.printed(queue.last_job(), seconds=1800)
    done = time.time() - result["wall_started"]
    reader = PdfReader(BytesIO(printed))
    width_mm = float(reader.pages[0].mediabox.width) * 25.4 / 72
    line = (
        f"{result['case']:>14}: {result['pages']:>5} pages ({result['pdf_kb']:,} KB), "
        f"spooled in {result['spooled_s'] * scale:7.2f} s, cups-pdf done after "
        f"{done * scale:7.2f} s, peak {result['above_idle_mib']:6.1f} MiB above idle, "
        f"GUI tick gap ≤ {result['longest_gap_ms']} ms; out: {len(reader.pages)} pages, "
        f"{width_mm:.0f} mm wide, {len(printed) // 1024:,} KB"
    )
    if result["case"].endswith("receipt"):
        line += f", barcode {pdf_barcodes(printed)}"
    if scale != 1:
        line += f" (×{scale:g} from {result['pages']} pages)"
    return line


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=1000)
    parser.add_argument("--old-cards", type=int, default=5)
    parser.add_argument("--case", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    OUT.mkdir(exist_ok=True)
    if args.case:
        print(json.dumps(run_case(args.case, args.cards)))
        return

    from tests.printing.cups_queue import CupsQueue, unavailable

    reason = unavailable()
    if reason is not None:
        sys.exit(f"bench.printing: {reason}")
    queue = CupsQueue(f"desk-bench-{os.getpid()}").start()
    try:
        env = {**queue.env, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
        print(f"cups-pdf queue {queue.name}, {os.cpu_count()} cores")
        for case in CASES:
            for variant in (case, f"old-{case}", f"banded-{case}"):
                print(report(queue, in_a_process(variant, args.cards, env)), flush=True)
        print(report(queue, in_a_process("cards", args.cards, env)), flush=True)
        old = in_a_process("old-cards", args.old_cards, env)
        print(report(queue, old, args.cards / args.old_cards), flush=True)
    finally:
        queue.stop()


if __name__ == "__main__":
    main()
