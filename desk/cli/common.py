"""What the command families of `desk` share: the database a command works on, the
day and the clock it reads, who is printing, how a subcommand is added, what a demo
made, and the one way an unreachable central database is told.

Building the parser must stay quick for `desk quote`: SQLAlchemy, Alembic and
psycopg are imported by the commands that use them, here as in every family.
"""

from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from desk.messages import word
from desk.services.problems import UserError

if TYPE_CHECKING:
    from sqlalchemy.engine import URL
    from sqlalchemy.exc import DBAPIError

    from desk.models.db import Database
    from desk.services.demo import DemoSummary
    from desk.sync.central import CentralDatabase

EXIT_USER = 2  # what a user can get wrong (a UserError): worded on stderr


class Command(Protocol):
    """desk.cli's way of adding a subcommand: its help worded, --lang (and --db) on it."""

    def __call__(
        self,
        parent: argparse._SubParsersAction,  # type: ignore[type-arg]
        name: str,
        help_code: str,
        *,
        db: bool = True,
    ) -> argparse.ArgumentParser: ...


def default_db_path() -> Path:
    """The demo database in the user data directory (platformdirs)."""
    from desk.settings import demo_database_path

    return demo_database_path()


def db_path(args: argparse.Namespace) -> Path:
    """``--db``, else the demo database."""
    return Path(args.db) if args.db else default_db_path()


def open_file(path: Path) -> Database:
    """The desk's file at ``path``, made (with its folder) or brought to the newest schema."""
    from desk.models.db import open_database

    path.parent.mkdir(parents=True, exist_ok=True)
    return open_database(path)


def open_existing(path: Path) -> Database:
    """A report reads a database; it never creates an empty one by a typo in --db."""
    if not path.is_file():
        raise UserError("cli.no_such_file", path=str(path))
    return open_file(path)


def report_day(text: str, option: str) -> date:
    """A day given as ``option`` (YYYY-MM-DD), refused in the chosen language."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UserError("cli.not_a_date", option=option, text=repr(text)) from None


def report_clock() -> datetime:
    """Now in Sofia, naive, as the desk stores times."""
    from zoneinfo import ZoneInfo

    from desk.settings import TIMEZONE

    return datetime.now(ZoneInfo(TIMEZONE)).replace(tzinfo=None)


def who(lang: str | None = None) -> str:
    """Who printed a report from the command line: the machine's user, in the report's
    language (``lang``; the chosen one by default)."""
    import getpass

    try:
        return word("campaign.command_line", {"user": getpass.getuser()}, lang)
    except OSError:
        return word("campaign.command_line_nobody", lang=lang)


def demo_summary_text(summary: DemoSummary) -> str:
    """What `desk demo` (and `desk central demo`) made, in the current language."""
    return word("cli.demo_summary", dataclasses.asdict(summary))


def shown(url: str | URL) -> str:
    """A central database's address as it may be printed: without its password."""
    from desk.sync.central import central_url

    return central_url(url).render_as_string(hide_password=True)


def unreachable(url: str | URL, exc: DBAPIError) -> UserError:
    """The central database did not answer (or refused the log-in): said, not a trace."""
    return UserError("sync.unreachable", url=shown(url), reason=str(exc.orig).strip())


@contextmanager
def central_at(url: str | URL) -> Iterator[CentralDatabase]:
    """The central database at ``url`` for one command's work, closed after it; a
    database that does not answer (or refuses the log-in) is said, not a trace."""
    from sqlalchemy.exc import DBAPIError

    from desk.sync.central import CentralDatabase

    central = CentralDatabase(url)
    try:
        yield central
    except DBAPIError as exc:
        raise unreachable(url, exc) from exc
    finally:
        central.close()
