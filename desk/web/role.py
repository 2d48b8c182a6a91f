"""The web server's own PostgreSQL role: a member of ``desk_web`` (central c0012).

Made like a desk's role (desk.sync.desks.add_desk): a login role with a fresh
password, shown once, named after the database so that two databases of one
cluster never share it. Its group may only call ``web_submit`` and
``web_refusal``: it reads nothing, not even the payer it writes for.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.engine import URL

from desk.sync.central import CentralDatabase, role_url


@dataclass(frozen=True, slots=True)
class WebAccount:
    role: str
    password: str

    def url(self, owner_url: str | URL) -> URL:
        """The central database's URL as the web server logs in."""
        return role_url(owner_url, self.role, self.password)


def web_role_name(database: str) -> str:
    """A desk's role is ``<database>_<code>`` with an alphanumeric code: no clash."""
    return f"{database}_web_form"


def add_web_role(central: CentralDatabase) -> WebAccount:
    """Create (or give a new password to) the web server's login role."""
    password = secrets.token_urlsafe(24)
    with central.write() as session:
        role = web_role_name(str(session.scalar(text("SELECT current_database()"))))
        exists = session.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role})
        quoted = session.connection().dialect.identifier_preparer.quote(role)
        verb = "ALTER" if exists else "CREATE"
        # Passwords cannot be bound parameters in DDL; token_urlsafe has no quotes.
        session.execute(text(f"{verb} ROLE {quoted} LOGIN PASSWORD '{password}'"))
        session.execute(text("SELECT web_role_setup(:role)"), {"role": role})
    return WebAccount(role, password)
