"""`desk report`, `desk prune`, `desk audit verify`: what a desk's file has recorded,
printed as reports, kept to the history window, and checked against its hash chain.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

from desk.cli.common import (
    Command,
    central_at,
    db_path,
    open_existing,
    report_clock,
    report_day,
    who,
)
from desk.cli.progress import ProgressBar
from desk.messages import word
from desk.services.problems import UserError


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


def cmd_report_daily(args: argparse.Namespace) -> int:
    from desk.services.daily_report import daily_report_pdf

    day = report_day(args.date, "--date")
    until = report_day(args.to, "--to") if args.to else None
    db = open_existing(db_path(args))
    try:
        desk = args.desk.strip().upper() if args.desk else None  # as `desk set-desk` takes it
        # The daily report is in Bulgarian only, its printer's line too.
        pdf = daily_report_pdf(db, who("bg"), day, until, desk, now=report_clock())
    finally:
        db.close()
    _write_pdf(pdf, args.out)
    return 0


def cmd_report_campaign(args: argparse.Namespace) -> int:
    from desk.services.campaign_report import campaign_report_pdf

    now = report_clock()
    on = report_day(args.on, "--on") if args.on else now.date()
    db = open_existing(db_path(args))
    try:
        pdf = campaign_report_pdf(db, who(), on, now)
    finally:
        db.close()
    _write_pdf(pdf, args.out)
    return 0


EXIT_BROKEN = 1  # desk audit verify: a chain does not hold


def cmd_audit_verify(args: argparse.Namespace) -> int:
    """The audit log's hash chain (desk.services.audit_chain): of a desk's file, or of
    every desk at the central database (``--url``, the owner's)."""
    from desk.services.audit_chain import verify_central, verify_file

    if args.url:
        with central_at(args.url) as central, central.read() as session:
            chains = verify_central(session)
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
    database = open_existing(db_path(args))
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

    today = report_day(args.today, "--today") if args.today else report_clock().date()
    db = open_existing(db_path(args))
    progress = ProgressBar(word("cli.pruning"))
    try:
        pruned = prune_history(db, today, progress=progress)
        progress.finish()
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
        progress.finish()  # an error or Ctrl-C is told below the bar, not on it
        db.close()
    return 0


def add_parsers(
    sub: argparse._SubParsersAction,  # type: ignore[type-arg]
    command: Command,
) -> None:
    """``command`` (desk.cli) adds each with its worded help and --lang."""
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
