"""A join cut short resumes (or restarts) on the same file and ends as a clean join."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from desk.models.db import open_database
from desk.sync.central import CentralDatabase
from desk.sync.exchange import position
from desk.sync.first_replica import JOINING, first_replica
from desk.sync.pull import pull
from tests.sync.joining import TODAY, desk_url, held, joined, load_demo


def state_of(path: Path) -> dict[str, object]:
    import sqlite3

    with sqlite3.connect(path) as con:
        row = con.execute("SELECT value FROM setting WHERE key = ?", (JOINING,)).fetchone()
    return dict(json.loads(row[0]))


def test_a_join_killed_mid_copy_resumes_and_holds_what_a_clean_join_holds(
    central: CentralDatabase, tmp_path: Path
) -> None:
    load_demo(central, tmp_path)
    desk_url(central, "K2")  # the clean join's desk, named before either copy
    url = desk_url(central, "K1")
    cut = tmp_path / "k1.sqlite"
    killed = subprocess.run(
        [sys.executable, "-m", "tests.sync.join_worker", str(cut), url, "K1", "500"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert killed.returncode == -9, killed.stderr
    state = state_of(cut)
    assert state["done"] and "history" not in state["done"]  # type: ignore[operator]
    clean = joined(central, "K2", tmp_path, today=TODAY)

    heard: list[str] = []
    local = open_database(cut)
    as_k1 = CentralDatabase(url)
    result = first_replica(local, as_k1, "K1", today=TODAY, announce=heard.append)

    assert heard[0] == "sync.join_resumed" and result.began == "resumed"
    assert held(cut) == held(clean.path)
    # The pull starts from the first snapshot and re-applies what came since.
    assert position(local) == (state["seq"], result.position[1])
    pull(local, as_k1)
    assert held(cut) == held(clean.path)
    for database in (local, clean, as_k1):
        database.close()


def test_a_join_cut_short_for_another_desk_starts_again_on_an_emptied_file(
    central: CentralDatabase, tmp_path: Path
) -> None:
    load_demo(central, tmp_path, properties=10)
    path = tmp_path / "desk.sqlite"
    as_k1 = CentralDatabase(desk_url(central, "K1"))
    local = open_database(path)

    def cut(done: int, _total: int) -> None:
        if done > 100:
            raise ConnectionError("the line went down")

    with pytest.raises(ConnectionError):
        first_replica(local, as_k1, "K1", cut, today=TODAY)
    as_k2 = CentralDatabase(desk_url(central, "K2"))
    clean = joined(central, "K3", tmp_path, today=TODAY)
    heard: list[str] = []

    result = first_replica(local, as_k2, "K2", today=TODAY, announce=heard.append)

    assert heard[0] == "sync.join_restarted" and result.began == "restarted"
    assert held(path) == held(clean.path)
    for database in (local, clean, as_k1, as_k2):
        database.close()
