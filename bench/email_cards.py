"""Benchmark: a 22,000-payer batch of survey cards e-mailed to a local SMTP server, cut
three times and resumed.

    .venv/bin/python -m bench.email_cards [--payers 22000] [--properties 30000]

Builds (or reuses) a demo database in bench/out/ and, on a fresh copy of it, marks
``--payers`` active payers as e-invoice customers with an e-mail on file and no card
out. An aiosmtpd server on 127.0.0.1 (a thread of this process) keeps the card number
(``X-Desk-Card``) of every message it accepts. The batch runs as a separate process
(``python -m bench.email_cards --send DB PORT``: the clerk logged in, ``send_cards``,
no rate limit), and is cut:

  drop     at 25 % the server drops the connection after a message's final dot,
           without taking it or answering, and stops listening for 3 s: that card
           is uncertain, the sender's reconnect fails and it exits (UserError, 2);
  rcpt     at 50 % the server kills the sender with SIGKILL at a recipient (before
           the message's data: the card under way was committed ``sending``);
  kill     at 75 % this process kills the sender with SIGKILL at whatever it is doing.

After each cut the sender is started again. Each card goes at most once: a card the
server may have (``sending`` left by a kill, ``uncertain`` after a drop past the final
dot) is never resent by a batch but listed. Printed: cards e-mailed per second (the
senders' own time), the cuts, the cards received twice (0), the uncertain cards and
how many of them the server has, and the cards missing without being listed (0).
Then the bench does what a person would: checks the server's log (the cards it
received), queues the uncertain cards it does not have again (``resend_cards``) and
runs the sender once more; the final count has nobody missing and nobody twice.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

from bench.lookup import OUT, TODAY

ROOT = Path(__file__).resolve().parents[1]
NOON = datetime(TODAY.year, TODAY.month, TODAY.day, 12)
CARD = re.compile(rb"^X-Desk-Card: (\d{12})", re.MULTILINE)
SENDER = "Toplofikatsia Sofia <anketa@example.bg>"


def ensure_demo(properties: int) -> Path:
    path = OUT / f"email-demo-{properties}.sqlite"
    if not path.exists():
        from desk.services.demo import generate_demo

        started = time.perf_counter()
        summary = generate_demo(path, properties=properties, seed=1, today=TODAY)
        took = time.perf_counter() - started
        print(f"demo built: {summary.payers:,} payers in {took:.1f} s", flush=True)
    return path


def fresh_copy(source: Path, payers: int) -> Path:
    """The demo with ``payers`` active payers due a card by e-mail, and no card out."""
    copy = OUT / "email-run.sqlite"
    for old in (copy, copy.with_name(copy.name + "-wal"), copy.with_name(copy.name + "-shm")):
        old.unlink(missing_ok=True)
    with sqlite3.connect(source) as original, sqlite3.connect(copy) as target:
        original.backup(target)
    original.close()
    target.close()
    with sqlite3.connect(copy) as db:
        # No card out: the demo's cards count as returned (contact_change names them).
        db.execute("UPDATE survey_card SET returned_at = printed_at WHERE returned_at IS NULL")
        db.execute("UPDATE payer SET e_invoice = 0")
        db.execute(
            "UPDATE payer SET e_invoice = 1, contacts_confirmed_at = NULL, "
            "email = 'p' || payer_code || '@example.test', "
            "e_invoice_email = CASE WHEN id % 2 = 0 THEN 'f' || payer_code || '@example.test' END "
            "WHERE id IN (SELECT DISTINCT payer_id FROM tenure WHERE start <= ? "
            'AND ("end" IS NULL OR "end" >= ?) ORDER BY payer_id LIMIT ?)',
            (TODAY.isoformat(), TODAY.isoformat(), payers),
        )
    db.close()
    from desk.models.db import open_database
    from desk.services.desk_identity import set_this_desk
    from desk.services.email_cards import (
        SmtpSettings,
        due_payers,
        save_smtp_settings,
        save_web_url,
    )
    from desk.services.users import DEMO_PASSWORD, ensure_demo_users, log_in

    desk = open_database(copy)
    try:
        set_this_desk(desk, "K1")
        ensure_demo_users(desk)
        _result, ctx = log_in(desk, "sluzhitel", DEMO_PASSWORD, "K1", NOON)
        assert ctx is not None
        save_smtp_settings(desk, ctx, SmtpSettings("127.0.0.1", 1, "none", None, SENDER, 0), None)
        save_web_url(desk, ctx, "https://anketa.example.bg")
        due = due_payers(desk, TODAY)
    finally:
        desk.close()
    if due != payers:
        raise SystemExit(f"the demo has {due:,} payers due, not {payers:,}: more --properties")
    return copy


# --- the mail server ----------------------------------------------------------------------


class Inbox:
    def __init__(self, payers: int) -> None:
        self.cards: list[bytes] = []
        self.lock = threading.Lock()
        self.drop_at = payers // 4
        self.rcpt_kill_at = payers // 2
        self.sender: subprocess.Popen[bytes] | None = None
        self.controller: Any = None
        self.cuts: list[str] = []

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        if len(self.cards) == self.rcpt_kill_at and self.sender is not None:
            self.rcpt_kill_at = -1
            os.kill(self.sender.pid, signal.SIGKILL)
            self.cuts.append(f"rcpt: SIGKILL at a recipient after {len(self.cards):,} messages")
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if len(self.cards) == self.drop_at:
            self.drop_at = -1
            server.transport.close()
            self.controller.server.close()  # and nobody listens until the bench says
            self.cuts.append(f"drop: connection dropped after {len(self.cards):,} messages")
            return "421 4.3.0 closing"
        found = CARD.search(envelope.original_content or envelope.content)
        with self.lock:
            self.cards.append(found.group(1) if found else b"?")
        return "250 OK"


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def start_server(inbox: Inbox, port: int) -> Any:
    from aiosmtpd.controller import Controller

    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    inbox.controller = controller
    return controller


# --- the batch ------------------------------------------------------------------------------


def run(payers: int, properties: int) -> None:
    copy = fresh_copy(ensure_demo(properties), payers)
    inbox = Inbox(payers)
    port = free_port()
    controller = start_server(inbox, port)
    kill_at = payers * 3 // 4
    sending = 0.0
    runs = 0
    first_rate = None
    try:
        while True:
            runs += 1
            started = time.perf_counter()
            before = len(inbox.cards)
            inbox.sender = subprocess.Popen(
                [sys.executable, "-m", "bench.email_cards", "--send", str(copy), str(port)],
                cwd=ROOT,
                stderr=subprocess.PIPE,
            )
            while inbox.sender.poll() is None:
                if kill_at > 0 and len(inbox.cards) >= kill_at:
                    kill_at = -1
                    os.kill(inbox.sender.pid, signal.SIGKILL)
                    inbox.cuts.append(f"kill: SIGKILL from outside after {len(inbox.cards):,}")
                time.sleep(0.02)
            took = time.perf_counter() - started
            sending += took
            code = inbox.sender.returncode
            err = (inbox.sender.stderr.read() if inbox.sender.stderr else b"").decode()
            done = len(inbox.cards) - before
            if first_rate is None:
                first_rate = done / took
            print(
                f"run {runs}: {done:,} messages in {took:.1f} s ({done / took:,.0f}/s), "
                f"exit {code}" + (f": {err.strip().splitlines()[-1]}" if code == 2 else ""),
                flush=True,
            )
            if code == 0:
                break
            if code == 2:  # the server away: it comes back after a while
                controller.stop()
                time.sleep(3)
                controller = start_server(inbox, port)
            if runs > 10:
                raise SystemExit("the batch does not finish")
    finally:
        controller.stop()
    report(copy, inbox, payers, runs, sending, first_rate)
    resent = resend_missing(copy, set(inbox.cards))
    if resent:
        before = len(inbox.cards)
        controller = start_server(inbox, port)
        try:
            started = time.perf_counter()
            sender = [sys.executable, "-m", "bench.email_cards", "--send", str(copy), str(port)]
            subprocess.run(sender, cwd=ROOT, check=True)
            took = time.perf_counter() - started
        finally:
            controller.stop()
        print(f"\nresent after checking the server's log: {len(resent)} {resent}")
        print(f"run {runs + 1}: {len(inbox.cards) - before} messages in {took:.1f} s")
        report(copy, inbox, payers, runs + 1, sending + took, first_rate)


def report(
    copy: Path, inbox: Inbox, payers: int, runs: int, sending: float, first_rate: float | None
) -> None:
    received = Counter(inbox.cards)
    twice = {card: n for card, n in received.items() if n > 1}
    with sqlite3.connect(copy) as db:
        issued = {
            row[0].encode()
            for row in db.execute("SELECT number FROM survey_card WHERE channel = 'email'")
        }
        payers_sent = db.execute(
            "SELECT count(DISTINCT payer_id) FROM card_email WHERE state = 'sent'"
        ).fetchone()[0]
        uncertain = {
            row[0].encode()
            for row in db.execute(
                "SELECT s.number FROM card_email e JOIN survey_card s ON s.id = e.card_id "
                "WHERE e.state IN ('sending', 'uncertain')"
            )
        }
        left = db.execute(
            "SELECT count(*) FROM card_email WHERE state NOT IN ('sent', 'sending', 'uncertain')"
        ).fetchone()[0]
    db.close()
    missing = issued - set(received)
    total = sum(received.values())
    print()
    for cut in inbox.cuts:
        print("cut", cut)
    print(f"payers due: {payers:,}; cards issued: {len(issued):,}; payers sent: {payers_sent:,}")
    print(f"messages received: {total:,} in {runs} runs, {sending:.0f} s of sending")
    rate = f"{first_rate:,.1f}" if first_rate is not None else "-"
    print(f"cards e-mailed per second: {total / sending:,.1f} (first run {rate})")
    print(f"duplicates received: {sum(n - 1 for n in twice.values())} {sorted(twice)}")
    print(
        f"uncertain (listed, not resent): {len(uncertain)}, of them received: "
        f"{len(uncertain & set(received))} {sorted(uncertain)}"
    )
    print(
        f"missing (issued, never received): {len(missing)}, of them not listed uncertain: "
        f"{len(missing - uncertain)}; rows neither sent nor uncertain: {left}"
    )


def resend_missing(path: Path, received: set[bytes]) -> list[str]:
    """What a person does with the uncertain cards: the server's log (here: what the
    bench's server received) says which did not go; those are queued again."""
    from desk.models.db import open_database
    from desk.services.email_cards import resend_cards, sending_problems
    from desk.services.users import DEMO_PASSWORD, log_in

    db = open_database(path, upgrade=False)
    try:
        _result, ctx = log_in(db, "sluzhitel", DEMO_PASSWORD, "K1", NOON)
        assert ctx is not None
        problems = sending_problems(db, limit=1000)
        lost = [
            p.card_number
            for p in problems
            if p.state == "uncertain" and p.card_number.encode() not in received
        ]
        return resend_cards(db, ctx, lost, NOON) if lost else []
    finally:
        db.close()


def send(path: str, port: int) -> int:
    """The sending process: the clerk, the settings pointed at ``port``, the batch."""
    from desk.models.db import open_database
    from desk.services.email_cards import (
        SmtpSettings,
        load_smtp_settings,
        save_smtp_settings,
        send_cards,
    )
    from desk.services.problems import UserError
    from desk.services.users import DEMO_PASSWORD, log_in

    db = open_database(path, upgrade=False)
    _result, ctx = log_in(db, "sluzhitel", DEMO_PASSWORD, "K1", NOON)
    assert ctx is not None
    if load_smtp_settings(db) != SmtpSettings("127.0.0.1", port, "none", None, SENDER, 0):
        save_smtp_settings(db, ctx, SmtpSettings("127.0.0.1", port, "none", None, SENDER, 0), None)
    try:
        send_cards(db, ctx, TODAY, lambda: NOON)
    except UserError as exc:
        print(exc, file=sys.stderr)
        return 2
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--payers", type=int, default=22_000)
    parser.add_argument("--properties", type=int, default=30_000)
    parser.add_argument("--send", nargs=2, metavar=("DB", "PORT"))
    args = parser.parse_args()
    if args.send:
        sys.exit(send(args.send[0], int(args.send[1])))
    OUT.mkdir(exist_ok=True)
    run(args.payers, args.properties)


if __name__ == "__main__":
    main()
