"""Alembic, run from code: the app upgrades its database on start."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config

from desk.models.engine import make_engine


def alembic_config() -> Config:
    config = Config()
    location = resources.files("desk.models") / "migrations"
    config.set_main_option("script_location", str(location))
    return config


def upgrade_database(path: Path | str, revision: str = "head") -> None:
    """Bring the database at ``path`` to ``revision`` in one transaction."""
    engine = make_engine(path)
    try:
        with engine.begin() as connection:
            config = alembic_config()
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    finally:
        engine.dispose()
