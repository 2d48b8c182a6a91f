"""A write lock held by another program (issue 14, "Busy database").

Another process holds BEGIN IMMEDIATE on the desk's SQLite file for longer
than the busy timeout: the payment is not made (its one transaction never
began), the cashier is told so in words and F5 takes it again; once the other
program lets go, the retry is stored once, with the next receipt number.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from desk.models import db as db_module
from desk.models.db import Database
from desk.models.tables import Payment, Receipt
from desk.services.payments import PaymentDone
from desk.ui.environment import describe_environment_error, problem_kind
from desk.ui.kit.receipt_preview import ReceiptPreview
from desk.ui.main_window import MainWindow
from tests.desk_fixtures import on_shift, pay_by_card
from tests.ui.cashier.steps import at_the_account, enter, plain, press_pay, wait_dialog

# Another program: takes the write lock, says so, holds it until told, lets go.
HOLDER = r"""
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("held", flush=True)
sys.stdin.readline()
conn.execute("ROLLBACK")
conn.close()
print("released", flush=True)
"""


class Holder:
    """A second process holding the write lock of ``path``, released on ``release()``."""

    def __init__(self, path: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        assert self.process.stdout.readline() == "held\n"  # waits for the state, no sleep

    def release(self) -> None:
        assert self.process.stdin is not None and self.process.stdout is not None
        if self.process.poll() is None:
            self.process.stdin.write("\n")
            self.process.stdin.flush()
            assert self.process.stdout.readline() == "released\n"
        self.process.wait(timeout=30)


@pytest.fixture
def holder_for() -> Iterator[list[Holder]]:
    holders: list[Holder] = []
    yield holders
    for holder in holders:
        holder.release()


@pytest.fixture
def short_busy_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same wait as on a desk, shorter: the test need not wait 5 s for the refusal."""
    monkeypatch.setattr(db_module, "BUSY_TIMEOUT_MS", 300)


def counts(db: Database) -> tuple[int, int]:
    with db.read() as session:
        return (
            session.scalar(select(func.count()).select_from(Payment)) or 0,
            session.scalar(select(func.count()).select_from(Receipt)) or 0,
        )


def test_the_service_writes_nothing_while_locked_and_the_retry_is_stored_once(
    short_busy_timeout: None, tmp_path: Path, day_db: Database, holder_for: list[Holder]
) -> None:
    db = Database(day_db.path)  # connections made with the busy timeout of the test
    ctx = on_shift(db)
    payments, receipts = counts(db)
    holder = Holder(db.path)
    holder_for.append(holder)

    with pytest.raises(OperationalError) as locked:
        pay_by_card(db, ctx)

    assert problem_kind(locked.value) == "busy"
    assert counts(db) == (payments, receipts)
    holder.release()
    done: PaymentDone = pay_by_card(db, ctx)
    assert done.receipt_number == 1, "no number was used up by the refused attempt"
    assert counts(db) == (payments + 1, receipts + 1)
    db.close()


def test_the_cashier_is_told_and_f5_takes_the_payment_once_after_the_lock_goes(
    short_busy_timeout: None,
    qtbot: QtBot,
    desk_window: MainWindow,
    holder_for: list[Holder],
) -> None:
    window, panel = desk_window, desk_window.cashier.panel
    at_the_account(qtbot, window)
    db = window.cashier.state.db
    before = counts(db)
    holder = Holder(db.path)
    holder_for.append(holder)

    tender = press_pay(qtbot, window)
    qtbot.keyClick(tender, Qt.Key.Key_F3)
    enter(qtbot, tender.card)

    qtbot.waitUntil(lambda: not panel.flow.paying, timeout=10_000)
    title, advice = describe_environment_error(_busy_error())
    shown = plain(panel.message.text())
    assert shown.startswith(title) and shown.endswith(advice)
    assert "F5" in shown and "OperationalError" not in shown and "locked" not in shown
    assert counts(db) == before

    holder.release()
    tender = press_pay(qtbot, window)  # F5 works again: the payment was not stuck
    qtbot.keyClick(tender, Qt.Key.Key_F3)
    enter(qtbot, tender.card)
    enter(qtbot, wait_dialog(qtbot, panel, ReceiptPreview))

    qtbot.waitUntil(lambda: counts(db) == (before[0] + 1, before[1] + 1))
    qtbot.waitUntil(lambda: not panel.flow.paying)
    assert counts(db) == (before[0] + 1, before[1] + 1)


def _busy_error() -> OperationalError:
    """What SQLite raises for a lock held too long, to word as the screen words it."""
    import sqlite3

    original = sqlite3.OperationalError("database is locked")
    original.sqlite_errorname = "SQLITE_BUSY"  # type: ignore[attr-defined]
    return OperationalError("BEGIN IMMEDIATE", {}, original)
