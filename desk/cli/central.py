"""`desk central …`, `desk join`, `desk sync`: the central database and a desk's copy.

Registered on the parser by desk.cli; each ``cmd_*`` returns the exit code,
and what a user can get wrong is raised as ``UserError`` (exit 2).
"""

from __future__ import annotations

import argparse
import getpass
import signal
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from desk.cli.common import Command, central_at, demo_summary_text, shown, unreachable
from desk.cli.progress import ProgressBar
from desk.messages import word
from desk.services.problems import UserError

# Building the parser must stay quick for `desk quote`: SQLAlchemy, Alembic and
# psycopg are imported by the commands that use them.
if TYPE_CHECKING:
    from sqlalchemy.engine import URL

    from desk.models.db import Database
    from desk.web.serve import RunningForm

EXIT_OFFLINE = 1
# What a person types, and the central kinds (desk.sync.desks.DESK_KINDS) as they are.
KINDS = {
    "cashier": "pay_desk",
    "info": "info_centre",
    "pay_desk": "pay_desk",
    "info_centre": "info_centre",
}
DEMO_DATABASE = "desk"


def _open_local(path: Path) -> Database:
    from desk.models.db import open_database

    path.parent.mkdir(parents=True, exist_ok=True)
    return open_database(path)


def _required_db(args: argparse.Namespace) -> Path:
    if not getattr(args, "db", None):
        raise UserError("sync.db_required")
    return Path(args.db)


# --- desk central init | import | add-desk ----------------------------------------


def cmd_central_init(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import DBAPIError

    from desk.sync.central import upgrade_central

    try:
        upgrade_central(args.url)
    except DBAPIError as exc:
        raise unreachable(args.url, exc) from exc
    print(word("sync.central_ready", {"url": shown(args.url)}))
    return 0


def cmd_central_compact(args: argparse.Namespace) -> int:
    from desk.sync.replication import compact_change_log

    with central_at(args.url) as central:
        removed = compact_change_log(central)
    print(word("sync.compacted", {"count": removed}))
    return 0


def cmd_central_import(args: argparse.Namespace) -> int:
    from desk.services.importer import import_file

    with central_at(args.url) as central:
        summary = import_file(central, Path(args.file))
    print(summary)
    return 0


def cmd_central_add_desk(args: argparse.Namespace) -> int:
    from desk.sync.central import role_url
    from desk.sync.config import CentralConfig, save_config, store_password
    from desk.sync.desks import add_desk

    kind = KINDS.get(args.kind)
    if kind is None:
        raise UserError("sync.bad_kind", kind=repr(args.kind))
    with central_at(args.url) as central:
        account = add_desk(central, args.code, args.name, kind)
    desk_url = role_url(args.url, account.role)
    config = CentralConfig.from_url(desk_url, desk=account.code)
    print(word(f"sync.desk_role.{kind}", {"code": account.code, "role": account.role}))
    if not getattr(args, "db", None):
        print(word("sync.password_once", {"password": account.password}))
        print(word("sync.join_with", {"url": config.display(), "code": account.code}))
        return 0
    path = Path(args.db)
    local = _open_local(path)
    try:
        save_config(local, config)
    finally:
        local.close()
    place = store_password(config, account.password, path)
    print(word("sync.connection_stored", {"path": str(path), "place": place.text()}))
    print(word("sync.next_join", {"path": str(path)}))
    return 0


def cmd_central_user_key(args: argparse.Namespace) -> int:
    from desk.sync.approval_keys import set_approval_key

    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif sys.stdin.isatty():
        password = getpass.getpass(word("sync.key_prompt", {"user": args.username}))
    else:
        raise UserError("sync.no_password_given")
    if not password:
        raise UserError("sync.stdin_empty")
    with central_at(args.url) as central:
        set_approval_key(central, args.username, password)
    print(word("sync.key_kept", {"user": args.username}))
    return 0


# --- desk central demo -------------------------------------------------------------


def demo_dir() -> Path:
    from desk.settings import data_dir

    return data_dir() / "central"


def cmd_central_demo(args: argparse.Namespace) -> int:
    from desk.sync.central import LocalServer, central_url

    data = Path(args.dir) if args.dir else demo_dir()
    server = LocalServer(data)
    print(word("sync.demo_starting", {"path": str(data)}), file=sys.stderr)
    owner = server.start()
    try:
        url = central_url(owner).set(database=DEMO_DATABASE)
        loaded = load_demo(owner, args.properties, args.seed)
        if loaded:
            print(loaded)
        else:
            print(word("sync.demo_kept", {"path": str(data)}))
        print_demo_help(url)
        if args.no_wait:
            print(word("sync.demo_no_wait"))
            return 0
        web = _demo_web(url, args.web) if args.web else None
        print(word("sync.demo_serving"), flush=True)
        try:
            _wait_for_interrupt()
        finally:
            if web is not None:
                web.stop()
        return 0
    finally:
        server.stop()


def _demo_web(url: URL, bind: str) -> RunningForm:
    """The campaign's web form beside the demo database, through its own role."""
    from sqlalchemy import text

    from desk.sync.central import CentralDatabase
    from desk.web.role import add_web_role
    from desk.web.serve import start_in_thread

    central = CentralDatabase(url)
    try:
        account = add_web_role(central)
        with central.read() as session:
            sample = session.execute(
                text(
                    "SELECT p.payer_code, r.subscriber_number FROM payer p "
                    "JOIN tenure t ON t.payer_id = p.id JOIN property r ON r.id = t.property_id "
                    "ORDER BY p.payer_code LIMIT 1"
                )
            ).first()
    finally:
        central.close()
    web = start_in_thread(account.url(url), bind, quiet=False)
    print(word("web.serving", {"url": web.url + "/"}), flush=True)
    if sample is not None:
        print(word("web.demo_try", {"payer": sample[0], "subscriber": sample[1]}), flush=True)
    return web


def load_demo(owner_url: str, properties: int, seed: int) -> str | None:
    """Create, migrate and fill the ``desk`` database unless it holds data; what was loaded."""
    from sqlalchemy import create_engine, func, select, text

    from desk.models.db import open_database
    from desk.models.tables import Property
    from desk.services.demo import generate_demo
    from desk.services.users import ensure_demo_users
    from desk.sync.approval_keys import set_demo_keys
    from desk.sync.central import CentralDatabase, central_url, upgrade_central
    from desk.sync.seed import seed_central

    admin = create_engine(central_url(owner_url), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            exists = conn.scalar(
                text("SELECT 1 FROM pg_database WHERE datname = :d"), {"d": DEMO_DATABASE}
            )
            if not exists:
                conn.execute(text(f"CREATE DATABASE {DEMO_DATABASE}"))
    finally:
        admin.dispose()
    url = central_url(owner_url).set(database=DEMO_DATABASE)
    upgrade_central(url)
    central = CentralDatabase(url)
    try:
        with central.read() as session:
            if session.scalar(select(func.count()).select_from(Property)):
                return None
        with tempfile.TemporaryDirectory(prefix="desk-demo-") as folder:
            path = Path(folder) / "demo.sqlite"
            bar = ProgressBar(word("sync.bar.demo"))
            summary = generate_demo(path, properties=properties, seed=seed, progress=bar)
            bar.finish()
            local = open_database(path)
            try:
                ensure_demo_users(local)
                bar = ProgressBar(word("sync.bar.to_central"))
                seed_central(central, local, progress=bar)
                bar.finish()
                set_demo_keys(central)
            finally:
                local.close()
    finally:
        central.close()
    return demo_summary_text(summary)


def print_demo_help(url: URL) -> None:
    shown = url.render_as_string(hide_password=False)
    print()
    print(word("sync.demo_central", {"url": shown}))
    print(word("sync.demo_two_desks"))
    for number in (1, 2):
        code, name = f"K{number}", word("sync.demo_desk_name", {"number": str(number)})
        db = f"{code.lower()}.sqlite"
        print(
            f"  desk central add-desk {code} --name '{name}' --kind cashier "
            f"--url '{shown}' --db {db}"
        )
        print(f"  desk join --db {db}")
    print(f"  desk --db k1.sqlite      # {word('sync.demo_app')}")
    print(f"  desk sync --db k1.sqlite # {word('sync.demo_once')}")


def _wait_for_interrupt() -> None:
    """Until Ctrl+C or SIGTERM, whoever started us (a shell job may have SIGINT ignored)."""
    stop = threading.Event()
    handlers = {
        sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGINT, signal.SIGTERM)
    }
    try:
        while not stop.wait(1.0):
            pass
        print("\n" + word("sync.demo_stopping"), file=sys.stderr)
    finally:
        for sig, previous in handlers.items():
            signal.signal(sig, previous)


# --- desk join, desk sync ----------------------------------------------------------


def cmd_join(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import DBAPIError

    from desk.sync.central import CentralDatabase
    from desk.sync.config import (
        CentralConfig,
        load_config,
        load_password,
        save_config,
        store_password,
    )
    from desk.sync.first_replica import first_replica

    path = _required_db(args)
    local = _open_local(path)
    try:
        stored = load_config(local)
        if args.url:
            config = CentralConfig.from_url(args.url, desk=args.desk or None)
        elif stored is not None:
            config = stored
        else:
            raise UserError("sync.no_url")
        if args.desk:
            config = CentralConfig.from_url(config.url(), desk=args.desk)
        elif config.desk is None and stored is not None and stored.desk:
            config = CentralConfig.from_url(config.url(), desk=stored.desk)
        if not config.desk:
            raise UserError("sync.no_desk")
        password = _password(args, lambda: load_password(config, path))
        if config.sslmode and config.needs_no_tls:
            print(
                word("sync.unix_socket_tls", {"host": config.host, "sslmode": config.sslmode}),
                file=sys.stderr,
            )
        central = CentralDatabase(config.url(password))
        bar = ProgressBar(word("sync.bar.copy", {"desk": config.desk}))

        def announce(code: str) -> None:
            bar.finish()  # the bar goes on below the line
            print(word(code, {"path": str(path)}), file=sys.stderr, flush=True)

        try:
            result = first_replica(local, central, config.desk, progress=bar, announce=announce)
        except DBAPIError as exc:
            raise unreachable(config.url(), exc) from exc
        except RuntimeError as exc:
            raise UserError("generic.text", text=str(exc)) from exc
        finally:
            bar.finish()
            central.close()
        save_config(local, config)
    finally:
        local.close()
    place = store_password(config, password, path)
    print(word("sync.joined", {"path": str(path), "desk": config.desk, "rows": result.changes}))
    if result.history_from is not None:
        print(word("sync.joined_window", {"day": result.history_from.isoformat()}))
    print(word("sync.connection", {"url": config.display(), "place": place.text()}))
    return 0


def _password(args: argparse.Namespace, stored: Callable[[], str | None]) -> str:
    """From stdin (--password-stdin), the URL, what is stored, or a prompt, in that order."""
    if args.password_stdin:
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise UserError("sync.stdin_empty")
        return line
    from desk.sync.config import url_password

    in_url = url_password(args.url) if args.url else None
    if in_url:
        return in_url
    found = stored()
    if found is not None:
        return found
    if sys.stdin.isatty():
        return getpass.getpass(word("sync.password_prompt"))
    raise UserError("sync.no_password_given")


def cmd_sync(args: argparse.Namespace) -> int:
    from desk.models.db import open_database
    from desk.sync.replication import sync_moment
    from desk.sync.service import sync_once

    path = Path(args.db) if getattr(args, "db", None) else None
    if path is None:
        from desk.settings import demo_database_path

        path = demo_database_path()
    if not path.exists():
        raise UserError("cli.no_database", path=str(path))
    local = open_database(path)
    bar = ProgressBar(word("sync.bar.sync"))
    try:
        outcome = sync_once(local, progress=bar)
    finally:
        bar.finish()
        local.close()
    if outcome.state == "not_configured":
        raise UserError("generic.text", text=outcome.text())
    print(outcome.text())
    for key, code in (
        ("sync_pulled_at", "sync.last_pulled"),
        ("sync_pushed_at", "sync.last_pushed"),
    ):
        moment = sync_moment(outcome.last_sync.get(key))
        if moment is not None:
            print(word(code, {"when": moment}))
    return 0 if outcome.online else EXIT_OFFLINE


# --- the parser --------------------------------------------------------------------


def add_parsers(
    sub: argparse._SubParsersAction,  # type: ignore[type-arg]
    command: Command,
) -> argparse._SubParsersAction:  # type: ignore[type-arg]
    """The sync commands; ``command`` (desk.cli) adds one with its worded help and --lang.
    Returns ``desk central``'s subcommands, for the web family's ``web-role``."""
    central = command(sub, "central", "cli.help.central", db=False)
    central.set_defaults(func=lambda _args: _missing(central))
    csub = central.add_subparsers(dest="central_command")

    p = command(csub, "init", "cli.help.central_init", db=False)
    p.add_argument("url", help="postgresql://owner@host/dbname")
    p.set_defaults(func=cmd_central_init)

    p = command(csub, "compact", "cli.help.central_compact", db=False)
    p.add_argument("--url", required=True, help=word("cli.help.owner_url"))
    p.set_defaults(func=cmd_central_compact)

    p = command(csub, "import", "cli.help.central_import", db=False)
    p.add_argument("file", help=word("cli.help.file"))
    p.add_argument("--url", required=True, help=word("cli.help.owner_url"))
    p.set_defaults(func=cmd_central_import)

    p = command(csub, "demo", "cli.help.central_demo", db=False)
    p.add_argument("--dir", help=word("cli.help.demo_dir"))
    p.add_argument("--properties", type=int, default=2000, help=word("cli.help.properties"))
    p.add_argument("--seed", type=int, default=1, help=word("cli.help.seed"))
    p.add_argument("--no-wait", action="store_true", help=word("cli.help.no_wait"))
    p.add_argument("--web", metavar="HOST:PORT", help=word("cli.help.demo_web"))
    p.set_defaults(func=cmd_central_demo)

    p = command(csub, "add-desk", "cli.help.add_desk", db=False)
    p.add_argument("code", help=word("cli.help.desk_code"))
    p.add_argument("--name", required=True, help=word("cli.help.desk_name"))
    p.add_argument("--kind", default="cashier", help=word("cli.help.desk_kind"))
    p.add_argument("--url", required=True, help=word("cli.help.owner_url"))
    p.add_argument("--db", default=argparse.SUPPRESS, help=word("cli.help.store_in"))
    p.set_defaults(func=cmd_central_add_desk)

    p = command(csub, "user-key", "cli.help.user_key", db=False)
    p.add_argument("username", help=word("cli.help.username"))
    p.add_argument("--url", required=True, help=word("cli.help.owner_url"))
    p.add_argument("--password-stdin", action="store_true", help=word("cli.help.password_stdin"))
    p.set_defaults(func=cmd_central_user_key)

    p = command(sub, "join", "cli.help.join", db=False)
    p.add_argument("--db", default=argparse.SUPPRESS, help=word("cli.help.join_db"))
    p.add_argument("url", nargs="?", help=word("cli.help.join_url"))
    p.add_argument("--desk", help=word("cli.help.join_desk"))
    p.add_argument("--password-stdin", action="store_true", help=word("cli.help.password_stdin"))
    p.set_defaults(func=cmd_join)

    p = command(sub, "sync", "cli.help.sync")
    p.set_defaults(func=cmd_sync)
    return csub


def _missing(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2
