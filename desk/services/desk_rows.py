"""Rows of reference tables that a desk makes itself, and their place in the outbox.

An information centre writes payers, tenures, plans and agreements (with what
an agreement covers and its installments) while it may be offline. Such rows
must reach the central database and every other desk under the same ids, so
an id made here may never be made by another desk or by billing:

- text ids carry the desk's code: "AG-IC1-20261122-1" (desk.services.agreements);
- integer ids come from a block of the desk's own:

      id = DESK_BLOCKS + desk id * BLOCK + n,   n = 1 .. BLOCK - 1

  Desk ids are the central database's keys of the desks, the same at every
  desk, so blocks never meet. Billing's own ids stay below ``DESK_BLOCKS``
  (migration c0003 caps its sequences there). The columns are PostgreSQL
  ``integer`` (int4, at most 2 147 483 647), so desks 1-999 fit, each with
  999 999 ids per table: about 40 000 agreements of 24 installments each, per
  desk. A full block is refused in words; nothing is written then.

The next id is the highest of the block in the local file + 1, taken in the
write transaction that uses it; a desk joined again starts from its replica,
which holds the ids it made before, so it never hands one out twice.

The service that writes such a row queues it in the outbox in the same
transaction (``queue``), so the row cannot be acknowledged and then missing
from the outbox. Rows pulled from the central database are never queued.
The central side checks every id against the pushing desk's block or code
(row-level security, migration c0003).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import func, insert, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from desk.models.tables import Outbox
from desk.services.problems import UserError

DESK_BLOCKS = 1_000_000_000
BLOCK = 1_000_000
MAX_DESK_ID = 999
INT4_MAX = 2**31 - 1
assert DESK_BLOCKS + (MAX_DESK_ID + 1) * BLOCK - 1 <= INT4_MAX


def block_of(desk_id: int) -> tuple[int, int]:
    """The first and last id of desk ``desk_id``'s block."""
    if not 0 < desk_id <= MAX_DESK_ID:
        raise UserError("rows.no_block", desk=str(desk_id), most=str(MAX_DESK_ID))
    first = DESK_BLOCKS + desk_id * BLOCK + 1
    return first, first + BLOCK - 2


def next_ids(
    session: Session, column: InstrumentedAttribute[int], desk_id: int, count: int = 1
) -> list[int]:
    """``count`` new ids of this desk's block for ``column`` (a table's integer key)."""
    first, last = block_of(desk_id)
    top = session.scalar(select(func.max(column)).where(column.between(first, last)))
    start = first if top is None else top + 1
    if start + count - 1 > last:
        raise UserError("rows.exhausted", table=column.class_.__tablename__)
    return list(range(start, start + count))


def queue(session: Session, tbl: str, keys: Iterable[object], now: datetime) -> None:
    """Announce rows of ``tbl`` to the push, in the transaction that wrote them.

    The order of the calls is the order of the outbox: a parent before its children.
    """
    rows = [{"tbl": tbl, "key": str(key), "queued_at": now} for key in keys]
    if rows:
        session.execute(insert(Outbox), rows)
