"""Reading our PDFs back: text with pypdf, barcodes from a rendered page with zxing-cpp."""

from __future__ import annotations

from io import BytesIO

import pypdfium2
import zxingcpp
from pypdf import PdfReader


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(BytesIO(pdf)).pages)


def pdf_barcodes(pdf: bytes, page: int = 0, scale: float = 4) -> list[str]:
    document = pypdfium2.PdfDocument(pdf)
    image = document[page].render(scale=scale).to_pil()
    return [result.text for result in zxingcpp.read_barcodes(image)]


def pdf_rows(pdf: bytes, page: int = 0) -> list[str]:
    """The page's text row by row as pdfium lays it out (a label and its amount on
    one row), each stripped of the indent."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        text = document[page].get_textpage().get_text_range()
    finally:
        document.close()
    return [row.strip() for row in text.replace("\r", "").split("\n")]
