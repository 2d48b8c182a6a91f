"""user changes from desks only with proof of who made them

Revision ID: c0009
Revises: c0008
Create Date: 2026-12-06

Issue 14, point 1: ``desk_user_put`` (c0004) took any user a desk's role sent,
so whoever held a desk's file could make a cashier a supervisor, or set a
supervisor's password, at every desk. A desk machine is not trusted; the people
at it are, each with what their role allows. So a user change from a desk now
carries an HMAC-SHA256 under the approval key of the user who made it
(desk.services.approval), and ``desk_user_change`` applies it only when:

- the HMAC is right under the actor's key held here (``user_approval``: one key
  per user, derived from the password with argon2id and a salt of its own,
  never readable by a desk's role; a desk derives it only while the password is
  typed);
- the actor may make that change as the central database knows the actor now:
  an active supervisor or admin with a password of his own changes cashiers and
  clerks, an admin also supervisors, nobody an admin (admins are managed here
  only); any user changes his own password, and nothing else of himself;
- a new password comes with its new key (the old key dies with the old
  password: a trigger drops a key older than its user's password hash, so a
  password set here by the owner needs ``desk central user-key``);
- the change was not applied before: each has its own id (``user_change``,
  kept here as the record of every change a desk sent, and what came of it), so
  a change sent again changes nothing and a captured one cannot be replayed;
- and, as before, it is newer than what is here (last writer wins) and a new
  user has an id of the desk's block.

What is refused goes on the supervisors' list (``sync_issue`` ``user_refused``,
naming the user, the desk, who signed and why), and the user is logged as
changed so that the desk pulls back what is true here. ``desk_user_put`` is
dropped: there is no unsigned way in.
"""

from __future__ import annotations

from importlib import import_module

from alembic import op

from desk.services.approval import MESSAGE_VERSION

revision = "c0009"
down_revision = "c0008"
branch_labels = None
depends_on = None

ROLES = ("cashier", "clerk", "supervisor", "admin")  # desk.services.context.ROLES
STAFF = ("cashier", "clerk")  # what a supervisor may make and change (users.ADMIN_MANAGED)
_OLD_ARGS = "integer, text, text, text, text, boolean, boolean, timestamp"
_ARGS = "text, text, bytea, bytea, integer, text, text, text, text, boolean, boolean, timestamp"
UUID = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"

# The supervisors' list and the pull-back are c0004's, as are its words.
_c0004 = import_module("desk.sync.migrations.versions.c0004_users")
_ISSUE: str = _c0004._ISSUE
_PULL_BACK: str = _c0004._PULL_BACK
_NAME_TAKEN: str = _c0004._NAME_TAKEN
_RENAMED: str = _c0004._RENAMED
_OLDER: str = _c0004._OLDER
_REFUSED = _ISSUE.format(
    kind="'user_refused'",
    details="format('Промяна на потребител %s от каса %s не е приета: %s (подписал: %s)', "
    "coalesce(cur.username, p_username), me.code, v_why, coalesce(p_actor, 'никой'))",
)

UP = [
    # Owner only: no grant to desk_app on either table.
    """CREATE TABLE user_approval (
        user_id integer PRIMARY KEY REFERENCES "user" (id),
        key bytea NOT NULL CHECK (length(key) = 32),
        set_at timestamptz NOT NULL DEFAULT now()
    )""",
    """CREATE TABLE user_change (
        id text PRIMARY KEY,
        desk_id integer NOT NULL REFERENCES desk (id),
        user_id integer NOT NULL,
        actor text,
        changed_at timestamp NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        outcome text NOT NULL DEFAULT 'pending'
    )""",
    "REVOKE ALL ON user_approval, user_change FROM PUBLIC",
    # A key belongs to one password: changed here by the owner's tools, the old key
    # goes (a key set in the same transaction, by desk_user_change, stays).
    """CREATE FUNCTION user_key_stale() RETURNS trigger
        LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
    BEGIN
        DELETE FROM user_approval WHERE user_id = NEW.id AND set_at < now();
        RETURN NULL;
    END $$""",
    'CREATE TRIGGER user_key_stale AFTER UPDATE OF password_hash ON "user" FOR EACH ROW '
    "WHEN (OLD.password_hash IS DISTINCT FROM NEW.password_hash) "
    "EXECUTE FUNCTION user_key_stale()",
    # RFC 2104 over SHA-256 (built in since PostgreSQL 11; no extension needed).
    """CREATE FUNCTION desk_hmac_sha256(p_key bytea, p_message bytea) RETURNS bytea
        LANGUAGE plpgsql IMMUTABLE STRICT SET search_path = pg_catalog, pg_temp AS $$
    DECLARE
        k bytea := p_key;
        inner_pad bytea;
        outer_pad bytea;
    BEGIN
        IF length(k) > 64 THEN
            k := sha256(k);
        END IF;
        k := k || decode(repeat('00', 64 - length(k)), 'hex');
        inner_pad := k;
        outer_pad := k;
        FOR i IN 0..63 LOOP
            inner_pad := set_byte(inner_pad, i, get_byte(k, i) # 54);
            outer_pad := set_byte(outer_pad, i, get_byte(k, i) # 92);
        END LOOP;
        RETURN sha256(outer_pad || sha256(inner_pad || p_message));
    END $$""",
    "REVOKE EXECUTE ON FUNCTION desk_hmac_sha256(bytea, bytea) FROM PUBLIC",
    # desk.services.approval.UserChange.message: each field as length:text.
    """CREATE FUNCTION desk_change_message(p_fields text[]) RETURNS bytea
        LANGUAGE sql IMMUTABLE STRICT SET search_path = pg_catalog, pg_temp AS $$
        SELECT convert_to(string_agg(length(f)::text || ':' || f, '' ORDER BY n), 'UTF8')
          FROM unnest(p_fields) WITH ORDINALITY AS t (f, n)
    $$""",
    "REVOKE EXECUTE ON FUNCTION desk_change_message(text[]) FROM PUBLIC",
    f"""CREATE FUNCTION desk_user_change(p_change text, p_actor text, p_mac bytea,
                                         p_new_key bytea, p_id integer, p_username text,
                                         p_full_name text, p_role text, p_password_hash text,
                                         p_active boolean, p_must_change boolean,
                                         p_changed_at timestamp)
        RETURNS text
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    DECLARE
        me desk%ROWTYPE;
        cur "user"%ROWTYPE;
        actor "user"%ROWTYPE;
        v_key bytea;
        v_hash text := p_password_hash;
        v_new_password boolean;
        v_why text;
        v_name text;
        v_outcome text;
    BEGIN
        SELECT * INTO me FROM desk WHERE role_name = session_user;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'user %: only a desk sends users', p_id
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF p_change IS NULL OR p_change !~ '{UUID}' OR p_id IS NULL
           OR p_username IS NULL OR p_full_name IS NULL
           OR p_role IS NULL OR p_role NOT IN {ROLES!r} OR p_changed_at IS NULL
           OR p_password_hash IS NULL OR p_active IS NULL OR p_must_change IS NULL THEN
            RAISE EXCEPTION 'user %: not a user change', p_id USING ERRCODE = 'check_violation';
        END IF;
        -- Each change once: sent again after a lost acknowledgement, or replayed.
        INSERT INTO user_change (id, desk_id, user_id, actor, changed_at)
        VALUES (p_change, me.id, p_id, p_actor, p_changed_at) ON CONFLICT (id) DO NOTHING;
        IF NOT FOUND THEN
            RETURN 'same';
        END IF;
        SELECT * INTO cur FROM "user" WHERE id = p_id FOR UPDATE;
        IF cur.id IS NULL AND NOT coalesce(desk_block(p_id), false) THEN
            RAISE EXCEPTION 'user %: not a user of this desk', p_id
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF v_hash = '' THEN  -- withheld from desks (c0006): the one here stays
            IF cur.id IS NULL THEN
                RAISE EXCEPTION 'user %: a new user needs a password', p_id
                    USING ERRCODE = 'check_violation';
            END IF;
            v_hash := cur.password_hash;
        END IF;
        v_new_password := cur.id IS NULL OR v_hash IS DISTINCT FROM cur.password_hash;

        -- Who signed it, and may he?
        SELECT * INTO actor FROM "user" WHERE username = p_actor;
        SELECT a.key INTO v_key FROM user_approval a WHERE a.user_id = actor.id;
        IF actor.id IS NULL THEN
            v_why := 'не е подписана от познат потребител';
        ELSIF v_key IS NULL THEN
            v_why := 'подписалият няма ключ за одобрение в централната база '
                     '(desk central user-key)';
        ELSIF p_mac IS NULL OR p_mac IS DISTINCT FROM desk_hmac_sha256(v_key,
                desk_change_message(ARRAY['{MESSAGE_VERSION}', p_change, me.code, p_actor,
                    p_id::text, p_username, p_full_name, p_role, p_password_hash,
                    CASE WHEN p_active THEN 't' ELSE 'f' END,
                    CASE WHEN p_must_change THEN 't' ELSE 'f' END,
                    to_char(p_changed_at, 'YYYY-MM-DD"T"HH24:MI:SS.US'),
                    coalesce(encode(p_new_key, 'hex'), '')])) THEN
            v_why := 'подписът не е верен';
        END IF;
        -- A signed change that came after a newer one: the newer stays (last writer wins).
        IF v_why IS NULL AND cur.user_changed_at IS NOT NULL
           AND cur.user_changed_at >= p_changed_at THEN
            IF (cur.full_name, cur.role, cur.password_hash, cur.active, cur.must_change_password)
               IS NOT DISTINCT FROM (p_full_name, p_role, v_hash, p_active, p_must_change) THEN
                UPDATE user_change SET outcome = 'same' WHERE id = p_change;
                RETURN 'same';  -- the same change from two desks
            END IF;
            {_OLDER};
            {_PULL_BACK};
            UPDATE user_change SET outcome = 'older' WHERE id = p_change;
            RETURN 'older';
        END IF;
        IF v_why IS NOT NULL THEN
            NULL;
        ELSIF p_role = 'admin' OR cur.role = 'admin' THEN
            v_why := 'администраторите се управляват само централно';
        ELSIF actor.id = p_id THEN
            IF NOT actor.active OR NOT v_new_password OR p_must_change
               OR (p_full_name, p_role, p_active)
                  IS DISTINCT FROM (cur.full_name, cur.role, cur.active) THEN
                v_why := 'потребител сам променя само паролата си';
            END IF;
        ELSIF NOT actor.active OR actor.must_change_password
              OR actor.role NOT IN ('supervisor', 'admin') THEN
            v_why := 'подписалият не е действащ ръководител или администратор';
        ELSIF actor.role = 'supervisor'
              AND (p_role NOT IN {STAFF!r} OR coalesce(cur.role, p_role) NOT IN {STAFF!r}) THEN
            v_why := 'ръководител управлява само касиери и служители';
        END IF;
        IF v_why IS NULL AND v_new_password
           AND (p_new_key IS NULL OR length(p_new_key) <> 32) THEN
            v_why := 'нова парола без ключ за одобрение';
        ELSIF v_why IS NULL AND NOT v_new_password AND p_new_key IS NOT NULL THEN
            v_why := 'ключ за одобрение без нова парола';
        END IF;
        IF v_why IS NOT NULL THEN
            {_REFUSED};
            IF cur.id IS NOT NULL THEN
                {_PULL_BACK};
            END IF;
            UPDATE user_change SET outcome = 'refused: ' || v_why WHERE id = p_change;
            RETURN 'refused';
        END IF;

        IF cur.id IS NULL THEN
            PERFORM pg_advisory_xact_lock(727004);  -- two desks, one new user name
            v_name := p_username;
            IF EXISTS (SELECT 1 FROM "user" WHERE username = v_name) THEN
                v_name := left(p_username, 39 - length(me.code)) || '.' || lower(me.code);
                IF EXISTS (SELECT 1 FROM "user" WHERE username = v_name) THEN
                    {_NAME_TAKEN};
                    UPDATE user_change SET outcome = 'refused: name taken' WHERE id = p_change;
                    RETURN 'refused';
                END IF;
                {_RENAMED};
            END IF;
            INSERT INTO "user" (id, username, full_name, role, password_hash, failed_logins,
                                must_change_password, active, user_changed_at)
            VALUES (p_id, v_name, p_full_name, p_role, v_hash, 0,
                    p_must_change, p_active, p_changed_at);
            v_outcome := CASE WHEN v_name = p_username THEN 'created' ELSE 'renamed' END;
        ELSE
            UPDATE "user" SET full_name = p_full_name, role = p_role, password_hash = v_hash,
                              active = p_active, must_change_password = p_must_change,
                              user_changed_at = p_changed_at
             WHERE id = p_id;
            v_outcome := 'changed';
        END IF;
        IF v_new_password THEN
            INSERT INTO user_approval (user_id, key) VALUES (p_id, p_new_key)
            ON CONFLICT (user_id) DO UPDATE SET key = EXCLUDED.key, set_at = now();
        END IF;
        UPDATE user_change SET outcome = v_outcome WHERE id = p_change;
        RETURN v_outcome;
    END $$""",
    f"REVOKE EXECUTE ON FUNCTION desk_user_change({_ARGS}) FROM PUBLIC",
    f"GRANT EXECUTE ON FUNCTION desk_user_change({_ARGS}) TO desk_app",
    f"DROP FUNCTION desk_user_put({_OLD_ARGS})",
]


def upgrade() -> None:
    for statement in UP:
        op.execute(statement)


# Back to c0008: desk_user_put as c0006 left it (unsigned; the desks' file format of
# 0009 and before sends users that way), the keys and the change record dropped.
_c0006 = import_module("desk.sync.migrations.versions.c0006_least_privilege")
_PUT: str = next(s for s in _c0006.UP if "withheld from desks (c0006)" in s)
DOWN = [
    _PUT,
    f"REVOKE EXECUTE ON FUNCTION desk_user_put({_OLD_ARGS}) FROM PUBLIC",
    f"GRANT EXECUTE ON FUNCTION desk_user_put({_OLD_ARGS}) TO desk_app",
    f"DROP FUNCTION desk_user_change({_ARGS})",
    "DROP FUNCTION desk_change_message(text[])",
    "DROP FUNCTION desk_hmac_sha256(bytea, bytea)",
    'DROP TRIGGER user_key_stale ON "user"',
    "DROP FUNCTION user_key_stale()",
    "DROP TABLE user_change",
    "DROP TABLE user_approval",
]


def downgrade() -> None:
    for statement in DOWN:
        op.execute(statement)
