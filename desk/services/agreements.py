"""Installment agreements made at an information centre (DOMAIN.md "Installment agreements").

The clerk picks, for one payer, overdue bills and court-awarded sums from the
quote's open items; the agreement covers them for their current euro balances,
with an optional down payment (due on the signing day, policy
DOWN_PAYMENT_DUE_ON_SIGNING) and 2-24 monthly installments on a chosen day.
Everything is checked again on the database when it is saved, the total the
clerk was shown too: nothing is written while a problem stands.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, insert, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from desk.billing import policy
from desk.billing.calendar import add_months
from desk.billing.facts import InstallmentFact
from desk.billing.ledger import Ledger, build_ledger
from desk.billing.quote import Quote, quote, quote_ledger
from desk.billing.schedule import ScheduleError, agreement_schedule
from desk.messages import Message
from desk.models.db import Database
from desk.models.tables import (
    Agreement,
    AgreementCover,
    AgreementInstallment,
    CourtCase,
    Invoice,
    Payer,
)
from desk.money import Money
from desk.printing.agreement import AgreementData, CoveredLine, ScheduleLine
from desk.services.accounts import load_account
from desk.services.context import INFO_ROLES, DeskContext, audit_as, require_role
from desk.services.desk_rows import next_ids, queue
from desk.services.problems import Problem, ProblemsError, UserError

# Our choice: installments fall on days 1-28, so every month has the day and
# no installment moves with the month's length.
LAST_INSTALLMENT_DAY = 28
DEFAULT_MONTHS = 6

# The form's fields: Problem.where, catalogue codes of their names (desk/messages.py).
ITEMS = "field.agreement_items"
DOWN_PAYMENT = "field.down_payment"
MONTHS = "field.installments"
DAY = "field.day_of_month"


@dataclass(frozen=True, slots=True)
class CoverableItem:
    """An overdue bill or a court sum that an agreement may cover."""

    item: str  # invoice number or court case id
    kind: str  # an invoice kind, or "court"
    period: str | None
    deadline: date  # the bill's deadline or the case's filing day
    balance: Money  # in euro, as the quote computes it today
    subscriber_number: str


@dataclass(frozen=True, slots=True)
class BreachedAgreement:
    """An agreement the payer broke: its unpaid installments are all due at once."""

    id: str
    breached_on: date
    unpaid: Money


@dataclass(frozen=True, slots=True)
class AgreementOffer:
    payer_code: str
    on: date
    items: tuple[CoverableItem, ...]
    breached: tuple[BreachedAgreement, ...] = ()


@dataclass(frozen=True, slots=True)
class AgreementTerms:
    """A schedule as the clerk asks for it, and the problems it has."""

    total: Money
    first_due: date | None
    installments: tuple[InstallmentFact, ...]
    problems: tuple[Problem, ...]


@dataclass(frozen=True, slots=True)
class AgreementDone:
    id: str
    signed: date
    payer_code: str
    payer_name: str
    payer_id_number: str | None
    items: tuple[CoverableItem, ...]
    total: Money
    down_payment: Money
    months: int
    day: int
    installments: tuple[InstallmentFact, ...]
    clerk: str
    desk_name: str


def coverable(found: Quote) -> tuple[CoverableItem, ...]:
    """Overdue bills and court sums (any stage from `filed`) of a quote, oldest first.

    Items an agreement already covers are not in the quote's list at all, and
    neither are agreement installments offered: an agreement is not re-agreed.
    """
    return tuple(
        CoverableItem(
            item=e.item,
            kind=e.kind,
            period=e.period,
            deadline=e.deadline,
            balance=e.balance,
            subscriber_number=e.subscriber_number,
        )
        for e in found.items
        if e.kind != "agreement" and (e.overdue or e.kind == "court") and e.balance.positive
    )


def agreement_offer(db: Database, payer_code: str, on: date) -> AgreementOffer:
    with db.read() as session:
        account = load_account(session, payer_code)
    if account is None:
        raise UserError("payer.no_such", code=payer_code)
    ledger = build_ledger(account, on)
    return AgreementOffer(payer_code, on, coverable(quote_ledger(ledger)), breached(ledger))


def breached(ledger: Ledger) -> tuple[BreachedAgreement, ...]:
    """The payer's agreements breached by the ledger's day that still have money unpaid
    (the quote's banner "agreement:breached"), oldest first."""
    settled = ledger.settlements()
    found = []
    for agreement in sorted(ledger.agreements.values(), key=lambda a: (a.signed, a.id)):
        breach = ledger.breach_day(agreement, settled)
        if breach is None or ledger.on < breach:
            continue
        unpaid = sum(
            (
                item.balance_eur
                for item in ledger.items.values()
                if item.kind == "agreement"
                and item.agreement_id == agreement.id
                and item.balance.positive
            ),
            Money.zero(),
        )
        if unpaid.positive:
            found.append(BreachedAgreement(agreement.id, breach, unpaid))
    return tuple(found)


def first_due_date(on: date, day: int) -> date:
    """The first day ``day`` of a month after ``on`` (``day`` is 1-28)."""
    this_month = on.replace(day=day)
    return this_month if this_month > on else add_months(this_month, 1)


def agreement_terms(
    items: Sequence[CoverableItem], down_payment: Money | None, months: int, day: int, on: date
) -> AgreementTerms:
    """The schedule for the chosen items, or the problems that stop it, field by field."""
    total = sum((i.balance for i in items), Money.zero())
    down = down_payment or Money.zero()
    problems: list[Problem] = []
    if not items:
        problems.append(Problem(ITEMS, "agreement.choose_item"))
    low, high = policy.AGREEMENT_MIN_INSTALLMENTS, policy.AGREEMENT_MAX_INSTALLMENTS
    if not low <= months <= high:
        problems.append(Problem(MONTHS, Message("generic.range", low=low, high=high)))
    first_due = None
    if 1 <= day <= LAST_INSTALLMENT_DAY:
        first_due = first_due_date(on, day)
    else:
        problems.append(Problem(DAY, Message("generic.range", low=1, high=LAST_INSTALLMENT_DAY)))
    if down.cents < 0:
        problems.append(Problem(DOWN_PAYMENT, "agreement.down_payment_negative"))
    elif items and down.cents >= total.cents:
        problems.append(Problem(DOWN_PAYMENT, "agreement.down_payment_too_big"))
    elif items and low <= months <= high and (total - down).cents < months:
        problems.append(Problem(MONTHS, "schedule.too_small"))
    if problems or first_due is None:
        return AgreementTerms(total, first_due, (), tuple(problems))
    try:
        schedule = agreement_schedule(
            total,
            months=months,
            first_due=first_due,
            down_payment=down,
            down_payment_due=on if policy.DOWN_PAYMENT_DUE_ON_SIGNING else None,
        )
    except ScheduleError as exc:  # the rules' own last word, should ours have missed one
        return AgreementTerms(total, first_due, (), (Problem(MONTHS, exc.message),))
    return AgreementTerms(total, first_due, schedule, ())


def create_agreement(
    db: Database,
    ctx: DeskContext,
    payer_code: str,
    items: Sequence[str],
    down_payment: Money | None,
    months: int,
    day: int,
    now: datetime,
    *,
    shown_total: Money | None = None,
) -> AgreementDone:
    """Check the chosen items against the database as it is now, then write the agreement,
    what it covers and its schedule in one transaction, audited.

    ``shown_total`` is the total the clerk showed the payer: when the items' balances
    changed since (a payment at a pay desk), nothing is saved and the clerk is told.
    """
    on = now.date()
    with db.write() as session:
        require_role(session, ctx, INFO_ROLES, "what.agreement")
        payer = session.execute(
            select(Payer.id, Payer.name, Payer.id_number).where(Payer.payer_code == payer_code)
        ).one_or_none()
        account = load_account(session, payer_code)
        if payer is None or account is None:
            raise UserError("payer.no_such", code=payer_code)
        open_items = {i.item: i for i in coverable(quote(account, on))}
        gone = [key for key in items if key not in open_items]
        if gone:
            raise UserError("agreement.item_gone", items=", ".join(gone))
        chosen = tuple(sorted((open_items[k] for k in set(items)), key=_oldest_first))
        terms = agreement_terms(chosen, down_payment, months, day, on)
        if shown_total is not None and shown_total != terms.total:
            raise UserError("agreement.total_changed", shown=shown_total, now=terms.total)
        if terms.problems:
            raise ProblemsError(list(terms.problems))
        agreement_id = new_record_id(session, "AG", ctx.desk_code, on, Agreement.id)
        down = down_payment or Money.zero()
        session.execute(
            insert(Agreement).values(
                id=agreement_id, payer_id=payer.id, signed=on, down_payment_cents=down.cents
            )
        )
        cover_ids = next_ids(session, AgreementCover.id, ctx.desk_id, len(chosen))
        session.execute(
            insert(AgreementCover),
            [
                {"id": cover_id, **_cover(session, agreement_id, i)}
                for cover_id, i in zip(cover_ids, chosen, strict=True)
            ],
        )
        installment_ids = next_ids(
            session, AgreementInstallment.id, ctx.desk_id, len(terms.installments)
        )
        session.execute(
            insert(AgreementInstallment),
            [
                {
                    "id": installment_id,
                    "agreement_id": agreement_id,
                    "seq": inst.seq,
                    "due": inst.due,
                    "amount_cents": inst.amount.cents,
                }
                for installment_id, inst in zip(installment_ids, terms.installments, strict=True)
            ],
        )
        # For the central database and every other desk, in the same transaction.
        queue(session, "agreement", [agreement_id], now)
        queue(session, "agreement_cover", cover_ids, now)
        queue(session, "agreement_installment", installment_ids, now)
        audit_as(
            session,
            ctx,
            "agreement_created",
            now,
            agreement=agreement_id,
            payer=payer_code,
            items=[i.item for i in chosen],
            total=terms.total.plain(),
            down_payment=down.plain(),
            months=months,
            day=day,
        )
    return AgreementDone(
        id=agreement_id,
        signed=on,
        payer_code=payer_code,
        payer_name=payer.name,
        payer_id_number=payer.id_number,
        items=chosen,
        total=terms.total,
        down_payment=down,
        months=months,
        day=day,
        installments=terms.installments,
        clerk=ctx.full_name,
        desk_name=ctx.desk_name,
    )


def agreement_document(done: AgreementDone) -> AgreementData:
    """What the printed agreement shows."""
    return AgreementData(
        number=done.id,
        signed=done.signed,
        payer_name=done.payer_name,
        payer_code=done.payer_code,
        payer_id_number=done.payer_id_number,
        desk_name=done.desk_name,
        clerk=done.clerk,
        lines=tuple(
            CoveredLine(i.item, i.kind, i.period, i.subscriber_number, i.balance)
            for i in done.items
        ),
        total=done.total,
        down_payment=done.down_payment,
        schedule=tuple(ScheduleLine(i.seq, i.due, i.amount) for i in done.installments),
    )


def _oldest_first(item: CoverableItem) -> tuple[date, str]:
    return item.deadline, item.item


def _cover(session: Session, agreement_id: str, item: CoverableItem) -> dict[str, object]:
    if item.kind == "court":
        case_id = session.scalar(select(CourtCase.id).where(CourtCase.id == item.item))
        return {"agreement_id": agreement_id, "invoice_id": None, "case_id": case_id}
    invoice_id = session.scalar(select(Invoice.id).where(Invoice.number == item.item))
    return {"agreement_id": agreement_id, "invoice_id": invoice_id, "case_id": None}


def new_record_id(
    session: Session, prefix: str, desk_code: str, on: date, column: InstrumentedAttribute[str]
) -> str:
    """ "AG-IC1-20261122-1": unique across desks that work offline (each desk its own
    series, numbered per day inside the write transaction that takes it)."""
    stem = f"{prefix}-{desk_code}-{on:%Y%m%d}-"
    taken = session.scalar(select(func.count()).where(column.like(f"{stem}%"))) or 0
    number = taken + 1
    while session.scalar(select(func.count()).where(column == f"{stem}{number}")):
        number += 1
    return f"{stem}{number}"
