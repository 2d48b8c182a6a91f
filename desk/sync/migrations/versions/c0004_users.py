"""users made and changed at a desk

Revision ID: c0004
Revises: c0003
Create Date: 2026-11-22

A supervisor at a desk creates users, changes their role, resets a password
(the user must change it at the next login), deactivates and reactivates; a
user changes his own password. The desk's push brings each such user here as
it is now, with the time of its latest change (the outbox's queued_at, the
desk's clock). A desk's role may do exactly this and no more, through one
SECURITY DEFINER function, ``desk_user_put``; it has no INSERT or UPDATE on
"user" itself:

- a new user only with an id of the desk's block (desk.services.desk_rows),
  never an admin (admins are managed here only). A user name another desk took
  meanwhile gets the desk's code: "ivan" from K1 becomes "ivan.k1";
- an existing user, never an admin nor into one, and only with a change newer
  than the one applied here (``user_changed_at``: last writer wins, so two desks
  that changed one user offline end with the later change). The user name
  never changes from a desk; lock-outs (failed_logins, locked_until) are each
  desk's own and are not sent at all;
- what is not applied goes on the supervisors' list (sync_issue), the push goes
  on, and the user is logged as changed so that the desk pulls back what is
  true here. Sending a change twice changes nothing.

A change made here by the owner (an admin's tool) is stamped with the time in
Sofia, so a desk's older change does not undo it.
"""

from __future__ import annotations

from alembic import op

revision = "c0004"
down_revision = "c0003"
branch_labels = None
depends_on = None

DESK_BLOCKS = 1_000_000_000
ROLES = ("cashier", "clerk", "supervisor", "admin")  # desk.services.context.ROLES
_ARGS = "integer, text, text, text, text, boolean, boolean, timestamp"

_ISSUE = """INSERT INTO sync_issue (kind, item, details)
            SELECT {kind}, 'user ' || p_id, {details}
             WHERE NOT EXISTS (SELECT 1 FROM sync_issue WHERE kind = {kind}
                                  AND item = 'user ' || p_id AND resolved_at IS NULL)"""
_PULL_BACK = """INSERT INTO change_log (tbl, key, op) VALUES ('user', p_id::text, 'U');
            INSERT INTO change_txn (xid) VALUES (pg_current_xact_id()) ON CONFLICT DO NOTHING"""
_ADMIN_NEW = _ISSUE.format(
    kind="'user_refused'",
    details="format('Потребител %s (администратор), създаден на каса %s, не е приет: "
    "администраторите се създават само централно', p_username, me.code)",
)
_NAME_TAKEN = _ISSUE.format(
    kind="'user_refused'",
    details="format('Потребител %s, създаден на каса %s, не е приет: името е заето, "
    "и то с кода на касата (%s)', p_username, me.code, v_name)",
)
_RENAMED = _ISSUE.format(
    kind="'user_renamed'",
    details="format('Потребителското име %s, създадено на каса %s, вече е заето: "
    "потребителят е записан като %s', p_username, me.code, v_name)",
)
_ADMIN_CHANGE = _ISSUE.format(
    kind="'user_refused'",
    details="format('Промяна на потребител %s от каса %s не е приета: "
    "администраторите се управляват само централно', cur.username, me.code)",
)
_OLDER = _ISSUE.format(
    kind="'user_change_older'",
    details="format('Промяна на потребител %s от каса %s (%s) не е приета: "
    "има по-нова промяна (%s)', cur.username, me.code, "
    "to_char(p_changed_at, 'DD.MM.YYYY HH24:MI:SS'), "
    "to_char(cur.user_changed_at, 'DD.MM.YYYY HH24:MI:SS'))",
)

UP = [
    # Local time in Sofia of the latest change of the user (the desks' clocks are).
    'ALTER TABLE "user" ADD COLUMN user_changed_at timestamp',
    """CREATE FUNCTION user_changed() RETURNS trigger
        LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
    BEGIN
        IF NEW.user_changed_at IS NOT DISTINCT FROM OLD.user_changed_at
           AND (NEW.username, NEW.full_name, NEW.role, NEW.password_hash, NEW.active,
                NEW.must_change_password)
               IS DISTINCT FROM (OLD.username, OLD.full_name, OLD.role, OLD.password_hash,
                                 OLD.active, OLD.must_change_password) THEN
            NEW.user_changed_at := now() AT TIME ZONE 'Europe/Sofia';
        END IF;
        RETURN NEW;
    END $$""",
    'CREATE TRIGGER user_changed BEFORE UPDATE ON "user" '
    "FOR EACH ROW EXECUTE FUNCTION user_changed()",
    # Central user ids stay below the desks' blocks.
    f"""DO $$ BEGIN IF EXISTS (SELECT 1 FROM "user" WHERE id >= {DESK_BLOCKS}) THEN
        RAISE EXCEPTION 'user: ids from {DESK_BLOCKS} on are the desks'' blocks'; END IF; END $$""",
    f"""DO $$ BEGIN EXECUTE format('ALTER SEQUENCE %s MAXVALUE {DESK_BLOCKS - 1}',
        pg_get_serial_sequence('"user"', 'id')); END $$""",
    f"""CREATE FUNCTION desk_user_put(p_id integer, p_username text, p_full_name text,
                                      p_role text, p_password_hash text, p_active boolean,
                                      p_must_change boolean, p_changed_at timestamp)
        RETURNS text
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    DECLARE
        me desk%ROWTYPE;
        cur "user"%ROWTYPE;
        v_name text;
    BEGIN
        SELECT * INTO me FROM desk WHERE role_name = session_user;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'user %: only a desk sends users', p_id
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF p_role IS NULL OR p_role NOT IN {ROLES!r} OR p_changed_at IS NULL
           OR p_password_hash IS NULL OR p_active IS NULL OR p_must_change IS NULL THEN
            RAISE EXCEPTION 'user %: not a user', p_id USING ERRCODE = 'check_violation';
        END IF;
        SELECT * INTO cur FROM "user" WHERE id = p_id FOR UPDATE;
        IF NOT FOUND THEN
            IF NOT coalesce(desk_block(p_id), false) THEN
                RAISE EXCEPTION 'user %: not a user of this desk', p_id
                    USING ERRCODE = 'insufficient_privilege';
            END IF;
            IF p_role = 'admin' THEN
                {_ADMIN_NEW};
                RETURN 'refused';
            END IF;
            PERFORM pg_advisory_xact_lock(727004);  -- two desks, one new user name
            v_name := p_username;
            IF EXISTS (SELECT 1 FROM "user" WHERE username = v_name) THEN
                v_name := left(p_username, 39 - length(me.code)) || '.' || lower(me.code);
                IF EXISTS (SELECT 1 FROM "user" WHERE username = v_name) THEN
                    {_NAME_TAKEN};
                    RETURN 'refused';
                END IF;
                {_RENAMED};
            END IF;
            INSERT INTO "user" (id, username, full_name, role, password_hash, failed_logins,
                                must_change_password, active, user_changed_at)
            VALUES (p_id, v_name, p_full_name, p_role, p_password_hash, 0,
                    p_must_change, p_active, p_changed_at);
            RETURN CASE WHEN v_name = p_username THEN 'created' ELSE 'renamed' END;
        END IF;
        IF cur.role = 'admin' OR p_role = 'admin' THEN
            {_ADMIN_CHANGE};
            {_PULL_BACK};
            RETURN 'refused';
        END IF;
        IF cur.user_changed_at IS NOT NULL AND cur.user_changed_at >= p_changed_at THEN
            IF (cur.full_name, cur.role, cur.password_hash, cur.active, cur.must_change_password)
               IS NOT DISTINCT FROM (p_full_name, p_role, p_password_hash, p_active,
                                     p_must_change) THEN
                RETURN 'same';  -- sent again, or the same change from two desks
            END IF;
            {_OLDER};
            {_PULL_BACK};
            RETURN 'older';
        END IF;
        UPDATE "user" SET full_name = p_full_name, role = p_role, password_hash = p_password_hash,
                          active = p_active, must_change_password = p_must_change,
                          user_changed_at = p_changed_at
         WHERE id = p_id;
        RETURN 'changed';
    END $$""",
    f"REVOKE EXECUTE ON FUNCTION desk_user_put({_ARGS}) FROM PUBLIC",
    f"GRANT EXECUTE ON FUNCTION desk_user_put({_ARGS}) TO desk_app",
]


def upgrade() -> None:
    for statement in UP:
        op.execute(statement)


def downgrade() -> None:
    raise NotImplementedError("the central sync schema is not downgraded; restore a backup")
