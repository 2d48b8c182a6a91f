"""SQLAlchemy 2.0 typed models of the local (and central) database.

Money is stored as integer cents with a currency column beside it: SQLite
keeps ``Numeric`` as a float. Records a desk creates (payments, voids, shifts,
contact changes, survey cards) have UUID text keys from the start, so that
sync can push them without renumbering. Reference data coming from billing
keeps the billing system's own keys (subscriber number, payer code, invoice
number, "CC-…", "AG-…", "PL-…").

Times (``DateTime`` columns: paid_at, opened_at, at, …) are naive Europe/Sofia wall
clock, whatever the machine's zone (``desk.ui.kit.session.sofia_now``; DOMAIN.md:
a payment counts on its Sofia date), and are shown as stored. The one hour a year that
repeats (the last Sunday of October, 03:00-04:00) is outside any desk's opening hours.
Sync times are the exception: they are stored as UTC with their offset (Setting
``sync_pulled_at``/``sync_pushed_at``), and the central database keeps its own sync
bookkeeping (change_txn, desk_sync) in ``timestamptz``.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Alembic batch mode on SQLite needs named constraints.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_uuid() -> str:
    return str(uuid.uuid4())


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


# --- reference data (from billing) ------------------------------------------


class Property(Base):
    __tablename__ = "property"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subscriber_number: Mapped[str] = mapped_column(String(7), unique=True)
    district: Mapped[str] = mapped_column(String(80))
    address: Mapped[str] = mapped_column(String(200))


class Payer(Base):
    __tablename__ = "payer"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    payer_code: Mapped[str] = mapped_column(String(10), unique=True)
    kind: Mapped[str] = mapped_column(String(10))  # person | company
    name: Mapped[str] = mapped_column(String(200))
    id_number: Mapped[str | None] = mapped_column(String(13))
    phone: Mapped[str | None] = mapped_column(String(20))
    phone_2: Mapped[str | None] = mapped_column(String(20))  # a landline beside a mobile
    email: Mapped[str | None] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(String(200))
    e_invoice: Mapped[bool] = mapped_column(Boolean, default=False)
    e_invoice_email: Mapped[str | None] = mapped_column(String(200))
    preferred_channel: Mapped[str | None] = mapped_column(String(20))
    consent_on: Mapped[date | None] = mapped_column(Date)
    contacts_confirmed_at: Mapped[datetime | None] = mapped_column(DateTime)


class Tenure(Base):
    __tablename__ = "tenure"
    __table_args__ = (
        UniqueConstraint("property_id", "start"),
        Index("ix_tenure_payer", "payer_id"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    payer_id: Mapped[int] = mapped_column(ForeignKey("payer.id"))
    property_id: Mapped[int] = mapped_column(ForeignKey("property.id"))
    kind: Mapped[str] = mapped_column(String(10))  # ownership | use | tenancy
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date | None] = mapped_column(Date)
    document: Mapped[str | None] = mapped_column(String(200))


class Plan(Base):
    """An equal-installment plan (Разсрочена лоялност) for one plan year."""

    __tablename__ = "plan"
    __table_args__ = (Index("ix_plan_payer", "payer_id"),)
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    payer_id: Mapped[int] = mapped_column(ForeignKey("payer.id"))
    property_id: Mapped[int] = mapped_column(ForeignKey("property.id"))
    first_month: Mapped[str] = mapped_column(String(7))
    installment_cents: Mapped[int] = mapped_column(Integer)


class Invoice(Base):
    __tablename__ = "invoice"
    # A payer's bills are read whole and sorted; a property's through its payers (0012).
    __table_args__ = (Index("ix_invoice_payer", "payer_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(10), unique=True)
    property_id: Mapped[int] = mapped_column(ForeignKey("property.id"))
    payer_id: Mapped[int] = mapped_column(ForeignKey("payer.id"))
    period: Mapped[str] = mapped_column(String(7))
    kind: Mapped[str] = mapped_column(String(12))  # monthly|installment|settlement|other
    issued: Mapped[date] = mapped_column(Date)
    amount_cents: Mapped[int] = mapped_column(Integer)
    currency: Mapped[str] = mapped_column(String(3))
    plan_id: Mapped[str | None] = mapped_column(ForeignKey("plan.id"))


class CourtCase(Base):
    __tablename__ = "court_case"
    __table_args__ = (Index("ix_court_case_payer", "payer_id"),)
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    payer_id: Mapped[int] = mapped_column(ForeignKey("payer.id"))
    property_id: Mapped[int] = mapped_column(ForeignKey("property.id"))
    case_number: Mapped[str | None] = mapped_column(String(60))
    stage: Mapped[str] = mapped_column(String(12))
    since: Mapped[date] = mapped_column(Date)
    awarded_costs_cents: Mapped[int | None] = mapped_column(Integer)
    awarded_interest_cents: Mapped[int | None] = mapped_column(Integer)
    awarded_principal_cents: Mapped[int | None] = mapped_column(Integer)
    awarded_currency: Mapped[str | None] = mapped_column(String(3))


class CourtCaseInvoice(Base):
    __tablename__ = "court_case_invoice"
    # Is this bill in a case? (the prune, a change of holder; migration 0012)
    __table_args__ = (Index("ix_court_case_invoice_invoice", "invoice_id"),)
    case_id: Mapped[str] = mapped_column(ForeignKey("court_case.id"), primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoice.id"), primary_key=True)


class Agreement(Base):
    """An installment agreement (споразумение за разсрочено плащане)."""

    __tablename__ = "agreement"
    __table_args__ = (Index("ix_agreement_payer", "payer_id"),)
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    payer_id: Mapped[int] = mapped_column(ForeignKey("payer.id"))
    signed: Mapped[date] = mapped_column(Date)
    down_payment_cents: Mapped[int] = mapped_column(Integer, default=0)


class AgreementCover(Base):
    """One item an agreement covers: an invoice or a court case."""

    __tablename__ = "agreement_cover"
    __table_args__ = (Index("ix_agreement_cover_invoice", "invoice_id"),)  # as the case's
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agreement_id: Mapped[str] = mapped_column(ForeignKey("agreement.id"), index=True)
    invoice_id: Mapped[int | None] = mapped_column(ForeignKey("invoice.id"))
    case_id: Mapped[str | None] = mapped_column(ForeignKey("court_case.id"))


class AgreementInstallment(Base):
    __tablename__ = "agreement_installment"
    __table_args__ = (UniqueConstraint("agreement_id", "seq"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agreement_id: Mapped[str] = mapped_column(ForeignKey("agreement.id"))
    seq: Mapped[int] = mapped_column(Integer)  # 0 = down payment
    due: Mapped[date] = mapped_column(Date)
    amount_cents: Mapped[int] = mapped_column(Integer)


# --- desks, people, money taken ------------------------------------------------


class Desk(Base):
    __tablename__ = "desk"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(12), default="pay_desk")  # pay_desk|info_centre
    last_receipt_number: Mapped[int] = mapped_column(Integer, default=0)


class User(Base):
    __tablename__ = "user"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(40), unique=True)
    full_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(12))  # cashier|clerk|supervisor|admin
    password_hash: Mapped[str] = mapped_column(String(200))
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class UserChange(Base):
    """A user change made here, signed by who made it, until the central database has it.

    Written with the change (desk.services.users) and queued in the outbox; the
    push sends each in order with its HMAC (desk.services.approval) and deletes it
    once the central database acknowledged it. ``new_key`` is the approval key of
    a new password (the central database keeps it; it is not kept here after).
    """

    __tablename__ = "user_change"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    change: Mapped[str] = mapped_column(String(36), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    actor: Mapped[str | None] = mapped_column(String(40))  # None: made before signing
    username: Mapped[str] = mapped_column(String(40))
    full_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(12))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean)
    must_change: Mapped[bool] = mapped_column(Boolean)
    changed_at: Mapped[datetime] = mapped_column(DateTime)
    new_key: Mapped[bytes | None] = mapped_column(LargeBinary(32))
    mac: Mapped[bytes | None] = mapped_column(LargeBinary(32))


class Shift(Base):
    __tablename__ = "shift"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_uuid)
    desk_id: Mapped[int] = mapped_column(ForeignKey("desk.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    opened_at: Mapped[datetime] = mapped_column(DateTime)
    opening_float_cents: Mapped[int] = mapped_column(Integer)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    expected_cents: Mapped[int | None] = mapped_column(Integer)
    counted_cents: Mapped[int | None] = mapped_column(Integer)
    count_json: Mapped[str | None] = mapped_column(Text)


class Payment(Base):
    """Money taken (or credit spent). Never updated or deleted: see the triggers."""

    __tablename__ = "payment"
    __table_args__ = (
        Index("ix_payment_payer", "payer_id"),  # a payer's few payments, sorted when read
        # Reports of a day count desk payments only (migrations 0006, 0011).
        Index("ix_payment_paid_at", "paid_at", sqlite_where=text("desk_id IS NOT NULL")),
        # A shift's payments: closing it, its Z-report (migration 0011).
        Index("ix_payment_shift", "shift_id", sqlite_where=text("shift_id IS NOT NULL")),
    )
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_uuid)
    payer_id: Mapped[int] = mapped_column(ForeignKey("payer.id"))
    paid_at: Mapped[datetime] = mapped_column(DateTime)  # local Europe/Sofia time
    method: Mapped[str] = mapped_column(String(8))  # cash|card|split|credit
    currency: Mapped[str] = mapped_column(String(3))
    total_cents: Mapped[int] = mapped_column(Integer, default=0)  # money received
    credit_cents: Mapped[int] = mapped_column(Integer, default=0)  # left as credit
    credit_used_cents: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    cash_cents: Mapped[int] = mapped_column(Integer, default=0)
    card_cents: Mapped[int] = mapped_column(Integer, default=0)
    tendered_cents: Mapped[int] = mapped_column(Integer, default=0)
    change_cents: Mapped[int] = mapped_column(Integer, default=0)
    desk_id: Mapped[int | None] = mapped_column(ForeignKey("desk.id"))
    shift_id: Mapped[str | None] = mapped_column(ForeignKey("shift.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    receipt_number: Mapped[int | None] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(10), default="desk")  # desk|import


class Allocation(Base):
    """Money of one payment applied to one item, with the discount granted."""

    __tablename__ = "allocation"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    payment_id: Mapped[str] = mapped_column(ForeignKey("payment.id"), index=True)
    invoice_id: Mapped[int | None] = mapped_column(ForeignKey("invoice.id"), index=True)
    case_id: Mapped[str | None] = mapped_column(ForeignKey("court_case.id"))
    installment_id: Mapped[int | None] = mapped_column(ForeignKey("agreement_installment.id"))
    amount_cents: Mapped[int] = mapped_column(Integer)
    commercial_cents: Mapped[int] = mapped_column(Integer, default=0)
    loyalty_cents: Mapped[int] = mapped_column(Integer, default=0)


class Void(Base):
    """A reversal (сторно) of one payment: a new document, the payment stays."""

    __tablename__ = "void"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_uuid)
    payment_id: Mapped[str] = mapped_column(ForeignKey("payment.id"), unique=True)
    voided_at: Mapped[datetime] = mapped_column(DateTime)
    reason: Mapped[str] = mapped_column(String(300))
    desk_id: Mapped[int | None] = mapped_column(ForeignKey("desk.id"))
    shift_id: Mapped[str | None] = mapped_column(ForeignKey("shift.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    approved_by: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    receipt_number: Mapped[int | None] = mapped_column(Integer)


class Receipt(Base):
    """One number of a desk's gapless receipt series."""

    __tablename__ = "receipt"
    __table_args__ = (
        UniqueConstraint("desk_id", "number"),
        # A document's receipts: a reprint, and the prune's removal (migration 0012).
        Index("ix_receipt_payment", "payment_id"),
        Index("ix_receipt_void", "void_id"),
    )
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_uuid)
    desk_id: Mapped[int] = mapped_column(ForeignKey("desk.id"))
    number: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(8))  # payment | void
    payment_id: Mapped[str | None] = mapped_column(ForeignKey("payment.id"))
    void_id: Mapped[str | None] = mapped_column(ForeignKey("void.id"))
    issued_at: Mapped[datetime] = mapped_column(DateTime)


# --- contacts and the campaign -------------------------------------------------


class SurveyCard(Base):
    __tablename__ = "survey_card"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_uuid)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    payer_id: Mapped[int | None] = mapped_column(ForeignKey("payer.id"), index=True)
    printed_at: Mapped[datetime] = mapped_column(DateTime)
    returned_at: Mapped[datetime | None] = mapped_column(DateTime)
    desk_id: Mapped[int | None] = mapped_column(ForeignKey("desk.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    # print | email (issue 16: sent to an e-invoice payer; migrations 0013 and c0011)
    channel: Mapped[str] = mapped_column(String(10), default="print", server_default="print")


class ContactChange(Base):
    __tablename__ = "contact_change"
    __table_args__ = (Index("ix_contact_change_payer", "payer_id", "changed_at"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_uuid)
    payer_id: Mapped[int] = mapped_column(ForeignKey("payer.id"))
    field: Mapped[str] = mapped_column(String(30))
    old_value: Mapped[str | None] = mapped_column(String(300))
    new_value: Mapped[str | None] = mapped_column(String(300))
    changed_at: Mapped[datetime] = mapped_column(DateTime)
    source: Mapped[str] = mapped_column(String(12))  # desk|info_centre|survey_card|web|e_invoice
    survey_card_id: Mapped[str | None] = mapped_column(ForeignKey("survey_card.id"))
    desk_id: Mapped[int | None] = mapped_column(ForeignKey("desk.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    hlc: Mapped[str | None] = mapped_column(String(40))


class CardEmail(Base):
    """Where an e-mailed survey card stands (issue 16, migration 0014): written with the
    card in one transaction, so a cut batch resumes and never sends a payer two cards.
    ``sending`` is committed before a card's SMTP transaction and ``uncertain`` records
    a connection lost after the message's final dot: neither is ever resent by a batch,
    only after a person's ``desk campaign resend`` (at most once, RFC 1047).
    Local to this desk: no outbox trigger, not copied to the central database."""

    __tablename__ = "card_email"
    __table_args__ = (
        CheckConstraint(
            "state IN ('queued', 'sending', 'sent', 'exported', 'refused', 'bounced', "
            "'failed', 'uncertain')",
            name="state",
        ),
        CheckConstraint("via IN ('smtp', 'export')", name="via"),
        Index("ix_card_email_state", "state", "id"),
        # One card in flight a payer: the lowest layer that can hold it (STYLE.md 12).
        Index(
            "ix_card_email_queued_payer",
            "payer_id",
            unique=True,
            sqlite_where=text("state IN ('queued', 'sending')"),
        ),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    card_id: Mapped[str] = mapped_column(
        ForeignKey("survey_card.id", ondelete="CASCADE"), unique=True
    )
    payer_id: Mapped[int] = mapped_column(ForeignKey("payer.id"))
    address: Mapped[str] = mapped_column(String(200))
    via: Mapped[str] = mapped_column(String(10))  # smtp | export
    state: Mapped[str] = mapped_column(String(10))  # one of 0014's STATES
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    reason: Mapped[str | None] = mapped_column(Text)
    queued_at: Mapped[datetime] = mapped_column(DateTime)
    changed_at: Mapped[datetime] = mapped_column(DateTime)
    file: Mapped[str | None] = mapped_column(Text)  # export: the PDF written


class Outbox(Base):
    """What this desk did that the central database has not yet acknowledged.

    Filled by triggers (migration 0004) in the same transaction as the row it
    names; emptied by the push once the central database has committed it.
    """

    __tablename__ = "outbox"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tbl: Mapped[str] = mapped_column(String(30))
    key: Mapped[str] = mapped_column(String(36))
    queued_at: Mapped[datetime] = mapped_column(DateTime)


class AuditEntry(Base):
    """Append-only: a trigger refuses updates and deletes; each row is chained to the last."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    desk_id: Mapped[int | None] = mapped_column(ForeignKey("desk.id"))
    action: Mapped[str] = mapped_column(String(40))
    details: Mapped[str | None] = mapped_column(Text)
    # The hash chain (desk.services.audit_chain, migration 0009): the digest of the user
    # table as the row left it, the previous row's hash, and this row's over it all.
    users: Mapped[str | None] = mapped_column(String(64))
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str | None] = mapped_column(String(64))


class Setting(Base):
    """Key/value facts about this database (which desk it is, demo seed, …)."""

    __tablename__ = "setting"
    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
