"""Which desk a local database belongs to: its "desk_code" setting.

Receipt numbers are per desk and gapless, so two databases working as the same
desk would issue the same numbers twice. A database therefore works as no desk
until it is told which one it is (the demo is K1; ``desk set-desk CODE``, or
joining a central database, sets it).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from desk.messages import SOFIA, Message
from desk.models.db import Database
from desk.models.tables import Desk, Setting
from desk.services.problems import UserError

DESK_CODE = "desk_code"
# Where this file stands with the central database (desk.sync.replication writes
# them): the position of its last pull, and when it last pulled and pushed. Kept
# here so that services read them without importing the sync.
SEQ_KEY, CID_KEY = "sync_seq", "sync_cid"
PULLED_AT, PUSHED_AT = "sync_pulled_at", "sync_pushed_at"
NOT_A_DESK = "desk.not_set_up"  # a catalogue code (desk/messages.py)


def this_desk_code(db: Database) -> str | None:
    """The desk this database belongs to, if it has been set."""
    with db.read() as session:
        return session.scalar(select(Setting.value).where(Setting.key == DESK_CODE))


def set_this_desk(db: Database, code: str) -> None:
    """Make this database work as desk ``code``, which must be one of its desks."""
    code = code.strip().upper()
    with db.write() as session:
        known = sorted(session.scalars(select(Desk.code)))
        if code not in known:
            listed = ", ".join(known) if known else Message("desk.none_known")
            raise UserError("desk.no_such", code=repr(code), known=listed)
        upsert = sqlite_insert(Setting).values(key=DESK_CODE, value=code)
        session.execute(upsert.on_conflict_do_update(index_elements=["key"], set_={"value": code}))


def sync_moment(stored: str | None) -> datetime | None:
    """A stored sync time as an aware moment in Europe/Sofia, for showing.

    Stored with an offset since issue 13; older values are naive and were written
    on the desk's clock, which is taken as Sofia's (the desks are in Sofia)."""
    if not stored:
        return None
    try:
        moment = datetime.fromisoformat(stored)
    except ValueError:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=SOFIA)
    return moment.astimezone(SOFIA)
