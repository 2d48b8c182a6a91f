"""A desk's connection to the central database: settings, password, TLS.

The connection (host or socket directory, port, database, role, sslmode,
sslrootcert) lives in the local database's ``setting`` table, so it travels
with the file and is read by whichever program opens it. The password does
not: it goes to the system keyring (service ``desk-central``, user
``role@host/dbname``) and, where the system offers none (a server without a
desktop session: keyring's ``fail`` backend, or a chainer with nothing to
chain), to a file beside the database readable by its owner only (0600).

TLS is libpq's: ``sslmode`` and ``sslrootcert`` are passed through as they are,
so ``verify-full`` checks the server's certificate against the given root and
its name against the host. libpq never uses TLS on a unix socket, whatever the
sslmode; such a connection never leaves the machine (``needs_no_tls``).
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from desk.messages import word
from desk.models.db import Database
from desk.models.tables import Setting
from desk.services.keyrings import keyring_usable
from desk.services.problems import UserError
from desk.sync.central import CentralDatabase

log = logging.getLogger(__name__)

KEYRING_SERVICE = "desk-central"
SSLMODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")
PREFIX = "central_"
FIELDS = ("host", "port", "dbname", "role", "sslmode", "sslrootcert", "desk")
INTERVAL_KEY = "sync_interval_s"
DEFAULT_INTERVAL_S = 30
PASSWORD_SUFFIX = ".central-password"


@dataclass(frozen=True, slots=True)
class CentralConfig:
    """Where this desk's central database is and who the desk is there (no password)."""

    host: str  # a host name, or the directory of a unix socket (starts with "/")
    dbname: str
    role: str
    port: int | None = None
    sslmode: str | None = None
    sslrootcert: str | None = None
    desk: str | None = None  # the desk code this database joins (or joined) as

    def __post_init__(self) -> None:
        if self.sslmode is not None and self.sslmode not in SSLMODES:
            raise UserError("sync.sslmode", value=repr(self.sslmode), known=", ".join(SSLMODES))
        for name in ("host", "dbname", "role"):
            if not getattr(self, name):
                raise UserError("sync.url_lacks", part=name)

    @classmethod
    def from_url(cls, url: str | URL, *, desk: str | None = None) -> CentralConfig:
        """From a PostgreSQL URL; a password in it is ignored here (see ``url_password``)."""
        try:
            parsed = make_url(url) if isinstance(url, str) else url
        except (ArgumentError, ValueError) as exc:
            raise UserError("sync.url_unreadable", reason=str(exc)) from exc
        if parsed.get_backend_name() not in ("postgresql", "postgres"):
            raise UserError("sync.url_not_postgres")
        query = dict(parsed.query)
        unknown = set(query) - {"host", "sslmode", "sslrootcert"}
        if unknown:
            raise UserError("sync.url_unknown_params", names=", ".join(sorted(unknown)))
        host = _one(query.get("host")) or parsed.host or ""
        return cls(
            host=host,
            port=parsed.port,
            dbname=parsed.database or "",
            role=parsed.username or "",
            sslmode=_one(query.get("sslmode")),
            sslrootcert=_one(query.get("sslrootcert")),
            desk=desk.strip().upper() if desk else None,
        )

    @property
    def is_socket(self) -> bool:
        return self.host.startswith("/")

    @property
    def needs_no_tls(self) -> bool:
        """A unix socket: libpq does not use TLS on it, and nothing leaves the machine."""
        return self.is_socket

    def url(self, password: str | None = None) -> URL:
        """The SQLAlchemy URL (psycopg 3) with sslmode/sslrootcert for libpq."""
        query: dict[str, str] = {}
        if self.is_socket:
            query["host"] = self.host  # a path cannot sit in the URL's host part
        if self.sslmode:
            query["sslmode"] = self.sslmode
        if self.sslrootcert:
            query["sslrootcert"] = self.sslrootcert
        return URL.create(
            "postgresql+psycopg",
            username=self.role,
            password=password,
            host=None if self.is_socket else self.host,
            port=self.port,
            database=self.dbname,
            query=query,
        )

    def display(self) -> str:
        """The URL as shown to people: never with a password."""
        return self.url().render_as_string(hide_password=True)

    @property
    def account(self) -> str:
        """The keyring's user name for this connection."""
        port = f":{self.port}" if self.port else ""
        return f"{self.role}@{self.host}{port}/{self.dbname}"


def _one(value: Any) -> str | None:
    if isinstance(value, tuple):
        value = value[-1] if value else None
    return str(value) if value else None


def url_password(url: str | URL) -> str | None:
    parsed = make_url(url) if isinstance(url, str) else url
    return parsed.password or None


# --- the settings -----------------------------------------------------------------


def save_config(local: Database, config: CentralConfig) -> None:
    values = {name: getattr(config, name) for name in FIELDS}
    with local.write() as session:
        for name, value in values.items():
            key = PREFIX + name
            if value is None:
                session.execute(delete(Setting).where(Setting.key == key))
                continue
            stmt = sqlite_insert(Setting).values(key=key, value=str(value))
            session.execute(
                stmt.on_conflict_do_update(index_elements=["key"], set_={"value": str(value)})
            )


def load_config(local: Database) -> CentralConfig | None:
    """This desk's central connection, or None when it works on its own."""
    with local.read() as session:
        stored = dict(
            session.execute(
                select(Setting.key, Setting.value).where(Setting.key.startswith(PREFIX))
            ).all()
        )
    values = {k.removeprefix(PREFIX): v for k, v in stored.items() if k[len(PREFIX) :] in FIELDS}
    if not values.get("host"):
        return None
    port = values.get("port")
    return CentralConfig(
        host=values["host"],
        port=int(port) if port else None,
        dbname=values.get("dbname", ""),
        role=values.get("role", ""),
        sslmode=values.get("sslmode"),
        sslrootcert=values.get("sslrootcert"),
        desk=values.get("desk"),
    )


def sync_interval(local: Database) -> int:
    """Seconds between background syncs (setting ``sync_interval_s``, default 30)."""
    with local.read() as session:
        raw = session.scalar(select(Setting.value).where(Setting.key == INTERVAL_KEY))
    try:
        return max(1, int(raw)) if raw else DEFAULT_INTERVAL_S
    except ValueError:
        log.warning("setting %s is not a number of seconds: %r", INTERVAL_KEY, raw)
        return DEFAULT_INTERVAL_S


# --- the password -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PasswordPlace:
    """Where a password was put: the keyring, or a 0600 file (``file``)."""

    file: Path | None = None

    @property
    def in_keyring(self) -> bool:
        return self.file is None

    def text(self, lang: str | None = None) -> str:
        if self.file is None:
            return word("sync.password_in_keyring", None, lang)
        return word("sync.password_in_file", {"path": str(self.file)}, lang)

    def __str__(self) -> str:
        return self.text()


def password_file(local_path: Path) -> Path:
    return local_path.with_name(local_path.name + PASSWORD_SUFFIX)


def store_password(config: CentralConfig, password: str, local_path: Path) -> PasswordPlace:
    """Into the keyring where there is one, else into the file beside the database."""
    import keyring
    from keyring.errors import KeyringError

    if keyring_usable():
        try:
            keyring.set_password(KEYRING_SERVICE, config.account, password)
        except KeyringError as exc:  # a locked or broken keyring: fall back, and say so
            log.warning("keyring refused the password (%s); using a file", exc)
        else:
            password_file(local_path).unlink(missing_ok=True)
            return PasswordPlace()
    path = password_file(local_path)
    _write_private(path, json.dumps({"account": config.account, "password": password}))
    return PasswordPlace(file=path)


def load_password(config: CentralConfig, local_path: Path) -> str | None:
    import keyring
    from keyring.errors import KeyringError

    if keyring_usable():
        try:
            found = keyring.get_password(KEYRING_SERVICE, config.account)
        except KeyringError as exc:
            log.warning("keyring could not be read (%s)", exc)
        else:
            if found is not None:
                return found
    path = password_file(local_path)
    try:
        stored = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        log.warning("password file %s is unreadable: %s", path, exc)
        return None
    if not isinstance(stored, dict) or stored.get("account") != config.account:
        return None
    password = stored.get("password")
    return password if isinstance(password, str) else None


def _write_private(path: Path, content: str) -> None:
    """Write a file only its owner can read, never readable by others for an instant."""
    temporary = path.with_name(path.name + ".tmp")
    temporary.unlink(missing_ok=True)
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())
    os.chmod(temporary, 0o600)  # in case the umask or the platform left more
    os.replace(temporary, path)


# --- the central database of this desk ----------------------------------------------


class NoPassword(UserError):
    pass


def central_for(
    local: Database, config: CentralConfig | None = None, **options: Any
) -> CentralDatabase | None:
    """The central database as this desk's role, or None when the desk has no central config.

    Raises ``NoPassword`` when neither the keyring nor the password file has it.
    Builds the engine only: nothing connects until the first session.
    """
    config = config or load_config(local)
    if config is None:
        return None
    password = load_password(config, local.path)
    if password is None:
        raise NoPassword("sync.no_password", account=config.account)
    return CentralDatabase(config.url(password), **options)
