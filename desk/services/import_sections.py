"""Checking each section of a billing export against the file and the database.

Every problem names its JSON path; valid records come out as plain dicts for
the writer. Nothing here writes.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk.billing import policy
from desk.messages import Message
from desk.models.tables import (
    AgreementInstallment,
    Allocation,
    CourtCase,
    Invoice,
    Payer,
    Payment,
    Plan,
    Property,
    Tenure,
)
from desk.money import EURO_DAY, Money
from desk.services.import_check import (
    FORMAT,
    ID_LIMIT,
    INVOICE_KINDS,
    MAX_CENTS,
    METHODS,
    PAYER_KINDS,
    PAYMENT_ID_LIMIT,
    TENURE_KINDS,
    Checker,
    currency_of,
    show,
    split_installment_item,
)
from desk.services.problems import Problem

CHUNK = 500
IN_DATABASE = "import.in_database"  # where a stored tenure is, beside a file's JSON paths


@dataclass
class Parsed:
    properties: list[dict[str, Any]] = field(default_factory=list)
    payers: list[dict[str, Any]] = field(default_factory=list)
    tenures: list[dict[str, Any]] = field(default_factory=list)
    plans: list[dict[str, Any]] = field(default_factory=list)
    invoices: list[dict[str, Any]] = field(default_factory=list)
    cases: list[dict[str, Any]] = field(default_factory=list)
    agreements: list[dict[str, Any]] = field(default_factory=list)
    payments: list[dict[str, Any]] = field(default_factory=list)


# --- checking ---------------------------------------------------------------------


def _existing(session: Session, column: Any, values: Iterable[str]) -> set[str]:
    wanted = sorted(set(values))
    found: set[str] = set()
    for i in range(0, len(wanted), CHUNK):
        found.update(session.scalars(select(column).where(column.in_(wanted[i : i + CHUNK]))))
    return found


def check(session: Session, data: Any) -> tuple[Parsed, list[Problem]]:
    c = Checker()
    parsed = Parsed()
    top = c.obj("$", data)
    if top is None:
        return parsed, c.problems
    if top.get("format") != FORMAT:
        c.add("format", "import.wrong_format", expected=show(FORMAT), value=show(top.get("format")))
        return parsed, c.problems
    sections = {
        name: c.array(top, name)
        for name in (
            "properties",
            "payers",
            "tenures",
            "plans",
            "invoices",
            "court_cases",
            "agreements",
            "payments",
        )
    }

    _check_properties(c, sections["properties"], parsed)
    _check_payers(c, sections["payers"], parsed)
    subs = {p["subscriber_number"] for p in parsed.properties}
    codes = {p["payer_code"] for p in parsed.payers}
    ref_subs = _collect(sections, "subscriber_number") - subs
    ref_codes = _collect(sections, "payer_code") - codes
    subs |= _existing(session, Property.subscriber_number, ref_subs)
    codes |= _existing(session, Payer.payer_code, ref_codes)

    _check_tenures(c, sections["tenures"], parsed, subs, codes)
    _check_overlaps(c, session, parsed)
    _check_plans(c, sections["plans"], parsed, subs, codes)
    plans = {p["id"] for p in parsed.plans}
    plans |= _existing(session, Plan.id, _refs(sections["invoices"], "plan") - plans)
    _check_invoices(c, sections["invoices"], parsed, subs, codes, plans)
    numbers = {i["number"] for i in parsed.invoices}
    ref_numbers = {
        n
        for case in sections["court_cases"]
        if isinstance(case, dict)
        for n in (case.get("invoices") or [])
        if isinstance(n, str)
    }
    ref_numbers |= {
        n
        for ag in sections["agreements"]
        if isinstance(ag, dict)
        for n in (ag.get("covers") or [])
        if isinstance(n, str)
    }
    ref_numbers |= _alloc_items(sections["payments"])
    numbers |= _existing(session, Invoice.number, ref_numbers - numbers)
    _check_cases(c, sections["court_cases"], parsed, subs, codes, numbers)
    cases = {x["id"] for x in parsed.cases}
    cases |= _existing(session, CourtCase.id, ref_numbers - numbers - cases)
    _check_agreements(c, sections["agreements"], parsed, codes, numbers, cases)
    installments = _installment_names(session, parsed, sections["payments"])
    _check_payments(c, session, sections["payments"], parsed, codes, numbers, cases, installments)
    return parsed, c.problems


def _collect(sections: dict[str, list[Any]], key: str) -> set[str]:
    return {
        row[key]
        for rows in sections.values()
        for row in rows
        if isinstance(row, dict) and isinstance(row.get(key), str)
    }


def _refs(rows: list[Any], key: str) -> set[str]:
    return {r[key] for r in rows if isinstance(r, dict) and isinstance(r.get(key), str)}


def _alloc_items(payments: list[Any]) -> set[str]:
    found = set()
    for p in payments:
        if isinstance(p, dict) and isinstance(p.get("allocations"), list):
            for a in p["allocations"]:
                if isinstance(a, dict) and isinstance(a.get("item"), str):
                    found.add(a["item"])
    return found


def _dupe(c: Checker, seen: dict[str, str], key: str | None, where: str) -> bool:
    if key is None:
        return True
    if key in seen:
        c.add(where, "import.twice", value=show(key), first=seen[key])
        return True
    seen[key] = where
    return False


def _check_properties(c: Checker, rows: list[Any], parsed: Parsed) -> None:
    seen: dict[str, str] = {}
    for w, o in c.records("properties", rows):
        sub = c.subscriber(w, o)
        district = c.text(w, o, "district")
        address = c.text(w, o, "address")
        if _dupe(c, seen, sub, f"{w}.subscriber_number") or None in (district, address):
            continue
        parsed.properties.append(
            {"subscriber_number": sub, "district": district, "address": address}
        )


def _check_payers(c: Checker, rows: list[Any], parsed: Parsed) -> None:
    seen: dict[str, str] = {}
    for w, o in c.records("payers", rows):
        before = len(c.problems)
        code = c.payer_code(w, o)
        kind = c.text(w, o, "kind", choices=PAYER_KINDS)
        record: dict[str, Any] = {
            "payer_code": code,
            "kind": kind,
            "name": c.text(w, o, "name"),
            "id_number": c.id_number(w, o, kind),
            "phone": c.phone(w, o),
            "email": c.email(w, o),
            "address": c.text(w, o, "address", optional=True),
            "e_invoice": c.flag(w, o, "e_invoice"),
        }
        if _dupe(c, seen, code, f"{w}.payer_code") or len(c.problems) > before:
            continue
        parsed.payers.append(record)


def _check_tenures(
    c: Checker, rows: list[Any], parsed: Parsed, subs: set[str], codes: set[str]
) -> None:
    for w, o in c.records("tenures", rows):
        before = len(c.problems)
        code = c.payer_ref(w, o, codes)
        sub = c.property_ref(w, o, subs)
        kind = c.text(w, o, "kind", choices=TENURE_KINDS)
        start = c.day(w, o, "start")
        end = c.day(w, o, "end", optional=True)
        if start and end and end < start:
            c.add(f"{w}.end", "import.end_before_start", start=start.isoformat())
        if len(c.problems) == before:
            parsed.tenures.append(
                {
                    "payer_code": code,
                    "subscriber_number": sub,
                    "kind": kind,
                    "start": start,
                    "end": end,
                    "where": w,
                }
            )


def _check_overlaps(c: Checker, session: Session, parsed: Parsed) -> None:
    """DOMAIN.md "Tenure": for one property, tenures never overlap."""
    by_sub: dict[str, dict[date, tuple[date | None, str]]] = defaultdict(dict)
    subs = {t["subscriber_number"] for t in parsed.tenures}
    for i in range(0, len(subs), CHUNK):
        chunk = sorted(subs)[i : i + CHUNK]
        for sub, start, end in session.execute(
            select(Property.subscriber_number, Tenure.start, Tenure.end)
            .join(Tenure, Tenure.property_id == Property.id)
            .where(Property.subscriber_number.in_(chunk))
        ):
            by_sub[sub][start] = (end, IN_DATABASE)
    in_file: dict[tuple[str, date], str] = {}
    for t in parsed.tenures:
        key = (t["subscriber_number"], t["start"])
        if key in in_file:
            # The file's own tenures of one property may not share a start day;
            # one stored under that day is replaced by the file's (an update).
            c.add(
                f"{t['where']}.start",
                "import.overlaps",
                start=t["start"].isoformat(),
                other=in_file[key],
            )
            continue
        in_file[key] = t["where"]
        by_sub[t["subscriber_number"]][t["start"]] = (t["end"], t["where"])
    for ranges in by_sub.values():
        ordered = sorted(ranges.items())
        for (start_a, (end_a, where_a)), (start_b, (_, where_b)) in itertools.pairwise(ordered):
            if end_a is None or end_a >= start_b:
                where = where_b if where_b != IN_DATABASE else where_a
                other = where_a if where == where_b else where_b
                c.add(
                    f"{where}.start",
                    "import.overlaps",
                    start=start_a.isoformat(),
                    other=Message(IN_DATABASE) if other == IN_DATABASE else other,
                )


def _check_plans(
    c: Checker, rows: list[Any], parsed: Parsed, subs: set[str], codes: set[str]
) -> None:
    seen: dict[str, str] = {}
    for w, o in c.records("plans", rows):
        before = len(c.problems)
        pid = c.record_id(w, o)
        code = c.payer_ref(w, o, codes)
        sub = c.property_ref(w, o, subs)
        first = c.month(w, o, "first_month")
        amount = c.amount(w, o, "installment")
        if _dupe(c, seen, pid, f"{w}.id") or len(c.problems) > before:
            continue
        assert amount is not None
        parsed.plans.append(
            {
                "id": pid,
                "payer_code": code,
                "subscriber_number": sub,
                "first_month": first,
                "installment_cents": amount.cents,
            }
        )


def _check_invoices(
    c: Checker, rows: list[Any], parsed: Parsed, subs: set[str], codes: set[str], plans: set[str]
) -> None:
    seen: dict[str, str] = {}
    for w, o in c.records("invoices", rows):
        before = len(c.problems)
        number = c.invoice_number(w, o)
        sub = c.property_ref(w, o, subs)
        code = c.payer_ref(w, o, codes)
        period = c.month(w, o, "period")
        kind = c.text(w, o, "kind", choices=INVOICE_KINDS)
        issued = c.day(w, o, "issued")
        currency = c.text(w, o, "currency", choices=("EUR", "BGN"))
        amount = c.amount(w, o, "amount", currency or "EUR", negative=kind == "settlement")
        plan = c.text(w, o, "plan", optional=True)
        if issued and currency and currency != currency_of(issued):
            c.add(
                f"{w}.currency",
                "import.wrong_currency",
                issued=issued.isoformat(),
                right=currency_of(issued),
                given=currency,
            )
        if kind in ("installment", "settlement") and plan is None:
            c.add(f"{w}.plan", "import.needs_plan", kind=kind)
        if kind in ("monthly", "other") and plan is not None:
            c.add(f"{w}.plan", "import.has_no_plan", kind=kind)
        c.known(f"{w}.plan", plan, plans.__contains__, "plan")
        if _dupe(c, seen, number, f"{w}.number") or len(c.problems) > before:
            continue
        assert amount is not None
        parsed.invoices.append(
            {
                "number": number,
                "subscriber_number": sub,
                "payer_code": code,
                "period": period,
                "kind": kind,
                "issued": issued,
                "amount_cents": amount.cents,
                "currency": amount.currency,
                "plan_id": plan,
            }
        )


def _check_cases(
    c: Checker, rows: list[Any], parsed: Parsed, subs: set[str], codes: set[str], numbers: set[str]
) -> None:
    seen: dict[str, str] = {}
    for w, o in c.records("court_cases", rows):
        before = len(c.problems)
        cid = c.record_id(w, o)
        code = c.payer_ref(w, o, codes)
        sub = c.property_ref(w, o, subs)
        stage = c.text(w, o, "stage", choices=policy.COURT_STAGES)
        since = c.day(w, o, "since")
        case_number = c.text(w, o, "case_number", optional=True)
        invoices = o.get("invoices", [])
        if not isinstance(invoices, list) or not invoices:
            c.add(f"{w}.invoices", "import.not_invoice_list", value=show(invoices))
            invoices = []
        for j, number in enumerate(invoices):
            c.known(
                f"{w}.invoices[{j}]",
                number if isinstance(number, str) else show(number),
                numbers.__contains__,
                "invoice",
            )
        awarded = None
        if o.get("awarded") is not None:
            a = c.obj(f"{w}.awarded", o["awarded"])
            if a is not None:
                cur = c.text(f"{w}.awarded", a, "currency", choices=("EUR", "BGN")) or "EUR"
                awarded = {
                    part: c.amount(f"{w}.awarded", a, part, cur)
                    for part in ("costs", "interest", "principal")
                }
        if _dupe(c, seen, cid, f"{w}.id") or len(c.problems) > before:
            continue
        row: dict[str, Any] = {
            "id": cid,
            "payer_code": code,
            "subscriber_number": sub,
            "case_number": case_number,
            "stage": stage,
            "since": since,
            "invoices": list(invoices),
            "awarded_costs_cents": None,
            "awarded_interest_cents": None,
            "awarded_principal_cents": None,
            "awarded_currency": None,
        }
        if awarded:
            for part, money in awarded.items():
                assert money is not None
                row[f"awarded_{part}_cents"] = money.cents
                row["awarded_currency"] = money.currency
        parsed.cases.append(row)


def _check_agreements(
    c: Checker, rows: list[Any], parsed: Parsed, codes: set[str], numbers: set[str], cases: set[str]
) -> None:
    seen: dict[str, str] = {}
    for w, o in c.records("agreements", rows):
        before = len(c.problems)
        aid = c.record_id(w, o)
        code = c.payer_ref(w, o, codes)
        signed = c.day(w, o, "signed")
        covers = o.get("covers", [])
        if not isinstance(covers, list) or not covers:
            c.add(f"{w}.covers", "import.not_covers_list", value=show(covers))
            covers = []
        for j, key in enumerate(covers):
            if not isinstance(key, str) or (key not in numbers and key not in cases):
                c.add(f"{w}.covers[{j}]", "import.unknown_cover", value=show(key))
        down = c.amount(w, o, "down_payment", optional=True) or Money.zero()
        schedule = o.get("installments")
        installments = []
        if not isinstance(schedule, list) or not schedule:
            c.add(f"{w}.installments", "import.not_installment_list", value=show(schedule))
        else:
            for j, inst in enumerate(schedule):
                iw = f"{w}.installments[{j}]"
                io = c.obj(iw, inst)
                if io is None:
                    continue
                due = c.day(iw, io, "due")
                amount = c.amount(iw, io, "amount")
                if due and amount:
                    installments.append({"seq": j + 1, "due": due, "amount_cents": amount.cents})
        if _dupe(c, seen, aid, f"{w}.id") or len(c.problems) > before:
            continue
        assert signed is not None
        if down.positive:
            installments.insert(0, {"seq": 0, "due": signed, "amount_cents": down.cents})
        parsed.agreements.append(
            {
                "id": aid,
                "payer_code": code,
                "signed": signed,
                "down_payment_cents": down.cents,
                "covers": list(covers),
                "installments": installments,
            }
        )


def _installment_names(session: Session, parsed: Parsed, payments: list[Any]) -> set[str]:
    names = {f"{a['id']}/{inst['seq']}" for a in parsed.agreements for inst in a["installments"]}
    splits = [split_installment_item(item) for item in _alloc_items(payments)]
    wanted = {split[0] for split in splits if split is not None}
    wanted -= {a["id"] for a in parsed.agreements}
    for i in range(0, len(wanted), CHUNK):
        chunk = sorted(wanted)[i : i + CHUNK]
        for aid, seq in session.execute(
            select(AgreementInstallment.agreement_id, AgreementInstallment.seq).where(
                AgreementInstallment.agreement_id.in_(chunk)
            )
        ):
            names.add(f"{aid}/{seq}")
    return names


def _check_payments(
    c: Checker,
    session: Session,
    rows: list[Any],
    parsed: Parsed,
    codes: set[str],
    numbers: set[str],
    cases: set[str],
    installments: set[str],
) -> None:
    seen: dict[str, str] = {}
    for w, o in c.records("payments", rows):
        before = len(c.problems)
        pid = c.record_id(w, o, limit=PAYMENT_ID_LIMIT)
        code = c.payer_ref(w, o, codes)
        paid_at = c.moment(w, o, "paid_at")
        method = c.text(w, o, "method", choices=METHODS)
        currency = "EUR" if paid_at is None or paid_at.date() >= EURO_DAY else "BGN"
        credit = c.amount(w, o, "credit", currency, optional=True) or Money.zero(currency)
        allocations: list[dict[str, Any]] = []
        raw_allocs = o.get("allocations", [])
        if not isinstance(raw_allocs, list):
            c.add(f"{w}.allocations", "import.not_list", value=show(raw_allocs))
            raw_allocs = []
        for j, a in enumerate(raw_allocs):
            aw = f"{w}.allocations[{j}]"
            ao = c.obj(aw, a)
            if ao is None:
                continue
            item = c.text(aw, ao, "item", limit=ID_LIMIT + 5)
            amount = c.amount(aw, ao, "amount", currency)
            discount = c.amount(aw, ao, "discount", currency, optional=True) or Money.zero(currency)
            if item is not None and not (item in numbers or item in cases or item in installments):
                c.add(f"{aw}.item", "import.unknown_item", value=show(item))
            if item and amount:
                allocations.append(
                    {"item": item, "amount_cents": amount.cents, "discount_cents": discount.cents}
                )
        total = sum(a["amount_cents"] for a in allocations) + credit.cents
        if total > MAX_CENTS:
            c.add(f"{w}.allocations", "import.amount_too_big", limit=Money(MAX_CENTS, currency))
        if _dupe(c, seen, pid, f"{w}.id") or len(c.problems) > before:
            continue
        assert paid_at is not None
        parsed.payments.append(
            {
                "id": pid,
                "payer_code": code,
                "paid_at": paid_at,
                "method": method,
                "currency": currency,
                "credit_cents": credit.cents,
                "allocations": allocations,
                "where": w,
            }
        )
    _check_repeats(c, session, parsed)
    _check_same_payment(c, session, parsed)


def _stored_allocations(session: Session, ids: list[str]) -> dict[str, list[tuple[str, int, int]]]:
    """Each stored payment's allocations as the file gives them: (item, amount, discount)."""
    allocations: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    for i in range(0, len(ids), CHUNK):
        chunk = ids[i : i + CHUNK]
        for alloc in session.execute(
            select(
                Allocation.payment_id,
                Invoice.number,
                Allocation.case_id,
                AgreementInstallment.agreement_id,
                AgreementInstallment.seq,
                Allocation.amount_cents,
                Allocation.commercial_cents,
                Allocation.loyalty_cents,
            )
            .outerjoin(Invoice, Invoice.id == Allocation.invoice_id)
            .outerjoin(AgreementInstallment, AgreementInstallment.id == Allocation.installment_id)
            .where(Allocation.payment_id.in_(chunk))
            .order_by(Allocation.id)
        ):
            item = alloc.number or alloc.case_id or f"{alloc.agreement_id}/{alloc.seq}"
            discount = alloc.commercial_cents + alloc.loyalty_cents
            allocations[alloc.payment_id].append((item, alloc.amount_cents, discount))
    return allocations


def _check_repeats(c: Checker, session: Session, parsed: Parsed) -> None:
    """A payment already stored must be the same payment: payments never change."""
    ids = [p["id"] for p in parsed.payments]
    stored: dict[str, tuple[Any, ...]] = {}
    for i in range(0, len(ids), CHUNK):
        chunk = ids[i : i + CHUNK]
        for row in session.execute(
            select(
                Payment.id, Payment.paid_at, Payment.method, Payment.credit_cents, Payer.payer_code
            )
            .join(Payer, Payer.id == Payment.payer_id)
            .where(Payment.id.in_(chunk))
        ):
            stored[row.id] = (row.payer_code, row.paid_at, row.method, row.credit_cents)
    allocations = _stored_allocations(session, list(stored))
    for p in parsed.payments:
        old = stored.get(p["id"])
        if old is None:
            continue
        p["stored"] = True
        given = [(a["item"], a["amount_cents"], a["discount_cents"]) for a in p["allocations"]]
        same = old == (p["payer_code"], p["paid_at"], p["method"], p["credit_cents"])
        if not same or allocations[p["id"]] != given:
            c.add(f"{p['where']}.id", "import.payment_changed", value=show(p["id"]))


def _payment_key(p: dict[str, Any]) -> tuple[Any, ...]:
    """What makes two payments the same payment whatever their ids (README "The import
    file"): payer, moment paid, method, credit left, and every allocation (item, amount,
    discount) in order."""
    given = tuple((a["item"], a["amount_cents"], a["discount_cents"]) for a in p["allocations"])
    return (p["payer_code"], p["paid_at"], p["method"], p["credit_cents"], given)


def _check_same_payment(c: Checker, session: Session, parsed: Parsed) -> None:
    """The same payment under another id is refused as a probable duplicate: in the file,
    or against a payment stored already (imported before, or taken at a desk)."""
    first: dict[tuple[Any, ...], str] = {}
    refused: set[str] = set()
    for p in parsed.payments:
        key = _payment_key(p)
        other = first.setdefault(key, p["id"])
        if other != p["id"]:
            refused.add(p["where"])
            c.problems.append(
                Problem(f"{p['where']}.id", Message("import.same_payment", id=p["id"], other=other))
            )
    fresh = [p for p in parsed.payments if not p.get("stored") and p["where"] not in refused]
    if not fresh:
        return
    moments = sorted({p["paid_at"] for p in fresh})
    stored: dict[str, tuple[Any, ...]] = {}
    for i in range(0, len(moments), CHUNK):
        for row in session.execute(
            select(
                Payment.id, Payment.paid_at, Payment.method, Payment.credit_cents, Payer.payer_code
            )
            .join(Payer, Payer.id == Payment.payer_id)
            .where(Payment.paid_at.in_(moments[i : i + CHUNK]))
        ):
            stored[row.id] = (row.payer_code, row.paid_at, row.method, row.credit_cents)
    if not stored:
        return
    allocations = _stored_allocations(session, list(stored))
    known = {(*head, tuple(allocations[pid])): pid for pid, head in stored.items()}
    for p in fresh:
        found = known.get(_payment_key(p))
        if found is not None and found != p["id"]:
            c.problems.append(
                Problem(f"{p['where']}.id", Message("import.same_payment", id=p["id"], other=found))
            )
