"""Live discounts: ticks re-quote through the same rules as `desk quote`."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from desk.models.db import open_database
from desk.money import Money
from desk.services.checkout import discount_reason, open_checkout
from desk.services.importer import import_data
from tests.conftest import SHARED


def test_unticking_an_overdue_installment_takes_the_three_percent_away(tmp_path: Path) -> None:
    scenario = json.loads(
        (SHARED / "scenarios" / "commercial_discount_needs_everything_paid.json").read_text("utf-8")
    )
    db = open_database(tmp_path / "d.sqlite")
    import_data(db, scenario["data"])
    checkout = open_checkout(db, "4000000044", date(2026, 11, 22))
    bill = checkout.quote.item("0000000003")
    assert bill.discount == Money.parse("2.26")
    assert discount_reason(bill) == "3% — платено в срок"
    assert "спестете 2,26\xa0€" in checkout.savings_line()

    after = checkout.toggle("AG-4/3", False)
    bill = after.item("0000000003")
    assert bill.discount == Money(0)
    assert discount_reason(bill) == "има просрочена сметка"
    assert after.totals.to_pay == Money.parse("75.40")

    after = checkout.set_amount("AG-4/3", Money.parse("20.00"))
    assert after.item("AG-4/3").to_pay == Money.parse("20.00")
    assert discount_reason(after.item("AG-4/3")) == "частично плащане"
    assert after.item("0000000003").discount == Money(0)

    after = checkout.set_amount("AG-4/3", None)
    assert after.item("0000000003").discount == Money.parse("2.26")
    db.close()


def test_an_amount_the_rules_refuse_leaves_the_last_good_selection(tmp_path: Path) -> None:
    import pytest

    from desk.services.problems import UserError

    scenario = json.loads(
        (SHARED / "scenarios" / "commercial_discount_on_time.json").read_text("utf-8")
    )
    db = open_database(tmp_path / "d.sqlite")
    import_data(db, scenario["data"])
    checkout = open_checkout(db, "4000000010", date(2026, 11, 22))
    before = checkout.quote
    balance = before.item("0000000003").balance
    for refused in (Money.parse("500.00"), Money.zero()):
        assert checkout.amount_refusal("0000000003", refused) is not None
        with pytest.raises(UserError) as said:
            checkout.set_amount("0000000003", refused)
        # Refused in words that name the balance, never changed to "in full" or unticked.
        assert said.value.code == "checkout.amount_range"
        assert said.value.values["balance"] == balance
        assert checkout.quote == before
    assert checkout.amount_refusal("0000000003", balance) is None
    assert checkout.set_amount("0000000003", balance) == before  # the whole balance: in full
    assert checkout.toggle("0000000003", True) == before
    db.close()
