"""A small dated demo in the test's central database, and desks that join it."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

from desk.models.db import Database
from desk.services.demo import generate_demo
from desk.services.users import ensure_demo_users
from desk.sync.central import CentralDatabase, role_url
from desk.sync.desks import add_desk
from desk.sync.first_replica import COPIED, first_replica
from desk.sync.seed import seed_central
from tests.db_templates import migrated_database

TODAY = date(2026, 11, 22)  # the demo's day: its first years are older than the window


def load_demo(central: CentralDatabase, folder: Path, properties: int = 40) -> None:
    demo = folder / "demo.sqlite"
    generate_demo(demo, properties=properties, seed=5, today=TODAY)
    seed_central(central, demo)
    ensure_demo_users(central)  # type: ignore[arg-type]


def desk_url(central: CentralDatabase, code: str) -> str:
    """A new desk's own URL, password included (what `desk join` connects with)."""
    account = add_desk(central, code, f"Каса {code}")
    url = role_url(central.url, account.role, account.password)
    return url.render_as_string(hide_password=False)


def joined(central: CentralDatabase, code: str, folder: Path, **options: Any) -> Database:
    as_desk = CentralDatabase(desk_url(central, code))
    local = migrated_database(folder / f"{code.lower()}.sqlite")
    try:
        first_replica(local, as_desk, code, **options)
    finally:
        as_desk.close()
    return local


def held(path: Path) -> dict[str, set[tuple[Any, ...]]]:
    """Every copied table's rows (allocations without their local id)."""
    con = sqlite3.connect(path)
    try:
        rows = {}
        for tbl in COPIED:
            names = [r[1] for r in con.execute(f'PRAGMA table_info("{tbl}")')]
            names = [n for n in names if not (tbl == "allocation" and n == "id")]
            listed = ", ".join(f'"{n}"' for n in names)
            rows[tbl] = set(con.execute(f'SELECT {listed} FROM "{tbl}"'))
        return rows
    finally:
        con.close()
