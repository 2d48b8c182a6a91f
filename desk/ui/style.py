"""Look and feel: the bundled fonts, the style sheet and the window icon."""

from __future__ import annotations

from importlib import resources

from PySide6.QtGui import QFontDatabase, QIcon, QPixmap
from PySide6.QtWidgets import QApplication

# Bundled so that Cyrillic renders the same on every desk PC, whatever fonts it has.
FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")


def apply_style(app: QApplication) -> None:
    for name in FONT_FILES:
        QFontDatabase.addApplicationFontFromData(_resource_bytes("fonts", name))
    # Fusion draws the same on Windows and Linux, so the style sheet looks the same too.
    app.setStyle("Fusion")
    app.setStyleSheet(_resource_bytes("styles", "desk.qss").decode("utf-8"))
    icon = QPixmap()
    icon.loadFromData(_resource_bytes("icons", "desk.svg"), "SVG")
    app.setWindowIcon(QIcon(icon))


def _resource_bytes(folder: str, name: str) -> bytes:
    return (resources.files("desk_resources") / folder / name).read_bytes()
