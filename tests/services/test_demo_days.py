"""The demo is alive on whatever day it is made: its history ends the day before, and
each showcase payer behaves as its kind says on that day, asked through the quote
service as the desk asks it (DOMAIN.md "Invoices and due dates", "Discounts")."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from desk.billing.calendar import deadline
from desk.billing.discounts import COMMERCIAL, is_new_client
from desk.billing.ledger import build_ledger
from desk.billing.quote import Quote
from desk.models.db import open_database
from desk.services.accounts import load_account
from desk.services.demo import SHOWCASE, generate_demo
from desk.services.quotes import quote_for

# Early in a month, mid-month, the last day of a 31-day month (no bill of an earlier
# month is current then), the last day of February, a January day, a day in May (a new
# plan year whose first installment is not billed yet), and the day the demo was fixed at.
DAYS = (
    date(2026, 12, 1),
    date(2027, 3, 16),
    date(2026, 12, 31),
    date(2027, 2, 28),
    date(2027, 1, 12),
    date(2027, 5, 10),
    date(2026, 11, 22),
)
# Subscriber number of each showcase kind (two_properties has two: 1000017 and 1000018).
SUBSCRIBER = {kind: f"{1_000_001 + n}" for n, kind in enumerate(SHOWCASE)}


class Demo:
    """A showcase-sized demo made for ``today``, and questions about it."""

    def __init__(self, path: Path, today: date) -> None:
        self.today = today
        self.con = sqlite3.connect(path)
        self.db = open_database(path, upgrade=False)

    def close(self) -> None:
        self.con.close()
        self.db.close()

    def rows(self, sql: str, *args: object) -> list[tuple[object, ...]]:
        return self.con.execute(sql, args).fetchall()

    def payers(self, kind: str) -> list[str]:
        """Payer codes of the kind's property, oldest tenure first."""
        return [
            str(code)
            for (code,) in self.rows(
                "SELECT p.payer_code FROM payer p JOIN tenure t ON t.payer_id = p.id "
                "JOIN property pr ON pr.id = t.property_id WHERE pr.subscriber_number = ? "
                "ORDER BY t.start",
                SUBSCRIBER[kind],
            )
        ]

    def quote(self, kind: str) -> Quote:
        """The current payer's quote today, the cashier's default selection."""
        return quote_for(self.db, self.payers(kind)[-1], self.today)

    def paid_late(self, kind: str) -> tuple[int, int]:
        """The payer's bills settled after and on/before their deadline."""
        late = on_time = 0
        for period, paid in self.rows(
            "SELECT i.period, max(substr(pm.paid_at, 1, 10)) FROM invoice i "
            "JOIN allocation a ON a.invoice_id = i.id JOIN payment pm ON pm.id = a.payment_id "
            "JOIN payer p ON p.id = i.payer_id WHERE p.payer_code = ? GROUP BY i.id",
            self.payers(kind)[-1],
        ):
            if date.fromisoformat(str(paid)) > deadline(str(period)):
                late += 1
            else:
                on_time += 1
        return late, on_time

    def earned_3_percent(self, kind: str) -> int:
        return int(
            self.rows(
                "SELECT count(*) FROM allocation a JOIN payment pm ON pm.id = a.payment_id "
                "JOIN payer p ON p.id = pm.payer_id WHERE p.payer_code = ? "
                "AND a.commercial_cents > 0",
                self.payers(kind)[-1],
            )[0][0]
        )


@pytest.fixture(scope="module", params=DAYS, ids=str)
def demo(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Demo]:
    today: date = request.param
    path = tmp_path_factory.mktemp(f"demo-{today}") / "demo.sqlite"
    generate_demo(path, properties=len(SHOWCASE) + 1, seed=5, today=today)
    made = Demo(path, today)
    yield made
    made.close()


def overdue_items(q: Quote) -> list[str]:
    return [e.item for e in q.items if e.overdue]


def test_the_history_ends_the_day_before(demo: Demo) -> None:
    yesterday = (demo.today - timedelta(days=1)).isoformat()
    ((paid,),) = demo.rows("SELECT max(substr(paid_at, 1, 10)) FROM payment")
    assert paid == yesterday or str(paid) < yesterday
    ((issued,),) = demo.rows("SELECT max(issued) FROM invoice")
    assert str(issued) <= demo.today.isoformat()
    # the bills reach last month: the one before it is never the newest
    last_month = (demo.today.replace(day=1) - timedelta(days=1)).isoformat()[:7]
    assert demo.rows("SELECT count(*) FROM invoice WHERE period = ?", last_month)[0][0] > 0
    for sql in (
        "SELECT max(changed_at) FROM contact_change",
        "SELECT max(printed_at) FROM survey_card",
        "SELECT max(returned_at) FROM survey_card",
        "SELECT max(signed) FROM agreement",
        "SELECT max(since) FROM court_case",
    ):
        ((last,),) = demo.rows(sql)
        assert last is None or str(last)[:10] < demo.today.isoformat(), sql
    assert demo.rows("SELECT value FROM setting WHERE key = 'demo_today'") == [
        (demo.today.isoformat(),)
    ]


def test_the_punctual_payer_has_a_bill_to_pay_today_with_the_3_percent(demo: Demo) -> None:
    q = demo.quote("punctual")
    assert q.good_standing and q.totals.overdue.cents == 0
    current = [e for e in q.items if e.kind in ("monthly", "installment")]
    assert current, "nothing to pay"
    for entry in current:
        assert not entry.overdue and entry.selected and entry.deadline >= demo.today
        assert [d.kind for d in entry.discounts] == [COMMERCIAL], entry
        assert entry.discount.cents > 0 and entry.to_pay.cents < entry.balance.cents
    assert q.totals.discount.cents > 0
    late, on_time = demo.paid_late("punctual")
    assert late == 0 and on_time >= 30


def test_the_occasional_payer_was_late_now_and_then(demo: Demo) -> None:
    late, on_time = demo.paid_late("occasional")
    assert 0 < late < on_time
    assert demo.earned_3_percent("occasional") > 0


def test_the_chronic_late_payer_is_overdue_and_mostly_late(demo: Demo) -> None:
    q = demo.quote("chronic")
    assert not q.good_standing and overdue_items(q)
    late, on_time = demo.paid_late("chronic")
    assert late > on_time


def test_the_payer_who_stopped_paying_has_months_overdue(demo: Demo) -> None:
    q = demo.quote("stopped")
    assert not q.good_standing and len(overdue_items(q)) >= 2


@pytest.mark.parametrize("stage", ["filed", "order", "writ", "enforcement"])
def test_each_court_stage_shows_its_banner(demo: Demo, stage: str) -> None:
    q = demo.quote(f"court_{stage}")
    assert f"court:{stage}" in q.banners
    assert any(e.kind == "court" for e in q.items)


def test_the_final_warning_shows_while_bills_are_overdue(demo: Demo) -> None:
    q = demo.quote("court_warning")
    assert "final_warning" in q.banners and q.totals.overdue.cents > 0


def test_a_closed_court_case_is_not_shown(demo: Demo) -> None:
    q = demo.quote("court_closed")
    assert not any(b.startswith("court:") or b == "final_warning" for b in q.banners)
    assert demo.rows(
        "SELECT c.stage FROM court_case c JOIN payer p ON p.id = c.payer_id WHERE p.payer_code = ?",
        demo.payers("court_closed")[-1],
    ) == [("closed",)]


def test_a_kept_agreement_runs_and_leaves_nothing_overdue(demo: Demo) -> None:
    q = demo.quote("agreement_kept")
    assert "agreement:active" in q.banners
    assert q.good_standing and not overdue_items(q)


def test_a_breached_agreement_makes_everything_due(demo: Demo) -> None:
    q = demo.quote("agreement_breached")
    assert "agreement:breached" in q.banners
    assert any(e.kind == "agreement" and e.overdue for e in q.items)


def test_an_agreement_over_a_court_award_runs(demo: Demo) -> None:
    q = demo.quote("court_agreement")
    assert {"agreement:active", "court:order"} <= set(q.banners)
    assert not any(e.kind == "agreement" and e.overdue for e in q.items)


@pytest.mark.parametrize("kind", ["plan_existing", "new_client_plan"])
def test_the_plan_payers_are_in_this_years_plan(demo: Demo, kind: str) -> None:
    q = demo.quote(kind)
    assert [b for b in q.banners if b.startswith("plan:")]
    assert q.good_standing
    with demo.db.read() as session:
        account = load_account(session, demo.payers(kind)[-1])
    assert account is not None and len(account.plans) == 1
    first = date.fromisoformat(account.plans[0].first_month + "-01")
    assert first <= demo.today < first.replace(year=first.year + 1)
    ledger = build_ledger(account, demo.today)
    assert is_new_client(ledger, account.plans[0]) == (kind == "new_client_plan")


def test_the_change_of_owner_splits_the_bills(demo: Demo) -> None:
    old, new = demo.payers("change")
    assert old != new
    ((ended, began),) = demo.rows(
        "SELECT a.end, b.start FROM tenure a JOIN tenure b ON b.property_id = a.property_id "
        "JOIN property pr ON pr.id = a.property_id "
        "WHERE pr.subscriber_number = ? AND a.end IS NOT NULL AND b.id != a.id",
        SUBSCRIBER["change"],
    )
    assert date.fromisoformat(str(began)) - date.fromisoformat(str(ended)) == timedelta(days=1)
    assert date.fromisoformat(str(began)) < demo.today
    change_month = str(began)[:7]
    for entry in demo.quote("change").items:
        assert entry.period is None or entry.period >= change_month
    for entry in quote_for(demo.db, old, demo.today).items:
        assert entry.period is None or entry.period <= change_month


def test_one_payer_holds_two_properties(demo: Demo) -> None:
    q = demo.quote("two_properties")
    assert demo.payers("two_properties") == [q.payer_code]
    held = demo.rows(
        "SELECT pr.subscriber_number FROM tenure t JOIN property pr ON pr.id = t.property_id "
        "JOIN payer p ON p.id = t.payer_id WHERE p.payer_code = ? ORDER BY 1",
        q.payer_code,
    )
    assert held == [("1000017",), ("1000018",)]


def dump(path: Path) -> bytes:
    """Every row of every table, in order: equal dumps are equal data."""
    con = sqlite3.connect(path)
    lines = "\n".join(con.iterdump()).encode()
    con.close()
    return lines


def test_the_same_seed_and_day_give_the_same_bytes_and_another_day_others(
    tmp_path: Path,
) -> None:
    day = date(2027, 1, 12)
    made = []
    for name, today in (("a", day), ("b", day), ("c", day + timedelta(days=1))):
        generate_demo(tmp_path / f"{name}.sqlite", properties=60, seed=9, today=today)
        made.append(dump(tmp_path / f"{name}.sqlite"))
    assert made[0] == made[1]
    assert made[0] != made[2]


def test_desk_demo_takes_the_day_and_defaults_to_today_in_sofia(tmp_path: Path) -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "desk", "demo", "--properties", "20", *args],
            capture_output=True,
            text=True,
            timeout=120,
            env={"DESK_LANG": "en", "PATH": "/usr/bin:/bin", "TZ": "Pacific/Kiritimati"},
        )

    done = run("--db", str(tmp_path / "a.sqlite"), "--today", "2027-01-12")
    assert done.returncode == 0, done.stderr
    done = run("--db", str(tmp_path / "b.sqlite"))
    assert done.returncode == 0, done.stderr
    refused = run("--db", str(tmp_path / "c.sqlite"), "--today", "12.01.2027")
    assert refused.returncode == 2 and "--today" in refused.stderr
    assert not (tmp_path / "c.sqlite").exists()
    from desk.services.demo import sofia_today

    for name, day in (("a", "2027-01-12"), ("b", sofia_today().isoformat())):
        con = sqlite3.connect(tmp_path / f"{name}.sqlite")
        assert con.execute("SELECT value FROM setting WHERE key = 'demo_today'").fetchall() == [
            (day,)
        ]
        con.close()


def test_the_app_makes_its_first_demo_for_today(tmp_path: Path) -> None:
    from desk.services.demo import ensure_demo_database, sofia_today

    path = tmp_path / "demo.sqlite"
    assert ensure_demo_database(path) is True
    con = sqlite3.connect(path)
    held = con.execute("SELECT value FROM setting WHERE key = 'demo_today'").fetchall()
    con.close()
    assert held == [(sofia_today().isoformat(),)]
