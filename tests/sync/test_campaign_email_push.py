"""`desk campaign email` at a desk joined to a real central database: the cards reach
the centre before the first message goes, so the web form there knows a card whose
link a payer follows at once; offline, the batch warns what that costs and goes on."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select, text

from desk.cli import main
from desk.models.db import Database
from desk.models.tables import SurveyCard
from desk.services.users import DEMO_PASSWORD
from desk.sync.central import CentralDatabase, LocalServer
from desk.sync.service import sync_once
from desk.ui.i18n import Translations
from tests.email_helpers import SENDER, WEB, MailServer
from tests.sync import helpers
from tests.sync.helpers import Cuttable, join_desk, load_scenario
from tests.ui.cashier.steps import Printed
from tests.ui.info.steps import close_info_window, make_info_window
from tests.ui.info.test_email_cards import finished, open_dialog, settings_saved

no_keyring = helpers.no_keyring

PAYER = "4000000010"  # the scenario's punctual payer, holding a property since 2015
ON = "2026-11-22"


@pytest.fixture
def server() -> Iterator[MailServer]:
    running = MailServer().start()
    yield running
    running.stop()


def e_invoice_payer(central: CentralDatabase) -> None:
    """The scenario, its payer taking e-invoices at an address on file (centrally, so
    the desk's replica has it as the billing import would have put it)."""
    load_scenario(central)
    with central.write() as session:
        session.execute(
            text(
                "UPDATE payer SET e_invoice = true, email = 'p@example.test' WHERE payer_code = :c"
            ),
            {"c": PAYER},
        )


def campaign(path: Path, server: MailServer, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.setenv("DESK_PASSWORD", DEMO_PASSWORD)
    monkeypatch.delenv("DESK_SMTP_PASSWORD", raising=False)
    db = ["--lang", "en", "--db", str(path), "campaign"]
    smtp = ["smtp", "--as", "sluzhitel", "--host", "127.0.0.1", "--port", str(server.port)]
    assert main([*db, *smtp, "--security", "none", "--sender", SENDER]) == 0
    return [*db, "email", "--as", "sluzhitel", "--on", ON, "--web-url", WEB]


def central_cards(central: CentralDatabase) -> dict[str, str]:
    with central.read() as session:
        return dict(session.execute(select(SurveyCard.number, SurveyCard.channel)).all())


def local_cards(local: Database) -> set[str]:
    with local.read() as session:
        return set(session.scalars(select(SurveyCard.number)))


def test_the_centre_holds_the_cards_before_they_are_sent(
    central: CentralDatabase,
    tmp_path: Path,
    no_keyring: None,
    server: MailServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    e_invoice_payer(central)
    local, _config = join_desk(central, tmp_path / "k1.sqlite")
    local.close()
    at_send: list[dict[str, str]] = []
    server.inbox.on_rcpt = lambda _count: at_send.append(central_cards(central))
    assert main(campaign(tmp_path / "k1.sqlite", server, monkeypatch)) == 0
    out, err = capsys.readouterr()
    assert "Cards: 1; sent 1" in out and "Warning" not in err
    (message,) = server.inbox.received
    number = str(message["X-Desk-Card"])
    assert at_send == [{number: "email"}]  # at the centre when the server was handed it


def test_offline_the_batch_warns_and_goes_on_and_the_next_sync_brings_the_cards(
    central: CentralDatabase,
    pg_server: LocalServer,
    tmp_path: Path,
    no_keyring: None,
    server: MailServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    e_invoice_payer(central)
    network = Cuttable(pg_server, tmp_path / "sock")
    local, _config = join_desk(central, tmp_path / "k1.sqlite", host=str(network.folder))
    argv = campaign(tmp_path / "k1.sqlite", server, monkeypatch)
    assert main(argv) == 0
    out, err = capsys.readouterr()
    assert "Cards: 1; sent 1" in out
    assert "did not reach the central database" in err
    assert "will count as returned only after the next sync" in err
    assert central_cards(central) == {}
    network.connect()
    assert sync_once(local).online
    assert central_cards(central) == dict.fromkeys(local_cards(local), "email")
    local.close()


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
@pytest.mark.parametrize("online", [True, False])
def test_the_dialog_pushes_the_cards_before_sending_or_warns_offline(
    qtbot: QtBot,
    translations: Translations,
    central: CentralDatabase,
    pg_server: LocalServer,
    tmp_path: Path,
    no_keyring: None,
    server: MailServer,
    online: bool,
) -> None:
    """The information desk's dialog does what the command line does, in its worker:
    the card at the centre before the server is handed it, or a warning at the end."""
    e_invoice_payer(central)
    network = Cuttable(pg_server, tmp_path / "sock")
    if online:
        network.connect()
    local, _config = join_desk(central, tmp_path / "k1.sqlite", host=str(network.folder))
    local.close()
    settings_saved(tmp_path / "k1.sqlite", server)
    at_send: list[dict[str, str]] = []
    server.inbox.on_rcpt = lambda _count: at_send.append(central_cards(central))
    window = make_info_window(qtbot, translations, tmp_path / "k1.sqlite", Printed())
    try:
        dialog = open_dialog(qtbot, window)
        qtbot.keyClick(dialog.host, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: finished(dialog), timeout=60_000)
        (message,) = server.inbox.received
        number = str(message["X-Desk-Card"])
        status = dialog.status.text()
        assert status.startswith("Готово. 1 от 1 карти: 1 изпратени")
        if online:
            assert at_send == [{number: "email"}]
            assert "централната база" not in status
        else:
            assert at_send == [{}]
            assert "ще се броят за върнати едва след следващата синхронизация" in status
    finally:
        close_info_window(qtbot, window)
