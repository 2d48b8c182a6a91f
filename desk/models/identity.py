"""Which database this is: a random id, made once and kept in its ``setting`` table.

A desk's code (K1) does not tell databases apart: the demo and a real desk file are
both K1, and their receipts would land under the same names. The id is the file's
own (settings are neither replicated nor copied into the central database), so the
files a database saves go to a folder of their own (desk.saving).
"""

from __future__ import annotations

from uuid import uuid4

from sqlalchemy import select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from desk.models.db import Database
from desk.models.tables import Setting

DATABASE_ID = "database_id"


def database_id(db: Database) -> str:
    """This database's id (32 hex digits), made the first time it is asked for."""
    with db.read() as session:
        found = session.scalar(select(Setting.value).where(Setting.key == DATABASE_ID))
    if found:
        return found
    with db.write() as session:
        # Two processes asking at once: the first insert wins, both read the same id.
        made = sqlite_insert(Setting).values(key=DATABASE_ID, value=uuid4().hex)
        session.execute(made.on_conflict_do_nothing(index_elements=["key"]))
        value = session.scalar(select(Setting.value).where(Setting.key == DATABASE_ID))
    assert value is not None
    return value
