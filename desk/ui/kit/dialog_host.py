"""The dialogs of a panel: window-modal, no nested event loop, hidden under the lock.

Every dialog of a panel opens through ``open_dialog``, so that the idle lock can
hide them and bring them back and a test can answer them. An answer that arrives
after a log-out opens nothing (the next person must not see it); one that arrives
while the screen is locked waits for the unlock.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QWidget

from desk.ui.kit.session import DeskState


class DialogHost:
    """Mixin for a panel with ``state``, ``dialogs`` and ``dialog_parent``."""

    state: DeskState
    dialogs: list[QDialog]
    dialog_parent: QWidget

    def open_dialog(self, dialog: QDialog) -> None:
        if self.state.ctx is None:
            # Logged out while the answer was on its way: not for the next person's eyes.
            dialog.deleteLater()
            return
        self.dialogs.append(dialog)
        dialog.finished.connect(lambda _code: self._dialog_closed(dialog))
        if self.state.locked:
            return  # shown with the others when the screen is unlocked (show_dialogs)
        dialog.open()

    def _dialog_closed(self, dialog: QDialog) -> None:
        if dialog in self.dialogs:
            self.dialogs.remove(dialog)
        dialog.deleteLater()
        # The keys go back to the window (or the dialog below), whatever the window manager does.
        below = next((d for d in reversed(self.dialogs) if d.isVisible()), None)
        (below or self.dialog_parent).activateWindow()

    def hide_dialogs(self) -> None:
        for dialog in self.dialogs:
            dialog.hide()

    def show_dialogs(self) -> None:
        for dialog in self.dialogs:
            dialog.open()
