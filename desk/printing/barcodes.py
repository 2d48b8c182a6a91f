"""Code 128 barcodes drawn as vector bars (python-barcode computes the modules)."""

from __future__ import annotations

import barcode
from reportlab.pdfgen.canvas import Canvas


def code128_modules(value: str) -> str:
    """The bar pattern: '1' is a dark module, '0' a light one."""
    return str(barcode.get("code128", value).build()[0])


def draw_code128(
    canvas: Canvas, value: str, x: float, y: float, width: float, height: float
) -> None:
    """Draw ``value`` with quiet zones of 10 modules inside ``width`` points."""
    modules = code128_modules(value)
    module = width / (len(modules) + 20)
    canvas.saveState()
    canvas.setFillColorRGB(0, 0, 0)
    start = None
    for i, bit in enumerate(modules + "0"):
        if bit == "1" and start is None:
            start = i
        elif bit == "0" and start is not None:
            canvas.rect(
                x + (10 + start) * module, y, (i - start) * module, height, stroke=0, fill=1
            )
            start = None
    canvas.restoreState()
