"""least privilege: a desk's role can do what that desk may do, and cannot block the centre

Revision ID: c0006
Revises: c0005
Create Date: 2026-12-06

A desk machine is not trusted, and its role's password sits beside the desk's
file. Issue 14 found what that role could still do; this revision takes it
away, in place on an existing central database:

- nothing a desk can hold blocks the centre. The advisory-lock functions are
  no longer PUBLIC's (the central's own SECURITY DEFINER functions take the
  locks they need, as the owner); ``sync_check_paid_twice`` takes the bills'
  locks itself, and only for the caller's own payments. A desk's changes are
  numbered at its COMMIT only: ``SET CONSTRAINTS ... IMMEDIATE`` would take
  the numbering lock early and hold every central commit for as long as the
  desk kept its transaction open. Table-level UPDATE on ``desk_sync`` is gone
  (it allowed ``LOCK TABLE ... ACCESS EXCLUSIVE``): a desk reports through
  ``desk_report``. Each desk role gets default timeouts and a connection limit
  (``desk_role_setup``, also called by ``desk add-desk``), and is a member of
  ``desk_app`` WITH SET FALSE (no ``SET ROLE desk_app``);
- a desk voids only payments it took, writes receipts only for its own
  payments and voids, and names only its own shifts in its payments;
- ``sync_issue``: a desk inserts only a discount issue about a payment of its
  own, and reads none; ``desk_sync``: it reads its own row only; ``audit_log``:
  it reads its own desk's rows only; sequences: only those its pushes draw on;
- password hashes: a desk reads "user" without ``password_hash``; offline
  login gets the hashes of active users through ``desk_user_rows()`` (an
  inactive user's hash is withheld: ''), and ``desk_user_put`` keeps the hash
  it has when a desk sends that placeholder back.
"""

from __future__ import annotations

from importlib import import_module

from alembic import op

revision = "c0006"
down_revision = "c0005"
branch_labels = None
depends_on = None

# Per desk role (README, "Threat model"): a push of 500 payments or a pull page
# of 5 000 changes takes well under a second a statement; a first replica
# streams in pages of 20 000 rows, each FETCH a statement of its own.
ROLE_SETTINGS = {
    "statement_timeout": "120s",
    "lock_timeout": "30s",
    "idle_in_transaction_session_timeout": "60s",
    "idle_session_timeout": "30min",
}
CONNECTION_LIMIT = 10
ADVISORY_LOCKS = (
    "pg_advisory_lock",
    "pg_advisory_lock_shared",
    "pg_advisory_xact_lock",
    "pg_advisory_xact_lock_shared",
    "pg_try_advisory_lock",
    "pg_try_advisory_lock_shared",
    "pg_try_advisory_xact_lock",
    "pg_try_advisory_xact_lock_shared",
)
# Sequences a desk's push draws on (allocations and discount issues have no id
# of the desk's; audit rows may be sent without one).
DESK_SEQUENCES = (("allocation", "id"), ("sync_issue", "id"), ("audit_log", "id"))

_settings = "\n".join(
    f"        EXECUTE format('ALTER ROLE %I SET {name} = %L', p_role, '{value}');"
    for name, value in ROLE_SETTINGS.items()
)
_locks = ", ".join(f"'{name}'" for name in ADVISORY_LOCKS)

UP = [
    # --- 2: nothing a desk holds blocks the centre ------------------------------------
    f"""CREATE FUNCTION desk_role_setup(p_role text) RETURNS void
        LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
    BEGIN
{_settings}
        EXECUTE format('ALTER ROLE %I CONNECTION LIMIT {CONNECTION_LIMIT}', p_role);
        EXECUTE format('GRANT desk_app TO %I WITH INHERIT TRUE, SET FALSE', p_role);
    END $$""",
    "REVOKE EXECUTE ON FUNCTION desk_role_setup(text) FROM PUBLIC",
    """DO $$ DECLARE r text; BEGIN
        FOR r IN SELECT d.role_name FROM desk d JOIN pg_roles g ON g.rolname = d.role_name LOOP
            PERFORM desk_role_setup(r);
        END LOOP;
    END $$""",
    # Only a superuser may change pg_catalog's grants: a central database owned by
    # an ordinary role needs a superuser to run this upgrade (README).
    f"""DO $$ DECLARE f regprocedure; BEGIN
        IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
            RAISE EXCEPTION 'c0006 revokes the advisory locks from PUBLIC: '
                'run this upgrade as a superuser' USING ERRCODE = 'insufficient_privilege';
        END IF;
        FOR f IN SELECT p.oid::regprocedure FROM pg_proc p
                  WHERE p.pronamespace = 'pg_catalog'::regnamespace
                    AND p.proname IN ({_locks}) LOOP
            EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', f);
            EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO %I', f, current_user);
        END LOOP;
    END $$""",
    # A desk's changes are numbered at its COMMIT, never earlier (SET CONSTRAINTS).
    """CREATE OR REPLACE FUNCTION change_txn_number() RETURNS trigger
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    BEGIN
        IF desk_self() IS NOT NULL
           AND current_query() !~* '^\\s*(commit|end)(\\s+(work|transaction))?\\s*;?\\s*$' THEN
            RAISE EXCEPTION 'a desk''s changes are numbered at its COMMIT only'
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        PERFORM pg_advisory_xact_lock(727001);
        UPDATE change_txn SET seq = nextval('change_seq'), committed_at = clock_timestamp()
         WHERE xid = NEW.xid;
        RETURN NULL;
    END $$""",
    # The bills' locks (two desks, one bill) are taken here, for the caller's own
    # payments only; the check itself is c0002's, renamed.
    "ALTER FUNCTION sync_check_paid_twice(text[]) RENAME TO sync_paid_twice_found",
    "REVOKE EXECUTE ON FUNCTION sync_paid_twice_found(text[]) FROM PUBLIC, desk_app",
    """CREATE FUNCTION sync_check_paid_twice(ids text[]) RETURNS integer
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    DECLARE
        mine text[] := ids;
    BEGIN
        IF desk_self() IS NOT NULL OR EXISTS (
               SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
                JOIN pg_roles u ON u.oid = m.member
                WHERE g.rolname = 'desk_app' AND u.rolname = session_user) THEN
            mine := ARRAY(SELECT id FROM payment WHERE id = ANY(ids) AND desk_id = desk_self());
        END IF;
        PERFORM pg_advisory_xact_lock(727002, t.invoice_id)
           FROM (SELECT DISTINCT invoice_id FROM allocation
                  WHERE payment_id = ANY(mine) AND invoice_id IS NOT NULL
                  ORDER BY invoice_id) t;
        RETURN sync_paid_twice_found(coalesce(mine, '{}'));
    END $$""",
    "REVOKE EXECUTE ON FUNCTION sync_check_paid_twice(text[]) FROM PUBLIC",
    "GRANT EXECUTE ON FUNCTION sync_check_paid_twice(text[]) TO desk_app",
    # desk_sync: read its own row, write it through desk_report only.
    "REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON desk_sync FROM desk_app",
    "DROP POLICY desk_own ON desk_sync",
    "CREATE POLICY desk_read ON desk_sync FOR SELECT TO desk_app USING (desk_id = desk_self())",
    """CREATE FUNCTION desk_report(p_pushed boolean, p_pulled_seq bigint) RETURNS void
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    DECLARE
        me integer := desk_self();
    BEGIN
        IF me IS NULL THEN
            RETURN;  -- the owner's own pulls report nothing
        END IF;
        IF p_pulled_seq IS NOT NULL AND (p_pulled_seq < 0 OR p_pulled_seq >
               (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM change_seq)) THEN
            RAISE EXCEPTION 'desk_sync: % is not a position of the change sequence', p_pulled_seq
                USING ERRCODE = 'check_violation';
        END IF;
        INSERT INTO desk_sync AS s (desk_id, pushed_at, pulled_seq, pulled_at)
        VALUES (me, CASE WHEN p_pushed THEN now() END, p_pulled_seq,
                CASE WHEN p_pulled_seq IS NOT NULL THEN now() END)
        ON CONFLICT (desk_id) DO UPDATE SET
            pushed_at = CASE WHEN p_pushed THEN now() ELSE s.pushed_at END,
            pulled_seq = coalesce(p_pulled_seq, s.pulled_seq),
            pulled_at = CASE WHEN p_pulled_seq IS NOT NULL THEN now() ELSE s.pulled_at END;
    END $$""",
    "REVOKE EXECUTE ON FUNCTION desk_report(boolean, bigint) FROM PUBLIC",
    "GRANT EXECUTE ON FUNCTION desk_report(boolean, bigint) TO desk_app",
    # Sequences: only those a desk's push draws on.
    "REVOKE USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public FROM desk_app",
    *(
        f"DO $$ BEGIN EXECUTE format('GRANT USAGE ON SEQUENCE %s TO desk_app', "
        f"pg_get_serial_sequence('{tbl}', '{col}')); END $$"
        for tbl, col in DESK_SEQUENCES
    ),
    "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
    # --- 3: money of its own only ------------------------------------------------------
    "DROP POLICY desk_insert ON void",
    "CREATE POLICY desk_insert ON void FOR INSERT TO desk_app WITH CHECK ("
    "desk_id = desk_self() AND EXISTS "
    "(SELECT 1 FROM payment p WHERE p.id = payment_id AND p.desk_id = desk_self()))",
    "DROP POLICY desk_insert ON receipt",
    "CREATE POLICY desk_insert ON receipt FOR INSERT TO desk_app WITH CHECK ("
    "desk_id = desk_self() AND (payment_id IS NOT NULL OR void_id IS NOT NULL) "
    "AND (payment_id IS NULL OR EXISTS "
    "(SELECT 1 FROM payment p WHERE p.id = payment_id AND p.desk_id = desk_self())) "
    "AND (void_id IS NULL OR EXISTS "
    "(SELECT 1 FROM void v WHERE v.id = void_id AND v.desk_id = desk_self())))",
    "DROP POLICY desk_insert ON payment",
    "CREATE POLICY desk_insert ON payment FOR INSERT TO desk_app WITH CHECK ("
    "desk_id = desk_self() AND (shift_id IS NULL OR EXISTS "
    "(SELECT 1 FROM shift s WHERE s.id = shift_id AND s.desk_id = desk_self())))",
    # --- 4: each table a desk touches names what it may do -----------------------------
    "ALTER TABLE sync_issue ENABLE ROW LEVEL SECURITY",
    "ALTER TABLE sync_issue FORCE ROW LEVEL SECURITY",
    "CREATE POLICY owner_all ON sync_issue TO CURRENT_USER USING (true) WITH CHECK (true)",
    "REVOKE SELECT, UPDATE, DELETE, TRUNCATE ON sync_issue FROM desk_app",
    # ON CONFLICT (kind, payment_id, item) reads these columns of the desk's own
    # discount notes (and holds the new row to the SELECT policy); nothing else.
    "GRANT SELECT (kind, payment_id, item) ON sync_issue TO desk_app",
    "CREATE POLICY desk_own_discount ON sync_issue FOR SELECT TO desk_app USING ("
    "kind = 'discount' AND EXISTS (SELECT 1 FROM payment p WHERE p.id = payment_id "
    "AND p.desk_id = desk_self()))",
    # desk.sync.recheck: a discount its own payment was granted that central data
    # does not bear out; everything else is written by the central's own functions.
    "CREATE POLICY desk_discount ON sync_issue FOR INSERT TO desk_app WITH CHECK ("
    "kind = 'discount' AND resolved_at IS NULL AND resolved_by IS NULL "
    "AND found_at = now() AND EXISTS (SELECT 1 FROM payment p WHERE p.id = payment_id "
    "AND p.desk_id = desk_self() AND p.payer_id = sync_issue.payer_id))",
    "DROP POLICY desk_read ON audit_log",
    "CREATE POLICY desk_read ON audit_log FOR SELECT TO desk_app USING (desk_id = desk_self())",
    # --- 5: password hashes ------------------------------------------------------------
    'REVOKE SELECT ON "user" FROM desk_app',
    """DO $$ DECLARE c text; BEGIN
        FOR c IN SELECT attname FROM pg_attribute
                  WHERE attrelid = '"user"'::regclass AND attnum > 0 AND NOT attisdropped
                    AND attname <> 'password_hash' LOOP
            EXECUTE format('GRANT SELECT (%I) ON "user" TO desk_app', c);
        END LOOP;
    END $$""",
    """CREATE FUNCTION desk_user_rows() RETURNS SETOF "user"
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        SELECT r.* FROM "user" u, LATERAL jsonb_populate_record(u, jsonb_build_object(
            'password_hash', CASE WHEN u.active THEN u.password_hash ELSE '' END)) r
    $$""",
    "REVOKE EXECUTE ON FUNCTION desk_user_rows() FROM PUBLIC",
    "GRANT EXECUTE ON FUNCTION desk_user_rows() TO desk_app",
]

# desk_user_put (c0004): a withheld hash ('') sent back keeps the one here.
_c0004 = import_module("desk.sync.migrations.versions.c0004_users")
_PUT = "CREATE FUNCTION desk_user_put("
_ORIGINAL: str = next(s for s in _c0004.UP if s.startswith(_PUT))
_FOUND = '        SELECT * INTO cur FROM "user" WHERE id = p_id FOR UPDATE;\n'
assert _ORIGINAL.count(_FOUND) == 1, "c0004's desk_user_put changed shape"
_KEEP = (
    "        IF p_password_hash = '' THEN  -- withheld from desks (c0006): keep it\n"
    "            IF NOT FOUND THEN\n"
    "                RAISE EXCEPTION 'user %: a new user needs a password', p_id\n"
    "                    USING ERRCODE = 'check_violation';\n"
    "            END IF;\n"
    "            p_password_hash := cur.password_hash;\n"
    "        END IF;\n"
)
# FOUND is tested again right after: the new IF keeps it (no statement runs when
# the hash is not withheld; RAISE leaves the function).
UP.append(
    _ORIGINAL.replace(_PUT, "CREATE OR REPLACE FUNCTION desk_user_put(", 1).replace(
        _FOUND, _FOUND + _KEEP, 1
    )
)


_c0002 = import_module("desk.sync.migrations.versions.c0002_sync")
_NUMBER = "CREATE FUNCTION change_txn_number()"
_OWN_ROW = "WITH CHECK (desk_id = desk_self())"
_resets = "\n".join(
    f"            EXECUTE format('ALTER ROLE %I RESET {name}', r);" for name in ROLE_SETTINGS
)

# Back to c0005's rights, for a downgrade (the revoked CREATE on schema public
# stays revoked: PostgreSQL's own default since version 15).
DOWN = [
    _ORIGINAL.replace(_PUT, "CREATE OR REPLACE FUNCTION desk_user_put(", 1),
    "DROP FUNCTION desk_user_rows()",
    'REVOKE SELECT ON "user" FROM desk_app',  # its columns' grants with it
    'GRANT SELECT ON "user" TO desk_app',
    "DROP POLICY desk_read ON audit_log",
    "CREATE POLICY desk_read ON audit_log FOR SELECT TO desk_app USING (true)",
    "DROP POLICY desk_discount ON sync_issue",
    "DROP POLICY desk_own_discount ON sync_issue",
    "DROP POLICY owner_all ON sync_issue",
    "ALTER TABLE sync_issue NO FORCE ROW LEVEL SECURITY",
    "ALTER TABLE sync_issue DISABLE ROW LEVEL SECURITY",
    "REVOKE SELECT ON sync_issue FROM desk_app",
    "GRANT SELECT ON sync_issue TO desk_app",
    *(
        statement
        for tbl in ("payment", "receipt", "void")
        for statement in (
            f"DROP POLICY desk_insert ON {tbl}",
            f"CREATE POLICY desk_insert ON {tbl} FOR INSERT TO desk_app {_OWN_ROW}",
        )
    ),
    "GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO desk_app",
    "DROP FUNCTION desk_report(boolean, bigint)",
    "DROP POLICY desk_read ON desk_sync",
    "CREATE POLICY desk_own ON desk_sync TO desk_app "
    "USING (desk_id = desk_self()) WITH CHECK (desk_id = desk_self())",
    "GRANT SELECT, INSERT, UPDATE ON desk_sync TO desk_app",
    "DROP FUNCTION sync_check_paid_twice(text[])",
    "ALTER FUNCTION sync_paid_twice_found(text[]) RENAME TO sync_check_paid_twice",
    "GRANT EXECUTE ON FUNCTION sync_check_paid_twice(text[]) TO PUBLIC, desk_app",
    next(s for s in _c0002.UP if s.startswith(_NUMBER)).replace(
        _NUMBER, "CREATE OR REPLACE FUNCTION change_txn_number()", 1
    ),
    f"""DO $$ DECLARE f regprocedure; BEGIN
        FOR f IN SELECT p.oid::regprocedure FROM pg_proc p
                  WHERE p.pronamespace = 'pg_catalog'::regnamespace
                    AND p.proname IN ({_locks}) LOOP
            EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO PUBLIC', f);
        END LOOP;
    END $$""",
    f"""DO $$ DECLARE r text; BEGIN
        FOR r IN SELECT d.role_name FROM desk d JOIN pg_roles g ON g.rolname = d.role_name LOOP
{_resets}
            EXECUTE format('ALTER ROLE %I CONNECTION LIMIT -1', r);
            EXECUTE format('GRANT desk_app TO %I WITH SET TRUE', r);
        END LOOP;
    END $$""",
    "DROP FUNCTION desk_role_setup(text)",
]


def upgrade() -> None:
    for statement in UP:
        op.execute(statement)


def downgrade() -> None:
    for statement in DOWN:
        op.execute(statement)
