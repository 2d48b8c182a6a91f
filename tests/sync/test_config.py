"""A desk's central connection: URL building with TLS, settings in the file, the password."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from sqlalchemy import text

from desk.models.db import Database
from desk.models.tables import Setting
from desk.services.problems import UserError
from desk.sync.central import CentralDatabase, LocalServer, make_central_engine
from desk.sync.config import (
    KEYRING_SERVICE,
    CentralConfig,
    NoPassword,
    central_for,
    keyring_usable,
    load_config,
    load_password,
    password_file,
    save_config,
    store_password,
    sync_interval,
)
from tests.sync import helpers
from tests.sync.helpers import MemoryKeyring

# The fixtures of helpers.py this module uses, where pytest looks for them.
memory_keyring = helpers.memory_keyring
no_keyring = helpers.no_keyring

TLS_URL = (
    "postgresql://desk_k2@central.toplo.example:6432/desk"
    "?sslmode=verify-full&sslrootcert=/etc/desk/root.crt"
)


def connect_args(config: CentralConfig, password: str | None = None) -> dict[str, object]:
    """What SQLAlchemy hands psycopg (and so libpq) for this config."""
    engine = make_central_engine(config.url(password))
    try:
        _args, kwargs = engine.dialect.create_connect_args(engine.url)
    finally:
        engine.dispose()
    kwargs.pop("context", None)  # psycopg's type adapters, not a connection setting
    return dict(kwargs)


def test_verify_full_reaches_libpq_with_its_root_certificate() -> None:
    config = CentralConfig.from_url(TLS_URL, desk="k2")

    assert config == CentralConfig(
        host="central.toplo.example",
        port=6432,
        dbname="desk",
        role="desk_k2",
        sslmode="verify-full",
        sslrootcert="/etc/desk/root.crt",
        desk="K2",
    )
    assert connect_args(config, "s3cret") == {
        "host": "central.toplo.example",
        "port": 6432,
        "dbname": "desk",
        "user": "desk_k2",
        "password": "s3cret",
        "sslmode": "verify-full",
        "sslrootcert": "/etc/desk/root.crt",
    }
    assert config.display() == (
        "postgresql+psycopg://desk_k2@central.toplo.example:6432/desk"
        "?sslmode=verify-full&sslrootcert=%2Fetc%2Fdesk%2Froot.crt"
    )
    assert config.account == "desk_k2@central.toplo.example:6432/desk"
    assert not config.needs_no_tls


def test_a_password_in_the_url_is_never_kept_in_the_config() -> None:
    config = CentralConfig.from_url("postgresql+psycopg://desk_k2:hunter2@db.example/desk")

    assert "hunter2" not in repr(config)
    assert config.url().password is None
    assert "hunter2" not in config.display()


def test_a_unix_socket_directory_goes_in_the_query_and_needs_no_tls() -> None:
    config = CentralConfig.from_url(
        "postgresql://desk_k1@/desk?host=/run/desk-central&sslmode=verify-full"
    )

    assert config.host == "/run/desk-central"
    assert config.is_socket and config.needs_no_tls
    args = connect_args(config)
    assert args["host"] == "/run/desk-central"
    assert args["sslmode"] == "verify-full"
    assert CentralConfig.from_url(config.url()) == config


@pytest.mark.parametrize(
    ("url", "complaint"),
    [
        ("postgresql://desk_k2@db.example/desk?sslmode=verify-fully", "sslmode"),
        ("postgresql://desk_k2@db.example/desk?sslcert=x.crt", "непознати параметри"),
        ("sqlite:///desk.sqlite", "не е на PostgreSQL"),
        ("postgresql://db.example/desk", "role"),
        ("postgresql://desk_k2@db.example", "dbname"),
        ("not a url", "неразбираем"),
    ],
)
def test_a_wrong_url_is_refused_with_a_reason(url: str, complaint: str) -> None:
    with pytest.raises(UserError, match=complaint):
        CentralConfig.from_url(url)


def test_verify_full_on_the_unix_socket_server_connects_without_tls(
    pg_server: LocalServer,
) -> None:
    # libpq never negotiates TLS on a unix socket, whatever the sslmode: the
    # connection does not leave the machine, and the missing root file is not read.
    config = CentralConfig.from_url(pg_server.url)
    strict = CentralConfig(
        host=config.host,
        dbname=config.dbname,
        role=config.role,
        sslmode="verify-full",
        sslrootcert=str(Path(pg_server.socket_dir) / "no-such-root.crt"),
    )
    central = CentralDatabase(strict.url())
    try:
        with central.read() as session:
            encrypted = session.scalar(
                text("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
            )
    finally:
        central.close()

    assert strict.needs_no_tls
    assert encrypted is False


def test_the_config_lives_in_the_local_database(db: Database) -> None:
    assert load_config(db) is None
    config = CentralConfig.from_url(TLS_URL, desk="K2")

    save_config(db, config)

    assert load_config(db) == config
    with db.read() as session:
        stored = {s.key: s.value for s in session.query(Setting)}
    assert stored["central_sslmode"] == "verify-full"
    assert not any("password" in key for key in stored)


def test_saving_a_config_without_tls_forgets_the_old_tls_settings(db: Database) -> None:
    save_config(db, CentralConfig.from_url(TLS_URL))
    plain = CentralConfig.from_url("postgresql://desk_k2@10.0.0.5/desk")

    save_config(db, plain)

    assert load_config(db) == plain


def test_the_sync_interval_is_a_setting_of_30_seconds_by_default(db: Database) -> None:
    assert sync_interval(db) == 30
    with db.write() as session:
        session.add(Setting(key="sync_interval_s", value="5"))
    assert sync_interval(db) == 5


def test_without_a_keyring_the_password_goes_to_a_file_only_its_owner_reads(
    db: Database, no_keyring: None
) -> None:
    config = CentralConfig.from_url(TLS_URL)
    assert not keyring_usable()

    place = store_password(config, "s3cret", db.path)

    assert place.file == password_file(db.path)
    assert place.file.parent == db.path.parent
    assert stat.S_IMODE(place.file.stat().st_mode) == 0o600
    assert "няма системен keyring" in str(place)
    assert load_password(config, db.path) == "s3cret"
    other_role = CentralConfig.from_url("postgresql://desk_k3@central.toplo.example:6432/desk")
    assert load_password(other_role, db.path) is None


def test_with_a_keyring_the_password_goes_there_and_no_file_is_left(
    db: Database, memory_keyring: MemoryKeyring
) -> None:
    config = CentralConfig.from_url(TLS_URL)
    password_file(db.path).write_text("an older password kept on disk")
    assert keyring_usable()

    place = store_password(config, "s3cret", db.path)

    assert place.in_keyring
    assert memory_keyring.passwords == {(KEYRING_SERVICE, config.account): "s3cret"}
    assert not password_file(db.path).exists()
    assert load_password(config, db.path) == "s3cret"


def test_a_central_database_is_built_from_the_config_and_the_stored_password(
    db: Database, no_keyring: None
) -> None:

    assert central_for(db) is None
    config = CentralConfig.from_url(TLS_URL)
    save_config(db, config)
    with pytest.raises(NoPassword, match="desk join"):
        central_for(db)

    store_password(config, "s3cret", db.path)
    central = central_for(db)

    assert central is not None
    assert central.url.password == "s3cret"
    assert central.url.query["sslmode"] == "verify-full"
    central.close()
