"""Look and feel: the bundled fonts, the style sheet and the window icon."""

from __future__ import annotations

from importlib import resources
from typing import Any, TypeVar

from PySide6.QtCore import QObject
from PySide6.QtGui import QFontDatabase, QIcon, QPixmap
from PySide6.QtWidgets import QApplication, QMenuBar, QProxyStyle, QStyle, QStyleFactory

# Bundled so that Cyrillic renders the same on every desk PC, whatever fonts it has.
FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")

Named = TypeVar("Named", bound=QObject)


def named(widget: Named, name: str) -> Named:
    """``widget`` with the object name the style sheet (desk.qss) and the tests find it by.

    PySide6 also takes it as a keyword, ``QLineEdit(objectName="amount")``, but its stubs
    declare only a class's own properties as keywords, not QObject's ``objectName``, so
    mypy refuses that call; ``named(QLineEdit(), "amount")`` does the same, typed.
    """
    widget.setObjectName(name)
    return widget


class DeskStyle(QProxyStyle):
    """Fusion, except that Alt pressed and released alone does not hand the keys to the
    menu bar: a stray Alt (or one left from Alt+Shift, the usual layout switch) must not
    make the next letter the cashier types open a menu instead of reaching the field.
    Alt held with a letter (Alt+F) still opens its menu: no keyboard layout types a
    letter with Alt (AltGr is another key), so that accelerator takes nothing typed.

    Only the menu bar asks for that hint, so only the menu bar has this style (see
    ``guard_menu_bar``): a Python style is asked through Python for every metric,
    hint and primitive of every widget it draws, tens of thousands of calls to build
    the window and hundreds to show each account (issue 15)."""

    def styleHint(self, hint: QStyle.StyleHint, *args: Any) -> int:
        if hint == QStyle.StyleHint.SH_MenuBar_AltKeyNavigation:
            return 0
        return super().styleHint(hint, *args)


def guard_menu_bar(menu_bar: QMenuBar) -> None:
    """A lone Alt leaves ``menu_bar`` alone (DeskStyle); the rest of the window keeps
    the application's own style, drawn by Qt without calling Python."""
    style = DeskStyle(QStyleFactory.create("Fusion"))
    style.setParent(menu_bar)  # a widget does not own the style it is given
    menu_bar.setStyle(style)


def apply_style(app: QApplication) -> None:
    for name in FONT_FILES:
        QFontDatabase.addApplicationFontFromData(_resource_bytes("fonts", name))
    # Fusion draws the same on Windows and Linux, so the style sheet looks the same too.
    app.setStyle(QStyleFactory.create("Fusion"))
    app.setStyleSheet(_resource_bytes("styles", "desk.qss").decode("utf-8"))
    icon = QPixmap()
    icon.loadFromData(_resource_bytes("icons", "desk.svg"), "SVG")
    app.setWindowIcon(QIcon(icon))


def _resource_bytes(folder: str, name: str) -> bytes:
    return (resources.files("desk_resources") / folder / name).read_bytes()
