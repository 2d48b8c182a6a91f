"""What the account view shows about a payer besides the open items."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select

from desk.identifiers import mask_id_number
from desk.models.db import Database
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
    with db.read() as session:
        payer = session.scalar(select(Payer).where(Payer.payer_code == payer_code))
        if payer is None:
            raise UserError("payer.no_such", code=payer_code)
        holdings = tuple(
            Holding(sub, address, district, kind, start, end)
            for sub, address, district, kind, start, end in session.execute(
                select(
                    Property.subscriber_number,
                    Property.address,
                    Property.district,
                    Tenure.kind,
                    Tenure.start,
                    Tenure.end,
                )
                .join(Tenure, Tenure.property_id == Property.id)
                .where(Tenure.payer_id == payer.id)
                .order_by(Tenure.start.desc())
            )
        )
        confirmed = payer.contacts_confirmed_at or session.scalar(
            select(func.max(ContactChange.changed_at)).where(ContactChange.payer_id == payer.id)
        )
        stale = confirmed is None or (on - confirmed.date()).days > STALE_CONTACT_DAYS
        return PayerView(
            payer.payer_code,
            payer.name,
            payer.kind,
            mask_id_number(payer.id_number),
            payer.phone,
            payer.phone_2,
            payer.email,
            payer.address,
            payer.e_invoice,
            confirmed,
            stale,
            holdings,
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
