"""Discounts granted at a desk, re-checked on the central database's data.

A desk quotes from its replica, which may be behind: offline, it may not know
of a bill paid at another desk this morning, of a court case opened, of a new
invoice. When its payment arrives, the central side replays the payer's
account as it stood just before that payment, with every desk's earlier
payments, and quotes the same selection by the same rules (desk.billing).
Where a granted discount differs, the difference goes on the supervisors'
list (``sync_issue``, kind ``discount``); the payment itself stands.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from desk.billing.facts import Account, PaymentFact
from desk.billing.ledger import Ledger, build_ledger
from desk.billing.quote import Selection, SelectionError, quote_ledger
from desk.models.tables import Payer, Payment
from desk.money import Money
from desk.services.accounts import load_account
from desk.services.checkout import discount_reason


def recheck_discounts(session: Session, payment_ids: Iterable[str]) -> int:
    """Record each granted discount that the central data does not bear out."""
    wanted = list(payment_ids)
    if not wanted:
        return 0
    found = 0
    rows = session.execute(
        select(Payment.id, Payer.id, Payer.payer_code)
        .join(Payer, Payer.id == Payment.payer_id)
        .where(Payment.id.in_(wanted), Payment.source == "desk")
        .order_by(Payer.payer_code)
    ).all()
    accounts: dict[str, Account | None] = {}
    for payment_id, payer_id, payer_code in rows:
        if payer_code not in accounts:
            accounts[payer_code] = load_account(session, payer_code)
        account = accounts[payer_code]
        if account is None:
            continue
        for item, granted, expected, why in _differences(account, payment_id):
            found += _record(session, payer_id, payment_id, item, granted, expected, why)
    return found


def _differences(account: Account, payment_id: str) -> list[tuple[str, Money, Money, str]]:
    index = next((i for i, p in enumerate(account.payments) if p.id == payment_id), None)
    if index is None:
        return []  # voided meanwhile
    payment: PaymentFact = account.payments[index]
    before = replace(account, payments=account.payments[:index])
    ledger = build_ledger(before, payment.paid_on)  # replayed once, quoted twice
    try:
        q = quote_ledger(ledger, _selection(ledger, payment))
    except SelectionError:
        return []  # the item was already settled elsewhere: the paid-twice check says so
    found: list[tuple[str, Money, Money, str]] = []
    for alloc in payment.allocations:
        try:
            entry = q.item(alloc.item)
        except KeyError:
            continue
        expected = entry.discount
        if alloc.discount.currency != expected.currency or alloc.discount != expected:
            found.append((alloc.item, alloc.discount, expected, discount_reason(entry)))
    return found


def _selection(ledger: Ledger, payment: PaymentFact) -> Selection:
    """What the cashier selected: the whole item, or an amount towards it."""
    full = quote_ledger(ledger, {})
    balances = {entry.item: entry.balance for entry in full.items}
    selection: dict[str, Money | None] = {}
    for alloc in payment.allocations:
        owed = balances.get(alloc.item)
        settled = alloc.amount + alloc.discount if alloc.discount.cents else alloc.amount
        in_full = owed is not None and settled.currency == owed.currency and settled >= owed
        selection[alloc.item] = None if in_full else alloc.amount
    return selection


def _record(
    session: Session,
    payer_id: int,
    payment_id: str,
    item: str,
    granted: Money,
    expected: Money,
    why: str,
) -> int:
    because = f" ({why})" if why else ""
    details = (
        f"Отстъпка по {item}: дадена {granted.plain()} €, по централните данни "
        f"{expected.plain()} €{because}"
    )
    done = session.execute(
        text(
            "INSERT INTO sync_issue (kind, payer_id, payment_id, item, amount_cents, details) "
            "VALUES ('discount', :payer, :payment, :item, :cents, :details) "
            "ON CONFLICT (kind, payment_id, item) DO NOTHING"
        ),
        {
            "payer": payer_id,
            "payment": payment_id,
            "item": item,
            "cents": granted.cents - expected.cents,
            "details": details,
        },
    )
    return int(getattr(done, "rowcount", 0) or 0)
