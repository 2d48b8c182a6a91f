"""a desk file restored from a backup or copied: found at its push, its receipts kept unique

Revision ID: c0007
Revises: c0006
Create Date: 2026-12-06

A desk's SQLite file is the desk's memory of what it pushed. A file restored
from yesterday's backup, or a copy of a joined file started beside the
original, has forgotten what the original pushed since; until now its push
silently lost its receipts (the same numbers were taken) and its pull failed.

The lineage. Every push of a desk names the token of the push this file last
had acknowledged and a new one (``desk_push_begin``). The central database
keeps the newest token of each desk (``desk_lineage``); a push whose previous
token is not the one held here comes from a file that missed pushes of
another file of the same desk: a restored or a cloned file. It is taken all
the same (nothing a desk acknowledged is lost), the supervisors get a
``restored_file`` issue, and the file's token becomes the one held here. A
push sent again because its answer was lost names the token held here as its
new one ("again"). ``desk_lineage_join`` makes a newly joined file the desk's
current one.

Receipt numbers stay unique per desk. Before the push inserts a receipt it asks
``desk_receipt_number``: a receipt already here keeps its number (a push sent
twice), a number no other receipt of the desk has is kept, and a number another
file of the desk already gave is replaced by the next one after the desk's
highest (and after the batch's own), recorded in ``receipt_renumbered`` (the
number on the paper and the one here) and put on the supervisors' list. The
desk then moves its series past the highest number held here.

A desk's role reaches both tables only through these functions, which act on
the caller's own desk (``desk_self()``); for the owner's own connection (a
tool, a test) the first two do nothing. They hold the desk's lineage row for
the rest of the push, so two files of one desk push one after the other.
"""

from __future__ import annotations

from alembic import op

revision = "c0007"
down_revision = "c0006"
branch_labels = None
depends_on = None

UP = [
    """CREATE TABLE desk_lineage (
        desk_id integer PRIMARY KEY REFERENCES desk (id),
        token text NOT NULL,
        pushes bigint NOT NULL DEFAULT 0,
        changed_at timestamptz NOT NULL DEFAULT now())""",
    """CREATE TABLE receipt_renumbered (
        receipt_id varchar(36) PRIMARY KEY,
        desk_id integer NOT NULL REFERENCES desk (id),
        printed integer NOT NULL,
        number integer NOT NULL,
        payment_id varchar(36),
        void_id varchar(36),
        found_at timestamptz NOT NULL DEFAULT now())""",
    """CREATE FUNCTION desk_push_begin(p_prev text, p_next text) RETURNS text
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    DECLARE
        me integer := desk_self();
        held text;
        v_code text;
    BEGIN
        IF me IS NULL THEN
            RETURN 'no_desk';  -- the owner's own tools: no desk file to follow
        END IF;
        IF p_next IS NULL OR length(p_next) NOT BETWEEN 16 AND 64 THEN
            RAISE EXCEPTION 'desk_push_begin: a new token of 16 to 64 characters is needed';
        END IF;
        INSERT INTO desk_lineage (desk_id, token) VALUES (me, p_next)
            ON CONFLICT (desk_id) DO NOTHING;
        IF FOUND THEN
            RETURN 'first';
        END IF;
        SELECT token INTO held FROM desk_lineage WHERE desk_id = me FOR UPDATE;
        IF held = p_next THEN
            RETURN 'again';
        END IF;
        UPDATE desk_lineage SET token = p_next, pushes = pushes + 1, changed_at = now()
         WHERE desk_id = me;
        IF held = p_prev THEN
            RETURN 'ok';
        END IF;
        SELECT code INTO v_code FROM desk WHERE id = me;
        INSERT INTO sync_issue (kind, item, details)
        VALUES ('restored_file', 'desk ' || v_code || ' ' || p_next,
                format('Каса %s синхронизира файл, който не знае за последните изпращания '
                       'на касата: възстановено архивно копие или копие на файла, работило '
                       'успоредно с оригинала. Нищо не е загубено; касови бележки с номера, '
                       'които вече са издадени, са преномерирани (виж отделните записи). '
                       'Проверете, че касата работи само с един файл.', v_code));
        RETURN 'diverged';
    END $$""",
    """CREATE FUNCTION desk_lineage_join(p_next text) RETURNS void
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    DECLARE
        me integer := desk_self();
    BEGIN
        IF me IS NULL THEN
            RETURN;  -- the owner's own tools: no desk file to follow
        END IF;
        IF p_next IS NULL OR length(p_next) NOT BETWEEN 16 AND 64 THEN
            RAISE EXCEPTION 'desk_lineage_join: a token of 16 to 64 characters is needed';
        END IF;
        INSERT INTO desk_lineage AS l (desk_id, token) VALUES (me, p_next)
            ON CONFLICT (desk_id) DO UPDATE
            SET token = EXCLUDED.token, pushes = l.pushes + 1, changed_at = now();
    END $$""",
    """CREATE FUNCTION desk_receipt_number(
            p_id text, p_number integer, p_floor integer, p_payment text, p_void text)
        RETURNS integer
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    DECLARE
        me integer := desk_self();
        v_number integer;
        v_code text;
    BEGIN
        IF me IS NULL THEN
            RAISE EXCEPTION 'desk_receipt_number: % is not a desk', session_user;
        END IF;
        SELECT number INTO v_number FROM receipt WHERE id = p_id AND desk_id = me;
        IF FOUND THEN
            RETURN v_number;  -- sent before: the number it has here
        END IF;
        IF NOT EXISTS (SELECT 1 FROM receipt WHERE desk_id = me AND number = p_number) THEN
            RETURN p_number;
        END IF;
        -- The caller holds the desk's lineage row (desk_push_begin): one at a time.
        PERFORM 1 FROM desk_lineage WHERE desk_id = me FOR UPDATE;
        SELECT greatest(coalesce(max(number), 0), coalesce(p_floor, 0)) + 1 INTO v_number
          FROM receipt WHERE desk_id = me;
        INSERT INTO receipt_renumbered (receipt_id, desk_id, printed, number, payment_id, void_id)
        VALUES (p_id, me, p_number, v_number, p_payment, p_void)
        ON CONFLICT (receipt_id) DO UPDATE SET number = EXCLUDED.number;
        SELECT code INTO v_code FROM desk WHERE id = me;
        INSERT INTO sync_issue (kind, item, details)
        VALUES ('receipt_renumbered', v_code || ' ' || p_number || ' ' || p_id,
                format('Каса %s: касова бележка № %s (%s %s) е издадена от друг файл на '
                       'касата (възстановено архивно копие или копие), а този номер вече е '
                       'зает; в централната база тя е записана под № %s. На хартия е с № %s.',
                       v_code, p_number,
                       CASE WHEN p_void IS NULL THEN 'плащане' ELSE 'сторно' END,
                       coalesce(p_payment, p_void), v_number, p_number));
        RETURN v_number;
    END $$""",
    "REVOKE EXECUTE ON FUNCTION desk_push_begin(text, text), desk_lineage_join(text), "
    "desk_receipt_number(text, integer, integer, text, text) FROM PUBLIC",
    "GRANT EXECUTE ON FUNCTION desk_push_begin(text, text), desk_lineage_join(text), "
    "desk_receipt_number(text, integer, integer, text, text) TO desk_app",
]

DOWN = [
    "DROP FUNCTION desk_receipt_number(text, integer, integer, text, text)",
    "DROP FUNCTION desk_lineage_join(text)",
    "DROP FUNCTION desk_push_begin(text, text)",
    "DROP TABLE receipt_renumbered",
    "DROP TABLE desk_lineage",
]


def upgrade() -> None:
    for statement in UP:
        op.execute(statement)


def downgrade() -> None:
    for statement in DOWN:
        op.execute(statement)
