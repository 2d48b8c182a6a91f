"""Fixtures and helpers of the sync tests beyond conftest's server and database.

A desk joined to the test's own central database (a real PostgreSQL), the
keyring kept away from the developer's own, and a socket directory that can
be cut off from the server and joined to it again (a network outage without
stopping the server the whole session shares).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from functools import cache
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from sqlalchemy import func, select

from desk.models.db import Database
from desk.models.tables import Outbox, User
from desk.services.importer import import_data
from desk.services.users import DEMO_PASSWORD, DEMO_USERS, hash_password
from desk.sync.central import CentralDatabase, LocalServer, role_url
from desk.sync.config import CentralConfig, save_config, store_password
from desk.sync.desks import add_desk
from desk.sync.replication import first_replica
from tests.conftest import SHARED
from tests.db_templates import migrated_database

SCENARIO = SHARED / "scenarios" / "commercial_discount_on_time.json"
SOCKET = ".s.PGSQL.5432"


class MemoryKeyring(KeyringBackend):
    """A keyring that keeps passwords in this process: a system keyring, without the system."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.passwords.pop((service, username), None)


@pytest.fixture
def no_keyring() -> Iterator[None]:
    """As on a server without a desktop session: keyring's fail backend."""
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def owner_url(central: CentralDatabase) -> str:
    return central.url.render_as_string(hide_password=False)


@cache
def _demo_password_hash() -> str:
    return hash_password(DEMO_PASSWORD)  # argon2 takes most of a second: once per run


def load_scenario(central: CentralDatabase) -> None:
    """The punctual payer of tests/desk_fixtures.py and the demo users, centrally."""
    data = json.loads(SCENARIO.read_text("utf-8"))["data"]
    import_data(central, data)
    with central.write() as session:
        session.add_all(
            User(username=name, full_name=full_name, role=role, password_hash=_demo_password_hash())
            for name, full_name, role in DEMO_USERS
        )


class Cuttable:
    """A socket directory of its own that points at the server's socket, or at nothing."""

    def __init__(self, server: LocalServer, folder: Path) -> None:
        self.server_socket = server.socket_dir / SOCKET
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    def connect(self) -> None:
        (self.folder / SOCKET).symlink_to(self.server_socket)

    def cut(self) -> None:
        (self.folder / SOCKET).unlink()


def join_desk(
    central: CentralDatabase, path: Path, code: str = "K1", host: str | None = None
) -> tuple[Database, CentralConfig]:
    """A new local file joined as desk ``code``; its stored config uses ``host`` if given."""
    account = add_desk(central, code, f"Каса {code}", "pay_desk")
    config = CentralConfig.from_url(role_url(central.url, account.role), desk=code)
    local = migrated_database(path)
    desk_central = CentralDatabase(config.url(account.password))
    try:
        first_replica(local, desk_central, code)
    finally:
        desk_central.close()
    if host is not None:
        config = replace(config, host=host)
    save_config(local, config)
    store_password(config, account.password, path)
    return local, config


@pytest.fixture
def joined(central: CentralDatabase, tmp_path: Path, no_keyring: None) -> Iterator[Database]:
    """Desk K1's local file, a replica of a central database holding the scenario."""
    load_scenario(central)
    local, _config = join_desk(central, tmp_path / "k1.sqlite")
    yield local
    local.close()


def outbox_rows(local: Database) -> int:
    with local.read() as session:
        return session.scalar(select(func.count()).select_from(Outbox)) or 0
