"""DejaVu Sans for reportlab: its built-in fonts have no Cyrillic."""

from __future__ import annotations

from functools import cache
from importlib import resources

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"


@cache
def register_fonts() -> None:
    fonts = resources.files("desk_resources") / "fonts"
    for name in (REGULAR, BOLD):
        with resources.as_file(fonts / f"{name}.ttf") as path:
            pdfmetrics.registerFont(TTFont(name, str(path)))
