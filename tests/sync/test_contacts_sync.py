"""The same contact field changed at two desks while offline: the later clock wins
everywhere, and both versions stay in the history."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

from alembic import command
from sqlalchemy import Connection, text

from desk.models.db import Database
from desk.services.contacts import change_contact, change_contacts, payer_contacts
from desk.sync.central import CentralDatabase, alembic_config, make_central_engine
from desk.sync.replication import pull, push
from tests.desk_fixtures import PAYER
from tests.sync.two_desks import join, load_central


def test_the_later_change_wins_whichever_desk_pushes_first(
    central: CentralDatabase, tmp_path: Path
) -> None:
    load_central(central)
    k1, k2 = join(central, "K1", tmp_path), join(central, "K2", tmp_path)
    try:
        change_contact(
            k1.local, k1.log_in(), PAYER, "phone", "0888111111", datetime(2026, 11, 22, 10, 0)
        )
        change_contact(
            k2.local, k2.log_in(), PAYER, "phone", "0888222222", datetime(2026, 11, 22, 10, 5)
        )
        # The later change arrives first; the earlier one must not overwrite it.
        push(k2.local, k2.central)
        push(k1.local, k1.central)
        for desk in (k1, k2):
            pull(desk.local, desk.central)

        phones = []
        for desk in (k1, k2):
            with desk.local.read() as session:
                phones.append(
                    session.scalar(
                        text("SELECT phone FROM payer WHERE payer_code = :p"), {"p": PAYER}
                    )
                )
        with central.read() as session:
            central_phone = session.scalar(
                text("SELECT phone FROM payer WHERE payer_code = :p"), {"p": PAYER}
            )
            history = (
                session.execute(text("SELECT new_value FROM contact_change ORDER BY hlc"))
                .scalars()
                .all()
            )
    finally:
        k1.close()
        k2.close()

    assert central_phone == "+359888222222"
    assert phones == ["+359888222222", "+359888222222"]
    assert history == ["+359888111111", "+359888222222"]


# --- the second phone (migration c0005) ---------------------------------------------------


def _phone_2(database: Database | CentralDatabase) -> str | None:
    with database.read() as session:
        return session.scalar(text("SELECT phone_2 FROM payer WHERE payer_code = :p"), {"p": PAYER})


def test_a_second_phone_changed_at_one_desk_reaches_the_other_through_central(
    central: CentralDatabase, tmp_path: Path
) -> None:
    load_central(central)
    k1, k2 = join(central, "K1", tmp_path), join(central, "K2", tmp_path)
    try:
        assert (_phone_2(k1.local), _phone_2(k2.local), _phone_2(central)) == (None, None, None)
        base = payer_contacts(k1.local, PAYER).values
        form = replace(base, phone_2="02 981 1234")
        saved = change_contacts(
            k1.local, k1.log_in(), PAYER, form, datetime(2026, 11, 22, 10, 0), base=base
        )
        assert saved.changed == ("phone_2",)
        push(k1.local, k1.central)
        pull(k2.local, k2.central)

        assert _phone_2(central) == "+35929811234"  # applied there by its own trigger
        assert _phone_2(k2.local) == "+35929811234"
        history = payer_contacts(k2.local, PAYER).history
        assert [(h.field, h.new, h.desk_code) for h in history if h.field == "phone_2"] == [
            ("phone_2", "+35929811234", "K1")
        ]
        with central.read() as session:
            clock = session.scalar(text("SELECT hlc FROM contact_clock WHERE field = 'phone_2'"))
        assert clock is not None and clock.endswith(".K1")

        # And back: K2 empties it later, K1 pulls the empty field.
        change_contact(k2.local, k2.log_in(), PAYER, "phone_2", "", datetime(2026, 11, 22, 10, 5))
        push(k2.local, k2.central)
        pull(k1.local, k1.central)
        assert (_phone_2(central), _phone_2(k1.local)) == (None, None)
        assert _phone_2(k2.local) is None
        # The first phone was never touched by any of it.
        with central.read() as session:
            assert session.scalar(
                text("SELECT phone FROM payer WHERE payer_code = :p"), {"p": PAYER}
            ) == ("+359888123456")
    finally:
        k1.close()
        k2.close()


def _apply_function(connection: Connection) -> str:
    return str(
        connection.scalar(text("SELECT pg_get_functiondef('contact_change_apply'::regproc)"))
    )


def _migrate_central(central: CentralDatabase, direction: str, revision: str) -> None:
    engine = make_central_engine(central.url)
    try:
        with engine.begin() as connection:
            config = alembic_config()
            config.attributes["connection"] = connection
            getattr(command, direction)(config, revision)
    finally:
        engine.dispose()


def test_c0005_and_c0013_downgrade_to_c0002s_contact_function_and_upgrade_again(
    central: CentralDatabase,
) -> None:
    def state() -> tuple[bool, str]:
        with central.engine.connect() as connection:
            column = connection.scalar(
                text(
                    "SELECT count(*) FROM information_schema.columns "
                    "WHERE table_name = 'payer' AND column_name = 'phone_2'"
                )
            )
            return bool(column), _apply_function(connection)

    has_column, at_head = state()
    assert has_column and "WHEN 'phone_2' THEN UPDATE payer SET phone_2" in at_head

    _migrate_central(central, "downgrade", "c0004")
    has_column, restored = state()
    assert not has_column and "phone_2" not in restored
    assert "WHEN 'consent_on' THEN UPDATE payer SET consent_on" in restored
    confirmed = (
        "        WHEN 'confirmed' THEN UPDATE payer SET contacts_confirmed_at = "
        "CAST(NEW.new_value AS timestamp) WHERE id = NEW.payer_id;\n"
    )
    assert confirmed in at_head  # c0013, downgraded on the way
    assert restored == at_head.replace(
        "        WHEN 'phone_2' THEN UPDATE payer SET phone_2 = CAST(NEW.new_value AS text) "
        "WHERE id = NEW.payer_id;\n",
        "",
    ).replace(confirmed, "")

    _migrate_central(central, "upgrade", "head")
    assert state() == (True, at_head)


def test_a_desk_joining_later_gets_the_second_phone_in_its_first_replica(
    central: CentralDatabase, tmp_path: Path
) -> None:
    load_central(central)
    with central.write() as session:
        session.execute(
            text("UPDATE payer SET phone_2 = '+35929811234' WHERE payer_code = :p"), {"p": PAYER}
        )
    k1 = join(central, "K1", tmp_path)  # first_replica copies the payer table as it is
    try:
        assert _phone_2(k1.local) == "+35929811234"
        assert payer_contacts(k1.local, PAYER).values.phone_2 == "+35929811234"
    finally:
        k1.close()


# --- confirmations (central migration c0013) -----------------------------------------------


def _confirmed(database: Database | CentralDatabase) -> datetime | None:
    with database.read() as session:
        value = session.scalar(
            text("SELECT contacts_confirmed_at FROM payer WHERE payer_code = :p"), {"p": PAYER}
        )
    return value if value is None or isinstance(value, datetime) else datetime.fromisoformat(value)


def test_contacts_confirmed_at_one_desk_are_confirmed_at_the_centre_and_the_other_desk(
    central: CentralDatabase, tmp_path: Path
) -> None:
    load_central(central)
    k1, k2 = join(central, "K1", tmp_path), join(central, "K2", tmp_path)
    try:
        before = _confirmed(k2.local)
        now = datetime(2026, 11, 22, 11, 0)
        # Saved with nothing changed: a confirmation only.
        values = payer_contacts(k1.local, PAYER).values
        change_contacts(k1.local, k1.log_in(), PAYER, values, now, base=values)
        push(k1.local, k1.central)
        pull(k2.local, k2.central)
        seen = (_confirmed(k1.local), _confirmed(central), _confirmed(k2.local))
    finally:
        k1.close()
        k2.close()

    assert before != now
    assert seen == (now, now, now)


def test_c0013_applies_the_confirmations_pushed_before_it(
    central: CentralDatabase, tmp_path: Path
) -> None:
    load_central(central)
    k1 = join(central, "K1", tmp_path)
    try:
        _migrate_central(central, "downgrade", "c0012")  # the centre as it was
        now = datetime(2026, 11, 22, 11, 0)
        values = payer_contacts(k1.local, PAYER).values
        change_contacts(k1.local, k1.log_in(), PAYER, values, now, base=values)
        push(k1.local, k1.central)
        before = _confirmed(central)
        _migrate_central(central, "upgrade", "head")
        after = _confirmed(central)
    finally:
        k1.close()

    assert before != now and after == now
