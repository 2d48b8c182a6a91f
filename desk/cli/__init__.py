"""The `desk` command: the command line's room, at the top of the house.

One module per family of commands, each adding its own to the parser: local (a
desk's own file: import, quote, demo, set-desk), records (report, prune, audit
verify), central (central …, join, sync), web (web, central web-role) and campaign
(campaign …); common holds what they share and progress their one progress bar.
Without a subcommand `desk` starts the desk's windows (desk.ui).

Everything it prints for a person is worded in one language, ``--lang`` or
``DESK_LANG`` (default Bulgarian), through desk/messages.py; the JSON of
``desk quote --json`` is INTERCHANGE.md's (which fixes `import` and `quote`) and
never worded.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from desk import messages
from desk.cli import campaign, central, local, records, web
from desk.cli.common import EXIT_USER
from desk.messages import word
from desk.services.problems import ProblemsError, UserError


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

    local.add_parsers(sub, command)  # desk import, quote, demo, set-desk
    records.add_parsers(sub, command)  # desk report …, prune, audit verify
    central_commands = central.add_parsers(sub, command)  # desk central …, join, sync
    web.add_parsers(sub, central_commands, command)  # desk web, desk central web-role
    campaign.add_parsers(sub, command)  # desk campaign email, export, bounces, …
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
