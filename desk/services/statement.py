"""A payer's statement (справка) / monthly notice (месечно съобщение) on a day.

DOMAIN.md "Overdue notices and court action": the current bill, each overdue
item on its own line with its period and amount, the overdue total, the
agreement installments due, the credit balance, a final warning for a payer
with a court action in preparation, and the payer code and subscriber numbers
for the barcodes. Every figure comes from the billing quote the cashier sees
(``desk.billing.quote``), so the notice and the desk never disagree.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from desk.billing import policy
from desk.billing.calendar import days_after
from desk.billing.quote import ItemQuote, Quote, quote
from desk.identifiers import check_payer_code
from desk.models.db import Database
from desk.models.tables import Payer, Property, Tenure
from desk.money import Money
from desk.printing.statement import StatementData, StatementHolding, StatementLine
from desk.services.accounts import load_account
from desk.services.problems import UserError
from desk.services.retention import require_held

AGREEMENT = "agreement"
COURT = "court"

__all__ = ["StatementData", "StatementHolding", "StatementLine", "statement_data"]


def statement_data(db: Database, payer_code: str, on: date) -> StatementData:
    """The statement of ``payer_code`` on ``on``, from the same quote as the desk's."""
    problem = check_payer_code(payer_code)
    if problem:
        raise UserError("payer.code_invalid", code=payer_code, problem=problem)
    with db.read() as session:
        require_held(session, on)
        payer = session.execute(
            select(Payer.id, Payer.name).where(Payer.payer_code == payer_code)
        ).first()
        account = load_account(session, payer_code)
        if payer is None or account is None:
            raise UserError("payer.no_such", code=payer_code)
        rows = session.execute(
            select(
                Property.subscriber_number, Property.address, Tenure.kind, Tenure.start, Tenure.end
            )
            .join(Tenure, Tenure.property_id == Property.id)
            .where(Tenure.payer_id == payer.id)
            .order_by(Tenure.start, Property.subscriber_number)
        ).all()
    q = quote(account, on)
    cases = {case.id: case for case in account.court_cases}
    lines = []
    for entry in q.items:
        case = cases.get(entry.item) if entry.kind == COURT else None
        lines.append(_line(entry, case.stage if case else None, case.case_number if case else None))
    owing = {line.subscriber_number for line in lines}
    holdings = tuple(
        StatementHolding(sub, address, kind, start, end)
        for sub, address, kind, start, end in rows
        if start <= on and (end is None or end >= on or sub in owing)
    )
    # DOMAIN.md "the agreement installments due": those the cashier would take
    # today (due within policy.DEFAULT_SELECTION_DAYS); the later ones are one
    # line of their own, so the paper still adds up to "Общо открити".
    selected = {e.item for e in q.items if e.selected}
    later = [x for x in lines if x.item not in selected]
    zero = Money.zero()
    return StatementData(
        payer_code=payer_code,
        payer_name=payer.name,
        on=on,
        holdings=holdings,
        current=tuple(x for x in lines if not x.overdue and x.kind != AGREEMENT),
        overdue=tuple(x for x in lines if x.overdue),
        installments=tuple(
            x for x in lines if not x.overdue and x.kind == AGREEMENT and x.item in selected
        ),
        overdue_total=q.totals.overdue,
        balance=q.totals.balance,
        credit=q.credit,
        discount=q.totals.discount,
        to_pay=_to_pay(q),
        # One rule with the desk's banner (desk.billing.quote.final_warning).
        final_warning="final_warning" in q.banners,
        banners=q.banners,
        due_until=days_after(on, policy.DEFAULT_SELECTION_DAYS),
        later_installments=sum((x.balance for x in later), zero),
        later_count=len(later),
        credit_used=q.credit.min(q.totals.to_pay).max(zero),
    )


def _line(entry: ItemQuote, stage: str | None, case_number: str | None) -> StatementLine:
    return StatementLine(
        item=entry.item,
        kind=entry.kind,
        period=entry.period,
        subscriber_number=entry.subscriber_number,
        deadline=entry.deadline,
        balance=entry.balance,
        original=entry.original,
        overdue=entry.overdue,
        stage=stage,
        case_number=case_number,
        costs=entry.parts.costs if entry.parts else None,
        interest=entry.parts.interest if entry.parts else None,
        principal=entry.parts.principal if entry.parts else None,
    )


def _to_pay(q: Quote) -> Money:
    """DOMAIN.md "Payments and allocation": credit is offered first against the
    selected items, so the notice asks for what is left of the cashier's total."""
    return (q.totals.to_pay - q.credit).max(Money.zero())
