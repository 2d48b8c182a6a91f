"""A finished PDF to a printer, for the cashier and the information desk alike.

Where the printer is a CUPS queue the PDF goes to it as it is (desk.printing.spool):
text stays text, the page keeps its size, and the queue rasterises, if it must,
at the printer's own resolution. Elsewhere (Windows) Qt draws the pages onto the
printer at the printer's own resolution, one band at a time: a whole A4 page at
1,200 dpi is a 557 MB image, a band of it a few MB (issue 15).
Runs in a worker, never on the GUI thread.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QRectF, QSize
from PySide6.QtGui import QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument, QPdfDocumentRenderOptions
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from desk.printing import spool
from desk.printing.spool import PrintRefused

BAND_BYTES = 8 * 1024 * 1024  # one band's image: ~200 rows of an A4 page at 1,200 dpi


def print_pdf(pdf: bytes, info: QPrinterInfo, title: str) -> None:
    """Print every page of ``pdf`` on the printer ``info``, as one job named ``title``."""
    document = load_pdf(pdf)
    if document.error() != QPdfDocument.Error.None_ or document.pageCount() == 0:
        raise PrintRefused(f"not a printable PDF: {title}")
    first = document.pagePointSize(0)
    if spool.cups_available():
        spool.submit(pdf, info.printerName(), title, (first.width(), first.height()))
        return
    printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    print_in_bands(document, printer)


def load_pdf(pdf: bytes) -> QPdfDocument:
    """``pdf`` opened for Qt; the document owns the buffer it reads from."""
    document = QPdfDocument()
    buffer = QBuffer(document)
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    return document


def print_in_bands(document: QPdfDocument, printer: QPrinter, band_bytes: int = BAND_BYTES) -> None:
    """Draw each page at ``printer``'s resolution, a band of ``band_bytes`` at a time."""
    printer.setFullPage(True)
    # The receipt page is 80 mm wide and as long as its lines: the roll cuts there.
    printer.setPageSize(QPageSize(document.pagePointSize(0), QPageSize.Unit.Point))
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintRefused(f"the printer {printer.printerName()} cannot be opened")
    try:
        for page in range(document.pageCount()):
            if page and not printer.newPage():
                raise PrintRefused(f"the printer {printer.printerName()} stopped the job")
            _draw_page(painter, document, page, printer.resolution(), band_bytes)
    finally:
        painter.end()


def _draw_page(
    painter: QPainter, document: QPdfDocument, page: int, dpi: int, band_bytes: int
) -> None:
    points = document.pagePointSize(page)
    full = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
    target = QRectF(painter.viewport())
    scale_y = target.height() / full.height()
    rows = max(1, band_bytes // (4 * full.width()))
    for top in range(0, full.height(), rows):
        height = min(rows, full.height() - top)
        options = QPdfDocumentRenderOptions()
        options.setScaledSize(full)
        # Qt scales a clipped render by (right - left) / width, one pixel short:
        # a clip one pixel wider and taller than the band gives the page's own scale.
        options.setScaledClipRect(QRect(0, top, full.width() + 1, height + 1))
        band = document.render(page, QSize(full.width(), height), options)
        painter.drawImage(
            QRectF(target.x(), target.y() + top * scale_y, target.width(), height * scale_y), band
        )
