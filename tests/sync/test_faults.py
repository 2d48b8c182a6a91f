"""Faults between a desk and the central database; each reports its figures.

Every test ends with the same audit: each payment the desk acknowledged is in
the central database exactly once (0 lost, 0 doubled), with one allocation,
and the desk's receipt numbers run 1..N without a gap on both sides.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from time import perf_counter

import pytest
from sqlalchemy import create_engine, event, text
from sqlalchemy.exc import OperationalError

from desk.money import Money
from desk.services.payments import Tender, take_payment
from desk.sync.central import CentralDatabase, LocalServer, central_url, role_url, upgrade_central
from desk.sync.desks import add_desk
from desk.sync.replication import pull, push, queued
from tests.desk_fixtures import NOON, PAYER
from tests.sync.proxy import CuttingProxy
from tests.sync.two_desks import BILL, JoinedDesk, join, load_central

ROOT = Path(__file__).resolve().parents[2]


def take_cents(desk: JoinedDesk, count: int) -> None:
    ctx = desk.on_shift()
    cent = Money(1)
    for _ in range(count):
        take_payment(desk.local, ctx, PAYER, {BILL: cent}, Tender(card=cent), cent, NOON)


def audit(desk: JoinedDesk, central: CentralDatabase) -> tuple[int, int, int]:
    """(acknowledged at the desk, lost, doubled), after checking receipts and allocations."""
    with desk.local.read() as session:
        local = dict(
            session.execute(
                text(
                    "SELECT p.id, p.receipt_number FROM payment p JOIN desk d ON d.id = p.desk_id "
                    "WHERE d.code = :c"
                ),
                {"c": desk.code},
            ).all()
        )
    with central.read() as session:
        rows = session.execute(
            text(
                "SELECT p.id, p.receipt_number, "
                "(SELECT count(*) FROM allocation a WHERE a.payment_id = p.id), "
                "(SELECT count(*) FROM receipt r WHERE r.payment_id = p.id) "
                "FROM payment p JOIN desk d ON d.id = p.desk_id WHERE d.code = :c"
            ),
            {"c": desk.code},
        ).all()
    ids = [r[0] for r in rows]
    lost = len(set(local) - set(ids))
    doubled = len(ids) - len(set(ids)) + sum(1 for r in rows if r[2] != 1 or r[3] != 1)
    assert sorted(local.values()) == list(range(1, len(local) + 1)), "gap in the desk's receipts"
    assert sorted(r[1] for r in rows) == sorted(local.values())
    return len(local), lost, doubled


@pytest.fixture
def desk_k1(central: CentralDatabase, tmp_path: Path) -> Iterator[JoinedDesk]:
    load_central(central)
    desk = join(central, "K1", tmp_path)
    yield desk
    desk.close()


@pytest.fixture(scope="module")
def own_server() -> Iterator[tuple[LocalServer, str]]:
    """A server of this module's own, which a test may stop and start again."""
    folder = Path(tempfile.mkdtemp(prefix="desk-pg-faults-"))
    server = LocalServer(folder / "data")
    owner = server.start()
    admin = create_engine(central_url(owner), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("CREATE DATABASE faults"))
    admin.dispose()
    url = central_url(owner).set(database="faults")
    upgrade_central(url)
    yield server, url.render_as_string(hide_password=False)
    server.stop()
    shutil.rmtree(folder, ignore_errors=True)


def test_central_stopped_in_the_middle_of_pushes(own_server, tmp_path: Path, figures) -> None:
    server, url = own_server
    central = CentralDatabase(url)
    load_central(central)
    desk = join(central, "K1", tmp_path)
    take_cents(desk, 60)
    commits = 0

    def stop_before_fourth_commit(_connection: object) -> None:
        nonlocal commits
        commits += 1
        if commits == 4:
            server.stop()  # fast shutdown: the open batch is rolled back

    event.listen(desk.central.engine, "commit", stop_before_fourth_commit)
    started = perf_counter()
    with pytest.raises(OperationalError):
        push(desk.local, desk.central, batch=5)
    waiting = queued(desk.local)
    with pytest.raises(OperationalError):
        push(desk.local, desk.central, batch=5)  # still down: nothing lost either
    server.start()
    push(desk.local, desk.central, batch=5)
    elapsed = perf_counter() - started
    taken, lost, doubled = audit(desk, central)

    assert (taken, lost, doubled) == (60, 0, 0)
    assert queued(desk.local) == 0
    figures.append(
        f"central stopped mid-push: {taken} payments, {waiting} queued when it stopped, "
        f"{lost} lost, {doubled} doubled, caught up in {elapsed:.1f} s"
    )
    desk.close()
    central.close()


def test_connection_cut_after_the_server_committed(
    central: CentralDatabase, desk_k1: JoinedDesk, pg_server: LocalServer, figures
) -> None:
    proxy = CuttingProxy(pg_server.socket_dir / ".s.PGSQL.5432")
    direct = desk_k1.central.url
    via_proxy = CentralDatabase(
        direct.set(host="127.0.0.1", port=proxy.port, query={"sslmode": "disable"})
    )
    take_cents(desk_k1, 20)
    try:
        proxy.cut_after_next_commit()
        with pytest.raises(OperationalError):
            push(desk_k1.local, via_proxy, batch=50)
        # The central database has the batch; the desk did not hear it and keeps it queued.
        with central.read() as session:
            arrived = session.scalar(text("SELECT count(*) FROM payment WHERE source = 'desk'"))
        still_queued = queued(desk_k1.local)
        again = push(desk_k1.local, via_proxy, batch=50)
    finally:
        via_proxy.close()
        proxy.close()
    taken, lost, doubled = audit(desk_k1, central)

    assert proxy.cuts == 1
    assert arrived == 20 and still_queued == 21  # 20 payments and the shift
    assert again.new["payment"] == 0
    assert (taken, lost, doubled) == (20, 0, 0)
    figures.append(
        f"connection cut after COMMIT: {arrived} payments committed unheard, resent "
        f"{again.sent} outbox rows, {lost} lost, {doubled} doubled"
    )


def test_desk_killed_at_random_points_during_200_payments(
    central: CentralDatabase, desk_k1: JoinedDesk, figures
) -> None:
    rng = random.Random(20261201)
    url = desk_k1.central.url.render_as_string(hide_password=False)
    database = str(desk_k1.local.path)
    desk_k1.local.close()
    kills = 0
    started = perf_counter()
    while True:
        worker = subprocess.Popen(
            [sys.executable, "-m", "tests.sync.kill_worker", database, url, "200"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert worker.stdout is not None
        stop_after = rng.randint(1, 60)
        for seen, _line in enumerate(worker.stdout, start=1):
            if seen >= stop_after:
                os.kill(worker.pid, signal.SIGKILL)
                kills += 1
                break
        code = worker.wait()
        worker.stdout.close()
        if code == 0:
            break
        assert code == -signal.SIGKILL, f"the worker failed on its own (exit {code})"
    desk = join_again(desk_k1)
    push(desk.local, desk.central)
    elapsed = perf_counter() - started
    taken, lost, doubled = audit(desk, central)

    assert (taken, lost, doubled) == (200, 0, 0)
    figures.append(
        f"desk SIGKILLed {kills} times during 200 payments: {taken} acknowledged, "
        f"{lost} lost, {doubled} doubled, receipts 1..{taken} gapless ({elapsed:.0f} s)"
    )


def join_again(desk: JoinedDesk) -> JoinedDesk:
    from desk.models.db import open_database

    return JoinedDesk(desk.code, open_database(desk.local.path, upgrade=False), desk.central)


def test_two_desks_pay_the_same_bill_while_offline(
    central: CentralDatabase, tmp_path: Path, figures
) -> None:
    load_central(central)
    k1, k2 = join(central, "K1", tmp_path), join(central, "K2", tmp_path)
    try:
        # Neither hears of the other: each takes the whole bill with its 3% discount.
        paid = [desk.pay_bill(desk.on_shift()) for desk in (k1, k2)]
        for desk in (k1, k2):
            push(desk.local, desk.central)
        for desk in (k1, k2):
            pull(desk.local, desk.central)
        with central.read() as session:
            issues = session.execute(
                text("SELECT kind, item, amount_cents, details FROM sync_issue")
            ).all()
            both = session.scalar(
                text("SELECT count(*) FROM payment WHERE id = ANY(:ids)"),
                {"ids": [p.payment_id for p in paid]},
            )
        credits = [account_credit(desk) for desk in (k1, k2)]
    finally:
        k1.close()
        k2.close()

    assert both == 2  # payments never conflict: both stay
    assert [(i.kind, i.item, i.amount_cents) for i in issues] == [("paid_twice", BILL, 9346)]
    assert "K1, K2" in issues[0].details and "93,46" in issues[0].details
    assert credits == [Money(9346), Money(9346)]  # each desk shows the payer's credit
    figures.append(
        "same bill paid offline at K1 and K2: 2 payments kept, 0 lost, 0 doubled, "
        "93.46 credit, 1 item on the supervisors' list"
    )


def account_credit(desk: JoinedDesk) -> Money:
    from desk.billing.quote import quote
    from desk.services.accounts import load_account

    with desk.local.read() as session:
        account = load_account(session, PAYER)
    assert account is not None
    return quote(account, NOON.date()).credit


def test_add_desk_gives_a_new_password_to_an_existing_desk(central: CentralDatabase) -> None:
    first = add_desk(central, "K1", "Каса 1")
    second = add_desk(central, "k1", "Каса 1")
    assert first.role == second.role and first.password != second.password
    assert role_url(central.url, second.role).username == second.role
