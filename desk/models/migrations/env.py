"""Alembic environment: batch mode for SQLite, one transaction per upgrade."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from desk.models.tables import Base

config = context.config
target_metadata = Base.metadata


def run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        transactional_ddl=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is None:
    from desk.models.engine import make_engine

    url = config.get_main_option("sqlalchemy.url") or ""
    engine = make_engine(url.removeprefix("sqlite:///"))
    with engine.begin() as conn:
        run_migrations(conn)
else:
    run_migrations(connection)
