"""A desk without a printer saves its receipts: each database in a folder of its own
(two files both working as K1 never meet), and no saved receipt is ever replaced."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinterInfo
from pytestqt.qtbot import QtBot

from desk.models.identity import database_id
from desk.ui.cashier.history_dialog import HistoryDialog
from desk.ui.i18n import Translations
from desk.ui.kit import receipt_output
from desk.ui.kit.receipt_preview import ReceiptPreview
from desk.ui.main_window import MainWindow
from tests.desk_fixtures import make_day_db
from tests.printing_helpers import pdf_text
from tests.ui.cashier.steps import (
    Printed,
    at_the_account,
    close_window,
    enter,
    make_window,
    plain,
    press_pay,
    wait_dialog,
    wait_window,
)


class NoPrinter:
    """The outer edge: a desk with no default printer (the file is the real one)."""

    @staticmethod
    def defaultPrinter() -> QPrinterInfo:
        return QPrinterInfo()


@pytest.fixture
def receipts_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where the desk's data folder is (platformdirs reads XDG_DATA_HOME): its receipts."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setattr(receipt_output, "QPrinterInfo", NoPrinter)
    return tmp_path / "data" / "desk" / "receipts"


def saving_window(qtbot: QtBot, translations: Translations, path: Path) -> MainWindow:
    window = make_window(qtbot, translations, path, Printed())
    del window.cashier.panel.receipts.output  # the real one: printer, or a file
    return window


def pay_by_card(qtbot: QtBot, window: MainWindow) -> None:
    """The punctual payer's bill by card, the receipt printed with Enter (saved)."""
    at_the_account(qtbot, window)
    tender = press_pay(qtbot, window)
    qtbot.keyClick(tender, Qt.Key.Key_F3)
    enter(qtbot, tender.card)
    enter(qtbot, wait_dialog(qtbot, window.cashier.panel, ReceiptPreview))


def saved(home: Path) -> list[Path]:
    return sorted(home.rglob("*.pdf"))


def first_receipt_saved(qtbot: QtBot, translations: Translations, path: Path, home: Path) -> Path:
    """A new K1 database at ``path``, its first receipt paid and saved: its folder."""
    db = make_day_db(path)
    folder = home / database_id(db)
    db.close()
    window = saving_window(qtbot, translations, path)
    pay_by_card(qtbot, window)
    file, message = folder / "K1-0000001.pdf", window.cashier.panel.message
    qtbot.waitUntil(lambda: file.exists() and str(file) in plain(message.text()))
    close_window(qtbot, window)
    return folder


def test_two_databases_both_k1_keep_each_its_own_receipt(
    qtbot: QtBot, translations: Translations, tmp_path: Path, receipts_home: Path
) -> None:
    folders = [
        first_receipt_saved(qtbot, translations, tmp_path / name, receipts_home)
        for name in ("desk.sqlite", "another-desk.sqlite")
    ]

    assert folders[0] != folders[1]
    assert saved(receipts_home) == sorted(folder / "K1-0000001.pdf" for folder in folders)
    for file in saved(receipts_home):
        assert "K1-0000001" in pdf_text(file.read_bytes())


def test_a_receipt_saved_twice_keeps_both_files(
    qtbot: QtBot, translations: Translations, tmp_path: Path, receipts_home: Path
) -> None:
    db = make_day_db(tmp_path / "desk.sqlite")
    folder = receipts_home / database_id(db)
    db.close()
    window = saving_window(qtbot, translations, tmp_path / "desk.sqlite")
    panel = window.cashier.panel
    pay_by_card(qtbot, window)
    qtbot.waitUntil(lambda: len(saved(receipts_home)) == 1)
    wait_window(qtbot, window)

    # A copy of the receipt printed twice (F8 history, F6 reprint, Enter): two copies.
    qtbot.keyClick(panel.account.view, Qt.Key.Key_F8)
    history = wait_dialog(qtbot, panel, HistoryDialog)
    qtbot.waitUntil(lambda: history.model.rowCount() == 3)
    for copies in (2, 3):
        qtbot.keyClick(history.table, Qt.Key.Key_F6)
        enter(qtbot, wait_dialog(qtbot, panel, ReceiptPreview))
        qtbot.waitUntil(lambda copies=copies: len(saved(receipts_home)) == copies)
        qtbot.waitUntil(lambda: history.isActiveWindow())

    assert [p.name for p in saved(receipts_home)] == [
        "K1-0000001-copy-2.pdf",
        "K1-0000001-copy.pdf",
        "K1-0000001.pdf",
    ]
    assert {p.parent for p in saved(receipts_home)} == {folder}
    # The file lands before the worker's "saved to …" reaches the message line.
    last = str(folder / "K1-0000001-copy-2.pdf")
    qtbot.waitUntil(lambda: last in plain(panel.message.text()))
    assert not any(p.name.endswith(".pdf.pdf") for p in saved(receipts_home))
    qtbot.keyClick(history, Qt.Key.Key_Escape)
    close_window(qtbot, window)
