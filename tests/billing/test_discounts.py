"""The 3% commercial discount and the 50% loyalty bonus (DOMAIN.md "Discounts")."""

from __future__ import annotations

from datetime import timedelta

from desk.billing import discounts
from desk.billing.calendar import deadline, month_index, period_of
from desk.billing.facts import InvoiceFact, PaymentFact, PlanFact
from desk.billing.quote import Quote, quote
from desk.money import Money
from tests.billing.builders import (
    account,
    agreement,
    case,
    d,
    eur,
    invoice,
    payment,
    plan,
    tenure,
)

AUG, SEP, OCT = "0000000001", "0000000002", "0000000003"


def _kinds(result: Quote, key: str) -> list[tuple[str, Money]]:
    return [(x.kind, x.amount) for x in result.item(key).discounts]


# --- commercial 3% -------------------------------------------------------------------


def test_on_time_in_good_standing_earns_three_percent() -> None:
    result = quote(account(invoice(OCT, "2026-10", "96.35")), d("2026-11-22"))
    assert _kinds(result, OCT) == [("commercial", eur("2.89"))]
    assert result.item(OCT).to_pay == eur("93.46")
    assert result.totals.discount == eur("2.89")
    assert result.totals.to_pay == eur("93.46")


def test_on_the_deadline_day_still_earns_and_the_day_after_not() -> None:
    acct = account(invoice(OCT, "2026-10", "100.00"))
    assert quote(acct, d("2026-11-30")).item(OCT).discount == eur("3.00")
    late = quote(acct, d("2026-12-01")).item(OCT)
    assert late.discount == eur("0.00")
    assert late.no_discount == discounts.LATE


def test_a_partial_payment_earns_no_discount() -> None:
    acct = account(invoice(OCT, "2026-10", "100.00"))
    partial = quote(acct, d("2026-11-20"), {OCT: eur("40.00")}).item(OCT)
    assert partial.discount == eur("0.00")
    assert partial.discounts == ()
    assert partial.to_pay == eur("40.00")
    assert partial.no_discount == discounts.PARTIAL
    assert partial.settles is False


def test_a_bill_paid_partly_before_and_settled_on_time_earns_three_percent_capped() -> None:
    acct = account(
        invoice(OCT, "2026-10", "100.00"),
        payments=(payment("p1", "2026-11-10", (OCT, "98.00")),),
    )
    item = quote(acct, d("2026-11-20")).item(OCT)
    # 3% of 100.00 is 3.00, but the item has only 2.00 left (DOMAIN.md: at most the balance).
    assert item.balance == eur("2.00")
    assert item.discount == eur("2.00")
    assert item.to_pay == eur("0.00")


def test_settlement_and_other_never_earn_three_percent() -> None:
    acct = account(
        invoice(AUG, "2026-04", "20.00", kind="settlement", plan="PL-1", issued="2026-05-10"),
        invoice(SEP, "2026-05", "15.00", kind="other", issued="2026-05-12"),
    )
    result = quote(acct, d("2026-05-20"))
    assert result.item(AUG).discount == eur("0.00")
    assert result.item(SEP).discount == eur("0.00")
    assert result.item(AUG).no_discount == discounts.NOT_ELIGIBLE
    assert result.item(SEP).no_discount == discounts.NOT_ELIGIBLE


def _dropped_out() -> tuple[InvoiceFact, ...]:
    return (
        invoice(AUG, "2026-08", "70.00"),  # due 2026-09-30, left unpaid
        invoice(SEP, "2026-09", "60.00"),  # issued 2026-10-05 while AUG is overdue
        invoice(OCT, "2026-10", "50.00"),  # issued 2026-11-05
    )


def test_a_bill_issued_while_another_is_overdue_earns_nothing_even_if_both_are_paid() -> None:
    result = quote(account(*_dropped_out()), d("2026-10-20"))
    assert result.item(AUG).overdue is True
    assert result.item(SEP).overdue is False
    assert result.item(SEP).discount == eur("0.00")
    assert result.item(SEP).no_discount == discounts.OVERDUE_AT_ISSUE
    assert result.totals.to_pay == eur("130.00")


def test_the_drop_out_also_holds_when_the_new_bill_is_paid_alone_later() -> None:
    acct = account(
        *_dropped_out(),
        payments=(payment("p1", "2026-10-20", (AUG, "70.00")),),
    )
    result = quote(acct, d("2026-10-25"))
    assert result.good_standing is True
    assert result.item(SEP).discount == eur("0.00")
    assert result.item(SEP).no_discount == discounts.OVERDUE_AT_ISSUE


def test_back_in_for_bills_issued_after_everything_overdue_is_paid() -> None:
    acct = account(
        *_dropped_out(),
        payments=(payment("p1", "2026-10-20", (AUG, "70.00"), (SEP, "60.00")),),
    )
    result = quote(acct, d("2026-11-10"))
    assert [i.item for i in result.items] == [OCT]
    assert result.item(OCT).discount == eur("1.50")


def test_leaving_something_overdue_unpaid_costs_the_discount() -> None:
    acct = account(
        invoice(AUG, "2026-08", "70.00"), invoice(OCT, "2026-10", "50.00", issued="2026-09-20")
    )
    # OCT was issued on 2026-09-20, while nothing was overdue; AUG is overdue now.
    only_new = quote(acct, d("2026-10-10"), {OCT: None})
    assert only_new.item(OCT).discount == eur("0.00")
    assert only_new.item(OCT).no_discount == discounts.OVERDUE_LEFT


def test_paying_the_overdue_bill_with_the_new_one_keeps_the_new_ones_discount() -> None:
    acct = account(
        invoice(AUG, "2026-08", "70.00"), invoice(OCT, "2026-10", "50.00", issued="2026-09-20")
    )
    result = quote(acct, d("2026-10-10"), {AUG: None, OCT: None})
    assert result.item(AUG).discount == eur("0.00")  # late
    assert result.item(OCT).discount == eur("1.50")  # issued in good standing, all paid after


def test_an_overdue_agreement_installment_left_unticked_costs_the_discount() -> None:
    acct = account(
        invoice(AUG, "2026-01", "150.00"),
        invoice(OCT, "2026-10", "75.40"),
        agreements=(agreement("AG-4", "2026-06-01", (AUG,), ("2026-11-10", "150.00")),),
    )
    with_installment = quote(acct, d("2026-11-22"), {"AG-4/1": None, OCT: None})
    assert with_installment.item(OCT).discount == eur("2.26")
    assert with_installment.item("AG-4/1").discount == eur("0.00")
    without = quote(acct, d("2026-11-22"), {OCT: None})
    assert without.item(OCT).discount == eur("0.00")


def test_court_items_never_earn_a_discount() -> None:
    acct = account(
        invoice(AUG, "2026-01", "100.00"),
        cases=(case("CC-1", "filed", "2026-06-01", (AUG,)),),
    )
    item = quote(acct, d("2026-06-02")).item("CC-1")
    assert item.discounts == ()
    assert item.no_discount == discounts.NOT_ELIGIBLE


def test_unselected_items_have_no_discounts_and_pay_their_balance() -> None:
    acct = account(invoice(SEP, "2026-09", "60.00"), invoice(OCT, "2026-10", "50.00"))
    result = quote(acct, d("2026-11-10"), {OCT: None})
    assert result.item(SEP).selected is False
    assert result.item(SEP).discounts == ()
    assert result.item(SEP).to_pay == eur("60.00")
    assert result.item(SEP).no_discount == discounts.NOT_SELECTED


# --- installment loyalty 50% ---------------------------------------------------------

PLAN = plan("PL-1", "2026-05", "61.30")


def _installment(n: int, amount: str = "61.30") -> InvoiceFact:
    period = period_of(month_index("2026-05") + n - 1)
    return invoice(f"00000001{n:02d}", period, amount, kind="installment", plan="PL-1")


def _paid_on_deadline(inv: InvoiceFact, pid: str) -> PaymentFact:
    return payment(pid, deadline(inv.period).isoformat(), (inv.number, "59.46", "1.84"))


def test_new_client_gets_fifty_plus_three_percent_on_installment_one() -> None:
    acct = account(_installment(1), plans=(PLAN,), tenures=(tenure("2025-09-01"),))
    result = quote(acct, d("2026-06-10"))
    item = result.item(_installment(1).number)
    assert _kinds(result, item.item) == [("loyalty", eur("30.65")), ("commercial", eur("1.84"))]
    assert item.discount == eur("32.49")  # 53% of 61.30
    assert item.to_pay == eur("28.81")
    assert "plan:PL-1" in result.banners


def test_new_client_means_first_tenure_less_than_twelve_months_before_the_plan() -> None:
    inst = _installment(1)
    exactly_twelve = account(inst, plans=(PLAN,), tenures=(tenure("2025-05-01"),))
    just_under = account(inst, plans=(PLAN,), tenures=(tenure("2025-05-02"),))
    assert quote(exactly_twelve, d("2026-06-10")).item(inst.number).discount == eur("1.84")
    assert quote(just_under, d("2026-06-10")).item(inst.number).discount == eur("32.49")


def test_a_payer_once_in_a_plan_is_not_a_new_client() -> None:
    earlier = PlanFact(id="PL-0", first_month="2025-05", installment=eur("50.00"))
    acct = account(_installment(1), plans=(earlier, PLAN), tenures=(tenure("2025-09-01"),))
    assert quote(acct, d("2026-06-10")).item(_installment(1).number).discount == eur("1.84")


def test_new_client_gets_no_bonus_on_installment_one_paid_late() -> None:
    acct = account(_installment(1), plans=(PLAN,), tenures=(tenure("2025-09-01"),))
    item = quote(acct, d("2026-07-01")).item(_installment(1).number)
    assert item.discounts == ()


def test_new_client_bonus_only_on_installment_one() -> None:
    second = _installment(2)
    acct = account(
        _installment(1),
        second,
        plans=(PLAN,),
        tenures=(tenure("2025-09-01"),),
        payments=(payment("p1", "2026-06-10", (_installment(1).number, "28.81", "32.49")),),
    )
    assert _kinds(quote(acct, d("2026-07-10")), second.number) == [("commercial", eur("1.84"))]


def _eleven(late: int | None = None) -> tuple[tuple[InvoiceFact, ...], tuple[PaymentFact, ...]]:
    invoices = tuple(_installment(n) for n in range(1, 12))
    payments = []
    for n in range(1, 11):
        inv = invoices[n - 1]
        if n == late:
            paid = deadline(inv.period) + timedelta(days=1)
            payments.append(payment(f"p{n}", paid.isoformat(), (inv.number, "61.30")))
        else:
            payments.append(_paid_on_deadline(inv, f"p{n}"))
    return invoices, tuple(payments)


def test_existing_client_who_paid_one_to_ten_on_time_gets_fifty_percent_on_eleven() -> None:
    invoices, payments = _eleven()
    result = quote(account(*invoices, plans=(PLAN,), payments=payments), d("2027-04-10"))
    eleventh = invoices[10].number
    assert [i.item for i in result.items] == [eleventh]
    assert _kinds(result, eleventh) == [("loyalty", eur("30.65")), ("commercial", eur("1.84"))]
    assert result.item(eleventh).to_pay == eur("28.81")


def test_one_late_installment_loses_the_eleventh_bonus() -> None:
    invoices, payments = _eleven(late=5)
    result = quote(account(*invoices, plans=(PLAN,), payments=payments), d("2027-04-10"))
    assert _kinds(result, invoices[10].number) == [("commercial", eur("1.84"))]


def test_existing_client_gets_no_bonus_on_installment_one() -> None:
    acct = account(_installment(1), plans=(PLAN,))  # tenure since 2015
    assert _kinds(quote(acct, d("2026-06-10")), _installment(1).number) == [
        ("commercial", eur("1.84"))
    ]


def test_the_bonus_is_capped_at_the_balance() -> None:
    first = _installment(1)
    acct = account(
        first,
        plans=(PLAN,),
        tenures=(tenure("2025-09-01"),),
        payments=(payment("p1", "2026-06-05", (first.number, "40.00")),),
    )
    item = quote(acct, d("2026-06-10")).item(first.number)
    assert item.balance == eur("21.30")
    assert item.discount == eur("21.30")
    assert item.to_pay == eur("0.00")
    assert sum((x.amount for x in item.discounts), Money.zero()) == eur("21.30")
