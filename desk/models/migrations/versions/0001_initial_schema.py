"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-22

Tables of the local database, plus what autogenerate cannot see: the FTS5
search indexes over names and addresses, and triggers that make payments,
allocations, voids, receipts and the audit log append-only.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


# Search: external-content FTS5 tables (case-insensitive for Cyrillic through
# unicode61's case folding; prefix indexes make "word*" queries cheap).
_FTS = {
    "payer_fts": ("payer", ["name", "address"]),
    "property_fts": ("property", ["address", "district"]),
}
_APPEND_ONLY = ["payment", "allocation", "void", "receipt", "audit_log"]

EXTRA_UP: list[str] = []
EXTRA_DOWN: list[str] = []
for _fts, (_table, _cols) in _FTS.items():
    _c = ", ".join(_cols)
    _new = ", ".join(f"new.{c}" for c in _cols)
    _old = ", ".join(f"old.{c}" for c in _cols)
    EXTRA_UP += [
        f"CREATE VIRTUAL TABLE {_fts} USING fts5({_c}, content='{_table}', content_rowid='id', "
        "tokenize='unicode61 remove_diacritics 0', prefix='2 3')",
        f"CREATE TRIGGER {_table}_fts_ai AFTER INSERT ON {_table} BEGIN "
        f"INSERT INTO {_fts}(rowid, {_c}) VALUES (new.id, {_new}); END",
        f"CREATE TRIGGER {_table}_fts_ad AFTER DELETE ON {_table} BEGIN "
        f"INSERT INTO {_fts}({_fts}, rowid, {_c}) VALUES ('delete', old.id, {_old}); END",
        f"CREATE TRIGGER {_table}_fts_au AFTER UPDATE OF {_c} ON {_table} BEGIN "
        f"INSERT INTO {_fts}({_fts}, rowid, {_c}) VALUES ('delete', old.id, {_old}); "
        f"INSERT INTO {_fts}(rowid, {_c}) VALUES (new.id, {_new}); END",
    ]
    EXTRA_DOWN += [
        f"DROP TRIGGER {_table}_fts_ai",
        f"DROP TRIGGER {_table}_fts_ad",
        f"DROP TRIGGER {_table}_fts_au",
        f"DROP TABLE {_fts}",
    ]
for _table in _APPEND_ONLY:
    # DOMAIN.md "Payments and allocation": a payment is never edited or deleted.
    for _op in ("UPDATE", "DELETE"):
        _name = f"{_table}_no_{_op.lower()}"
        EXTRA_UP.append(
            f"CREATE TRIGGER {_name} BEFORE {_op} ON {_table} BEGIN "
            f"SELECT RAISE(ABORT, '{_table} is append-only'); END"
        )
        EXTRA_DOWN.insert(0, f"DROP TRIGGER {_name}")


def upgrade() -> None:
    op.create_table(
        "desk",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("last_receipt_number", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_desk")),
        sa.UniqueConstraint("code", name=op.f("uq_desk_code")),
    )
    op.create_table(
        "payer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("payer_code", sa.String(length=10), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("id_number", sa.String(length=13), nullable=True),
        sa.Column("phone", sa.String(length=20), nullable=True),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("address", sa.String(length=200), nullable=True),
        sa.Column("e_invoice", sa.Boolean(), nullable=False),
        sa.Column("e_invoice_email", sa.String(length=200), nullable=True),
        sa.Column("preferred_channel", sa.String(length=20), nullable=True),
        sa.Column("consent_on", sa.Date(), nullable=True),
        sa.Column("contacts_confirmed_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payer")),
        sa.UniqueConstraint("payer_code", name=op.f("uq_payer_payer_code")),
    )
    op.create_table(
        "property",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subscriber_number", sa.String(length=7), nullable=False),
        sa.Column("district", sa.String(length=80), nullable=False),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_property")),
        sa.UniqueConstraint("subscriber_number", name=op.f("uq_property_subscriber_number")),
    )
    op.create_table(
        "setting",
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_setting")),
    )
    op.create_table(
        "user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=40), nullable=False),
        sa.Column("full_name", sa.String(length=100), nullable=False),
        sa.Column("role", sa.String(length=12), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.Column("must_change_password", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user")),
        sa.UniqueConstraint("username", name=op.f("uq_user_username")),
    )
    op.create_table(
        "agreement",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("payer_id", sa.Integer(), nullable=False),
        sa.Column("signed", sa.Date(), nullable=False),
        sa.Column("down_payment_cents", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["payer_id"], ["payer.id"], name=op.f("fk_agreement_payer_id_payer")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agreement")),
    )
    with op.batch_alter_table("agreement", schema=None) as batch_op:
        batch_op.create_index("ix_agreement_payer", ["payer_id"], unique=False)

    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("desk_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("details", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["desk_id"], ["desk.id"], name=op.f("fk_audit_log_desk_id_desk")),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], name=op.f("fk_audit_log_user_id_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_at"), ["at"], unique=False)

    op.create_table(
        "court_case",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("payer_id", sa.Integer(), nullable=False),
        sa.Column("property_id", sa.Integer(), nullable=False),
        sa.Column("case_number", sa.String(length=60), nullable=True),
        sa.Column("stage", sa.String(length=12), nullable=False),
        sa.Column("since", sa.Date(), nullable=False),
        sa.Column("awarded_costs_cents", sa.Integer(), nullable=True),
        sa.Column("awarded_interest_cents", sa.Integer(), nullable=True),
        sa.Column("awarded_principal_cents", sa.Integer(), nullable=True),
        sa.Column("awarded_currency", sa.String(length=3), nullable=True),
        sa.ForeignKeyConstraint(
            ["payer_id"], ["payer.id"], name=op.f("fk_court_case_payer_id_payer")
        ),
        sa.ForeignKeyConstraint(
            ["property_id"], ["property.id"], name=op.f("fk_court_case_property_id_property")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_court_case")),
    )
    with op.batch_alter_table("court_case", schema=None) as batch_op:
        batch_op.create_index("ix_court_case_payer", ["payer_id"], unique=False)

    op.create_table(
        "plan",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("payer_id", sa.Integer(), nullable=False),
        sa.Column("property_id", sa.Integer(), nullable=False),
        sa.Column("first_month", sa.String(length=7), nullable=False),
        sa.Column("installment_cents", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["payer_id"], ["payer.id"], name=op.f("fk_plan_payer_id_payer")),
        sa.ForeignKeyConstraint(
            ["property_id"], ["property.id"], name=op.f("fk_plan_property_id_property")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan")),
    )
    with op.batch_alter_table("plan", schema=None) as batch_op:
        batch_op.create_index("ix_plan_payer", ["payer_id"], unique=False)

    op.create_table(
        "shift",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("desk_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("opened_at", sa.DateTime(), nullable=False),
        sa.Column("opening_float_cents", sa.Integer(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("expected_cents", sa.Integer(), nullable=True),
        sa.Column("counted_cents", sa.Integer(), nullable=True),
        sa.Column("count_json", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["desk_id"], ["desk.id"], name=op.f("fk_shift_desk_id_desk")),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], name=op.f("fk_shift_user_id_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shift")),
    )
    op.create_table(
        "survey_card",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("payer_id", sa.Integer(), nullable=True),
        sa.Column("printed_at", sa.DateTime(), nullable=False),
        sa.Column("returned_at", sa.DateTime(), nullable=True),
        sa.Column("desk_id", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["desk_id"], ["desk.id"], name=op.f("fk_survey_card_desk_id_desk")),
        sa.ForeignKeyConstraint(
            ["payer_id"], ["payer.id"], name=op.f("fk_survey_card_payer_id_payer")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], name=op.f("fk_survey_card_user_id_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_card")),
        sa.UniqueConstraint("number", name=op.f("uq_survey_card_number")),
    )
    with op.batch_alter_table("survey_card", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_survey_card_payer_id"), ["payer_id"], unique=False)

    op.create_table(
        "tenure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("payer_id", sa.Integer(), nullable=False),
        sa.Column("property_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=True),
        sa.Column("document", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(["payer_id"], ["payer.id"], name=op.f("fk_tenure_payer_id_payer")),
        sa.ForeignKeyConstraint(
            ["property_id"], ["property.id"], name=op.f("fk_tenure_property_id_property")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tenure")),
        sa.UniqueConstraint("property_id", "start", name=op.f("uq_tenure_property_id")),
    )
    with op.batch_alter_table("tenure", schema=None) as batch_op:
        batch_op.create_index("ix_tenure_payer", ["payer_id"], unique=False)

    op.create_table(
        "agreement_installment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.String(length=40), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("amount_cents", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agreement_id"],
            ["agreement.id"],
            name=op.f("fk_agreement_installment_agreement_id_agreement"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agreement_installment")),
        sa.UniqueConstraint(
            "agreement_id", "seq", name=op.f("uq_agreement_installment_agreement_id")
        ),
    )
    op.create_table(
        "contact_change",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("payer_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=30), nullable=False),
        sa.Column("old_value", sa.String(length=300), nullable=True),
        sa.Column("new_value", sa.String(length=300), nullable=True),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.Column("source", sa.String(length=12), nullable=False),
        sa.Column("survey_card_id", sa.String(length=36), nullable=True),
        sa.Column("desk_id", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("hlc", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(
            ["desk_id"], ["desk.id"], name=op.f("fk_contact_change_desk_id_desk")
        ),
        sa.ForeignKeyConstraint(
            ["payer_id"], ["payer.id"], name=op.f("fk_contact_change_payer_id_payer")
        ),
        sa.ForeignKeyConstraint(
            ["survey_card_id"],
            ["survey_card.id"],
            name=op.f("fk_contact_change_survey_card_id_survey_card"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_contact_change_user_id_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_change")),
    )
    with op.batch_alter_table("contact_change", schema=None) as batch_op:
        batch_op.create_index("ix_contact_change_payer", ["payer_id", "changed_at"], unique=False)

    op.create_table(
        "invoice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=10), nullable=False),
        sa.Column("property_id", sa.Integer(), nullable=False),
        sa.Column("payer_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("issued", sa.Date(), nullable=False),
        sa.Column("amount_cents", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("plan_id", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(["payer_id"], ["payer.id"], name=op.f("fk_invoice_payer_id_payer")),
        sa.ForeignKeyConstraint(["plan_id"], ["plan.id"], name=op.f("fk_invoice_plan_id_plan")),
        sa.ForeignKeyConstraint(
            ["property_id"], ["property.id"], name=op.f("fk_invoice_property_id_property")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invoice")),
        sa.UniqueConstraint("number", name=op.f("uq_invoice_number")),
    )
    with op.batch_alter_table("invoice", schema=None) as batch_op:
        batch_op.create_index("ix_invoice_payer", ["payer_id", "period"], unique=False)
        batch_op.create_index("ix_invoice_property", ["property_id", "period"], unique=False)

    op.create_table(
        "payment",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("payer_id", sa.Integer(), nullable=False),
        sa.Column("paid_at", sa.DateTime(), nullable=False),
        sa.Column("method", sa.String(length=8), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("total_cents", sa.Integer(), nullable=False),
        sa.Column("credit_cents", sa.Integer(), nullable=False),
        sa.Column("cash_cents", sa.Integer(), nullable=False),
        sa.Column("card_cents", sa.Integer(), nullable=False),
        sa.Column("tendered_cents", sa.Integer(), nullable=False),
        sa.Column("change_cents", sa.Integer(), nullable=False),
        sa.Column("desk_id", sa.Integer(), nullable=True),
        sa.Column("shift_id", sa.String(length=36), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("receipt_number", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(["desk_id"], ["desk.id"], name=op.f("fk_payment_desk_id_desk")),
        sa.ForeignKeyConstraint(["payer_id"], ["payer.id"], name=op.f("fk_payment_payer_id_payer")),
        sa.ForeignKeyConstraint(["shift_id"], ["shift.id"], name=op.f("fk_payment_shift_id_shift")),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], name=op.f("fk_payment_user_id_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment")),
    )
    with op.batch_alter_table("payment", schema=None) as batch_op:
        batch_op.create_index("ix_payment_payer", ["payer_id", "paid_at"], unique=False)

    op.create_table(
        "agreement_cover",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.String(length=40), nullable=False),
        sa.Column("invoice_id", sa.Integer(), nullable=True),
        sa.Column("case_id", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(
            ["agreement_id"],
            ["agreement.id"],
            name=op.f("fk_agreement_cover_agreement_id_agreement"),
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["court_case.id"], name=op.f("fk_agreement_cover_case_id_court_case")
        ),
        sa.ForeignKeyConstraint(
            ["invoice_id"], ["invoice.id"], name=op.f("fk_agreement_cover_invoice_id_invoice")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agreement_cover")),
    )
    with op.batch_alter_table("agreement_cover", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_agreement_cover_agreement_id"), ["agreement_id"], unique=False
        )

    op.create_table(
        "allocation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("payment_id", sa.String(length=36), nullable=False),
        sa.Column("invoice_id", sa.Integer(), nullable=True),
        sa.Column("case_id", sa.String(length=40), nullable=True),
        sa.Column("installment_id", sa.Integer(), nullable=True),
        sa.Column("amount_cents", sa.Integer(), nullable=False),
        sa.Column("commercial_cents", sa.Integer(), nullable=False),
        sa.Column("loyalty_cents", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["court_case.id"], name=op.f("fk_allocation_case_id_court_case")
        ),
        sa.ForeignKeyConstraint(
            ["installment_id"],
            ["agreement_installment.id"],
            name=op.f("fk_allocation_installment_id_agreement_installment"),
        ),
        sa.ForeignKeyConstraint(
            ["invoice_id"], ["invoice.id"], name=op.f("fk_allocation_invoice_id_invoice")
        ),
        sa.ForeignKeyConstraint(
            ["payment_id"], ["payment.id"], name=op.f("fk_allocation_payment_id_payment")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_allocation")),
    )
    with op.batch_alter_table("allocation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_allocation_invoice_id"), ["invoice_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_allocation_payment_id"), ["payment_id"], unique=False)

    op.create_table(
        "court_case_invoice",
        sa.Column("case_id", sa.String(length=40), nullable=False),
        sa.Column("invoice_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["court_case.id"], name=op.f("fk_court_case_invoice_case_id_court_case")
        ),
        sa.ForeignKeyConstraint(
            ["invoice_id"], ["invoice.id"], name=op.f("fk_court_case_invoice_invoice_id_invoice")
        ),
        sa.PrimaryKeyConstraint("case_id", "invoice_id", name=op.f("pk_court_case_invoice")),
    )
    op.create_table(
        "void",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("payment_id", sa.String(length=36), nullable=False),
        sa.Column("voided_at", sa.DateTime(), nullable=False),
        sa.Column("reason", sa.String(length=300), nullable=False),
        sa.Column("desk_id", sa.Integer(), nullable=True),
        sa.Column("shift_id", sa.String(length=36), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("approved_by", sa.Integer(), nullable=True),
        sa.Column("receipt_number", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["approved_by"], ["user.id"], name=op.f("fk_void_approved_by_user")
        ),
        sa.ForeignKeyConstraint(["desk_id"], ["desk.id"], name=op.f("fk_void_desk_id_desk")),
        sa.ForeignKeyConstraint(
            ["payment_id"], ["payment.id"], name=op.f("fk_void_payment_id_payment")
        ),
        sa.ForeignKeyConstraint(["shift_id"], ["shift.id"], name=op.f("fk_void_shift_id_shift")),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], name=op.f("fk_void_user_id_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_void")),
        sa.UniqueConstraint("payment_id", name=op.f("uq_void_payment_id")),
    )
    op.create_table(
        "receipt",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("desk_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("payment_id", sa.String(length=36), nullable=True),
        sa.Column("void_id", sa.String(length=36), nullable=True),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["desk_id"], ["desk.id"], name=op.f("fk_receipt_desk_id_desk")),
        sa.ForeignKeyConstraint(
            ["payment_id"], ["payment.id"], name=op.f("fk_receipt_payment_id_payment")
        ),
        sa.ForeignKeyConstraint(["void_id"], ["void.id"], name=op.f("fk_receipt_void_id_void")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_receipt")),
        sa.UniqueConstraint("desk_id", "number", name=op.f("uq_receipt_desk_id")),
    )

    for statement in EXTRA_UP:
        op.execute(statement)


def downgrade() -> None:
    for statement in EXTRA_DOWN:
        op.execute(statement)
    op.drop_table("receipt")
    op.drop_table("void")
    op.drop_table("court_case_invoice")
    with op.batch_alter_table("allocation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_allocation_payment_id"))
        batch_op.drop_index(batch_op.f("ix_allocation_invoice_id"))

    op.drop_table("allocation")
    with op.batch_alter_table("agreement_cover", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agreement_cover_agreement_id"))

    op.drop_table("agreement_cover")
    with op.batch_alter_table("payment", schema=None) as batch_op:
        batch_op.drop_index("ix_payment_payer")

    op.drop_table("payment")
    with op.batch_alter_table("invoice", schema=None) as batch_op:
        batch_op.drop_index("ix_invoice_property")
        batch_op.drop_index("ix_invoice_payer")

    op.drop_table("invoice")
    with op.batch_alter_table("contact_change", schema=None) as batch_op:
        batch_op.drop_index("ix_contact_change_payer")

    op.drop_table("contact_change")
    op.drop_table("agreement_installment")
    with op.batch_alter_table("tenure", schema=None) as batch_op:
        batch_op.drop_index("ix_tenure_payer")

    op.drop_table("tenure")
    with op.batch_alter_table("survey_card", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_survey_card_payer_id"))

    op.drop_table("survey_card")
    op.drop_table("shift")
    with op.batch_alter_table("plan", schema=None) as batch_op:
        batch_op.drop_index("ix_plan_payer")

    op.drop_table("plan")
    with op.batch_alter_table("court_case", schema=None) as batch_op:
        batch_op.drop_index("ix_court_case_payer")

    op.drop_table("court_case")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_at"))

    op.drop_table("audit_log")
    with op.batch_alter_table("agreement", schema=None) as batch_op:
        batch_op.drop_index("ix_agreement_payer")

    op.drop_table("agreement")
    op.drop_table("user")
    op.drop_table("setting")
    op.drop_table("property")
    op.drop_table("payer")
    op.drop_table("desk")
