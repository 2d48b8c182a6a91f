"""Taking a payment and voiding one (DOMAIN.md "Payments and allocation").

One write transaction stores the payment, its allocations, the next number of
the desk's receipt series and the audit entry; the receipt is printed only
after that commit, from the plain data returned here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import insert, select, text
from sqlalchemy.orm import Session

from desk.billing.discounts import COMMERCIAL, LOYALTY
from desk.billing.quote import ItemQuote, Quote, Selection, SelectionError, quote
from desk.messages import Message
from desk.models.db import Database
from desk.models.tables import (
    AgreementInstallment,
    Allocation,
    CourtCase,
    Desk,
    Invoice,
    Payer,
    Payment,
    Receipt,
    Shift,
    Void,
    new_uuid,
)
from desk.money import Money
from desk.services.accounts import load_account
from desk.services.context import PAYING_ROLES, DeskContext, audit_as, require_role
from desk.services.file_identity import require_same_file
from desk.services.problems import UserError
from desk.services.users import approve


@dataclass(frozen=True, slots=True)
class Tender:
    """What the payer hands over: cash, card, and whether credit is spent first."""

    cash: Money = field(default_factory=Money.zero)
    card: Money = field(default_factory=Money.zero)
    use_credit: bool = True
    keep_overpayment: bool = False  # confirmed by the cashier: excess stays as credit


@dataclass(frozen=True, slots=True)
class PaidItem:
    item: str
    kind: str
    period: str | None
    subscriber_number: str
    balance: Money
    commercial: Money
    loyalty: Money
    paid: Money


@dataclass(frozen=True, slots=True)
class PaymentDone:
    payment_id: str
    receipt_number: int
    paid_at: datetime
    payer_code: str
    payer_name: str
    items: tuple[PaidItem, ...]
    total: Money  # to pay after discounts
    discount: Money
    credit_used: Money
    card: Money
    cash_tendered: Money
    change: Money
    credit_left: Money


def _allocations(q: Quote) -> list[ItemQuote]:
    return [e for e in q.items if e.selected]


@dataclass(frozen=True, slots=True)
class TenderOutcome:
    """What a tender comes to: the one rule the tender dialog shows as the cashier types
    and ``take_payment`` applies (``settle``), so the screen never offers what is refused.

    A card gives no change: it pays at most what is due after the credit. Cash must
    cover the rest; cash over it is change, or credit when the cashier ticked so.
    """

    credit_used: Money
    card_most: Money  # the most the card may pay: what is due after the credit
    cash_due: Money  # what the cash must cover (zero when the card pays too much)
    missing: Money  # cash still to hand over, zero when covered
    excess: Money  # cash over what is due: the change, or credit when kept
    change: Money
    credit_left: Money
    refusal: UserError | None  # why it cannot be taken; None: it can


def tender_outcome(due: Money, credit: Money, tender: Tender) -> TenderOutcome:
    zero = Money(0)
    credit_used = credit.min(due).max(zero) if tender.use_credit else zero
    money_due = due - credit_used
    cash_due = (money_due - tender.card).max(zero)
    missing = (cash_due - tender.cash).max(zero)
    excess = (tender.cash - cash_due).max(zero)
    refusal: UserError | None = None
    if tender.card.cents < 0 or tender.cash.cents < 0:
        refusal = UserError("payment.negative")
    elif tender.card > money_due:
        refusal = UserError("payment.card_over", most=money_due, card=tender.card)
    elif missing.positive:
        refusal = UserError("payment.cash_short", given=tender.cash, due=cash_due, missing=missing)
    if refusal is not None:
        excess = zero
    kept = excess if tender.keep_overpayment else zero
    return TenderOutcome(
        credit_used, money_due, cash_due, missing, excess, excess - kept, kept, refusal
    )


def settle(due: Money, credit: Money, tender: Tender) -> tuple[Money, Money, Money]:
    """Credit used, change, and credit left, or the UserError ``tender_outcome`` gives."""
    outcome = tender_outcome(due, credit, tender)
    if outcome.refusal is not None:
        raise outcome.refusal
    return outcome.credit_used, outcome.change, outcome.credit_left


def take_payment(
    db: Database,
    ctx: DeskContext,
    payer_code: str,
    selection: Selection,
    tender: Tender,
    expected_to_pay: Money,
    now: datetime,
) -> PaymentDone:
    """Store the payment; ``expected_to_pay`` is what the screen showed (a guard
    against a quote that changed since, e.g. a payment synced from another desk)."""
    if not selection:
        raise UserError("agreement.choose_item")
    with db.write() as session:
        require_role(session, ctx, PAYING_ROLES, "what.payment")
        shift = session.scalar(
            select(Shift.id).where(
                Shift.desk_id == ctx.desk_id,
                Shift.user_id == ctx.user_id,
                Shift.closed_at.is_(None),
            )
        )
        if shift is None:
            raise UserError("payment.no_open_shift")
        account = load_account(session, payer_code)
        if account is None:
            raise UserError("payer.no_such", code=payer_code)
        try:
            q = quote(account, now.date(), selection)
        except SelectionError as exc:
            raise UserError(exc.code, **exc.values) from exc
        due = q.totals.to_pay
        if due != expected_to_pay:
            raise UserError("payment.total_changed", shown=expected_to_pay, now=due)
        credit_used, change, credit_left = settle(due, q.credit, tender)
        payment_id = new_uuid()
        number = next_receipt_number(session, ctx.desk_id)
        cash_kept = tender.cash - change - credit_left
        method = (
            "split"
            if tender.card.positive and tender.cash.positive
            else "card"
            if tender.card.positive
            else "cash"
            if tender.cash.positive
            else "credit"
        )
        session.execute(
            insert(Payment).values(
                id=payment_id,
                payer_id=_payer_id(session, payer_code),
                paid_at=now,
                method=method,
                currency="EUR",
                total_cents=(tender.card + tender.cash - change).cents,
                credit_cents=credit_left.cents,
                credit_used_cents=credit_used.cents,
                cash_cents=(cash_kept + credit_left).cents,
                card_cents=tender.card.cents,
                tendered_cents=tender.cash.cents,
                change_cents=change.cents,
                desk_id=ctx.desk_id,
                shift_id=shift,
                user_id=ctx.user_id,
                receipt_number=number,
                source="desk",
            )
        )
        paid = _write_allocations(session, payment_id, _allocations(q))
        session.execute(
            insert(Receipt).values(
                id=new_uuid(),
                desk_id=ctx.desk_id,
                number=number,
                kind="payment",
                payment_id=payment_id,
                issued_at=now,
            )
        )
        audit_as(
            session,
            ctx,
            "payment",
            now,
            payment=payment_id,
            receipt=number,
            payer=payer_code,
            total=due.plain(),
        )
        name = session.scalar(select(Payer.name).where(Payer.payer_code == payer_code)) or ""
    return PaymentDone(
        payment_id,
        number,
        now,
        payer_code,
        name,
        tuple(paid),
        due,
        q.totals.discount,
        credit_used,
        tender.card,
        tender.cash,
        change,
        credit_left,
    )


def _later_payment(session: Session, payment: Payment) -> int | str | None:
    """A payment of the same payer made after this one and not voided, if any."""
    later = session.execute(
        select(Payment.receipt_number, Payment.id)
        .where(
            Payment.payer_id == payment.payer_id,
            Payment.paid_at >= payment.paid_at,
            Payment.id != payment.id,
            Payment.id.not_in(select(Void.payment_id)),
        )
        .order_by(Payment.paid_at.desc())
        .limit(1)
    ).first()
    if later is None:
        return None
    return int(later.receipt_number) if later.receipt_number else str(later.id)


def next_receipt_number(session: Session, desk_id: int) -> int:
    """The desk's next receipt number, taken inside the caller's transaction, so a
    rolled-back payment leaves no gap (BEGIN IMMEDIATE already holds the lock).
    A joined desk's file copied or restored since its last sync gives none."""
    require_same_file(session)
    number = session.execute(
        text(
            "UPDATE desk SET last_receipt_number = last_receipt_number + 1 "
            "WHERE id = :d RETURNING last_receipt_number"
        ),
        {"d": desk_id},
    ).scalar_one()
    return int(number)


def _payer_id(session: Session, code: str) -> int:
    return session.execute(select(Payer.id).where(Payer.payer_code == code)).scalar_one()


def _write_allocations(
    session: Session, payment_id: str, chosen: list[ItemQuote]
) -> list[PaidItem]:
    rows, paid = [], []
    for e in chosen:
        commercial = sum((d.amount for d in e.discounts if d.kind == COMMERCIAL), Money(0))
        loyalty = sum((d.amount for d in e.discounts if d.kind == LOYALTY), Money(0))
        row = {
            "payment_id": payment_id,
            "invoice_id": None,
            "case_id": None,
            "installment_id": None,
            "amount_cents": e.to_pay.cents,
            "commercial_cents": commercial.cents,
            "loyalty_cents": loyalty.cents,
        }
        if e.kind == "court":
            row["case_id"] = session.scalar(select(CourtCase.id).where(CourtCase.id == e.item))
        elif e.kind == "agreement":
            agreement_id, seq = e.item.rsplit("/", 1)
            row["installment_id"] = session.scalar(
                select(AgreementInstallment.id).where(
                    AgreementInstallment.agreement_id == agreement_id,
                    AgreementInstallment.seq == int(seq),
                )
            )
        else:
            row["invoice_id"] = session.scalar(select(Invoice.id).where(Invoice.number == e.item))
        rows.append(row)
        paid.append(
            PaidItem(
                e.item,
                e.kind,
                e.period,
                e.subscriber_number,
                e.balance,
                commercial,
                loyalty,
                e.to_pay,
            )
        )
    session.execute(insert(Allocation), rows)
    return paid


@dataclass(frozen=True, slots=True)
class VoidDone:
    void_id: str
    payment_id: str
    receipt_number: int
    original_receipt: int | None
    amount: Money
    approved_by: str


MIN_VOID_REASON = 3  # characters, spaces around not counted


def void_reason_problem(reason: str) -> UserError | None:
    """What is wrong with a void's reason (None: it will do); the void dialog asks it
    before moving on from the field, the service before anything is written."""
    if len(reason.strip()) < MIN_VOID_REASON:
        return UserError("void.reason_needed", least=MIN_VOID_REASON)
    return None


def void_payment(
    db: Database,
    ctx: DeskContext,
    payment_id: str,
    reason: str,
    supervisor: str,
    password: str,
    now: datetime,
) -> VoidDone:
    """A reversal: same day, before the shift closes, a reason, a supervisor's approval."""
    short = void_reason_problem(reason)
    if short is not None:
        raise short
    # The approval commits on its own: a wrong password must count towards the
    # lock-out even though the void is then refused and rolled back.
    with db.write() as session:
        approval = approve(session, supervisor, password, now)
    if not approval.ok:
        raise UserError("void.not_approved", problem=approval.problem or "")
    with db.write() as session:
        require_role(session, ctx, PAYING_ROLES, "what.void")
        payment = session.get(Payment, payment_id)
        if payment is None:
            raise UserError("void.no_such_payment")
        if session.scalar(select(Void.id).where(Void.payment_id == payment_id)):
            raise UserError("void.already_voided")
        if payment.desk_id != ctx.desk_id:
            # The money went into another drawer: only that desk can hand it back,
            # else both shifts' expected cash (and the daily report) would be wrong.
            taken_at = session.scalar(select(Desk.code).where(Desk.id == payment.desk_id))
            raise UserError("void.other_desk", desk=taken_at or Message("void.no_desk"))
        if payment.paid_at.date() != now.date():
            raise UserError("void.same_day_only")
        shift = session.get(Shift, payment.shift_id) if payment.shift_id else None
        if shift is None or shift.closed_at is not None:
            raise UserError("void.shift_closed")
        later = _later_payment(session, payment)
        if later is not None:
            # Restoring balances "as if the payment had never been made" is only
            # exact when nothing since relied on it (credit it left, a bill it
            # settled that a later payment discounted): undo the later one first.
            raise UserError("void.later_payment", receipt=str(later))
        number = next_receipt_number(session, ctx.desk_id)
        void_id = new_uuid()
        session.execute(
            insert(Void).values(
                id=void_id,
                payment_id=payment_id,
                voided_at=now,
                reason=reason.strip(),
                desk_id=ctx.desk_id,
                shift_id=payment.shift_id,
                user_id=ctx.user_id,
                approved_by=approval.user_id,
                receipt_number=number,
            )
        )
        session.execute(
            insert(Receipt).values(
                id=new_uuid(),
                desk_id=ctx.desk_id,
                number=number,
                kind="void",
                void_id=void_id,
                issued_at=now,
            )
        )
        audit_as(
            session,
            ctx,
            "void",
            now,
            payment=payment_id,
            receipt=number,
            reason=reason.strip(),
            approved_by=supervisor,
        )
        return VoidDone(
            void_id,
            payment_id,
            number,
            payment.receipt_number,
            Money(payment.total_cents),
            supervisor,
        )
