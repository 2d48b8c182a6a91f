"""The sync corner of the main window on a real desk file and the real PostgreSQL."""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, event, func, select

from desk.models.db import Database
from desk.models.tables import Payment, Setting
from desk.sync.central import CentralDatabase, LocalServer
from desk.ui.i18n import Translations
from desk.ui.main_window import MainWindow
from tests import zones
from tests.desk_fixtures import on_shift, pay_by_card
from tests.sync import helpers
from tests.sync.helpers import Cuttable, join_desk, load_scenario, outbox_rows
from tests.zones import sofia_minutes

# The fixtures of helpers.py this module uses, where pytest looks for them.
no_keyring = helpers.no_keyring
other_zone = zones.other_zone

# The offscreen platform warns once per shown window; a real display does not.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def network(pg_server: LocalServer, tmp_path: Path) -> Cuttable:
    """The desk's way to the server, cut until the test connects it."""
    return Cuttable(pg_server, tmp_path / "sock")


@pytest.fixture
def desk_file(
    central: CentralDatabase, network: Cuttable, tmp_path: Path, no_keyring: None
) -> Iterator[tuple[Path, int]]:
    """K1 joined through ``network``, with a card payment taken while offline; rows queued."""
    load_scenario(central)
    local, _config = join_desk(central, tmp_path / "k1.sqlite", host=str(network.folder))
    pay_by_card(local, on_shift(local))
    queued = outbox_rows(local)
    local.close()
    yield tmp_path / "k1.sqlite", queued


def central_payments(central: CentralDatabase) -> int:
    with central.read() as session:
        return session.scalar(select(func.count()).select_from(Payment)) or 0


def test_offline_then_sync_now_sends_the_queue_and_shows_online(
    qtbot: QtBot,
    window: MainWindow,
    desk_file: tuple[Path, int],
    network: Cuttable,
    central: CentralDatabase,
) -> None:
    path, queued = desk_file
    status = window.sync.widget
    threads: list[int] = []

    def record(conn: Any, *_args: Any) -> None:
        if conn.engine is not central.engine:  # the test's own look at the central side
            threads.append(threading.get_ident())

    event.listen(Engine, "before_cursor_execute", record)
    try:
        window.show()
        qtbot.waitExposed(window)
        window.open_database(path)

        qtbot.waitUntil(lambda: status.state_text() == "● Офлайн")
        assert status.queue_text() == f"Чакат изпращане: {queued}"
        assert "Няма връзка с централната база" in status.state_label.toolTip()
        assert central_payments(central) == 2

        network.connect()
        window.activateWindow()
        qtbot.waitActive(window)
        qtbot.keyClick(
            window,
            Qt.Key.Key_S,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )

        qtbot.waitUntil(lambda: status.state_text() == "● Онлайн")
        assert status.queue_text() == "Чакат изпращане: 0"
        assert status.last_text().startswith("Последна синхронизация: ")
        assert not status.progress.isVisible()
        assert central_payments(central) == 3
        qtbot.waitUntil(lambda: window.sync.pending == 0)
    finally:
        event.remove(Engine, "before_cursor_execute", record)
    assert threads, "the status and the sync read and wrote databases"
    assert threading.get_ident() not in threads, "the GUI thread never waits on a database"


def test_the_desk_catches_up_by_itself_when_the_server_returns(
    qtbot: QtBot,
    window: MainWindow,
    desk_file: tuple[Path, int],
    network: Cuttable,
    central: CentralDatabase,
) -> None:
    path, _queued = desk_file
    local = Database(path)
    with local.write() as session:
        session.add(Setting(key="sync_interval_s", value="1"))
    local.close()
    status = window.sync.widget
    window.open_database(path)
    qtbot.waitUntil(lambda: status.state_text() == "● Офлайн")
    assert window.sync.timer.interval() == 1000 and window.sync.timer.isActive()

    network.connect()

    qtbot.waitUntil(lambda: status.state_text() == "● Онлайн", timeout=10_000)
    assert status.queue_text() == "Чакат изпращане: 0"
    assert central_payments(central) == 3
    qtbot.waitUntil(lambda: window.sync.pending == 0)


def test_the_status_follows_the_language(
    qtbot: QtBot,
    window: MainWindow,
    desk_file: tuple[Path, int],
    translations: Translations,
) -> None:
    window.open_database(desk_file[0])
    qtbot.waitUntil(lambda: window.sync.widget.state_text() == "● Офлайн")

    window.language_actions["en"].trigger()

    # Qt posts LanguageChange: the texts change once the event loop has run.
    qtbot.waitUntil(lambda: window.sync.widget.state_text() == "● Offline")
    tip = window.sync.widget.state_label.toolTip()
    assert "No connection to the central database." in tip
    assert not re.search("[А-Яа-я]", tip + window.sync.widget.last_text()), tip
    assert window.sync.widget.queue_text() == f"Queued: {desk_file[1]}"
    assert window.sync.action.text() == "&Sync now"
    qtbot.waitUntil(lambda: window.sync.pending == 0)


def test_a_desk_without_a_central_database_does_not_sync(
    qtbot: QtBot, window: MainWindow, day_db: Database, query_counter: list[Any]
) -> None:

    window.open_database(day_db.path)
    status = window.sync.widget

    qtbot.waitUntil(lambda: status.state_text() == "● Само локално")
    qtbot.waitUntil(lambda: window.sync.pending == 0)
    assert not window.sync.action.isEnabled()
    assert not window.sync.timer.isActive()
    assert not status.queue_label.isVisibleTo(window)
    assert "desk join" in status.state_label.toolTip()
    before = len(query_counter)

    window.sync.action.trigger()
    window.sync.sync_now()

    assert window.sync.pending == 0
    assert len(query_counter) == before


@pytest.fixture
def query_counter() -> Iterator[list[Any]]:
    statements: list[Any] = []

    def record(*args: Any) -> None:
        statements.append(args[2])

    event.listen(Engine, "before_cursor_execute", record)
    yield statements
    event.remove(Engine, "before_cursor_execute", record)


def test_a_locked_desk_file_is_shown_calmly_and_the_next_sync_sends_the_queue(
    qtbot: QtBot,
    window: MainWindow,
    desk_file: tuple[Path, int],
    network: Cuttable,
    central: CentralDatabase,
) -> None:
    path, _queued = desk_file
    status = window.sync.widget
    window.open_database(path)
    qtbot.waitUntil(lambda: status.state_text() == "● Офлайн")
    network.connect()
    # Another program holds the write lock: the push reaches the central database,
    # but the desk cannot clear its outbox (SQLite gives up after its busy timeout).
    other = sqlite3.connect(path, timeout=0)
    other.execute("BEGIN IMMEDIATE")
    try:
        window.sync.action.trigger()
        qtbot.waitUntil(lambda: status.state_text() == "● Неуспешна синхронизация", timeout=15_000)
        assert "Базата данни е заета." in status.state_label.toolTip()
        # The connection's words follow the language, the desk's own problem too.
        window.language_actions["en"].trigger()
        qtbot.waitUntil(lambda: status.state_text() == "● Sync failed")
        assert "The database is busy." in status.state_label.toolTip()
        assert not re.search("[А-Яа-я]", status.state_label.toolTip() + status.last_text())
        window.language_actions["bg"].trigger()
        qtbot.waitUntil(lambda: status.state_text() == "● Неуспешна синхронизация")
    finally:
        other.rollback()
        other.close()

    window.sync.action.trigger()

    qtbot.waitUntil(lambda: status.state_text() == "● Онлайн")
    assert status.queue_text() == "Чакат изпращане: 0"
    assert central_payments(central) == 3  # sent twice, taken once
    qtbot.waitUntil(lambda: window.sync.pending == 0)


def test_the_last_sync_is_shown_in_sofia_time_on_a_machine_set_elsewhere(
    qtbot: QtBot,
    window: MainWindow,
    desk_file: tuple[Path, int],
    network: Cuttable,
    other_zone: str,
) -> None:
    status = window.sync.widget
    network.connect()
    before = datetime.now(UTC)
    window.open_database(desk_file[0])

    qtbot.waitUntil(lambda: status.state_text() == "● Онлайн")
    after = datetime.now(UTC)
    # Today in Sofia: the time alone, as the shifts and receipts show it.
    shown = {f"Последна синхронизация: {m}" for m in sofia_minutes(before, after)}
    assert status.last_text() in shown
    qtbot.waitUntil(lambda: window.sync.pending == 0)
