"""The payer's card on a pay desk's 1366×768: a payer with all four contacts (the web
form fills them) does not widen the main window past the screen."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from desk.services.contacts import change_contact
from desk.ui.main_window import MainWindow
from tests.desk_fixtures import NOON, cashier
from tests.ui.info.steps import info_panel, open_payer

PAYER = "4000000127"
EMAIL = "accounting.department.of.the.housing.cooperative@very-long-company-name.example"
ADDRESS = "гр. София, ж.к. Младост 4, бл. 437, вх. Б, ет. 11, ап. 128, до входа на паркинга"


def test_a_payer_with_all_four_contacts_keeps_the_window_within_1366_wide(
    qtbot: QtBot, info_window: Callable[[str], MainWindow]
) -> None:
    window = info_window("court_case_and_final_warning")
    db = window.cashier.state.db
    ctx = cashier(db)
    for field, value in [
        ("phone", "0888 123 457"),
        ("phone_2", "02 981 1234"),
        ("email", EMAIL),
        ("address", ADDRESS),
    ]:
        change_contact(db, ctx, PAYER, field, value, NOON)
    window.resize(1366, 768)
    open_payer(qtbot, window, PAYER)

    contacts = info_panel(window).account.card.findChild(QLabel, "payerContacts")
    qtbot.waitUntil(lambda: EMAIL in contacts.text())
    assert EMAIL in contacts.text() and ADDRESS in contacts.text()  # all of it, wrapped
    hint = window.minimumSizeHint()
    assert hint.width() <= 1366 and hint.height() <= 768
    assert window.width() <= 1366
    assert contacts.height() >= contacts.heightForWidth(contacts.width())  # every line shown
