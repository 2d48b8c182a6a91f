"""The `desk` command (INTERCHANGE.md fixes `import` and `quote`).

Everything it prints for a person is worded in one language, ``--lang`` or
``DESK_LANG`` (default Bulgarian), through desk/messages.py; the JSON of
``desk quote --json`` is INTERCHANGE.md's and never worded.
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import json
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from desk import messages
from desk.messages import word
from desk.services.problems import ProblemsError, UserError

if TYPE_CHECKING:
    from desk.billing.quote import Quote
    from desk.services.demo import DemoSummary

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
    from desk.services.quotes import quote_for, quote_json

    on = _report_day(args.on, "--on")
    path = _db(args)
    if not path.exists():
        raise UserError("cli.no_database", path=str(path))
    db = _open(path)
    try:
        result = quote_for(db, args.payer_code, on, args.pay)
    finally:
        db.close()
    if args.json:
        print(json.dumps(quote_json(result), ensure_ascii=False, indent=1))
    else:
        print(quote_text(result))
    return 0


def _banner(banner: str) -> str:
    """ "court:order" -> "court case: order", each part in the current language."""
    name, _, value = banner.partition(":")
    if name == "court":
        return word("quote.banner.court", {"stage": word(f"quote.stage.{value}")})
    if name == "plan":
        return word("quote.banner.plan", {"plan": value})
    code = f"quote.banner.{name}_{value}" if value else f"quote.banner.{name}"
    return word(code) if code in messages.CATALOGUE else banner


def quote_text(q: Quote) -> str:
    """`desk quote` without --json: the same as a table, in the current language."""
    standing = word("quote.good_standing" if q.good_standing else "quote.overdue_debts")
    banners = ", ".join(_banner(b) for b in q.banners)
    lines = [
        word("quote.head", {"payer": q.payer_code, "on": q.on}),
        standing + (f"; {banners}" if banners else ""),
    ]
    columns = [word(f"quote.col.{c}") for c in ("item", "kind", "period", "deadline")]
    amounts = [word(f"quote.col.{c}") for c in ("balance", "discount", "to_pay")]
    rows = []
    for e in q.items:
        kind = f"quote.kind.{e.kind}"
        rows.append(
            (
                "x" if e.selected else "",
                e.item,
                word(kind) if kind in messages.CATALOGUE else e.kind,
                e.period or "",
                messages.when(e.deadline),
                messages.money(e.balance),
                messages.money(e.discount),
                messages.money(e.to_pay),
                word("quote.overdue") if e.overdue else "",
            )
        )
    head = ("", *columns, *amounts, "")
    widths = [max(len(r[i]) for r in (head, *rows)) for i in range(len(head))]
    right = {5, 6, 7}
    for row in (head, *rows):
        cells = [
            cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
            for i, cell in enumerate(row)
        ]
        lines.append("  ".join(cells).rstrip())
    t = q.totals
    lines.append(
        word(
            "quote.totals",
            {
                "balance": t.balance,
                "overdue": t.overdue,
                "selected": t.selected,
                "discount": t.discount,
                "to_pay": t.to_pay,
                "credit": q.credit,
            },
        )
    )
    return "\n".join(lines)


def cmd_demo(args: argparse.Namespace) -> int:
    from desk.services.demo import EARLIEST_TODAY, generate_demo

    if not 1 <= args.properties <= 8_999_999:  # 7-digit subscriber numbers
        raise UserError("cli.properties_range", value=str(args.properties))
    path = _db(args)
    path.parent.mkdir(parents=True, exist_ok=True)

    def progress(done: int, total: int) -> None:
        print(f"\r{done}/{total}", end="", file=sys.stderr, flush=True)

    today = _report_day(args.today, "--today") if args.today else None  # None: today in Sofia
    if today is not None and today < EARLIEST_TODAY:
        raise UserError("cli.today_too_early", earliest=EARLIEST_TODAY, value=today)
    try:
        summary = generate_demo(
            path, properties=args.properties, seed=args.seed, today=today, progress=progress
        )
    except ValueError as exc:
        raise UserError("generic.text", text=str(exc)) from exc
    print(file=sys.stderr)
    from desk.models.db import open_database
    from desk.services.users import DEMO_PASSWORD, DEMO_USERS, ensure_demo_users

    db = open_database(path)
    try:
        ensure_demo_users(db)
    finally:
        db.close()
    print(demo_summary_text(summary))
    users = ", ".join(name for name, _, _ in DEMO_USERS)
    print(word("cli.demo_users", {"users": users, "password": DEMO_PASSWORD}))
    return 0


def demo_summary_text(summary: DemoSummary) -> str:
    """What `desk demo` (and `desk central demo`) made, in the current language."""
    return word("cli.demo_summary", dataclasses.asdict(summary))


def cmd_set_desk(args: argparse.Namespace) -> int:
    from desk.services.desk_identity import set_this_desk

    db = _open(_db(args))
    try:
        set_this_desk(db, args.code)
    finally:
        db.close()
    print(word("cli.desk_set", {"code": args.code.strip().upper()}))
    return 0


def _report_day(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UserError("cli.not_a_date", option=option, text=repr(text)) from None


def _write_pdf(pdf: bytes, out: str) -> None:
    """Whole or not at all: a half-written report never sits under the asked name."""
    target = Path(out)
    if not target.parent.is_dir():
        raise UserError("cli.no_folder", path=str(target.parent))
    if target.is_dir():
        raise UserError("cli.out_is_folder", path=str(target), example=str(target / "report.pdf"))
    from desk.saving import free_path

    target = free_path(target)  # a file already there stays: report-2.pdf, named below
    partial = target.with_name(target.name + ".partial")
    try:
        partial.write_bytes(pdf)
        partial.replace(target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise UserError(
            "cli.out_unwritable", path=str(target), reason=str(exc.strerror or exc)
        ) from exc
    print(word("cli.written", {"path": str(target), "size": len(pdf)}))


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
        # The daily report is in Bulgarian only, its printer's line too.
        pdf = daily_report_pdf(db, _who("bg"), day, until, desk, now=_report_clock())
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


def _who(lang: str | None = None) -> str:
    """Who printed a report from the command line: the machine's user, in the report's
    language (``lang``; the chosen one by default)."""
    import getpass

    try:
        return word("campaign.command_line", {"user": getpass.getuser()}, lang)
    except OSError:
        return word("campaign.command_line_nobody", lang=lang)


def _open_existing(path: Path):  # type: ignore[no-untyped-def]
    """A report reads a database; it never creates an empty one by a typo in --db."""
    if not path.is_file():
        raise UserError("cli.no_such_file", path=str(path))
    return _open(path)


EXIT_BROKEN = 1  # desk audit verify: a chain does not hold


def cmd_audit_verify(args: argparse.Namespace) -> int:
    """The audit log's hash chain (desk.services.audit_chain): of a desk's file, or of
    every desk at the central database (``--url``, the owner's)."""
    from desk.services.audit_chain import verify_central, verify_file

    if args.url:
        from sqlalchemy.exc import DBAPIError

        from desk.sync.central import CentralDatabase

        central = CentralDatabase(args.url)
        try:
            with central.read() as session:
                chains = verify_central(session)
        except DBAPIError as exc:
            from desk.cli.central import _unreachable

            raise _unreachable(args.url, exc) from exc
        finally:
            central.close()
        if not chains:
            print(word("audit.verify_no_chains"))
        for code, verified in chains:
            if verified.broken is None:
                print(word("audit.verify_desk_ok", {"desk": code, "rows": verified.rows}))
            else:
                broken = verified.broken
                values = {"desk": code, "row": broken.seq, "reason": f"chain.{broken.reason}"}
                print(word("audit.verify_desk_broken", values), file=sys.stderr)
        return EXIT_BROKEN if any(v.broken for _, v in chains) else 0
    database = _open_existing(_db(args))
    try:
        with database.read() as session:
            verified = verify_file(session)
    finally:
        database.close()
    if verified.broken is None:
        print(word("audit.verify_ok", {"rows": verified.rows}))
        return 0
    values = {"row": verified.broken.seq, "reason": f"chain.{verified.broken.reason}"}
    print(word("audit.verify_broken", values), file=sys.stderr)
    return EXIT_BROKEN


def cmd_prune(args: argparse.Namespace) -> int:
    """Keep only the history window (desk.services.retention): the first time on a file
    that holds everything, at night or between shifts; ``--compact`` gives the freed
    space back to the disk afterwards."""
    from desk.services.retention import compact, prune_history

    today = _report_day(args.today, "--today") if args.today else _report_clock().date()
    db = _open_existing(_db(args))
    try:

        def progress(done: int, total: int) -> None:
            print(
                f"\r{word('cli.pruning', {'done': done, 'total': total})}",
                end="",
                file=sys.stderr,
                flush=True,
            )

        pruned = prune_history(db, today, progress=progress)
        print(file=sys.stderr)
        if pruned.start is None:
            print(word("cli.prune_nothing"))
        else:
            print(word("cli.pruned", dataclasses.asdict(pruned)))
        if args.compact:
            before, after = compact(db)
            print(
                word("cli.compacted", {"before": before // 1_000_000, "after": after // 1_000_000})
            )
    finally:
        db.close()
    return 0


def cmd_gui(args: argparse.Namespace) -> int:
    from desk.ui.app import run

    return run(Path(args.db) if args.db else None, language=args.lang)


def default_language() -> str:
    """DESK_LANG when it names a language Desk speaks, else Bulgarian."""
    chosen = os.environ.get("DESK_LANG", "")
    return chosen if chosen in messages.LANGUAGES else "bg"


def _lang_option(parser: argparse.ArgumentParser, default: str | None) -> None:
    parser.add_argument(
        "--lang",
        choices=list(messages.LANGUAGES),
        default=argparse.SUPPRESS if default is None else default,
        help=word("cli.help.lang"),
    )


def parser() -> argparse.ArgumentParser:
    """The parser, its help worded in the current language (``messages.set_language``)."""
    top = argparse.ArgumentParser(prog="desk", description=word("cli.description"))
    top.add_argument("--db", help=word("cli.help.db"))
    _lang_option(top, default_language())
    top.set_defaults(func=cmd_gui)
    sub = top.add_subparsers(dest="command")

    def command(
        parent: argparse._SubParsersAction,  # type: ignore[type-arg]
        name: str,
        help_code: str,
        *,
        db: bool = True,
    ) -> argparse.ArgumentParser:
        p: argparse.ArgumentParser = parent.add_parser(
            name, help=word(help_code), description=word(help_code)
        )
        if db:
            p.add_argument("--db", default=argparse.SUPPRESS, help=word("cli.help.db"))
        _lang_option(p, None)
        return p

    p = command(sub, "import", "cli.help.import")
    p.add_argument("file", help=word("cli.help.file"))
    p.set_defaults(func=cmd_import)

    p = command(sub, "quote", "cli.help.quote")
    p.add_argument("payer_code", help=word("cli.help.payer_code"))
    p.add_argument("--on", required=True, help=word("cli.help.on"))
    p.add_argument("--pay", nargs="+", metavar="ITEM", help=word("cli.help.pay"))
    p.add_argument("--json", action="store_true", help=word("cli.help.json"))
    p.set_defaults(func=cmd_quote)

    p = command(sub, "demo", "cli.help.demo")
    p.add_argument("--properties", type=int, default=2000, help=word("cli.help.properties"))
    p.add_argument("--seed", type=int, default=1, help=word("cli.help.seed"))
    p.add_argument("--today", help=word("cli.help.demo_today"))
    p.set_defaults(func=cmd_demo)

    p = command(sub, "set-desk", "cli.help.set_desk")
    p.add_argument("code", help=word("cli.help.desk_code"))
    p.set_defaults(func=cmd_set_desk)

    report = command(sub, "report", "cli.help.report", db=False)
    rsub = report.add_subparsers(dest="report", required=True)
    p = command(rsub, "daily", "cli.help.daily")
    p.add_argument("--date", required=True, help=word("cli.help.date"))
    p.add_argument("--to", help=word("cli.help.to"))
    p.add_argument("--desk", help=word("cli.help.one_desk"))
    p.add_argument("--out", required=True, help=word("cli.help.out"))
    p.set_defaults(func=cmd_report_daily)
    p = command(rsub, "campaign", "cli.help.campaign")
    p.add_argument("--on", help=word("cli.help.on_today"))
    p.add_argument("--out", required=True, help=word("cli.help.out"))
    p.set_defaults(func=cmd_report_campaign)

    p = command(sub, "prune", "cli.help.prune")
    p.add_argument("--today", help=word("cli.help.prune_today"))
    p.add_argument("--compact", action="store_true", help=word("cli.help.compact"))
    p.set_defaults(func=cmd_prune)

    audit = command(sub, "audit", "cli.help.audit", db=False)
    asub = audit.add_subparsers(dest="audit", required=True)
    p = command(asub, "verify", "cli.help.audit_verify")
    p.add_argument("--url", help=word("cli.help.audit_url"))
    p.set_defaults(func=cmd_audit_verify)

    from desk.cli.central import add_parsers

    add_parsers(sub, command)  # desk central …, desk join, desk sync
    from desk.cli.campaign import add_parsers as add_campaign_parsers

    add_campaign_parsers(sub, command)  # desk campaign email, export, bounces, …
    return top


# argparse's own words (usage, its refusals), for the Bulgarian help and errors.
ARGPARSE_BG = {
    "usage: ": "употреба: ",
    "positional arguments": "позиционни аргументи",
    "options": "опции",
    "subcommands": "подкоманди",
    "show this help message and exit": "показва тази помощ и излиза",
    "argument %(argument_name)s: %(message)s": "аргумент %(argument_name)s: %(message)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s: грешка: %(message)s\n",
    "the following arguments are required: %s": "липсват задължителни аргументи: %s",
    "unrecognized arguments: %s": "непознати аргументи: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "невъзможен избор: %(value)r (може: %(choices)s)"
    ),
    "invalid %(type)s value: %(value)r": "невалидна стойност (%(type)s): %(value)r",
    "expected one argument": "очаква се една стойност",
    "expected at most one argument": "очаква се най-много една стойност",
    "expected at least one argument": "очаква се поне една стойност",
    "ambiguous option: %(option)s could match %(matches)s": (
        "двусмислена опция: %(option)s може да е %(matches)s"
    ),
    "one of the arguments %s is required": "нужен е един от аргументите %s",
    "not allowed with argument %s": "не е позволено заедно с %s",
    "ignored explicit argument %r": "пренебрегнат аргумент %r",
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "непозната подкоманда %(parser_name)r (може: %(choices)s)"
    ),
}


@contextmanager
def _argparse_words(language: str) -> Iterator[None]:
    """argparse words its usage and refusals through its module's ``_``: in Bulgarian
    that ``_`` looks them up in ARGPARSE_BG, for this command only."""
    if language != "bg":
        yield
        return
    original = argparse._  # type: ignore[attr-defined]
    argparse._ = lambda text: ARGPARSE_BG.get(text, original(text))  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._ = original  # type: ignore[attr-defined]


def _language_asked(argv: Sequence[str]) -> str:
    """The last ``--lang`` that names a language, wherever it stands (before or after the
    subcommand), else the default; argparse then refuses one that names none."""
    chosen = default_language()
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        value = argv[index + 1] if arg == "--lang" and index + 1 < len(argv) else None
        if arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        if value in messages.LANGUAGES:
            chosen = value
    return chosen


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    before = messages.language()
    # The language first: the help and argparse's own refusals are worded in it too.
    language = _language_asked(argv)
    messages.set_language(language)
    try:
        with _argparse_words(language):
            args = parser().parse_args(argv)
        return int(args.func(args))
    except ProblemsError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return EXIT_USER
    except UserError as exc:
        print(exc, file=sys.stderr)
        return EXIT_USER
    except BrokenPipeError:
        # `desk … | head`: the reader has gone, so nothing more to say. Python's own
        # flush of stdout at exit would fail again: point it at /dev/null (as the
        # Python documentation's note on SIGPIPE does).
        _quiet_stdout()
        return 1
    finally:
        messages.set_language(before)


def _quiet_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass  # not a real file (a test's capture): nothing will flush to a closed pipe


if __name__ == "__main__":
    sys.exit(main())
