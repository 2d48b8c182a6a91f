"""Alembic environment of the central PostgreSQL database: one transaction per upgrade."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from desk.models.tables import Base

config = context.config
target_metadata = Base.metadata


def run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        transactional_ddl=True,
        version_table="alembic_version_central",
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is None:
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.begin() as conn:
        run_migrations(conn)
else:
    run_migrations(connection)
