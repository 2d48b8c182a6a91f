"""A dialog's answer that arrives after a log-out closed the dialog lands nowhere.

Log-out (or the locked screen's "Log out") closes every dialog of a panel, busy or
not; the worker it started still answers. Before issue 17's review the answer
reached a deleted dialog ("Internal C++ object already deleted"), which a user
would have met as the crash window when logging out right after logging in.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from desk.services import shifts
from desk.ui.cashier import shift_open
from desk.ui.cashier.shift_open import OpenShiftDialog
from desk.ui.main_window import MainWindow
from tests.ui.cashier.steps import log_in


@pytest.fixture
def held_read_gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """The opening dialog's first read (is a shift held elsewhere?) waits for the test."""
    gate = threading.Event()

    def held_shift(*args: object, **kwargs: object) -> object:
        gate.wait(timeout=60)
        return shifts.held_shift(*args, **kwargs)

    monkeypatch.setattr(shift_open, "held_shift", held_shift)
    yield gate
    gate.set()  # never leave a worker waiting


def test_logging_out_while_the_opening_dialog_reads_drops_its_answer(
    qtbot: QtBot, desk_window: MainWindow, held_read_gate: threading.Event
) -> None:
    cashier = desk_window.cashier
    log_in(qtbot, desk_window)  # a cashier with no shift: the opening dialog, reading
    qtbot.waitUntil(lambda: any(isinstance(d, OpenShiftDialog) for d in cashier.panel.dialogs))
    dialog = next(d for d in cashier.panel.dialogs if isinstance(d, OpenShiftDialog))
    assert dialog.busy, "its read is held at the gate"
    tasks = cashier.panel.state.tasks

    cashier.log_out_action.trigger()
    qtbot.waitUntil(cashier.overlay.isVisible)
    qtbot.waitUntil(lambda: not cashier.panel.dialogs)
    held_read_gate.set()
    qtbot.waitUntil(lambda: tasks.pending == 0)  # the answer was delivered, to nobody

    log_in(qtbot, desk_window)  # the next person meets a fresh opening dialog
    qtbot.waitUntil(lambda: any(isinstance(d, OpenShiftDialog) for d in cashier.panel.dialogs))
