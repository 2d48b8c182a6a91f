"""sync: change sequence, append-only money, desk roles with row-level security

Revision ID: c0002
Revises: c0001
Create Date: 2026-11-22

The change sequence. Statement triggers with transition tables log every
changed row of a replicated table into ``change_log`` with the writing
transaction's id. At commit a deferred constraint trigger numbers the
transaction in ``change_txn`` from the sequence ``change_seq`` while it holds
an advisory lock, which is released only after the commit is visible. So a
transaction with a higher number is never visible before one with a lower
number, and a desk that has everything up to N never misses a later commit
that got a number below N (the usual trap of numbering rows at insert time).

Desks. Every desk role is a member of ``desk_app``: it reads reference data and
every desk's payments, inserts only rows of its own desk (``desk_self()`` maps
the role to its desk), may close only its own shifts, and can neither update
nor delete a payment, allocation, void or receipt. FORCE ROW LEVEL SECURITY
holds the table owner to the policies as well; the owner has its own policy
that allows all (imports, migrations, reports).
"""

from __future__ import annotations

from alembic import op

revision = "c0002"
down_revision = "c0001"
branch_labels = None
depends_on = None

# Tables a desk replicates: reference data, desks and users, money taken at any desk.
REPLICATED = {
    "property": "t.id::text",
    "payer": "t.id::text",
    "tenure": "t.id::text",
    "plan": "t.id",
    "invoice": "t.id::text",
    "court_case": "t.id",
    "court_case_invoice": "t.case_id || '/' || t.invoice_id::text",
    "agreement": "t.id",
    "agreement_cover": "t.id::text",
    "agreement_installment": "t.id::text",
    "desk": "t.id::text",
    "user": "t.id::text",
    "shift": "t.id",
    "payment": "t.id",
    "void": "t.id",
    "contact_change": "t.id",
    "survey_card": "t.id",
}
# Rows a desk creates, each with the desk's id in desk_id.
DESK_ROWS = ("shift", "payment", "void", "receipt", "contact_change", "survey_card", "audit_log")
APPEND_ONLY = ("payment", "allocation", "void", "receipt")
CONTACT_FIELDS = {
    "phone": "text",
    "email": "text",
    "address": "text",
    "e_invoice": "boolean",
    "e_invoice_email": "text",
    "preferred_channel": "text",
    "consent_on": "date",
}

UP = [
    "CREATE SEQUENCE change_seq",
    """CREATE TABLE change_txn (
        xid xid8 PRIMARY KEY,
        seq bigint UNIQUE,
        committed_at timestamptz NOT NULL DEFAULT clock_timestamp())""",
    """CREATE TABLE change_log (
        id bigserial PRIMARY KEY,
        xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
        tbl text NOT NULL,
        key text NOT NULL,
        op char(1) NOT NULL)""",
    "CREATE INDEX ix_change_log_xid ON change_log (xid, id)",
    # Numbers the transaction at commit; see the module's docstring.
    """CREATE FUNCTION change_txn_number() RETURNS trigger
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    BEGIN
        PERFORM pg_advisory_xact_lock(727001);
        UPDATE change_txn SET seq = nextval('change_seq'), committed_at = clock_timestamp()
         WHERE xid = NEW.xid;
        RETURN NULL;
    END $$""",
    """CREATE CONSTRAINT TRIGGER change_txn_number AFTER INSERT ON change_txn
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION change_txn_number()""",
    # Who may do what: a group role for desks, a function naming the caller's desk.
    """DO $$ BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'desk_app') THEN
            CREATE ROLE desk_app NOLOGIN;
        END IF;
    END $$""",
    "ALTER TABLE desk ADD COLUMN role_name text UNIQUE",
    """CREATE FUNCTION desk_self() RETURNS integer
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        SELECT id FROM desk WHERE role_name = session_user
    $$""",
    # Contact fields: per field the latest change by the hybrid logical clock wins.
    """CREATE TABLE contact_clock (
        payer_id integer NOT NULL REFERENCES payer (id),
        field text NOT NULL,
        hlc text NOT NULL,
        change_id varchar(36) NOT NULL,
        PRIMARY KEY (payer_id, field))""",
    # What a supervisor should look at: payments that crossed while offline, ...
    """CREATE TABLE sync_issue (
        id bigserial PRIMARY KEY,
        found_at timestamptz NOT NULL DEFAULT now(),
        kind text NOT NULL,
        payer_id integer REFERENCES payer (id),
        payment_id varchar(36) REFERENCES payment (id),
        item text,
        amount_cents integer,
        details text NOT NULL,
        resolved_at timestamptz,
        resolved_by text,
        UNIQUE (kind, payment_id, item))""",
    # How far each desk has pulled and when it last pushed (for the status list).
    """CREATE TABLE desk_sync (
        desk_id integer PRIMARY KEY REFERENCES desk (id),
        pushed_at timestamptz,
        pulled_seq bigint,
        pulled_at timestamptz)""",
    "GRANT USAGE ON SCHEMA public TO desk_app",
    # A temporary table named like ours would shadow it for the session that made
    # it (SECURITY DEFINER functions also name pg_temp last for that reason).
    """DO $$ BEGIN
        EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
    END $$""",
]

_log = """CREATE FUNCTION "change_log_{tbl}_{op}"() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    INSERT INTO change_log (tbl, key, op) SELECT '{tbl}', {key}, '{code}' FROM {rows} t;
    IF FOUND THEN
        INSERT INTO change_txn (xid) VALUES (pg_current_xact_id()) ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END $$"""
for _tbl, _key_expr in REPLICATED.items():
    for _op, _code, _rows in (
        ("insert", "I", "new_rows"),
        ("update", "U", "new_rows"),
        ("delete", "D", "old_rows"),
    ):
        _ref = "OLD TABLE AS old_rows" if _op == "delete" else "NEW TABLE AS new_rows"
        UP.append(_log.format(tbl=_tbl, op=_op, key=_key_expr, code=_code, rows=_rows))
        UP.append(
            f'CREATE TRIGGER change_log_{_op} AFTER {_op.upper()} ON "{_tbl}" '
            f"REFERENCING {_ref} FOR EACH STATEMENT "
            f'EXECUTE FUNCTION "change_log_{_tbl}_{_op}"()'
        )

for _tbl in APPEND_ONLY:
    UP.append(
        f"""CREATE FUNCTION {_tbl}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION '{_tbl} is append-only'; END $$"""
    )
    UP.append(
        f"CREATE TRIGGER {_tbl}_append_only BEFORE UPDATE OR DELETE ON {_tbl} "
        f"FOR EACH ROW EXECUTE FUNCTION {_tbl}_append_only()"
    )

_REFERENCE = (
    "property",
    "payer",
    "tenure",
    "plan",
    "invoice",
    "court_case",
    "court_case_invoice",
    "agreement",
    "agreement_cover",
    "agreement_installment",
    "desk",
    '"user"',
    "change_txn",
    "change_log",
    "contact_clock",
)
UP += [f"GRANT SELECT ON {t} TO desk_app" for t in _REFERENCE]
UP += [
    "GRANT SELECT, INSERT ON shift, payment, allocation, void, receipt, contact_change, "
    "survey_card, audit_log TO desk_app",
    "GRANT UPDATE (closed_at, expected_cents, counted_cents, count_json) ON shift TO desk_app",
    "GRANT UPDATE (returned_at) ON survey_card TO desk_app",
    "GRANT SELECT, INSERT, UPDATE ON desk_sync TO desk_app",
    "GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO desk_app",
]
for _tbl in (*DESK_ROWS, "allocation", "desk_sync"):
    UP += [
        f"ALTER TABLE {_tbl} ENABLE ROW LEVEL SECURITY",
        f"ALTER TABLE {_tbl} FORCE ROW LEVEL SECURITY",
        f"CREATE POLICY owner_all ON {_tbl} TO CURRENT_USER USING (true) WITH CHECK (true)",
    ]
for _tbl in DESK_ROWS:
    UP += [
        f"CREATE POLICY desk_read ON {_tbl} FOR SELECT TO desk_app USING (true)",
        f"CREATE POLICY desk_insert ON {_tbl} FOR INSERT TO desk_app "
        "WITH CHECK (desk_id = desk_self())",
    ]
UP += [
    "CREATE POLICY desk_close ON shift FOR UPDATE TO desk_app "
    "USING (desk_id = desk_self() AND closed_at IS NULL) WITH CHECK (desk_id = desk_self())",
    "CREATE POLICY desk_return ON survey_card FOR UPDATE TO desk_app "
    "USING (desk_id = desk_self()) WITH CHECK (desk_id = desk_self())",
    "CREATE POLICY desk_read ON allocation FOR SELECT TO desk_app USING (true)",
    "CREATE POLICY desk_insert ON allocation FOR INSERT TO desk_app WITH CHECK (EXISTS "
    "(SELECT 1 FROM payment p WHERE p.id = payment_id AND p.desk_id = desk_self()))",
    "CREATE POLICY desk_own ON desk_sync TO desk_app "
    "USING (desk_id = desk_self()) WITH CHECK (desk_id = desk_self())",
]

# A contact change applies to the payer when its clock is the latest for that field.
_cases = "\n".join(
    f"        WHEN '{name}' THEN UPDATE payer SET {name} = CAST(NEW.new_value AS {kind}) "
    "WHERE id = NEW.payer_id;"
    for name, kind in CONTACT_FIELDS.items()
)
UP += [
    f"""CREATE FUNCTION contact_change_apply() RETURNS trigger
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    DECLARE
        newest text;
    BEGIN
        IF NEW.survey_card_id IS NOT NULL THEN
            -- the card may have been printed at another desk: mark it returned here
            UPDATE survey_card SET returned_at = NEW.changed_at
             WHERE id = NEW.survey_card_id AND returned_at IS NULL;
        END IF;
        IF NEW.hlc IS NULL THEN
            RETURN NULL;
        END IF;
        INSERT INTO contact_clock AS c (payer_id, field, hlc, change_id)
        VALUES (NEW.payer_id, NEW.field, NEW.hlc, NEW.id)
        ON CONFLICT (payer_id, field) DO UPDATE
            SET hlc = EXCLUDED.hlc, change_id = EXCLUDED.change_id
            WHERE c.hlc COLLATE "C" < EXCLUDED.hlc COLLATE "C"  -- fixed width: text order
        RETURNING hlc INTO newest;
        IF newest IS NULL THEN
            RETURN NULL;  -- an older change: kept in the history, not applied
        END IF;
        CASE NEW.field
{_cases}
        ELSE NULL;
        END CASE;
        RETURN NULL;
    END $$""",
    "CREATE TRIGGER contact_change_apply AFTER INSERT ON contact_change "
    "FOR EACH ROW EXECUTE FUNCTION contact_change_apply()",
]


# Money for one bill taken at two desks while both were offline: the second
# payment is kept (payments never conflict), the excess is the payer's credit
# (desk.billing.ledger) and the bill goes on the supervisors' list. Compared in
# euro cents, leva converted half-up at the fixed rate as desk.money.to_eur does.
UP += [
    """CREATE FUNCTION sync_check_paid_twice(ids text[]) RETURNS integer
        LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    WITH eur AS (
        SELECT 1.95583::numeric AS rate
    ), touched AS (
        SELECT DISTINCT a.invoice_id FROM allocation a
         WHERE a.payment_id = ANY(ids) AND a.invoice_id IS NOT NULL
    ), settled AS (
        SELECT a.invoice_id,
               sum(CASE WHEN p.currency = 'BGN'
                        THEN round((a.amount_cents + a.commercial_cents + a.loyalty_cents)
                                   / (SELECT rate FROM eur))
                        ELSE a.amount_cents + a.commercial_cents + a.loyalty_cents END) AS cents,
               sum(CASE WHEN p.id <> ALL(ids) THEN 0
                        WHEN p.currency = 'BGN'
                        THEN round((a.commercial_cents + a.loyalty_cents) / (SELECT rate FROM eur))
                        ELSE a.commercial_cents + a.loyalty_cents END) AS new_discount,
               string_agg(DISTINCT d.code, ', ') AS desks,
               max(p.id) FILTER (WHERE p.id = ANY(ids)) AS payment_id
          FROM allocation a
          JOIN payment p ON p.id = a.payment_id
          LEFT JOIN desk d ON d.id = p.desk_id
         WHERE a.invoice_id IN (SELECT invoice_id FROM touched)
           AND NOT EXISTS (SELECT 1 FROM void v WHERE v.payment_id = p.id)
         GROUP BY a.invoice_id
    ), over AS (
        SELECT i.id, i.number, i.payer_id, s.desks, s.payment_id, s.new_discount,
               s.cents - CASE WHEN i.currency = 'BGN'
                              THEN round(i.amount_cents / (SELECT rate FROM eur))
                              ELSE i.amount_cents END AS excess
          FROM settled s JOIN invoice i ON i.id = s.invoice_id
    ), recorded AS (
        INSERT INTO sync_issue (kind, payer_id, payment_id, item, amount_cents, details)
        SELECT 'paid_twice', payer_id, payment_id, number, excess - new_discount,
               format('Сметка %s е платена повече от дължимото (каси %s); '
                      'надплатените %s € са кредит на платеца',
                      number, desks,
                      replace(to_char((excess - new_discount) / 100.0, 'FM999999990.00'),
                              '.', ','))
          FROM over WHERE excess - new_discount > 0
        ON CONFLICT (kind, payment_id, item) DO NOTHING
        RETURNING 1
    )
    SELECT count(*)::integer FROM recorded
    $$""",
    "GRANT EXECUTE ON FUNCTION sync_check_paid_twice(text[]) TO desk_app",
    # A desk's push records the discounts it granted that central data contradicts.
    "GRANT SELECT, INSERT ON sync_issue TO desk_app",
]


def upgrade() -> None:
    for statement in UP:
        op.execute(statement)


def downgrade() -> None:
    raise NotImplementedError("the central sync schema is not downgraded; restore a backup")
