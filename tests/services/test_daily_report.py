"""The daily report from a day worked through the real services on a real SQLite
file: two desks, two cashiers, cash with change, card, split, the 3% and the 50%
discounts, earlier credit spent, an overpayment kept as credit, a void approved
by the supervisor, a shift closed short, one still open, one across midnight,
and an imported payment of the day (no desk: not the desks' money). Its figures
are read back FROM THE PDF's TEXT and compared with sums made independently,
with plain SQL, from the database (issue 6, "Done when")."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Iterator
from datetime import date, datetime
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import insert, select

from desk.models.db import Database, open_database
from desk.models.tables import Desk, Payment, User, Void
from desk.money import Money
from desk.printing.receipt import eur, grouped
from desk.services.context import DeskContext
from desk.services.daily_report import daily_report_data, daily_report_pdf, report_desks
from desk.services.importer import import_data
from desk.services.payments import Tender, take_payment, void_payment
from desk.services.problems import UserError
from desk.services.shifts import close_shift, open_shift
from desk.services.users import DEMO_PASSWORD, ensure_demo_users, log_in
from desk.sync.replication import PULLED_AT, update_setting
from tests.conftest import SHARED
from tests.printing_helpers import pdf_text

DAY = date(2027, 4, 20)  # installment_loyalty: 53% and 3% due that day, one bill overdue


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(DAY.year, DAY.month, DAY.day, hour, minute)


def login(db: Database, user: str, desk: str) -> DeskContext:
    result, ctx = log_in(db, user, DEMO_PASSWORD, desk, at(7))
    assert result.ok and ctx is not None
    return ctx


def make_report_day(path: Path) -> Database:
    """The day at K1 and K2 (see the module's docstring), through the real services."""
    db = open_database(path)
    scenario = json.loads((SHARED / "scenarios" / "installment_loyalty.json").read_text("utf-8"))
    # Imported (source "import", no desk) on the day itself: 10.00 paid ahead, kept as
    # credit; the report is the desks' money and leaves it out.
    scenario["data"]["payments"].append(
        {
            "id": "00000000-0000-4000-8000-000000000001",
            "payer_code": "4000000093",
            "paid_at": "2027-04-20T08:05:00",
            "method": "cash",
            "allocations": [],
            "credit": "10.00",
        }
    )
    import_data(db, scenario["data"])
    with db.write() as session:
        session.execute(
            insert(Desk).values(
                [{"code": "K1", "name": "Каса 1"}, {"code": "K2", "name": "Каса 2 Люлин"}]
            )
        )
    ensure_demo_users(db)
    maria, georgi_k2 = login(db, "kasier1", "K1"), login(db, "kasier2", "K2")

    open_shift(db, maria, Money.parse("50.00"), at(8))
    # Installment 11 of an existing client: 50% + 3% off, 23.50 due; the 10.00 credit
    # spent first, 13.50 paid with 50.00, 36.50 back.
    take_payment(
        db,
        maria,
        "4000000093",
        {"0000000012": None},
        Tender(cash=Money(5000)),
        Money(2350),
        at(9, 15),
    )
    # Expected 50.00 + 13.50 = 63.50; counted 63.00: 0.50 short.
    close_shift(db, maria, {5000: 1, 1000: 1, 200: 1, 100: 1}, at(12))

    open_shift(db, georgi_k2, Money.parse("100.00"), at(8, 30))
    card = take_payment(
        db,
        georgi_k2,
        "4000000101",
        {"0000000023": None},
        Tender(card=Money(4850)),
        Money(4850),
        at(10, 5),
    )
    void_payment(
        db, georgi_k2, card.payment_id, "грешна карта", "nachalnik", DEMO_PASSWORD, at(10, 30)
    )
    # Paid again in cash with a 100 € note, the 51.50 over kept as credit; 3% again.
    take_payment(
        db,
        georgi_k2,
        "4000000101",
        {"0000000023": None},
        Tender(cash=Money(10000), keep_overpayment=True),
        Money(4850),
        at(10, 40),
    )
    # Expected 100.00 + 100.00 = 200.00; counted 200.10: 0.10 over.
    close_shift(db, georgi_k2, {10000: 2, 10: 1}, at(12, 30))

    georgi_k1 = login(db, "kasier2", "K1")
    open_shift(db, georgi_k1, Money.parse("20.00"), at(13))
    # An overdue bill, no discount: split 50.00 cash + 11.30 card. The shift stays open.
    take_payment(
        db,
        georgi_k1,
        "4000000085",
        {"0000000001": None},
        Tender(cash=Money(5000), card=Money(1130)),
        Money(6130),
        at(14, 5),
    )
    # Maria's evening shift at K2 runs past midnight: 30.00 in, 30.00 counted.
    maria_k2 = login(db, "kasier1", "K2")
    open_shift(db, maria_k2, Money.parse("30.00"), at(22))
    close_shift(db, maria_k2, {2000: 1, 1000: 1}, datetime(2027, 4, 21, 0, 30))
    # Payments a minute either side of the day (a desk's own, after the services ran).
    with db.write() as session:
        for moment in (datetime(2027, 4, 19, 23, 59, 59), datetime(2027, 4, 21, 0, 0)):
            session.execute(
                insert(Payment).values(
                    payer_id=1,
                    paid_at=moment,
                    method="cash",
                    currency="EUR",
                    total_cents=777,
                    cash_cents=777,
                    tendered_cents=777,
                    desk_id=1,
                    user_id=1,
                )
            )
    return db


@pytest.fixture(scope="module")
def day_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("daily") / "day.sqlite"
    make_report_day(path).close()
    return path


@pytest.fixture
def report_db(day_path: Path) -> Iterator[Database]:
    db = open_database(day_path)
    yield db
    db.close()


def supervisor(db: Database) -> DeskContext:
    return login(db, "nachalnik", "K1")


# --- sums made independently, with plain SQL --------------------------------------------

KEPT = """
    FROM payment p JOIN desk d ON d.id = p.desk_id JOIN user u ON u.id = p.user_id
    WHERE date(p.paid_at) = :day AND p.id NOT IN (SELECT payment_id FROM void)
"""


def sql_rows(path: Path, query: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as connection:
        return connection.execute(query, {"day": DAY.isoformat()}).fetchall()


def sql_totals(path: Path, group: str) -> dict[tuple[object, ...], list[int]]:
    """count, cash (handed over - change), card, credit used, 3%, 50% by ``group``."""
    money = sql_rows(
        path,
        f"SELECT {group}, count(*), sum(p.tendered_cents) - sum(p.change_cents),"
        f" sum(p.card_cents), sum(p.credit_used_cents) {KEPT} GROUP BY {group}",
    )
    allocations = KEPT.replace("WHERE", "JOIN allocation a ON a.payment_id = p.id WHERE")
    discounts = sql_rows(
        path,
        f"SELECT {group}, sum(a.commercial_cents), sum(a.loyalty_cents) {allocations}"
        f" GROUP BY {group}",
    )
    width = len(group.split(","))
    out = {row[:width]: [int(v) for v in row[width:]] for row in money}
    for row in discounts:
        out[row[:width]] += [int(v) for v in row[width:]]
    return out


def cells(totals: list[int]) -> list[str]:
    """A totals row as printed: payments, cash, card, received, credit, 3%, 50%, discounts
    (in euro, the sign in the header)."""
    count, cash, card, credit, commercial, loyalty = totals
    amounts = [cash, card, cash + card, credit, commercial, loyalty, commercial + loyalty]
    return [str(count), *(grouped(Money(cents)) for cents in amounts)]


def section(text: str, start: str, end: str | None) -> list[str]:
    lines = text.splitlines()
    first = lines.index(start)
    last = len(lines) if end is None else lines.index(end, first)
    return lines[first:last]


def after(lines: list[str], label: str, count: int) -> list[str]:
    index = lines.index(label)
    return lines[index + 1 : index + 1 + count]


# --- the tests ---------------------------------------------------------------------------


def test_the_pdf_figures_match_sums_made_from_the_database(
    report_db: Database, day_path: Path
) -> None:
    pdf = daily_report_pdf(report_db, supervisor(report_db), DAY, now=at(15))
    text = pdf_text(pdf)
    by_cashier = sql_totals(day_path, "d.code, u.full_name")
    by_desk = sql_totals(day_path, "d.code")
    assert len(by_cashier) == 3 and len(by_desk) == 2

    k1 = section(text, "Каса K1 – Каса 1", "Каса K2 – Каса 2 Люлин")
    k2 = section(text, "Каса K2 – Каса 2 Люлин", "Общо за всички каси")
    for code, lines in (("K1", k1), ("K2", k2)):
        for (desk, name), totals in by_cashier.items():
            if desk == code:
                assert after(lines, str(name), 8) == cells(totals), (code, name)
        assert after(lines, f"Общо каса {code}", 8) == cells(by_desk[(code,)])

    summary = section(text, "Общо за всички каси", None)
    for (code,), totals in by_desk.items():
        assert after(summary, f"Каса {code}", 8) == cells(totals)
    grand = [sum(column) for column in zip(*by_desk.values(), strict=True)]
    assert after(summary, "ОБЩО", 8) == cells(grand)
    # The figures themselves, as the day was worked: 53% and 3% granted, cash net of change
    # (the overpayment kept as credit is money received), 10.00 of earlier credit spent.
    assert cells(grand) == cells([3, 1350 + 10000 + 5000, 1130, 1000, 150 + 150, 2500])


def test_credit_is_its_own_column_and_imported_payments_are_left_out(
    report_db: Database, day_path: Path
) -> None:
    (imported,) = sql_rows(
        day_path,
        "SELECT count(*), sum(credit_cents) FROM payment"
        " WHERE date(paid_at) = :day AND source = 'import' AND desk_id IS NULL",
    )
    assert imported == (1, 1000), "the day holds an imported payment"
    (credit,) = sql_rows(
        day_path,
        "SELECT sum(p.credit_used_cents), sum(p.credit_cents), count(*)" + KEPT,
    )
    assert credit == (1000, 5150, 3), "10.00 spent at K1, 51.50 kept at K2; no import"
    data = daily_report_data(report_db, supervisor(report_db), DAY, now=at(15))
    assert data.totals.payments == 3
    assert data.totals.credit_used == Money(1000)
    assert [(d.code, d.totals.credit_used.cents) for d in data.desks] == [("K1", 1000), ("K2", 0)]
    text = pdf_text(daily_report_pdf(report_db, supervisor(report_db), DAY, now=at(15)))
    k1 = section(text, "Каса K1 – Каса 1", "Каса K2 – Каса 2 Люлин")
    # Maria's row: 1 payment, 13.50 cash, no card, 13.50 received, 10.00 from credit.
    assert after(k1, "Мария Петрова", 5) == ["1", "13,50", "0,00", "13,50", "10,00"]


def test_receipts_voids_and_shifts_are_on_the_paper(report_db: Database, day_path: Path) -> None:
    text = pdf_text(daily_report_pdf(report_db, supervisor(report_db), DAY, now=at(15)))
    receipts = sql_rows(
        day_path,
        "SELECT d.code, count(*), min(r.number), max(r.number) FROM receipt r"
        " JOIN desk d ON d.id = r.desk_id WHERE date(r.issued_at) = :day GROUP BY d.code",
    )
    assert receipts == [("K1", 2, 1, 2), ("K2", 3, 1, 3)]
    for code, count, first, last in receipts:
        assert f"Квитанции: {count} ({code}-{first:07d} … {code}-{last:07d})" in text

    (void,) = sql_rows(
        day_path,
        "SELECT v.reason, p.total_cents, v.receipt_number, p.receipt_number, a.full_name,"
        " c.full_name FROM void v JOIN payment p ON p.id = v.payment_id"
        " JOIN user a ON a.id = v.approved_by JOIN user c ON c.id = v.user_id",
    )
    reason, cents, number, original, approver, cashier = void
    k2 = section(text, "Каса K2 – Каса 2 Люлин", "Общо за всички каси")
    assert after(k2, "Одобрил", 7) == [
        "10:30",
        f"K2-{number:07d}",
        f"K2-{original:07d}",
        eur(Money(cents)),
        reason,
        cashier,
        approver,
    ]
    assert approver == "Стефан Колев"
    assert "Сумите са без сторнираните плащания" in text
    assert f"Квитанции: 5; сторнирани плащания: 1, сума {eur(Money(cents))}" in text

    shifts = sql_rows(
        day_path,
        "SELECT strftime('%d.%m %H:%M', s.opened_at), strftime('%d.%m %H:%M', s.closed_at),"
        " s.opening_float_cents, s.expected_cents, s.counted_cents FROM shift s"
        " WHERE s.closed_at IS NOT NULL ORDER BY s.opened_at",
    )
    assert [counted - expected for *_, expected, counted in shifts] == [-50, 10, 0]
    assert shifts[-1][1] == "21.04 00:30", "the evening shift at K2 closed after midnight"
    words = iter(["-0,50 € липса", "+0,10 € излишък", "0,00 €"])
    for opened, closed, opening, expected, counted in shifts:
        figures = [eur(Money(cents)) for cents in (opening, expected, counted)]
        assert after(text.splitlines(), str(opened), 5) == [closed, *figures, next(words)]
    # The open shift at K1: 20.00 float + 50.00 cash taken, counted nothing yet.
    k1 = section(text, "Каса K1 – Каса 1", "Каса K2 – Каса 2 Люлин")
    assert after(k1, "20.04 13:00", 5) == ["открита", "20,00 €", "70,00 €", "—", "—"]


def test_hours_header_printed_by_and_page_numbers(report_db: Database, day_path: Path) -> None:
    pdf = daily_report_pdf(report_db, supervisor(report_db), DAY, now=at(15, 7))
    text = pdf_text(pdf)
    assert "ДНЕВЕН ОТЧЕТ" in text
    assert "Дата: 20.04.2027 · всички каси" in text
    assert "Изготвен от Стефан Колев на 20.04.2027 15:07" in text
    pages = PdfReader(BytesIO(pdf)).pages
    for number, page in enumerate(pages, 1):
        assert f"стр. {number} от {len(pages)}" in (page.extract_text() or "")
    assert "Плащания по часове (брой)" in text and "Получена сума по часове (€)" in text
    hours = sql_rows(
        day_path,
        f"SELECT cast(strftime('%H', p.paid_at) AS integer), count(*), sum(p.total_cents) {KEPT}"
        " GROUP BY 1",
    )
    assert [h for h, _, _ in hours] == [9, 10, 14]
    for hour, count, cents in hours:
        assert after(text.splitlines(), f"{hour:02d}:00–{hour:02d}:59", 2) == [
            str(count),
            eur(Money(cents)),
        ]
    data = daily_report_data(report_db, supervisor(report_db), DAY, now=at(15))
    assert [(h.hour, h.payments, h.amount.cents) for h in data.hours if h.payments] == hours
    assert len(data.hours) == 24


def test_one_desk_only(report_db: Database) -> None:
    text = pdf_text(
        daily_report_pdf(report_db, supervisor(report_db), DAY, desk_code="K2", now=at(15))
    )
    assert "Дата: 20.04.2027 · каса K2" in text
    assert "Каса K2 – Каса 2 Люлин" in text and "Каса K1 – Каса 1" not in text
    data = daily_report_data(report_db, supervisor(report_db), DAY, desk_code="K2", now=at(15))
    assert data.totals.received == Money(10000) and data.totals.voided == Money(4850)
    with pytest.raises(UserError, match="каса"):
        daily_report_data(report_db, supervisor(report_db), DAY, desk_code="K9", now=at(15))


def test_a_range_of_days_counts_the_neighbours_and_an_empty_day_says_so(
    report_db: Database,
) -> None:
    ctx = supervisor(report_db)
    day = daily_report_data(report_db, ctx, DAY, now=at(15))
    wide = daily_report_data(report_db, ctx, date(2027, 4, 19), date(2027, 4, 21), now=at(15))
    assert wide.totals.payments == day.totals.payments + 2
    assert wide.totals.cash == day.totals.cash + Money(2 * 777)
    assert "Период: 19.04.2027 – 21.04.2027" in pdf_text(
        daily_report_pdf(report_db, ctx, date(2027, 4, 19), date(2027, 4, 21), now=at(15))
    )
    empty = pdf_text(daily_report_pdf(report_db, ctx, date(2027, 3, 1), now=at(15)))
    assert "Няма плащания, сторно и смени за периода." in empty
    with pytest.raises(UserError, match="период"):
        daily_report_data(report_db, ctx, DAY, date(2027, 4, 1), now=at(15))


def test_a_cashier_is_refused_even_by_a_direct_call(report_db: Database) -> None:
    cashier = login(report_db, "kasier1", "K1")
    with pytest.raises(UserError, match="ръководител"):
        daily_report_data(report_db, cashier, DAY, now=at(15))
    with pytest.raises(UserError, match="ръководител"):
        daily_report_pdf(report_db, cashier, DAY, now=at(15))
    with pytest.raises(UserError, match="ръководител"):
        report_desks(report_db, cashier)
    assert report_desks(report_db, supervisor(report_db)) == (
        ("K1", "Каса 1"),
        ("K2", "Каса 2 Люлин"),
    )


def test_the_command_line_names_whoever_runs_it(report_db: Database) -> None:
    text = pdf_text(daily_report_pdf(report_db, "operator", DAY, now=at(15)))
    assert "Изготвен от operator на 20.04.2027 15:00" in text


def pulled_voids(day_path: Path, tmp_path: Path) -> Database:
    """The day, plus what data pulled from older versions may hold: a K1 payment voided
    at K2, and one whose void names no desk."""
    copy = tmp_path / "pulled.sqlite"
    shutil.copy(day_path, copy)
    db = open_database(copy)
    with db.write() as session:
        desks = dict(session.execute(select(Desk.code, Desk.id)).all())
        users = dict(session.execute(select(User.username, User.id)).all())
        for n, void_desk in ((1, desks["K2"]), (2, None)):
            payment = f"00000000-0000-4000-8000-00000000009{n}"
            session.execute(
                insert(Payment).values(
                    id=payment,
                    payer_id=1,
                    paid_at=at(15, n),
                    method="cash",
                    currency="EUR",
                    total_cents=100 * n,
                    cash_cents=100 * n,
                    tendered_cents=100 * n,
                    desk_id=desks["K1"],
                    user_id=users["kasier1"],
                    receipt_number=90 + n,
                )
            )
            session.execute(
                insert(Void).values(
                    payment_id=payment,
                    voided_at=at(16, n),
                    reason=f"стар запис {n}",
                    desk_id=void_desk,
                    user_id=users["kasier2"],
                    approved_by=users["nachalnik"],
                    receipt_number=50 + n,
                )
            )
    return db


def test_a_void_is_filed_under_the_payments_desk_even_if_voided_elsewhere(
    day_path: Path, tmp_path: Path
) -> None:
    db = pulled_voids(day_path, tmp_path)
    try:
        data = daily_report_data(db, supervisor(db), DAY, now=at(17))
        by_desk = {d.code: d for d in data.desks}
        assert [v.reason for v in by_desk["K1"].voids] == ["стар запис 1", "стар запис 2"]
        assert [v.reason for v in by_desk["K2"].voids] == ["грешна карта"]
        assert [(v.desk_code, v.void_desk_code) for v in by_desk["K1"].voids] == [
            ("K1", "K2"),
            ("K1", "—"),
        ]
        assert by_desk["K1"].totals.voids == 2 and by_desk["K1"].totals.voided == Money(300)

        text = pdf_text(daily_report_pdf(db, supervisor(db), DAY, now=at(17)))
        k1 = section(text, "Каса K1 – Каса 1", "Каса K2 – Каса 2 Люлин")
        # The original receipt in the payment's series, the void's in the voiding desk's.
        assert after(k1, "16:01", 4) == [
            "K2-0000051",
            "K1-0000091",
            eur(Money(100)),
            "стар запис 1",
        ]
        # The reason's cell, wrapped: the voiding desk.
        assert "(сторнирано на каса K2)" in " ".join(after(k1, "16:01", 6)[4:])
        assert after(k1, "16:02", 4) == ["0000052", "K1-0000092", eur(Money(200)), "стар запис 2"]
        # The reason's cell, wrapped: the voiding desk.
        assert "(сторнирано на каса —)" in " ".join(after(k1, "16:02", 6)[4:])
        k2 = section(text, "Каса K2 – Каса 2 Люлин", "Общо за всички каси")
        assert "стар запис 1" not in "\n".join(k2) and "Сторно: 1" in k2
        only_k1 = daily_report_data(db, supervisor(db), DAY, desk_code="K1", now=at(17))
        assert [len(d.voids) for d in only_k1.desks] == [2]
    finally:
        db.close()


def test_the_paper_says_how_fresh_other_desks_figures_are(day_path: Path, tmp_path: Path) -> None:
    copy = tmp_path / "synced.sqlite"
    shutil.copy(day_path, copy)
    db = open_database(copy)
    try:
        never = pdf_text(daily_report_pdf(db, supervisor(db), DAY, now=at(15)))
        assert "Данни от другите каси към последната синхронизация: няма синхронизация" in never
        update_setting(db, PULLED_AT, "2027-04-20T14:25:09")  # as replication.pull stores it
        synced = pdf_text(daily_report_pdf(db, supervisor(db), DAY, now=at(15)))
        assert "Данни от другите каси към последната синхронизация: 20.04.2027 14:25" in synced
        assert daily_report_data(db, supervisor(db), DAY, now=at(15)).synced_at == datetime(
            2027, 4, 20, 14, 25, 9
        )
    finally:
        db.close()
