"""The quote use case: read an account, apply the rules, render INTERCHANGE.md's JSON."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from desk.billing.discounts import Discount
from desk.billing.quote import Quote, SelectionError, quote
from desk.identifiers import check_payer_code
from desk.models.db import Database
from desk.money import Money
from desk.services.accounts import load_account
from desk.services.problems import UserError
from desk.services.retention import require_held


def quote_for(db: Database, payer_code: str, on: date, pay: Sequence[str] | None = None) -> Quote:
    """The quote of ``payer_code`` on ``on``; ``pay`` lists items paid in full."""
    problem = check_payer_code(payer_code)
    if problem:
        raise UserError("payer.code_invalid", code=payer_code, problem=problem)
    with db.snapshot() as reader:
        require_held(reader, on)
        account = load_account(reader, payer_code)
    if account is None:
        raise UserError("payer.no_such", code=payer_code)
    selection = None if pay is None else dict.fromkeys(pay)
    try:
        return quote(account, on, selection)
    except SelectionError as exc:
        raise UserError(exc.code, **exc.values) from exc


def _money(amount: Money) -> str:
    return amount.plain()


def _discount(d: Discount) -> dict[str, str]:
    return {"kind": d.kind, "amount": _money(d.amount)}


def quote_json(q: Quote) -> dict[str, Any]:
    """Exactly the shape of INTERCHANGE.md "desk quote"."""
    items = []
    for e in q.items:
        items.append(
            {
                "item": e.item,
                "kind": e.kind,
                "period": e.period,
                "deadline": e.deadline.isoformat(),
                "amount": _money(e.amount),
                "original": (
                    {"amount": _money(e.original), "currency": e.original.currency}
                    if e.original is not None
                    else None
                ),
                "balance": _money(e.balance),
                "overdue": e.overdue,
                "selected": e.selected,
                "discounts": [_discount(d) for d in e.discounts],
                "discount": _money(e.discount),
                "to_pay": _money(e.to_pay),
                "parts": (
                    {
                        "costs": _money(e.parts.costs),
                        "interest": _money(e.parts.interest),
                        "principal": _money(e.parts.principal),
                    }
                    if e.parts is not None
                    else None
                ),
            }
        )
    t = q.totals
    return {
        "payer_code": q.payer_code,
        "on": q.on.isoformat(),
        "good_standing": q.good_standing,
        "credit": _money(q.credit),
        "banners": list(q.banners),
        "items": items,
        "totals": {
            "balance": _money(t.balance),
            "overdue": _money(t.overdue),
            "selected": _money(t.selected),
            "discount": _money(t.discount),
            "to_pay": _money(t.to_pay),
        },
    }
