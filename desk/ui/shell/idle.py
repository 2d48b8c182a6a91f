"""The idle lock: no key or mouse input for a while, and the login comes back."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal

from desk.settings import IDLE_LOCK_MINUTES

INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


class IdleWatch(QObject):
    """Emits ``idle`` after ``interval_ms`` without input anywhere in the application.

    It sees the input through the one application-wide event filter of the desk
    (``CashierDesk.eventFilter`` calls ``saw``), not a filter of its own: each such
    filter is a call into Python for every event of every widget, some hundreds to
    show one account (issue 15)."""

    idle = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self, singleShot=True, interval=IDLE_LOCK_MINUTES * 60_000)
        self._timer.timeout.connect(self.idle)

    @property
    def interval_ms(self) -> int:
        return self._timer.interval()

    @interval_ms.setter
    def interval_ms(self, value: int) -> None:
        self._timer.setInterval(value)

    @property
    def watching(self) -> bool:
        return self._timer.isActive()

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def saw(self, kind: QEvent.Type) -> None:
        """An event of ``kind`` went to some object: input starts the wait again."""
        if kind in INPUT_EVENTS and self._timer.isActive():
            self._timer.start()
