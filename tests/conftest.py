"""Shared fixtures. Qt must run offscreen: set before anything imports Qt."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest

from desk import messages
from desk.models.db import Database, open_database

pytest_plugins = ["tests.desk_fixtures", "tests.window_fixtures"]

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


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
    """A real, migrated SQLite file per test."""
    database = open_database(db_path)
    yield database
    database.close()
