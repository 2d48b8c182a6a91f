"""Contact changes at a desk: validated, kept as history, stamped with a clock."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from desk.models.db import Database
from desk.models.tables import ContactChange, Outbox, Payer
from desk.services.contacts import Clock, change_contact, next_clock
from desk.services.problems import UserError
from tests.desk_fixtures import NOON, PAYER, cashier


def test_a_clock_follows_the_wall_clock_and_counts_on_when_it_runs_behind() -> None:
    first = next_clock(None, NOON, "K1")
    later = next_clock(str(first), datetime(2026, 11, 22, 12, 0, 1), "K1")
    behind = next_clock(str(later), datetime(2026, 11, 22, 11, 0), "K2")  # slow wall clock

    assert later.millis == first.millis + 1000 and later.counter == 0
    assert (behind.millis, behind.counter) == (later.millis, 1)
    assert str(first) < str(later) < str(behind)  # text order is clock order
    assert Clock.parse(str(behind)) == behind


def test_a_phone_is_stored_in_e164_and_the_change_kept_with_its_clock(day_db: Database) -> None:
    ctx = cashier(day_db)
    change = change_contact(day_db, ctx, PAYER, "phone", "0899 765 432", NOON)
    again = change_contact(day_db, ctx, PAYER, "phone", "+359899765432", NOON)

    assert change is not None and again is None  # the same number: nothing to record
    with day_db.read() as session:
        assert session.scalar(select(Payer.phone).where(Payer.payer_code == PAYER)) == (
            "+359899765432"
        )
        row = session.scalars(select(ContactChange)).one()
        assert (row.field, row.new_value, row.source) == ("phone", "+359899765432", "desk")
        assert row.hlc is not None and row.hlc.endswith(".K1")
        assert session.scalars(select(Outbox.tbl)).all() == ["contact_change"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phone", "12", "телефон:"),
        ("phone", "abc", "телефон:"),
        ("email", "ivan.bg", "имейл:"),
        ("fax", "1", "поле за контакт"),
    ],
)
def test_bad_contact_values_name_the_field_and_write_nothing(
    day_db: Database, field: str, value: str, message: str
) -> None:
    with pytest.raises(UserError, match=message):
        change_contact(day_db, cashier(day_db), PAYER, field, value, NOON)
    with day_db.read() as session:
        assert session.scalars(select(ContactChange)).all() == []
