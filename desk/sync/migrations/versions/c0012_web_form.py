"""the campaign's web form: a role that can only hand in one payer's answers

Revision ID: c0012
Revises: c0011
Create Date: 2026-12-06

Issue 16: payers answer the survey card on a web page (desk.web) served next
to this database. The web server is the most exposed machine of all, so its
role (a login role in the group ``desk_web``, made by ``desk central
web-role``) can do two things only, through two SECURITY DEFINER functions:

- ``web_submit``: identify a payer by payer code and subscriber number (and
  the card's number when they came from one), and record the answers as
  ``contact_change`` rows with source ``web``, node ``WEB`` on the hybrid
  logical clock, after the latest clock held here for that payer. The rows go
  through c0002's triggers like a desk's push: the payer is changed (per field
  the latest clock wins), the card is marked returned (c0003), and the change
  sequence carries both to every desk. Another payer's card is as unknown as a
  wrong code; a card not here yet (the desk that issued it has not synced since)
  is left out of the answer, which is taken all the same; the card counts as
  returned when its desk pushes it (``web_card_arrives``). A submission that changes nothing is a
  confirmation, recorded as the desk records one (field ``confirmed``,
  ``payer.contacts_confirmed_at``). The function checks the lowest-level rules
  itself (digits, lengths, the forms of a phone and an e-mail address, the
  channels, what a channel needs), so a compromised web server writes no more
  than the form can; and it answers a wrong payer code exactly as a wrong
  subscriber number ('unknown'). It allows ``PAYER_LIMIT`` attempts per payer
  code in ``PAYER_WINDOW``, counted here so that the limit holds across the
  web server's processes (an advisory lock per payer code orders them);
- ``web_refusal``: note a submission the web server refused before it got
  here (a field the form's rules refuse, a bad CSRF token, too many posts from
  one address, a body too large).

Both write one row of ``web_submission`` per call (when, from which address,
the payer code tried, the card, the outcome; never a contact value). The role
reads no table: it cannot learn what is on file.
"""

from __future__ import annotations

from importlib import import_module

from alembic import op

revision = "c0012"
down_revision = "c0011"
branch_labels = None
depends_on = None

PAYER_LIMIT = 10  # attempts per payer code (any outcome but a refusal) ...
PAYER_WINDOW = "1 hour"  # ... in this window
OUTCOMES = ("changed", "confirmed", "unknown", "limited")
REFUSALS = ("invalid", "csrf", "address_limit", "too_large")
CHANNELS = ("post", "email", "sms", "phone")
# What desk.services.contacts stores: a Bulgarian number in E.164; its e-mail rule.
PHONE = r"^\+359[0-9]{8,9}$"
# An RFC 5321 address of ASCII atoms (desk.services.contacts' EMAIL): nothing a
# mail server would read as another recipient, nothing markup or a formula.
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?"
EMAIL = rf"^{_ATOM}(\.{_ATOM})*@{_LABEL}(\.{_LABEL})+$".replace("'", "''")  # in '…'

MAX_TEXT = 200
ROLE_SETTINGS = {"statement_timeout": "10s", "idle_in_transaction_session_timeout": "10s"}
CONNECTION_LIMIT = 20

# c0006's numbering of a transaction's changes (the one global lock of the change
# sequence): a desk may take it at its COMMIT only, never hold it open. The web form's
# role is held to the same rule, or a web server could SET CONSTRAINTS ALL IMMEDIATE,
# call web_submit and keep every commit at the centre waiting.
_c0006 = import_module("desk.sync.migrations.versions.c0006_least_privilege")
_NUMBERING: str = next(
    s for s in _c0006.UP if s.startswith("CREATE OR REPLACE FUNCTION change_txn_number()")
)
_DESK_ONLY = "        IF desk_self() IS NOT NULL\n"
assert _NUMBERING.count(_DESK_ONLY) == 1, "c0006's change_txn_number changed shape"
NUMBERING = _NUMBERING.replace(
    _DESK_ONLY,
    "        IF (desk_self() IS NOT NULL OR EXISTS (\n"
    "               SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid\n"
    "                 JOIN pg_roles u ON u.oid = m.member\n"
    "                WHERE g.rolname = 'desk_web' AND u.rolname = session_user))\n",
    1,
)
# Text a person types: no control characters (NUL included) and no bidirectional
# overrides, which would show one thing at a desk and store another.
NO_CONTROL = r"^[^\u0001-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]*$"  # in E'…'

_outcomes = ", ".join(f"'{o}'" for o in (*OUTCOMES, *REFUSALS))
_channels = ", ".join(f"'{c}'" for c in CHANNELS)

_SUBMIT_ARGS = (
    "p_client text, p_payer_code text, p_subscriber text, p_card text, "
    "p_phone text, p_phone_2 text, p_email text, p_address text, p_channel text, "
    "p_e_invoice boolean, p_e_invoice_email text, p_consent boolean"
)
SUBMIT_SIGNATURE = (
    "web_submit(text, text, text, text, text, text, text, text, text, boolean, text, boolean)"
)
REFUSAL_SIGNATURE = "web_refusal(text, text, text, text)"

_settings = "\n".join(
    f"        EXECUTE format('ALTER ROLE %I SET {name} = %L', p_role, '{value}');"
    for name, value in ROLE_SETTINGS.items()
)

UP = [
    """DO $$ BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'desk_web') THEN
            CREATE ROLE desk_web NOLOGIN;
        END IF;
    END $$""",
    f"""CREATE TABLE web_submission (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        client text NOT NULL,
        payer_code text,
        card_number text,
        outcome text NOT NULL CHECK (outcome IN ({_outcomes})))""",
    "CREATE INDEX ix_web_submission_payer ON web_submission (payer_code, at)",
    "CREATE INDEX ix_web_submission_card ON web_submission (card_number) "
    "WHERE card_number IS NOT NULL",
    # A card answered on the web before its desk pushed it (web_submit took the answer
    # without naming the card): returned when it arrives, on the day it was answered.
    """CREATE FUNCTION web_card_arrives() RETURNS trigger
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    BEGIN
        IF NEW.returned_at IS NULL AND NEW.payer_id IS NOT NULL THEN
            SELECT min(w.at AT TIME ZONE 'Europe/Sofia')::timestamp(0) INTO NEW.returned_at
              FROM web_submission w JOIN payer p ON p.payer_code = w.payer_code
             WHERE w.card_number = NEW.number AND p.id = NEW.payer_id
               AND w.outcome IN ('changed', 'confirmed');
        END IF;
        RETURN NEW;
    END $$""",
    "CREATE TRIGGER web_card_arrives BEFORE INSERT ON survey_card "
    "FOR EACH ROW EXECUTE FUNCTION web_card_arrives()",
    # The web server's login role: desk_web's rights, short timeouts, few connections.
    f"""CREATE FUNCTION web_role_setup(p_role text) RETURNS void
        LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
    BEGIN
{_settings}
        EXECUTE format('ALTER ROLE %I CONNECTION LIMIT {CONNECTION_LIMIT}', p_role);
        EXECUTE format('GRANT desk_web TO %I WITH INHERIT TRUE, SET FALSE', p_role);
    END $$""",
    "REVOKE EXECUTE ON FUNCTION web_role_setup(text) FROM PUBLIC",
    f"""CREATE FUNCTION web_refusal(p_client text, p_payer_code text, p_card text,
                                   p_outcome text) RETURNS void
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    BEGIN
        IF p_outcome IS NULL OR p_outcome NOT IN ({", ".join(f"'{r}'" for r in REFUSALS)}) THEN
            RAISE EXCEPTION 'web_refusal: no such refusal' USING ERRCODE = 'check_violation';
        END IF;
        INSERT INTO web_submission (client, payer_code, card_number, outcome)
        VALUES (left(coalesce(p_client, ''), 100), left(p_payer_code, 20), left(p_card, 20),
                p_outcome);
    END $$""",
    f"""CREATE FUNCTION web_submit({_SUBMIT_ARGS}) RETURNS text
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    DECLARE
        v_payer payer%ROWTYPE;
        v_card survey_card%ROWTYPE;
        v_now timestamp := date_trunc('second', now() AT TIME ZONE 'Europe/Sofia');
        v_millis bigint := floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint;
        v_counter integer := 0;
        v_last text;
        v_outcome text := 'unknown';
        v_new jsonb := '{{}}';
        v_field text;
        v_changed integer := 0;
        v_email text;
        v_phone_ok boolean;
    BEGIN
        -- The lowest-level rules: what the form itself can send, nothing more.
        IF p_client IS NULL OR length(p_client) > 100
           OR p_payer_code IS NULL OR p_payer_code !~ '^[0-9]{{10}}$'
           OR p_subscriber IS NULL OR p_subscriber !~ '^[0-9]{{7}}$'
           OR (p_card IS NOT NULL AND p_card !~ '^[0-9]{{12}}$')
           OR (p_phone IS NOT NULL AND p_phone !~ '{PHONE}')
           OR (p_phone_2 IS NOT NULL AND p_phone_2 !~ '{PHONE}')
           OR (p_phone IS NOT NULL AND p_phone = p_phone_2)
           OR (p_email IS NOT NULL AND (length(p_email) > {MAX_TEXT} OR p_email !~ '{EMAIL}'))
           OR (p_address IS NOT NULL AND (length(p_address) > {MAX_TEXT}
                                          OR btrim(p_address) = ''
                                          OR p_address !~ E'{NO_CONTROL}'))
           -- the form can ask for an e-invoice or give consent, never take them back
           OR p_e_invoice IS FALSE OR p_consent IS FALSE
           OR (p_channel IS NOT NULL AND p_channel NOT IN ({_channels}))
           OR (p_e_invoice IS TRUE) <> (p_e_invoice_email IS NOT NULL)
           OR (p_e_invoice_email IS NOT NULL AND (length(p_e_invoice_email) > {MAX_TEXT}
                                                  OR p_e_invoice_email !~ '{EMAIL}'))
           -- a channel needs what it reaches the payer by, typed in the same form
           OR (p_channel = 'post' AND p_address IS NULL)
           OR (p_channel = 'email' AND p_email IS NULL)
           OR (p_channel IN ('sms', 'phone') AND p_phone IS NULL AND p_phone_2 IS NULL)
        THEN
            RAISE EXCEPTION 'web_submit: not what the form sends' USING ERRCODE = 'check_violation';
        END IF;
        -- One payer code's attempts at a time, counted across every web server process.
        PERFORM pg_advisory_xact_lock(727016, hashtext(p_payer_code));
        IF (SELECT count(*) FROM web_submission
             WHERE payer_code = p_payer_code AND at > now() - interval '{PAYER_WINDOW}'
               AND outcome IN ('changed', 'confirmed', 'unknown')) >= {PAYER_LIMIT} THEN
            v_outcome := 'limited';
        ELSE
            -- The same query whether or not the payer code exists.
            SELECT p.* INTO v_payer FROM payer p
             WHERE p.payer_code = p_payer_code
               AND EXISTS (SELECT 1 FROM tenure t JOIN property r ON r.id = t.property_id
                            WHERE t.payer_id = p.id AND r.subscriber_number = p_subscriber)
               FOR UPDATE OF p;
            IF FOUND AND p_card IS NOT NULL THEN
                SELECT * INTO v_card FROM survey_card WHERE number = p_card;
                IF FOUND AND v_card.payer_id IS DISTINCT FROM v_payer.id THEN
                    -- Another payer's card, or a blank one (numbers anyone can count
                    -- through): as unknown as a wrong code.
                    v_payer := NULL;
                END IF;
                -- A card not here yet (the desk that issued it has not synced since):
                -- the payer, known by the notice's two numbers, is answered all the
                -- same; the answer names no card (web_submission keeps its number).
            END IF;
            IF v_payer.id IS NOT NULL THEN
                v_outcome := 'confirmed';
            END IF;
        END IF;
        IF v_outcome = 'confirmed' THEN
            -- A number typed that is the other phone on file is on file already.
            IF p_phone_2 IS NULL AND p_phone = v_payer.phone_2 THEN
                p_phone := NULL;
            END IF;
            IF p_phone IS NULL AND p_phone_2 = v_payer.phone THEN
                p_phone_2 := NULL;
            END IF;
            v_email := CASE WHEN p_e_invoice THEN p_e_invoice_email END;
            v_new := jsonb_strip_nulls(jsonb_build_object(
                'phone', p_phone, 'phone_2', p_phone_2, 'email', p_email,
                'address', p_address, 'preferred_channel', p_channel,
                'e_invoice', CASE WHEN p_e_invoice IS NOT NULL THEN p_e_invoice::text END,
                'consent_on', CASE WHEN p_consent AND v_payer.consent_on IS NULL
                                   THEN v_now::date::text END));
            IF p_e_invoice IS NOT NULL THEN
                v_new := v_new || jsonb_build_object('e_invoice_email', v_email);
            END IF;
            -- The clock: after the latest one held here for this payer (any field).
            SELECT max(hlc COLLATE "C") INTO v_last FROM contact_clock
             WHERE payer_id = v_payer.id;
            IF v_last IS NOT NULL AND split_part(v_last, '.', 1)::bigint >= v_millis THEN
                v_millis := split_part(v_last, '.', 1)::bigint;
                v_counter := split_part(v_last, '.', 2)::integer + 1;
                IF v_counter > 99999 THEN
                    v_millis := v_millis + 1;
                    v_counter := 0;
                END IF;
            END IF;
            FOR v_field IN SELECT f FROM unnest(ARRAY['phone', 'phone_2', 'email', 'address',
                    'preferred_channel', 'e_invoice', 'e_invoice_email', 'consent_on',
                    'confirmed']) WITH ORDINALITY AS u(f, n) ORDER BY n LOOP
                CONTINUE WHEN v_field <> 'confirmed' AND NOT v_new ? v_field;
                CONTINUE WHEN v_field <> 'confirmed'
                    AND (v_new ->> v_field) IS NOT DISTINCT FROM
                        (to_jsonb(v_payer) ->> v_field);
                INSERT INTO contact_change (id, payer_id, field, old_value, new_value,
                                            changed_at, source, survey_card_id, desk_id,
                                            user_id, hlc)
                VALUES (gen_random_uuid()::text, v_payer.id, v_field,
                        CASE WHEN v_field = 'confirmed'
                             THEN to_char(v_payer.contacts_confirmed_at,
                                          'YYYY-MM-DD"T"HH24:MI:SS')
                             ELSE to_jsonb(v_payer) ->> v_field END,
                        CASE WHEN v_field = 'confirmed'
                             THEN to_char(v_now, 'YYYY-MM-DD"T"HH24:MI:SS')
                             ELSE v_new ->> v_field END,
                        v_now, 'web', v_card.id, NULL, NULL,
                        lpad(v_millis::text, 15, '0') || '.' || lpad(v_counter::text, 5, '0')
                            || '.WEB');
                v_counter := v_counter + 1;
                IF v_counter > 99999 THEN  -- five digits: the next millisecond instead
                    v_millis := v_millis + 1;
                    v_counter := 0;
                END IF;
                IF v_field <> 'confirmed' THEN
                    v_changed := v_changed + 1;
                END IF;
            END LOOP;
            UPDATE payer SET contacts_confirmed_at = v_now WHERE id = v_payer.id;
            IF v_changed > 0 THEN
                v_outcome := 'changed';
            END IF;
        END IF;
        INSERT INTO web_submission (client, payer_code, card_number, outcome)
        VALUES (p_client, p_payer_code, p_card, v_outcome);
        RETURN v_outcome;
    END $$""",
    NUMBERING,
    f"REVOKE EXECUTE ON FUNCTION {SUBMIT_SIGNATURE}, {REFUSAL_SIGNATURE} FROM PUBLIC",
    f"GRANT EXECUTE ON FUNCTION {SUBMIT_SIGNATURE}, {REFUSAL_SIGNATURE} TO desk_web",
]

DOWN = [
    _NUMBERING,
    "DROP TRIGGER web_card_arrives ON survey_card",
    "DROP FUNCTION web_card_arrives()",
    f"DROP FUNCTION {SUBMIT_SIGNATURE}",
    f"DROP FUNCTION {REFUSAL_SIGNATURE}",
    "DROP FUNCTION web_role_setup(text)",
    "DROP TABLE web_submission",
    # desk_web stays: a role is the cluster's, and other databases may use it.
]


def upgrade() -> None:
    for statement in UP:
        op.execute(statement)


def downgrade() -> None:
    for statement in DOWN:
        op.execute(statement)
