"""Discounts granted at a desk, re-checked on the central database's data.

A desk quotes from its replica, which may be behind: offline, it may not know
of a bill paid at another desk this morning, of a court case opened, of a new
invoice. When its payment arrives, the central side replays the payer's
account as it stood just before that payment, with every desk's earlier
payments, and quotes the same selection by the same rules (desk.billing).
Where a granted discount differs, the difference goes on the supervisors'
list (``sync_issue``, kind ``discount``); the payment itself stands.

A payment is replayed only where the central data may differ from what the
desk quoted from (``_on_the_desks_data``): one the desk took since its last
pull, on a payer nobody changed since that position, quoted on the very facts
the central database holds, gets the same discount by the same rules; a
replay costs a few milliseconds a payment, the check a few statements a batch.
The accounts replayed are read by ``load_account`` itself, but for a whole
batch of payers at once: each of its per-payer statements runs once for all of
them (``_Batch``), a dozen round trips instead of ten per payer. None of this
holds a bill's lock: the paid-twice check, which takes them, comes after it.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from desk.billing.facts import Account, PaymentFact
from desk.billing.ledger import Ledger, build_ledger
from desk.billing.quote import Selection, SelectionError, quote_ledger
from desk.models.rows import Query, Reader
from desk.models.tables import Payer, Payment
from desk.money import Money
from desk.services import accounts as account_queries
from desk.services.accounts import load_account
from desk.services.checkout import discount_reason

if TYPE_CHECKING:
    from desk.sync.exchange import Quoted

Found = tuple[int, str, str, Money, Money, str]  # payer, payment, item, granted, expected, why


def recheck_discounts(
    session: Session, payment_ids: Iterable[str], quoted: Quoted | None = None
) -> tuple[int, int]:
    """Record each granted discount that the central data does not bear out: the
    notes written, and how many payments were replayed.

    A payment the desk quoted on the very data the central database now holds
    for its payer is not replayed: the same facts, the same day and the same
    rules give the discount the desk granted (``_on_the_desks_data``)."""
    wanted = list(payment_ids)
    if quoted is not None and wanted:
        same = _on_the_desks_data(session, wanted, quoted)
        wanted = [p for p in wanted if p not in same]
    if not wanted:
        return 0, 0
    rows = session.execute(
        select(Payment.id, Payer.id, Payer.payer_code)
        .join(Payer, Payer.id == Payment.payer_id)
        .where(Payment.id.in_(wanted), Payment.source == "desk")
        .order_by(Payer.payer_code)
    ).all()
    if not rows:
        return 0, 0
    reader = batch_reader(session, [(payer_id, code) for _, payer_id, code in rows])
    accounts: dict[str, Account | None] = {}
    found: list[Found] = []
    for payment_id, payer_id, payer_code in rows:
        if payer_code not in accounts:
            accounts[payer_code] = load_account(reader, payer_code)
        account = accounts[payer_code]
        if account is None:
            continue
        for item, granted, expected, why in _differences(account, payment_id):
            found.append((payer_id, payment_id, item, granted, expected, why))
    return _record(session, found), len(rows)


# Tables whose rows make a payer's account (desk.services.accounts), and how a
# change's key names the payer: the row as it is now. A row deleted, or one
# updated that could have belonged to another payer before, names no payer for
# sure: then every payment is replayed.
_PAYER_OF = {
    "payment": "SELECT payer_id FROM payment WHERE id = k.key",
    "void": "SELECT p.payer_id FROM void v JOIN payment p ON p.id = v.payment_id "
    "WHERE v.id = k.key",
    "invoice": "SELECT payer_id FROM invoice WHERE id = k.key::integer",
    "tenure": "SELECT payer_id FROM tenure WHERE id = k.key::integer",
    "plan": "SELECT payer_id FROM plan WHERE id = k.key",
    "court_case": "SELECT payer_id FROM court_case WHERE id = k.key",
    "court_case_invoice": "SELECT payer_id FROM court_case WHERE id = split_part(k.key, '/', 1)",
    "agreement": "SELECT payer_id FROM agreement WHERE id = k.key",
    "agreement_cover": "SELECT a.payer_id FROM agreement_cover c "
    "JOIN agreement a ON a.id = c.agreement_id WHERE c.id = k.key::integer",
    "agreement_installment": "SELECT a.payer_id FROM agreement_installment i "
    "JOIN agreement a ON a.id = i.agreement_id WHERE i.id = k.key::integer",
    "payer": "SELECT id FROM payer WHERE id = k.key::integer",
}
# Updates that keep a row with its payer: a payer's own fields (contacts).
_UPDATED_IN_PLACE = ("payer",)


def _on_the_desks_data(session: Session, payment_ids: list[str], quoted: Quoted) -> set[str]:
    """The payments whose payer's account holds, centrally, exactly what the desk
    quoted from: taken since the desk's last pull (its replica then as of
    ``position``), no change to that payer's account committed after that
    position by anyone (but for this push's own payments of its earlier batches,
    ``Quoted.sent``: this file's, which the desk held when it quoted a later one),
    nothing in this push that changes an account besides the payments, and no
    payment of that payer (another desk's, an imported one, this desk's own) that
    comes after it. Anything not known for sure is replayed."""
    if quoted.position is None or not quoted.whole:
        return set()
    fresh = [p for p in payment_ids if p in quoted.fresh]
    if not fresh:
        return set()
    seq, cid = quoted.position
    later = (
        "SELECT c.tbl, c.key, c.op FROM change_log c JOIN change_txn t ON t.xid = c.xid "
        "WHERE t.seq > :s OR (t.seq = :s AND c.id > :c)"
    )
    # The log still holds every change after the position: compaction keeps what
    # this desk reported it had not pulled, and a file behind its report (a
    # restored one) is not taken at its word. No row of an account deleted, or
    # updated where it may have changed payer, since then.
    covered = session.scalar(
        text(
            "SELECT coalesce((SELECT min(seq) FROM change_txn WHERE seq > :s), :s + 1) <= :s + 1 "
            "AND NOT EXISTS (SELECT 1 FROM desk_sync WHERE desk_id = desk_self() "
            "AND pulled_seq > :s) "
            f"AND NOT EXISTS (SELECT 1 FROM ({later}) k WHERE k.tbl = ANY(:tables) "
            "AND (k.op = 'D' OR (k.op = 'U' AND k.tbl <> ALL(:in_place))))"
        ),
        {
            "s": seq,
            "c": cid,
            "tables": [*_PAYER_OF, "property"],
            "in_place": list(_UPDATED_IN_PLACE),
        },
    )
    if not covered:
        return set()
    # The changes after the position are read once, and this push's own payments of
    # its earlier batches are known to the desk (Quoted.sent): looked up by key each
    # time, they cost the push the square of its length (10,000 payments: 2.5 s of 14).
    touched = " UNION ".join(
        f"SELECT ({sql}) AS payer FROM later k WHERE k.tbl = '{tbl}'"
        + (
            " AND k.key NOT IN (SELECT unnest(string_to_array(:sent, ',')))"
            if tbl == "payment"
            else ""
        )
        for tbl, sql in _PAYER_OF.items()
    )
    kept = session.scalars(
        text(
            f"WITH later AS MATERIALIZED ({later}), touched AS ({touched}) "
            "SELECT x.id FROM payment x WHERE x.id = ANY(:ids) "
            "AND x.payer_id NOT IN (SELECT payer FROM touched WHERE payer IS NOT NULL) "
            "AND NOT EXISTS (SELECT 1 FROM payment q WHERE q.payer_id = x.payer_id "
            "AND (q.paid_at, q.id) > (x.paid_at, x.id))"
        ),
        # The ids (UUIDs: no commas) as one text, not a list psycopg quotes item by item.
        {"s": seq, "c": cid, "ids": fresh, "sent": ",".join(sorted(quoted.sent))},
    )
    return set(kept)


def _differences(account: Account, payment_id: str) -> list[tuple[str, Money, Money, str]]:
    index = next((i for i, p in enumerate(account.payments) if p.id == payment_id), None)
    if index is None:
        return []  # voided meanwhile
    payment: PaymentFact = account.payments[index]
    before = replace(account, payments=account.payments[:index])
    ledger = build_ledger(before, payment.paid_on)  # replayed once, quoted twice
    try:
        q = quote_ledger(ledger, _selection(ledger, payment))
    except SelectionError:
        return []  # the item was already settled elsewhere: the paid-twice check says so
    found: list[tuple[str, Money, Money, str]] = []
    for alloc in payment.allocations:
        try:
            entry = q.item(alloc.item)
        except KeyError:
            continue
        expected = entry.discount
        if alloc.discount.currency != expected.currency or alloc.discount != expected:
            found.append((alloc.item, alloc.discount, expected, discount_reason(entry)))
    return found


def _selection(ledger: Ledger, payment: PaymentFact) -> Selection:
    """What the cashier selected: the whole item, or an amount towards it."""
    full = quote_ledger(ledger, {})
    balances = {entry.item: entry.balance for entry in full.items}
    selection: dict[str, Money | None] = {}
    for alloc in payment.allocations:
        owed = balances.get(alloc.item)
        settled = alloc.amount + alloc.discount if alloc.discount.cents else alloc.amount
        in_full = owed is not None and settled.currency == owed.currency and settled >= owed
        selection[alloc.item] = None if in_full else alloc.amount
    return selection


def _record(session: Session, found: Sequence[Found]) -> int:
    """The discount notes, in one statement; a note made before (a push sent twice) stays."""
    if not found:
        return 0
    notes = []
    for payer_id, payment_id, item, granted, expected, why in found:
        because = f" ({why})" if why else ""
        notes.append(
            {
                "payer": payer_id,
                "payment": payment_id,
                "item": item,
                "cents": granted.cents - expected.cents,
                "details": f"Отстъпка по {item}: дадена {granted.plain()} €, по централните "
                f"данни {expected.plain()} €{because}",
            }
        )
    done = session.execute(
        text(
            "INSERT INTO sync_issue (kind, payer_id, payment_id, item, amount_cents, details) "
            "SELECT 'discount', n.payer, n.payment, n.item, n.cents, n.details "
            "FROM jsonb_to_recordset(CAST(:notes AS jsonb)) "
            "AS n(payer integer, payment text, item text, cents integer, details text) "
            "ON CONFLICT (kind, payment_id, item) DO NOTHING"
        ),
        {"notes": json.dumps(notes, ensure_ascii=False)},
    )
    return int(getattr(done, "rowcount", 0) or 0)


# --- reading a batch's accounts -----------------------------------------------------

# The parameters of load_account's statements that a batch reads for all its payers
# at once, with the PostgreSQL type of their values.
BATCHED = {"payer": "integer", "code": "text"}


def batch_reader(session: Session, payers: Iterable[tuple[int, str]]) -> Reader:
    """The session's connection, on which ``load_account`` reads these payers (id,
    code) from rows read once for them all; anything else it reads as usual."""
    listed = list(payers)
    return _Batch.read(
        Reader.of(session),
        payer=sorted({payer_id for payer_id, _ in listed}),
        code=sorted({code for _, code in listed}),
    )


@dataclass(frozen=True, slots=True)
class _Batch:
    """A DB-API connection for ``load_account`` that answers its per-payer statements
    from rows read once for the whole batch; any other statement goes to the database.

    Each statement of desk.services.accounts keyed by one payer (``:payer``, or
    ``:code`` for the payer's id) is run once for every payer of the batch, as a
    LATERAL join over the list of keys, so each payer's rows come in the order
    the statement itself gives them."""

    driver: Any  # the session's psycopg connection, in its transaction
    answers: dict[str, tuple[str, dict[Any, list[tuple[Any, ...]]]]]  # sql -> param, rows

    @classmethod
    def read(cls, reader: Reader, **keys: Sequence[Any]) -> Reader:
        answers: dict[str, tuple[str, dict[Any, list[tuple[Any, ...]]]]] = {}
        dialect = reader.connection.dialect
        cursor = reader.driver.cursor()
        try:
            for query in vars(account_queries).values():
                if not isinstance(query, Query):
                    continue
                compiled = query.statement.compile(dialect=dialect)
                params = list(compiled.params)
                if len(params) != 1 or params[0] not in BATCHED or not keys.get(params[0]):
                    continue
                name = params[0]
                sql = compiled.string
                bind = f"%({name})s"
                if bind not in sql or "%(keys)s" in sql:
                    continue
                cursor.execute(
                    f"SELECT k.key, q.* FROM unnest(%(keys)s::{BATCHED[name]}[]) AS k(key) "
                    f"CROSS JOIN LATERAL ({sql.replace(bind, 'k.key')}) AS q",
                    {"keys": list(keys[name])},
                )
                grouped: dict[Any, list[tuple[Any, ...]]] = defaultdict(list)
                for row in cursor.fetchall():
                    grouped[row[0]].append(tuple(row[1:]))
                for key in keys[name]:
                    grouped.setdefault(key, [])
                answers[sql] = (name, dict(grouped))
        finally:
            cursor.close()
        return Reader(reader.connection, cls(reader.driver, answers))

    def cursor(self) -> _BatchCursor:
        return _BatchCursor(self)


class _BatchCursor:
    def __init__(self, batch: _Batch) -> None:
        self.batch = batch
        self.rows: list[tuple[Any, ...]] = []
        self.real: Any = None

    def execute(self, sql: str, params: Any = None) -> None:
        known = self.batch.answers.get(sql)
        if known is not None and isinstance(params, dict):
            name, grouped = known
            rows = grouped.get(params.get(name))
            if rows is not None:
                self.rows = rows
                return
        self.real = self.batch.driver.cursor()
        self.real.execute(sql, params)

    def fetchall(self) -> list[tuple[Any, ...]]:
        if self.real is not None:
            return list(self.real.fetchall())
        return list(self.rows)

    def close(self) -> None:
        if self.real is not None:
            self.real.close()
