"""`desk campaign …`: survey cards by e-mail from the command line (issue 16).

``smtp`` keeps the mail server's settings (the password in the keyring),
``email`` sends the cards due, ``export`` writes them with a manifest for the
billing system's mailer, ``bounces`` reads delivery status notifications back,
``problems`` lists refusals, bounces and uncertain cards, ``resend`` queues
uncertain cards again. A batch cut short (Ctrl-C, a kill, the server gone)
continues where it stopped when run again, and sends each card at most once: a
card the server may have taken (the connection lost after the message's end,
or the sender killed mid-message) is listed as uncertain and goes again only
after ``resend``, once someone has looked at the server's log.

Who acts is a user of this desk (``--as``, a clerk or a supervisor), with the
password from ``DESK_PASSWORD`` or typed at a prompt: the cards are issued and
audited in their name, as at the information desk.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from desk.cli.common import Command, db_path, open_existing, report_clock, report_day
from desk.cli.progress import ProgressBar
from desk.messages import word
from desk.services.problems import UserError

if TYPE_CHECKING:
    from desk.models.db import Database
    from desk.services.context import DeskContext
    from desk.services.email_cards import BatchProgress

PASSWORD_ENV = "DESK_PASSWORD"


def _database(args: argparse.Namespace) -> Database:
    return open_existing(db_path(args))


def _log_in(db: Database, username: str) -> DeskContext:
    """The user ``--as`` names, logged in at this database's desk."""
    from desk.services.desk_identity import NOT_A_DESK, this_desk_code
    from desk.services.users import log_in

    desk = this_desk_code(db)
    if desk is None:
        raise UserError(NOT_A_DESK)
    password = os.environ.get(PASSWORD_ENV)
    if password is None:
        if not sys.stdin.isatty():
            raise UserError("campaign.no_login_password", user=username)
        password = getpass.getpass(word("campaign.login_prompt", {"user": username}))
    result, ctx = log_in(db, username, password, desk, report_clock())
    if ctx is None:
        problem = result.problem or "login.wrong"
        raise UserError("campaign.login_failed", user=username, problem=problem)
    return ctx


def cmd_smtp(args: argparse.Namespace) -> int:
    from desk.services.email_cards import (
        PASSWORD_ENV as SMTP_PASSWORD_ENV,
    )
    from desk.services.email_cards import (
        SmtpSettings,
        save_smtp_settings,
    )

    settings = SmtpSettings(
        host=args.host,
        port=args.port,
        security=args.security,
        username=args.smtp_user,
        sender=args.sender,
        per_minute=args.per_minute,
    )
    db = _database(args)
    try:
        ctx = _log_in(db, args.as_user)
        password = None
        if args.smtp_user:
            password = os.environ.get(SMTP_PASSWORD_ENV)
            if password is None and sys.stdin.isatty():
                password = getpass.getpass(
                    word("campaign.smtp_prompt", {"user": args.smtp_user, "server": args.host})
                )
            if password is None:
                raise UserError("campaign.no_smtp_password", user=args.smtp_user)
        save_smtp_settings(db, ctx, settings, password)
    finally:
        db.close()
    print(word("campaign.smtp_saved", {"server": f"{args.host}:{args.port}"}))
    return 0


def _push_first(db: Database) -> Callable[[], None] | None:
    """Before the first card goes: push the new cards to the central database, whose web
    form knows a card only once its desk pushed it (``desk sync``'s push and pull, under
    its lock). Offline, the cards go all the same, with a warning saying what that
    costs. None for a desk with no central database."""
    from desk.sync.config import load_config

    if load_config(db) is None:
        return None

    def push() -> None:
        from desk.sync.service import sync_once

        outcome = sync_once(db)
        if not outcome.online:
            reason = outcome.text().splitlines()[0]
            print(word("campaign.not_pushed", {"reason": reason}), file=sys.stderr)

    return push


def _batch(args: argparse.Namespace, export: bool) -> int:
    from desk.services.email_cards import (
        export_cards,
        load_web_url,
        save_web_url,
        send_cards,
    )

    now = report_clock()
    on = now.date()
    if args.on:
        on = report_day(args.on, "--on")
    db = _database(args)
    bar = ProgressBar(word("campaign.bar_export" if export else "campaign.bar_email"))

    def progress(state: BatchProgress) -> None:
        bar(state.done, state.total)

    try:
        ctx = _log_in(db, args.as_user)
        if args.web_url:
            save_web_url(db, ctx, args.web_url)
        if load_web_url(db) is None:
            print(word("campaign.no_link"), file=sys.stderr)
        push = _push_first(db)
        try:
            if export:
                done = export_cards(
                    db,
                    ctx,
                    on,
                    report_clock,
                    Path(args.folder),
                    progress=progress,
                    limit=args.limit,
                    before_sending=push,
                )
            else:
                done = send_cards(
                    db,
                    ctx,
                    on,
                    report_clock,
                    progress=progress,
                    limit=args.limit,
                    before_sending=push,
                )
        except KeyboardInterrupt:
            bar.finish()
            print(word("campaign.interrupted"), file=sys.stderr)
            return 130
        finally:
            bar.finish()
    finally:
        db.close()
    values = {"done": done.done, "sent": done.sent, "refused": done.refused, "failed": done.failed}
    if export:
        print(word("campaign.exported", {**values, "path": str(Path(args.folder).resolve())}))
    else:
        print(word("campaign.emailed", values))
        if done.uncertain:
            print(word("campaign.uncertain_left", {"count": done.uncertain}), file=sys.stderr)
    return 0


def cmd_email(args: argparse.Namespace) -> int:
    return _batch(args, export=False)


def cmd_export(args: argparse.Namespace) -> int:
    return _batch(args, export=True)


def cmd_bounces(args: argparse.Namespace) -> int:
    from desk.services.bounces import read_bounces

    db = _database(args)
    try:
        ctx = _log_in(db, args.as_user)
        read = read_bounces(db, ctx, Path(args.path), report_clock())
    finally:
        db.close()
    print(
        word(
            "campaign.bounces_read",
            {
                "messages": read.messages,
                "reports": read.reports,
                "bounced": read.bounced,
                "unknown": read.unknown,
                "unreadable": read.unreadable,
            },
        )
    )
    return 0


def cmd_problems(args: argparse.Namespace) -> int:
    from desk.services.email_cards import count_problems, sending_problems

    db = _database(args)
    try:
        problems = sending_problems(db, limit=args.limit)
        total = count_problems(db)
    finally:
        db.close()
    if not problems:
        print(word("campaign.no_problems"))
        return 0
    for p in problems:
        state = word(f"campaign.state.{p.state}")
        print(
            "\t".join(
                (f"{p.at:%d.%m.%Y %H:%M}", state, p.card_number, p.payer_code, p.email, p.reason)
            )
        )
    print(word("campaign.problems_shown", {"count": len(problems), "total": total}))
    return 0


def cmd_resend(args: argparse.Namespace) -> int:
    from desk.services.email_cards import resend_cards

    if not args.cards and not args.all_uncertain:
        raise UserError("campaign.resend_nothing")
    db = _database(args)
    try:
        ctx = _log_in(db, args.as_user)
        numbers = None if args.all_uncertain else args.cards
        resent = resend_cards(db, ctx, numbers, report_clock())
    finally:
        db.close()
    print(word("campaign.resent", {"count": len(resent)}))
    return 0


def _who(p: argparse.ArgumentParser) -> None:
    p.add_argument("--as", dest="as_user", required=True, help=word("cli.help.campaign_as"))


def _batch_options(p: argparse.ArgumentParser) -> None:
    _who(p)
    p.add_argument("--on", help=word("cli.help.on_today"))
    p.add_argument("--web-url", help=word("cli.help.campaign_web_url"))
    p.add_argument("--limit", type=int, help=word("cli.help.campaign_limit"))


def add_parsers(
    sub: argparse._SubParsersAction,  # type: ignore[type-arg]
    command: Command,
) -> None:
    """`desk campaign …`; ``command`` (desk.cli) adds one with its worded help and --lang."""
    campaign = command(sub, "campaign", "cli.help.campaign_group", db=False)
    csub = campaign.add_subparsers(dest="campaign_command", required=True)

    p = command(csub, "smtp", "cli.help.campaign_smtp")
    _who(p)
    p.add_argument("--host", required=True, help=word("cli.help.smtp_host"))
    p.add_argument("--port", type=int, default=587, help=word("cli.help.smtp_port"))
    p.add_argument(
        "--security",
        choices=["starttls", "tls", "none"],
        default="starttls",
        help=word("cli.help.smtp_security"),
    )
    p.add_argument("--smtp-user", help=word("cli.help.smtp_user"))
    p.add_argument("--sender", required=True, help=word("cli.help.smtp_sender"))
    p.add_argument("--per-minute", type=int, default=0, help=word("cli.help.smtp_rate"))
    p.set_defaults(func=cmd_smtp)

    p = command(csub, "email", "cli.help.campaign_email")
    _batch_options(p)
    p.set_defaults(func=cmd_email)

    p = command(csub, "export", "cli.help.campaign_export")
    p.add_argument("folder", help=word("cli.help.campaign_folder"))
    _batch_options(p)
    p.set_defaults(func=cmd_export)

    p = command(csub, "bounces", "cli.help.campaign_bounces")
    p.add_argument("path", help=word("cli.help.campaign_mailbox"))
    _who(p)
    p.set_defaults(func=cmd_bounces)

    p = command(csub, "problems", "cli.help.campaign_problems")
    p.add_argument("--limit", type=int, default=200, help=word("cli.help.campaign_limit"))
    p.set_defaults(func=cmd_problems)

    p = command(csub, "resend", "cli.help.campaign_resend")
    p.add_argument("cards", nargs="*", metavar="CARD", help=word("cli.help.campaign_cards"))
    p.add_argument(
        "--all-uncertain", action="store_true", help=word("cli.help.campaign_all_uncertain")
    )
    _who(p)
    p.set_defaults(func=cmd_resend)
