"""Survey cards by e-mail from the Campaign tab (issue 16): the clerk types the mail
server's settings, sends a batch to a real SMTP server on loopback (aiosmtpd) off
the GUI thread, watches the progress, cancels one midway, exports to a folder, and
sees the refusals in the list."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desk.models.db import open_database
from desk.services.email_cards import (
    load_smtp_settings,
    load_web_url,
    save_smtp_settings,
    save_web_url,
)
from desk.services.users import DEMO_PASSWORD, log_in
from desk.ui.i18n import Translations
from desk.ui.info.email_cards_page import EmailCardsDialog
from desk.ui.main_window import MainWindow
from tests.desk_fixtures import NOON
from tests.email_helpers import SENDER, WEB, MailServer, make_email_demo
from tests.services.test_email_cards import expected_addresses
from tests.ui.cashier.steps import Printed, type_text
from tests.ui.info.steps import close_info_window, make_info_window, top_dialog
from tests.ui.info.test_campaign import campaign_tab


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("email_ui") / "demo.sqlite"
    make_email_demo(path, properties=24).close()
    return path


@pytest.fixture
def server() -> Iterator[MailServer]:
    running = MailServer().start()
    yield running
    running.stop()


@pytest.fixture
def window(
    qtbot: QtBot, translations: Translations, tmp_path: Path, documents: Printed, demo_file: Path
) -> Iterator[MainWindow]:
    path = tmp_path / "desk.sqlite"
    path.write_bytes(demo_file.read_bytes())
    made = make_info_window(qtbot, translations, path, documents)
    yield made
    close_info_window(qtbot, made)


def settings_saved(path: Path, server: MailServer) -> None:
    """The mail server set up already (as a clerk did yesterday)."""
    db = open_database(path)
    try:
        result, ctx = log_in(db, "sluzhitel", DEMO_PASSWORD, "K1", NOON)
        assert ctx is not None, result
        save_smtp_settings(db, ctx, server.settings(), None)
        save_web_url(db, ctx, WEB)
    finally:
        db.close()


def open_dialog(qtbot: QtBot, window: MainWindow) -> EmailCardsDialog:
    page = campaign_tab(qtbot, window)
    page.table.setFocus()
    qtbot.waitUntil(page.table.hasFocus)
    qtbot.keyClick(page.table, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: top_dialog(window, EmailCardsDialog) is not None)
    dialog: EmailCardsDialog = top_dialog(window, EmailCardsDialog)
    qtbot.waitUntil(lambda: dialog.loaded is not None and window.tasks.pending == 0)
    return dialog


def retype(qtbot: QtBot, widget: object, text: str) -> None:
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(widget, Qt.Key.Key_Delete)
    type_text(widget, text)  # type: ignore[arg-type]


def finished(dialog: EmailCardsDialog) -> bool:
    return dialog.run is None and dialog.send_button.isEnabled()


def test_the_clerk_sets_the_server_up_sends_the_batch_and_sees_the_refusal(
    qtbot: QtBot, window: MainWindow, server: MailServer, qtmodeltester: ModelTester
) -> None:
    db = window.cashier.state.db
    due = expected_addresses(db)
    refused = sorted(due.values())[0]
    server.inbox.refuse = {refused}

    dialog = open_dialog(qtbot, window)
    assert dialog.loaded is not None and dialog.loaded.settings is None
    assert f": {len(due)} (" in dialog.due.text()

    # The settings, typed: host, port, no encryption, the sender in Cyrillic.
    dialog.host.setFocus()
    type_text(dialog.host, "127.0.0.1")
    qtbot.keyClick(dialog.host, Qt.Key.Key_Tab)
    assert dialog.port.hasFocus()
    retype(qtbot, dialog.port, str(server.port))
    qtbot.keyClick(dialog.port, Qt.Key.Key_Tab)
    assert dialog.security.hasFocus()
    qtbot.keyClick(dialog.security, Qt.Key.Key_End)  # the last: none
    type_text(dialog.sender_edit, SENDER)
    type_text(dialog.web_url, WEB)
    qtbot.keyClick(dialog.web_url, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled() and window.tasks.pending == 0)
    assert dialog.status.text() == "Настройките са запазени."
    assert load_smtp_settings(db) == server.settings()
    assert load_web_url(db) == WEB

    # Ctrl+Enter sends; the bar moves on the GUI thread while the worker sends.
    values: list[int] = []
    dialog.progress.valueChanged.connect(values.append)
    qtbot.keyClick(dialog.web_url, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert not dialog.send_button.isEnabled() and dialog.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: finished(dialog), timeout=60_000)

    assert len(server.inbox.received) == len(due) - 1
    assert server.inbox.recipients() == {a: 1 for a in due.values() if a != refused}
    assert dialog.progress.maximum() == len(due) and dialog.progress.value() == len(due)
    assert values[-1] == len(due) and len(set(values)) > 2  # it moved card by card
    assert dialog.status.text().startswith(f"Готово. {len(due)} от {len(due)} карти: ")
    assert f"{len(due) - 1} изпратени, 1 отказани" in dialog.status.text()
    # The refusal in the list; nobody is due any more.
    qtbot.waitUntil(lambda: dialog.problems_model.rowCount() == 1)
    row = [dialog.problems_model.text(0, c) for c in range(7)]
    assert row[1] == "Отказан" and row[4] == refused
    assert "550" in row[6]
    qtmodeltester.check(dialog.problems_model)
    assert ": 0 (" in dialog.due.text()

    # In English: the status and the list worded again.
    window.translations.use("en")  # LanguageChange arrives on the next turn
    english = f"Finished. {len(due)} of {len(due)} cards: {len(due) - 1} sent, 1 refused"
    qtbot.waitUntil(lambda: dialog.status.text().startswith(english))
    assert dialog.problems_model.text(0, 1) == "Refused"
    window.translations.use("bg")
    qtbot.waitUntil(lambda: dialog.status.text().startswith("Готово."))
    # Esc closes it when nothing runs.
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: top_dialog(window, EmailCardsDialog) is None)


def test_cancel_midway_stops_after_the_card_under_way(
    qtbot: QtBot, window: MainWindow, server: MailServer
) -> None:
    db = window.cashier.state.db
    settings_saved(db.path, server)
    due = expected_addresses(db)
    at_third, go_on = threading.Event(), threading.Event()

    def hold(count: int) -> None:  # the server's thread, at each recipient
        if count == 3:
            at_third.set()
            go_on.wait(30)

    server.inbox.on_rcpt = hold
    dialog = open_dialog(qtbot, window)

    qtbot.keyClick(dialog.host, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(at_third.is_set)
    qtbot.waitUntil(lambda: dialog.progress.value() == 2)
    # Esc while sending cancels, and the dialog stays.
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and not dialog.cancel_button.isEnabled()
    go_on.set()
    qtbot.waitUntil(lambda: finished(dialog), timeout=30_000)

    assert len(server.inbox.received) == 3
    assert dialog.progress.value() == 3
    assert dialog.status.text().startswith(f"Отказано. 3 от {len(due)} карти: 3 изпратени")
    qtbot.waitUntil(lambda: window.tasks.pending == 0)
    assert f": {len(due) - 3} (" in dialog.due.text()


def test_export_to_a_folder_chosen_in_the_chooser(
    qtbot: QtBot, window: MainWindow, server: MailServer, tmp_path: Path
) -> None:
    db = window.cashier.state.db
    settings_saved(db.path, server)
    due = expected_addresses(db)
    folder = tmp_path / "out"
    folder.mkdir()
    dialog = open_dialog(qtbot, window)

    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.folder_dialog is not None)
    chooser = dialog.folder_dialog
    assert chooser is not None
    chooser.setDirectory(str(folder))
    chooser.selectFile(str(folder))
    chooser.accept()
    qtbot.waitUntil(lambda: finished(dialog), timeout=60_000)

    assert len(list(folder.glob("anketa-*.pdf"))) == len(due)
    assert (folder / "manifest.csv").is_file()
    assert server.inbox.received == []
    assert dialog.status.text().startswith(f"Готово. {len(due)} от {len(due)} карти: ")


def test_a_wrong_sender_is_refused_in_words(qtbot: QtBot, window: MainWindow) -> None:
    dialog = open_dialog(qtbot, window)
    type_text(dialog.host, "smtp.example.bg")
    type_text(dialog.sender_edit, "не е адрес")
    qtbot.keyClick(dialog.sender_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: dialog.settings_problem.isVisible())
    assert "не е адрес" in dialog.settings_problem.text()
    assert load_smtp_settings(window.cashier.state.db) is None


def test_logging_out_mid_batch_closes_the_dialog_and_stops_the_batch(
    qtbot: QtBot, window: MainWindow, server: MailServer
) -> None:
    db = window.cashier.state.db
    settings_saved(db.path, server)
    at_second, go_on = threading.Event(), threading.Event()

    def hold(count: int) -> None:
        if count == 2:
            at_second.set()
            go_on.wait(30)

    server.inbox.on_rcpt = hold
    dialog = open_dialog(qtbot, window)
    qtbot.keyClick(dialog.host, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(at_second.is_set)

    window.cashier.log_out()
    assert top_dialog(window, EmailCardsDialog) is None
    go_on.set()
    # The worker finishes the card under way and stops; its answer finds no dialog.
    qtbot.waitUntil(lambda: window.tasks.pending == 0, timeout=30_000)
    assert len(server.inbox.received) == 2
    assert window.cashier.overlay.isVisible()


def test_closed_before_its_figures_arrive_the_dialog_drops_them(
    qtbot: QtBot, window: MainWindow
) -> None:
    page = campaign_tab(qtbot, window)
    page.table.setFocus()
    qtbot.waitUntil(page.table.hasFocus)
    qtbot.keyClick(page.table, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: top_dialog(window, EmailCardsDialog) is not None)
    dialog = top_dialog(window, EmailCardsDialog)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # the read of the settings still under way

    qtbot.waitUntil(lambda: top_dialog(window, EmailCardsDialog) is None)
    qtbot.waitUntil(lambda: window.tasks.pending == 0)
    # Ctrl+E opens a fresh one, with the figures.
    again = open_dialog(qtbot, window)
    assert again is not dialog and again.loaded is not None


def test_the_end_of_the_batch_says_how_many_cards_are_uncertain(
    qtbot: QtBot, window: MainWindow, server: MailServer
) -> None:
    """The server takes the second message and drops the connection unanswered: the
    line at the end counts the card as uncertain (not sent, not failed), in the UI's
    language, and the list shows it."""
    db = window.cashier.state.db
    settings_saved(db.path, server)
    due = expected_addresses(db)
    server.inbox.drop_at = {2}  # after the final dot: the sender cannot know
    dialog = open_dialog(qtbot, window)
    qtbot.keyClick(dialog.host, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: finished(dialog), timeout=60_000)
    status = dialog.status.text()
    assert status.startswith(f"Готово. {len(due)} от {len(due)} карти: {len(due) - 1} изпратени")
    assert "Несигурни: 1 (" in status
    qtbot.waitUntil(lambda: dialog.problems_model.rowCount() == 1)
    assert dialog.problems_model.text(0, 1).startswith("несигурно")
    window.translations.use("en")
    qtbot.waitUntil(lambda: "Uncertain: 1 (" in dialog.status.text())
    window.translations.use("bg")
