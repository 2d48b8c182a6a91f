"""The final warning: one rule for the desk's banner and the statement.

DOMAIN.md "Overdue notices and court action": a payer with a case in `warning`
gets the final warning "as long as anything is overdue"; INTERCHANGE.md's
`final_warning` banner is "a case in `warning` while anything is overdue". Both
read ``desk.billing.quote.final_warning``.

The worked case: bills for June and July 2026 (due 30.07 and 30.08) unpaid, a
case in `warning` from 15.10.2026 over them, October's bill due 30.11.2026.
"""

from __future__ import annotations

from desk.billing.facts import Account, AgreementFact, PaymentFact
from desk.billing.ledger import build_ledger
from desk.billing.quote import final_warning, quote
from tests.billing.builders import account, agreement, case, d, invoice, payment

JUN, JUL, OCT = "0000000006", "0000000007", "0000000010"


def warned(*payments: PaymentFact, agreements: tuple[AgreementFact, ...] = ()) -> Account:
    return account(
        invoice(JUN, "2026-06", "40.00"),
        invoice(JUL, "2026-07", "35.00"),
        invoice(OCT, "2026-10", "55.00"),
        payments=payments,
        cases=(case("CC-12", "warning", "2026-10-15", (JUN, JUL)),),
        agreements=agreements,
    )


def test_the_worked_case_step_by_step() -> None:
    # Before the warning day: overdue bills, but no case in `warning` yet.
    before = quote(warned(), d("2026-10-14"))
    assert before.totals.overdue.plain() == "75.00"
    assert "final_warning" not in before.banners

    # 22.11: both warned bills overdue -> the final warning.
    on = quote(warned(), d("2026-11-22"))
    assert [(i.item, i.overdue) for i in on.items] == [(JUN, True), (JUL, True), (OCT, False)]
    assert on.banners == ("final_warning",)

    # June paid that day: July is still overdue, the warning stays.
    part = warned(payment("p1", "2026-11-22", (JUN, "40.00")))
    assert quote(part, d("2026-11-22")).banners == ("final_warning",)

    # Everything overdue paid (October is not due yet): nothing is overdue, the
    # warning goes although the case is still at `warning` in the central data.
    paid = warned(payment("p1", "2026-11-22", (JUN, "40.00"), (JUL, "35.00")))
    after = quote(paid, d("2026-11-22"))
    assert after.totals.overdue.plain() == "0.00" and after.good_standing
    assert after.banners == ()
    assert not final_warning(build_ledger(paid, d("2026-11-22")))

    # October left unpaid past its deadline: something is overdue again while the
    # case is at `warning`, so the warning is back ("as long as anything is overdue").
    assert quote(paid, d("2026-11-30")).banners == ()
    assert quote(paid, d("2026-12-01")).banners == ("final_warning",)


def test_a_kept_agreement_over_the_warned_bills_lifts_the_warning_a_breach_brings_it_back() -> None:
    kept = warned(
        agreements=(
            agreement(
                "AG-1", "2026-11-20", (JUN, JUL), ("2026-12-10", "37.50"), ("2027-01-10", "37.50")
            ),
        )
    )
    on = quote(kept, d("2026-11-22"))
    assert on.totals.overdue.plain() == "0.00"
    assert "final_warning" not in on.banners
    # The first installment unpaid 30 days after 10.12: breached, all of it overdue.
    breached = quote(kept, d("2027-01-10"))
    assert breached.totals.overdue.positive
    assert breached.banners[0] == "final_warning"
    assert "agreement:breached" in breached.banners


def test_a_case_past_warning_or_closed_gives_no_final_warning() -> None:
    for stage in ("filed", "closed"):
        acct = account(
            invoice(JUN, "2026-06", "40.00"),
            cases=(case("CC-12", stage, "2026-10-15", (JUN,), ("0.00", "0.00", "40.00")),),
        )
        assert not final_warning(build_ledger(acct, d("2026-11-22")))
