"""The daily report from a day worked through the real services on a real SQLite
file: two desks, two cashiers, cash with change, card, split, the 3% and the 50%
discounts, a void approved by the supervisor, a shift closed short, one still
open. Its figures are read back FROM THE PDF's TEXT and compared with sums made
independently, with plain SQL, from the database (issue 6, "Done when")."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import date, datetime
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import insert

from desk.models.db import Database, open_database
from desk.models.tables import Desk, Payment
from desk.money import Money
from desk.printing.receipt import eur, grouped
from desk.services.context import DeskContext
from desk.services.daily_report import daily_report_data, daily_report_pdf, report_desks
from desk.services.importer import import_data
from desk.services.payments import Tender, take_payment, void_payment
from desk.services.problems import UserError
from desk.services.shifts import close_shift, open_shift
from desk.services.users import DEMO_PASSWORD, ensure_demo_users, log_in
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
    # Installment 11 of an existing client: 50% + 3% off, 23.50 paid with 50.00, 26.50 back.
    take_payment(
        db,
        maria,
        "4000000093",
        {"0000000012": None},
        Tender(cash=Money(5000)),
        Money(2350),
        at(9, 15),
    )
    # Expected 50.00 + 23.50 = 73.50; counted 73.00: 0.50 short.
    close_shift(db, maria, {5000: 1, 2000: 1, 200: 1, 100: 1}, at(12))

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
    # Paid again in cash with a 100 € note: 51.50 back; 3% again.
    take_payment(
        db,
        georgi_k2,
        "4000000101",
        {"0000000023": None},
        Tender(cash=Money(10000)),
        Money(4850),
        at(10, 40),
    )
    # Expected 100.00 + 48.50 = 148.50; counted 148.60: 0.10 over.
    close_shift(
        db, georgi_k2, {10000: 1, 2000: 2, 500: 1, 200: 1, 100: 1, 50: 1, 10: 1}, at(12, 30)
    )

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
    # The figures themselves, as the day was worked: 53% and 3% granted, cash net of change.
    assert cells(grand) == cells([3, 2350 + 4850 + 5000, 1130, 0, 150 + 150, 2500])


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
    assert [counted - expected for *_, expected, counted in shifts] == [-50, 10]
    words = iter(["-0,50 € липса", "+0,10 € излишък"])
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
    assert data.totals.received == Money(4850) and data.totals.voided == Money(4850)
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
