"""Typed settings in one place (STYLE.md pattern 9)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir, user_log_dir


@dataclass(frozen=True, slots=True)
class Company:
    name: str = "„Топлофикация София“ ЕАД"
    eik: str = "831609046"
    address: str = "София, ул. „Ястребец“ 23Б"


COMPANY = Company()
TIMEZONE = "Europe/Sofia"
IDLE_LOCK_MINUTES = 10


def data_dir() -> Path:
    return Path(user_data_dir("desk", appauthor=False))


def demo_database_path() -> Path:
    """The demo database, made on first start, for a desk not yet given one of its own."""
    return data_dir() / "demo.sqlite"


def log_dir() -> Path:
    return Path(user_log_dir("desk", appauthor=False))
