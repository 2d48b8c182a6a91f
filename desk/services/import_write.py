"""Writing a checked billing export: upserts that touch only rows that differ."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, insert, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from desk.billing import policy
from desk.models.tables import (
    Agreement,
    AgreementCover,
    AgreementInstallment,
    Allocation,
    Base,
    CourtCase,
    CourtCaseInvoice,
    Invoice,
    Payer,
    Payment,
    Plan,
    Property,
    Tenure,
)
from desk.money import Money
from desk.services.import_check import (
    split_installment_item,
)
from desk.services.import_sections import CHUNK, Parsed

# --- writing ----------------------------------------------------------------------


@dataclass
class Written:
    """What a write did, per kind of record: how many rows were new, how many
    stored rows it changed; the rest of the file was already there as it says."""

    new: dict[str, int] = field(default_factory=dict)
    changed: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str, new: int, changed: int | set[tuple[Any, ...]]) -> None:
        self.new[kind] = self.new.get(kind, 0) + new
        count = changed if isinstance(changed, int) else len(changed)
        self.changed[kind] = self.changed.get(kind, 0) + count


def _stored_keys(
    session: Session, table: Any, rows: Sequence[dict[str, Any]], keys: Sequence[str]
) -> set[tuple[Any, ...]]:
    """The keys of ``rows`` that the table holds already."""
    first = table.c[keys[0]]
    wanted = sorted({row[keys[0]] for row in rows})
    found: set[tuple[Any, ...]] = set()
    for i in range(0, len(wanted), CHUNK):
        query = select(*(table.c[k] for k in keys)).where(first.in_(wanted[i : i + CHUNK]))
        found.update(tuple(r) for r in session.execute(query))
    return found


def upsert(
    session: Session, model: type[Base], rows: Sequence[dict[str, Any]], keys: Sequence[str]
) -> tuple[int, set[tuple[Any, ...]]]:
    """Insert rows, or update the stored row where a value differs; else touch nothing.
    Returns how many rows were new, and the keys of the stored rows it changed."""
    if not rows:
        return 0, set()
    table: Any = model.__table__
    stored = _stored_keys(session, table, rows, keys)
    new = sum(1 for row in rows if tuple(row[k] for k in keys) not in stored)
    touched: set[tuple[Any, ...]] = set()
    dialect = session.get_bind().dialect.name
    module: Any = postgresql if dialect == "postgresql" else sqlite
    columns = [name for name in rows[0] if name not in keys]
    # Rows per statement so that rows x columns stays under SQLite's smallest
    # default limit of bound variables (999), whatever this build allows.
    per = max(1, 900 // len(rows[0]))
    for i in range(0, len(rows), per):
        stmt = module.insert(table).values(list(rows[i : i + per]))
        if columns:
            changed = or_(
                *(table.c[name].is_distinct_from(stmt.excluded[name]) for name in columns)
            )
            stmt = stmt.on_conflict_do_update(
                index_elements=list(keys),
                set_={name: stmt.excluded[name] for name in columns},
                where=changed,
            )
        else:
            stmt = stmt.on_conflict_do_nothing(index_elements=list(keys))
        # the rows inserted or updated come back; a row left as it was does not
        returned = session.execute(stmt.returning(*(table.c[k] for k in keys)))
        touched.update(tuple(r) for r in returned)
    return new, touched & stored


def _chunks(values: Iterable[str]) -> Iterator[list[str]]:
    """Sorted values in lists short enough for any SQLite's variable limit."""
    ordered = sorted(set(values))
    for i in range(0, len(ordered), CHUNK):
        yield ordered[i : i + CHUNK]


def _ids(session: Session, column: Any, key_column: Any, keys: Iterable[str]) -> dict[str, int]:
    wanted = sorted(set(keys))
    found: dict[str, int] = {}
    for i in range(0, len(wanted), CHUNK):
        found.update(
            session.execute(
                select(key_column, column).where(key_column.in_(wanted[i : i + CHUNK]))
            ).all()
        )
    return found


def write(session: Session, p: Parsed) -> Written:
    written = Written()
    written.add("properties", *upsert(session, Property, p.properties, ["subscriber_number"]))
    written.add("payers", *upsert(session, Payer, p.payers, ["payer_code"]))
    subs = _ids(session, Property.id, Property.subscriber_number, _all(p, "subscriber_number"))
    payers = _ids(session, Payer.id, Payer.payer_code, _all(p, "payer_code"))
    tenures = upsert(
        session,
        Tenure,
        [
            {
                "property_id": subs[t["subscriber_number"]],
                "start": t["start"],
                "payer_id": payers[t["payer_code"]],
                "kind": t["kind"],
                "end": t["end"],
            }
            for t in p.tenures
        ],
        ["property_id", "start"],
    )
    written.add("tenures", *tenures)
    plans = upsert(
        session,
        Plan,
        [
            {
                "id": x["id"],
                "payer_id": payers[x["payer_code"]],
                "property_id": subs[x["subscriber_number"]],
                "first_month": x["first_month"],
                "installment_cents": x["installment_cents"],
            }
            for x in p.plans
        ],
        ["id"],
    )
    written.add("plans", *plans)
    invoices = upsert(
        session,
        Invoice,
        [
            {
                "number": x["number"],
                "property_id": subs[x["subscriber_number"]],
                "payer_id": payers[x["payer_code"]],
                "period": x["period"],
                "kind": x["kind"],
                "issued": x["issued"],
                "amount_cents": x["amount_cents"],
                "currency": x["currency"],
                "plan_id": x["plan_id"],
            }
            for x in p.invoices
        ],
        ["number"],
    )
    written.add("invoices", *invoices)
    numbers = {n for x in p.cases for n in x["invoices"]}
    numbers |= {k for x in p.agreements for k in x["covers"]}
    numbers |= {a["item"] for x in p.payments for a in x["allocations"]}
    invoice_ids = _ids(session, Invoice.id, Invoice.number, numbers)
    written.add("court_cases", *_write_cases(session, p, subs, payers, invoice_ids))
    written.add("agreements", *_write_agreements(session, p, payers, invoice_ids))
    written.add("payments", _write_payments(session, p, payers, invoice_ids), 0)
    return written


def _all(p: Parsed, key: str) -> set[str]:
    return {
        row[key]
        for rows in (
            p.properties,
            p.payers,
            p.tenures,
            p.plans,
            p.invoices,
            p.cases,
            p.agreements,
            p.payments,
        )
        for row in rows
        if key in row
    }


def _write_cases(
    session: Session,
    p: Parsed,
    subs: dict[str, int],
    payers: dict[str, int],
    invoice_ids: dict[str, int],
) -> tuple[int, set[tuple[Any, ...]]]:
    """Returns how many cases were new and the ids of the stored ones it changed."""
    stored_ids = {k[0] for k in _stored_keys(session, CourtCase.__table__, p.cases, ["id"])}
    new, changed = upsert(
        session,
        CourtCase,
        [
            {k: v for k, v in x.items() if k not in ("payer_code", "subscriber_number", "invoices")}
            | {"payer_id": payers[x["payer_code"]], "property_id": subs[x["subscriber_number"]]}
            for x in p.cases
        ],
        ["id"],
    )
    relinked: set[str] = set()  # a stored case whose invoices changed (the case row may not)
    for x in p.cases:
        wanted = {invoice_ids[n] for n in x["invoices"]}
        stored = set(
            session.scalars(
                select(CourtCaseInvoice.invoice_id).where(CourtCaseInvoice.case_id == x["id"])
            )
        )
        if stored - wanted:
            session.execute(
                delete(CourtCaseInvoice).where(
                    CourtCaseInvoice.case_id == x["id"],
                    CourtCaseInvoice.invoice_id.in_(stored - wanted),
                )
            )
        if wanted - stored:
            session.execute(
                insert(CourtCaseInvoice),
                [{"case_id": x["id"], "invoice_id": i} for i in sorted(wanted - stored)],
            )
        if wanted != stored and x["id"] in stored_ids:
            relinked.add(x["id"])
    return new, changed | {(case,) for case in relinked}


def _write_agreements(
    session: Session, p: Parsed, payers: dict[str, int], invoice_ids: dict[str, int]
) -> tuple[int, set[tuple[Any, ...]]]:
    """Returns how many agreements were new and the ids of the stored ones it changed."""
    stored_ids = {k[0] for k in _stored_keys(session, Agreement.__table__, p.agreements, ["id"])}
    altered: set[str] = set()  # stored agreements whose covers or schedule changed
    new, changed = upsert(
        session,
        Agreement,
        [
            {
                "id": x["id"],
                "payer_id": payers[x["payer_code"]],
                "signed": x["signed"],
                "down_payment_cents": x["down_payment_cents"],
            }
            for x in p.agreements
        ],
        ["id"],
    )
    for x in p.agreements:
        wanted = [(invoice_ids.get(k), None if k in invoice_ids else k) for k in x["covers"]]
        stored = list(
            session.execute(
                select(AgreementCover.invoice_id, AgreementCover.case_id)
                .where(AgreementCover.agreement_id == x["id"])
                .order_by(AgreementCover.id)
            )
        )
        if stored != wanted:
            altered.add(x["id"])
            session.execute(delete(AgreementCover).where(AgreementCover.agreement_id == x["id"]))
            session.execute(
                insert(AgreementCover),
                [
                    {"agreement_id": x["id"], "invoice_id": inv, "case_id": case}
                    for inv, case in wanted
                ],
            )
        schedule = upsert(
            session,
            AgreementInstallment,
            [
                {
                    "agreement_id": x["id"],
                    "seq": inst["seq"],
                    "due": inst["due"],
                    "amount_cents": inst["amount_cents"],
                }
                for inst in x["installments"]
            ],
            ["agreement_id", "seq"],
        )
        if schedule[0] or schedule[1]:
            altered.add(x["id"])
    return new, changed | {(a,) for a in altered & stored_ids}


def _write_payments(
    session: Session, p: Parsed, payers: dict[str, int], invoice_ids: dict[str, int]
) -> int:
    fresh = [x for x in p.payments if not x.get("stored")]
    if not fresh:
        return 0
    items = [al["item"] for x in fresh for al in x["allocations"]]
    splits = [split_installment_item(item) for item in items]
    agreement_ids = {split[0] for split in splits if split is not None}
    inst_ids: dict[str, int] = {}
    for chunk in _chunks(agreement_ids):
        for i, a, s in session.execute(
            select(
                AgreementInstallment.id, AgreementInstallment.agreement_id, AgreementInstallment.seq
            ).where(AgreementInstallment.agreement_id.in_(chunk))
        ):
            inst_ids[f"{a}/{s}"] = i
    case_ids: set[str] = set()
    for chunk in _chunks(set(items)):
        case_ids.update(session.scalars(select(CourtCase.id).where(CourtCase.id.in_(chunk))))
    payments, allocations = [], []
    for x in fresh:
        money = sum(al["amount_cents"] for al in x["allocations"]) + x["credit_cents"]
        payments.append(
            {
                "id": x["id"],
                "payer_id": payers[x["payer_code"]],
                "paid_at": x["paid_at"],
                "method": x["method"],
                "currency": x["currency"],
                "total_cents": 0 if x["method"] == "credit" else money,
                "credit_cents": x["credit_cents"],
                "credit_used_cents": money - x["credit_cents"] if x["method"] == "credit" else 0,
                "cash_cents": money if x["method"] == "cash" else 0,
                "card_cents": money if x["method"] == "card" else 0,
                "source": "import",
            }
        )
        for al in x["allocations"]:
            item = al["item"]
            commercial, loyalty = _discount_kinds(session, item, invoice_ids, al)
            allocations.append(
                {
                    "payment_id": x["id"],
                    "invoice_id": invoice_ids.get(item),
                    "case_id": item if item in case_ids else None,
                    "installment_id": inst_ids.get(item),
                    "amount_cents": al["amount_cents"],
                    "commercial_cents": commercial,
                    "loyalty_cents": loyalty,
                }
            )
    session.execute(insert(Payment), payments)
    if allocations:  # an empty list would insert one row of defaults
        session.execute(insert(Allocation), allocations)
    return len(payments)


def _discount_kinds(
    session: Session, item: str, invoice_ids: dict[str, int], al: dict[str, Any]
) -> tuple[int, int]:
    """The export gives one discount; split it into the 3% and the 50% part.

    Our reading: what exceeds 3% of the invoice amount is the loyalty bonus.
    """
    total = al["discount_cents"]
    if total == 0 or item not in invoice_ids:
        return total, 0
    amount = session.scalar(select(Invoice.amount_cents).where(Invoice.id == invoice_ids[item]))
    commercial = Money(amount or 0).percent(policy.COMMERCIAL_RATE).cents
    if total <= commercial:
        return total, 0
    return commercial, total - commercial
