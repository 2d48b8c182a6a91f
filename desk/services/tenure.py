"""A change of owner or tenant (DOMAIN.md "Tenure") registered at an information desk.

The current tenure of the property ends the day before the new one starts, so
tenures never overlap. The new holder is a payer already on file (payer code)
or a new payer (person or company, ЕГН / ЕИК checked).

Afterwards each payer sees only their own periods: ``load_account`` reads a
payer's invoices by ``Invoice.payer_id``, so bills stay with whoever they were
issued to, and invoices already issued for periods wholly after the change
move to the new payer -- but only while nothing has touched them (no payment,
court case, agreement or plan; not a credit note). One that has been touched
belongs to the old payer's history: the change is refused, naming it, and the
clerk picks a later date or asks billing for a correction.

A change inside a month that is already invoiced would need that month's
invoice split in two by days (DOMAIN.md). Invoice numbers are the billing
system's own sequential series (Bulgarian VAT practice: one issuer, no gaps),
so a desk cannot issue new ones without colliding with it; such a date is
refused, and the clerk starts the change on the 1st of a month or billing
splits the invoice.

New payer codes. A desk works offline, so it cannot ask anyone for the next
free code; two desks counting from the same place would hand out the same one.
Each desk therefore takes codes from a block of its own:

    "9" + desk id (3 digits) + serial within the desk (5 digits) + Luhn digit

10 digits like every payer code, Luhn-checked like them (DOMAIN.md
"Identifiers"). The desk id is the central database's key of the desk, the
same at every desk, so blocks never meet; billing's own codes do not start
with 9 (the leading 9 is reserved for desks, ``DESK_PAYER_PREFIX``). A block
holds 99 999 codes, and desks 1-999.

The rows' integer ids (payer, tenure) come from the desk's block too
(desk.services.desk_rows), and the change is queued for the central database
in its own transaction: the new payer, the new tenure, the end of the one it
replaces, the bills moved. The central database applies the end and the moves
only for this desk's new tenure (migration c0003).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import exists, func, select, update
from sqlalchemy.orm import Session

from desk.billing.calendar import add_months, first_day
from desk.identifiers import (
    check_id_number,
    check_payer_code,
    check_subscriber_number,
    payer_code_check_digit,
)
from desk.messages import Message
from desk.models.db import Database
from desk.models.tables import (
    AgreementCover,
    Allocation,
    CourtCaseInvoice,
    Invoice,
    Payer,
    Payment,
    Property,
    Tenure,
    Void,
)
from desk.services.context import INFO_ROLES, DeskContext, audit_as, require_role
from desk.services.desk_rows import next_ids, queue
from desk.services.problems import Problem, ProblemsError
from desk.services.retention import held_from

TENURE_KINDS = ("ownership", "use", "tenancy")
PAYER_KINDS = ("person", "company")
DESK_PAYER_PREFIX = "9"
DESK_ID_DIGITS = 3
SERIAL_DIGITS = 5
ID_FIELD = {"person": "field.egn", "company": "field.eik"}
# A change is registered from its document, usually days or weeks ahead; a start
# further ahead than this is a typo (01.12.2062), and because later changes must
# start after it, it would block every one of them. Our setting, not the seeds'.
MAX_MONTHS_AHEAD = 3
# Problem.where of each refusal (the catalogue code of the field's name, worded for the
# clerk) and the form field it belongs to, so a screen can put it next to that input.
FIELD_OF_NAME = {
    "field.subscriber_number": "property",
    "field.start_date": "start",
    "field.tenure_kind": "kind",
    "field.document": "document",
    "field.payer_code": "payer_code",
    "field.new_payer": "payer_code",
    "field.payer_kind": "payer_kind",
    "field.name": "name",
    "field.egn": "id_number",
    "field.eik": "id_number",
}


@dataclass(frozen=True, slots=True)
class NewPayer:
    kind: str  # person | company
    name: str
    id_number: str  # ЕГН for a person, ЕИК/БУЛСТАТ for a company


@dataclass(frozen=True, slots=True)
class HolderChanged:
    subscriber_number: str
    payer_code: str  # the new holder's
    payer_name: str
    created: bool  # a new payer was made
    start: date
    previous_payer_code: str | None
    previous_end: date | None  # the day the previous tenure now ends
    moved_invoices: tuple[str, ...]  # issued for periods after the change, now the new payer's


@dataclass(frozen=True, slots=True)
class TenureRow:
    subscriber_number: str
    address: str
    kind: str
    start: date
    end: date | None
    document: str | None


def _refuse(where: str, message: Message | str) -> ProblemsError:
    """A refusal as data (STYLE.md pattern 3): the field and what is wrong with it."""
    return ProblemsError([Problem(where, message)])


def desk_payer_code(desk_id: int, serial: int) -> str:
    """The ``serial``-th code of desk ``desk_id``'s block (see the module docstring)."""
    body = f"{DESK_PAYER_PREFIX}{desk_id:0{DESK_ID_DIGITS}d}{serial:0{SERIAL_DIGITS}d}"
    return body + payer_code_check_digit(body)


def tenures_of(db: Database, payer_code: str) -> tuple[TenureRow, ...]:
    """The payer's tenures, the latest first."""
    with db.read() as session:
        rows = session.execute(
            select(
                Property.subscriber_number,
                Property.address,
                Tenure.kind,
                Tenure.start,
                Tenure.end,
                Tenure.document,
            )
            .join(Tenure, Tenure.property_id == Property.id)
            .join(Payer, Payer.id == Tenure.payer_id)
            .where(Payer.payer_code == payer_code)
            .order_by(Tenure.start.desc(), Property.subscriber_number)
        ).all()
    return tuple(TenureRow(*row) for row in rows)


def change_holder(
    db: Database,
    ctx: DeskContext,
    subscriber_number: str,
    new_start: date,
    kind: str,
    document: str,
    now: datetime,
    *,
    payer_code: str | None = None,
    new_payer: NewPayer | None = None,
) -> HolderChanged:
    """End the property's current tenure on the day before ``new_start`` and start
    the new holder's; move the untouched invoices of later periods to them."""
    subscriber_number = subscriber_number.strip()
    document = document.strip()
    # Every field's problem at once (the README: each wrong field is named), not the first.
    problems: list[Problem] = []
    problem = check_subscriber_number(subscriber_number)
    if problem:
        problems.append(Problem("field.subscriber_number", problem))
    if kind not in TENURE_KINDS:
        problems.append(
            Problem(
                "field.tenure_kind",
                Message("tenure.kind_unknown", kind=repr(kind), kinds=", ".join(TENURE_KINDS)),
            )
        )
    if not document:
        problems.append(Problem("field.document", "tenure.document_needed"))
    if (payer_code is None) == (new_payer is None):
        problems.append(Problem("field.new_payer", "tenure.holder_needed"))
    latest = add_months(now.date(), MAX_MONTHS_AHEAD)
    if new_start > latest:
        problems.append(
            Problem(
                "field.start_date",
                Message(
                    "tenure.start_too_far", start=new_start, months=MAX_MONTHS_AHEAD, latest=latest
                ),
            )
        )
    code_typed = False  # a well-formed code, to be looked up with the other checks
    if payer_code is not None:
        payer_code = payer_code.strip()
        problem = check_payer_code(payer_code)
        if problem:
            problems.append(Problem("field.payer_code", problem))
        code_typed = not problem
    if new_payer is not None:
        new_payer, payer_problems = _checked(new_payer)
        problems += payer_problems
    if any(p.where in ("field.subscriber_number", "field.new_payer") for p in problems):
        raise ProblemsError(problems)  # nothing to look up

    with db.write() as session:
        require_role(session, ctx, INFO_ROLES, "what.tenure")
        property_id = session.scalar(
            select(Property.id).where(Property.subscriber_number == subscriber_number)
        )
        if property_id is None:
            problems.append(
                Problem(
                    "field.subscriber_number",
                    Message("tenure.no_such_property", number=subscriber_number),
                )
            )
            raise ProblemsError(problems)
        current = session.scalars(
            select(Tenure).where(Tenure.property_id == property_id).order_by(Tenure.start.desc())
        ).first()
        if current is not None and new_start <= current.start:
            problems.append(
                Problem(
                    "field.start_date", Message("tenure.start_before_current", start=current.start)
                )
            )
        # The bills to move start at the new start's month: before the history this
        # desk holds, a settled one may be gone from here (desk.services.retention).
        first_held = held_from(session)
        if first_held is not None and new_start < first_held:
            problems.append(
                Problem(
                    "field.start_date",
                    Message("retention.before_window", day=new_start, first=first_held),
                )
            )
        if payer_code is not None and code_typed:
            target = session.execute(
                select(Payer.id, Payer.name).where(Payer.payer_code == payer_code)
            ).first()
            if target is None:
                problems.append(
                    Problem("field.payer_code", Message("tenure.no_such_payer", code=payer_code))
                )
            else:
                payer_id, payer_name = target.id, target.name
                if current is not None and current.payer_id == payer_id:
                    problems.append(Problem("field.payer_code", "tenure.same_payer"))
        if problems:
            raise ProblemsError(problems)
        previous_code = None
        moved: list[int] = []
        numbers: list[str] = []
        if current is not None:
            previous_code = session.scalar(
                select(Payer.payer_code).where(Payer.id == current.payer_id)
            )
            moved, numbers = _invoices_to_move(session, property_id, current.payer_id, new_start)
        if new_payer is not None:
            payer_code = _create_payer(session, ctx, new_payer, now)
            payer_name = new_payer.name
            payer_id = session.scalar(select(Payer.id).where(Payer.payer_code == payer_code))
        assert payer_code is not None and payer_id is not None

        previous_end = None
        if current is not None and (current.end is None or current.end >= new_start):
            previous_end = new_start - timedelta(days=1)
            current.end = previous_end
        (tenure_id,) = next_ids(session, Tenure.id, ctx.desk_id)
        session.add(
            Tenure(
                id=tenure_id,
                payer_id=payer_id,
                property_id=property_id,
                kind=kind,
                start=new_start,
                end=None,
                document=document,
            )
        )
        if moved:
            session.execute(update(Invoice).where(Invoice.id.in_(moved)).values(payer_id=payer_id))
        # For the central database and the other desks, in this transaction, in this
        # order: the new tenure, then the end of the previous one, then the bills moved.
        queue(session, "tenure", [tenure_id], now)
        if previous_end is not None:
            assert current is not None
            queue(session, "tenure", [current.id], now)
        queue(session, "invoice", moved, now)
        audit_as(
            session,
            ctx,
            "tenure_change",
            now,
            subscriber_number=subscriber_number,
            previous_payer=previous_code,
            previous_end=previous_end,
            payer=payer_code,
            kind=kind,
            start=new_start,
            document=document,
            moved_invoices=numbers,
        )
    return HolderChanged(
        subscriber_number=subscriber_number,
        payer_code=payer_code,
        payer_name=payer_name,
        created=new_payer is not None,
        start=new_start,
        previous_payer_code=previous_code,
        previous_end=previous_end,
        moved_invoices=tuple(numbers),
    )


def _checked(payer: NewPayer) -> tuple[NewPayer, list[Problem]]:
    """The new payer as stored, and every problem of its fields."""
    problems: list[Problem] = []
    name = " ".join(payer.name.split())
    if not name:
        problems.append(Problem("field.name", "tenure.name_needed"))
    id_number = payer.id_number.strip().replace(" ", "")
    if payer.kind not in PAYER_KINDS:
        problems.append(
            Problem("field.payer_kind", Message("tenure.payer_kind_unknown", kind=repr(payer.kind)))
        )
    else:
        field = ID_FIELD[payer.kind]
        if not id_number:
            problems.append(Problem(field, Message("tenure.id_needed", field=Message(field))))
        elif problem := check_id_number(id_number, payer.kind):
            problems.append(
                Problem(field, Message("tenure.id_invalid", problem=problem, number=id_number))
            )
    return NewPayer(payer.kind, name, id_number), problems


def _create_payer(session: Session, ctx: DeskContext, payer: NewPayer, now: datetime) -> str:
    field = ID_FIELD[payer.kind]
    known = session.scalar(select(Payer.payer_code).where(Payer.id_number == payer.id_number))
    if known is not None:
        raise _refuse(field, Message("tenure.id_known", code=known))
    code = _next_code(session, ctx.desk_id)
    (payer_id,) = next_ids(session, Payer.id, ctx.desk_id)
    session.add(
        Payer(
            id=payer_id,
            payer_code=code,
            kind=payer.kind,
            name=payer.name,
            id_number=payer.id_number,
        )
    )
    session.flush()
    queue(session, "payer", [payer_id], now)
    audit_as(session, ctx, "payer_create", now, payer=code, kind=payer.kind, name=payer.name)
    return code


def _next_code(session: Session, desk_id: int) -> str:
    if not 0 < desk_id < 10**DESK_ID_DIGITS:
        raise _refuse("field.payer_code", Message("tenure.no_code_block", desk=str(desk_id)))
    block = f"{DESK_PAYER_PREFIX}{desk_id:0{DESK_ID_DIGITS}d}"
    last = session.scalar(
        select(func.max(Payer.payer_code)).where(
            Payer.payer_code.like(f"{block}%"), func.length(Payer.payer_code) == 10
        )
    )
    serial = 1 if last is None else int(last[len(block) : -1]) + 1
    if serial >= 10**SERIAL_DIGITS:
        raise _refuse("field.payer_code", "tenure.codes_exhausted")
    return desk_payer_code(desk_id, serial)


def _invoices_to_move(
    session: Session, property_id: int, payer_id: int, new_start: date
) -> tuple[list[int], list[str]]:
    """The old holder's invoices for periods wholly from ``new_start`` on, all
    untouched; a change inside an invoiced month, or a touched invoice, is refused."""
    month = f"{new_start:%Y-%m}"
    rows = session.execute(
        select(Invoice.id, Invoice.number, Invoice.period, Invoice.amount_cents, Invoice.plan_id)
        .where(
            Invoice.property_id == property_id,
            Invoice.payer_id == payer_id,
            Invoice.period >= month,
        )
        .order_by(Invoice.period, Invoice.number)
    ).all()
    if new_start.day != 1:
        inside = [row for row in rows if row.period == month]
        if inside:
            later = add_months(first_day(max(row.period for row in rows)), 1)
            raise _refuse(
                "field.start_date",
                Message(
                    "tenure.month_invoiced",
                    month=month,
                    invoice=inside[0].number,
                    first=first_day(month),
                    later=later,
                ),
            )
    for row in rows:
        why = _touched(session, row.id, row.amount_cents, row.plan_id)
        if why:
            after = add_months(first_day(row.period), 1)
            raise _refuse(
                "field.start_date",
                Message(
                    "tenure.invoice_stays",
                    invoice=row.number,
                    period=row.period,
                    why=Message(why),
                    after=after,
                ),
            )
    return [row.id for row in rows], [row.number for row in rows]


def _touched(session: Session, invoice_id: int, cents: int, plan_id: str | None) -> str | None:
    """Why an invoice must stay with the payer it was issued to (a catalogue code), or None."""
    if cents < 0:
        return "tenure.why_credit"
    if plan_id is not None:
        return "tenure.why_plan"
    paid = session.scalar(
        select(
            exists().where(
                Allocation.invoice_id == invoice_id,
                Allocation.payment_id == Payment.id,
                Payment.id.not_in(select(Void.payment_id)),
            )
        )
    )
    if paid:
        return "tenure.why_paid"
    if session.scalar(select(exists().where(CourtCaseInvoice.invoice_id == invoice_id))):
        return "tenure.why_court"
    if session.scalar(select(exists().where(AgreementCover.invoice_id == invoice_id))):
        return "tenure.why_agreement"
    return None
