"""The quote: default selection, chosen items and amounts, totals (INTERCHANGE.md "desk quote")."""

from __future__ import annotations

import pytest

from desk.billing.facts import Account
from desk.billing.quote import SelectionError, quote
from desk.money import Money
from tests.billing.builders import account, agreement, case, d, eur, invoice, payment

JAN, FEB, OCT = "0000000001", "0000000002", "0000000003"


def _agreement_account() -> Account:
    return account(
        invoice(JAN, "2026-01", "100.00"),
        invoice(FEB, "2026-02", "50.00"),
        invoice(OCT, "2026-06", "40.00"),  # due 2026-07-30
        agreements=(
            agreement(
                "AG-1",
                "2026-06-01",
                (JAN, FEB),
                ("2026-07-10", "50.00"),
                ("2026-08-10", "50.00"),
                ("2026-09-10", "50.00"),
            ),
        ),
    )


def test_default_selection_takes_installments_due_within_31_days_only() -> None:
    result = quote(_agreement_account(), d("2026-07-09"))  # horizon 2026-08-09
    assert [(i.item, i.selected) for i in result.items] == [
        ("AG-1/1", True),
        (OCT, True),
        ("AG-1/2", False),
        ("AG-1/3", False),
    ]
    assert result.totals.selected == eur("90.00")
    assert result.totals.balance == eur("190.00")


def test_an_installment_due_exactly_31_days_ahead_is_selected() -> None:
    result = quote(_agreement_account(), d("2026-07-10"))  # horizon 2026-08-10
    assert result.item("AG-1/2").selected is True
    assert result.item("AG-1/3").selected is False


def test_default_selection_takes_every_open_bill_and_court_sum() -> None:
    acct = account(
        invoice(JAN, "2026-01", "100.00"),
        invoice(FEB, "2026-09", "30.00"),
        invoice(OCT, "2026-10", "20.00"),
        cases=(case("CC-1", "order", "2026-06-01", (JAN,), ("10.00", "5.00", "100.00")),),
    )
    result = quote(acct, d("2026-11-10"))
    assert [(i.item, i.selected) for i in result.items] == [
        ("CC-1", True),
        (FEB, True),
        (OCT, True),
    ]


def test_items_are_ordered_oldest_first() -> None:
    acct = account(
        invoice(OCT, "2026-03", "20.00"),
        invoice(JAN, "2026-05", "10.00"),
        invoice(FEB, "2026-04", "15.00"),
    )
    result = quote(acct, d("2026-06-10"))
    assert [i.item for i in result.items] == [OCT, FEB, JAN]
    deadlines = [i.deadline for i in result.items]
    assert deadlines == sorted(deadlines)


def test_paying_one_item_in_full() -> None:
    acct = account(invoice(JAN, "2026-10", "60.00"), invoice(FEB, "2026-10", "50.00"))
    result = quote(acct, d("2026-11-10"), {FEB: None})
    assert result.item(JAN).selected is False
    assert result.item(FEB).selected is True
    assert result.item(FEB).settles is True
    assert result.totals.selected == eur("50.00")
    assert result.totals.to_pay == eur("48.50")
    assert result.totals.discount == eur("1.50")
    assert result.totals.balance == eur("110.00")
    assert result.totals.overdue == eur("0.00")


def test_a_partial_amount_pays_that_amount_with_no_discount() -> None:
    acct = account(invoice(OCT, "2026-10", "100.00"))
    result = quote(acct, d("2026-11-20"), {OCT: eur("40.00")})
    item = result.item(OCT)
    assert item.to_pay == eur("40.00")
    assert item.discount == eur("0.00")
    assert item.settles is False
    assert result.totals.selected == eur("40.00")
    assert result.totals.to_pay == eur("40.00")


def test_an_amount_covering_balance_less_discount_counts_as_full_payment() -> None:
    acct = account(invoice(OCT, "2026-10", "100.00"))
    result = quote(acct, d("2026-11-20"), {OCT: eur("97.00")})
    item = result.item(OCT)
    assert item.settles is True
    assert item.discount == eur("3.00")
    assert item.to_pay == eur("97.00")
    assert result.totals.selected == eur("100.00")
    assert result.totals.to_pay == eur("97.00")


def test_one_cent_short_of_balance_less_discount_is_partial() -> None:
    acct = account(invoice(OCT, "2026-10", "100.00"))
    item = quote(acct, d("2026-11-20"), {OCT: eur("96.99")}).item(OCT)
    assert item.settles is False
    assert item.discount == eur("0.00")
    assert item.to_pay == eur("96.99")


def test_an_amount_for_a_late_item_is_full_only_at_the_whole_balance() -> None:
    acct = account(invoice(OCT, "2026-10", "100.00"))
    assert quote(acct, d("2026-12-10"), {OCT: eur("97.00")}).item(OCT).settles is False
    full = quote(acct, d("2026-12-10"), {OCT: eur("100.00")}).item(OCT)
    assert full.settles is True
    assert full.to_pay == eur("100.00")


@pytest.mark.parametrize(
    "selection",
    [
        {"0000000009": None},  # no such item
        {OCT: eur("0.00")},
        {OCT: eur("100.01")},
        {OCT: eur("-1.00")},
    ],
)
def test_a_selection_out_of_range_is_refused(selection: dict[str, Money | None]) -> None:
    with pytest.raises(SelectionError):
        quote(account(invoice(OCT, "2026-10", "100.00")), d("2026-11-20"), selection)


def test_a_paid_item_cannot_be_selected() -> None:
    acct = account(
        invoice(JAN, "2026-09", "60.00"),
        invoice(OCT, "2026-10", "100.00"),
        payments=(payment("p1", "2026-10-10", (JAN, "58.20", "1.80")),),
    )
    with pytest.raises(SelectionError):
        quote(acct, d("2026-11-20"), {JAN: None})


def test_a_covered_invoice_cannot_be_selected_while_the_agreement_is_kept() -> None:
    with pytest.raises(SelectionError):
        quote(_agreement_account(), d("2026-07-09"), {JAN: None})


def test_totals_add_up() -> None:
    acct = account(
        invoice(JAN, "2026-08", "70.00"),
        invoice(FEB, "2026-09", "60.00", issued="2026-09-20"),
        invoice(OCT, "2026-10", "96.35"),
    )
    result = quote(acct, d("2026-11-10"), {JAN: None, OCT: eur("50.00")})
    t = result.totals
    assert t.balance == sum((i.balance for i in result.items), Money.zero())
    assert t.overdue == sum((i.balance for i in result.items if i.overdue), Money.zero())
    assert t.discount == sum((i.discount for i in result.items if i.selected), Money.zero())
    assert t.to_pay == t.selected - t.discount
    assert t.to_pay == sum((i.to_pay for i in result.items if i.selected), Money.zero())
    assert t.selected == eur("120.00")


def test_unknown_item_key_raises() -> None:
    with pytest.raises(KeyError):
        quote(account(), d("2026-01-01")).item(JAN)


def test_an_empty_account_owes_nothing_and_is_in_good_standing() -> None:
    result = quote(account(), d("2026-11-22"))
    assert result.items == ()
    assert result.good_standing is True
    assert result.credit == eur("0.00")
    assert result.totals.to_pay == eur("0.00")
    assert result.banners == ()


def test_after_a_breach_the_default_selection_takes_every_unpaid_installment() -> None:
    # DOMAIN.md "Installment agreements": on a breach what is left becomes due at
    # once; "Payments and allocation": the default selection takes what is due
    # within 31 days. Every unpaid installment is due now, so every one is selected.
    acct = account(
        invoice(JAN, "2026-01", "100.00"),
        invoice(FEB, "2026-02", "150.00"),
        agreements=(
            agreement(
                "AG-1",
                "2026-06-01",
                (JAN, FEB),
                ("2026-07-10", "50.00"),
                ("2026-08-10", "50.00"),
                ("2026-09-10", "50.00"),
                ("2026-10-10", "50.00"),
                ("2026-11-10", "50.00"),
            ),
        ),
    )
    result = quote(acct, d("2026-08-10"))
    assert result.banners == ("agreement:breached",)
    assert all(i.overdue for i in result.items)
    assert [(i.item, i.selected) for i in result.items] == [
        (f"AG-1/{n}", True) for n in range(1, 6)
    ]
    assert result.totals.selected == eur("250.00")
