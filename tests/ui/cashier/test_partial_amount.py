"""A partial amount out of range is refused in words at the row, never silently changed
(issue 13, point 8): more than the balance is not "in full", zero is not "untick"."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desk.ui.account.models import BALANCE, TO_PAY
from desk.ui.main_window import MainWindow
from tests.ui.cashier.steps import at_the_account, enter, plain, row_of


def test_a_partial_amount_over_the_balance_is_refused_at_the_row(
    qtbot: QtBot, desk_window: MainWindow
) -> None:
    window, panel = desk_window, desk_window.cashier.panel
    at_the_account(qtbot, window)
    account = panel.account
    view, model, row = account.view, account.model, row_of(window, "0000000003")
    view.setCurrentIndex(model.index(row, 0))
    to_pay = plain(model.text(row, TO_PAY))
    balance = plain(model.text(row, BALANCE))

    qtbot.keyClick(view, "9")  # the first digit opens the amount editor
    editor = QApplication.focusWidget()
    assert editor.objectName() == "amountEditor"
    qtbot.keyClicks(editor, "9999")
    enter(qtbot, editor)

    # Refused in words naming the balance; the editor stays open with the amount selected.
    assert plain(account.amount_problem.text()) == (
        f"0000000003: сумата трябва да е от 0,01 € до остатъка {balance}"
    )
    assert account.amount_problem.isVisible()
    assert QApplication.focusWidget() is editor and editor.selectedText() == "99999"
    assert plain(model.text(row, TO_PAY)) == to_pay, "nothing changed behind the cashier"

    # Zero is no way to untick either (Space is): refused the same way.
    account.amount_problem.show_problem("")
    qtbot.keyClick(editor, "0")
    enter(qtbot, editor)
    assert "0,01 €" in plain(account.amount_problem.text())
    assert QApplication.focusWidget() is editor and editor.selectedText() == "0"

    # Letters are not an amount: said, not dropped silently.
    qtbot.keyClicks(editor, "4o")
    enter(qtbot, editor)
    assert account.amount_problem.text() == "4o: не е сума; напишете напр. 50 или 42,12"
    assert QApplication.focusWidget() is editor

    # A good amount is taken and the line goes.
    editor.selectAll()
    qtbot.keyClicks(editor, "42,12")
    enter(qtbot, editor)
    qtbot.waitUntil(lambda: plain(model.text(row, TO_PAY)) == "42,12 €")
    assert not account.amount_problem.isVisible()


def test_typed_amounts_parse_with_the_languages_marks() -> None:
    from PySide6.QtCore import QLocale

    from desk.money import Money
    from desk.ui.kit.formatting import parse_amount

    before = QLocale()
    try:
        QLocale.setDefault(QLocale("bg_BG"))
        assert parse_amount("1 234,56") == Money(123456)
        assert parse_amount("1\xa0234,56 €") == Money(123456)
        assert parse_amount("42.12") == Money(4212)
        assert parse_amount("1,234.56") is None  # not guessed at: refused in words
        QLocale.setDefault(QLocale("en_GB"))
        assert parse_amount("1,234.56") == Money(123456)
        assert parse_amount("12,345") == Money(1234500)
        assert parse_amount("42.12") == Money(4212)
        assert parse_amount("1,2345") is None
    finally:
        QLocale.setDefault(before)


def test_typed_amounts_are_what_the_desk_always_took_not_all_babel_reads() -> None:
    """babel reads the number, the desk's shapes say what is one (issue 17)."""
    from PySide6.QtCore import QLocale

    from desk.money import Money
    from desk.ui.kit.formatting import parse_amount

    before = QLocale()
    try:
        for language in ("bg_BG", "en_GB"):
            QLocale.setDefault(QLocale(language))
            for text in ("-5", "+5", "1e3", "1_000", "1.234,56", "5,", "1,234.567"):
                assert parse_amount(text) is None, (language, text)
            assert parse_amount("1234567890") is None, language  # ten digits of euro
            assert parse_amount("123456789,99") == Money(12345678999)
            assert parse_amount("12,34") == Money(1234), language  # either mark decimal
            assert parse_amount("1 2 3 €") == Money(12300)
        QLocale.setDefault(QLocale("bg_BG"))
        assert parse_amount("1,234") is None  # a comma groups nothing in Bulgarian
        assert parse_amount("0,001") is None
        QLocale.setDefault(QLocale("en_GB"))
        assert parse_amount("1,234") == Money(123400)
        assert parse_amount("0,123") == Money(12300)  # strict babel would refuse it
        assert parse_amount("1,234,567,890") is None
    finally:
        QLocale.setDefault(before)
