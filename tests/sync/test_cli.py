"""`desk central …`, `desk join` and `desk sync` against the real PostgreSQL of the session."""

from __future__ import annotations

import io
import itertools
import json
import re
import stat
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text

from desk.cli import main
from desk.messages import SOFIA
from desk.models.db import Database, open_database
from desk.models.tables import Payment, Property, Shift
from desk.services.desk_identity import this_desk_code
from desk.sync.central import CentralDatabase, LocalServer, central_url
from desk.sync.config import load_config, load_password, password_file
from desk.sync.replication import position
from tests import zones
from tests.desk_fixtures import on_shift, pay_by_card
from tests.sync import helpers
from tests.sync.helpers import SCENARIO, load_scenario, outbox_rows, owner_url
from tests.zones import sofia_minutes

# The fixtures of helpers.py this module uses, where pytest looks for them.
joined = helpers.joined
no_keyring = helpers.no_keyring
other_zone = zones.other_zone

_fresh = itertools.count(1)


@pytest.fixture
def empty_database(pg_server: LocalServer) -> Iterator[str]:
    """A database with nothing in it, not even the schema: the URL of its owner."""
    name = f"fresh_{next(_fresh)}"
    admin = create_engine(central_url(pg_server.url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    yield central_url(pg_server.url).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE {name} WITH (FORCE)"))
    admin.dispose()


def tables_of(url: str) -> set[str]:
    engine = create_engine(central_url(url))
    try:
        with engine.connect() as conn:
            return set(
                conn.scalars(
                    text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
                ).all()
            )
    finally:
        engine.dispose()


def test_central_init_builds_the_schema_in_a_fresh_database(
    empty_database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert tables_of(empty_database) == set()

    assert main(["central", "init", empty_database, "--lang", "en"]) == 0

    tables = tables_of(empty_database)
    assert {"property", "payment", "change_log", "desk_sync", "alembic_version_central"} <= tables
    assert "central database ready" in capsys.readouterr().out
    # Again: already at the newest revision, nothing to do, no error.
    assert main(["central", "init", empty_database]) == 0


def test_central_init_on_an_unreachable_server_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"postgresql://postgres@/desk?host={tmp_path}"

    assert main(["central", "init", url]) == 2

    assert "няма връзка" in capsys.readouterr().err


def test_central_import_loads_a_billing_export_once(
    central: CentralDatabase, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = tmp_path / "export.json"
    export.write_text(json.dumps(json.loads(SCENARIO.read_text("utf-8"))["data"]), "utf-8")
    args = ["central", "import", str(export), "--url", owner_url(central), "--lang", "en"]

    assert main(args) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "import: 8 records: 8 new, 0 changed, 0 already present"
    assert "  payments 2: 2 new, 0 changed, 0 already present" in out
    assert main(args) == 0  # the second time it says it changed nothing
    out = capsys.readouterr().out.splitlines()
    assert out[0] == (
        "import: nothing changed: all 8 records were already present (0 new, 8 already present)"
    )
    assert "  payments 2: 0 new, 0 changed, 2 already present" in out

    with central.read() as session:
        assert session.scalar(select(func.count()).select_from(Property)) == 1
        assert session.scalar(select(func.count()).select_from(Payment)) == 2


def test_central_import_of_a_broken_export_names_the_problem(
    central: CentralDatabase, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = tmp_path / "export.json"
    data = json.loads(SCENARIO.read_text("utf-8"))["data"]
    data["properties"][0]["subscriber_number"] = "12"
    export.write_text(json.dumps(data), "utf-8")

    assert main(["central", "import", str(export), "--url", owner_url(central)]) == 2

    assert "properties[0].subscriber_number" in capsys.readouterr().err
    with central.read() as session:
        assert session.scalar(select(func.count()).select_from(Property)) == 0


def test_central_import_takes_only_valid_data(
    central: CentralDatabase, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 14 at the centre: the same checks as `desk import` (one code path), against
    PostgreSQL: unicode digits, a key given twice, a junk phone, a NUL, a huge name, a
    payment under a second id are refused by JSON path; a byte order mark is accepted."""
    data = json.loads(SCENARIO.read_text("utf-8"))["data"]
    export = tmp_path / "export.json"
    export.write_bytes(b"\xef\xbb\xbf" + json.dumps(data).encode("utf-8"))
    url = owner_url(central)
    assert main(["central", "import", str(export), "--url", url]) == 0
    capsys.readouterr()
    with central.read() as session:
        before = [session.scalar(select(func.count()).select_from(t)) for t in (Payment, Property)]

    data["invoices"][2]["number"] = "٠٠٠٠٠٠٠٠٠٣"
    data["payers"][0]["phone"] = "2026-1-1"
    data["payers"][0]["name"] = "x" * 1_000_000
    data["properties"][0]["address"] = "ул.\u0000 1"
    again = dict(data["payments"][0], id="billing-0001")
    data["payments"].append(again)
    text = json.dumps(data).replace('"format": "desk/1"', '"format": "desk/1", "format": "x"')
    export.write_text(text, "utf-8")

    assert main(["central", "import", str(export), "--url", url, "--lang", "en"]) == 2

    err = capsys.readouterr().err.splitlines()
    assert [line.split(": ", 1)[0] for line in err] == ["format"]  # first the file's shape
    export.write_text(json.dumps(data), "utf-8")
    assert main(["central", "import", str(export), "--url", url, "--lang", "en"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert [line.split(": ", 1)[0] for line in err] == [
        "properties[0].address",
        "payers[0].name",
        "payers[0].phone",
        "invoices[2].number",
        f"payments[{len(data['payments']) - 1}].id",
    ]
    assert "same as c5ae1709-b5fd-5091-a09c-c48b3d9b2ffd" in err[-1]
    with central.read() as session:
        after = [session.scalar(select(func.count()).select_from(t)) for t in (Payment, Property)]
    assert after == before


def test_add_desk_prints_its_role_and_password_once(
    central: CentralDatabase, capsys: pytest.CaptureFixture[str]
) -> None:
    url = owner_url(central)
    code = main(
        [
            *["--lang", "en", "central", "add-desk", "k2", "--name"],
            "Каса 2",
            "--kind",
            "cashier",
            "--url",
            url,
        ]
    )

    out = capsys.readouterr().out
    assert code == 0
    database = central.url.database
    assert f"pay desk K2: PostgreSQL role {database}_k2" in out
    password = next(
        line.split(": ", 1)[1] for line in out.splitlines() if line.startswith("password")
    )
    assert len(password) >= 24
    assert "desk join 'postgresql+psycopg://" in out
    with central.read() as session:
        assert session.scalar(
            text("SELECT rolcanlogin FROM pg_roles WHERE rolname = :r"), {"r": f"{database}_k2"}
        )
        desk = session.execute(text("SELECT kind, role_name FROM desk WHERE code = 'K2'")).one()
    assert tuple(desk) == ("pay_desk", f"{database}_k2")


@pytest.mark.parametrize(
    ("lang", "shown"),
    [("bg", "информационен център IC2: роля"), ("en", "information centre IC2: PostgreSQL")],
)
def test_add_desk_words_an_information_centre_by_its_kind(
    central: CentralDatabase, capsys: pytest.CaptureFixture[str], lang: str, shown: str
) -> None:
    args = ["--lang", lang, "central", "add-desk", "IC2", "--name", "ИЦ 2", "--kind", "info"]

    assert main([*args, "--url", owner_url(central)]) == 0

    out = capsys.readouterr().out
    assert shown in out and "каса IC2" not in out and "pay desk IC2" not in out


def test_add_desk_refuses_an_unknown_kind(
    central: CentralDatabase, capsys: pytest.CaptureFixture[str]
) -> None:
    args = [
        "central",
        "add-desk",
        "K2",
        "--name",
        "x",
        "--kind",
        "bank",
        "--url",
        owner_url(central),
    ]

    assert main(args) == 2

    assert "--kind" in capsys.readouterr().err


def test_add_desk_then_join_makes_a_second_file_a_replica_of_the_desk(
    central: CentralDatabase,
    tmp_path: Path,
    no_keyring: None,
    capsys: pytest.CaptureFixture[str],
) -> None:
    load_scenario(central)
    path = tmp_path / "k2.sqlite"
    add = ["--lang", "en", "central", "add-desk", "K2", "--name", "Каса 2"]
    add += ["--url", owner_url(central)]

    assert main([*add, "--db", str(path)]) == 0
    out = capsys.readouterr().out
    assert "no system keyring" in out
    assert "password (shown only this once)" not in out

    assert main(["join", "--db", str(path), "--lang", "en"]) == 0

    joined_out = capsys.readouterr()
    assert f"{path} is now desk K2" in joined_out.out
    assert "copy for K2 [" in joined_out.err  # the progress bar
    local = open_database(path)
    try:
        assert this_desk_code(local) == "K2"
        assert position(local) is not None
        with local.read() as session:
            properties = session.scalar(select(func.count()).select_from(Property))
        config = load_config(local)
        assert config is not None and config.desk == "K2"
        assert config.role == f"{central.url.database}_k2"
        assert load_password(config, path) is not None
    finally:
        local.close()
    with central.read() as session:
        assert properties == session.scalar(select(func.count()).select_from(Property)) == 1
    assert stat.S_IMODE(password_file(path).stat().st_mode) == 0o600


def test_join_takes_the_url_and_the_password_from_stdin(
    central: CentralDatabase,
    tmp_path: Path,
    no_keyring: None,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    load_scenario(central)
    add = ["central", "add-desk", "K2", "--name", "Каса 2", "--url", owner_url(central)]
    assert main([*add, "--lang", "en"]) == 0
    out = capsys.readouterr().out
    password = next(
        line.split(": ", 1)[1] for line in out.splitlines() if line.startswith("password")
    )
    url = next(line.split("'")[1] for line in out.splitlines() if line.startswith("join with"))
    path = tmp_path / "k2.sqlite"
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))

    assert main(["join", url, "--desk", "K2", "--db", str(path), "--password-stdin"]) == 0

    local = open_database(path)
    try:
        config = load_config(local)
        assert config is not None
        assert load_password(config, path) == password
        assert this_desk_code(local) == "K2"
    finally:
        local.close()


def test_join_refuses_a_file_that_already_holds_data(
    joined: Database,
    central: CentralDatabase,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("any password\n"))
    args = ["join", owner_url(central), "--desk", "K1", "--db", str(joined.path), "--lang", "en"]

    assert main([*args, "--password-stdin"]) == 2

    assert "already holds data" in capsys.readouterr().err


def test_join_with_nothing_on_stdin_is_refused_before_connecting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    url = f"postgresql://desk_k2@/desk?host={tmp_path / 'nowhere'}"
    args = ["join", url, "--desk", "K2", "--db", str(tmp_path / "k2.sqlite")]

    assert main([*args, "--password-stdin"]) == 2

    assert "--password-stdin" in capsys.readouterr().err


def test_sync_pushes_a_payment_taken_at_the_desk(
    joined: Database, central: CentralDatabase, capsys: pytest.CaptureFixture[str]
) -> None:
    done = pay_by_card(joined, on_shift(joined))
    assert outbox_rows(joined) > 0

    assert main(["sync", "--db", str(joined.path)]) == 0

    out = capsys.readouterr().out
    assert out.startswith("онлайн: изпратени")
    assert "чакат изпращане 0" in out
    assert outbox_rows(joined) == 0
    with central.read() as session:
        payment = session.get(Payment, done.payment_id)
        shifts = session.scalar(select(func.count()).select_from(Shift))
        desk = session.scalar(text("SELECT id FROM desk WHERE code = 'K1'"))
    assert payment is not None and payment.total_cents == 9346
    assert payment.desk_id == desk
    assert shifts == 1


def test_sync_prints_its_times_in_sofia_time_on_a_machine_set_elsewhere(
    joined: Database, other_zone: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = datetime.now(UTC)
    assert main(["sync", "--db", str(joined.path), "--lang", "en"]) == 0
    after = datetime.now(UTC)

    out = capsys.readouterr().out
    assert out.startswith("online: 0 sent, 0 received, 0 waiting to be sent"), out
    pulled = [line for line in out.splitlines() if line.startswith("last pulled: ")]
    day = after.astimezone(SOFIA).strftime("%d.%m.%Y")
    assert pulled and pulled[0] in {f"last pulled: {day} {m}" for m in sofia_minutes(before, after)}
    assert not re.search("[А-Яа-я]", out)


def test_sync_with_the_server_away_keeps_the_queue_and_says_offline(
    central: CentralDatabase, tmp_path: Path, no_keyring: None, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.sync.helpers import join_desk

    load_scenario(central)
    local, _ = join_desk(central, tmp_path / "k1.sqlite", host=str(tmp_path / "nowhere"))
    try:
        pay_by_card(local, on_shift(local))
        queued = outbox_rows(local)

        assert main(["sync", "--db", str(local.path)]) == 1

        out = capsys.readouterr().out
        assert "Няма връзка с централната база" in out
        assert f"Чакат изпращане: {queued}." in out
        assert outbox_rows(local) == queued
    finally:
        local.close()


def test_sync_of_a_desk_without_a_central_database_is_refused(
    day_db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sync", "--db", str(day_db.path)]) == 2

    assert "само локално" in capsys.readouterr().err


def test_central_demo_loads_and_stops_with_no_wait(
    tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]
) -> None:

    data = tmp_path_factory.mktemp("demo") / "pg"
    args = ["central", "demo", "--dir", str(data), "--properties", "20", "--no-wait", "--lang=en"]

    assert main(args) == 0

    out = capsys.readouterr().out
    assert "properties" in out or "имот" in out
    assert "desk central add-desk K2" in out
    assert "desk join --db k2.sqlite" in out
    # Served again from the same folder, the data is kept and not loaded twice.
    assert main(args) == 0
    assert "already holds data" in capsys.readouterr().out


def test_central_compact_forgets_what_the_joined_desk_has_pulled(
    joined: Database, central: CentralDatabase, capsys: pytest.CaptureFixture[str]
) -> None:
    with central.write() as session:
        session.execute(text("UPDATE payer SET phone = '+359888123456'"))

    # Everything up to the desk's replica goes; the change it has not pulled stays.
    assert main(["central", "compact", "--url", owner_url(central)]) == 0
    assert central_count_log(central) == 1
    assert main(["sync", "--db", str(joined.path)]) == 0
    assert main(["central", "compact", "--url", owner_url(central), "--lang", "en"]) == 0

    assert central_count_log(central) == 0
    assert "were removed" in capsys.readouterr().out


def central_count_log(central: CentralDatabase) -> int:
    with central.read() as session:
        return int(session.scalar(text("SELECT count(*) FROM change_log")) or 0)
