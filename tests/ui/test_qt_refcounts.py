"""PySide6 must not drop references to None and True.

PySide6 6.12.0 lost a reference to True on every signal emitted from Python
and to None in setText; on CPython 3.11, where those objects are not immortal,
the application died with "Fatal Python error: bool_dealloc" after about a
thousand emits, a few minutes of a cashier's work. pyproject.toml excludes
that release; this test fails (or aborts) if such a build comes back.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel


class _Emitter(QObject):
    changed = Signal(int)


def test_emitting_and_set_text_keep_true_and_none_alive(qtbot) -> None:
    emitter = _Emitter()
    seen: list[int] = []
    emitter.changed.connect(seen.append)
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(True), sys.getrefcount(None)
    for value in range(5000):
        emitter.changed.emit(value)
        label.setText(str(value))
    after = sys.getrefcount(True), sys.getrefcount(None)
    assert len(seen) == 5000
    # Other threads may hold a few references more or less; thousands is the bug.
    assert abs(after[0] - before[0]) < 100
    assert abs(after[1] - before[1]) < 100
