"""A payer's contact details changed at a desk, with a hybrid logical clock.

Every change is a new ``contact_change`` row (who, when, where, old and new
value), queued for the central database by the outbox trigger in the same
transaction. Desks change the same field while offline; the central database
keeps, per field, the change with the latest clock (migration c0002), and
every version stays in the history.

The clock is ``<milliseconds>.<counter>.<desk>``, fixed-width so that text
order is clock order: the physical time of the change, unless this desk has
already seen a later clock (its own or one pulled from another desk), in
which case it counts on from that one. Causality survives a desk whose wall
clock runs behind.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import phonenumbers
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from desk.models.db import Database
from desk.models.tables import ContactChange, Payer
from desk.services.context import DeskContext, audit_as
from desk.services.problems import UserError

TEXT_FIELDS = {"phone": "телефон", "email": "имейл", "address": "адрес за кореспонденция"}
SOURCES = ("desk", "info_centre", "survey_card", "web", "e_invoice")


@dataclass(frozen=True, slots=True)
class Clock:
    millis: int
    counter: int
    node: str

    def __str__(self) -> str:
        return f"{self.millis:015d}.{self.counter:05d}.{self.node}"

    @classmethod
    def parse(cls, text: str) -> Clock:
        millis, counter, node = text.split(".", 2)
        return cls(int(millis), int(counter), node)


def next_clock(seen: str | None, now: datetime, node: str) -> Clock:
    """The clock of a new change after the latest clock this desk has ``seen``."""
    physical = int(now.timestamp() * 1000)
    if seen is None:
        return Clock(physical, 0, node)
    last = Clock.parse(seen)
    if physical > last.millis:
        return Clock(physical, 0, node)
    return Clock(last.millis, last.counter + 1, node)


def normalised(field: str, value: str) -> str | None:
    """The value as stored, or a UserError naming the field and what is wrong."""
    if field not in TEXT_FIELDS:
        raise UserError(f"поле за контакт: няма такова поле {field!r}")
    value = value.strip()
    if not value:
        return None
    if field == "phone":
        try:
            number = phonenumbers.parse(value, "BG")
        except phonenumbers.NumberParseException as exc:
            raise UserError(f"телефон: не е телефонен номер: {value!r}") from exc
        if not phonenumbers.is_valid_number(number):
            raise UserError(f"телефон: няма такъв номер в България или чужбина: {value!r}")
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if field == "email" and ("@" not in value or "." not in value.rsplit("@", 1)[-1]):
        raise UserError(f"имейл: липсва @ или домейн: {value!r}")
    return value


def change_contact(
    db: Database,
    ctx: DeskContext,
    payer_code: str,
    field: str,
    value: str,
    now: datetime,
    source: str = "desk",
) -> ContactChange | None:
    """Record and apply one field's new value; None when it is the value on file."""
    if source not in SOURCES:
        raise UserError(f"източник на промяната: {source!r}")
    new = normalised(field, value)
    with db.write() as session:
        payer = session.scalars(select(Payer).where(Payer.payer_code == payer_code)).first()
        if payer is None:
            raise UserError(f"код на платец {payer_code}: няма такъв платец")
        old = getattr(payer, field)
        if old == new:
            return None
        clock = next_clock(_latest_clock(session), now, ctx.desk_code)
        change = ContactChange(
            payer_id=payer.id,
            field=field,
            old_value=old,
            new_value=new,
            changed_at=now,
            source=source,
            desk_id=ctx.desk_id,
            user_id=ctx.user_id,
            hlc=str(clock),
        )
        session.add(change)
        session.execute(update(Payer).where(Payer.id == payer.id).values({field: new}))
        audit_as(session, ctx, "contact_change", now, payer=payer_code, field=field)
        session.flush()
        return change


def _latest_clock(session: Session) -> str | None:
    return session.scalar(select(func.max(ContactChange.hlc)))
