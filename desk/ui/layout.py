"""Sizes that hold on a pay desk's 1366×768 screen and at 125% scaling (issue 13, point 12).

- A long form scrolls (``scrolling_body``) instead of pushing the window past the
  screen or squeezing its rows: the page's minimum height is then a few lines, and
  every field keeps the height its text needs.
- A table keeps a few rows readable (``keep_rows``), a field the width of its
  longest usual text (``keep_text_width``): minimums come from the font's metrics,
  so they grow with the font and the scaling.
- A dialog grows to show a message that appears in it (``grow_to_contents``)
  rather than squeezing its fields, and stays within the screen.
- The main window opens within the screen's available area (``show_on_screen``):
  maximised on a pay desk's screen, at a comfortable size on a larger one.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QScrollArea,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk.ui.plain_text import DataLabel
from desk.ui.style import named

# The main window's size on a screen with room to spare; smaller screens get it maximised.
PREFERRED_WINDOW = QSize(1280, 800)
# A window manager's title bar and borders around a window, at most (Windows 11 at 125%:
# 39 px of title bar and borders in logical pixels, rounded up).
FRAME_ALLOWANCE = QSize(16, 48)


class FormScroll(QScrollArea):
    """Scrolls a page's form; the field that gets the keys is scrolled into view."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("formScroll")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        # Tab scrolls by itself; a field focused by code (a problem found on Save) does not.
        body = self.widget()
        if new is None or body is None or not body.isAncestorOf(new):
            return
        whole = QRect(new.mapTo(body, QPoint(0, 0)), new.size())
        if whole.height() + 16 <= self.viewport().height():
            # All of it (a list, not only its current row, which Qt would settle for).
            centre, half = whole.center(), whole.size() / 2
            self.ensureVisible(centre.x(), centre.y(), half.width() + 8, half.height() + 8)
        else:
            self.ensureWidgetVisible(new, 8, 8)


class ElidingLabel(DataLabel):
    """One line of data (a path) that never widens its window: shortened in the middle
    with "…" when it has less room than it needs, whole in its tooltip."""

    def __init__(self, parent: QWidget | None = None, objectName: str = "") -> None:
        super().__init__(parent=parent, objectName=objectName)
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def set_full_text(self, text: str) -> None:
        self._full = text
        self._elide()

    def full_text(self) -> str:
        return self._full

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._elide()

    def _elide(self) -> None:
        room = self.contentsRect().width()
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideMiddle, room)
        if not self.isVisible() or room <= 0:
            shown = self._full  # not laid out yet: shortened once it has a width
        self.setText(shown)
        self.setToolTip(self._full if shown != self._full else "")


def scrolling_body(page: QWidget) -> QWidget:
    """Fill ``page`` with a scroll area; lay the page's content out in the widget returned.

    When the page has room, the content fills it as before (tables stretch); when it
    has not, the content keeps its minimum size and the page scrolls.
    """
    area = FormScroll(page)
    body = named(QWidget(), "formBody")
    area.setWidget(body)
    outer = QVBoxLayout(page)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.addWidget(area)
    return body


def keep_rows(view: QTableView, rows: int) -> None:
    """The table never gets shorter than its header and ``rows`` rows of the font in use."""
    row = max(view.verticalHeader().defaultSectionSize(), view.fontMetrics().height() + 8)
    header = view.horizontalHeader().sizeHint().height()
    scroll_bar = view.horizontalScrollBar().sizeHint().height()
    view.setMinimumHeight(header + rows * row + scroll_bar + 2 * view.frameWidth())


def keep_text_width(widget: QWidget, sample: str, extra: int = 0) -> None:
    """The field is never narrower than ``sample`` typed into it (plus its frame and
    ``extra`` pixels for arrows or a button)."""
    metrics = widget.fontMetrics()
    padding = 2 * metrics.averageCharWidth() + 16  # the frame, the margins, the cursor
    widget.setMinimumWidth(metrics.horizontalAdvance(sample) + padding + extra)


def available_area(widget: QWidget) -> QRect:
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def grow_to_contents(window: QWidget) -> None:
    """A dialog whose content needs more height than it has (a message appeared and
    wrapped) grows to it, within the screen; nothing in it is squeezed."""
    layout = window.layout()
    if layout is None or not window.isWindow():
        return
    layout.activate()
    width = window.width()
    if layout.hasHeightForWidth():
        needed = layout.totalHeightForWidth(width)
    else:
        needed = layout.totalSizeHint().height()
    needed = max(needed, layout.totalMinimumSize().height())
    area = available_area(window)
    height = min(needed, area.height() - FRAME_ALLOWANCE.height())
    if height > window.height():
        window.resize(width, height)
        below = window.frameGeometry().bottom() - area.bottom()
        if below > 0:  # grown past the bottom of the screen: up by as much
            window.move(window.x(), max(area.top(), window.y() - below))


class GrowOnLayout(QObject):
    """Event filter for a dialog: after every change of its layout, ``grow_to_contents``."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.LayoutRequest
            and isinstance(watched, QWidget)
            and watched.isVisible()
        ):
            grow_to_contents(watched)
        return False


def window_geometry(available: QRect, preferred: QSize = PREFERRED_WINDOW) -> QRect | None:
    """Where the main window opens on a screen whose available area is ``available``:
    a centred rectangle, or None for maximised (the preferred size and a frame do not fit)."""
    if (
        preferred.width() + FRAME_ALLOWANCE.width() > available.width()
        or preferred.height() + FRAME_ALLOWANCE.height() > available.height()
    ):
        return None
    geometry = QRect(0, 0, preferred.width(), preferred.height())
    geometry.moveCenter(available.center())
    return geometry


def show_on_screen(window: QWidget) -> None:
    """Show the main window within the available area of its screen."""
    available = available_area(window)
    geometry = window_geometry(available)
    if geometry is None:
        # Without a window manager (a kiosk, Xvfb) nothing maximises: the geometry holds.
        window.setGeometry(available)
        window.showMaximized()
    else:
        window.setGeometry(geometry)
        window.show()
