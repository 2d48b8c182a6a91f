"""A receipt to print, from plain data: the tests' and bench/printing.py's."""

from __future__ import annotations

from datetime import datetime

from desk.money import Money
from desk.printing.receipt import ReceiptData, ReceiptLine, render_receipt


def receipt() -> bytes:
    """K1-0000001: 93.46 € paid of a 96.35 € bill less 3%, 100 € in cash."""
    paid = Money.parse("93.46")
    line = ReceiptLine(
        "Топлинна енергия", "bill", "10.2026", "0000000003", Money.parse("96.35"),
        Money.parse("2.89"), Money(0), paid,
    )  # fmt: skip
    return render_receipt(
        ReceiptData(
            1, "K1", "Каса 1", "Иван Петров", datetime(2026, 11, 22, 12), "4000000127",
            "Стоян Илиев", None, (line,), paid, Money.parse("2.89"), Money(0), Money(0),
            Money.parse("100.00"), Money.parse("6.54"), Money(0),
        )
    )  # fmt: skip
