"""The `desk` command (INTERCHANGE.md fixes `import` and `quote`)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from desk.services.problems import ProblemsError, UserError

EXIT_USER = 2


def default_db_path() -> Path:
    """The demo database in the user data directory (platformdirs)."""
    from desk.settings import demo_database_path

    return demo_database_path()


def _db(args: argparse.Namespace) -> Path:
    return Path(args.db) if args.db else default_db_path()


def _open(path: Path):  # type: ignore[no-untyped-def]
    from desk.models.db import open_database

    path.parent.mkdir(parents=True, exist_ok=True)
    return open_database(path)


def cmd_import(args: argparse.Namespace) -> int:
    from desk.services.importer import import_file

    db = _open(_db(args))
    try:
        summary = import_file(db, Path(args.file))
    finally:
        db.close()
    print(summary)
    return 0


def cmd_quote(args: argparse.Namespace) -> int:
    from desk.services.quotes import quote_for, quote_json, quote_table

    try:
        on = date.fromisoformat(args.on)
    except ValueError as exc:
        raise UserError(f"--on: not a date (YYYY-MM-DD): {args.on!r}") from exc
    path = _db(args)
    if not path.exists():
        raise UserError(f"--db: no database at {path}")
    db = _open(path)
    try:
        result = quote_for(db, args.payer_code, on, args.pay)
    finally:
        db.close()
    if args.json:
        print(json.dumps(quote_json(result), ensure_ascii=False, indent=1))
    else:
        print(quote_table(result))
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from desk.services.demo import generate_demo

    path = _db(args)
    path.parent.mkdir(parents=True, exist_ok=True)

    def progress(done: int, total: int) -> None:
        print(f"\r{done}/{total}", end="", file=sys.stderr, flush=True)

    try:
        summary = generate_demo(path, properties=args.properties, seed=args.seed, progress=progress)
    except ValueError as exc:
        raise UserError(str(exc)) from exc
    print(file=sys.stderr)
    from desk.models.db import open_database
    from desk.services.users import DEMO_PASSWORD, DEMO_USERS, ensure_demo_users

    db = open_database(path)
    try:
        ensure_demo_users(db)
    finally:
        db.close()
    print(summary)
    users = ", ".join(name for name, _, _ in DEMO_USERS)
    print(f"demo users: {users} (password {DEMO_PASSWORD})")
    return 0


def cmd_set_desk(args: argparse.Namespace) -> int:
    from desk.services.desk_identity import set_this_desk

    db = _open(_db(args))
    try:
        set_this_desk(db, args.code)
    finally:
        db.close()
    print(f"this database now works as desk {args.code.strip().upper()}")
    return 0


def _report_day(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UserError(f"{option}: не е дата ГГГГ-ММ-ДД: {text!r}") from None


def _write_pdf(pdf: bytes, out: str) -> None:
    """Whole or not at all: a half-written report never sits under the asked name."""
    target = Path(out)
    if not target.parent.is_dir():
        raise UserError(f"--out: няма такава папка: {target.parent}")
    if target.is_dir():
        raise UserError(
            f"--out: {target} е папка; дайте име на файл, напр. {target / 'report.pdf'}"
        )
    partial = target.with_name(target.name + ".partial")
    try:
        partial.write_bytes(pdf)
        partial.replace(target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise UserError(f"--out: {target} не може да се запише: {exc.strerror or exc}") from exc
    print(f"{target} ({len(pdf):,} B)".replace(",", " "))


def _report_clock() -> datetime:
    """Now in Sofia, naive, as the desk stores times."""
    from zoneinfo import ZoneInfo

    from desk.settings import TIMEZONE

    return datetime.now(ZoneInfo(TIMEZONE)).replace(tzinfo=None)


def cmd_report_daily(args: argparse.Namespace) -> int:
    from desk.services.daily_report import daily_report_pdf

    day = _report_day(args.date, "--date")
    until = _report_day(args.to, "--to") if args.to else None
    db = _open_existing(_db(args))
    try:
        desk = args.desk.strip().upper() if args.desk else None  # as `desk set-desk` takes it
        pdf = daily_report_pdf(db, _who(), day, until, desk, now=_report_clock())
    finally:
        db.close()
    _write_pdf(pdf, args.out)
    return 0


def cmd_report_campaign(args: argparse.Namespace) -> int:
    from desk.services.campaign_report import campaign_report_pdf

    now = _report_clock()
    on = _report_day(args.on, "--on") if args.on else now.date()
    db = _open_existing(_db(args))
    try:
        pdf = campaign_report_pdf(db, _who(), on, now)
    finally:
        db.close()
    _write_pdf(pdf, args.out)
    return 0


def _who() -> str:
    """Who printed a report from the command line: the machine's user."""
    import getpass

    try:
        return f"{getpass.getuser()} (команден ред)"
    except OSError:
        return "команден ред"


def _open_existing(path: Path):  # type: ignore[no-untyped-def]
    """A report reads a database; it never creates an empty one by a typo in --db."""
    if not path.is_file():
        raise UserError(f"--db: няма такъв файл: {path}")
    return _open(path)


def cmd_gui(args: argparse.Namespace) -> int:
    from desk.ui.app import run

    return run(Path(args.db) if args.db else None, language=args.lang)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="desk", description="Каса и информационен център")
    top.add_argument("--db", help="local database file (default: the demo database)")
    top.add_argument("--lang", default="bg", choices=["bg", "en"], help="UI language")
    top.set_defaults(func=cmd_gui)
    sub = top.add_subparsers(dest="command")

    p = sub.add_parser("import", help="load a billing export (INTERCHANGE.md)")
    p.add_argument("file")
    p.add_argument("--db", default=argparse.SUPPRESS)
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("quote", help="what a payer owes on a day")
    p.add_argument("payer_code")
    p.add_argument("--on", required=True)
    p.add_argument("--pay", nargs="+", metavar="ITEM")
    p.add_argument("--db", default=argparse.SUPPRESS)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_quote)

    p = sub.add_parser("demo", help="build a demo database")
    p.add_argument("--properties", type=int, default=2000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--db", default=argparse.SUPPRESS)
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("set-desk", help="say which desk this local database is (e.g. K2)")
    p.add_argument("code")
    p.add_argument("--db", default=argparse.SUPPRESS)
    p.set_defaults(func=cmd_set_desk)

    report = sub.add_parser("report", help="supervisors' reports as A4 PDF")
    rsub = report.add_subparsers(dest="report", required=True)
    p = rsub.add_parser("daily", help="the daily report of one day (or --to a later day)")
    p.add_argument("--date", required=True, help="YYYY-MM-DD")
    p.add_argument("--to", help="YYYY-MM-DD: the last day of a range")
    p.add_argument("--desk", help="one desk's code, e.g. K1 (default: all desks)")
    p.add_argument("--out", required=True, help="the PDF file to write")
    p.add_argument("--db", default=argparse.SUPPRESS)
    p.set_defaults(func=cmd_report_daily)
    p = rsub.add_parser("campaign", help="the contact campaign's progress per district")
    p.add_argument("--on", help="YYYY-MM-DD (default: today)")
    p.add_argument("--out", required=True, help="the PDF file to write")
    p.add_argument("--db", default=argparse.SUPPRESS)
    p.set_defaults(func=cmd_report_campaign)

    from desk.sync.commands import add_parsers

    add_parsers(sub)  # desk central …, desk join, desk sync
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(args.func(args))
    except ProblemsError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return EXIT_USER
    except UserError as exc:
        print(exc, file=sys.stderr)
        return EXIT_USER


if __name__ == "__main__":
    sys.exit(main())
