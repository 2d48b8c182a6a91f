"""What the account view shows about a payer besides the open items."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import bindparam, func, select

from desk.identifiers import mask_id_number
from desk.models.db import Database
from desk.models.rows import Query
from desk.models.tables import (
    ContactChange,
    Payer,
    Payment,
    Property,
    Tenure,
    Void,
)
from desk.money import Money
from desk.services.problems import UserError

# A contact not confirmed for this long prompts the cashier to offer a survey card.
STALE_CONTACT_DAYS = 365


@dataclass(frozen=True, slots=True)
class Holding:
    subscriber_number: str
    address: str
    district: str
    kind: str
    start: date
    end: date | None


@dataclass(frozen=True, slots=True)
class PayerView:
    payer_code: str
    name: str
    kind: str
    masked_id: str
    phone: str | None
    phone_2: str | None
    email: str | None
    address: str | None
    e_invoice: bool
    contacts_confirmed: datetime | None
    contacts_stale: bool
    holdings: tuple[Holding, ...]


@dataclass(frozen=True, slots=True)
class PastPayment:
    payment_id: str
    paid_at: datetime
    method: str
    total: Money
    receipt_number: int | None
    desk_id: int | None
    voided: bool
    source: str
    void_receipt: int | None = None  # the void's receipt number, at the payment's desk


def payer_view(db: Database, payer_code: str, on: date) -> PayerView:
    with db.snapshot() as reader:
        payer = _PAYER.first(reader, code=payer_code)
        if payer is None:
            raise UserError("payer.no_such", code=payer_code)
        payer_id, code, name, kind, id_number, phone, phone_2, email, address, e_invoice = payer[
            :10
        ]
        holdings = tuple(Holding(*row) for row in _HOLDINGS.all(reader, payer=payer_id))
        confirmed = payer[10] or _LAST_CONTACT_CHANGE.scalar(reader, payer=payer_id)
    stale = confirmed is None or (on - confirmed.date()).days > STALE_CONTACT_DAYS
    return PayerView(
        code,
        name,
        kind,
        mask_id_number(id_number),
        phone,
        phone_2,
        email,
        address,
        e_invoice,
        confirmed,
        stale,
        holdings,
    )


# Run on the driver's cursor (desk.models.rows): the account opens on Enter.
_PAYER = Query(
    select(
        Payer.id,
        Payer.payer_code,
        Payer.name,
        Payer.kind,
        Payer.id_number,
        Payer.phone,
        Payer.phone_2,
        Payer.email,
        Payer.address,
        Payer.e_invoice,
        Payer.contacts_confirmed_at,
    ).where(Payer.payer_code == bindparam("code"))
)
_HOLDINGS = Query(
    select(
        Property.subscriber_number,
        Property.address,
        Property.district,
        Tenure.kind,
        Tenure.start,
        Tenure.end,
    )
    .join(Tenure, Tenure.property_id == Property.id)
    .where(Tenure.payer_id == bindparam("payer"))
    .order_by(Tenure.start.desc())
)
_LAST_CONTACT_CHANGE = Query(
    select(func.max(ContactChange.changed_at)).where(ContactChange.payer_id == bindparam("payer"))
)


def payment_history(db: Database, payer_code: str, limit: int = 200) -> tuple[PastPayment, ...]:
    with db.read() as session:
        voided: dict[str, int | None] = {
            payment_id: number
            for payment_id, number in session.execute(
                select(Void.payment_id, Void.receipt_number)
                .join(Payment, Payment.id == Void.payment_id)
                .join(Payer, Payer.id == Payment.payer_id)
                .where(Payer.payer_code == payer_code)
            )
        }
        rows = session.execute(
            select(
                Payment.id,
                Payment.paid_at,
                Payment.method,
                Payment.total_cents,
                Payment.credit_used_cents,
                Payment.currency,
                Payment.receipt_number,
                Payment.desk_id,
                Payment.source,
            )
            .join(Payer, Payer.id == Payment.payer_id)
            .where(Payer.payer_code == payer_code)
            .order_by(Payment.paid_at.desc())
            .limit(limit)
        )
        return tuple(
            PastPayment(
                pid,
                at,
                method,
                Money(total + used, currency),
                number,
                desk,
                pid in voided,
                source,
                voided.get(pid),
            )
            for pid, at, method, total, used, currency, number, desk, source in rows
        )
