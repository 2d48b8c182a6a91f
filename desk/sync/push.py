"""Push: the outbox to the central database (see desk.sync.replication)."""

from __future__ import annotations

import json
import logging
import secrets
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    Table,
    delete,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

from desk.messages import SOFIA
from desk.models.db import Database
from desk.models.tables import AuditEntry, Outbox, Setting, UserChange
from desk.services.audit_chain import ANCHOR as AUDIT_ANCHOR
from desk.services.audit_chain import CHAINED, sent_rows
from desk.services.context import audit
from desk.services.desk_identity import (
    CID_KEY,
    PUSHED_AT,
    SEQ_KEY,
)
from desk.services.desk_rows import block_of
from desk.services.file_identity import FINGERPRINT, fingerprint
from desk.sync.central import CentralDatabase
from desk.sync.exchange import (
    LINEAGE,
    LINEAGE_NEXT,
    PULLED_OUTBOX,
    PUSHED,
    SQLITE,
    Progress,
    Quoted,
    T,
    chunks,
    follow_series,
    key_filter,
    queued,
    report_sync,
    row_of,
    set_setting,
    this_desk_id,
    utc_stamp,
)

log = logging.getLogger(__name__)


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
    sent: list[str] = []  # the payments of this push's earlier batches
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
            # Each batch's statements are planned for its own keys, as push_audit's are:
            # psycopg prepares a statement run often, and PostgreSQL may then keep a
            # generic plan for "= ANY(:ids)" that fits no batch's keys.
            session.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))
            outcome = session.scalar(
                text("SELECT desk_push_begin(:p, :n)"), {"p": previous, "n": token}
            )
            if outcome == "diverged":
                result.restored = True
                result.issues += 1
            whole = outcome != "diverged" and not any(rows[t] for t in CHANGE_ACCOUNTS)
            quoted = Quoted(fresh[0], fresh[1], whole, frozenset(sent))
            new_payments = _apply_push(session, rows, result, quoted) if entries else []
            if entries:
                report_sync(session, pushed=True)
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
                set_setting(session, PUSHED_AT, utc_stamp())
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
        sent += [r["id"] for r in rows["payment"]]
        result.sent += len(entries)
        result.batches += 1
        if progress:
            progress(result.sent, max(total, result.sent))
    push_audit(local, central, result)
    return result


# desk_audit_push checks a batch in a few statements (c0010; c0008's row-by-row
# check copied its list of new rows at each row, so batches had to stay small).
AUDIT_BATCH = 2000


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
            since = select(*CHAINED).where(AuditEntry.id >= after)
            entries = session.execute(since.order_by(AuditEntry.id).limit(batch)).all()
        if not entries or (len(entries) == 1 and entries[0].id == after):
            return
        # Its columns, not the ORM object: 10,000 rows a push.
        payload = json.dumps(sent_rows(entries), ensure_ascii=False)
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
            set_setting(session, AUDIT_ANCHOR, f"{last.id}:{last.hash}")
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
            set_setting(session, LINEAGE_NEXT, token)
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
    set_setting(session, LINEAGE, token)
    session.execute(delete(Setting).where(Setting.key == LINEAGE_NEXT, Setting.value == token))
    set_setting(session, FINGERPRINT, fingerprint(local.path))
    me = this_desk_id(session)
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
    moved_to = follow_series(session, me, highest, now)
    if moved_to is not None:
        result.series_moved = moved_to


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
        if tbl in AS_STORED:
            rows[tbl] = _as_stored(session, table, "id", keys[tbl])
            continue
        for obj in session.execute(select(table).where(key_filter(tbl, keys[tbl]))).mappings():
            rows[tbl].append(row_of(table, obj))
    if rows["tenure"] or rows["invoice"]:
        _holder_changes(session, rows)
    if rows["user_change"]:
        rows["user_change"].sort(key=lambda r: r["id"])  # in the order they were made
    if rows["payment"]:
        ids = [r["id"] for r in rows["payment"]]
        # The allocation's id is the desk's own: the central database numbers it.
        rows["allocation"] = _as_stored(session, T["allocation"], "payment_id", ids, skip="id")
        rows["allocation"].sort(key=lambda r: r.pop("local_id"))
        rows["receipt"] += _as_stored(session, T["receipt"], "payment_id", ids)
    if rows["void"]:
        ids = [r["id"] for r in rows["void"]]
        rows["receipt"] += _as_stored(session, T["receipt"], "void_id", ids)
    return rows


# Pushed as SQLite stores them (what ``_insert_json`` sends PostgreSQL reads that way):
# the money rows, 40,000 of them in a push of 10,000 payments, read on the driver's
# cursor without a conversion or a mapping per value (a third of the push's Python).
AS_STORED = ("payment", "void")


def _as_stored(
    session: Session, table: Table, column: str, keys: Sequence[Any], skip: str | None = None
) -> list[dict[str, Any]]:
    """The rows of ``table`` whose ``column`` is one of ``keys``; a ``skip`` column is
    read as ``local_id`` (for the order), not sent."""
    quote = SQLITE.identifier_preparer.quote
    names = [c.name for c in table.columns if c.name != skip]
    selected = [quote(n) for n in names]
    if skip is not None:
        names.append("local_id")
        selected.append(quote(skip))
    # The driver's own cursor, in the session's transaction: a SQLAlchemy row per
    # row read cost more than the reading.
    driver = session.connection().connection.dbapi_connection
    assert driver is not None
    found: list[dict[str, Any]] = []
    for chunk in chunks(list(keys), 500):
        cursor = driver.execute(
            f"SELECT {', '.join(selected)} FROM {quote(table.name)} "
            f"WHERE {quote(column)} IN ({', '.join('?' * len(chunk))})",
            tuple(chunk),
        )
        found += [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    return found


def _holder_changes(session: Session, rows: dict[str, list[dict[str, Any]]]) -> None:
    """What a change of holder needs besides its rows.

    The central database ends a tenure, or moves a bill, only for a new tenure
    of this desk's (migration c0003); the push names it: for an ended tenure the
    one that starts the next day, for a moved bill the tenure of its period.
    Only this desk's own new tenures are inserted.
    """
    tenure = T["tenure"]
    me = this_desk_id(session)
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
