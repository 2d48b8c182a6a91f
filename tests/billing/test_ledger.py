"""The replayed ledger: overdue, credit, the leva changeover, court cases, agreements.

Each test states an account and a day; nothing reads the clock.
"""

from __future__ import annotations

from desk.billing.facts import Account
from desk.billing.ledger import build_ledger
from desk.billing.quote import quote
from desk.money import Money
from tests.billing.builders import (
    account,
    agreement,
    case,
    d,
    eur,
    invoice,
    payment,
)

BILL = "0000000001"
BILL2 = "0000000002"
BILL3 = "0000000003"


# --- overdue on a day (DOMAIN.md "Invoices and due dates") ---------------------------


def test_not_overdue_on_the_deadline_day_and_overdue_the_day_after() -> None:
    acct = account(invoice(BILL, "2026-10", "100.00"))  # due 2026-11-30
    on_deadline = quote(acct, d("2026-11-30"))
    day_after = quote(acct, d("2026-12-01"))

    assert on_deadline.item(BILL).deadline == d("2026-11-30")
    assert on_deadline.item(BILL).overdue is False
    assert on_deadline.good_standing is True
    assert day_after.item(BILL).overdue is True
    assert day_after.good_standing is False
    assert day_after.totals.overdue == eur("100.00")


def test_february_deadline_is_its_last_day() -> None:
    acct = account(invoice(BILL, "2026-01", "50.00"))
    assert quote(acct, d("2026-02-28")).item(BILL).overdue is False
    assert quote(acct, d("2026-03-01")).item(BILL).overdue is True


def test_paid_on_the_deadline_day_is_on_time() -> None:
    acct = account(
        invoice(BILL, "2026-10", "100.00"),
        invoice(BILL2, "2026-11", "50.00"),
        payments=(payment("p1", "2026-11-30", (BILL, "97.00", "3.00")),),
    )
    ledger = build_ledger(acct, d("2026-12-10"))
    settled = ledger.settlements()

    assert settled[BILL] == d("2026-11-30")
    assert not ledger.overdue_on(BILL, d("2026-11-30"), settled)
    assert not ledger.overdue_on(BILL, d("2026-12-01"), settled)
    assert ledger.good_standing(d("2026-12-05"), settled)
    # The next bill, issued while nothing was overdue, earns its 3%.
    assert quote(acct, d("2026-12-10")).item(BILL2).discount == eur("1.50")


def test_settled_the_day_after_the_deadline_is_late_but_not_overdue_that_day() -> None:
    # DOMAIN.md: overdue on d means d is after the deadline and the item was not
    # settled in full on or before d; settled on d itself, it is not overdue on d.
    unpaid = account(invoice(BILL, "2026-10", "100.00"))
    assert quote(unpaid, d("2026-12-01")).item(BILL).overdue is True

    acct = account(
        invoice(BILL, "2026-10", "100.00"),
        payments=(payment("p1", "2026-12-01", (BILL, "100.00")),),
    )
    ledger = build_ledger(acct, d("2026-12-10"))
    settled = ledger.settlements()
    assert settled[BILL] == d("2026-12-01")
    assert ledger.overdue_on(BILL, d("2026-12-01"), settled) is False
    assert ledger.good_standing(d("2026-12-01"), settled)
    assert ledger.good_standing(d("2026-12-02"), settled)


def test_a_partial_payment_leaves_the_item_overdue() -> None:
    acct = account(
        invoice(BILL, "2026-10", "100.00"),
        payments=(payment("p1", "2026-11-20", (BILL, "60.00")),),
    )
    before = quote(acct, d("2026-11-25"))
    after = quote(acct, d("2026-12-01"))

    assert before.item(BILL).balance == eur("40.00")
    assert before.item(BILL).overdue is False
    assert after.item(BILL).balance == eur("40.00")
    assert after.item(BILL).overdue is True
    assert after.good_standing is False


def test_an_invoice_not_yet_issued_is_not_there() -> None:
    acct = account(invoice(BILL, "2026-10", "100.00"))  # issued 2026-11-05
    assert quote(acct, d("2026-11-04")).items == ()
    assert [i.item for i in quote(acct, d("2026-11-05")).items] == [BILL]


def test_items_with_nothing_left_are_not_listed() -> None:
    acct = account(
        invoice(BILL, "2026-09", "40.00"),
        invoice(BILL2, "2026-10", "60.00"),
        payments=(payment("p1", "2026-10-20", (BILL, "38.80", "1.20")),),
    )
    assert [i.item for i in quote(acct, d("2026-11-10")).items] == [BILL2]


# --- credit (DOMAIN.md "Payments and allocation") ------------------------------------


def test_an_overpayment_becomes_credit() -> None:
    acct = account(
        invoice(BILL, "2026-10", "100.00"),
        payments=(payment("p1", "2026-11-10", (BILL, "97.00", "3.00"), credit="20.00"),),
    )
    result = quote(acct, d("2026-11-20"))
    assert result.credit == eur("20.00")
    assert result.items == ()


def test_a_negative_settlement_is_credit_not_an_item() -> None:
    acct = account(
        invoice(BILL, "2026-10", "100.00"),
        invoice(BILL2, "2026-04", "-35.50", kind="settlement", plan="PL-1", issued="2026-05-10"),
    )
    result = quote(acct, d("2026-11-20"))
    assert [i.item for i in result.items] == [BILL]
    assert result.credit == eur("35.50")


def test_negative_settlement_adds_to_credit_from_an_overpayment() -> None:
    acct = account(
        invoice(BILL, "2026-04", "-35.50", kind="settlement", plan="PL-1", issued="2026-05-10"),
        invoice(BILL2, "2026-10", "100.00"),
        payments=(payment("p1", "2026-11-10", (BILL2, "97.00", "3.00"), credit="4.50"),),
    )
    assert quote(acct, d("2026-11-20")).credit == eur("40.00")


def test_paying_with_credit_spends_it() -> None:
    acct = account(
        invoice(BILL, "2026-10", "100.00"),
        invoice(BILL2, "2026-04", "-35.50", kind="settlement", plan="PL-1", issued="2026-05-10"),
        payments=(payment("p1", "2026-11-10", (BILL, "35.50"), method="credit"),),
    )
    result = quote(acct, d("2026-11-20"))
    assert result.credit == eur("0.00")
    assert result.item(BILL).balance == eur("64.50")


# --- leva (DOMAIN.md "Currency") -----------------------------------------------------


def test_a_leva_balance_is_converted_once_on_2025_12_31() -> None:
    acct = account(
        invoice(BILL, "2025-11", "100.00"),  # issued 2025-12-05, in leva
        payments=(payment("p1", "2025-12-10", (BILL, "40.00")),),  # 40 leva
    )
    ledger = build_ledger(acct, d("2025-12-31"))
    assert ledger.items[BILL].balance == Money.parse("60.00", "BGN")

    ledger = build_ledger(acct, d("2026-01-02"))
    assert ledger.items[BILL].balance == eur("30.68")  # 60 / 1.95583

    item = quote(acct, d("2026-01-02")).item(BILL)
    assert item.balance == eur("30.68")
    assert item.original == Money.parse("100.00", "BGN")
    assert item.amount == eur("51.13")


def test_paying_the_converted_balance_in_euro_settles_the_leva_invoice() -> None:
    acct = account(
        invoice(BILL, "2025-11", "100.00"),
        payments=(
            payment("p1", "2025-12-10", (BILL, "40.00")),
            payment("p2", "2026-01-10", (BILL, "30.68")),
        ),
    )
    ledger = build_ledger(acct, d("2026-01-10"))
    assert ledger.items[BILL].balance == eur("0.00")
    assert ledger.items[BILL].settled_on == d("2026-01-10")
    assert quote(acct, d("2026-01-10")).items == ()


def test_a_euro_invoice_has_no_original() -> None:
    acct = account(invoice(BILL, "2026-01", "50.00"))
    assert quote(acct, d("2026-02-10")).item(BILL).original is None


# --- court cases (DOMAIN.md "Overdue notices and court action") ----------------------


def _in_court(stage: str, awarded: tuple[str, str, str] | None = None) -> Account:
    return account(
        invoice(BILL, "2026-01", "100.00"),
        invoice(BILL2, "2026-02", "80.00"),
        invoice(BILL3, "2026-09", "50.00"),
        payments=(payment("p1", "2026-05-01", (BILL, "30.00")),),
        cases=(case("CC-1", stage, "2026-06-01", (BILL, BILL2), awarded),),
    )


def test_unawarded_filed_case_replaces_its_invoices_from_the_filing_day() -> None:
    acct = _in_court("filed")
    before = quote(acct, d("2026-05-31"))
    assert [i.item for i in before.items] == [BILL, BILL2]
    assert "court:filed" not in before.banners

    on_filing = quote(acct, d("2026-06-01"))
    assert [i.item for i in on_filing.items] == ["CC-1"]
    court = on_filing.item("CC-1")
    assert court.kind == "court"
    assert court.parts is not None
    # The principal is the covered invoices' balance on the filing day: 70 + 80.
    assert court.parts.principal == eur("150.00")
    assert court.parts.costs == eur("0.00")
    assert court.parts.interest == eur("0.00")
    assert court.balance == eur("150.00")
    assert court.overdue is True  # overdue from the filing day
    assert on_filing.banners == ("court:filed",)


def test_a_bill_issued_after_filing_is_an_ordinary_item_beside_the_case() -> None:
    result = quote(_in_court("filed"), d("2026-10-10"))
    assert [i.item for i in result.items] == ["CC-1", BILL3]
    assert result.item(BILL3).overdue is False
    # Not in good standing on its issue date (the case was overdue): no 3%.
    assert result.item(BILL3).discount == eur("0.00")


def test_an_awarded_case_is_paid_costs_then_interest_then_principal() -> None:
    acct = account(
        invoice(BILL, "2026-01", "100.00"),
        payments=(
            payment("p1", "2026-08-01", ("CC-1", "20.00")),
            payment("p2", "2026-08-02", ("CC-1", "30.00")),
        ),
        cases=(case("CC-1", "order", "2026-06-01", (BILL,), ("25.00", "40.00", "100.00")),),
    )
    first = quote(acct, d("2026-08-01")).item("CC-1")
    assert first.parts is not None
    assert (first.parts.costs, first.parts.interest, first.parts.principal) == (
        eur("5.00"),
        eur("40.00"),
        eur("100.00"),
    )
    second = quote(acct, d("2026-08-02")).item("CC-1")
    assert second.parts is not None
    assert (second.parts.costs, second.parts.interest, second.parts.principal) == (
        eur("0.00"),
        eur("15.00"),
        eur("100.00"),
    )
    assert second.balance == eur("115.00")


def test_money_for_an_invoice_in_court_goes_to_the_case() -> None:
    acct = account(
        invoice(BILL, "2026-01", "100.00"),
        payments=(payment("p1", "2026-08-01", (BILL, "30.00")),),
        cases=(case("CC-1", "writ", "2026-06-01", (BILL,), ("25.00", "40.00", "100.00")),),
    )
    court = quote(acct, d("2026-08-02")).item("CC-1")
    assert court.parts is not None
    assert court.parts.costs == eur("0.00")
    assert court.parts.interest == eur("35.00")
    assert court.balance == eur("135.00")


def test_warning_keeps_the_invoices_as_ordinary_overdue_items() -> None:
    result = quote(_in_court("warning"), d("2026-08-02"))
    assert [i.item for i in result.items] == [BILL, BILL2]
    assert all(i.kind == "monthly" and i.overdue for i in result.items)
    assert result.banners == ("final_warning",)


def test_a_closed_case_is_not_shown() -> None:
    result = quote(_in_court("closed", ("0.00", "0.00", "150.00")), d("2026-10-10"))
    assert [i.item for i in result.items] == [BILL3]
    assert not any(b.startswith("court:") for b in result.banners)
    assert "final_warning" not in result.banners


def test_court_parts_are_in_euro_and_sum_to_the_balance_before_the_changeover() -> None:
    # DOMAIN.md "Currency": everything the desk shows is in euro; the quote's
    # `balance` is in euro, so its `parts` must be too.
    acct = account(
        invoice(BILL, "2025-03", "100.00"),  # leva
        payments=(payment("p1", "2025-09-01", ("CC-1", "30.00")),),
        cases=(case("CC-1", "filed", "2025-08-01", (BILL,)),),
    )
    court = quote(acct, d("2025-09-02")).item("CC-1")
    assert court.parts is not None
    assert court.parts.total() == court.balance
    assert court.balance == eur("35.79")  # 70 leva


def test_a_leva_case_is_converted_with_the_changeover() -> None:
    acct = account(
        invoice(BILL, "2025-03", "100.00"),
        payments=(payment("p1", "2025-09-01", ("CC-1", "30.00")),),
        cases=(case("CC-1", "filed", "2025-08-01", (BILL,)),),
    )
    court = quote(acct, d("2026-01-02")).item("CC-1")
    assert court.parts is not None
    assert court.parts.principal == eur("35.79")
    assert court.balance == eur("35.79")


# --- agreements (DOMAIN.md "Installment agreements") --------------------------------

AG = agreement(
    "AG-1",
    "2026-06-01",
    (BILL, BILL2),
    ("2026-07-10", "50.00"),
    ("2026-08-10", "50.00"),
    ("2026-09-10", "50.00"),
)
COVERED = (invoice(BILL, "2026-01", "100.00"), invoice(BILL2, "2026-02", "50.00"))


def test_a_kept_agreement_lists_its_installments_instead_of_the_covered_invoices() -> None:
    result = quote(account(*COVERED, agreements=(AG,)), d("2026-06-15"))
    assert [i.item for i in result.items] == ["AG-1/1", "AG-1/2", "AG-1/3"]
    assert all(i.kind == "agreement" and not i.overdue for i in result.items)
    assert result.good_standing is True
    assert result.banners == ("agreement:active",)


def test_before_signing_the_invoices_are_ordinary_overdue_items() -> None:
    result = quote(account(*COVERED, agreements=(AG,)), d("2026-05-31"))
    assert [i.item for i in result.items] == [BILL, BILL2]
    assert all(i.overdue for i in result.items)
    assert result.banners == ()


def test_an_installment_is_overdue_the_day_after_its_due_date() -> None:
    acct = account(*COVERED, agreements=(AG,))
    assert quote(acct, d("2026-07-10")).item("AG-1/1").overdue is False
    late = quote(acct, d("2026-07-11"))
    assert late.item("AG-1/1").overdue is True
    assert late.item("AG-1/2").overdue is False
    assert late.banners == ("agreement:active",)


def test_unpaid_30_days_after_due_breaches_and_every_unpaid_installment_is_overdue() -> None:
    acct = account(*COVERED, agreements=(AG,))
    kept = quote(acct, d("2026-08-09"))  # 30 days after 2026-07-10
    assert kept.banners == ("agreement:active",)
    assert [i.overdue for i in kept.items] == [True, False, False]

    breached = quote(acct, d("2026-08-10"))
    assert breached.banners == ("agreement:breached",)
    assert [i.overdue for i in breached.items] == [True, True, True]
    assert breached.totals.overdue == eur("150.00")
    # The breach makes it all due at once: every unpaid installment is selected.
    assert all(i.selected for i in breached.items)


def test_an_installment_paid_late_but_within_30_days_does_not_breach() -> None:
    acct = account(
        *COVERED,
        agreements=(AG,),
        payments=(payment("p1", "2026-08-09", ("AG-1/1", "50.00")),),
    )
    result = quote(acct, d("2026-08-20"))
    assert result.banners == ("agreement:active",)
    assert [i.item for i in result.items] == ["AG-1/2", "AG-1/3"]
    assert result.item("AG-1/2").overdue is True
    assert result.item("AG-1/3").overdue is False


def test_installment_money_settles_the_covered_items_oldest_first() -> None:
    acct = account(
        *COVERED,
        agreements=(AG,),
        payments=(
            payment("p1", "2026-07-05", ("AG-1/1", "50.00")),
            payment("p2", "2026-08-05", ("AG-1/2", "50.00")),
        ),
    )
    ledger = build_ledger(acct, d("2026-08-06"))
    assert ledger.items[BILL].balance == eur("0.00")
    assert ledger.items[BILL2].balance == eur("50.00")
    assert ledger.items[BILL].settled_on == d("2026-08-05")


def test_a_paid_up_agreement_leaves_nothing_and_no_banner() -> None:
    acct = account(
        *COVERED,
        agreements=(AG,),
        payments=tuple(
            payment(f"p{n}", f"2026-0{6 + n}-05", (f"AG-1/{n}", "50.00")) for n in (1, 2, 3)
        ),
    )
    result = quote(acct, d("2026-09-06"))
    assert result.items == ()
    assert result.banners == ()
    ledger = build_ledger(acct, d("2026-09-06"))
    assert ledger.items[BILL].balance.is_zero and ledger.items[BILL2].balance.is_zero


def test_an_agreement_over_a_court_case_hides_the_case_and_pays_its_parts() -> None:
    acct = account(
        invoice(BILL, "2026-01", "100.00"),
        cases=(case("CC-1", "writ", "2026-06-01", (BILL,), ("25.00", "40.00", "100.00")),),
        agreements=(
            agreement(
                "AG-1", "2026-07-01", ("CC-1",), ("2026-08-10", "100.00"), ("2026-09-10", "65.00")
            ),
        ),
        payments=(payment("p1", "2026-08-01", ("AG-1/1", "50.00")),),
    )
    result = quote(acct, d("2026-08-02"))
    assert [i.item for i in result.items] == ["AG-1/1", "AG-1/2"]
    assert result.item("AG-1/1").balance == eur("50.00")
    assert result.good_standing is True  # a kept agreement covers the court sum
    assert result.banners == ("court:writ", "agreement:active")
    parts = build_ledger(acct, d("2026-08-02")).items["CC-1"].parts
    assert parts == {"costs": eur("0.00"), "interest": eur("15.00"), "principal": eur("100.00")}


def test_a_payment_spends_credit_and_money_at_once() -> None:
    """DOMAIN.md: credit is offered first against the selected items."""
    from datetime import date

    from desk.billing.facts import Account, AllocationFact, InvoiceFact, PaymentFact
    from desk.billing.quote import quote
    from desk.money import Money

    bill = InvoiceFact("0000000001", "monthly", "2026-09", date(2026, 10, 5), Money(10000))
    later = InvoiceFact("0000000002", "monthly", "2026-10", date(2026, 11, 5), Money(5000))
    overpaid = PaymentFact(
        "p1",
        date(2026, 10, 10),
        "cash",
        (AllocationFact("0000000001", Money(9700), Money(300)),),
        credit=Money(2000),
    )
    mixed = PaymentFact(
        "p2",
        date(2026, 11, 10),
        "cash",
        (AllocationFact("0000000002", Money(4850), Money(150)),),
        credit_used=Money(1500),
    )
    account = Account("4000000010", (bill, later), payments=(overpaid,))
    assert quote(account, date(2026, 11, 6)).credit == Money(2000)
    account = Account("4000000010", (bill, later), payments=(overpaid, mixed))
    assert quote(account, date(2026, 11, 10)).credit == Money(500)


# --- one bill paid at two desks while both were offline (issue 4) ----------------


def test_a_bill_paid_twice_leaves_it_settled_and_the_second_payment_as_credit() -> None:
    acct = account(
        invoice(BILL, "2026-10", "100.00"),
        payments=(
            payment("k1", "2026-11-20", (BILL, "97.00", "3.00")),
            payment("k2", "2026-11-20", (BILL, "97.00", "3.00")),
        ),
    )
    ledger = build_ledger(acct, d("2026-12-10"))

    assert ledger.items[BILL].balance == eur("0.00")
    # The money of the second payment, not its discount, which was never paid.
    assert ledger.credit == eur("97.00")
    assert quote(acct, d("2026-12-10")).credit == eur("97.00")


def test_paying_more_than_the_rest_of_a_bill_credits_only_the_excess() -> None:
    acct = account(
        invoice(BILL, "2026-10", "100.00"),
        payments=(
            payment("k1", "2026-11-20", (BILL, "60.00")),
            payment("k2", "2026-11-21", (BILL, "60.00")),
        ),
    )
    ledger = build_ledger(acct, d("2026-12-10"))

    assert ledger.items[BILL].balance == eur("0.00")
    assert ledger.credit == eur("20.00")


def test_a_discount_is_never_credit_when_a_second_payment_overshoots_the_rest() -> None:
    # 100 billed, 60 paid; then 95 with a 5 discount: 55 of money beyond the 40 left.
    acct = account(
        invoice(BILL, "2026-10", "100.00"),
        payments=(
            payment("k1", "2026-11-20", (BILL, "60.00")),
            payment("k2", "2026-11-21", (BILL, "95.00", "5.00")),
        ),
    )
    ledger = build_ledger(acct, d("2026-12-10"))

    assert ledger.items[BILL].balance == eur("0.00")
    assert ledger.credit == eur("55.00")


def test_an_installment_paid_at_two_desks_settles_the_covered_bills_once() -> None:
    acct = account(
        *COVERED,
        agreements=(AG,),
        payments=(
            payment("k1", "2026-07-05", ("AG-1/1", "50.00")),
            payment("k2", "2026-07-05", ("AG-1/1", "50.00")),
        ),
    )
    ledger = build_ledger(acct, d("2026-07-06"))

    assert ledger.credit == eur("50.00")
    # 50 of installment money went to the oldest covered bill, not 100.
    assert ledger.items[BILL].balance == eur("50.00")
    assert ledger.items[BILL2].balance == eur("50.00")
