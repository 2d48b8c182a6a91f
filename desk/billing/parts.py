"""Splitting money over parts and items, keeping every cent.

DOMAIN.md "Payments and allocation": inside a court sum, costs first, then
interest, then principal (ЗЗД чл. 76, ал. 2); money paid on agreement
installments settles the covered items oldest first.
"""

from __future__ import annotations

from collections.abc import Sequence

from desk.money import Money


def pay_in_order(balances: Sequence[Money], amount: Money) -> tuple[list[Money], Money]:
    """Apply ``amount`` to ``balances`` in order; return what each got and what is left.

    Each balance receives at most what it owes; the rest moves on to the next.
    ``sum(paid) + left == amount`` always holds.
    """
    paid: list[Money] = []
    left = amount
    for balance in balances:
        take = left.min(balance.max(Money.zero(balance.currency))) if left.positive else None
        if take is None or not take.positive:
            paid.append(Money.zero(amount.currency))
            continue
        paid.append(take)
        left = left - take
    return paid, left
