"""sync_once: push then pull; offline is an outcome, never an exception."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desk.models.db import Database
from desk.models.tables import Payment, Property
from desk.sync.central import CentralDatabase, LocalServer
from desk.sync.config import password_file
from desk.sync.service import sync_once
from tests.desk_fixtures import on_shift, pay_by_card
from tests.sync import helpers
from tests.sync.helpers import Cuttable, join_desk, load_scenario, outbox_rows

# The fixtures of helpers.py this module uses, where pytest looks for them.
joined = helpers.joined
no_keyring = helpers.no_keyring


def test_a_desk_without_a_central_database_is_not_configured(day_db: Database) -> None:
    outcome = sync_once(day_db)

    assert outcome.state == "not_configured"
    assert not outcome.online and not outcome.configured
    assert outcome.error is not None and "само локално" in outcome.error.text("bg")
    assert "only locally" in outcome.error.text("en")


def test_online_the_payment_goes_up_and_central_changes_come_down(
    joined: Database, central: CentralDatabase
) -> None:
    done = pay_by_card(joined, on_shift(joined))
    with central.write() as session:
        session.add(Property(subscriber_number="1000777", district="Надежда", address="бл. 9"))
    progress: list[tuple[int, int]] = []

    outcome = sync_once(joined, progress=lambda done, total: progress.append((done, total)))

    assert outcome.online
    assert outcome.pushed > 0
    assert outcome.queued == 0 and outcome.error is None
    assert outcome.pulled > 0 and progress and progress[-1][0] == progress[-1][1]
    assert set(outcome.last_sync) == {"sync_pulled_at", "sync_pushed_at"}
    with central.read() as session:
        assert session.get(Payment, done.payment_id) is not None
    with joined.read() as session:
        numbers = set(session.scalars(select(Property.subscriber_number)))
    assert "1000777" in numbers


def test_with_the_server_unreachable_the_queue_stays_and_the_desk_is_offline(
    central: CentralDatabase,
    pg_server: LocalServer,
    tmp_path: Path,
    no_keyring: None,
    caplog: pytest.LogCaptureFixture,
) -> None:
    load_scenario(central)
    network = Cuttable(pg_server, tmp_path / "sock")
    local, _config = join_desk(central, tmp_path / "k1.sqlite", host=str(network.folder))
    pay_by_card(local, on_shift(local))
    queued = outbox_rows(local)

    with caplog.at_level(logging.WARNING, logger="desk.sync.service"):
        outcome = sync_once(local)

    assert outcome.state == "offline"
    assert outcome.queued == queued == outbox_rows(local)
    assert outcome.error is not None and outcome.error.text("bg").startswith("Няма връзка")
    assert outcome.text("en").startswith("No connection to the central database.")
    assert outcome.detail is not None and str(network.folder) in outcome.detail
    assert "central database unreachable" in caplog.text
    with central.read() as session:
        assert session.scalar(select(func.count()).select_from(Payment)) == 2  # the import's

    network.connect()
    back = sync_once(local)

    assert back.online and back.queued == 0 and back.pushed == queued
    with central.read() as session:
        assert session.scalar(select(func.count()).select_from(Payment)) == 3
    local.close()


def test_a_missing_password_fails_calmly_with_what_to_do(
    joined: Database, no_keyring: None
) -> None:
    password_file(joined.path).unlink()

    outcome = sync_once(joined)

    assert outcome.state == "failed"
    assert outcome.error is not None and "desk join" in outcome.error.text("bg")
    assert "no password for" in outcome.error.text("en")


def test_a_central_database_passed_in_is_used_and_left_open(
    joined: Database, central: CentralDatabase
) -> None:

    pay_by_card(joined, on_shift(joined))

    outcome = sync_once(joined, central)

    assert outcome.online and outcome.queued == 0
    with central.read() as session:  # still usable: not closed by sync_once
        assert session.scalar(select(func.count()).select_from(Payment)) == 3
