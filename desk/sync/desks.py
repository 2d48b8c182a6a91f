"""Desks at the central database: each has its own PostgreSQL role.

The role belongs to ``desk_app`` (migration c0002): it reads reference data and
every desk's payments, and inserts only its own desk's rows; migration c0006
takes away what could block the centre, bounds the rest (timeouts, a
connection limit) and withholds the password hashes of inactive users. Its
password is made here, shown once to whoever sets the desk up, and kept by the
desk (in the system keyring where there is one; see desk.sync.config).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert

from desk.models.tables import Desk
from desk.services.problems import UserError
from desk.sync.central import CentralDatabase

DESK_KINDS = ("pay_desk", "info_centre")


@dataclass(frozen=True, slots=True)
class DeskAccount:
    code: str
    role: str
    password: str


def desk_role_name(database: str, code: str) -> str:
    """Roles are per cluster, desks per database: the role names both."""
    return f"{database}_{code.lower()}"


def add_desk(central: CentralDatabase, code: str, name: str, kind: str = "pay_desk") -> DeskAccount:
    """Create (or give a new password to) desk ``code`` and its login role."""
    code = code.strip().upper()
    if not code.isalnum() or len(code) > 20:
        raise UserError("sync.desk_code", code=repr(code))
    if kind not in DESK_KINDS:
        raise UserError("sync.desk_kind", kind=repr(kind), known=", ".join(DESK_KINDS))
    password = secrets.token_urlsafe(24)
    with central.write() as session:
        database = session.scalar(text("SELECT current_database()"))
        role = desk_role_name(str(database), code)
        session.execute(
            pg_insert(Desk)
            .values(code=code, name=name, kind=kind, last_receipt_number=0)
            .on_conflict_do_update(index_elements=["code"], set_={"name": name, "kind": kind})
        )
        session.execute(
            text("UPDATE desk SET role_name = :role WHERE code = :code"),
            {"role": role, "code": code},
        )
        exists = session.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role})
        quoted = session.connection().dialect.identifier_preparer.quote(role)
        verb = "ALTER" if exists else "CREATE"
        # Passwords cannot be bound parameters in DDL; token_urlsafe has no quotes.
        session.execute(text(f"{verb} ROLE {quoted} LOGIN PASSWORD '{password}'"))
        # desk_app's rights, its timeouts and connection limit (migration c0006).
        session.execute(text("SELECT desk_role_setup(:role)"), {"role": role})
    return DeskAccount(code, role, password)


def desk_codes(central: CentralDatabase) -> list[str]:
    with central.read() as session:
        return list(session.scalars(select(Desk.code).order_by(Desk.code)))
