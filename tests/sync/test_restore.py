"""A desk's file restored from a backup, or copied and run beside the original (issue 14).

Against a real PostgreSQL: desk K1 joins, takes payments, its file is copied
(the IT department's backup, restored after a disk failure; or a copy started
on a second machine), and both files take payments and sync in either order.
Whatever the order: every payment a file acknowledged is centrally present (a
copy refuses a payment before acknowledging it until it has synchronised once),
no receipt number of the desk is used twice centrally, the supervisors have a
sync_issue, every sync is an outcome (no traceback), and each file's series
goes on past every number the central database holds for the desk.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import select, text

from desk.models.db import open_database
from desk.models.tables import AuditEntry, Desk
from desk.money import Money
from desk.services.payments import Tender, take_payment
from desk.services.problems import UserError
from desk.services.shifts import open_shift
from desk.sync import push as push_module
from desk.sync.central import CentralDatabase
from desk.sync.replication import push
from desk.sync.service import sync_once
from tests.desk_fixtures import NOON, PAYER
from tests.sync.two_desks import BILL, JoinedDesk, join, load_central


@dataclass
class Ledger:
    """What the files acknowledged (payment id -> printed number) and what they refused."""

    acknowledged: dict[str, int] = field(default_factory=dict)
    refused: int = 0


def copy_of(desk: JoinedDesk, path: Path) -> JoinedDesk:
    """A consistent copy of the desk's file, as a backup tool makes it: a new file."""
    with sqlite3.connect(desk.local.path) as source, sqlite3.connect(path) as target:
        source.backup(target)
    target.close()
    source.close()
    return JoinedDesk(desk.code, open_database(path), desk.central)


def pay(desk: JoinedDesk, count: int, ledger: Ledger) -> None:
    """``count`` payments of a cent by kasier1, the shift opened if this file has none."""
    ctx = desk.log_in()
    try:
        open_shift(desk.local, ctx, Money(0), NOON)
    except UserError as error:
        assert error.code == "shift.already_open_yours"
    cent = Money(1)
    for _ in range(count):
        try:
            done = take_payment(desk.local, ctx, PAYER, {BILL: cent}, Tender(card=cent), cent, NOON)
        except UserError as error:
            assert error.code == "payment.file_copied", str(error)
            ledger.refused += 1
            continue
        ledger.acknowledged[done.payment_id] = done.receipt_number


def sync(desk: JoinedDesk) -> None:
    outcome = sync_once(desk.local, desk.central)
    assert outcome.online, outcome.text("en")
    assert outcome.queued == 0


def tally(central: CentralDatabase, ledger: Ledger) -> tuple[int, int]:
    """(lost, doubled): acknowledged payments missing centrally; receipt numbers of K1
    used twice, and payments without exactly one receipt or allocation."""
    with central.read() as session:
        rows = session.execute(
            text(
                "SELECT p.id, p.receipt_number, "
                "(SELECT count(*) FROM allocation a WHERE a.payment_id = p.id), "
                "(SELECT count(*) FROM receipt r WHERE r.payment_id = p.id) "
                "FROM payment p JOIN desk d ON d.id = p.desk_id WHERE d.code = 'K1'"
            )
        ).all()
        used_twice = session.scalar(
            text(
                "SELECT count(*) FROM (SELECT number FROM receipt r "
                "JOIN desk d ON d.id = r.desk_id WHERE d.code = 'K1' "
                "GROUP BY number HAVING count(*) > 1) t"
            )
        )
        mismatched = session.scalar(
            text(
                "SELECT count(*) FROM payment p JOIN receipt r ON r.payment_id = p.id "
                "WHERE r.number <> p.receipt_number"
            )
        )
    lost = len(set(ledger.acknowledged) - {r[0] for r in rows})
    doubled = int(used_twice or 0) + int(mismatched or 0)
    doubled += sum(1 for r in rows if r[2] != 1 or r[3] != 1)
    return lost, doubled


def issues(central: CentralDatabase) -> dict[str, int]:
    with central.read() as session:
        return dict(
            session.execute(text("SELECT kind, count(*) FROM sync_issue GROUP BY kind")).all()
        )


def next_number(desk: JoinedDesk) -> int:
    with desk.local.read() as session:
        last = session.scalar(select(Desk.last_receipt_number).where(Desk.code == desk.code))
    return int(last or 0) + 1


def central_highest(central: CentralDatabase) -> int:
    with central.read() as session:
        return int(
            session.scalar(
                text(
                    "SELECT max(number) FROM receipt r JOIN desk d ON d.id = r.desk_id "
                    "WHERE d.code = 'K1'"
                )
            )
            or 0
        )


@pytest.fixture
def k1(central: CentralDatabase, tmp_path: Path) -> Iterator[JoinedDesk]:
    load_central(central)
    desk = join(central, "K1", tmp_path)
    yield desk
    desk.close()


RUNS: list[tuple[str, int, int, int]] = []


@pytest.mark.parametrize("first", ["original", "copy"])
def test_a_restored_copy_and_the_original_lose_and_double_nothing(
    central: CentralDatabase, k1: JoinedDesk, tmp_path: Path, first: str, figures
) -> None:
    ledger = Ledger()
    pay(k1, 2, ledger)
    sync(k1)
    backup = copy_of(k1, tmp_path / "backup.sqlite")  # last night's backup
    pay(k1, 3, ledger)  # the original works on, not yet synced

    # Offline, the restored file gives no number the central database may hold.
    pay(backup, 1, ledger)
    assert ledger.refused == 1
    with pytest.raises(UserError) as refused:
        pay_strict(backup)
    said = refused.value.message.text("en")
    assert "desk sync" in said and "K1" in said

    order = [k1, backup] if first == "original" else [backup, k1]
    for desk in order:
        sync(desk)
    pay(backup, 3, ledger)  # after one sync the copy pays
    pay(k1, 3, ledger)
    for desk in order + order:  # each file twice: both hear of each other's rows
        sync(desk)

    lost, doubled = tally(central, ledger)
    found = issues(central)
    RUNS.append((first, len(ledger.acknowledged), lost, doubled))
    figures.append(
        f"restore ({first} syncs first): {len(ledger.acknowledged)} payments acknowledged, "
        f"{ledger.refused} refused before acknowledging, lost {lost}, doubled {doubled}, "
        f"sync issues {found}"
    )
    assert (lost, doubled) == (0, 0)
    assert found.get("restored_file", 0) >= 1
    assert len(ledger.acknowledged) == 11
    # Each file goes on past every number the central database holds for the desk.
    highest = central_highest(central)
    assert next_number(k1) == next_number(backup) == highest + 1
    # And each file holds every payment of the desk; the jumps are in the audit logs.
    logged: list[str] = []
    for desk in (k1, backup):
        with desk.local.read() as session:
            here = set(session.scalars(text("SELECT id FROM payment")))
            logged += session.scalars(
                select(AuditEntry.action).where(AuditEntry.user_id.is_(None))
            ).all()
        assert set(ledger.acknowledged) <= here
    assert "receipt_series_moved" in logged and "sync_restored_file" in logged
    backup.local.close()


def pay_strict(desk: JoinedDesk) -> None:
    ctx = desk.log_in()
    cent = Money(1)
    take_payment(desk.local, ctx, PAYER, {BILL: cent}, Tender(card=cent), cent, NOON)


def test_a_number_given_twice_is_renumbered_centrally_recorded_and_logged(
    central: CentralDatabase, k1: JoinedDesk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger = Ledger()
    clone = copy_of(k1, tmp_path / "clone.sqlite")
    sync(clone)  # the copy asks first: the central database knows of nothing newer
    pay(clone, 3, ledger)  # receipts 1-3 at the copy
    pay(k1, 3, ledger)  # receipts 1-3 at the original, offline
    sync(clone)
    # The original's push reaches the central database, its answer does not.
    acknowledged = push_module._acknowledged

    def lost(*args: object) -> None:
        monkeypatch.setattr(push_module, "_acknowledged", acknowledged)
        raise ConnectionError("the answer was lost")

    monkeypatch.setattr(push_module, "_acknowledged", lost)
    with pytest.raises(ConnectionError):
        push(k1.local, k1.central)

    result = push(k1.local, k1.central)  # sent again: known, not a third file

    assert not result.restored
    assert [(r.printed, r.number) for r in result.renumbered] == [(1, 4), (2, 5), (3, 6)]
    assert result.series_moved == (4, 7)
    with central.read() as session:
        renumbered = session.execute(
            text("SELECT printed, number FROM receipt_renumbered ORDER BY printed")
        ).all()
        details = session.scalars(
            text("SELECT details FROM sync_issue WHERE kind = 'receipt_renumbered'")
        ).all()
    assert [tuple(r) for r in renumbered] == [(1, 4), (2, 5), (3, 6)]
    assert len(details) == 3 and all("K1" in d for d in details)
    assert issues(central)["restored_file"] == 1
    assert tally(central, ledger) == (0, 0)
    with k1.local.read() as session:
        logged = session.execute(
            select(AuditEntry.action, AuditEntry.details).where(AuditEntry.user_id.is_(None))
        ).all()
    actions = [a for a, _ in logged]
    assert actions.count("receipt_renumbered") == 3
    assert "receipt_series_moved" in actions
    pay(k1, 1, ledger)
    assert ledger.acknowledged[max(ledger.acknowledged, key=ledger.acknowledged.get)] == 7
    clone.local.close()


def test_a_second_copy_syncs_without_a_traceback_and_pays_after_its_sync(
    central: CentralDatabase, k1: JoinedDesk, tmp_path: Path, figures
) -> None:
    ledger = Ledger()
    first = copy_of(k1, tmp_path / "first.sqlite")
    second = copy_of(k1, tmp_path / "second.sqlite")
    pay(k1, 2, ledger)
    sync(k1)
    for copy in (first, second):
        pay(copy, 1, ledger)
        sync(copy)
        pay(copy, 2, ledger)
        sync(copy)
    pay(k1, 1, ledger)
    for desk in (k1, first, second, k1, first, second):
        sync(desk)

    lost, doubled = tally(central, ledger)
    figures.append(
        f"restore (two copies and the original): {len(ledger.acknowledged)} acknowledged, "
        f"{ledger.refused} refused before acknowledging, lost {lost}, doubled {doubled}"
    )
    assert (lost, doubled) == (0, 0)
    assert ledger.refused == 2 and len(ledger.acknowledged) == 7
    assert issues(central).get("restored_file", 0) >= 1
    first.local.close()
    second.local.close()


def test_a_file_that_never_joined_is_not_held_back(day_db) -> None:
    from tests.desk_fixtures import on_shift, pay_by_card

    done = pay_by_card(day_db, on_shift(day_db))
    assert done.receipt_number == 1
