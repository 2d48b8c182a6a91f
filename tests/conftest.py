"""Shared fixtures. Qt must run offscreen: set before anything imports Qt."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest

from desk import messages
from desk.models.db import Database
from tests.cheap_hashing import use_cheap_hashing
from tests.db_templates import migrated_database

pytest_plugins = ["tests.desk_fixtures", "tests.window_fixtures"]

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def pytest_configure(config: pytest.Config) -> None:
    # In the processes pytest runs the tests in only (not in a script that imports
    # a fixture from here): desk alone hashes at full cost (tests/cheap_hashing.py).
    use_cheap_hashing()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The slow tests first (the installer's build, the screen sizes' runs): under
    xdist one worker takes each while the others work through the rest, instead of
    one of them running alone at the end."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


@pytest.fixture(autouse=True)
def messages_in_bulgarian() -> Iterator[None]:
    """Services word their messages in Bulgarian, as the desk starts, whatever a test
    before chose (a window's teardown switches the UI, and desk/messages.py with it,
    to English)."""
    messages.set_language("bg")
    yield
    messages.set_language("bg")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "desk.sqlite"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    """A real, migrated SQLite file per test (a copy of one migrated once per process)."""
    database = migrated_database(db_path)
    yield database
    database.close()


# Figures some tests report (the sync fault tests), printed at the end of the run.
# A test's lines travel in its report's user properties: under xdist the tests run
# in workers and only the process that started them prints the summary (with this
# root conftest loaded; tests/sync/conftest.py is not loaded there).
FIGURES: list[str] = []
FIGURE = "reported figure"


@pytest.fixture
def figures(request: pytest.FixtureRequest) -> Iterator[list[str]]:
    lines: list[str] = []
    yield lines
    request.node.user_properties.extend((FIGURE, line) for line in lines)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when == "teardown":
        FIGURES.extend(str(line) for name, line in report.user_properties if name == FIGURE)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if FIGURES:
        terminalreporter.write_sep("-", "sync fault figures")
        for line in FIGURES:
            terminalreporter.write_line(line)
