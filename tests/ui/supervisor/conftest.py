"""Fixtures of the supervisor's screens: a real main window on a real SQLite file,
someone logged in (the supervisor "nachalnik" unless told), the clock at NOON."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desk.ui.i18n import Translations
from desk.ui.main_window import MainWindow
from tests.ui.cashier.steps import Printed
from tests.ui.supervisor.steps import close_supervisor_window, make_supervisor_window


@pytest.fixture
def documents() -> Printed:
    """The A4 documents the supervisor printed (instead of a printer)."""
    return Printed()


@pytest.fixture
def supervisor_window(
    qtbot: QtBot, translations: Translations, documents: Printed
) -> Iterator[Callable[..., MainWindow]]:
    """Call with the path of a database (closed) and optionally ``user=``: the window,
    that user logged in. Open the panel with steps.open_supervisor."""
    made: list[MainWindow] = []

    def make(db_path: Path, user: str = "nachalnik") -> MainWindow:
        window = make_supervisor_window(qtbot, translations, db_path, documents, user)
        made.append(window)
        return window

    yield make
    for window in made:
        close_supervisor_window(qtbot, window)
