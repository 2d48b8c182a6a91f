"""Issue 13 point 9: the final warning leaves the cashier's screen once the payer
has paid everything overdue, as it leaves the statement (one rule,
desk.billing.quote.final_warning)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desk.models.db import Database
from desk.services.statement import statement_data
from desk.ui.i18n import Translations
from desk.ui.kit.receipt_preview import ReceiptPreview
from tests.desk_fixtures import NOON, make_scenario_db
from tests.ui.cashier.steps import (
    Printed,
    close_window,
    enter,
    log_in,
    make_window,
    open_account,
    open_shift,
    plain,
    press_pay,
    wait_dialog,
    wait_window,
)

WARNED = "4000000127"  # a case in `warning` over two overdue bills, 40 + 35 €
FINAL_WARNING = "Последно предупреждение преди съд"


@pytest.fixture
def warned_db(tmp_path: Path) -> Iterator[Database]:
    db = make_scenario_db(tmp_path / "warned.sqlite", "court_case_and_final_warning")
    yield db
    db.close()


def test_paying_everything_overdue_takes_the_final_warning_off_the_screen(
    qtbot: QtBot, translations: Translations, warned_db: Database, printed: Printed
) -> None:
    window = make_window(qtbot, translations, warned_db.path, printed)
    panel = window.cashier.panel
    banners = panel.account.card
    try:
        log_in(qtbot, window)
        open_shift(qtbot, window)
        open_account(qtbot, window, WARNED)
        assert FINAL_WARNING in banners.banner_texts
        assert "Просрочено: 75,00 €" in [plain(t) for t in banners.banner_texts]
        assert statement_data(warned_db, WARNED, NOON.date()).final_warning

        tender = press_pay(qtbot, window)
        qtbot.keyClicks(tender.cash, "75")
        enter(qtbot, tender.cash)
        preview = wait_dialog(qtbot, panel, ReceiptPreview)
        enter(qtbot, preview.print_button)
        wait_window(qtbot, window)

        # The account is read again: nothing is overdue, so no final warning,
        # though the case is still at `warning` in the central data.
        qtbot.waitUntil(lambda: panel.account.model.rowCount() == 0)
        qtbot.waitUntil(lambda: FINAL_WARNING not in banners.banner_texts)
        assert not any("Просрочено" in t for t in banners.banner_texts)
        # The statement says the same.
        assert not statement_data(warned_db, WARNED, NOON.date()).final_warning
    finally:
        close_window(qtbot, window)
