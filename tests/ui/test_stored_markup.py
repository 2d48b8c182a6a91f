"""Text from the database is shown as typed, never rendered as markup.

An address typed on the campaign's web form reaches every desk. Qt's labels guess
rich text by default, so ``<span style="font-size:26pt;color:#080">…</span>`` would
show as big green writing on the cashier's payer card (a forged "no debts" notice).
Here a payer's name, address and e-mail hold markup, and each role's window shows
the characters themselves: every label that carries them is plain text.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select, update

from desk.models.db import Database
from desk.models.tables import Desk, Payer, User
from desk.services.context import audit
from desk.ui.cashier.confirm import ask_to_confirm
from desk.ui.i18n import Translations
from desk.ui.main_window import MainWindow
from desk.ui.plain_text import plain_tooltip
from tests.desk_fixtures import NOON, make_day_db
from tests.ui.cashier.steps import Printed, at_the_account, close_window, make_window
from tests.ui.info.conftest import make_info_db
from tests.ui.info.steps import close_info_window, info_panel, make_info_window, open_payer
from tests.ui.supervisor.steps import (
    close_supervisor_window,
    make_supervisor_window,
    open_supervisor,
    open_tab,
)

FORGED = '<span style="font-size:26pt;color:#080">✔ НЯМА ЗАДЪЛЖЕНИЯ</span>'
NAME = "<b>x</b> Иван Петров"
EMAIL = "<i>ivan</i>@example.com"
CASHIER_PAYER = "4000000010"  # commercial_discount_on_time
INFO_PAYER = "4000000127"  # court_case_and_final_warning


def put_markup_in(db: Database, payer_code: str) -> None:
    """The payer's name, address and e-mail as a hostile web form or import leaves them."""
    with db.write() as session:
        session.execute(
            update(Payer)
            .where(Payer.payer_code == payer_code)
            .values(name=NAME, address=FORGED, email=EMAIL)
        )


def labels_with(top: QWidget, text: str) -> list[QLabel]:
    return [label for label in top.findChildren(QLabel) if text in label.text()]


def assert_no_label_renders(top: QWidget) -> None:
    """Every label in the window that carries the stored markup shows it as typed."""
    for marker in ("<span", "<b>", "<i>"):
        for label in labels_with(top, marker):
            assert label.textFormat() == Qt.TextFormat.PlainText, (
                label.objectName(),
                label.text(),
            )


@pytest.fixture
def printed() -> Printed:
    return Printed()


@pytest.fixture
def cashier_window(
    qtbot: QtBot, translations: Translations, tmp_path: Path, printed: Printed
) -> Iterator[MainWindow]:
    db = make_day_db(tmp_path / "desk.sqlite")
    put_markup_in(db, CASHIER_PAYER)
    db.close()
    window = make_window(qtbot, translations, tmp_path / "desk.sqlite", printed)
    yield window
    close_window(qtbot, window)


def test_the_payer_card_shows_a_forged_address_as_typed(
    qtbot: QtBot, cashier_window: MainWindow
) -> None:
    window = cashier_window
    at_the_account(qtbot, window, CASHIER_PAYER)
    card = window.cashier.panel.account.card

    name = card.findChild(QLabel, "payerName")
    contacts = card.findChild(QLabel, "payerContacts")
    assert name.text() == NAME
    assert name.textFormat() == Qt.TextFormat.PlainText
    assert FORGED in contacts.text() and EMAIL in contacts.text()
    assert contacts.textFormat() == Qt.TextFormat.PlainText
    assert labels_with(window, "<span")  # the walk below has something to check
    assert_no_label_renders(window)


def test_the_contacts_page_names_a_payer_with_markup_as_typed(
    qtbot: QtBot, translations: Translations, tmp_path: Path
) -> None:
    db = make_info_db(tmp_path / "info.sqlite", "court_case_and_final_warning")
    put_markup_in(db, INFO_PAYER)
    db.close()
    window = make_info_window(qtbot, translations, tmp_path / "info.sqlite", Printed())
    try:
        open_payer(qtbot, window, INFO_PAYER)
        panel = info_panel(window)
        bar = panel.payer_tabs.tabBar()
        qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(1).center())
        page = panel.contacts
        qtbot.waitUntil(lambda: page.loaded is not None and page.isEnabled())

        assert NAME in page.payer_line.text()
        assert page.payer_line.textFormat() == Qt.TextFormat.PlainText
        assert page.address.text() == FORGED and page.email.text() == EMAIL
        assert labels_with(window, "<b>")
        assert_no_label_renders(window)
        # Every page of the payer, not only the one in sight.
        for index in range(panel.payer_tabs.count()):
            panel.payer_tabs.setCurrentIndex(index)
            qtbot.waitUntil(lambda: window.tasks.pending == 0)
            assert_no_label_renders(window)
    finally:
        close_info_window(qtbot, window)


@pytest.fixture
def supervisor_db(tmp_path: Path) -> Path:
    """The day's desk with the forged address changed at the desk and logged."""
    path = tmp_path / "desk.sqlite"
    db = make_day_db(path)
    put_markup_in(db, CASHIER_PAYER)
    with db.write() as session:
        user = session.scalar(select(User.id).where(User.username == "kasier1"))
        desk = session.scalar(select(Desk.id).where(Desk.code == "K1"))
        audit(session, "contacts", NOON, user_id=user, desk_id=desk, address=FORGED)
    db.close()
    return path


def test_the_supervisor_sees_a_logged_address_as_typed(
    qtbot: QtBot, translations: Translations, supervisor_db: Path
) -> None:
    window = make_supervisor_window(qtbot, translations, supervisor_db, Printed(), "nachalnik")
    try:
        look_at_the_audit_log(qtbot, window)
    finally:
        close_supervisor_window(qtbot, window)


def look_at_the_audit_log(qtbot: QtBot, window: MainWindow) -> None:
    panel = open_supervisor(qtbot, window)
    page = panel.audit
    open_tab(qtbot, window, page)
    qtbot.waitUntil(lambda: page.model.rowCount() > 0)
    model = page.model
    tips = [
        model.data(model.index(row, 4), Qt.ItemDataRole.ToolTipRole)
        for row in range(model.rowCount())
    ]
    forged = [tip for tip in tips if "font-size" in tip]
    assert forged, tips
    # Escaped: a tooltip renders no span, it shows the characters.
    assert all("<span" not in tip and "&lt;span" in tip for tip in forged)
    assert_no_label_renders(window)


def test_a_plain_tooltip_is_escaped_rich_text() -> None:
    tip = plain_tooltip("a <b>x</b> & b")
    assert GuiQt.mightBeRichText(tip)
    assert "&lt;b&gt;x&lt;/b&gt; &amp; b" in tip
    assert plain_tooltip("") == ""


def test_a_question_quoting_stored_text_shows_it_as_typed(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    box = ask_to_confirm(parent, "Confirm", f"Take 900 from {NAME}?", "Yes", lambda: None)
    try:
        assert box.textFormat() == Qt.TextFormat.PlainText
        assert NAME in box.text()
    finally:
        box.done(0)


def test_no_screen_makes_a_label_that_guesses_rich_text() -> None:
    """A new ``QLabel(...)`` would show stored text as markup again: labels are DataLabels."""
    ui = Path(__file__).resolve().parents[2] / "desk" / "ui"
    guessing = {
        str(path.relative_to(ui))
        for path in ui.rglob("*.py")
        if path.name != "plain_text.py" and "QLabel(" in path.read_text("utf-8")
    }
    assert guessing == set()
