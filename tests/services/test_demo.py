"""The demo generator: deterministic, plausible, and consistent with the billing rules."""

from __future__ import annotations

import hashlib
import random
import sqlite3
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

import phonenumbers
import pytest
from sqlalchemy import select, text
from stdnum import luhn
from stdnum.bg import egn, vat

from desk.billing import policy
from desk.billing.discounts import conditions_fail, is_new_client, loyalty_applies
from desk.billing.ledger import build_ledger
from desk.billing.quote import quote
from desk.models.db import open_database
from desk.models.tables import Invoice, Payer, Payment, Tenure
from desk.money import BGN, EUR, Money, to_eur
from desk.services import demo_names
from desk.services.accounts import load_account
from desk.services.demo import (
    DemoSummary,
    _uuid4,
    ensure_demo_database,
    generate_demo,
)
from desk.services.lookup import search

# The day these tests were written for (the demo is made for any day:
# tests/services/test_demo_days.py).
TODAY = date(2026, 11, 22)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, sqlite3.Connection]]:
    """The default demo (2000 properties), made the way the GUI makes it on first run."""
    path = tmp_path_factory.mktemp("demo") / "desk.sqlite"
    assert ensure_demo_database(path, today=TODAY) is True
    con = sqlite3.connect(path)
    yield path, con
    con.close()


def rows(con: sqlite3.Connection, sql: str) -> list[Any]:
    return con.execute(sql).fetchall()


def one(con: sqlite3.Connection, sql: str) -> Any:
    return con.execute(sql).fetchone()[0]


def dump_hash(path: Path) -> str:
    """A hash of every table's rows (search indexes included), sorted."""
    con = sqlite3.connect(path)
    digest = hashlib.sha256()
    tables = [
        r[0] for r in rows(con, "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")
    ]
    for table in tables:
        digest.update(table.encode())
        for row in sorted(repr(r) for r in rows(con, f'SELECT * FROM "{table}"')):
            digest.update(row.encode())
    con.close()
    return digest.hexdigest()


def test_same_seed_gives_the_same_rows_and_another_seed_others(
    db_path: Path, tmp_path: Path
) -> None:
    again, other = tmp_path / "again.sqlite", tmp_path / "other.sqlite"
    generate_demo(db_path, properties=300, seed=7, today=TODAY)
    generate_demo(again, properties=300, seed=7, today=TODAY)
    generate_demo(other, properties=300, seed=8, today=TODAY)
    assert dump_hash(db_path) == dump_hash(again)
    assert dump_hash(db_path) != dump_hash(other)


def test_summary_counts_match_the_rows_and_are_plausible(tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    summary = generate_demo(
        tmp_path / "d.sqlite",
        properties=1200,
        seed=3,
        today=TODAY,
        progress=lambda d, t: seen.append((d, t)),
    )
    assert isinstance(summary, DemoSummary)
    con = sqlite3.connect(tmp_path / "d.sqlite")
    counted = {
        "properties": "property",
        "payers": "payer",
        "invoices": "invoice",
        "payments": "payment",
        "court_cases": "court_case",
        "agreements": "agreement",
        "plans": "plan",
    }
    for field, table in counted.items():
        assert getattr(summary, field) == one(con, f"SELECT count(*) FROM {table}"), field
    assert summary.properties == 1200
    assert 1200 < summary.payers < 1200 * 1.1
    assert 35 * 1200 <= summary.invoices < 36 * 1200  # 35 months, a few split in two
    assert 20 * 1200 < summary.payments < 35 * 1200
    assert 0 < summary.court_cases < 0.1 * 1200
    assert 0 < summary.agreements < 0.1 * 1200
    assert 0 < summary.plans < 0.1 * 1200
    assert summary.seconds > 0
    assert seen[-1] == (1200, 1200)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    con.close()


def test_refuses_a_database_that_has_properties(db_path: Path) -> None:
    generate_demo(db_path, properties=20)
    with pytest.raises(ValueError, match="property"):
        generate_demo(db_path, properties=20)
    assert ensure_demo_database(db_path) is False


def test_refuses_impossible_arguments(db_path: Path) -> None:
    with pytest.raises(ValueError, match="properties"):
        generate_demo(db_path, properties=0)
    with pytest.raises(ValueError, match="today"):
        generate_demo(db_path, today=date(2025, 6, 1))


def test_payment_ids_are_version_4_uuids_built_from_the_seeded_bits() -> None:
    rng = random.Random(11)
    for _ in range(2000):
        bits = rng.getrandbits(128)
        assert _uuid4(bits) == str(uuid.UUID(int=bits, version=4))


def test_ensure_makes_the_default_demo_once(demo: tuple[Path, sqlite3.Connection]) -> None:
    path, con = demo
    assert ensure_demo_database(path) is False
    assert one(con, "SELECT count(*) FROM property") == 2000
    assert dict(rows(con, "SELECT key, value FROM setting WHERE key LIKE 'demo_%'")) == {
        "demo_seed": "1",
        "demo_properties": "2000",
        "demo_today": "2026-11-22",
    }
    assert rows(con, "SELECT code, name, kind FROM desk ORDER BY id") == [
        ("K1", "Каса 1 — Младост", "pay_desk"),
        ("K2", "Каса 2 — Люлин", "pay_desk"),
        ("IC1", "Информационен център — Център", "info_centre"),
    ]
    assert one(con, "SELECT count(*) FROM user") == 0
    assert rows(con, "PRAGMA foreign_key_check") == []


def test_identifiers_have_their_formats_and_check_digits(
    demo: tuple[Path, sqlite3.Connection],
) -> None:
    _, con = demo
    for (code,) in rows(con, "SELECT payer_code FROM payer"):
        assert isinstance(code, str) and len(code) == 10 and luhn.is_valid(code)
    for (number,) in rows(con, "SELECT subscriber_number FROM property"):
        assert isinstance(number, str) and len(number) == 7 and number.isdigit()
    numbers = [r[0] for r in rows(con, "SELECT number FROM invoice ORDER BY id")]
    assert all(isinstance(n, str) and len(n) == 10 and n.isdigit() for n in numbers)
    assert len(set(numbers)) == len(numbers)
    assert numbers == sorted(numbers)  # sequential
    kinds: Counter[tuple[str, bool]] = Counter()
    for kind, id_number, phone in rows(con, "SELECT kind, id_number, phone FROM payer"):
        kinds[kind, id_number is not None] += 1
        if kind == "company":
            assert isinstance(id_number, str) and len(id_number) == 9 and vat.is_valid(id_number)
        elif id_number is not None:
            assert isinstance(id_number, str) and egn.is_valid(id_number)
        if phone is not None:
            assert isinstance(phone, str) and phone.startswith("+3598")
            assert phonenumbers.is_valid_number(phonenumbers.parse(phone))
    assert kinds["person", False] > kinds["person", True] > 0  # mostly no ЕГН on file
    assert kinds["company", True] > 0
    assert one(con, "SELECT count(*) FROM payer WHERE e_invoice AND e_invoice_email = email") > 0
    ids = [r[0] for r in rows(con, "SELECT id FROM payment")]
    assert len(set(ids)) == len(ids)
    assert all(isinstance(i, str) and len(i) == 36 and i[14] == "4" for i in ids)


def test_names_and_addresses_look_bulgarian(demo: tuple[Path, sqlite3.Connection]) -> None:
    path, con = demo
    for name, kind in rows(con, "SELECT name, kind FROM payer"):
        assert isinstance(name, str)
        words = name.split()
        if kind == "company":
            assert words[-1] in ("ЕООД", "ООД")
            continue
        assert len(words) == 3
        female = words[1].endswith("а")  # the father's name carries the gender
        assert words[2].endswith(("а",)) == female, name
    districts = {r[0] for r in rows(con, "SELECT DISTINCT district FROM property")}
    assert {"Младост", "Люлин", "Дружба", "Надежда"} <= districts
    addresses = [r[0] for r in rows(con, "SELECT address FROM property")]
    assert all(isinstance(a, str) and ", ет. " in a and ", ап. " in a for a in addresses)
    assert any(isinstance(a, str) and a.startswith("ж.к. ") and ", бл. " in a for a in addresses)
    assert any(isinstance(a, str) and a.startswith(("ул. ", "бул. ")) for a in addresses)
    assert len(set(addresses)) == len(addresses)
    # the search index was filled through its triggers: name and district find the payer
    code, name, district = rows(
        con,
        "SELECT p.payer_code, p.name, pr.district FROM payer p "
        "JOIN tenure t ON t.payer_id = p.id JOIN property pr ON pr.id = t.property_id "
        "WHERE p.kind = 'person' ORDER BY p.id DESC LIMIT 1",
    )[0]
    db = open_database(path, upgrade=False)
    found = search(db, f"{name.lower()} {district}", TODAY)
    db.close()
    assert code in {hit.payer_code for hit in found.hits}


def test_tenures_never_overlap_and_invoices_follow_them(
    demo: tuple[Path, sqlite3.Connection],
) -> None:
    path, _ = demo
    db = open_database(path, upgrade=False)
    with db.read() as session:
        tenures: dict[int, list[tuple[date, date | None, int]]] = defaultdict(list)
        for prop, start, end, payer in session.execute(
            select(Tenure.property_id, Tenure.start, Tenure.end, Tenure.payer_id).order_by(
                Tenure.property_id, Tenure.start
            )
        ):
            tenures[prop].append((start, end, payer))
        changes = 0
        for chain in tenures.values():
            for (_, end, _), (start, _, _) in pairwise(chain):
                assert end is not None and end == start - timedelta(days=1)
                changes += 1
            assert chain[-1][1] is None
        assert 0.03 * 2000 < changes < 0.1 * 2000  # about 5% change owner or tenant
        assert Counter(p for chain in tenures.values() for *_, p in chain).most_common(1)[0][1] == 2

        split = 0
        by_month: dict[tuple[int, str], list[tuple[int, int]]] = defaultdict(list)
        for prop, period, payer, cents in session.execute(
            select(Invoice.property_id, Invoice.period, Invoice.payer_id, Invoice.amount_cents)
        ):
            by_month[prop, period].append((payer, cents))
            first = date(int(period[:4]), int(period[5:]), 1)
            last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
            assert any(
                p == payer and s <= last and (e is None or e >= first) for s, e, p in tenures[prop]
            ), (prop, period)
        for bills in by_month.values():
            if len(bills) == 2:
                split += 1
                assert bills[0][0] != bills[1][0]
            assert len(bills) <= 2
        assert split > 0
        assert len({period for _, period in by_month}) == 35
        assert (
            session.scalar(select(Payer.id).where(Payer.id.not_in(select(Tenure.payer_id)))) is None
        )
    db.close()


def test_currency_follows_the_euro_changeover(demo: tuple[Path, sqlite3.Connection]) -> None:
    path, con = demo
    assert rows(con, "SELECT DISTINCT currency FROM invoice WHERE issued < '2026-01-01'") == [
        (BGN,)
    ]
    assert rows(con, "SELECT DISTINCT currency FROM invoice WHERE issued >= '2026-01-01'") == [
        (EUR,)
    ]
    assert rows(con, "SELECT DISTINCT currency FROM payment WHERE paid_at < '2026-01-01'") == [
        (BGN,)
    ]
    assert rows(con, "SELECT DISTINCT currency FROM payment WHERE paid_at >= '2026-01-01'") == [
        (EUR,)
    ]
    assert one(con, "SELECT min(period) || ' ' || max(period) FROM invoice") == "2023-12 2026-10"
    # the bill of a month is issued on its last day
    assert rows(con, "SELECT DISTINCT substr(date(issued, '+1 day'), 9) FROM invoice") == [("01",)]
    assert rows(con, "SELECT DISTINCT substr(issued, 1, 7) = period FROM invoice") == [(1,)]
    assert one(con, "SELECT max(paid_at) FROM payment") < "2026-11-22"  # history ends yesterday
    assert rows(con, "SELECT DISTINCT source FROM payment") == [("import",)]
    # winter costs more than summer
    winter = one(con, "SELECT avg(amount_cents) FROM invoice WHERE period = '2026-01'")
    summer = one(
        con, "SELECT avg(amount_cents) FROM invoice WHERE period = '2026-07' AND kind = 'monthly'"
    )
    assert isinstance(winter, float) and isinstance(summer, float) and winter > 3 * summer
    db = open_database(path, upgrade=False)
    with db.read() as session:
        paid_at = session.scalar(select(Payment.paid_at).limit(1))
        assert isinstance(paid_at, datetime) and 8 <= paid_at.hour <= 18
    db.close()


def test_no_allocation_exceeds_its_item(demo: tuple[Path, sqlite3.Connection]) -> None:
    _, con = demo
    invoice = {
        i: (cents, cur)
        for i, cents, cur in rows(con, "SELECT id, amount_cents, currency FROM invoice")
    }
    applied: dict[int, dict[str, int]] = defaultdict(lambda: {BGN: 0, EUR: 0})
    for invoice_id, cents, currency in rows(
        con,
        "SELECT a.invoice_id, a.amount_cents + a.commercial_cents + a.loyalty_cents, p.currency "
        "FROM allocation a JOIN payment p ON p.id = a.payment_id WHERE a.invoice_id IS NOT NULL",
    ):
        applied[invoice_id][currency] += cents
    for invoice_id, paid in applied.items():
        amount, currency = invoice[invoice_id]
        if currency == EUR:
            assert paid[BGN] == 0 and paid[EUR] <= amount
        else:  # leva until 2025-12-31, then the rest converted once
            assert paid[BGN] <= amount
            assert paid[EUR] <= to_eur(Money(amount - paid[BGN], BGN)).cents
    assert not rows(
        con,
        "SELECT i.id FROM agreement_installment i JOIN allocation a ON a.installment_id = i.id "
        "GROUP BY i.id HAVING sum(a.amount_cents) > i.amount_cents",
    )
    assert not rows(
        con,
        "SELECT c.id FROM court_case c JOIN allocation a ON a.case_id = c.id GROUP BY c.id "
        "HAVING sum(a.amount_cents) > c.awarded_costs_cents + c.awarded_interest_cents "
        "+ c.awarded_principal_cents",
    )
    assert not rows(
        con,
        "SELECT p.id FROM payment p JOIN allocation a ON a.payment_id = p.id GROUP BY p.id "
        "HAVING sum(a.amount_cents) + p.credit_cents != p.total_cents",
    )


def test_every_story_is_in_the_default_demo(demo: tuple[Path, sqlite3.Connection]) -> None:
    path, con = demo
    assert {r[0] for r in rows(con, "SELECT DISTINCT stage FROM court_case")} == set(
        policy.COURT_STAGES
    )
    awarded = dict(
        rows(
            con,
            "SELECT stage, min(awarded_principal_cents IS NOT NULL) FROM court_case GROUP BY stage",
        )
    )
    assert awarded == {
        "warning": 0,
        "filed": 0,
        "order": 1,
        "writ": 1,
        "enforcement": 1,
        "closed": 1,
    }
    assert one(con, "SELECT count(*) FROM court_case_invoice") > 0
    assert one(con, "SELECT count(*) FROM agreement_cover WHERE case_id IS NOT NULL") > 0
    assert one(con, "SELECT count(*) FROM allocation WHERE installment_id IS NOT NULL") > 0
    assert one(con, "SELECT count(*) FROM allocation WHERE loyalty_cents > 0") > 0
    assert rows(con, "SELECT DISTINCT first_month FROM plan") == [("2026-05",)]
    assert (
        one(con, "SELECT count(*) FROM invoice WHERE kind = 'installment' AND plan_id IS NULL") == 0
    )

    banners: Counter[str] = Counter()
    clients: Counter[bool] = Counter()
    db = open_database(path, upgrade=False)
    with db.read() as session:
        for (code,) in session.execute(
            text(
                "SELECT DISTINCT payer_code FROM payer JOIN court_case c ON c.payer_id = payer.id "
                "UNION SELECT payer_code FROM payer JOIN agreement a ON a.payer_id = payer.id "
                "UNION SELECT payer_code FROM payer JOIN plan p ON p.payer_id = payer.id"
            )
        ):
            account = load_account(session, code)
            assert account is not None
            banners.update(quote(account, TODAY).banners)
            ledger = build_ledger(account, TODAY)
            clients.update(is_new_client(ledger, plan) for plan in account.plans)
    db.close()
    for banner in (
        "final_warning",
        "court:filed",
        "court:order",
        "court:writ",
        "court:enforcement",
        "agreement:active",
        "agreement:breached",
    ):
        assert banners[banner] > 0, banner
    assert clients[True] > 0 and clients[False] > 0  # new and existing plan clients


def test_discounts_are_what_the_billing_rules_grant(demo: tuple[Path, sqlite3.Connection]) -> None:
    """Every recorded 3% and 50% (and every refusal) matches desk.billing, payer by payer."""
    path, _ = demo
    db = open_database(path, upgrade=False)
    granted: Counter[bool] = Counter()
    with db.read() as session:
        codes = session.scalars(select(Payer.payer_code).order_by(Payer.id)).all()
        for code in [
            c for n, c in enumerate(codes) if n < 40 or n % 3 == 0
        ]:  # the showcase, a third
            account = load_account(session, code)
            assert account is not None
            ledger = build_ledger(account, TODAY)
            settled = ledger.settlements()
            for key, left in ledger.items.items():
                assert left.balance.cents >= 0, (code, key)
            for payment in account.payments:
                for alloc in payment.allocations:
                    item = ledger.items.get(alloc.item)
                    expected = 0
                    if (
                        item is not None
                        and item.kind in policy.COMMERCIAL_KINDS
                        and settled.get(item.key) == payment.paid_on
                        and conditions_fail(ledger, item, payment.paid_on, settled, settled) is None
                    ):
                        base = item.original or item.amount  # leva bills earned it in leva
                        expected = base.percent(policy.COMMERCIAL_RATE).cents
                        if loyalty_applies(ledger, item, settled):
                            expected += base.percent(policy.LOYALTY_RATE).cents
                    assert alloc.discount.cents == expected, (code, alloc.item, payment.paid_on)
                    granted[expected > 0] += 1
    db.close()
    assert granted[True] > granted[False] > 0


REAL_DOMAINS = ("abv.bg", "gmail.com", "mail.bg", "yahoo.com", "dir.bg")  # the demo's before


def emails(con: sqlite3.Connection) -> list[str]:
    found = rows(con, "SELECT email FROM payer UNION ALL SELECT e_invoice_email FROM payer")
    return [r[0] for r in found if r[0]]


def test_the_demos_e_mail_addresses_are_on_reserved_domains_only(
    demo: tuple[Path, sqlite3.Connection],
) -> None:
    found = emails(demo[1])
    assert found  # the demo has e-mails to try the campaign with
    assert all(address.rsplit("@", 1)[1].endswith(".example") for address in found)


def test_the_reserved_domains_change_nothing_else_the_demo_draws(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Same seed, same demo, but for the domain: as many domains as before, so the random
    stream (one draw among them per address) goes on as it did."""
    assert len(demo_names.MAIL_DOMAINS) == len(REAL_DOMAINS)
    before = tmp_path / "before.sqlite"
    with monkeypatch.context() as patched:
        patched.setattr(demo_names, "MAIL_DOMAINS", REAL_DOMAINS)
        generate_demo(before, properties=300, seed=7, today=TODAY)
    generate_demo(db_path, properties=300, seed=7, today=TODAY)

    con = sqlite3.connect(before)
    for real, reserved in zip(REAL_DOMAINS, demo_names.MAIL_DOMAINS, strict=True):
        for column in ("email", "e_invoice_email"):
            con.execute(
                f"UPDATE payer SET {column} = replace({column}, ?, ?)",
                (f"@{real}", f"@{reserved}"),
            )
    con.commit()
    con.close()
    assert dump_hash(before) == dump_hash(db_path)
