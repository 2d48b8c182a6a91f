"""The audit log tab: filters, pages of 200 as the view scrolls, read-only."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desk.models.tables import Desk, User
from desk.services.audit_log import AuditRow
from desk.services.context import audit
from desk.ui.main_window import MainWindow
from desk.ui.supervisor.audit_page import AuditModel, AuditPage
from tests.desk_fixtures import NOON, make_day_db
from tests.ui.supervisor.steps import open_supervisor, open_tab

Make = Callable[..., MainWindow]
FIRST = datetime(2026, 11, 10, 8, 0)


def a_logged_desk(tmp_path: Path) -> Path:
    """K1 with 450 entries before today's logins: 10 days of 45, every 5th a void."""
    db = make_day_db(tmp_path / "desk.sqlite")
    with db.write() as session:
        kasier1 = session.scalar(select(User.id).where(User.username == "kasier1"))
        k1 = session.scalar(select(Desk.id).where(Desk.code == "K1"))
        for n in range(450):
            at = FIRST + timedelta(days=n // 45, minutes=10 * (n % 45))
            action = "void" if n % 5 == 4 else "payment"
            audit(session, action, at, user_id=kasier1, desk_id=k1, receipt=n)
    db.close()
    return tmp_path / "desk.sqlite"


def audit_tab(qtbot: QtBot, window: MainWindow) -> AuditPage:
    panel = open_supervisor(qtbot, window)
    page = panel.audit
    open_tab(qtbot, window, page)
    qtbot.waitUntil(lambda: not page.loading and page.model.total > 0)
    return page


def test_the_log_pages_newest_first_as_the_view_scrolls(
    qtbot: QtBot, supervisor_window: Make, tmp_path: Path
) -> None:
    window = supervisor_window(a_logged_desk(tmp_path))
    page = audit_tab(qtbot, window)
    assert page.day_to.date() == QDate(2026, 11, 22)
    assert page.day_from.date() == QDate(2026, 10, 23)
    model = page.model
    assert model.total == 451, "450 entries and the supervisor's login"
    first = [model.index(0, c).data() for c in range(5)]
    assert first[:3] == ["22.11.2026 12:00", "Стефан Колев (nachalnik)", "K1"]
    assert model.rowCount() == 200
    assert page.count.text().startswith("200") and "451" in page.count.text()

    page.table.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() == 400)
    page.table.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() == 451)
    assert not model.canFetchMore(QModelIndex())
    times = [row.at for row in model.rows]
    assert times == sorted(times, reverse=True)
    assert len({row.id for row in model.rows}) == 451
    assert model.rows[-1].at == FIRST and model.rows[-1].details() == "бележка № K1-0000000"
    assert model.index(450, 4).data() == "бележка № K1-0000000"


def test_filter_by_action_with_the_keyboard_and_by_dates(
    qtbot: QtBot, supervisor_window: Make, tmp_path: Path
) -> None:
    window = supervisor_window(a_logged_desk(tmp_path))
    page = audit_tab(qtbot, window)
    actions = [page.action.itemData(i) for i in range(page.action.count())]
    assert actions == [None, "login", "payment", "void"]

    page.action.setFocus()
    for _ in range(3):
        qtbot.keyClick(page.action, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: not page.loading and page.model.total == 90)
    assert {page.model.rows[i].action for i in range(page.model.rowCount())} == {"void"}
    assert page.model.rowCount() == 90

    page.day_to.setDate(QDate(2026, 11, 12))
    page.day_from.setDate(QDate(2026, 11, 11))
    qtbot.waitUntil(lambda: not page.loading and page.model.total == 18)
    days = {row.at.date() for row in page.model.rows}
    assert days == {date(2026, 11, 11), date(2026, 11, 12)}

    with_user = page.user.findData(page.choices.users[0][0])  # "admin": nothing logged
    page.user.setCurrentIndex(with_user)
    qtbot.waitUntil(lambda: not page.loading and page.model.total == 0)
    assert page.model.rowCount() == 0


def test_the_log_is_read_only(qtbot: QtBot, supervisor_window: Make, tmp_path: Path) -> None:
    window = supervisor_window(a_logged_desk(tmp_path))
    page = audit_tab(qtbot, window)
    assert page.table.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    index = page.model.index(0, 4)
    assert not page.model.flags(index) & Qt.ItemFlag.ItemIsEditable
    assert not page.model.setData(index, "changed")
    page.table.setCurrentIndex(index)
    qtbot.keyClick(page.table, Qt.Key.Key_F2)
    assert page.table.state() != QAbstractItemView.State.EditingState


def test_the_audit_model_passes_the_model_tester(qtmodeltester: ModelTester) -> None:
    model = AuditModel()
    rows = tuple(
        AuditRow(n, NOON - timedelta(minutes=n), "Мария Петрова (kasier1)", "K1", "payment", "")
        for n in range(3)
    )
    model.start(1, 10, rows)
    wanted: list[tuple[int, int]] = []
    model.more_wanted.connect(lambda generation, offset: wanted.append((generation, offset)))
    qtmodeltester.check(model)  # it fetches more too
    model.fetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert wanted == [(1, 3)], "one read at a time"
    model.append(0, rows)  # an answer to an older filter
    assert model.rowCount() == 3
    model.append(1, rows)
    assert model.rowCount() == 6
    qtmodeltester.check(model)


def test_logging_out_while_the_filters_are_read_drops_the_answer(
    qtbot: QtBot, supervisor_window: Make, tmp_path: Path
) -> None:
    """Before: the choices came back after the log-out and asked for a page as nobody
    (state.user asserts in the slot, which pytest-qt reports as a failure)."""
    window = supervisor_window(a_logged_desk(tmp_path))
    page = audit_tab(qtbot, window)
    page.activated()  # the choices are being read...
    window.cashier.log_out()  # ...and the supervisor logs out
    qtbot.waitUntil(lambda: window.tasks.pending == 0)
    assert page.user.count() == 0 and page.model.rowCount() == 0
    assert not page.loading and page.choices.users == ()


def test_scrolling_while_entries_are_logged_shows_each_once(
    qtbot: QtBot, supervisor_window: Make, tmp_path: Path
) -> None:
    path = a_logged_desk(tmp_path)
    window = supervisor_window(path)
    page = audit_tab(qtbot, window)
    model = page.model
    assert model.rowCount() == 200
    db = window.cashier.state.db
    with db.write() as session:  # a busy desk logs on meanwhile, at the top
        for minute in range(1, 31):
            audit(session, "payment", NOON + timedelta(minutes=minute), user_id=None, desk_id=None)
    page.table.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() == 400)
    page.table.scrollToBottom()
    qtbot.waitUntil(lambda: not model.canFetchMore(QModelIndex()) and window.tasks.pending == 0)
    ids = [row.id for row in model.rows]
    assert len(ids) == len(set(ids)) == 451, "the 451 there when the tab opened, none twice"
    assert model.rows[-1].at == FIRST
