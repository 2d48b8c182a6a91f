"""Enrolment in equal installments (DOMAIN.md "Installment loyalty").

A payer in good standing may choose, for one of their properties, 11 equal
monthly installments per plan year: the yearly estimate / 11. The desk records
the enrolment only; billing issues the installment invoices (kind
"installment", with the plan's id) and the settlement after them.

The plan year is not the clerk's pick: plan_first_month() follows the policy
(PLAN_JOIN_YEAR_UNDER_WAY: the year under way until its installment 1's
deadline, else the next one). A property is offered when the payer holds it
both today and on the plan year's first day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from desk.billing import policy
from desk.billing.calendar import deadline, first_day, month_index, period_of
from desk.billing.discounts import is_new_client
from desk.billing.facts import PlanFact
from desk.billing.ledger import build_ledger
from desk.billing.quote import quote_ledger
from desk.billing.schedule import plan_installment
from desk.messages import Message
from desk.models.db import Database
from desk.models.tables import Payer, Plan, Property, Tenure
from desk.money import Money
from desk.printing.plan_confirmation import PlanData
from desk.services.accounts import load_account
from desk.services.agreements import new_record_id
from desk.services.context import INFO_ROLES, DeskContext, audit_as, require_role
from desk.services.desk_rows import queue
from desk.services.problems import UserError

# A sensible upper bound of a yearly estimate: it stops a mistyped extra digit.
MAX_YEARLY_ESTIMATE = Money.parse("50000.00")

# The form's fields, as refusals name them (catalogue codes).
PROPERTY = "field.property"
ESTIMATE = "field.yearly_estimate"


def _estimate(code: str, **values: object) -> Message:
    return Message("generic.where", where=Message(ESTIMATE), what=Message(code, **values))


@dataclass(frozen=True, slots=True)
class PlanProperty:
    subscriber_number: str
    address: str
    enrolled: str | None  # the id of this property's plan for the plan year, if any


@dataclass(frozen=True, slots=True)
class PlanOffer:
    payer_code: str
    first_month: str
    months: tuple[str, ...]
    new_client: bool
    good_standing: bool
    overdue: Money
    properties: tuple[PlanProperty, ...]


@dataclass(frozen=True, slots=True)
class PlanDone:
    id: str
    enrolled_on: date
    payer_code: str
    payer_name: str
    payer_id_number: str | None
    subscriber_number: str
    address: str
    first_month: str
    months: tuple[str, ...]
    deadlines: tuple[date, ...]
    yearly_estimate: Money
    installment: Money
    new_client: bool
    clerk: str
    desk_name: str


def plan_first_month(on: date) -> str:
    """The first month of the plan year a payer enrolling on ``on`` joins.

    The year under way (begun in the last May) while its installment 1 is not
    past its deadline, when the policy allows it; otherwise the first May after
    ``on``'s month.
    """
    under_way = on.year if on.month >= policy.PLAN_FIRST_MONTH else on.year - 1
    current = f"{under_way:04d}-{policy.PLAN_FIRST_MONTH:02d}"
    if policy.PLAN_JOIN_YEAR_UNDER_WAY and on <= deadline(current):
        return current
    return f"{under_way + 1:04d}-{policy.PLAN_FIRST_MONTH:02d}"


def plan_months(first_month: str) -> tuple[str, ...]:
    start = month_index(first_month)
    return tuple(period_of(start + n) for n in range(policy.PLAN_INSTALLMENTS))


def plan_year_text(first_month: str) -> str:
    """ "2027/2028": a plan year runs from May into the next year."""
    year = int(first_month[:4])
    return f"{year}/{year + 1}"


def check_estimate(estimate: Money | None) -> Message | None:
    """What is wrong with a typed yearly estimate (worded when shown), or None."""
    if estimate is None:
        return _estimate("plan.estimate_not_amount", example=Money(72000))
    if not estimate.positive:
        return _estimate("plan.estimate_not_positive")
    if estimate.cents > MAX_YEARLY_ESTIMATE.cents:
        return _estimate("plan.estimate_at_most", most=MAX_YEARLY_ESTIMATE)
    if not plan_installment(estimate).positive:
        return _estimate("plan.estimate_too_small", count=policy.PLAN_INSTALLMENTS)
    return None


def plan_offer(db: Database, payer_code: str, on: date) -> PlanOffer:
    """What the Plan tab shows before anything is typed."""
    first_month = plan_first_month(on)
    with db.read() as session:
        account = load_account(session, payer_code)
        if account is None:
            raise UserError("payer.no_such", code=payer_code)
        properties = _properties(session, payer_code, on, first_month)
    ledger = build_ledger(account, on)
    found = quote_ledger(ledger)
    new = is_new_client(ledger, PlanFact(id="", first_month=first_month, installment=Money(0)))
    return PlanOffer(
        payer_code=payer_code,
        first_month=first_month,
        months=plan_months(first_month),
        new_client=new,
        good_standing=found.good_standing,
        overdue=found.totals.overdue,
        properties=properties,
    )


def enrol_plan(
    db: Database,
    ctx: DeskContext,
    payer_code: str,
    subscriber_number: str,
    yearly_estimate: Money | None,
    now: datetime,
) -> PlanDone:
    """Check good standing, the property and the estimate on the database, then record
    the plan for the plan year, audited. The check for a plan already made for the
    property and year runs inside the write transaction (BEGIN IMMEDIATE), so two
    saves on this desk's database cannot both enrol it."""
    on = now.date()
    first_month = plan_first_month(on)
    problem = check_estimate(yearly_estimate)
    if problem is not None:
        raise UserError(problem.code, **problem.values)
    assert yearly_estimate is not None
    with db.write() as session:
        require_role(session, ctx, INFO_ROLES, "what.plan")
        payer = session.execute(
            select(Payer.id, Payer.name, Payer.id_number).where(Payer.payer_code == payer_code)
        ).one_or_none()
        account = load_account(session, payer_code)
        if payer is None or account is None:
            raise UserError("payer.no_such", code=payer_code)
        ledger = build_ledger(account, on)
        found = quote_ledger(ledger)
        if not found.good_standing:
            raise UserError("plan.overdue", amount=found.totals.overdue)
        held = {p.subscriber_number: p for p in _properties(session, payer_code, on, first_month)}
        chosen = held.get(subscriber_number)
        if chosen is None:
            raise UserError("plan.not_held", number=subscriber_number, start=first_day(first_month))
        if chosen.enrolled is not None:
            raise UserError(
                "plan.already",
                number=subscriber_number,
                year=plan_year_text(first_month),
                plan=chosen.enrolled,
            )
        property_id = session.scalar(
            select(Property.id).where(Property.subscriber_number == subscriber_number)
        )
        new = is_new_client(ledger, PlanFact(id="", first_month=first_month, installment=Money(0)))
        installment = plan_installment(yearly_estimate)
        plan_id = new_record_id(session, "PL", ctx.desk_code, on, Plan.id)
        session.execute(
            insert(Plan).values(
                id=plan_id,
                payer_id=payer.id,
                property_id=property_id,
                first_month=first_month,
                installment_cents=installment.cents,
            )
        )
        queue(session, "plan", [plan_id], now)  # for the central database and the other desks
        audit_as(
            session,
            ctx,
            "plan_enrolled",
            now,
            plan=plan_id,
            payer=payer_code,
            subscriber_number=subscriber_number,
            first_month=first_month,
            yearly_estimate=yearly_estimate.plain(),
            installment=installment.plain(),
            new_client=new,
        )
    months = plan_months(first_month)
    return PlanDone(
        id=plan_id,
        enrolled_on=on,
        payer_code=payer_code,
        payer_name=payer.name,
        payer_id_number=payer.id_number,
        subscriber_number=subscriber_number,
        address=chosen.address,
        first_month=first_month,
        months=months,
        deadlines=tuple(deadline(m) for m in months),
        yearly_estimate=yearly_estimate,
        installment=installment,
        new_client=new,
        clerk=ctx.full_name,
        desk_name=ctx.desk_name,
    )


def plan_document(done: PlanDone) -> PlanData:
    """What the printed confirmation shows."""
    return PlanData(
        number=done.id,
        enrolled_on=done.enrolled_on,
        payer_name=done.payer_name,
        payer_code=done.payer_code,
        payer_id_number=done.payer_id_number,
        subscriber_number=done.subscriber_number,
        address=done.address,
        desk_name=done.desk_name,
        clerk=done.clerk,
        months=done.months,
        deadlines=done.deadlines,
        yearly_estimate=done.yearly_estimate,
        installment=done.installment,
        new_client=done.new_client,
    )


def _properties(
    session: Session, payer_code: str, on: date, first_month: str
) -> tuple[PlanProperty, ...]:
    """The properties the payer holds both on ``on`` and on the plan year's first day,
    with their plan for the plan year (if any)."""
    start = first_day(first_month)
    held_from, held_until = min(on, start), max(on, start)
    rows = session.execute(
        select(Property.id, Property.subscriber_number, Property.address)
        .join(Tenure, Tenure.property_id == Property.id)
        .join(Payer, Payer.id == Tenure.payer_id)
        .where(
            Payer.payer_code == payer_code,
            Tenure.start <= held_from,
            (Tenure.end.is_(None)) | (Tenure.end >= held_until),
        )
        .order_by(Property.subscriber_number)
    ).all()
    enrolled = dict(
        session.execute(
            select(Plan.property_id, Plan.id).where(
                Plan.property_id.in_([r.id for r in rows]), Plan.first_month == first_month
            )
        ).all()
    )
    return tuple(PlanProperty(r.subscriber_number, r.address, enrolled.get(r.id)) for r in rows)
