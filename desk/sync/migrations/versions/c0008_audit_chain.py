"""the desks' audit logs at the centre, hash-chained and anchored; contact history append-only

Revision ID: c0008
Revises: c0007
Create Date: 2026-12-06

Issue 14: a desk's audit log could be edited in its file without trace, and the
central database held none of it. Each desk's audit rows are hash-chained in its
file (local migration 0009, desk.services.audit_chain) and pushed on every sync
through ``desk_audit_push``, the only way a desk's role writes ``audit_log``:

- each row keeps the desk's own number (``seq``), the digest of the desk's user
  table it recorded (``users``), its previous row's hash and its own, and
  ``chain_desk_id``, the desk whose chain it is (the pushing desk, whatever
  ``desk_id`` the row names);
- ``audit_anchor`` holds the last hash of each desk's chain. A pushed row already
  held (same hash) is skipped: a push sent again changes nothing. A new row must
  continue from the anchor and hash correctly over its content, computed here as
  desk.models.audit_hash.canonical does (keep the two in step);
- a push that does not is refused whole (none of its rows stored, the anchor
  kept) and the supervisors get an ``audit_chain`` issue naming the desk and the
  row: a row that does not hash correctly ("edited"), a row held here under its
  number that the file now has otherwise ("differs": the desk resends the last
  row the centre acknowledged, so a rewritten log shows there), or one that does
  not continue from the anchor ("link"). The one exception is a restored or
  copied file (c0007): while the desk has an unresolved ``restored_file`` issue,
  a chain that continues from an earlier row of the desk's is taken as a fork
  (both tails are kept) and reported as ``audit_fork``;
- ``audit_log`` and ``contact_change`` are append-only here too (a trigger
  refuses UPDATE and DELETE, the owner's included).

``desk audit verify --url`` walks every desk's chain here. The centre's own audit
rows (services run on the central database) are not chained.
"""

from __future__ import annotations

from alembic import op

from desk.models.audit_hash import GENESIS

revision = "c0008"
down_revision = "c0007"
branch_labels = None
depends_on = None


def _field(expression: str) -> str:
    return (
        f"CASE WHEN {expression} IS NULL THEN '-' "
        f"ELSE length({expression})::text || ':' || {expression} END"
    )


_CANONICAL = " || '|' || ".join(
    _field(e)
    for e in (
        "v_seq::text",
        "to_char(v_at, 'YYYY-MM-DD HH24:MI:SS.US')",
        "v_user::text",
        "v_desk::text",
        "v_action",
        "v_details",
        "v_users",
    )
)

UP = [
    "ALTER TABLE audit_log ADD COLUMN chain_desk_id integer REFERENCES desk (id)",
    "ALTER TABLE audit_log ADD COLUMN seq integer",
    "ALTER TABLE audit_log ADD COLUMN users varchar(64)",
    "ALTER TABLE audit_log ADD COLUMN prev_hash varchar(64)",
    "ALTER TABLE audit_log ADD COLUMN hash varchar(64)",
    "ALTER TABLE audit_log ADD CONSTRAINT uq_audit_log_chain UNIQUE (chain_desk_id, hash)",
    "CREATE INDEX ix_audit_log_chain_seq ON audit_log (chain_desk_id, seq)",
    # An audit row records the user and desk the desk had: a user the centre
    # refused (c0004) is still named.
    "ALTER TABLE audit_log DROP CONSTRAINT fk_audit_log_user_id_user",
    """CREATE TABLE audit_anchor (
        desk_id integer PRIMARY KEY REFERENCES desk (id),
        seq integer NOT NULL,
        hash varchar(64) NOT NULL,
        pushed_at timestamptz NOT NULL DEFAULT now())""",
    "ALTER TABLE audit_anchor ENABLE ROW LEVEL SECURITY",
    "ALTER TABLE audit_anchor FORCE ROW LEVEL SECURITY",
    "CREATE POLICY owner_all ON audit_anchor TO CURRENT_USER USING (true) WITH CHECK (true)",
    "CREATE POLICY desk_read ON audit_anchor FOR SELECT TO desk_app USING (desk_id = desk_self())",
    "GRANT SELECT ON audit_anchor TO desk_app",
    "REVOKE INSERT ON audit_log FROM desk_app",
    f"""CREATE FUNCTION desk_audit_push(p_rows jsonb) RETURNS text
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    DECLARE
        me integer := desk_self();
        v_code text;
        tip_seq integer;
        tip_hash text;
        r jsonb;
        v_seq integer;
        v_at timestamp;
        v_user integer;
        v_desk integer;
        v_action text;
        v_details text;
        v_users text;
        v_prev text;
        v_hash text;
        fork_seq integer;
        forked integer;
        problem text;
        bad integer;
        v_item text;
        fresh jsonb := '[]'::jsonb;
    BEGIN
        IF me IS NULL THEN
            RETURN 'not a desk';  -- the owner's own sync: no desk's chain to extend
        END IF;
        SELECT code INTO v_code FROM desk WHERE id = me;
        -- One push of this desk's chain at a time: the anchor row is held to the end.
        INSERT INTO audit_anchor (desk_id, seq, hash) VALUES (me, 0, '{GENESIS}')
            ON CONFLICT (desk_id) DO NOTHING;
        SELECT seq, hash INTO tip_seq, tip_hash FROM audit_anchor WHERE desk_id = me FOR UPDATE;
        FOR r IN SELECT value FROM jsonb_array_elements(p_rows) LOOP
            BEGIN
                v_seq := (r ->> 'seq')::integer;
                v_at := (r ->> 'at')::timestamp;
                v_user := (r ->> 'user_id')::integer;
                v_desk := (r ->> 'desk_id')::integer;
                v_action := r ->> 'action';
                v_details := r ->> 'details';
                v_users := r ->> 'users';
                v_prev := r ->> 'prev_hash';
                v_hash := r ->> 'hash';
            EXCEPTION WHEN others THEN
                problem := 'unreadable';
                bad := v_seq;
                EXIT;
            END;
            IF v_hash IS NOT NULL AND EXISTS (
                    SELECT 1 FROM audit_log WHERE chain_desk_id = me AND hash = v_hash) THEN
                CONTINUE;  -- held already: a push sent again
            END IF;
            IF v_prev IS DISTINCT FROM tip_hash OR v_seq IS DISTINCT FROM tip_seq + 1 THEN
                -- A fork: only a restored or copied file (c0007), from a row held here.
                fork_seq := CASE WHEN v_prev = '{GENESIS}' THEN 0 ELSE (
                    SELECT seq FROM audit_log WHERE chain_desk_id = me AND hash = v_prev) END;
                IF fork_seq IS NULL OR v_seq IS DISTINCT FROM fork_seq + 1
                   OR jsonb_array_length(fresh) > 0
                   OR NOT EXISTS (SELECT 1 FROM sync_issue WHERE kind = 'restored_file'
                                   AND resolved_at IS NULL AND item LIKE 'desk ' || v_code || ' %')
                THEN
                    -- A row the centre holds under this number, changed since: "differs".
                    problem := CASE WHEN EXISTS (SELECT 1 FROM audit_log
                                                  WHERE chain_desk_id = me AND seq = v_seq)
                                    THEN 'differs' ELSE 'link' END;
                    bad := v_seq;
                    EXIT;
                END IF;
                forked := fork_seq;
            END IF;
            IF v_hash IS DISTINCT FROM encode(sha256(convert_to(
                    v_prev || '|' || {_CANONICAL}, 'UTF8')), 'hex') THEN
                problem := 'edited';
                bad := v_seq;
                EXIT;
            END IF;
            fresh := fresh || jsonb_build_array(jsonb_build_object(
                'seq', v_seq, 'at', v_at, 'user_id', v_user, 'desk_id', v_desk,
                'action', v_action, 'details', v_details, 'users', v_users,
                'prev_hash', v_prev, 'hash', v_hash));
            tip_seq := v_seq;
            tip_hash := v_hash;
        END LOOP;
        IF problem IS NOT NULL THEN
            v_item := 'desk ' || v_code || ' row ' || coalesce(bad::text, '?');
            INSERT INTO sync_issue (kind, item, details)
            SELECT 'audit_chain', v_item,
                   format('Каса %s изпрати дневник, който не продължава веригата, пазена в '
                          'централната база (ред %s: %s). Редовете не са приети. Дневникът '
                          'на касата може да е редактиран: проверете го с '
                          '"desk audit verify --db ФАЙЛ".', v_code, coalesce(bad::text, '?'),
                          CASE problem WHEN 'edited' THEN 'съдържанието не отговаря на хеша'
                                       WHEN 'differs' THEN 'различава се от приетия тук ред'
                                       WHEN 'link' THEN 'не продължава от последния приет ред'
                                       ELSE 'нечетим ред' END)
             WHERE NOT EXISTS (SELECT 1 FROM sync_issue s WHERE s.kind = 'audit_chain'
                                AND s.resolved_at IS NULL AND s.item = v_item);
            RETURN 'refused ' || coalesce(bad::text, '?') || ' ' || problem;
        END IF;
        INSERT INTO audit_log (at, user_id, desk_id, action, details, users,
                               chain_desk_id, seq, prev_hash, hash)
        SELECT (x ->> 'at')::timestamp, (x ->> 'user_id')::integer, (x ->> 'desk_id')::integer,
               x ->> 'action', x ->> 'details', x ->> 'users', me, (x ->> 'seq')::integer,
               x ->> 'prev_hash', x ->> 'hash'
          FROM jsonb_array_elements(fresh) x;
        UPDATE audit_anchor SET seq = tip_seq, hash = tip_hash, pushed_at = now()
         WHERE desk_id = me;
        IF forked IS NOT NULL THEN
            INSERT INTO sync_issue (kind, item, details)
            VALUES ('audit_fork', 'desk ' || v_code || ' row ' || forked,
                    format('Каса %s: дневникът на възстановения или копиран файл продължава '
                           'от ред %s; редовете на другия файл след него също са запазени.',
                           v_code, forked))
            ON CONFLICT DO NOTHING;
        END IF;
        RETURN 'ok ' || jsonb_array_length(fresh);
    END $$""",
    "REVOKE EXECUTE ON FUNCTION desk_audit_push(jsonb) FROM PUBLIC",
    "GRANT EXECUTE ON FUNCTION desk_audit_push(jsonb) TO desk_app",
]
for _tbl in ("audit_log", "contact_change"):
    UP.append(
        f"""CREATE FUNCTION {_tbl}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION '{_tbl} is append-only'; END $$"""
    )
    UP.append(
        f"CREATE TRIGGER {_tbl}_append_only BEFORE UPDATE OR DELETE ON {_tbl} "
        f"FOR EACH ROW EXECUTE FUNCTION {_tbl}_append_only()"
    )


def upgrade() -> None:
    for statement in UP:
        op.execute(statement)


DOWN = [
    *(
        statement
        for tbl in ("contact_change", "audit_log")
        for statement in (
            f"DROP TRIGGER {tbl}_append_only ON {tbl}",
            f"DROP FUNCTION {tbl}_append_only()",
        )
    ),
    "DROP FUNCTION desk_audit_push(jsonb)",
    "GRANT INSERT ON audit_log TO desk_app",
    "DROP TABLE audit_anchor",
    # The desks' rows stay, unchained; a row may name a user the centre never had.
    "ALTER TABLE audit_log ADD CONSTRAINT fk_audit_log_user_id_user "
    'FOREIGN KEY (user_id) REFERENCES "user" (id) NOT VALID',
    "DROP INDEX ix_audit_log_chain_seq",
    "ALTER TABLE audit_log DROP CONSTRAINT uq_audit_log_chain",
    "ALTER TABLE audit_log DROP COLUMN hash, DROP COLUMN prev_hash, DROP COLUMN users, "
    "DROP COLUMN seq, DROP COLUMN chain_desk_id",
]


def downgrade() -> None:
    for statement in DOWN:
        op.execute(statement)
