"""`desk import`, `desk quote`, `desk demo`, `desk set-desk`: a desk's own file.

INTERCHANGE.md fixes `import` and `quote`; the JSON of ``desk quote --json`` is its
and never worded, the rest is worded in the chosen language (desk.messages).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from desk import messages
from desk.cli.common import Command, db_path, demo_summary_text, open_file, report_day
from desk.cli.progress import ProgressBar
from desk.messages import word
from desk.services.problems import UserError

if TYPE_CHECKING:
    from desk.billing.quote import Quote


def cmd_import(args: argparse.Namespace) -> int:
    from desk.services.importer import import_file

    db = open_file(db_path(args))
    try:
        summary = import_file(db, Path(args.file))
    finally:
        db.close()
    print(summary)
    return 0


def cmd_quote(args: argparse.Namespace) -> int:
    from desk.services.quotes import quote_for, quote_json

    on = report_day(args.on, "--on")
    path = db_path(args)
    if not path.exists():
        raise UserError("cli.no_database", path=str(path))
    db = open_file(path)
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
    path = db_path(args)
    path.parent.mkdir(parents=True, exist_ok=True)

    progress = ProgressBar(word("sync.bar.demo"))
    today = report_day(args.today, "--today") if args.today else None  # None: today in Sofia
    if today is not None and today < EARLIEST_TODAY:
        raise UserError("cli.today_too_early", earliest=EARLIEST_TODAY, value=today)
    try:
        summary = generate_demo(
            path, properties=args.properties, seed=args.seed, today=today, progress=progress
        )
    except ValueError as exc:
        raise UserError("generic.text", text=str(exc)) from exc
    finally:
        progress.finish()
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


def cmd_set_desk(args: argparse.Namespace) -> int:
    from desk.services.desk_identity import set_this_desk

    db = open_file(db_path(args))
    try:
        set_this_desk(db, args.code)
    finally:
        db.close()
    print(word("cli.desk_set", {"code": args.code.strip().upper()}))
    return 0


def add_parsers(
    sub: argparse._SubParsersAction,  # type: ignore[type-arg]
    command: Command,
) -> None:
    """``command`` (desk.cli) adds each with its worded help and --lang."""
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
