"""Every screen usable on a pay desk's 1366×768 and on 1920×1080 at 125% (issue 13, point 12).

The offscreen platform's screen is set when Qt starts, so the walks through every
screen and dialog (tests/ui/screen_walks.py) run in a pytest of their own, on a
screen of the size asked for; the window's opening place is a rule of its own.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desk.ui.header import DatabaseHeader
from desk.ui.layout import (
    FRAME_ALLOWANCE,
    PREFERRED_WINDOW,
    FormScroll,
    GrowOnLayout,
    keep_rows,
    scrolling_body,
    window_geometry,
)

ROOT = Path(__file__).resolve().parents[2]
WALKS = Path(__file__).with_name("screen_walks.py")


@pytest.mark.parametrize(
    "available",
    [
        QRect(0, 0, 1366, 728),  # 1366×768 under a 40 px taskbar
        QRect(0, 0, 1536, 824),  # 1920×1080 at 125%, under the taskbar
        QRect(0, 0, 1280, 984),  # 1280×1024
    ],
)
def test_on_a_pay_desks_screen_the_window_opens_maximised(available: QRect) -> None:
    assert window_geometry(available) is None


def test_on_a_large_screen_the_window_opens_centred_with_room_for_its_frame() -> None:
    available = QRect(0, 0, 1920, 1040)
    geometry = window_geometry(available)
    assert geometry is not None
    assert geometry.size() == PREFERRED_WINDOW
    assert geometry.center() == available.center()
    framed = geometry.adjusted(0, -FRAME_ALLOWANCE.height(), 0, 0)
    assert available.contains(framed)


def test_on_a_second_screen_the_window_opens_on_that_screen() -> None:
    available = QRect(1920, 0, 2560, 1400)
    geometry = window_geometry(available)
    assert geometry is not None and available.contains(geometry)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("screen", "scale"),
    [(QSize(1366, 768), "1"), (QSize(1920, 1080), "1.25")],
    ids=["1366x768", "1920x1080-at-125%"],
)
def test_every_screen_and_dialog_is_usable(tmp_path: Path, screen: QSize, scale: str) -> None:
    config = tmp_path / "screen.json"
    config.write_text(
        json.dumps(
            {
                "screens": [
                    {
                        "name": "desk",
                        "x": 0,
                        "y": 0,
                        "width": screen.width(),
                        "height": screen.height(),
                        "logicalDpi": 96,
                        "dpr": 1,
                    }
                ]
            }
        )
    )
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
        "QT_SCALE_FACTOR": scale,
    }
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(WALKS)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
    assert "6 passed" in done.stdout, done.stdout[-2000:]  # not skipped: the screen was set


def test_a_dialog_grown_for_a_message_stays_on_the_screen(qtbot: QtBot) -> None:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    field, message = QLineEdit(), QLabel(wordWrap=True)
    message.hide()
    layout = QVBoxLayout(dialog)
    layout.addWidget(field)
    layout.addWidget(message)
    grow = GrowOnLayout(dialog)
    dialog.installEventFilter(grow)
    area = dialog.screen().availableGeometry()
    dialog.setGeometry(area.left() + 10, area.bottom() - 80, 300, 60)
    dialog.show()
    qtbot.waitExposed(dialog)
    height = field.height()

    message.setText("A refusal in words that wraps over several lines of the dialog. " * 3)
    message.show()
    qtbot.waitUntil(lambda: message.height() >= message.heightForWidth(message.width()))
    assert field.height() == height
    assert dialog.frameGeometry().bottom() <= area.bottom()


def test_a_long_database_path_never_widens_the_window(qtbot: QtBot) -> None:
    header = DatabaseHeader()
    qtbot.addWidget(header)
    path = Path("//fileserver/toplofikatsia/pay-desks/mladost") / ("k1-" * 60 + "desk.sqlite")
    header.show_database(path)
    header.resize(1000, header.sizeHint().height())
    header.show()
    qtbot.waitExposed(header)

    assert header.minimumSizeHint().width() < 1000
    assert header.database_text() == f"Database: {path}"
    shown = header._database.text()
    assert "…" in shown and shown.endswith("desk.sqlite")  # the file's name stays
    assert header._database.toolTip() == f"Database: {path}"


def test_a_scrolling_form_shows_the_field_or_list_that_gets_the_keys(qtbot: QtBot) -> None:
    page = QWidget()
    qtbot.addWidget(page)
    body = scrolling_body(page)
    layout = QVBoxLayout(body)
    fields = [QLineEdit() for _ in range(12)]
    for field in fields:
        layout.addWidget(field)
    history = QTableWidget(6, 3)
    keep_rows(history, 4)
    layout.addWidget(history, 1)
    page.resize(600, 300)
    page.show()
    qtbot.waitExposed(page)
    area = page.findChild(FormScroll)
    assert area is not None

    def shown(widget: QWidget) -> bool:
        where = QRect(widget.mapTo(area.viewport(), QPoint(0, 0)), widget.size())
        return area.viewport().rect().contains(where)

    assert not shown(history)
    history.setFocus()  # as a save that puts the keys there would
    qtbot.waitUntil(lambda: shown(history))  # the whole list, not only its first row
    fields[0].setFocus()
    qtbot.waitUntil(lambda: shown(fields[0]))
