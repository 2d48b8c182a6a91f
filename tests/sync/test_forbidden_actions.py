"""Forbidden actions, tried as a desk's own role against the real PostgreSQL (issue 14).

A desk machine is not trusted, and its role's password sits beside its file:
whoever has the machine can log in as that role. Desk K2's role tries, each
in a transaction of its own that is rolled back, everything it must not do:
another desk's rows in every table it touches, the tables it has no business
with, DDL, switching roles, the server's own functions, and whatever would let
it block the centre (advisory locks, table locks, numbering its commit early).
Each is refused; the last test tries them all again and reports the figures.

"Refused" is an error from the server, or, where row-level security hides
rows rather than refusing (reading, updating), nothing read or changed.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import DBAPIError

from desk.models.db import open_database
from desk.services.desk_rows import block_of
from desk.services.users import set_active
from desk.sync.central import CentralDatabase, LocalServer, central_url, role_url, upgrade_central
from desk.sync.replication import first_replica, pull, push
from tests.desk_fixtures import NOON
from tests.sync.conftest import TEMPLATE
from tests.sync.signed import WHEN, change, demo_key, send
from tests.sync.two_desks import JoinedDesk, join, load_central

_numbers = itertools.count(1)


@dataclass
class Scene:
    central: CentralDatabase  # the owner
    k1: JoinedDesk
    k2: JoinedDesk  # the attacker
    facts: dict[str, Any]


@pytest.fixture(scope="module")
def scene(pg_server: LocalServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scene]:
    """K1 took and pushed a payment; an imported payment, K1's audit row and survey
    card, and an inactive user are there; K1 and the owner each have a session open."""
    name = f"battery_{next(_numbers)}"
    admin = create_engine(central_url(pg_server.url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}"))
        conn.execute(text(f"REVOKE TEMPORARY ON DATABASE {name} FROM PUBLIC"))
    central = CentralDatabase(central_url(pg_server.url).set(database=name))
    folder = tmp_path_factory.mktemp("battery")
    load_central(central)
    k1, k2 = join(central, "K1", Path(folder)), join(central, "K2", Path(folder))
    done = k1.pay_bill(k1.on_shift())
    push(k1.local, k1.central)
    with central.write() as session:
        facts: dict[str, Any] = dict(
            session.execute(
                text(
                    "SELECT (SELECT id FROM desk WHERE code = 'K1') AS k1, "
                    "(SELECT id FROM desk WHERE code = 'K2') AS k2, "
                    "(SELECT role_name FROM desk WHERE code = 'K1') AS k1_role, "
                    "(SELECT role_name FROM desk WHERE code = 'K2') AS k2_role, "
                    "current_user AS owner_role, "
                    "(SELECT shift_id FROM payment WHERE id = :p) AS k1_shift, "
                    "(SELECT payer_id FROM payment WHERE id = :p) AS payer"
                ),
                {"p": done.payment_id},
            )
            .mappings()
            .one()
        )
        facts["k1_payment"] = done.payment_id
        session.execute(
            text(
                "INSERT INTO payment (id, payer_id, paid_at, method, currency, total_cents, "
                "credit_cents, credit_used_cents, cash_cents, card_cents, tendered_cents, "
                "change_cents, source) SELECT 'imported-1', payer_id, paid_at, method, "
                "currency, total_cents, 0, 0, 0, total_cents, 0, 0, 'import' "
                "FROM payment WHERE id = :p"
            ),
            {"p": done.payment_id},
        )
        session.execute(
            text(
                "INSERT INTO audit_log (at, desk_id, action, details) "
                "VALUES (now(), :k1, 'login', 'K1 only')"
            ),
            facts,
        )
        session.execute(
            text(
                "INSERT INTO sync_issue (kind, payer_id, payment_id, item, details) "
                "VALUES ('discount', :payer, :k1_payment, 'x', 'K1 only')"
            ),
            facts,
        )
        session.execute(
            text(
                "INSERT INTO survey_card (id, number, printed_at, desk_id) "
                "VALUES ('card-k1', 'SC-K1-1', now(), :k1)"
            ),
            facts,
        )
        session.execute(
            text(
                'INSERT INTO "user" (username, full_name, role, password_hash, failed_logins, '
                "must_change_password, active) "
                "VALUES ('gone', 'Бивш касиер', 'cashier', '$argon2id$gone', 0, false, false)"
            )
        )
    _signed_facts(central, k1, facts)
    owner_session = central.engine.connect()
    k1_session = k1.central.engine.connect()
    facts["owner_pid"] = owner_session.scalar(text("SELECT pg_backend_pid()"))
    facts["k1_pid"] = k1_session.scalar(text("SELECT pg_backend_pid()"))
    yield Scene(central, k1, k2, facts)
    owner_session.close()
    k1_session.close()
    k1.close()
    k2.close()
    central.close()
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE {name} WITH (FORCE)"))
        for role in (facts["k1_role"], facts["k2_role"]):
            conn.execute(text(f'DROP ROLE "{role}"'))
    admin.dispose()


def _signed_facts(central: CentralDatabase, k1: JoinedDesk, facts: dict[str, Any]) -> None:
    """The parameters of each SIGNED case, as ``<case>_<parameter>``."""
    with central.write() as session:
        session.execute(
            text(
                'INSERT INTO "user" (username, full_name, role, password_hash, failed_logins, '
                "must_change_password, active) VALUES ('nachalnik2', 'Втори', 'supervisor', "
                "'$argon2id$second', 0, false, true)"
            )
        )
        ids = dict(session.execute(text('SELECT username, id FROM "user"')).all())
    boss, admin, cashier = (demo_key(ids[n]) for n in ("nachalnik", "admin", "kasier1"))
    promote = {"user_id": ids["kasier1"], "username": "kasier1", "role": "supervisor"}
    k2_block = block_of(facts["k2"])[0]
    made = {
        "unsigned": change("K2", "nachalnik", None, **promote),
        "forged": {**change("K2", "nachalnik", None, **promote), "mac": bytes(32)},
        "guessed": change("K2", "nachalnik", demo_key(ids["nachalnik"], "parola1"), **promote),
        "by_supervisor": change("K2", "nachalnik", boss, **promote),
        "take_over": change(
            "K2",
            "nachalnik",
            boss,
            user_id=ids["nachalnik2"],
            username="nachalnik2",
            role="supervisor",
            password_hash="$argon2id$mine",
            new_key=bytes(32),
        ),
        "by_cashier": change(
            "K2", "kasier1", cashier, user_id=ids["kasier2"], username="kasier2", role="clerk"
        ),
        "own_promotion": change(
            "K2", "kasier1", cashier, **promote, password_hash="$argon2id$new", new_key=bytes(32)
        ),
        "new_admin": change(
            "K2",
            "admin",
            admin,
            user_id=k2_block,
            username="boss",
            role="admin",
            password_hash="$argon2id$boss",
            new_key=bytes(32),
        ),
    }
    # K1's admin renames a cashier (a day before the cases' changes); K2 sends it again.
    applied = change(
        "K1",
        "admin",
        admin,
        user_id=ids["kasier2"],
        username="kasier2",
        role="cashier",
        full_name="Георги И.",
        changed_at=WHEN - timedelta(days=1),
    )
    assert send(k1.central, applied) == "changed"
    made["replayed"] = applied
    made["other_desks_code"] = change("K1", "admin", admin, **promote)
    for key, params in made.items():
        facts.update({f"{key}_{name}": value for name, value in params.items()})


# How a case's last statement shows what it got: "error" (only a refusal counts),
# "count" (a first column above 0 is allowed), "rows" (rows changed are allowed),
# "outcome" (desk_user_change's answer: anything but refused, same or older is allowed).
@dataclass(frozen=True)
class Case:
    name: str
    sql: tuple[str, ...]
    check: str = "error"


def case(name: str, *sql: str, check: str = "error") -> Case:
    return Case(name, sql, check)


_PAYMENT_COLUMNS = (
    "id, payer_id, paid_at, method, currency, total_cents, credit_cents, credit_used_cents, "
    "cash_cents, card_cents, tendered_cents, change_cents, desk_id, shift_id, source"
)

# User changes a desk's role sends (c0009), each refused: the parameters are made
# in the scene (_signed_facts), with the demo users' real keys where a key is right.
PARAMS = (
    "change",
    "actor",
    "mac",
    "new_key",
    "user_id",
    "username",
    "full_name",
    "role",
    "password_hash",
    "active",
    "must_change",
    "changed_at",
)
SIGNED = {
    "unsigned": "promote a cashier to supervisor, unsigned",
    "forged": "promote a cashier, with a made-up HMAC",
    "guessed": "promote a cashier, signed with a key from a guessed password",
    "by_supervisor": "promote a cashier to supervisor, signed by a supervisor",
    "take_over": "set a supervisor's password hash, signed by another supervisor",
    "by_cashier": "change another user, signed by a cashier",
    "own_promotion": "promote oneself along with one's own new password",
    "new_admin": "make an admin, signed by an admin",
    "replayed": "send again a change the centre applied for K1",
    "other_desks_code": "K1's signed change with its desk code, sent by K2",
}

CASES = [
    # -- 1: users (desk_user_change, signed, is the desk's only way; README's threat model)
    case("read every password hash", 'SELECT password_hash FROM "user"'),
    case("read the user table whole", 'SELECT * FROM "user"'),
    case(
        "an inactive user's hash through desk_user_rows",
        "SELECT count(*) FROM desk_user_rows() WHERE NOT active AND password_hash <> ''",
        check="count",
    ),
    case("update a user directly", "UPDATE \"user\" SET role = 'admin'"),
    case(
        "insert a user directly",
        'INSERT INTO "user" (username, full_name, role, password_hash, failed_logins, '
        "must_change_password, active) VALUES ('evil', 'x', 'admin', 'x', 0, false, true)",
    ),
    case(
        "the unsigned desk_user_put of old",
        "SELECT count(*) FROM pg_proc WHERE proname = 'desk_user_put'",
        check="count",
    ),
    case("read the approval keys", "SELECT key FROM user_approval"),
    case("read the centre's record of user changes", "SELECT * FROM user_change"),
    case("write an approval key", "INSERT INTO user_approval (user_id, key) VALUES (1, '\\x00')"),
    case("the centre's HMAC function", "SELECT desk_hmac_sha256('\\x00'::bytea, '\\x00'::bytea)"),
    *(
        case(
            name,
            "SELECT desk_user_change(" + ", ".join(f":{key}_{p}" for p in PARAMS) + ")",
            check="outcome",
        )
        for key, name in SIGNED.items()
    ),
    # -- 2: blocking the centre
    case("pg_advisory_lock on the commit numbering key", "SELECT pg_advisory_lock(727001)"),
    case("pg_advisory_lock with two keys", "SELECT pg_advisory_lock(727002, 1)"),
    case("pg_advisory_lock_shared", "SELECT pg_advisory_lock_shared(727001)"),
    case("pg_try_advisory_lock", "SELECT pg_try_advisory_lock(727001)"),
    case("pg_advisory_xact_lock", "SELECT pg_advisory_xact_lock(727001)"),
    case("pg_advisory_xact_lock on a bill's key", "SELECT pg_advisory_xact_lock(727002, 1)"),
    case("pg_try_advisory_xact_lock", "SELECT pg_try_advisory_xact_lock(727004)"),
    case("pg_advisory_xact_lock_shared", "SELECT pg_advisory_xact_lock_shared(727001)"),
    case(
        "number a commit early (SET CONSTRAINTS after a change)",
        "INSERT INTO survey_card (id, number, printed_at, desk_id) "
        "VALUES ('card-k2', 'SC-K2-1', now(), :k2)",
        "SET CONSTRAINTS ALL IMMEDIATE",
    ),
    case(
        "number a commit early (SET CONSTRAINTS before a change)",
        "SET CONSTRAINTS ALL IMMEDIATE",
        "INSERT INTO survey_card (id, number, printed_at, desk_id) "
        "VALUES ('card-k2', 'SC-K2-1', now(), :k2)",
    ),
    case(
        "lock another desk's bills through the paid-twice check",
        "SELECT sync_check_paid_twice(ARRAY[:k1_payment])",
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()",
        check="count",
    ),
    case("LOCK TABLE desk_sync", "LOCK TABLE desk_sync IN ACCESS EXCLUSIVE MODE"),
    case("LOCK TABLE payment", "LOCK TABLE payment IN EXCLUSIVE MODE"),
    case("LOCK TABLE shift", "LOCK TABLE shift IN ACCESS EXCLUSIVE MODE"),
    case("LOCK TABLE survey_card", "LOCK TABLE survey_card IN SHARE ROW EXCLUSIVE MODE"),
    case("LOCK TABLE change_txn", "LOCK TABLE change_txn IN ACCESS EXCLUSIVE MODE"),
    case("lock the desks' rows", "SELECT id FROM desk FOR UPDATE"),
    case("lock payments", "SELECT id FROM payment FOR SHARE"),
    case("lock the change sequence's rows", "SELECT xid FROM change_txn FOR KEY SHARE"),
    case("keep a prepared transaction", "PREPARE TRANSACTION 'held'"),
    case("draw on the change sequence", "SELECT nextval('change_seq')"),
    case(
        "draw on the users' id sequence", "SELECT nextval(pg_get_serial_sequence('\"user\"', 'id'))"
    ),
    case("reset a sequence", "SELECT setval(pg_get_serial_sequence('allocation', 'id'), 1)"),
    case("lift its own connection limit", "ALTER ROLE CURRENT_USER CONNECTION LIMIT -1"),
    case("terminate the owner's session", "SELECT pg_terminate_backend(:owner_pid)"),
    case("terminate another desk's session", "SELECT pg_terminate_backend(:k1_pid)"),
    case("cancel another desk's query", "SELECT pg_cancel_backend(:k1_pid)"),
    # -- 3: money of its own only
    case(
        "void another desk's payment",
        "INSERT INTO void (id, payment_id, voided_at, reason, desk_id) "
        "VALUES ('void-x', :k1_payment, now(), 'forged', :k2)",
    ),
    case(
        "void an imported payment",
        "INSERT INTO void (id, payment_id, voided_at, reason, desk_id) "
        "VALUES ('void-x', 'imported-1', now(), 'forged', :k2)",
    ),
    case(
        "void in another desk's name",
        "INSERT INTO void (id, payment_id, voided_at, reason, desk_id) "
        "VALUES ('void-x', :k1_payment, now(), 'forged', :k1)",
    ),
    case(
        "a receipt for another desk's payment",
        "INSERT INTO receipt (id, desk_id, number, kind, payment_id, issued_at) "
        "VALUES ('receipt-x', :k2, 999, 'payment', :k1_payment, now())",
    ),
    case(
        "a receipt for nothing",
        "INSERT INTO receipt (id, desk_id, number, kind, issued_at) "
        "VALUES ('receipt-x', :k2, 999, 'payment', now())",
    ),
    case(
        "a payment on another desk's shift",
        f"INSERT INTO payment ({_PAYMENT_COLUMNS}) SELECT 'forged', payer_id, paid_at, method, "
        "currency, 1, 0, 0, 0, 1, 0, 0, :k2, :k1_shift, 'desk' FROM payment WHERE id = :k1_payment",
    ),
    case(
        "a payment in another desk's name",
        f"INSERT INTO payment ({_PAYMENT_COLUMNS}) SELECT 'forged', payer_id, paid_at, method, "
        "currency, 1, 0, 0, 0, 1, 0, 0, :k1, NULL, 'desk' FROM payment WHERE id = :k1_payment",
    ),
    case(
        "an allocation on another desk's payment",
        "INSERT INTO allocation (payment_id, amount_cents, commercial_cents, loyalty_cents) "
        "VALUES (:k1_payment, 1, 0, 0)",
    ),
    case("update a payment", "UPDATE payment SET total_cents = 1 WHERE id = :k1_payment"),
    case("delete a payment", "DELETE FROM payment WHERE id = :k1_payment"),
    case("delete allocations", "DELETE FROM allocation"),
    case("delete receipts", "DELETE FROM receipt"),
    case("truncate payments", "TRUNCATE payment CASCADE"),
    # -- 4: other desks' rows, every table a desk touches
    case(
        "a shift in another desk's name",
        "INSERT INTO shift (id, desk_id, user_id, opened_at, opening_float_cents) "
        "SELECT 'shift-x', :k1, user_id, now(), 0 FROM shift WHERE id = :k1_shift",
    ),
    case(
        "close another desk's shift",
        "UPDATE shift SET closed_at = now(), counted_cents = 0 WHERE id = :k1_shift",
        check="rows",
    ),
    case(
        "a survey card in another desk's name",
        "INSERT INTO survey_card (id, number, printed_at, desk_id) "
        "VALUES ('card-x', 'SC-X', now(), :k1)",
    ),
    case(
        "return another desk's survey card",
        "UPDATE survey_card SET returned_at = now() WHERE id = 'card-k1'",
        check="rows",
    ),
    case(
        "a contact change in another desk's name",
        "INSERT INTO contact_change (id, payer_id, field, new_value, changed_at, source, "
        "desk_id) VALUES ('cc-x', :payer, 'phone', '0888000000', now(), 'desk', :k1)",
    ),
    case(
        "read another desk's audit rows",
        "SELECT count(*) FROM audit_log WHERE desk_id = :k1",
        check="count",
    ),
    case(
        "an audit row in another desk's name",
        "INSERT INTO audit_log (at, desk_id, action) VALUES (now(), :k1, 'login')",
    ),
    case("change an audit row", "UPDATE audit_log SET details = 'forged'"),
    case(
        "a fake alert for supervisors",
        "INSERT INTO sync_issue (kind, details) VALUES ('paid_twice', 'Всичко е платено два пъти')",
    ),
    case(
        "a discount alert about another desk's payment",
        "INSERT INTO sync_issue (kind, payer_id, payment_id, item, amount_cents, details) "
        "VALUES ('discount', :payer, :k1_payment, 'x', 1, 'forged')",
    ),
    case(
        "a discount alert already resolved",
        "INSERT INTO sync_issue (kind, payer_id, payment_id, item, details, resolved_at) "
        "VALUES ('discount', :payer, :k1_payment, 'x', 'forged', now())",
    ),
    case("read the supervisors' list", "SELECT details FROM sync_issue"),
    case("count the supervisors' list", "SELECT count(*) FROM sync_issue", check="count"),
    case(
        "see another desk's discount notes",
        "SELECT count(*) FROM sync_issue WHERE payment_id = :k1_payment",
        check="count",
    ),
    case("resolve an alert", "UPDATE sync_issue SET resolved_at = now()"),
    case("delete alerts", "DELETE FROM sync_issue"),
    case(
        "update another desk's desk_sync", "UPDATE desk_sync SET pulled_seq = 0 WHERE desk_id = :k1"
    ),
    case(
        "insert another desk's desk_sync",
        "INSERT INTO desk_sync (desk_id, pulled_seq) VALUES (:k1, 0) "
        "ON CONFLICT (desk_id) DO UPDATE SET pulled_seq = 0",
    ),
    case(
        "read another desk's desk_sync",
        "SELECT count(*) FROM desk_sync WHERE desk_id = :k1",
        check="count",
    ),
    case("write its own desk_sync directly", "UPDATE desk_sync SET pulled_seq = 0"),
    case(
        "report a position the change sequence never had",
        "SELECT desk_report(false, 9000000000000000000)",
    ),
    case("delete desk_sync rows", "DELETE FROM desk_sync"),
    # -- other tables
    case("change a bill", "UPDATE invoice SET amount_cents = 0"),
    case(
        "a payer outside its block",
        "INSERT INTO payer (id, payer_code, kind, name, e_invoice) "
        "VALUES (5, '0000000000', 'person', 'x', false)",
    ),
    case("change a payer directly", "UPDATE payer SET phone = '0888000000'"),
    case("rename a desk's role", "UPDATE desk SET role_name = current_user WHERE id = :k1"),
    case("read the settings", "SELECT * FROM setting"),
    case("read the schema version", "SELECT * FROM alembic_version_central"),
    case(
        "write the change log", "INSERT INTO change_log (tbl, key, op) VALUES ('payment', 'x', 'D')"
    ),
    case("forget changes", "DELETE FROM change_log"),
    case("number a transaction", "INSERT INTO change_txn (xid) VALUES (pg_current_xact_id())"),
    case("change a contact clock", "UPDATE contact_clock SET hlc = 'z'"),
    case("end another desk's tenure", "SELECT desk_end_tenure(1, DATE '2026-01-01', 1)"),
    case("set up a desk role", "SELECT desk_role_setup(current_user)"),
    case("the paid-twice check's inner function", "SELECT sync_paid_twice_found(ARRAY['x'])"),
    case("call a trigger function", "SELECT change_txn_number()"),
    # -- DDL
    case("CREATE TABLE", "CREATE TABLE public.evil (id integer)"),
    case("CREATE TEMPORARY TABLE", "CREATE TEMPORARY TABLE desk (id integer, role_name text)"),
    case(
        "CREATE FUNCTION",
        "CREATE FUNCTION public.evil() RETURNS integer LANGUAGE sql AS 'SELECT 1'",
    ),
    case(
        "replace desk_self",
        "CREATE OR REPLACE FUNCTION desk_self() RETURNS integer LANGUAGE sql STABLE AS 'SELECT 1'",
    ),
    case("CREATE SCHEMA", "CREATE SCHEMA evil"),
    case("CREATE EXTENSION dblink", "CREATE EXTENSION dblink"),
    case("CREATE INDEX", "CREATE INDEX evil ON payment (total_cents)"),
    case("ALTER TABLE", "ALTER TABLE payment ADD COLUMN evil integer"),
    case("disable the triggers", "ALTER TABLE payment DISABLE TRIGGER ALL"),
    case("disable row-level security", "ALTER TABLE payment DISABLE ROW LEVEL SECURITY"),
    case("CREATE POLICY", "CREATE POLICY evil ON payment FOR ALL TO PUBLIC USING (true)"),
    case("DROP POLICY", "DROP POLICY desk_insert ON payment"),
    case("DROP TABLE", "DROP TABLE payment CASCADE"),
    case("DROP FUNCTION", "DROP FUNCTION desk_self() CASCADE"),
    case("COMMENT ON", "COMMENT ON TABLE payment IS 'evil'"),
    case("GRANT on a table", "GRANT SELECT ON setting TO PUBLIC"),
    case("REINDEX", "REINDEX TABLE payment"),
    # -- roles
    case("SET ROLE desk_app", "SET ROLE desk_app"),
    case("SET ROLE another desk", 'SET ROLE "{k1_role}"'),
    case("SET ROLE the owner", 'SET ROLE "{owner_role}"'),
    case("SET SESSION AUTHORIZATION", 'SET SESSION AUTHORIZATION "{owner_role}"'),
    case("CREATE ROLE", "CREATE ROLE evil LOGIN PASSWORD 'evil'"),
    case("ALTER another desk's role", "ALTER ROLE \"{k1_role}\" PASSWORD 'evil'"),
    case("make itself a superuser", "ALTER ROLE CURRENT_USER SUPERUSER"),
    case("grant desk_app onwards", 'GRANT desk_app TO "{k1_role}"'),
    case("turn off the triggers", "SET session_replication_role = replica"),
    # -- server functions
    case("pg_read_file", "SELECT pg_read_file('postgresql.conf')"),
    case("pg_read_binary_file", "SELECT pg_read_binary_file('/etc/hostname')"),
    case("pg_ls_dir", "SELECT pg_ls_dir('.')"),
    case("pg_stat_file", "SELECT pg_stat_file('postgresql.conf')"),
    case("lo_import", "SELECT lo_import('/etc/hostname')"),
    case("COPY TO PROGRAM", "COPY (SELECT 1) TO PROGRAM 'true'"),
    case("COPY TO a file", "COPY payment TO '/tmp/desk-payments.csv'"),
    case("COPY FROM a file", "COPY setting FROM '/etc/hostname'"),
    case("pg_reload_conf", "SELECT pg_reload_conf()"),
    case("pg_rotate_logfile", "SELECT pg_rotate_logfile()"),
    case("hide its statements from the log", "SET log_statement = 'none'"),
    case(
        "read another role's query text",
        "SELECT count(*) FROM pg_stat_activity WHERE pid = :owner_pid "
        "AND query <> '<insufficient privilege>'",
        check="count",
    ),
]


# A refusal is a refusal of the right (insufficient_privilege, row-level security
# included), a check of the central's own functions (check_violation), or what
# this server cannot do at all (prepared transactions, an extension it lacks, a
# trigger function called directly). Anything else (a syntax error, a missing
# column) means the case tried nothing: it fails as broken.
REFUSALS = {"42501", "23514", "55000", "0A000"}
ALLOWED = "allowed"


def attempt(engine: Engine, forbidden: Case, facts: dict[str, Any]) -> str:
    """What the server answered the desk's role: ALLOWED, or the refusal's SQLSTATE
    (in a transaction rolled back); "none" where nothing was read or changed."""
    with engine.connect() as conn:
        try:
            result: Any = None
            for sql in forbidden.sql:
                result = conn.execute(text(sql.format(**facts)), facts)
            if forbidden.check == "count":
                return ALLOWED if result.scalar() else "none"
            if forbidden.check == "rows":
                return ALLOWED if result.rowcount else "none"
            if forbidden.check == "outcome":
                return "none" if result.scalar() in ("refused", "same", "older") else ALLOWED
            return ALLOWED
        except DBAPIError as exc:
            return str(getattr(exc.orig, "sqlstate", None) or "?")
        finally:
            conn.rollback()


def _refused(answer: str, forbidden: Case) -> bool:
    return answer in REFUSALS or (answer == "none" and forbidden.check != "error")


@pytest.mark.parametrize("forbidden", CASES, ids=[c.name for c in CASES])
def test_a_desk_role_is_refused(scene: Scene, forbidden: Case) -> None:
    answer = attempt(scene.k2.central.engine, forbidden, scene.facts)
    assert answer != ALLOWED, f"allowed: {forbidden.name}"
    assert _refused(answer, forbidden), f"broken case ({answer}): {forbidden.name}"


def test_the_battery_allows_nothing(scene: Scene, figures: list[str]) -> None:
    answers = {c.name: attempt(scene.k2.central.engine, c, scene.facts) for c in CASES}
    allowed = [name for name, answer in answers.items() if answer == ALLOWED]
    refused = [c.name for c in CASES if _refused(answers[c.name], c)]
    line = (
        f"forbidden actions as a desk role: tried {len(answers)}, "
        f"allowed {len(allowed)}, refused {len(refused)}"
    )
    print(line)
    figures.append(line)
    assert len(answers) == len(CASES) > 70
    assert allowed == [], allowed
    assert len(refused) == len(CASES)


def _settings(central: CentralDatabase, role: str) -> dict[str, str]:
    with central.read() as session:
        rows = session.scalars(
            text(
                "SELECT unnest(s.setconfig) FROM pg_db_role_setting s "
                "JOIN pg_roles r ON r.oid = s.setrole WHERE r.rolname = :r AND s.setdatabase = 0"
            ),
            {"r": role},
        ).all()
    return dict(row.split("=", 1) for row in rows)


def test_every_desk_role_is_bounded(scene: Scene) -> None:
    """What a desk may hold is bounded by its role's own defaults (README: the timeouts)."""
    for role in (scene.facts["k1_role"], scene.facts["k2_role"]):
        assert _settings(scene.central, role) == {
            "statement_timeout": "120s",
            "lock_timeout": "30s",
            "idle_in_transaction_session_timeout": "60s",
            "idle_session_timeout": "30min",
        }
    with scene.k2.central.read() as session:
        shown: Callable[[str], Any] = lambda name: session.scalar(text(f"SHOW {name}"))  # noqa: E731
        assert shown("lock_timeout") == "30s"
        assert shown("statement_timeout") == "2min"
        limit = session.scalar(
            text("SELECT rolconnlimit FROM pg_roles WHERE rolname = current_user")
        )
        assert limit == 10


# -- password hashes through the real push and pull (point 5) ----------------------


def _hashes(desk: JoinedDesk) -> dict[str, str]:
    with desk.local.read() as session:
        return dict(session.execute(text('SELECT username, password_hash FROM "user"')).all())


def test_a_desk_holds_the_hashes_of_active_users_only(
    central: CentralDatabase, tmp_path: Path
) -> None:
    load_central(central)
    k1 = join(central, "K1", tmp_path)
    with central.write() as session:
        kept = session.scalar(text("SELECT password_hash FROM \"user\" WHERE username = 'kasier2'"))
        session.execute(
            text(
                "UPDATE \"user\" SET active = false, user_changed_at = '2026-01-01' "
                "WHERE username = 'kasier2'"
            )
        )
    pull(k1.local, k1.central)
    k2 = join(central, "K2", tmp_path)  # a first replica made after it
    try:
        for desk in (k1, k2):
            hashes = _hashes(desk)
            assert hashes["kasier2"] == ""  # withheld
            assert hashes["kasier1"].startswith("$argon2") and hashes["admin"].startswith("$argon2")
        # Reactivated at a desk: the placeholder it sends back keeps the central hash,
        # and the desk gets the hash at its next pull.
        boss = k1.log_in("nachalnik")
        with k1.local.read() as session:
            target = session.scalar(text("SELECT id FROM \"user\" WHERE username = 'kasier2'"))
        set_active(k1.local, boss, target, True, NOON)
        result = push(k1.local, k1.central)
        assert result.new["user_changed"] == 1
        with central.read() as session:
            now_there = session.execute(
                text("SELECT active, password_hash FROM \"user\" WHERE username = 'kasier2'")
            ).one()
        assert tuple(now_there) == (True, kept)
        pull(k1.local, k1.central)
        assert _hashes(k1)["kasier2"] == kept
        assert k1.log_in("kasier2").username == "kasier2"
    finally:
        k1.close()
        k2.close()


# -- an existing central database upgrades in place ---------------------------------


def test_a_central_database_with_desks_upgrades_in_place(
    pg_server: LocalServer, tmp_path: Path
) -> None:
    """A c0005 database whose desk was added then: after the upgrade its role is
    held like a new one's, and the desk still joins, pays and pushes."""
    name = f"upgrade_{next(_numbers)}"
    admin = create_engine(central_url(pg_server.url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    url = central_url(pg_server.url).set(database=name)
    role, password = f"{name}_k1", "old-desk-password"
    upgrade_central(url, "c0005")
    central = CentralDatabase(url)
    try:
        load_central(central, keys=False)  # no approval keys before c0009
        with central.write() as session:  # add-desk as it was before c0006
            session.execute(
                text(
                    "INSERT INTO desk (code, name, kind, last_receipt_number, role_name) "
                    "VALUES ('K1', 'Каса 1', 'pay_desk', 0, :r)"
                ),
                {"r": role},
            )
            session.execute(text(f"CREATE ROLE \"{role}\" LOGIN PASSWORD '{password}'"))
            session.execute(text(f'GRANT desk_app TO "{role}"'))
        upgrade_central(url)

        as_desk = CentralDatabase(role_url(central.url, role, password))
        try:
            for sql in (
                "SELECT pg_advisory_lock(727001)",
                'SELECT password_hash FROM "user"',
                "SET ROLE desk_app",
                "UPDATE desk_sync SET pulled_seq = 0",
            ):
                with pytest.raises(DBAPIError, match="permission denied"), as_desk.write() as s:
                    s.execute(text(sql))
            assert _settings(central, role)["lock_timeout"] == "30s"
            local = open_database(tmp_path / "k1.sqlite")
            first_replica(local, as_desk, "K1")
            desk = JoinedDesk("K1", local, as_desk)
            desk.pay_bill(desk.on_shift())
            assert push(local, as_desk).new["payment"] == 1
            local.close()
        finally:
            as_desk.close()
    finally:
        central.close()
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE {name} WITH (FORCE)"))
            conn.execute(text(f'DROP ROLE IF EXISTS "{role}"'))
        admin.dispose()
