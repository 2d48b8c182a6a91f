"""The same contact field changed at two desks while offline: the later clock wins
everywhere, and both versions stay in the history."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import text

from desk.services.contacts import change_contact
from desk.sync.central import CentralDatabase
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
