"""Migration 0014: the desk's own record of its e-mailed cards. One card in flight
(queued or sending) a payer (a partial unique index), states checked, no outbox
trigger; the way back drops it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.test_migration_0005 import _migrate

CARD = (
    "INSERT INTO survey_card (id, number, payer_id, printed_at, channel) "
    "VALUES ('{id}', '{number}', 1, '2026-11-22 12:00:00', 'email')"
)
ROW = (
    "INSERT INTO card_email (card_id, payer_id, address, via, state, queued_at, changed_at) "
    "VALUES ('{card}', 1, 'a@example.test', 'smtp', '{state}', '2026-11-22 12:00:00', "
    "'2026-11-22 12:00:00')"
)


def test_one_queued_card_a_payer_and_only_known_states(tmp_path: Path) -> None:
    path = tmp_path / "desk.sqlite"
    _migrate(path, "upgrade", "0014")
    with sqlite3.connect(path) as conn:  # foreign keys are off here: no payer needed
        for i in (1, 2, 3, 4):
            conn.execute(CARD.format(id=f"c{i}", number=f"00100000000{i}"))
        conn.execute(ROW.format(card="c1", state="queued"))
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute(ROW.format(card="c2", state="queued"))  # a second card in flight
        conn.execute(ROW.format(card="c2", state="sent"))
        conn.execute("UPDATE card_email SET state = 'sending' WHERE card_id = 'c1'")
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute(ROW.format(card="c4", state="queued"))  # one is being sent
        conn.execute("UPDATE card_email SET state = 'uncertain' WHERE card_id = 'c1'")
        conn.execute(ROW.format(card="c4", state="queued"))  # the uncertain one is not in flight
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute(ROW.format(card="c3", state="lost"))
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute(ROW.format(card="c1", state="sent"))  # one row a card
        triggers = conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'card_email'"
        ).fetchall()
    conn.close()
    assert triggers == []  # local to the desk: nothing queued for the central database
    _migrate(path, "downgrade", "0013")
    with sqlite3.connect(path) as conn:
        tables = conn.execute("SELECT name FROM sqlite_master WHERE name = 'card_email'").fetchall()
    conn.close()
    assert tables == []


def test_0013_goes_back_in_place_and_the_cards_outbox_triggers_stay(tmp_path: Path) -> None:
    path = tmp_path / "desk.sqlite"
    _migrate(path, "upgrade", "head")

    def state() -> tuple[bool, list[str]]:
        with sqlite3.connect(path) as conn:
            columns = [row[1] for row in conn.execute("PRAGMA table_info(survey_card)")]
            triggers = sorted(
                row[0]
                for row in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'trigger' "
                    "AND tbl_name = 'survey_card'"
                )
            )
        conn.close()
        return "channel" in columns, triggers

    has_channel, triggers = state()
    _migrate(path, "downgrade", "0012")
    back = state()
    _migrate(path, "upgrade", "head")

    assert has_channel and "survey_card_outbox_insert" in triggers
    assert back == (False, triggers)
    assert state() == (True, triggers)
