"""Push, pull and the first replica between a desk's SQLite file and the central database.

Push: the outbox (filled in the same transaction as the row it names: by
triggers for money, shifts, contact changes and cards, migration 0004; by the
information centre's services for the payers, tenures, moved bills, plans and
agreements they make, desk.services.desk_rows; by desk.services.users for the
users a supervisor makes or changes) is sent in batches, oldest first. The central side
inserts with the desk's UUIDs and ignores rows it already has, so sending a
batch twice (the desk did not hear the commit) changes nothing; only after the
central commit does the desk clear those outbox rows. At-least-once delivery,
exactly-once effect. A batch holds nothing another desk waits for while this
desk makes its round trips: the paid-twice check, which takes the bills' locks,
is its last statement before the commit (fifty desks at once, bench.desks50).

Pull: the central change sequence (migration c0002) numbers committed
transactions in commit order; the desk keeps the (sequence, change id) it has
applied up to and asks for what comes after, in pages, each applied in one
local transaction together with the new position. Rows are read as SQLite
stores them (as the first replica copies them) and written with the driver's
executemany, nothing converted row by row on the way.

First replica: every replicated table copied in one REPEATABLE READ snapshot,
and the position of that snapshot in the change sequence, so the first pull
starts exactly where the copy ended.

A restored or copied file (issue 14, migration c0007): every push names the
lineage token of this file's last acknowledged push and a new one; the central
database tells a file that missed pushes of another file of the same desk
("diverged": a restored backup, a copy run beside the original), takes its
rows all the same and puts it on the supervisors' list. Receipt numbers stay
unique per desk there: a number another file of the desk already gave is
replaced by a fresh one (recorded there, and here in the audit log), and the
desk moves its series past the highest number held centrally. The pull brings
in the shifts, payments and receipts another file of this desk pushed. A file
copied or restored since its last sync takes no payment before one
(desk.services.file_identity).
"""

from __future__ import annotations

import json
import logging
import secrets
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Integer,
    Table,
    and_,
    delete,
    func,
    or_,
    select,
    text,
)
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desk.messages import SOFIA, word
from desk.models.db import Database
from desk.models.tables import AuditEntry, Base, Outbox, Setting, UserChange
from desk.services.audit_chain import ANCHOR as AUDIT_ANCHOR
from desk.services.audit_chain import stamp
from desk.services.context import audit
from desk.services.desk_identity import (
    CID_KEY,
    DESK_CODE,
    PULLED_AT,
    PUSHED_AT,
    SEQ_KEY,
    sync_moment,
)
from desk.services.desk_rows import block_of
from desk.services.file_identity import FINGERPRINT, fingerprint
from desk.sync.central import CentralDatabase

Progress = Callable[[int, int], None]
log = logging.getLogger(__name__)
T = Base.metadata.tables

# Pulled tables in foreign-key order, with the columns a pull may overwrite
# (None: all). A desk's own counters and lock-outs are its own.
PULLED: dict[str, tuple[str, ...] | None] = {
    "desk": ("code", "name", "kind"),
    "user": ("username", "full_name", "role", "password_hash", "active", "must_change_password"),
    "shift": None,  # other desks' shifts, which their payments name; never this desk's own
    "property": None,
    "payer": None,
    "tenure": None,
    "plan": None,
    "invoice": None,
    "court_case": None,
    "court_case_invoice": None,
    "agreement": None,
    "agreement_cover": None,
    "agreement_installment": None,
    "payment": (),  # append-only: insert if new, never update
    "void": (),
    "contact_change": (),
    "survey_card": None,
}
# What goes with a payment or a void: keyed by the parent's id, not by their own.
CHILDREN = {"payment": (("allocation", "payment_id"), ("receipt", "payment_id"))}
VOID_RECEIPTS = ("receipt", "void_id")
# Rows the desk pushes (the outbox's "tbl"), in the order a batch applies them:
# what an information centre made before the payments that may name it (an
# installment), survey cards before the contact changes that name them; users
# first, since shifts and payments name them.
PUSHED = (
    "user_change",  # signed by who made it here (desk.services.users), migration c0009
    "shift",
    "payer",
    "tenure",  # a new tenure of this desk, or the end of the one it replaced
    "invoice",  # a bill moved to the new holder
    "plan",
    "agreement",
    "agreement_cover",
    "agreement_installment",
    "payment",
    "void",
    "survey_card",
    "contact_change",
)
# Pulled tables whose key is not a single "id" column.
COMPOSITE = {"court_case_invoice": ("case_id", "invoice_id")}
ALL_OF_SEQ = 2**62  # a change id above any real one: "everything of this sequence number"
# This file's lineage (migration c0007): the token of its last acknowledged push, and
# the one its next push names (kept until acknowledged, so a push sent again is known).
LINEAGE, LINEAGE_NEXT = "sync_lineage", "sync_lineage_next"
SIBLING_SHIFT = "sync_sibling_shift"  # local migration 0008
# The outbox's highest row at the last pull: payments queued after it were quoted on
# the replica as of this file's position (the discount re-check, recheck.Quoted).
PULLED_OUTBOX = "sync_pulled_outbox"
# What another file of this desk pushed that the pull brings in, and queues no echo of.
SIBLING_ROWS = ("shift", "payment", "void")


# --- push -------------------------------------------------------------------------


@dataclass(slots=True)
class PushResult:
    sent: int = 0  # outbox rows acknowledged by the central database
    batches: int = 0
    new: dict[str, int] = field(default_factory=lambda: defaultdict(int))  # rows inserted
    issues: int = 0  # every problem this push raised for the supervisors (sync_issue)
    discounts: int = 0  # of which: discounts the central data does not bear out
    replayed: int = 0  # discounted payments replayed on central data (the others: recheck.py)
    paid_twice: int = 0  # of which: bills these payments paid a second time
    restored: bool = False  # this file missed pushes of another file of this desk
    renumbered: list[Renumbered] = field(default_factory=list)
    series_moved: tuple[int, int] | None = None  # the next receipt number: was, is
    audit_sent: int = 0  # audit rows the central database took (push_audit)
    audit_refused: str | None = None  # why it refused this file's audit chain


@dataclass(frozen=True, slots=True)
class Renumbered:
    """A receipt this file printed with a number another file of the desk had given."""

    receipt_id: str
    printed: int
    number: int  # the number the central database gave it
    payment_id: str | None
    void_id: str | None


def queued(local: Database) -> int:
    with local.read() as session:
        return session.scalar(select(func.count()).select_from(Outbox)) or 0


def push(
    local: Database,
    central: CentralDatabase,
    batch: int = 500,
    progress: Progress | None = None,
) -> PushResult:
    """Send the whole outbox, batch by batch; raises on a lost connection (nothing lost).

    ``progress(sent, total)`` is called after each batch the central database
    acknowledged.
    """
    result = PushResult()
    total = queued(local) if progress else 0
    checked = False
    while True:
        with local.read() as session:
            entries = session.execute(
                select(Outbox.id, Outbox.tbl, Outbox.key).order_by(Outbox.id).limit(batch)
            ).all()
            # Nothing to send, but a copied or restored file asks before it pays again.
            if not entries and (checked or _same_file(session, local)):
                break
            rows = _collect(session, entries)
            fresh = _quoted_since_pull(session, entries)
        previous, token = _lineage(local)
        recorded = len(result.renumbered)
        with central.write() as session:
            outcome = session.scalar(
                text("SELECT desk_push_begin(:p, :n)"), {"p": previous, "n": token}
            )
            if outcome == "diverged":
                result.restored = True
                result.issues += 1
            whole = outcome != "diverged" and not any(rows[t] for t in CHANGE_ACCOUNTS)
            quoted = Quoted(fresh[0], fresh[1], whole)
            new_payments = _apply_push(session, rows, result, quoted) if entries else []
            if entries:
                _report(session, pushed=True)
            highest = session.scalar(
                text("SELECT coalesce(max(number), 0) FROM receipt WHERE desk_id = desk_self()")
            )
            if new_payments:
                # Last, so that the bills' locks it takes are held for this one statement
                # and the commit only, never across this desk's own round trips.
                found = _check_paid_twice(session, new_payments)
                result.paid_twice += found
                result.issues += found
        with local.write() as session:
            if entries:
                session.execute(delete(Outbox).where(Outbox.id.in_([e.id for e in entries])))
                # A change the central database holds is not kept here (nor its new key).
                signed = [int(e.key) for e in entries if e.tbl == "user_change"]
                if signed:
                    session.execute(delete(UserChange).where(UserChange.id.in_(signed)))
                _set(session, PUSHED_AT, _stamp())
            _acknowledged(
                session,
                local,
                token,
                int(highest or 0),
                result,
                outcome == "diverged",
                result.renumbered[recorded:],
            )
        checked = True
        if not entries:
            break
        result.sent += len(entries)
        result.batches += 1
        if progress:
            progress(result.sent, max(total, result.sent))
    push_audit(local, central, result)
    return result


# desk_audit_push (c0008) builds its list of new rows by appending to a jsonb array,
# which copies the array each time: a batch costs the square of its length there
# (9,487 rows: 6.4 s in batches of 2,000, 2.2 s in batches of 200).
AUDIT_BATCH = 200


def push_audit(
    local: Database, central: CentralDatabase, result: PushResult, batch: int = AUDIT_BATCH
) -> None:
    """This file's audit rows the central database does not hold yet, chained (issue 14).

    Sent after the outbox (the users they name are there), batch by batch, through
    ``desk_audit_push`` (migration c0008), which checks that they continue the
    desk's chain there and hash correctly. Acknowledged rows move this file's
    anchor (``audit_anchor``: the last row the centre holds). A refused push stores
    nothing there, puts an ``audit_chain`` issue on the supervisors' list and is
    reported in ``result.audit_refused``; the money already pushed stays pushed."""
    while True:
        with local.read() as session:
            anchor = session.scalar(select(Setting.value).where(Setting.key == AUDIT_ANCHOR))
            after = int(anchor.partition(":")[0]) if anchor else 0
            # From the last row the centre acknowledged: held there unchanged, it is
            # skipped; rewritten since, it is refused by name.
            since = select(AuditEntry).where(AuditEntry.id >= after)
            entries = session.scalars(since.order_by(AuditEntry.id).limit(batch)).all()
        if not entries or (len(entries) == 1 and entries[0].id == after):
            return
        payload = json.dumps(
            [
                {
                    "seq": e.id,
                    "at": stamp(e.at),
                    "user_id": e.user_id,
                    "desk_id": e.desk_id,
                    "action": e.action,
                    "details": e.details,
                    "users": e.users,
                    "prev_hash": e.prev_hash,
                    "hash": e.hash,
                }
                for e in entries
            ],
            ensure_ascii=False,
        )
        with central.write() as session:
            # The function's lookups by hash, planned once per connection while the
            # chain was short, kept a sequential scan as it grew (9,487 rows: 9.9 s,
            # each batch slower than the last; 3.3 s planned each time).
            session.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))
            outcome = str(
                session.scalar(
                    text("SELECT desk_audit_push(CAST(:rows AS jsonb))"), {"rows": payload}
                )
            )
        if outcome == "not a desk":  # synchronised as the central database's owner
            return
        if not outcome.startswith("ok"):
            log.error("the central database refused this desk's audit log: %s", outcome)
            result.audit_refused = outcome
            result.issues += 1
            return
        last = entries[-1]
        with local.write() as session:
            _set(session, AUDIT_ANCHOR, f"{last.id}:{last.hash}")
        result.audit_sent += int(outcome.split()[1])  # "ok <rows taken>"


def _same_file(session: Session, local: Database) -> bool:
    """This file is the one that last synchronised (or never joined: nothing to know)."""
    stored = session.scalar(select(Setting.value).where(Setting.key == FINGERPRINT))
    return stored is None or stored == fingerprint(local.path)


def _lineage(local: Database) -> tuple[str | None, str]:
    """The token of this file's last acknowledged push, and the one its next push names."""
    with local.write() as session:
        values = dict(
            session.execute(
                select(Setting.key, Setting.value).where(Setting.key.in_([LINEAGE, LINEAGE_NEXT]))
            ).all()
        )
        token = values.get(LINEAGE_NEXT)
        if token is None:
            token = secrets.token_hex(16)
            _set(session, LINEAGE_NEXT, token)
    return values.get(LINEAGE), token


def _acknowledged(
    session: Session,
    local: Database,
    token: str,
    highest: int,
    result: PushResult,
    diverged: bool,
    renumbered: list[Renumbered],
) -> None:
    """The central database has this push: the new token, this file, the series past it,
    and in the audit log what the push found (a restored file, receipts renumbered)."""
    _set(session, LINEAGE, token)
    session.execute(delete(Setting).where(Setting.key == LINEAGE_NEXT, Setting.value == token))
    _set(session, FINGERPRINT, fingerprint(local.path))
    me = _this_desk(session)
    if me is None:
        return
    now = datetime.now(SOFIA).replace(tzinfo=None)
    if diverged:
        audit(session, "sync_restored_file", now, user_id=None, desk_id=me, highest=highest)
    for moved in renumbered:
        audit(
            session,
            "receipt_renumbered",
            now,
            user_id=None,
            desk_id=me,
            receipt=moved.printed,
            central_number=moved.number,
            payment=moved.payment_id or moved.void_id,
        )
    moved_to = _follow_series(session, me, highest, now)
    if moved_to is not None:
        result.series_moved = moved_to


def _follow_series(
    session: Session, me: int, highest: int, now: datetime
) -> tuple[int, int] | None:
    """Move this desk's series past ``highest``, a number another file of the desk gave.

    The numbers between were given by that file (or, renumbered, by this one):
    the jump is logged with both ends."""
    desk = T["desk"]
    last = session.scalar(select(desk.c.last_receipt_number).where(desk.c.id == me)) or 0
    if highest <= last:
        return None
    session.execute(desk.update().where(desk.c.id == me).values(last_receipt_number=highest))
    audit(
        session,
        "receipt_series_moved",
        now,
        user_id=None,
        desk_id=me,
        next_was=last + 1,
        next_is=highest + 1,
    )
    log.warning("receipt series of this desk moved from %d to %d", last + 1, highest + 1)
    return last + 1, highest + 1


def _row(table: Table, obj: Any, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    return {c.name: obj[c.name] for c in table.columns if c.name not in skip}


def _collect(session: Session, entries: Sequence[Any]) -> dict[str, list[dict[str, Any]]]:
    """The rows the outbox names, as they are now, with their allocations and receipts."""
    keys: dict[str, list[str]] = defaultdict(list)
    for entry in entries:
        if entry.key not in keys[entry.tbl]:
            keys[entry.tbl].append(entry.key)
    rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for tbl in PUSHED:
        if not keys[tbl]:
            continue
        table = T[tbl]
        for obj in session.execute(select(table).where(_key_filter(tbl, keys[tbl]))).mappings():
            rows[tbl].append(_row(table, obj))
    if rows["tenure"] or rows["invoice"]:
        _holder_changes(session, rows)
    if rows["user_change"]:
        rows["user_change"].sort(key=lambda r: r["id"])  # in the order they were made
    if rows["payment"]:
        ids = [r["id"] for r in rows["payment"]]
        alloc = T["allocation"]
        for obj in session.execute(
            select(alloc).where(alloc.c.payment_id.in_(ids)).order_by(alloc.c.id)
        ).mappings():
            rows["allocation"].append(_row(alloc, obj, skip=("id",)))
        receipt = T["receipt"]
        for obj in session.execute(select(receipt).where(receipt.c.payment_id.in_(ids))).mappings():
            rows["receipt"].append(_row(receipt, obj))
    if rows["void"]:
        receipt = T["receipt"]
        ids = [r["id"] for r in rows["void"]]
        for obj in session.execute(select(receipt).where(receipt.c.void_id.in_(ids))).mappings():
            rows["receipt"].append(_row(receipt, obj))
    return rows


def _holder_changes(session: Session, rows: dict[str, list[dict[str, Any]]]) -> None:
    """What a change of holder needs besides its rows.

    The central database ends a tenure, or moves a bill, only for a new tenure
    of this desk's (migration c0003); the push names it: for an ended tenure the
    one that starts the next day, for a moved bill the tenure of its period.
    Only this desk's own new tenures are inserted.
    """
    tenure = T["tenure"]
    me = _this_desk(session)
    first, last = block_of(me) if me else (0, -1)
    own, ended = [], []
    for row in rows["tenure"]:
        if first <= row["id"] <= last:
            own.append(row)
        if row["end"] is not None:
            successor = session.scalar(
                select(tenure.c.id).where(
                    tenure.c.property_id == row["property_id"],
                    tenure.c.start == row["end"] + timedelta(days=1),
                    tenure.c.id.between(first, last),
                )
            )
            if successor is None:
                log.warning("push: tenure %s ended with no new tenure of this desk", row["id"])
                continue
            ended.append({"id": row["id"], "end": row["end"], "successor": successor})
    rows["tenure"], rows["tenure_end"] = own, ended
    moved = []
    for row in rows["invoice"]:
        period_start = date.fromisoformat(f"{row['period']}-01")
        holder = session.scalar(
            select(tenure.c.id)
            .where(
                tenure.c.property_id == row["property_id"],
                tenure.c.payer_id == row["payer_id"],
                tenure.c.start <= period_start,
                tenure.c.id.between(first, last),
            )
            .order_by(tenure.c.start.desc())
        )
        if holder is None:
            log.warning("push: bill %s moved with no tenure of this desk", row["number"])
            continue
        moved.append({"id": row["id"], "tenure": holder})
    rows["invoice"] = moved


def _this_desk(session: Session) -> int | None:
    return session.scalar(
        select(T["desk"].c.id)
        .join(Setting, Setting.value == T["desk"].c.code)
        .where(Setting.key == DESK_CODE)
    )


@dataclass(frozen=True, slots=True)
class Quoted:
    """What the desk knew when it took the payments of a push.

    ``position``: the desk's place in the central change sequence (seq, change id)
    as it pushes; ``fresh``: the payments it took since its last pull, so on its
    replica as of that position (outbox rows queued after the last pull);
    ``whole``: False when the push itself changes what an account holds (a void,
    a holder change) or comes from a restored file."""

    position: tuple[int, int] | None
    fresh: frozenset[str]
    whole: bool = True


# Pushed rows that change what an account holds besides the payments themselves.
CHANGE_ACCOUNTS = (
    "payer",
    "tenure",
    "tenure_end",
    "invoice",
    "plan",
    "agreement",
    "agreement_cover",
    "agreement_installment",
    "void",
)


def _quoted_since_pull(
    session: Session, entries: Sequence[Any]
) -> tuple[tuple[int, int] | None, frozenset[str]]:
    """This file's position, and the payments of ``entries`` queued after its last
    pull (so quoted on the replica as of that position): for the re-check."""
    values = dict(
        session.execute(
            select(Setting.key, Setting.value).where(
                Setting.key.in_([SEQ_KEY, CID_KEY, PULLED_OUTBOX])
            )
        ).all()
    )
    if SEQ_KEY not in values or PULLED_OUTBOX not in values:
        return None, frozenset()
    after = int(values[PULLED_OUTBOX])
    fresh = frozenset(e.key for e in entries if e.tbl == "payment" and e.id > after)
    return (int(values[SEQ_KEY]), int(values.get(CID_KEY, 0))), fresh


def _apply_push(
    session: Session,
    rows: dict[str, list[dict[str, Any]]],
    result: PushResult,
    quoted: Quoted,
) -> list[str]:
    """Insert what is new, ignore what the central database already has; the new
    payments (for the paid-twice check, which the caller makes last)."""
    _apply_users(session, rows, result)
    if rows["shift"]:
        shift = T["shift"]
        stmt = pg_insert(shift).values(rows["shift"])
        closing = ("closed_at", "expected_cents", "counted_cents", "count_json")
        stmt = stmt.on_conflict_do_update(
            index_elements=["id"],
            set_={name: stmt.excluded[name] for name in closing},
            where=shift.c.closed_at.is_(None),
        )
        session.execute(stmt)
    _apply_holder_rows(session, rows, result)
    _place_receipts(session, rows, result)
    new_payments: set[str] = set()
    allocations: list[dict[str, Any]] = []
    if rows["payment"]:
        new_payments = _insert_returning(session, T["payment"], rows["payment"])
        result.new["payment"] += len(new_payments)
        allocations = [a for a in rows["allocation"] if a["payment_id"] in new_payments]
        if allocations:
            _insert_json(session, T["allocation"], allocations)
    _insert_new(session, "void", rows, result)
    if rows["receipt"]:
        # Numbers placed above: only a receipt sent before is already here.
        _insert_json(session, T["receipt"], rows["receipt"], "ON CONFLICT (id) DO NOTHING")
    if rows["survey_card"]:
        card = T["survey_card"]
        stmt = pg_insert(card).values(rows["survey_card"])
        session.execute(
            stmt.on_conflict_do_update(
                index_elements=["id"],
                set_={"returned_at": stmt.excluded.returned_at},
                where=card.c.returned_at.is_(None),
            )
        )
    # After the cards they name (a card printed and returned before one push).
    _insert_new(session, "contact_change", rows, result)
    if new_payments:
        # Its reads hold no bill's lock: the paid-twice check, which takes them, is last.
        discounted = {
            a["payment_id"] for a in allocations if a["commercial_cents"] or a["loyalty_cents"]
        }
        from desk.sync.recheck import recheck_discounts  # billing: only when there is money

        found, replayed = recheck_discounts(session, discounted, quoted)
        result.discounts += found
        result.issues += found
        result.replayed += replayed
    return sorted(new_payments)


def _check_paid_twice(session: Session, new_payments: list[str]) -> int:
    """The bills these payments settle, checked for money taken twice (``sync_issue``).

    Two desks pushing payments for the same bill at once: the check takes the
    bill's lock (migration c0006; a desk holds no advisory lock itself), so each
    waits for the other's commit and the later check sees both payments. The
    count is of the bills this push found paid twice."""
    found = session.scalar(text("SELECT sync_check_paid_twice(:ids)"), {"ids": new_payments})
    return int(found or 0)


def _place_receipts(
    session: Session, rows: dict[str, list[dict[str, Any]]], result: PushResult
) -> None:
    """Each receipt's number at the central database, before its payment or void goes in.

    A receipt sent before keeps the number it has there; a number no other receipt
    of this desk has is kept; one another file of this desk gave is replaced by
    ``desk_receipt_number`` (migration c0007), which records it for the supervisors.
    """
    receipts = rows["receipt"]
    if not receipts:
        return
    ids = [r["id"] for r in receipts]
    numbers = [r["number"] for r in receipts]
    here: dict[str, int] = dict(
        session.execute(
            text("SELECT id, number FROM receipt WHERE id = ANY(:ids)"), {"ids": ids}
        ).all()
    )
    taken = set(
        session.scalars(
            text("SELECT number FROM receipt WHERE desk_id = desk_self() AND number = ANY(:n)"),
            {"n": numbers},
        )
    )
    floor = max(numbers)
    for receipt in sorted(receipts, key=lambda r: r["number"]):
        printed = receipt["number"]
        if receipt["id"] in here:
            number = int(here[receipt["id"]])
        elif printed in taken:
            number = int(
                session.scalar(
                    text("SELECT desk_receipt_number(:i, :n, :f, :p, :v)"),
                    {
                        "i": receipt["id"],
                        "n": printed,
                        "f": floor,
                        "p": receipt["payment_id"],
                        "v": receipt["void_id"],
                    },
                )
            )
            floor = max(floor, number)
        else:
            continue
        if number != printed:
            receipt["number"] = number
            result.renumbered.append(
                Renumbered(
                    receipt["id"], printed, number, receipt["payment_id"], receipt["void_id"]
                )
            )
            if receipt["id"] not in here:
                result.issues += 1
    placed = {r["payment_id"] or r["void_id"]: r["number"] for r in receipts}
    for tbl in ("payment", "void"):
        for row in rows[tbl]:
            if row["id"] in placed:
                row["receipt_number"] = placed[row["id"]]


def _apply_users(
    session: Session, rows: dict[str, list[dict[str, Any]]], result: PushResult
) -> None:
    """User changes, each signed, through the central database's own checks (c0009).

    Applied in the order they were made, each once, when its HMAC is right under
    the key of who signed it and that user may make it there (lock-outs are each
    desk's own and do not travel). A new user of this desk's block is inserted
    (another desk's user name gets this desk's code); a change is applied when it
    is newer than the one there and touches no admin. What is not applied goes
    to the supervisors (sync_issue) and comes back to this desk at its next pull.
    """
    for row in rows["user_change"]:
        done = session.scalar(
            text(
                "SELECT desk_user_change(:change, :actor, :mac, :new_key, :user_id, :username, "
                ":full_name, :role, :password_hash, :active, :must_change, :changed_at)"
            ),
            row,
        )
        if done in ("created", "renamed"):
            result.new["user"] += 1
        elif done == "changed":
            result.new["user_changed"] += 1
        if done in ("renamed", "refused", "older"):
            result.issues += 1


def _insert_new(
    session: Session, tbl: str, rows: dict[str, list[dict[str, Any]]], result: PushResult
) -> None:
    if rows[tbl]:
        result.new[tbl] += len(_insert_returning(session, T[tbl], rows[tbl]))


def _insert_returning(session: Session, table: Table, rows: list[dict[str, Any]]) -> set[Any]:
    """The keys of the rows the central database did not have, now inserted."""
    return set(_insert_json(session, table, rows, "ON CONFLICT (id) DO NOTHING RETURNING id"))


def _insert_json(
    session: Session, table: Table, rows: list[dict[str, Any]], tail: str = ""
) -> list[Any]:
    """Many rows in one statement with one parameter, the rows as JSON: nothing is
    compiled or parsed per row (a VALUES list of 500 rows took a fifth of a push).

    PostgreSQL reads each value as its column's type (``jsonb_populate_recordset``
    of the table's row type, named with its schema: ``void`` alone is a pseudo-type);
    columns a row leaves out take their defaults (an allocation's id)."""
    quote = session.get_bind().dialect.identifier_preparer.quote
    names = ", ".join(quote(c.name) for c in table.columns if c.name in rows[0])
    relation = quote(table.name)
    found = session.connection().exec_driver_sql(
        f"INSERT INTO {relation} ({names}) SELECT {names} FROM "
        f"jsonb_populate_recordset(NULL::public.{relation}, %(rows)s::jsonb) {tail}",
        {"rows": json.dumps(rows, default=_json_value, ensure_ascii=False)},
    )
    return list(found.scalars()) if "RETURNING" in tail else []


def _json_value(value: Any) -> str:
    """Dates and times as PostgreSQL reads them (ISO 8601, naive: local time)."""
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"not a JSON value: {value!r}")


def _apply_holder_rows(
    session: Session, rows: dict[str, list[dict[str, Any]]], result: PushResult
) -> None:
    """Payers, tenures, moved bills, plans and agreements an information centre made.

    Inserted if new; a tenure's end and a bill's payer through the central
    database's own checks (migration c0003), which leave a change that crossed
    another one for a supervisor (sync_issue) and send this desk the row as it is
    there. Sending it twice changes nothing.
    """
    _insert_new(session, "payer", rows, result)
    if rows["tenure"]:
        tenure = T["tenure"]
        # A day that already has a tenure there (another desk's) refuses ours.
        inserted = session.scalars(
            pg_insert(tenure).values(rows["tenure"]).on_conflict_do_nothing().returning(tenure.c.id)
        ).all()
        result.new["tenure"] += len(inserted)
        for row in rows["tenure"]:
            if row["id"] not in inserted:
                session.execute(
                    text("SELECT desk_tenure_clash(:i, :p, :s, :h)"),
                    {
                        "i": row["id"],
                        "p": row["property_id"],
                        "s": row["start"],
                        "h": row["payer_id"],
                    },
                )
    for row in rows["tenure_end"]:
        done = session.scalar(
            text("SELECT desk_end_tenure(:i, :e, :n)"),
            {"i": row["id"], "e": row["end"], "n": row["successor"]},
        )
        result.new["tenure_end"] += done == "ended"
    for row in rows["invoice"]:
        done = session.scalar(
            text("SELECT desk_move_invoice(:i, :t)"), {"i": row["id"], "t": row["tenure"]}
        )
        result.new["invoice_moved"] += done == "moved"
    for tbl in ("plan", "agreement", "agreement_cover", "agreement_installment"):
        _insert_new(session, tbl, rows, result)


# --- pull -------------------------------------------------------------------------


@dataclass(slots=True)
class PullResult:
    changes: int = 0
    pages: int = 0
    position: tuple[int, int] = (0, 0)


def position(local: Database) -> tuple[int, int] | None:
    """Where this desk is in the central change sequence; None before its first replica."""
    with local.read() as session:
        values = dict(
            session.execute(
                select(Setting.key, Setting.value).where(Setting.key.in_([SEQ_KEY, CID_KEY]))
            ).all()
        )
    if SEQ_KEY not in values:
        return None
    return int(values[SEQ_KEY]), int(values.get(CID_KEY, 0))


def pending_changes(central: CentralDatabase, since: tuple[int, int]) -> int:
    with central.read() as session:
        return int(
            session.scalar(
                text(
                    "SELECT count(*) FROM change_log c JOIN change_txn t ON t.xid = c.xid "
                    "WHERE t.seq >= :s AND (t.seq > :s OR c.id > :c)"
                ),
                {"s": since[0], "c": since[1]},
            )
            or 0
        )


def pull(
    local: Database,
    central: CentralDatabase,
    page: int = 5000,
    progress: Progress | None = None,
) -> PullResult:
    """Apply every central change after this desk's position, page by page."""
    start = position(local)
    if start is None:
        raise ReplicaRefused("sync.no_replica")
    result = PullResult(position=start)
    total = pending_changes(central, start) if progress else 0
    limit: int | None = page
    while True:
        with central.read() as session:
            changes = session.execute(
                text(
                    "SELECT t.seq, c.id, c.tbl, c.key, c.op FROM change_log c "
                    "JOIN change_txn t ON t.xid = c.xid "
                    "WHERE t.seq >= :s AND (t.seq > :s OR c.id > :c) "
                    "ORDER BY t.seq, c.id LIMIT :n"
                ),
                {"s": result.position[0], "c": result.position[1], "n": limit},
            ).all()
            if not changes:
                break
            keys: dict[str, set[str]] = defaultdict(set)
            for change in changes:
                if change.tbl in PULLED:
                    keys[change.tbl].add(change.key)
            fetched = _fetch(session, keys)
        last = (int(changes[-1].seq), int(changes[-1].id))
        try:
            with local.write() as session:
                _apply_pull(session, keys, fetched)
                _set(session, SEQ_KEY, str(last[0]))
                _set(session, CID_KEY, str(last[1]))
                _set(session, PULLED_AT, _stamp())
                _pulled_outbox(session)
        except IntegrityError:
            # A row of this page, as it is now, names a parent that a later page
            # brings (a plan made after the bill changed). All that is left, read
            # in one snapshot and applied in one transaction, is consistent.
            if limit is None:
                raise
            log.info("pull: a page referred past itself; taking the rest at once")
            limit = None
            continue
        result.position = last
        result.changes += len(changes)
        result.pages += 1
        if progress:
            progress(result.changes, max(total, result.changes))
    if result.pages == 0:
        with local.write() as session:
            _set(session, PULLED_AT, _stamp())
            _pulled_outbox(session)  # still at that position: what follows is quoted there
    with central.write() as session:
        _report(session, pulled_seq=result.position[0])
    return result


def _pulled_outbox(session: Session) -> None:
    """The outbox's highest row now, with the position just written (PULLED_OUTBOX)."""
    newest = session.scalar(select(func.max(Outbox.id)))
    _set(session, PULLED_OUTBOX, str(newest or 0))


def _report(session: Session, pushed: bool = False, pulled_seq: int | None = None) -> None:
    """Tell the central database how far this desk is (desk_sync, for supervisors),
    through its own function: a desk writes no desk_sync row itself (migration c0006)."""
    session.execute(
        text("SELECT desk_report(:pushed, :seq)"),
        {"pushed": pushed, "seq": None if pulled_seq is None else int(pulled_seq)},
    )


def _key_filter(tbl: str, keys: Iterable[str]) -> Any:
    table = T[tbl]
    if tbl in COMPOSITE:
        first, second = COMPOSITE[tbl]
        pairs = [key.split("/", 1) for key in keys]
        return or_(*(and_(table.c[first] == a, table.c[second] == int(b)) for a, b in pairs))
    column = table.c.id
    if isinstance(column.type, Integer):
        return column.in_([int(k) for k in keys])
    return column.in_(list(keys))


def _fetch(session: Session, keys: dict[str, set[str]]) -> dict[str, list[dict[str, Any]]]:
    """The rows the changes name, as SQLite stores them (as the first replica copies
    them): the pull writes them with the driver, nothing converted on the way."""
    fetched: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for tbl, wanted in keys.items():
        table = T[tbl]
        for chunk in _chunks(sorted(wanted), PAGE_KEYS):
            if tbl in COMPOSITE:
                first, second = COMPOSITE[tbl]
                pairs = [key.split("/", 1) for key in chunk]
                fetched[tbl] += _stored(
                    session,
                    table,
                    f"({first}, {second}) IN (SELECT * FROM unnest(%(a)s::text[], %(b)s::int[]))",
                    {"a": [a for a, _ in pairs], "b": [int(b) for _, b in pairs]},
                )
            else:
                typed = [int(k) for k in chunk] if _integer_key(tbl) else list(chunk)
                fetched[tbl] += _stored(session, table, "id = ANY(%(ids)s)", {"ids": typed})
    payment_ids = [r["id"] for r in fetched["payment"]]
    for chunk in _chunks(payment_ids, PAGE_KEYS):
        for child, parent_key in CHILDREN["payment"]:
            fetched[child] += _stored(
                session, T[child], f"{parent_key} = ANY(%(ids)s)", {"ids": chunk}
            )
    void_ids = [r["id"] for r in fetched["void"]]
    for chunk in _chunks(void_ids, PAGE_KEYS):
        fetched["receipt"] += _stored(
            session, T["receipt"], "void_id = ANY(%(ids)s)", {"ids": chunk}
        )
    return fetched


PAGE_KEYS = 5000  # keys asked for in one statement
# Users as a desk may read them: the hashes of active users only (migration c0006).
USER_SOURCE = 'desk_user_rows() AS "user"'


def _integer_key(tbl: str) -> bool:
    return isinstance(T[tbl].c.id.type, Integer)


def _stored(
    session: Session, table: Table, where: str, params: dict[str, Any]
) -> list[dict[str, Any]]:
    """Rows of ``table`` as SQLite stores them, read on the driver's cursor."""
    # Local allocation ids are the desk's own (the push leaves them out too).
    names = [c.name for c in table.columns if not (table.name == "allocation" and c.name == "id")]
    quote = session.get_bind().dialect.identifier_preparer.quote  # "user" is reserved there
    selected = ", ".join(_as_sqlite_stores(table.c[n], quote(n)) for n in names)
    relation = USER_SOURCE if table.name == "user" else quote(table.name)
    # On the driver's cursor (exec_driver_sql: no compiling, no conversions), errors
    # still SQLAlchemy's (a dropped connection is "offline", desk.sync.service).
    found = session.connection().exec_driver_sql(
        f"SELECT {selected} FROM {relation} WHERE {where}", params
    )
    return [dict(zip(names, row, strict=True)) for row in found.all()]


def _chunks(values: Sequence[Any], size: int) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _apply_pull(
    session: Session, keys: dict[str, set[str]], fetched: dict[str, list[dict[str, Any]]]
) -> None:
    session.execute(text("PRAGMA defer_foreign_keys = ON"))
    # What this desk changed and has not pushed yet is newer than the central copy,
    # and its own shifts are written here: a pull leaves both alone, but for what
    # another file of this desk (a restored backup, a copy) pushed.
    pending: dict[str, set[str]] = defaultdict(set)
    for tbl, key in session.execute(select(Outbox.tbl, Outbox.key)).all():
        pending[tbl].add(key)
    # A user with a change not yet pushed is newer here (users.py signs each change).
    pending["user"] |= {str(u) for u in session.scalars(select(UserChange.user_id))}
    me = _this_desk(session)
    siblings: dict[str, list[str]] = defaultdict(list)
    for tbl, columns in PULLED.items():
        table = T[tbl]
        # Rows the central database no longer has were deleted there; first, so that
        # a row refused there (a tenure for a day another desk took) makes room.
        present = {_key_of(tbl, r) for r in fetched.get(tbl, [])}
        gone = [k for k in keys.get(tbl, ()) if k not in present]
        for chunk in _chunks(gone, 500):
            session.execute(delete(table).where(_key_filter(tbl, chunk)))
        rows = [r for r in fetched.get(tbl, []) if str(r.get("id")) not in pending[tbl]]
        if tbl in SIBLING_ROWS and me is not None:
            siblings[tbl] += [str(r["id"]) for r in rows if r["desk_id"] == me]
        if tbl == "shift" and me is not None:
            _sibling_shifts(session, [r for r in rows if r["desk_id"] == me])
            rows = [r for r in rows if r["desk_id"] != me]
        if tbl == "user" and rows:
            rows = _renames_first(session, rows)
        if rows:
            _upsert(session, table, rows, columns)
        if tbl == "user" and rows:
            # The audit log records the user table as the pull left it (issue 14).
            now = datetime.now(SOFIA).replace(tzinfo=None)
            audit(session, "sync_users_pulled", now, user_id=None, desk_id=me, users=len(rows))
        if tbl == "payment" and rows:
            _insert_children(session, rows, fetched)
    if fetched.get("receipt"):
        receipts = [r for r in fetched["receipt"] if r["void_id"] is not None]
        _write(session, T["receipt"], receipts, "ON CONFLICT DO NOTHING")
    if me is not None:
        _no_echo(session, siblings)
        own = [r["number"] for r in fetched.get("receipt", []) if r["desk_id"] == me]
        if own:
            _follow_series(session, me, max(own), datetime.now(SOFIA).replace(tzinfo=None))


def _sibling_shifts(session: Session, rows: list[dict[str, Any]]) -> None:
    """This desk's shifts as another file of it opened or closed them.

    A shift this file does not have is brought in (its payments name it), even
    open beside one of this file's own (migration 0008); a shift open here that
    the central database holds closed was closed by the other file. A shift
    this file has is otherwise its own to write."""
    shift = T["shift"]
    closing = ("closed_at", "expected_cents", "counted_cents", "count_json")
    for row in rows:
        held = session.execute(select(shift.c.closed_at).where(shift.c.id == row["id"])).first()
        if held is None:
            _set(session, SIBLING_SHIFT, str(row["id"]))
            _write(session, shift, [row], "ON CONFLICT DO NOTHING")
            session.execute(delete(Setting).where(Setting.key == SIBLING_SHIFT))
        elif held.closed_at is None and row["closed_at"] is not None:
            sets = ", ".join(f"{n} = ?" for n in closing)
            session.connection().exec_driver_sql(
                f"UPDATE shift SET {sets} WHERE id = ?", (*(row[n] for n in closing), row["id"])
            )


def _no_echo(session: Session, siblings: dict[str, list[str]]) -> None:
    """Another file's rows this pull wrote were queued by the outbox triggers (they are
    this desk's): the central database has them, so they are not sent back."""
    for tbl, keys in siblings.items():
        for chunk in _chunks(keys, 500):
            session.execute(delete(Outbox).where(Outbox.tbl == tbl, Outbox.key.in_(chunk)))


def _renames_first(session: Session, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Users this desk has before new ones: a user renamed centrally (a name two
    desks gave) frees the name here before the other desk's user takes it."""
    ids = [r["id"] for r in rows]
    have: set[int] = set()
    for chunk in _chunks(ids, 500):
        have |= set(session.scalars(select(T["user"].c.id).where(T["user"].c.id.in_(chunk))))
    return sorted(rows, key=lambda r: r["id"] not in have)


def _key_of(tbl: str, row: dict[str, Any]) -> str:
    if tbl in COMPOSITE:
        first, second = COMPOSITE[tbl]
        return f"{row[first]}/{row[second]}"
    return str(row["id"])


def _upsert(
    session: Session, table: Table, rows: list[dict[str, Any]], columns: tuple[str, ...] | None
) -> None:
    names = [c.name for c in table.columns if c.name in rows[0]]
    keys = COMPOSITE.get(table.name, ("id",))
    chosen = columns if columns is not None else tuple(n for n in names if n not in keys)
    _write(session, table, rows, _update(keys, chosen) if chosen else "ON CONFLICT DO NOTHING")


def _update(keys: Sequence[str], columns: Sequence[str]) -> str:
    quote = _SQLITE.identifier_preparer.quote
    sets = ", ".join(f"{quote(n)} = excluded.{quote(n)}" for n in columns)
    return f"ON CONFLICT ({', '.join(quote(k) for k in keys)}) DO UPDATE SET {sets}"


def _write(session: Session, table: Table, rows: list[dict[str, Any]], conflict: str = "") -> None:
    """Rows as _fetch read them (as SQLite stores them) into ``table``, on the
    session's own connection and transaction, with the driver's executemany."""
    if not rows:
        return
    quote = _SQLITE.identifier_preparer.quote
    names = [c.name for c in table.columns if c.name in rows[0]]
    sql = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(n) for n in names)}) "
        f"VALUES ({', '.join('?' * len(names))}) {conflict}"
    )
    session.connection().exec_driver_sql(sql, [tuple(r[n] for n in names) for r in rows])


def _insert_children(
    session: Session, payments: list[dict[str, Any]], fetched: dict[str, list[dict[str, Any]]]
) -> None:
    """Allocations and receipts of payments new to this desk (its own are there already)."""
    ids = [p["id"] for p in payments]
    have = set()
    for chunk in _chunks(ids, 500):
        have |= set(
            session.scalars(
                select(T["allocation"].c.payment_id)
                .where(T["allocation"].c.payment_id.in_(chunk))
                .distinct()
            )
        )
    allocations = [a for a in fetched.get("allocation", []) if a["payment_id"] not in have]
    _write(session, T["allocation"], allocations)
    receipts = [r for r in fetched.get("receipt", []) if r["payment_id"] is not None]
    _write(session, T["receipt"], receipts, "ON CONFLICT DO NOTHING")


def _set(session: Session, key: str, value: str) -> None:
    stmt = sqlite_insert(Setting).values(key=key, value=value)
    session.execute(stmt.on_conflict_do_update(index_elements=["key"], set_={"value": value}))


# --- the first replica ------------------------------------------------------------

REPLICA_PAGE = 20_000


def first_replica(
    local: Database,
    central: CentralDatabase,
    desk_code: str,
    progress: Progress | None = None,
) -> PullResult:
    """Copy every replicated table into an empty local database, then become ``desk_code``.

    Made for a million properties (tens of millions of rows): rows stream from
    a server-side cursor in one REPEATABLE READ snapshot straight into SQLite
    through the DB-API, without building ORM rows, and the new file is written
    without fsync until the copy is complete. A copy cut short leaves a file
    that is not yet a desk (no desk code, no position): start again on a new file.
    """
    with local.read() as session:
        held = session.scalar(select(func.count()).select_from(T["property"])) or 0
    if held:
        raise ReplicaRefused("sync.replica_not_empty", path=str(local.path))
    order = [t for t in PULLED if t not in ("payment", "void")]
    order += ["payment", "allocation", "void", "receipt"]
    copied = 0
    target = sqlite3.connect(local.path, isolation_level=None)
    try:
        target.execute("PRAGMA synchronous = OFF")
        with central.read() as source:
            seq = source.scalar(text("SELECT coalesce(max(seq), 0) FROM change_txn")) or 0
            desk = source.execute(
                text("SELECT id FROM desk WHERE code = :c"), {"c": desk_code}
            ).scalar()
            if desk is None:
                raise ReplicaRefused("sync.central_has_no_desk", desk=desk_code)
            total = int(
                source.scalar(
                    text(
                        "SELECT sum(greatest(reltuples, 0))::bigint FROM pg_class "
                        "WHERE relname = ANY(:names) AND relkind = 'r'"
                    ),
                    {"names": order},
                )
                or 0
            )
            for tbl in order:
                target.execute("BEGIN")
                for count in _copy_table(source, target, T[tbl]):
                    copied += count
                    if progress:
                        progress(copied, max(total, copied))
                target.execute("COMMIT")
        # Durable before the file says it is a desk: the checkpoint fsyncs with FULL.
        target.execute("PRAGMA synchronous = FULL")
        target.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        target.close()
    with local.write() as session:
        _set(session, SEQ_KEY, str(seq))
        _set(session, CID_KEY, str(ALL_OF_SEQ))
        _set(session, PULLED_AT, _stamp())
        _pulled_outbox(session)
        _set(session, DESK_CODE, desk_code)
    # This file is now the desk's current one (migration c0007), holding every
    # number the desk gave: its series goes on after the highest.
    token = secrets.token_hex(16)
    with central.write() as session:
        _report(session, pulled_seq=int(seq))
        session.execute(text("SELECT desk_lineage_join(:n)"), {"n": token})
    with local.write() as session:
        _set(session, LINEAGE, token)
        _set(session, FINGERPRINT, fingerprint(local.path))
        me = _this_desk(session)
        receipt = T["receipt"]
        highest = session.scalar(select(func.max(receipt.c.number)).where(receipt.c.desk_id == me))
        if me is not None and highest:
            _follow_series(session, me, int(highest), datetime.now(SOFIA).replace(tzinfo=None))
    return PullResult(changes=copied, pages=0, position=(int(seq), ALL_OF_SEQ))


def compact_change_log(central: CentralDatabase) -> int:
    """Forget the changes every joined desk has pulled; the number of log rows removed.

    A desk that joined reported the sequence of its replica, and each pull
    reports how far it got (desk_sync); changes at or below the lowest of those
    are needed by no desk, and a desk that joins later takes a first replica.
    A desk that joined but stopped syncing holds the log back: retire it
    (delete its desk_sync row) to let the log shrink.
    """
    with central.write() as session:
        lowest = session.scalar(text("SELECT min(pulled_seq) FROM desk_sync"))
        if lowest is None:
            return 0
        removed = session.scalar(
            text(
                "WITH gone AS (DELETE FROM change_log c USING change_txn t "
                "WHERE c.xid = t.xid AND t.seq <= :s RETURNING 1) SELECT count(*) FROM gone"
            ),
            {"s": lowest},
        )
        session.execute(text("DELETE FROM change_txn WHERE seq <= :s"), {"s": lowest})
        return int(removed or 0)


_SQLITE = sqlite_dialect.dialect()


def _copy_table(source: Session, target: sqlite3.Connection, table: Table) -> Iterator[int]:
    """Stream one table into SQLite; yields the rows of each page as it lands."""
    # Local allocation ids are the desk's own (the push leaves them out too).
    names = [c.name for c in table.columns if not (table.name == "allocation" and c.name == "id")]
    quote = _SQLITE.identifier_preparer.quote
    pg_quote = source.get_bind().dialect.identifier_preparer.quote  # "user" is reserved there
    keys = ", ".join(pg_quote(c.name) for c in table.primary_key.columns)
    # PostgreSQL writes dates, times and booleans the way SQLAlchemy stores them in
    # SQLite, so the rows go in as they come, and queries compare alike.
    selected = ", ".join(_as_sqlite_stores(table.c[n], pg_quote(n)) for n in names)
    insert = (
        f"INSERT OR IGNORE INTO {quote(table.name)} ({', '.join(quote(n) for n in names)}) "
        f"VALUES ({', '.join('?' * len(names))})"
    )
    raw = source.connection().connection.driver_connection
    assert raw is not None
    with raw.cursor(name=f"replica_{table.name}") as cursor:
        cursor.itersize = REPLICA_PAGE
        relation = USER_SOURCE if table.name == "user" else pg_quote(table.name)
        cursor.execute(f"SELECT {selected} FROM {relation} ORDER BY {keys}")
        while rows := cursor.fetchmany(REPLICA_PAGE):
            target.executemany(insert, rows)
            yield len(rows)


def _as_sqlite_stores(column: Any, name: str) -> str:
    if isinstance(column.type, DateTime):
        return f"to_char({name}, 'YYYY-MM-DD HH24:MI:SS.US')"
    if isinstance(column.type, Date):
        return f"to_char({name}, 'YYYY-MM-DD')"
    if isinstance(column.type, Boolean):
        return f"{name}::int"
    return name


class ReplicaRefused(RuntimeError):
    """A replica that cannot be made or pulled into: a catalogue code, worded when shown."""

    def __init__(self, code: str, **values: Any) -> None:
        super().__init__(code)
        self.code, self.values = code, values

    def __str__(self) -> str:
        return word(self.code, self.values)


def _stamp() -> str:
    """Now, as the sync times are stored: UTC with its offset, whatever the machine's zone."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def last_sync(local: Database) -> dict[str, str]:
    """When this desk last pushed and pulled (ISO times), for the status line."""
    with local.read() as session:
        return dict(
            session.execute(
                select(Setting.key, Setting.value).where(Setting.key.in_([PULLED_AT, PUSHED_AT]))
            ).all()
        )


def update_setting(local: Database, key: str, value: str) -> None:
    with local.write() as session:
        _set(session, key, value)


__all__ = [
    "PULLED",
    "PullResult",
    "PushResult",
    "compact_change_log",
    "first_replica",
    "last_sync",
    "pending_changes",
    "position",
    "pull",
    "push",
    "queued",
    "sync_moment",
]
