"""What a desk keeps of the money's history: open items, and six months of the rest.

The central database keeps everything (DOMAIN.md, "The central database and
the desks"). A desk needs far less to apply every rule (docs/design/retention.md,
§1): every bill still open, settlement days since about a month before the day
it quotes, every plan installment, every bill and payment of a court case or an
agreement, and every payment that left or spent credit. So a bill leaves the
desk when all of these hold:

- it was issued before the window's start;
- it was settled exactly, in its own currency, by payments made before the
  window's start (voided ones do not count), none of them of the method "credit";
- every payment that names it leaves too;
- no plan, court case or agreement names it.

A payment leaves when it was made before the window's start, moved no credit,
is not waiting in the outbox, and names only bills that leave; a voided payment
that old leaves with its void. Rows the outbox still names never leave, and a
payment that stays keeps all its allocations. Removing exactly these changes
no balance, no settlement day inside the window, no credit and no court part,
so every quote from the window on is the same as with the whole history.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, delete, func, select, text
from sqlalchemy.orm import Session

from desk.messages import SOFIA
from desk.models.db import Database
from desk.models.rows import Reader
from desk.models.tables import Desk, Payer, Setting, Shift
from desk.services.context import audit
from desk.services.desk_identity import DESK_CODE
from desk.services.problems import UserError

HISTORY_MONTHS = 6  # a desk keeps this many months of settled history


def history_start(today: date, months: int = HISTORY_MONTHS) -> date:
    """The first day a desk holds in full: the same day ``months`` months before ``today``
    (the month's last day when that month is shorter)."""
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    month += 1
    for day in (today.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("every month has a 28th")


HISTORY_FROM = "history_from"  # setting: the window's start at the last prune (ISO date)
PRUNING_TO = "history_pruning_to"  # setting: the start of a prune under way or cut short
PAYMENTS_SEEN = "history_payments_seen"  # setting: the payment table's last rowid then
PAYERS_PER_STEP = 2_000  # one short transaction each; a cut run leaves whole payers behind
# A quote looks back to the issue date of the bill it discounts (DOMAIN.md "Discounts"):
# at most about a month before the day asked (docs/design/retention.md §1).
LOOK_BACK = timedelta(days=35)

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class Pruned:
    start: date | None  # the window's start now; None when nothing was due
    invoices: int = 0
    payments: int = 0
    allocations: int = 0


def held_from(source: Database | Session | Reader) -> date | None:
    """The first day this desk holds in full, or None when it holds the whole history.

    A prune under way (or cut short) counts from its new start already: some payers'
    older history may be gone. Read on the caller's own transaction (a Session or a
    Reader) where it has one: a quote asks this on every call."""
    if isinstance(source, Database):
        with source.snapshot() as reader:
            return held_from(reader)
    rows = (
        Reader.of(source)
        .driver.execute("SELECT value FROM setting WHERE key IN (?, ?)", (HISTORY_FROM, PRUNING_TO))
        .fetchall()
    )
    return max((date.fromisoformat(row[0]) for row in rows), default=None)


def _finished(db: Database) -> date | None:
    """The start of the last prune that finished: what every payer's history holds."""
    with db.read() as session:
        value = session.scalar(select(Setting.value).where(Setting.key == HISTORY_FROM))
    return date.fromisoformat(value) if value else None


def require_held(source: Database | Session | Reader, day: date, *, look_back: bool = True) -> None:
    """Refuse a question about ``day`` that this desk can no longer answer in full; a
    quote or a statement needs about a month before its day too (``look_back``).
    The central database holds it all."""
    start = held_from(source)
    if start is None:
        return
    first = start + LOOK_BACK if look_back else start
    if day < first:
        raise UserError("retention.before_window", day=day, first=first)


def prune_history(
    db: Database,
    today: date,
    *,
    months: int = HISTORY_MONTHS,
    progress: Progress | None = None,
) -> Pruned:
    """Remove the settled history older than the window (module docstring); what left.

    The first run looks at every payer's whole history; later runs only at what
    may have left since the last one that finished: bills issued, and bills paid,
    since its start. Each step is one transaction over a range of payers, marked in
    ``retention_run`` so that the append-only triggers let exactly it delete
    (migration 0012). The new start is written first (``PRUNING_TO``: from then on
    the desk refuses the days before it, as some payers' history is already gone)
    and made final last; a run cut short is finished by the next one.
    """
    start = history_start(today, months)
    previous = _finished(db)
    if previous is not None and start <= previous:
        return Pruned(None)
    with db.write() as session:
        session.merge(Setting(key=PRUNING_TO, value=start.isoformat()))
        seen = int(session.scalar(select(Setting.value).where(Setting.key == PAYMENTS_SEEN)) or 0)
        stored = session.scalar(text("SELECT coalesce(max(rowid), 0) FROM payment")) or 0
    with db.read() as session:
        low, high = session.execute(select(func.min(Payer.id), func.max(Payer.id))).one()
    counts = [0, 0, 0]
    if low is not None:
        for first in range(low, high + 1, PAYERS_PER_STEP):
            last = min(first + PAYERS_PER_STEP - 1, high)
            with db.write() as session:
                step = _prune_payers(session, first, last, start, previous, seen)
                for i, n in enumerate(step):
                    counts[i] += n
            if progress:
                progress(last - low + 1, high - low + 1)
    moment = datetime.now(SOFIA).replace(tzinfo=None)
    with db.write() as session:
        session.merge(Setting(key=HISTORY_FROM, value=start.isoformat()))
        session.merge(Setting(key=PAYMENTS_SEEN, value=str(stored)))
        session.execute(delete(Setting).where(Setting.key == PRUNING_TO))
        audit(
            session,
            "history_pruned",
            moment,
            user_id=None,
            desk_id=None,
            history_from=start,
            invoices=counts[0],
            payments=counts[1],
            allocations=counts[2],
        )
    return Pruned(start, *counts)


def roll_window(db: Database, today: date) -> Pruned:
    """The daily roll, after a sync: only on a file that already keeps a window (a join
    made it, or `desk prune`), and only while no shift is open at this desk, so that
    no cashier waits on it. A file holding the whole history is pruned the first time
    by `desk prune`, which takes minutes on a large one."""
    with db.read() as session:
        if held_from(session) is None:
            return Pruned(None)
        code = select(Setting.value).where(Setting.key == DESK_CODE).scalar_subquery()
        open_here = session.scalar(
            select(func.count())
            .select_from(Shift)
            .join(Desk, Desk.id == Shift.desk_id)
            .where(Desk.code == code, Shift.closed_at.is_(None))
        )
    if open_here:
        return Pruned(None)
    return prune_history(db, today)


def compact(db: Database) -> tuple[int, int]:
    """Give the pages the prune freed back to the disk (VACUUM); the file's size before
    and after, in bytes. It rewrites the whole file: run it when no one works here."""
    before = db.path.stat().st_size
    with db.engine.connect() as connection:
        driver = connection.connection.dbapi_connection
        assert driver is not None
        driver.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        driver.execute("VACUUM")
        # In WAL mode the vacuumed file waits in the log until a checkpoint: without
        # this one the size read below would still be the old one.
        driver.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return before, db.path.stat().st_size


def _prune_payers(
    session: Session, first: int, last: int, start: date, previous: date | None, seen: int
) -> tuple[int, int, int]:
    def run(sql: str, values: dict[str, Any] | None = None) -> int:
        result = cast(CursorResult[Any], session.execute(text(sql), values))
        return result.rowcount

    bounds = {"first": first, "last": last, "start": start, "previous": previous, "seen": seen}
    run("INSERT INTO retention_run (started_at) VALUES (CURRENT_TIMESTAMP)")
    for name in ("leaving_invoice", "leaving_payment"):
        run(f"DROP TABLE IF EXISTS temp.{name}")
    run("CREATE TEMP TABLE leaving_invoice (id INTEGER PRIMARY KEY)")
    run("CREATE TEMP TABLE leaving_payment (id TEXT PRIMARY KEY) WITHOUT ROWID")
    since = "" if previous is None else _RECENT_INVOICE
    run(_LEAVING_INVOICES.format(since=since), bounds)
    since = "" if previous is None else _RECENT_PAYMENT
    run(_LEAVING_PAYMENTS.format(since=since), bounds)
    # A bill leaves only with every payment that names it, and a payment only with
    # every bill it paid: a payment that stays (it left credit, it is in the outbox,
    # it also paid a bill that stays) keeps its whole receipt, and no allocation that
    # stays names a bill that left. Each pass only shrinks the two sets.
    while run(_STAYING_PAYMENTS) + run(_STAYING_INVOICES):
        pass
    allocations = run("DELETE FROM allocation WHERE payment_id IN leaving_payment")
    run(
        "DELETE FROM receipt WHERE payment_id IN leaving_payment OR void_id IN "
        "(SELECT id FROM void WHERE payment_id IN leaving_payment)"
    )
    run("DELETE FROM void WHERE payment_id IN leaving_payment")
    payments = run("DELETE FROM payment WHERE id IN leaving_payment")
    invoices = run("DELETE FROM invoice WHERE id IN leaving_invoice")
    run("DELETE FROM retention_run")
    return invoices, payments, allocations


# Bills that leave (module docstring). Named by a case or an agreement: kept whole.
# Each test is a probe of an index (0012 gave the cases' and agreements' bills one):
# a list built from a whole table would be built again at every step.
_LEAVING_INVOICES = """
INSERT INTO leaving_invoice
SELECT i.id FROM invoice i
WHERE i.payer_id BETWEEN :first AND :last AND i.issued < :start
  AND i.amount_cents > 0 AND i.plan_id IS NULL {since}
  AND NOT EXISTS (SELECT 1 FROM court_case_invoice c WHERE c.invoice_id = i.id)
  AND NOT EXISTS (SELECT 1 FROM agreement_cover c WHERE c.invoice_id = i.id)
  AND NOT EXISTS (
    SELECT 1 FROM allocation a JOIN payment p ON p.id = a.payment_id
    WHERE a.invoice_id = i.id AND (p.paid_at >= :start OR (
      NOT EXISTS (SELECT 1 FROM void v WHERE v.payment_id = p.id)
      AND (p.currency <> i.currency OR p.method = 'credit'))))
  AND i.amount_cents = (
    SELECT sum(a.amount_cents + a.commercial_cents + a.loyalty_cents)
    FROM allocation a
    WHERE a.invoice_id = i.id
      AND NOT EXISTS (SELECT 1 FROM void v WHERE v.payment_id = a.payment_id))
"""
# On a later run: only bills issued, or paid, since the last window's start, and
# those paid by payments stored since the last run (an old one a pull brought late:
# the payment table's rowid only grows).
_RECENT_INVOICE = """
  AND (i.issued >= :previous OR i.id IN (
    SELECT a.invoice_id FROM payment p JOIN allocation a ON a.payment_id = p.id
    WHERE p.payer_id BETWEEN :first AND :last
      AND (p.paid_at >= :previous OR p.rowid > :seen)))
"""
# Payments that leave: older than the window, not waiting in the outbox, and either
# voided or moving no credit and paying only bills that leave.
_LEAVING_PAYMENTS = """
INSERT INTO leaving_payment
SELECT p.id FROM payment p
WHERE p.payer_id BETWEEN :first AND :last AND p.paid_at < :start {since}
  AND p.id NOT IN (SELECT key FROM outbox WHERE tbl = 'payment')
  AND p.id NOT IN (
    SELECT payment_id FROM void WHERE id IN (SELECT key FROM outbox WHERE tbl = 'void'))
  AND (EXISTS (SELECT 1 FROM void v WHERE v.payment_id = p.id) OR (
    p.credit_cents = 0 AND p.credit_used_cents = 0 AND p.method <> 'credit'
    AND NOT EXISTS (
      SELECT 1 FROM allocation a WHERE a.payment_id = p.id
      AND (a.invoice_id IS NULL OR a.invoice_id NOT IN leaving_invoice))))
"""
# Payments that named a bill that stays (not voided ones: those leave whole), and
# bills that a payment that stays names.
_STAYING_PAYMENTS = """
DELETE FROM leaving_payment WHERE id IN (
  SELECT a.payment_id FROM allocation a
  WHERE a.payment_id IN leaving_payment AND a.invoice_id IS NOT NULL
    AND a.invoice_id NOT IN leaving_invoice
    AND NOT EXISTS (SELECT 1 FROM void v WHERE v.payment_id = a.payment_id))
"""
_STAYING_INVOICES = """
DELETE FROM leaving_invoice WHERE id IN (
  SELECT a.invoice_id FROM allocation a
  WHERE a.invoice_id IN leaving_invoice AND a.payment_id NOT IN leaving_payment)
"""
_RECENT_PAYMENT = """
  AND (p.paid_at >= :previous OR p.rowid > :seen OR p.id IN (
    SELECT a.payment_id FROM allocation a WHERE a.invoice_id IN leaving_invoice))
"""
