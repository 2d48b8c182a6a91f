"""The base of a page about one payer (a tab of the payer's workspace)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractButton, QWidget

from desk.ui.environment import describe_environment_error
from desk.ui.i18n import Retranslating
from desk.ui.kit.context import PageContext
from desk.ui.kit.widgets import ProblemLabel


class InfoPage(Retranslating, QWidget):
    """A tab about the payer that is open; it reads its own data through ``info.state.run``.

    ``changed`` tells the panel that the payer's account changed (a saved contact,
    tenure, agreement or plan): the panel reads the payer again and every page is
    shown the payer anew.
    """

    changed = Signal()

    def __init__(self, info: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.info = info
        self.payer_code: str | None = None

    def show_payer(self, payer_code: str) -> None:
        """Called on the GUI thread whenever a payer is opened (or read again)."""
        self.payer_code = payer_code

    def clear(self) -> None:
        self.payer_code = None

    def title(self) -> str:
        """The tab's text, in the current language."""
        raise NotImplementedError

    def retranslate(self) -> None:
        pass


class FormPage(InfoPage):
    """A page that saves a form: its Save button is off while a save runs, and a
    refusal or a problem of the machine is shown in words under the form."""

    save_button: QAbstractButton
    problem: ProblemLabel
    busy = False

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self._enable_save(not busy)
        if not busy and self.window().focusWidget() is self:
            self.save_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _enable_save(self, enabled: bool) -> None:
        """Save on or off. Turned off with the keyboard on it (or due back on it when a
        dialog closes), the button would hand the keyboard to the next widget of the
        window, outside this form (the F7 button), and Ctrl+S and typing would go there:
        the form keeps the keyboard instead."""
        if not enabled and self.window().focusWidget() is self.save_button:
            self.setFocus(Qt.FocusReason.OtherFocusReason)
        self.save_button.setEnabled(enabled)

    def _show_problem(self, message: str) -> None:
        self.problem.show_problem(message)

    def _refused(self, message: str) -> None:
        self._set_busy(False)
        self._show_problem(message)

    def _environment_error(self, error: BaseException) -> None:
        self._set_busy(False)
        title, advice = describe_environment_error(error)
        self._show_problem(f"{title} {advice}")
