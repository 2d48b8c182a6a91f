"""info centre rows: payers, tenures, plans and agreements made at a desk

Revision ID: c0003
Revises: c0002
Create Date: 2026-11-22

An information centre makes payers, tenures, plans and agreements (with what
they cover and their installments), ends the tenure its change of holder
replaces, and moves the untouched later bills to the new holder. Its push
brings them here; this revision lets a desk's role do exactly that and no
more:

- insert only rows of its own: integer ids in the desk's block
  (desk.services.desk_rows: 1 000 000 000 + desk id * 1 000 000 + n), payer
  codes in its block ("9" + desk id, desk.services.tenure), text ids with its
  own code ("AG-IC1-...", "PL-IC1-..."); covers and installments only of its
  own agreements. Row-level security, forced on the owner too (who has its own
  allow-all policy, as in c0002); billing's sequences stop below the blocks;
- end a tenure and move a bill only through two SECURITY DEFINER functions,
  which check that the desk's own new tenure of that property (already here)
  starts the day after the end, and that the bill is for a period of that
  tenure and still untouched here (no payment, court case, agreement or plan).
  A change that crossed another desk's or a payment meanwhile is not applied:
  it goes on the supervisors' list (sync_issue), the push goes on, and the
  row is logged as changed so that the desk pulls back what is true here (a
  new tenure refused for a day that already has one is logged as deleted);
- a blank survey card returned at a desk gets its payer here too.
"""

from __future__ import annotations

from alembic import op

revision = "c0003"
down_revision = "c0002"
branch_labels = None
depends_on = None

DESK_BLOCKS = 1_000_000_000
BLOCK = 1_000_000
# Desk-made rows: table -> who may insert it (besides the owner).
OWN_ROW = {
    "payer": "desk_block(id) AND left(payer_code, 4) = '9' || lpad(desk_self()::text, 3, '0')",
    "tenure": "desk_block(id)",
    "plan": "desk_text_id('PL', id)",
    "agreement": "desk_text_id('AG', id)",
    "agreement_cover": "desk_block(id) AND desk_text_id('AG', agreement_id)",
    "agreement_installment": "desk_block(id) AND desk_text_id('AG', agreement_id)",
}
SEQUENCES = ("payer", "tenure", "agreement_cover", "agreement_installment")

UP = [
    f"""CREATE FUNCTION desk_block(p_id bigint) RETURNS boolean
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        SELECT p_id BETWEEN {DESK_BLOCKS} + desk_self() * {BLOCK} + 1
                      AND {DESK_BLOCKS} + desk_self() * {BLOCK} + {BLOCK - 1}
    $$""",
    """CREATE FUNCTION desk_text_id(p_prefix text, p_id text) RETURNS boolean
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        SELECT left(p_id, length(p_prefix || '-' || d.code || '-'))
               = p_prefix || '-' || d.code || '-'
          FROM desk d WHERE d.role_name = session_user
    $$""",
    "GRANT EXECUTE ON FUNCTION desk_block(bigint), desk_text_id(text, text) TO desk_app",
]
for _tbl in SEQUENCES:
    # Billing's ids stay below the desks' blocks: refuse to start if one does not.
    UP.append(
        f"DO $$ BEGIN IF EXISTS (SELECT 1 FROM {_tbl} WHERE id >= {DESK_BLOCKS}) THEN "
        f"RAISE EXCEPTION '{_tbl}: ids from {DESK_BLOCKS} on are the desks'' blocks'; "
        "END IF; END $$"
    )
    UP.append(
        f"DO $$ BEGIN EXECUTE format('ALTER SEQUENCE %s MAXVALUE {DESK_BLOCKS - 1}', "
        f"pg_get_serial_sequence('{_tbl}', 'id')); END $$"
    )
for _tbl, _check in OWN_ROW.items():
    UP += [
        f"GRANT INSERT ON {_tbl} TO desk_app",
        f"ALTER TABLE {_tbl} ENABLE ROW LEVEL SECURITY",
        f"ALTER TABLE {_tbl} FORCE ROW LEVEL SECURITY",
        f"CREATE POLICY owner_all ON {_tbl} TO CURRENT_USER USING (true) WITH CHECK (true)",
        f"CREATE POLICY desk_read ON {_tbl} FOR SELECT TO desk_app USING (true)",
        f"CREATE POLICY desk_insert ON {_tbl} FOR INSERT TO desk_app WITH CHECK ({_check})",
    ]

_ISSUE = """INSERT INTO sync_issue (kind, payer_id, item, details)
            SELECT {kind}, {payer}, {item}, {details}
             WHERE NOT EXISTS (SELECT 1 FROM sync_issue
                                WHERE kind = {kind} AND item = {item} AND resolved_at IS NULL)"""

_OVERLAP = _ISSUE.format(
    kind="'tenure_overlap'",
    payer="successor.payer_id",
    item="'tenure ' || p_new",
    details="format('Имот %s: новото правоотношение от %s се застъпва с друго, "
    "приключено на %s', (SELECT subscriber_number FROM property "
    "WHERE id = successor.property_id), to_char(successor.start, 'DD.MM.YYYY'), "
    "to_char(previous.\"end\", 'DD.MM.YYYY'))",
)
_NOT_MOVED = _ISSUE.format(
    kind="'invoice_not_moved'",
    payer="holder.payer_id",
    item="bill.number",
    details="format('Сметка %s %s на предишния платец и не е прехвърлена "
    "на новия (правоотношение от %s)', bill.number, why, "
    "to_char(holder.start, 'DD.MM.YYYY'))",
)
_CLASH = _ISSUE.format(
    kind="'tenure_clash'",
    payer="(SELECT id FROM payer WHERE id = p_payer)",
    item="'tenure ' || p_id",
    details="format('Имот %s: смяна на титуляр от %s, въведена на каса %s, не е "
    "приета: за този ден вече има правоотношение', (SELECT subscriber_number "
    "FROM property WHERE id = p_property), to_char(p_start, 'DD.MM.YYYY'), "
    "(SELECT code FROM desk WHERE id = desk_self()))",
)

UP += [
    # The end of a tenure, the day before the desk's own new tenure of the property.
    f"""CREATE FUNCTION desk_end_tenure(p_id integer, p_end date, p_new integer) RETURNS text
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    DECLARE
        previous tenure%ROWTYPE;
        successor tenure%ROWTYPE;
    BEGIN
        IF NOT coalesce(desk_block(p_new), false) THEN
            RAISE EXCEPTION 'tenure %: not a tenure of this desk', p_new
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        SELECT * INTO successor FROM tenure WHERE id = p_new;
        IF NOT FOUND THEN
            -- The desk's new tenure was not taken (desk_tenure_clash): the desk gets
            -- this tenure back as it is here.
            UPDATE tenure SET "end" = "end" WHERE id = p_id;
            RETURN 'absent';
        END IF;
        SELECT * INTO previous FROM tenure WHERE id = p_id FOR UPDATE;
        IF NOT FOUND OR previous.property_id <> successor.property_id
           OR successor.start <> p_end + 1 OR previous.start > p_end THEN
            RAISE EXCEPTION 'tenure %: may end only the day before tenure % starts', p_id, p_new
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF previous."end" IS NOT DISTINCT FROM p_end THEN
            RETURN 'same';
        END IF;
        IF previous."end" IS NOT NULL AND previous."end" < p_end THEN
            {_OVERLAP};
            UPDATE tenure SET "end" = "end" WHERE id = p_id;  -- the desk pulls it back
            RETURN 'overlap';
        END IF;
        UPDATE tenure SET "end" = p_end WHERE id = p_id;
        RETURN 'ended';
    END $$""",
    # A bill of a period of the desk's new tenure, untouched here, to that tenure's payer.
    f"""CREATE FUNCTION desk_move_invoice(p_id integer, p_tenure integer) RETURNS text
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    DECLARE
        bill invoice%ROWTYPE;
        holder tenure%ROWTYPE;
        why text;
    BEGIN
        IF NOT coalesce(desk_block(p_tenure), false) THEN
            RAISE EXCEPTION 'tenure %: not a tenure of this desk', p_tenure
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        SELECT * INTO holder FROM tenure WHERE id = p_tenure;
        IF NOT FOUND THEN
            UPDATE invoice SET payer_id = payer_id WHERE id = p_id;  -- the desk pulls it back
            RETURN 'absent';
        END IF;
        SELECT * INTO bill FROM invoice WHERE id = p_id FOR UPDATE;
        IF NOT FOUND OR bill.property_id <> holder.property_id
           OR to_date(bill.period || '-01', 'YYYY-MM-DD') < holder.start
           OR to_date(bill.period || '-01', 'YYYY-MM-DD') > coalesce(holder."end", 'infinity')
        THEN
            RAISE EXCEPTION 'invoice %: not a bill of a period of tenure %', p_id, p_tenure
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF bill.payer_id = holder.payer_id THEN
            RETURN 'same';
        END IF;
        why := CASE
            WHEN bill.amount_cents < 0 THEN 'е кредит'
            WHEN bill.plan_id IS NOT NULL THEN 'е вноска по план'
            WHEN EXISTS (SELECT 1 FROM allocation a JOIN payment p ON p.id = a.payment_id
                          WHERE a.invoice_id = bill.id
                            AND NOT EXISTS (SELECT 1 FROM void v WHERE v.payment_id = p.id))
                THEN 'е платена'
            WHEN EXISTS (SELECT 1 FROM court_case_invoice c WHERE c.invoice_id = bill.id)
                THEN 'е по съдебно дело'
            WHEN EXISTS (SELECT 1 FROM agreement_cover c WHERE c.invoice_id = bill.id)
                THEN 'е по споразумение'
        END;
        IF why IS NOT NULL THEN
            {_NOT_MOVED};
            UPDATE invoice SET payer_id = payer_id WHERE id = p_id;  -- the desk pulls it back
            RETURN 'kept';
        END IF;
        UPDATE invoice SET payer_id = holder.payer_id WHERE id = p_id;
        RETURN 'moved';
    END $$""",
    # A new tenure the central database already has for that day (another desk's).
    f"""CREATE FUNCTION desk_tenure_clash(p_id integer, p_property integer, p_start date,
                                         p_payer integer) RETURNS void
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    BEGIN
        IF NOT coalesce(desk_block(p_id), false) THEN
            RAISE EXCEPTION 'tenure %: not a tenure of this desk', p_id
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF EXISTS (SELECT 1 FROM tenure WHERE id = p_id) THEN
            RETURN;
        END IF;
        {_CLASH};
        -- Every desk that has it (the one that made it) deletes it at its next pull.
        INSERT INTO change_log (tbl, key, op) VALUES ('tenure', p_id::text, 'D');
        INSERT INTO change_txn (xid) VALUES (pg_current_xact_id()) ON CONFLICT DO NOTHING;
    END $$""",
    "REVOKE EXECUTE ON FUNCTION desk_end_tenure(integer, date, integer), "
    "desk_move_invoice(integer, integer), "
    "desk_tenure_clash(integer, integer, date, integer) FROM PUBLIC",
    "GRANT EXECUTE ON FUNCTION desk_end_tenure(integer, date, integer), "
    "desk_move_invoice(integer, integer), "
    "desk_tenure_clash(integer, integer, date, integer) TO desk_app",
    # A returned card names its payer here too (a blank card had none when printed).
    """CREATE OR REPLACE FUNCTION contact_change_card() RETURNS trigger
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    BEGIN
        UPDATE survey_card
           SET returned_at = coalesce(returned_at, NEW.changed_at),
               payer_id = coalesce(payer_id, NEW.payer_id)
         WHERE id = NEW.survey_card_id AND (returned_at IS NULL OR payer_id IS NULL);
        RETURN NULL;
    END $$""",
    "CREATE TRIGGER contact_change_card AFTER INSERT ON contact_change "
    "FOR EACH ROW WHEN (NEW.survey_card_id IS NOT NULL) "
    "EXECUTE FUNCTION contact_change_card()",
]


def upgrade() -> None:
    for statement in UP:
        op.execute(statement)


def downgrade() -> None:
    raise NotImplementedError("the central sync schema is not downgraded; restore a backup")
