"""Printing through a real CUPS queue (cups-pdf): the PDF itself reaches the spooler,
so what comes out keeps its text, its page size and a barcode a scanner reads; a
queue that refuses is an environment error in lp's words. Where CUPS is not there
Qt draws the page in bands at the printer's resolution, still 80 mm and scannable."""

from __future__ import annotations

import threading
from collections.abc import Callable
from io import BytesIO
from pathlib import Path
from typing import TypeVar

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication

from desk.printing.spool import PrintRefused, submit
from desk.printing.survey_card import render_cards
from desk.ui.environment import is_environment_error
from desk.ui.kit.receipt_output import Delivered, print_or_save
from desk.ui.printer_output import load_pdf, print_in_bands
from tests.printing.cups_queue import CupsQueue
from tests.printing.samples import receipt
from tests.printing_helpers import pdf_barcodes, pdf_text
from tests.test_survey_card_pdf import BLANK, FILLED

T = TypeVar("T")
MM = 72 / 25.4


def in_a_worker(work: Callable[[], T]) -> T:
    """As the desk prints: off the GUI thread (a new thread: libcups reads CUPS_SERVER)."""
    results: list[T] = []
    worker = threading.Thread(target=lambda: results.append(work()))
    worker.start()
    worker.join(timeout=60)
    (result,) = results
    return result


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    return [
        (float(p.mediabox.width), float(p.mediabox.height)) for p in PdfReader(BytesIO(pdf)).pages
    ]


def test_a_receipt_reaches_cups_as_text_on_its_80_mm_page_with_a_readable_barcode(
    qapp: QApplication, cups: CupsQueue, tmp_path: Path
) -> None:
    delivered = in_a_worker(lambda: print_or_save(receipt(), "K1-0000001", tmp_path, None))
    assert delivered == Delivered(printer=cups.name)
    printed = cups.printed(cups.last_job())
    ((width, height),) = page_sizes(printed)
    assert width == pytest.approx(80 * MM, abs=1) and height > 100 * MM
    # Text, not an image of it. (cups-pdf's PostScript leg keeps the glyphs but not the
    # Cyrillic letters' Unicode names: the figures and Latin letters read back.)
    text = pdf_text(printed)
    assert "K1-0000001" in text and "93,46" in text and "182,79" in text
    assert pdf_barcodes(printed) == ["K1-0000001"]


def test_survey_cards_go_as_one_job_of_a4_pages(
    qapp: QApplication, cups: CupsQueue, tmp_path: Path
) -> None:
    cards = render_cards([FILLED, BLANK, FILLED])
    assert in_a_worker(lambda: print_or_save(cards, "cards", tmp_path, None)).printer == cups.name
    printed = cups.printed(cups.last_job())
    assert page_sizes(printed) == [pytest.approx((210 * MM, 297 * MM), abs=1)] * 3
    assert "4000000127" in pdf_text(printed)
    assert pdf_barcodes(printed, 1, 2) == [BLANK.number]


def test_a_queue_that_refuses_is_an_environment_error_in_lps_words(cups: CupsQueue) -> None:
    with pytest.raises(PrintRefused) as refused:
        submit(receipt(), "no-such-queue", "K1-0000001", (80 * MM, 120 * MM))
    assert is_environment_error(refused.value) and str(refused.value).startswith("lp")


def test_without_cups_qt_prints_in_bands_at_the_printers_resolution(
    qapp: QApplication, tmp_path: Path
) -> None:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "banded.pdf"))
    printer.setResolution(300)
    print_in_bands(load_pdf(receipt()), printer, band_bytes=200_000)  # ~50 rows a band: 28 bands
    printed = (tmp_path / "banded.pdf").read_bytes()
    ((width, _height),) = page_sizes(printed)
    assert width == pytest.approx(80 * MM, abs=1)
    assert pdf_barcodes(printed, 0, 2) == ["K1-0000001"]
