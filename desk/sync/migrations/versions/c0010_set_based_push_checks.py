"""a push's checks by set, not by row: the audit chain in a few statements, the desk once

Revision ID: c0010
Revises: c0009
Create Date: 2026-12-06

Issue 15, push throughput: of a push of 10,000 payments, about 3 s went to
``desk_audit_push`` (c0008) and a good part of the rest to the row-level
security policies. Neither check changes here, only how it is evaluated:

- ``desk_audit_push`` read, skipped, linked and hashed the rows one at a time,
  each in a block of its own (a subtransaction per row), and built its list of
  new rows by copying an array that grew with each. It now does each step for
  the whole batch in one statement: the rows are read (``audit_push_row``), the
  ones held already are set aside, each new row is linked to the one before it
  (the first to the anchor, or as a fork of a restored file, as before), and all
  are hashed at once. The first row that fails is reported as before, with the
  same word and number; a batch with a row that does not read is then read row by
  row, as before, to name it. The canonical text hashed is c0008's own;
- every policy that compares a row with ``desk_self()`` called it once per row
  (a SECURITY DEFINER function with its own search path: never inlined). It is
  now ``(SELECT desk_self())``, which PostgreSQL evaluates once per statement
  (an InitPlan): the same desk, the same rows allowed and refused.
"""

from __future__ import annotations

from importlib import import_module

from alembic import op

from desk.models.audit_hash import GENESIS

revision = "c0010"
down_revision = "c0009"
branch_labels = None
depends_on = None

# The text each row's hash covers, over the columns below: c0008's, kept in step
# with desk.models.audit_hash.canonical.
_c0008 = import_module("desk.sync.migrations.versions.c0008_audit_chain")
_CANONICAL: str = _c0008._CANONICAL
_ORIGINAL_PUSH: str = next(s for s in _c0008.UP if "FUNCTION desk_audit_push(" in s)

_READ = """ROW({n}, ({r} ->> 'seq')::integer, ({r} ->> 'at')::timestamp,
                   ({r} ->> 'user_id')::integer, ({r} ->> 'desk_id')::integer,
                   {r} ->> 'action', {r} ->> 'details', {r} ->> 'users',
                   {r} ->> 'prev_hash', {r} ->> 'hash')::audit_push_row"""

PUSH = f"""CREATE OR REPLACE FUNCTION desk_audit_push(p_rows jsonb) RETURNS text
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    DECLARE
        me integer := desk_self();
        v_code text;
        tip_seq integer;
        tip_hash text;
        got audit_push_row[];
        fresh audit_push_row[];
        head audit_push_row;
        last audit_push_row;
        first_bad audit_push_row;
        first_link boolean;
        r jsonb;
        i bigint;
        v_seq integer;
        unread_seq integer;
        unread boolean := false;
        fork_seq integer;
        forked integer;
        problem text;
        bad integer;
        v_item text;
    BEGIN
        IF me IS NULL THEN
            RETURN 'not a desk';  -- the owner's own sync: no desk's chain to extend
        END IF;
        SELECT code INTO v_code FROM desk WHERE id = me;
        -- One push of this desk's chain at a time: the anchor row is held to the end.
        INSERT INTO audit_anchor (desk_id, seq, hash) VALUES (me, 0, '{GENESIS}')
            ON CONFLICT (desk_id) DO NOTHING;
        SELECT seq, hash INTO tip_seq, tip_hash FROM audit_anchor WHERE desk_id = me FOR UPDATE;
        -- Read: the whole batch at once; a batch with a row that does not read is read
        -- row by row, as far as the rows read (that row is then named, as c0008 did).
        BEGIN
            got := ARRAY(SELECT {_READ.format(n="x.n", r="x.r")}
                           FROM jsonb_array_elements(p_rows) WITH ORDINALITY x(r, n)
                          ORDER BY x.n);
        EXCEPTION WHEN others THEN
            got := '{{}}';
            FOR r, i IN SELECT x.r, x.n FROM jsonb_array_elements(p_rows)
                                         WITH ORDINALITY x(r, n) ORDER BY x.n LOOP
                BEGIN
                    v_seq := (r ->> 'seq')::integer;
                    got := got || {_READ.format(n="i", r="r")};
                EXCEPTION WHEN others THEN
                    unread := true;
                    unread_seq := v_seq;
                    EXIT;
                END;
            END LOOP;
        END;
        -- Held already (a push sent again): skipped. The others, in order.
        fresh := ARRAY(SELECT g FROM unnest(got) g
                        WHERE g.v_hash IS NULL OR NOT EXISTS (
                              SELECT 1 FROM audit_log a
                               WHERE a.chain_desk_id = me AND a.hash = g.v_hash)
                        ORDER BY g.n);
        head := fresh[1];
        last := fresh[cardinality(fresh)];
        -- The first new row continues from the anchor, or is a fork (a restored or
        -- copied file, c0007) from a row held here.
        IF head.n IS NOT NULL AND (head.v_prev IS DISTINCT FROM tip_hash
                                   OR head.v_seq IS DISTINCT FROM tip_seq + 1) THEN
            fork_seq := CASE WHEN head.v_prev = '{GENESIS}' THEN 0 ELSE (
                SELECT seq FROM audit_log WHERE chain_desk_id = me AND hash = head.v_prev) END;
            IF fork_seq IS NULL OR head.v_seq IS DISTINCT FROM fork_seq + 1
               OR NOT EXISTS (SELECT 1 FROM sync_issue WHERE kind = 'restored_file'
                               AND resolved_at IS NULL AND item LIKE 'desk ' || v_code || ' %')
            THEN
                problem := 'link';
                first_bad := head;
            ELSE
                forked := fork_seq;
            END IF;
        END IF;
        -- Each later new row continues from the one before it; every new row hashes
        -- over its content. The first that does not is the one named.
        IF problem IS NULL THEN
            SELECT (c.g).*, c.link INTO first_bad.n, first_bad.v_seq, first_bad.v_at,
                   first_bad.v_user, first_bad.v_desk, first_bad.v_action, first_bad.v_details,
                   first_bad.v_users, first_bad.v_prev, first_bad.v_hash, first_link
              FROM (SELECT g, g.n > head.n AND (
                           g.v_prev IS DISTINCT FROM lag(g.v_hash) OVER w
                           OR g.v_seq IS DISTINCT FROM lag(g.v_seq) OVER w + 1) AS link,
                           g.v_hash IS DISTINCT FROM encode(sha256(convert_to(
                               g.v_prev || '|' || {_CANONICAL.replace("v_", "g.v_")},
                               'UTF8')), 'hex') AS edited
                      FROM unnest(fresh) g
                    WINDOW w AS (ORDER BY g.n)) c
             WHERE c.link OR c.edited
             ORDER BY (c.g).n
             LIMIT 1;
            IF FOUND THEN
                problem := CASE WHEN first_link THEN 'link' ELSE 'edited' END;
            END IF;
        END IF;
        IF problem = 'link' THEN
            -- A row the centre holds under this number, changed since: "differs".
            IF EXISTS (SELECT 1 FROM audit_log WHERE chain_desk_id = me
                                                 AND seq = first_bad.v_seq) THEN
                problem := 'differs';
            END IF;
        END IF;
        IF problem IS NOT NULL THEN
            bad := first_bad.v_seq;
        ELSIF unread THEN
            problem := 'unreadable';
            bad := unread_seq;
        END IF;
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
        SELECT g.v_at, g.v_user, g.v_desk, g.v_action, g.v_details, g.v_users, me, g.v_seq,
               g.v_prev, g.v_hash
          FROM unnest(fresh) g
         ORDER BY g.n;
        IF last.n IS NOT NULL THEN
            tip_seq := last.v_seq;
            tip_hash := last.v_hash;
        END IF;
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
        RETURN 'ok ' || coalesce(cardinality(fresh), 0);
    END $$"""

# The policies' desk, once per statement: every USING and WITH CHECK of the public
# schema's policies that names desk_self(), rewritten in place (and back).
_ONCE = "(SELECT desk_self())"
_DEPARSED_ONCE = "( SELECT desk_self() AS desk_self)"  # how pg_policies shows it


def _policies(old: str, new: str) -> str:
    return f"""DO $$ DECLARE p record; BEGIN
        FOR p IN SELECT tablename, policyname, qual, with_check FROM pg_policies
                  WHERE schemaname = 'public'
                    AND (strpos(qual, '{old}') > 0 OR strpos(with_check, '{old}') > 0) LOOP
            EXECUTE format('ALTER POLICY %I ON public.%I', p.policyname, p.tablename)
                || CASE WHEN p.qual IS NULL THEN ''
                        ELSE ' USING (' || replace(p.qual, '{old}', '{new}') || ')' END
                || CASE WHEN p.with_check IS NULL THEN ''
                        ELSE ' WITH CHECK (' || replace(p.with_check, '{old}', '{new}') || ')'
                   END;
        END LOOP;
    END $$"""


UP = [
    """CREATE TYPE audit_push_row AS (
        n bigint, v_seq integer, v_at timestamp, v_user integer, v_desk integer,
        v_action text, v_details text, v_users text, v_prev text, v_hash text)""",
    PUSH,
    _policies("desk_self()", _ONCE),
]


def upgrade() -> None:
    for statement in UP:
        op.execute(statement)


DOWN = [
    _policies(_DEPARSED_ONCE, "desk_self()"),
    _ORIGINAL_PUSH.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1),
    "DROP TYPE audit_push_row",
]


def downgrade() -> None:
    for statement in DOWN:
        op.execute(statement)
